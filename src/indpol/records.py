"""Records: one frozen dataclass per concept, each serialisable to a plain dict.

Every fact carries provenance: ``doc_id``, ``passage_id``, ``page`` and character
offsets ``start``/``end`` into the document's clean text (``Document.text``), plus
``source_start``/``source_end`` into the decoded source file for plain-text inputs
(``None`` where a format has no such mapping). ``page`` is ``None`` for formats
without pages.

A few attributes are SQL reserved words (or pair with one), so ``to_dict()`` — and with it the
store, every export and DataFrame — names them by :data:`COLUMN_NAMES`: ``start``/``end`` are
``char_start``/``char_end``, a stage's ``order`` is ``position``, a figure's ``table`` is
``table_cell``. ``from_dict`` takes either name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, ClassVar

COLUMN_NAMES = {"start": "char_start", "end": "char_end", "order": "position", "table": "table_cell"}
FIELD_NAMES = {column: name for name, column in COLUMN_NAMES.items()}  # a column's record attribute
CELL_SEPARATOR = " | "  # joins table cells into a table_row passage's text

ATTRIBUTE_FACTS = ("passages", "tables", "entities", "figures", "stages")  # a Document attribute each
PASSAGE_KINDS = ("paragraph", "list_item", "table_row", "heading")
DOCUMENT_STATUSES = ("ok", "failed", "needs_ocr", "duplicate", "skipped")
LANGUAGES = ("ru", "en", "other")
PASSAGE_ROLES = ("body", "abstract", "keywords", "references", "footnote")
# what a stage row is: a phase, the programme's term, an activity, a task, a goal, a procedure step, else other
STAGE_KINDS = ("stage", "term", "measure", "task", "goal", "procedure", "other")


def cell_spans(text: str, cells: Sequence[str] | None) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a row passage: the table's cells found in order, so empty
    cells and the spaces around them do not shift the others; by the separator when they differ."""
    if cells:
        spans, position = [], 0
        for cell in cells:
            at = text.find(cell, position) if cell else position
            if at < 0:
                break
            spans.append((at, cell))
            position = at + len(cell)
        else:
            return spans
    spans, offset = [], 0
    for cell in text.split(CELL_SEPARATOR):
        spans.append((offset, cell))
        offset += len(cell) + len(CELL_SEPARATOR)
    return spans


def make_id(*parts: object, length: int = 16) -> str:
    """Deterministic id: sha256 of the parts joined by ':' , truncated."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


class Record:
    """Mixin giving ``to_dict``/``from_dict`` to dataclass records."""

    __slots__ = ()
    excluded: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        names = [f.name for f in fields(self) if f.name not in self.excluded]  # type: ignore[arg-type]
        return {COLUMN_NAMES.get(name, name): _plain(getattr(self, name)) for name in names}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
        values = {}
        for key, value in data.items():
            key = FIELD_NAMES.get(key, key)
            if key not in known:
                continue
            if isinstance(value, list):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            values[key] = value
        return cls(**values)

    def replace(self, **changes: Any) -> Any:
        return replace(self, **changes)  # type: ignore[type-var]


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Passage(Record):
    """A paragraph, list item, table row or heading of a document."""

    doc_id: str
    passage_id: str
    index: int
    kind: str
    page: int | None
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    language: str
    text: str
    role: str = "body"
    page_end: int | None = None
    table_id: str | None = None
    row: int | None = None
    ocr: bool = False
    directions: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence inside one passage; offsets are document offsets."""

    doc_id: str
    passage_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Table(Record):
    """A table as extracted: cell texts row by row, with page and bounding box."""

    doc_id: str
    table_id: str
    index: int
    page: int | None
    bbox: tuple[float, ...] | None
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    header_rows: int = 1
    passage_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A named entity, legal-act reference (LAW) or date/period (DATE)."""

    doc_id: str
    passage_id: str
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    page: int | None
    text: str
    label: str
    canonical: str
    kind: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    entity_id: str = ""


@dataclass(frozen=True, slots=True)
class Figure(Record):
    """A stated number normalised to value, unit, indicator and period."""

    doc_id: str
    passage_id: str
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    page: int | None
    text: str
    kind: str
    value: float
    value_max: float | None = None
    unit: str | None = None
    approx: str | None = None
    change: str | None = None
    indicator: str | None = None
    indicator_source: str | None = None  # phrase | heading | table | inherited (see docs/output.md)
    period_start: str | None = None
    period_end: str | None = None
    table: dict[str, Any] | None = None
    figure_id: str = ""
    is_total: bool = False  # the figure is the total of a breakdown stated with it
    part_of: str | None = None  # the figure_id of the total this figure is a part of


@dataclass(frozen=True, slots=True)
class Stage(Record):
    """A programme stage or enumerated measure with timing and status."""

    doc_id: str
    passage_id: str
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    page: int | None
    text: str
    kind: str = "measure"
    list_id: str | None = None
    order: int | None = None
    marker: str | None = None
    stage: str | None = None
    action: str | None = None
    object: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    single_stage: bool = False
    status: str | None = None
    status_evidence: str | None = None
    status_start: int | None = None
    status_end: int | None = None
    completion: float | None = None
    stage_id: str = ""


@dataclass(frozen=True, slots=True)
class Failure(Record):
    """A row of the run's failure table."""

    source: str
    doc_id: str | None
    status: str
    code: str
    reason: str
    stage: str = "ingest"


