"""The facts tables (figures, stages, acts, entities, directions) as compact JSON the page's script renders,
filters and sorts. A row is a whole fact, ``[doc index, page, text, fields, row id, evidence anchor]``: the
table's cells are read from it by the script (the ``columns``' sources), and a highlight's panel shows the
same row's fields, so each fact's fields are written once.

A large report keeps its rows out of the index page: :func:`split_tables` puts them, and the rows of its
documents table, in data files of consecutive documents (``data/<table>-<group>.js``, each a ``<script
src>`` that files its rows under its key in ``window.indpolChunks``), which the index loads when a table is
shown, filtered, sorted or linked to, and a document's page loads for its panel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from indpol.display import json_for_script, safe_id
from indpol.view.document import TYPE_NAMES, direction_names, doc_anchor
from indpol.view.model import DocView

EXCERPT = 160  # characters of a stage's, title's or passage's text shown in a table
DATA_FOLDER = "data"
GROUP_BYTES = 250_000  # a group of documents closes past this many bytes of rows (bench/report.py)
# A column: (header, kind, source, excerpt length or 0). A source is ":doc", ":page", ":text", ":period" or
# field names separated by "|" (the first with a value), "=X" the value X.
Column = tuple[str, str, str, int]
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[Column, ...]]] = {
    "figures": ("Figures", ("figure",), (("Text", "text", ":text", 0), ("Kind", "text", "kind", 0),
                                         ("Value", "num", "value", 0), ("Unit", "text", "unit", 0),
                                         ("Indicator", "text", "indicator", 0), ("Period", "text", ":period", 0))),
    "stages": ("Stages", ("stage",), (("Kind", "text", "kind", 0), ("Stage", "text", "stage", 0),
                                      ("Text", "text", ":text", EXCERPT), ("Action", "text", "action", 0),
                                      ("Period", "text", ":period", 0), ("Status", "text", "status", 0),
                                      ("Completion, %", "num", "completion", 0))),
    "acts": ("Acts", ("act",), (("Text", "text", ":text", 0), ("Type", "text", "doc_type", 0),
                                ("Number", "text", "number", 0), ("Date", "text", "date", 0),
                                ("Title", "text", "title", EXCERPT), ("Issuer", "text", "issuer", 0))),
    "entities": ("Entities and dates", ("entity", "date"), (("Text", "text", ":text", 0),
                                                           ("Label", "text", "label|=DATE", 0),
                                                           ("Canonical", "text", "canonical", 0),
                                                           ("Kind", "text", "kind|granularity", 0))),
    "directions": ("Directions", (), (("Direction", "text", "direction", 0), ("Score", "num", "score", 0),
                                      ("Passage", "text", ":text", 0))),
}  # fmt: skip
# A split index's documents table, in data files beside the facts (its rows carry the documents' names).
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    ("Document", "text", ":text", 0), ("Status", "text", "status", 0), ("Format", "text", "format", 0),
    ("Pages", "num", ":page", 0), ("Language", "text", "language", 0), ("Characters", "num", "chars", 0),
    ("Figures", "num", "figures", 0), ("Stages", "num", "stages", 0), ("Acts", "num", "acts", 0),
    ("Entities", "num", "entities", 0), ("Dates", "num", "dates", 0),
    ("Passages with a direction", "num", "labelled", 0), ("Reason", "text", "error", 0),
)  # fmt: skip
MARK_TABLES = tuple(name for name, (_, kinds, _) in TABLES.items() if kinds)
TABLE_OF = {kind: name for name, (_, kinds, _) in TABLES.items() for kind in kinds}


def cut(text: Any, limit: int = EXCERPT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def document_rows(n: int, view: DocView) -> dict[str, list[list[Any]]]:
    """The rows of document number ``n`` in every table, in the order of its text."""
    names = direction_names()
    rows: dict[str, list[list[Any]]] = {name: [] for name in TABLES}
    for mark in view.marks:
        fid = safe_id(mark.fact_id)
        rows[TABLE_OF[mark.type]].append([n, mark.page, mark.text, mark.fields, fid, f"m-{fid}"])
    for passage in view.passages:
        pid = safe_id(passage["passage_id"])
        for label, score in passage["directions"]:
            fields = {"direction": names.get(label, (label,))[0], "score": round(score, 4)}
            rows["directions"].append(
                [n, passage["page"], cut(passage["text"]), fields, f"{pid}-{safe_id(label)}", f"p-{pid}"]
            )
    return rows


def document_row(n: int, view: DocView, href: str) -> list[Any]:
    """Document number ``n`` as a row of a split index's documents table (its page's ``href`` among the fields)."""
    s = view.summary
    fields = {key: s.get(key) for key in ("status", "format", "language", "chars", "error") if s.get(key)}
    fields.update({TYPE_NAMES[t]: view.count(t) for t in TYPE_NAMES})
    fields.update(labelled=sum(bool(p["directions"]) for p in view.passages), href=href)
    return [n, s.get("pages"), view.source, fields, f"d-{safe_id(view.doc_id)}", doc_anchor(view)]


def table_specs() -> list[dict[str, Any]]:
    return [
        {"name": name, "title": title,
         "columns": [["Document", "text", ":doc", 0], ["Page", "num", ":page", 0], *map(list, columns)]}
        for name, (title, _, columns) in TABLES.items()
    ]  # fmt: skip


def tables_payload(views: Sequence[DocView], doc_href: Callable[[DocView], str]) -> dict[str, Any]:
    """``{"docs": [[source, href]…], "tables": [{name, title, columns, rows}]}`` with every row inline."""
    tables = table_specs()
    for spec in tables:
        spec["rows"] = []
    for n, view in enumerate(views):
        for spec, rows in zip(tables, document_rows(n, view).values(), strict=True):
            spec["rows"].extend(rows)
    return {"docs": [[view.source, doc_href(view)] for view in views], "tables": tables}


@dataclass
class SplitTables:
    """The facts of a large report: the index's payload (rows left out, ``chunks`` to load instead), the
    data files by path, and for each document the data files its page loads."""

    payload: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    doc_files: list[list[str]] = field(default_factory=list)


def split_tables(
    views: Sequence[DocView], doc_href: Callable[[DocView], str], group_bytes: int = GROUP_BYTES
) -> SplitTables:
    """The facts rows in data files of consecutive documents of about ``group_bytes`` together, the
    documents' rows in files of about as many bytes of consecutive groups; each facts file names the
    documents file that names its rows' documents. The payload's tables list their ``chunks`` as ``[key,
    rows]`` (facts: ``[key, rows, documents key]``) and their ``count``, and hold no rows."""
    documents = {"name": "documents", "title": "Documents", "columns": [list(c) for c in DOCUMENT_COLUMNS],
                 "link": ["Page", "open"]}  # fmt: skip
    tables = table_specs()
    for spec in (documents, *tables):
        spec.update(rows=[], chunks=[], count=0)
    out = SplitTables({"docs": [], "documents": documents, "tables": tables, "base": f"{DATA_FOLDER}/"})
    names = ("documents", *TABLES)
    groups: list[tuple[int, dict[str, list[str]], dict[str, int]]] = []  # (documents, JSON rows, counts)
    members, parts, counts, size = 0, {name: [] for name in names}, dict.fromkeys(names, 0), 0
    for n, view in enumerate(views):
        rows_of = {"documents": [document_row(n, view, doc_href(view))], **document_rows(n, view)}
        for name, rows in rows_of.items():
            if rows:
                text = json_for_script(rows)[1:-1]
                parts[name].append(text)
                counts[name] += len(rows)
                size += len(text) if name != "documents" else 0
        members += 1
        if size >= group_bytes or n == len(views) - 1:
            groups.append((members, parts, counts))
            members, parts, counts, size = 0, {name: [] for name in names}, dict.fromkeys(names, 0), 0
    doc_groups: list[list[int]] = []  # the facts groups whose documents each documents file holds
    size = group_bytes
    for group, (_, parts, _) in enumerate(groups):
        if size >= group_bytes:
            doc_groups.append([])
            size = 0
        doc_groups[-1].append(group)
        size += sum(map(len, parts["documents"]))
    docs_key: dict[int, str] = {}
    for d, members_of in enumerate(doc_groups):
        key = f"documents-{d}"
        out.files[f"{DATA_FOLDER}/{key}.js"] = chunk_file(
            key, [t for g in members_of for t in groups[g][1]["documents"]]
        )
        documents["chunks"].append([key, sum(groups[g][0] for g in members_of)])
        documents["count"] += documents["chunks"][-1][1]
        docs_key.update(dict.fromkeys(members_of, key))
    for group, (members, parts, counts) in enumerate(groups):
        paths = []
        for spec in tables:
            name = spec["name"]
            if not counts[name]:
                continue
            key = f"{name}-{group}"
            path = f"{DATA_FOLDER}/{key}.js"
            out.files[path] = chunk_file(key, parts[name])
            spec["chunks"].append([key, counts[name], docs_key[group]])
            spec["count"] += counts[name]
            if name in MARK_TABLES:
                paths.append(path)
        out.doc_files.extend([paths] * members)
    return out


def chunk_file(key: str, rows: list[str]) -> str:
    """A data file: its rows (JSON texts) filed under ``key`` when the page runs it."""
    return f'(window.indpolChunks = window.indpolChunks || {{}})["{key}"] = [{",".join(rows)}];\n'


__all__ = ["DATA_FOLDER", "GROUP_BYTES", "TABLES", "SplitTables", "split_tables", "tables_payload"]
