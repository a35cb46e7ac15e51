"""What the views show, as plain data: a document's text, passages and marks (one per fact mention).

Built from an in-memory :class:`~indpol.records.Document` or from the rows of a run folder's tables, so
the report, ``indpol show`` and a notebook render the same thing. No I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A mark's type, in the order the legend and the facts tables list them; LAW entities are acts.
MARK_TYPES = ("figure", "stage", "act", "entity", "date")
FIGURE_FIELDS = ("kind", "value", "value_max", "unit", "approx", "change", "indicator", "indicator_source",
                 "period_start", "period_end", "is_total", "part_of")  # fmt: skip
STAGE_FIELDS = ("kind", "stage", "marker", "action", "object", "period_start", "period_end", "status",
                "status_evidence", "completion", "single_stage")  # fmt: skip
ACT_FIELDS = ("doc_type", "number", "date", "title", "issuer", "in_title")
ENTITY_FIELDS = ("label", "canonical", "kind")


@dataclass(frozen=True, slots=True)
class Mark:
    """One fact's mention: where it is in the clean text and the fields its panel shows."""

    type: str
    fact_id: str
    start: int
    end: int
    page: int | None
    text: str
    fields: dict[str, Any]


@dataclass(slots=True)
class DocView:
    """One document as the views show it."""

    doc_id: str
    source: str
    summary: dict[str, Any]
    text: str = ""
    passages: list[dict[str, Any]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    @property
    def status(self) -> str:
        return str(self.summary.get("status") or "")

    def count(self, mark_type: str) -> int:
        return sum(mark.type == mark_type for mark in self.marks)

    @classmethod
    def from_rows(
        cls,
        summary: dict[str, Any],
        passages: Iterable[dict[str, Any]] = (),
        entities: Iterable[dict[str, Any]] = (),
        figures: Iterable[dict[str, Any]] = (),
        stages: Iterable[dict[str, Any]] = (),
        text: str | None = None,
    ) -> DocView:
        """A view from table rows (the store's or ``to_dict()`` of records); missing values may be NaN/NA."""
        summary = {key: clean(value) for key, value in summary.items()}
        passages = sorted((passage_row(p) for p in passages), key=lambda p: (p["start"], p["end"]))
        marks = [*(entity_mark(clean_row(e)) for e in entities), *(figure_mark(clean_row(f)) for f in figures),
                 *(stage_mark(clean_row(s)) for s in stages)]  # fmt: skip
        marks.sort(key=lambda m: (m.start, -m.end, MARK_TYPES.index(m.type)))
        return cls(
            doc_id=str(summary.get("doc_id") or ""),
            source=str(summary.get("source") or ""),
            summary=summary,
            text=text if text is not None else text_of(passages),
            passages=passages,
            marks=marks,
        )

    @classmethod
    def from_document(cls, doc: Any) -> DocView:
        """A view of an in-memory Document (its own clean text)."""
        return cls.from_rows(
            doc.summary(),
            (p.to_dict() for p in doc.passages),
            (e.to_dict() for e in doc.entities),
            (f.to_dict() for f in doc.figures),
            (s.to_dict() for s in doc.stages),
            text=doc.text,
        )


def clean(value: Any) -> Any:
    """None for every kind of missing value (None, NaN, pandas NA); numpy scalars as Python ones."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        return value.item()
    return value


def clean_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: clean(value) for key, value in row.items()}


def passage_row(row: dict[str, Any]) -> dict[str, Any]:
    """The passage fields a view needs."""
    row = clean_row(row)
    directions = row.get("directions") or []
    return {
        "passage_id": str(row.get("passage_id") or ""),
        "start": int(row["char_start"]),
        "end": int(row["char_end"]),
        "page": row.get("page"),
        "kind": row.get("kind") or "paragraph",
        "text": str(row.get("text") or ""),
        "directions": [(str(d.get("label")), float(d.get("score") or 0.0)) for d in directions],
    }


def text_of(passages: list[dict[str, Any]]) -> str:
    """The clean text rebuilt from its passages: each at its offset, the gaps between them line breaks."""
    parts: list[str] = []
    position = 0
    for passage in passages:
        if passage["start"] < position:
            continue
        parts.append("\n" * (passage["start"] - position))
        parts.append(passage["text"])
        position = passage["start"] + len(passage["text"])
    return "".join(parts)


def _base(row: dict[str, Any], mark_type: str, id_field: str, names: Iterable[str]) -> Mark:
    return Mark(
        type=mark_type,
        fact_id=str(row.get(id_field) or ""),
        start=int(row["char_start"]),
        end=int(row["char_end"]),
        page=row.get("page"),
        text=str(row.get("text") or ""),
        fields={name: row.get(name) for name in names if row.get(name) not in (None, "", False)},
    )


def entity_mark(row: dict[str, Any]) -> Mark:
    """LAW → act (its attributes), DATE → date, PER/LOC/ORG → entity."""
    label = row.get("label")
    attrs = row.get("attrs") or {}
    if label == "LAW":
        mark = _base({**row, **{k: attrs.get(k) for k in ACT_FIELDS}}, "act", "entity_id", ACT_FIELDS)
        mark.fields["canonical"] = row.get("canonical")
        return mark
    if label == "DATE":
        mark = _base(row, "date", "entity_id", ("canonical",))
        names = {
            "start": "date_start",
            "end": "date_end",
            "granularity": "granularity",
            "modifier": "modifier",
        }
        mark.fields.update({shown: attrs[key] for key, shown in names.items() if attrs.get(key)})
        return mark
    mark = _base(row, "entity", "entity_id", ENTITY_FIELDS)
    if attrs.get("country"):
        mark.fields["country"] = attrs["country"]
    return mark


def figure_mark(row: dict[str, Any]) -> Mark:
    return _base(row, "figure", "figure_id", FIGURE_FIELDS)


def stage_mark(row: dict[str, Any]) -> Mark:
    return _base(row, "stage", "stage_id", STAGE_FIELDS)


__all__ = ["MARK_TYPES", "DocView", "Mark", "clean", "text_of"]
