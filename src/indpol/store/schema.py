"""The fact store's tables: typed columns derived from the records, plus keys and sort orders.

Each record table has exactly the fields of its record's ``to_dict()`` (attributes that are SQL
reserved words renamed by :data:`~indpol.records.COLUMN_NAMES`, so no column needs quotes); nested fields
(tuples, dicts) are DuckDB ``JSON`` columns. ``documents`` holds ``Document.summary()``
plus the run bookkeeping columns in :data:`DOCUMENT_EXTRA`.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

import pyarrow as pa

from indpol.data import COLUMNS, load_yaml
from indpol.facts import STORED
from indpol.records import COLUMN_NAMES, Document, Failure

SCHEMA_VERSION = 3  # 2: fact tables name their document's source; 3: no column is an SQL reserved word
RENAMED = {  # schema 3's renames, per table: old column -> new column (the old names live on in LEGACY)
    "passages": {"start": "char_start", "end": "char_end"},
    "entities": {"start": "char_start", "end": "char_end"},
    "figures": {"start": "char_start", "end": "char_end", "table": "table_cell"},
    "stages": {"start": "char_start", "end": "char_end", "order": "position"},
}
LEGACY = "legacy"  # the schema of views with a table's name and its columns' schema-2 names

ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "JSON": pa.string(),
    "TIMESTAMP": pa.timestamp("us"),
}


@dataclass(frozen=True)
class TableSpec:
    """One store table: ordered ``(name, sql_type)`` columns, primary key, export fields and order."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    export_fields: tuple[str, ...]
    order: str  # ORDER BY clause over the export query (aliases: t = table, d = document's source)

    @property
    def json_columns(self) -> tuple[str, ...]:
        return tuple(name for name, sql_type in self.columns if sql_type == "JSON")

    @property
    def types(self) -> dict[str, str]:
        return dict(self.columns)

    def create_sql(self) -> str:
        cols = ", ".join(f'"{name}" {sql_type}' for name, sql_type in self.columns)
        key = ", ".join(f'"{name}"' for name in self.key)
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({cols}, PRIMARY KEY ({key}))"

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(name, ARROW_TYPES[sql_type]) for name, sql_type in self.columns])


def sql_type(hint: Any) -> str:
    """The DuckDB type for a record field's type hint (optional unwrapped, containers as JSON)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return sql_type(inner[0]) if len(inner) == 1 else "JSON"
    if hint is bool:
        return "BOOLEAN"
    if hint is int:
        return "BIGINT"
    if hint is float:
        return "DOUBLE"
    if hint is str:
        return "VARCHAR"
    return "JSON"


def record_columns(cls: type) -> tuple[tuple[str, str], ...]:
    hints = typing.get_type_hints(cls)
    excluded = getattr(cls, "excluded", ())
    return tuple(
        (COLUMN_NAMES.get(f.name, f.name), sql_type(hints[f.name]))
        for f in fields(cls)
        if f.name not in excluded
    )


def _document_columns() -> tuple[tuple[str, str], ...]:
    hints = typing.get_type_hints(Document)
    hints["chars"] = int
    names = list(Document(doc_id="", source="", format="").summary())
    return tuple((name, sql_type(hints[name])) for name in names)


DOCUMENT_FIELDS = tuple(name for name, _ in _document_columns())
DOCUMENT_EXTRA = (
    ("pipeline_version", "VARCHAR"),
    ("config_hash", "VARCHAR"),
    ("run_id", "VARCHAR"),
    ("written_at", "TIMESTAMP"),
)
SOURCE = "source"  # a fact's document's file name, a column of every fact table
FACT_ORDER = "d.source NULLS LAST, t.doc_id, char_start, char_end, t.{id}"  # offsets: the output columns


def _fact_spec(name: str, cls: type, key: str, order: str | None = None) -> TableSpec:
    columns = record_columns(cls)
    types = dict((*columns, (SOURCE, "VARCHAR")))
    export = readable_order(c for c, _ in columns)
    columns = tuple((column, types[column]) for column in export)  # a new store's columns in export order
    return TableSpec(name, columns, (key,), export, order or FACT_ORDER.format(id=key))


def readable_order(fields: Iterable[str]) -> tuple[str, ...]:
    """A fact's export columns: its ids, then the document's ``source`` and the ``page`` (what an analyst
    reads first in a spreadsheet), then the record's other fields in their order."""
    fields = tuple(fields)
    ids = tuple(field for field in fields if field.endswith("_id"))
    rest = tuple(field for field in fields if field not in ids and field not in (SOURCE, "page"))
    return (*ids, SOURCE, *(("page",) if "page" in fields else ()), *rest)