@dataclass(slots=True)
class Document:
    """A processed document: its clean text, passages, tables and facts.

    ``text`` is the clean text that every offset refers to. ``origin`` maps each
    character of ``text`` to an offset in the decoded source text (plain-text
    formats) or in the page text (PDF); ``has_source_offsets`` says whether those
    offsets are meaningful to users.
    """

    doc_id: str
    source: str
    format: str
    status: str = "ok"
    error: str | None = None
    error_code: str | None = None
    pages: int | None = None
    text: str = ""
    language: str | None = None
    duplicate_of: str | None = None
    bytes: int = 0
    passages: list[Passage] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    more: dict[str, list[Any]] = field(default_factory=dict)  # facts of types registered by other packages
    origin: Any = None  # array of source offsets (textmap.OFFSET), one per char of text
    has_source_offsets: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def chars(self) -> int:
        return len(self.text)

    def rows(self, fact: str) -> list[Any]:
        """The records of fact type ``fact`` (:mod:`indpol.facts`): its attribute (the first five), else
        its list in ``more``, where a new fact type's step writes."""
        if fact in ATTRIBUTE_FACTS:
            return getattr(self, fact)
        return self.more.setdefault(fact, [])

    def fact_counts(self) -> dict[str, int]:
        """How many records of each fact type the document holds."""
        counts = {name: len(getattr(self, name)) for name in ATTRIBUTE_FACTS}
        return counts | {name: len(rows) for name, rows in self.more.items()}

    def source_span(self, start: int, end: int) -> tuple[int | None, int | None]:
        """Map a clean-text span to the decoded source file, when the format allows."""
        if not self.has_source_offsets or self.origin is None or end <= start:
            return None, None
        return int(self.origin[start]), int(self.origin[end - 1]) + 1

    def provenance(self, passage: Passage, start: int, end: int) -> dict[str, Any]:
        """Provenance fields for a span given in *passage-local* offsets."""
        doc_start, doc_end = passage.start + start, passage.start + end
        source_start, source_end = self.source_span(doc_start, doc_end)
        return {
            "doc_id": self.doc_id,
            "passage_id": passage.passage_id,
            "start": doc_start,
            "end": doc_end,
            "source_start": source_start,
            "source_end": source_end,
            "page": passage.page,
            "text": self.text[doc_start:doc_end],
        }

    def passage_by_id(self, passage_id: str) -> Passage:
        for passage in self.passages:
            if passage.passage_id == passage_id:
                return passage
        raise KeyError(passage_id)

    def __repr__(self) -> str:
        from indpol.display import document_repr

        return document_repr(self)

    def _repr_html_(self) -> str:
        """The document view inline: the text with every fact highlighted, and its facts tables."""
        from indpol.view.model import DocView
        from indpol.view.page import view_fragment

        return view_fragment(DocView.from_document(self))

    def summary(self) -> dict[str, Any]:
        """The documents.jsonl row."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "format": self.format,
            "status": self.status,
            "error": self.error,
            "error_code": self.error_code,
            "pages": self.pages,
            "chars": self.chars,
            "language": self.language,
            "bytes": self.bytes,
            "duplicate_of": self.duplicate_of,
        }


__all__ = [
    "CELL_SEPARATOR",
    "COLUMN_NAMES",
    "FIELD_NAMES",
    "STAGE_KINDS",
    "Document",
    "Entity",
    "Failure",
    "Figure",
    "Passage",
    "Record",
    "Sentence",
    "Stage",
    "Table",
    "asdict",
    "cell_spans",
    "make_id",
]
