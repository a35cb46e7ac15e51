"""The facts tables (figures, stages, acts, entities, directions) as compact JSON the page's script renders,
filters and sorts; every row names its fact and the anchor of its evidence in the document view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from indpol.display import safe_id
from indpol.view.document import direction_names
from indpol.view.model import DocView, Mark

EXCERPT = 160  # characters of a stage's or passage's text shown in a table
# table: (title, mark types or None for directions, [(header, kind)]); each row starts with document and page
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "figures": ("Figures", ("figure",), (("Text", "text"), ("Kind", "text"), ("Value", "num"), ("Unit", "text"),
                                         ("Indicator", "text"), ("Period", "text"))),
    "stages": ("Stages", ("stage",), (("Kind", "text"), ("Stage", "text"), ("Text", "text"), ("Action", "text"),
                                      ("Period", "text"), ("Status", "text"), ("Completion, %", "num"))),
    "acts": ("Acts", ("act",), (("Text", "text"), ("Type", "text"), ("Number", "text"), ("Date", "text"),
                                ("Title", "text"), ("Issuer", "text"))),
    "entities": ("Entities and dates", ("entity", "date"), (("Text", "text"), ("Label", "text"),
                                                           ("Canonical", "text"), ("Kind", "text"))),
    "directions": ("Directions", (), (("Direction", "text"), ("Score", "num"), ("Passage", "text"))),
}  # fmt: skip


def cut(text: Any, limit: int = EXCERPT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def period(fields: dict[str, Any]) -> str:
    start, end = fields.get("period_start"), fields.get("period_end")
    if not start and not end:
        return ""
    return f"{start or '…'} – {end or '…'}" if start != end else str(start)


def mark_cells(name: str, mark: Mark) -> list[Any]:
    f = mark.fields
    if name == "figures":
        return [mark.text, f.get("kind"), f.get("value"), f.get("unit"), f.get("indicator"), period(f)]
    if name == "stages":
        return [f.get("kind"), f.get("stage"), cut(mark.text), f.get("action"), period(f), f.get("status"),
                f.get("completion")]  # fmt: skip
    if name == "acts":
        return [
            mark.text,
            f.get("doc_type"),
            f.get("number"),
            f.get("date"),
            cut(f.get("title")),
            f.get("issuer"),
        ]
    label = f.get("label") or "DATE"
    return [mark.text, label, f.get("canonical"), f.get("kind") or f.get("granularity")]


def tables_payload(views: Sequence[DocView], doc_href: Callable[[DocView], str]) -> dict[str, Any]:
    """``{"docs": [[source, href]…], "tables": [{name, title, columns, rows}]}``; a row is
    ``[doc index, page, *cells, row id, evidence anchor]``."""
    names = direction_names()
    tables = {name: [] for name in TABLES}  # type: ignore[var-annotated]
    types = {t: name for name, (_, kinds, _) in TABLES.items() for t in kinds}
    for n, view in enumerate(views):
        for mark in view.marks:
            name = types[mark.type]
            fid = safe_id(mark.fact_id)
            tables[name].append([n, mark.page, *mark_cells(name, mark), fid, f"m-{fid}"])
        for passage in view.passages:
            for label, score in passage["directions"]:
                pid = safe_id(passage["passage_id"])
                cells = [names.get(label, (label,))[0], round(score, 4), cut(passage["text"])]
                tables["directions"].append(
                    [n, passage["page"], *cells, f"{pid}-{safe_id(label)}", f"p-{pid}"]
                )
    return {
        "docs": [[view.source, doc_href(view)] for view in views],
        "tables": [
            {
                "name": name,
                "title": title,
                "columns": [["Document", "text"], ["Page", "num"], *map(list, columns)],
                "rows": tables[name],
            }
            for name, (title, _, columns) in TABLES.items()
        ],
    }


__all__ = ["TABLES", "tables_payload"]