TABLES: dict[str, TableSpec] = {
    "documents": TableSpec(
        "documents", _document_columns() + DOCUMENT_EXTRA, ("source",), DOCUMENT_FIELDS, "t.source"
    ),
    **{fact.name: _fact_spec(fact.name, fact.record, fact.id_field, fact.order) for fact in STORED},
    "failures": TableSpec(
        "failures",
        (("run_id", "VARCHAR"), *record_columns(Failure)),
        ("run_id", "source", "stage"),
        ("run_id", *(c for c, _ in record_columns(Failure))),
        "t.source, t.stage, t.run_id",
    ),
    "runs": TableSpec(
        "runs",
        (
            ("run_id", "VARCHAR"),
            ("started_at", "TIMESTAMP"),
            ("finished_at", "TIMESTAMP"),
            ("status", "VARCHAR"),
            ("version", "VARCHAR"),
            ("pipeline_version", "VARCHAR"),
            ("config_hash", "VARCHAR"),
            ("inputs", "JSON"),
            ("config", "JSON"),
            ("info", "JSON"),
            ("summary", "JSON"),
        ),
        ("run_id",),
        (
            "run_id",
            "started_at",
            "finished_at",
            "status",
            "version",
            "pipeline_version",
            "config_hash",
            "inputs",
            "config",
            "info",
            "summary",
        ),
        "t.started_at, t.run_id",
    ),
}

# Tables holding a document's facts (deleted and rewritten with the document), with their record class.
TABLE_MEANINGS = {  # one line each for `indpol tables`; docs/output.md has every column
    "documents": "one row per input file: status, format, pages, language",
    **{fact.name: fact.meaning for fact in STORED},
    "failures": "files that failed or need OCR, one line of reason each",
    "runs": "each indpol run into this folder: when, version, configuration",
}
VIEW_MEANINGS = {  # the views the store adds for SQL without JSON functions
    "passage_directions": "one row per passage and direction, for SQL without JSON functions",
    "acts": "one row per legal act the run cites, with its mentions",
}
IDS_AND_OFFSETS = (
    "char_start",
    "char_end",
    "source_start",
    "source_end",
    "status_start",
    "status_end",
    "bbox",
)


@functools.cache
def _column_lines() -> dict[str, dict[str, str]]:
    return load_yaml(COLUMNS)


def column_meaning(table: str, column: str) -> str:
    """One line saying what ``table.column`` holds (``data/columns.yaml``; empty when unknown)."""
    lines = _column_lines()
    return lines.get(table, {}).get(column) or lines["common"].get(column, "")


def sheet_order(fields: Iterable[str]) -> tuple[str, ...]:
    """A workbook sheet's columns: what a person reads first (``source``, ``page``, ``text`` and the
    values), then the ids and offsets that lead back to the document."""
    fields = tuple(fields)
    technical = tuple(f for f in fields if f.endswith(("_id", "_ids")) or f in IDS_AND_OFFSETS)
    readable = tuple(f for f in fields if f not in technical)
    first = tuple(f for f in (SOURCE, "page", "text", "caption") if f in readable)
    return (*first, *(f for f in readable if f not in first), *technical)


FACT_TABLES: dict[str, tuple[str, type]] = {fact.name: (fact.name, fact.record) for fact in STORED}
ID_FIELDS = {fact.name: fact.id_field for fact in STORED}
EXPORT_TABLES = ("documents", *(fact.name for fact in STORED), "failures")


def to_json(value: Any) -> str | None:
    """Serialise a nested field for a JSON column (``None`` stays SQL NULL)."""
    if value is None:
        return None
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=False)


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def rows_to_arrow(spec: TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    """Build an Arrow table in the column order of ``spec`` (JSON columns serialised)."""
    json_cols = set(spec.json_columns)
    arrays = {}
    for name, sql in spec.columns:
        values = [row.get(name) for row in rows]
        if name in json_cols:
            values = [to_json(v) for v in values]
        elif sql == "DOUBLE":
            values = [None if v is None else float(v) for v in values]
        arrays[name] = pa.array(values, type=ARROW_TYPES[sql])
    return pa.table(arrays, schema=spec.arrow_schema())
