"""What each store column holds (data/columns.yaml) and the order a workbook sheet shows them in."""

from __future__ import annotations

import duckdb
import pytest

from indpol.store.database import ensure_schema
from indpol.store.schema import TABLES, VIEW_MEANINGS, _column_lines, column_meaning, sheet_order


def store_columns() -> dict[str, list[str]]:
    """Every table's and view's columns as a new store has them."""
    con = duckdb.connect()
    ensure_schema(con)
    names = [*TABLES, *VIEW_MEANINGS]
    query = (
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
        "ORDER BY ordinal_position"
    )
    return {name: [row[0] for row in con.execute(query, [name]).fetchall()] for name in names}


def test_every_column_of_every_table_and_view_says_what_it_holds():
    missing = [
        f"{t}.{c}" for t, columns in store_columns().items() for c in columns if not column_meaning(t, c)
    ]
    assert missing == []


def test_no_meaning_for_a_column_the_store_does_not_have():
    columns = store_columns()
    every = {c for names in columns.values() for c in names}
    lines = _column_lines()
    stale = [f"common.{c}" for c in lines["common"] if c not in every]
    stale += [
        f"{t}.{c}" for t, own in lines.items() if t != "common" for c in own if c not in columns.get(t, ())
    ]
    assert stale == []


@pytest.mark.parametrize(
    ("table", "column", "says"),
    [
        ("figures", "is_total", "total of a breakdown"),
        ("figures", "source", "file"),  # from common
        ("documents", "status", "needs_ocr"),  # a table's own line beats common
        ("passage_directions", "label", "direction"),
        ("figures", "no_such_column", ""),
    ],
)
def test_column_meaning(table, column, says):
    meaning = column_meaning(table, column)
    assert (says in meaning) if says else meaning == ""


@pytest.mark.parametrize(
    ("fields", "order"),
    [
        (  # a fact: source, page, text and the values, then ids and offsets
            (
                "doc_id",
                "passage_id",
                "figure_id",
                "source",
                "page",
                "char_start",
                "char_end",
                "text",
                "value",
                "unit",
            ),
            (
                "source",
                "page",
                "text",
                "value",
                "unit",
                "doc_id",
                "passage_id",
                "figure_id",
                "char_start",
                "char_end",
            ),
        ),
        (  # documents: the file first, its hash last
            ("doc_id", "source", "format", "status"),
            ("source", "format", "status", "doc_id"),
        ),
        (  # tables: caption before the rows; the box and passage ids are technical
            ("doc_id", "table_id", "source", "page", "index", "bbox", "rows", "caption", "passage_ids"),
            ("source", "page", "caption", "index", "rows", "doc_id", "table_id", "bbox", "passage_ids"),
        ),
        (  # periods are values, a status cue's offsets are not; part_of names a figure and stays readable
            ("stage_id", "period_start", "status", "status_start", "status_end", "part_of"),
            ("period_start", "status", "part_of", "stage_id", "status_start", "status_end"),
        ),
        (("run_id", "started_at", "summary"), ("started_at", "summary", "run_id")),  # no source is invented
    ],
)
def test_sheet_order(fields, order):
    assert sheet_order(fields) == order


def test_every_sheet_starts_with_something_readable():
    for name, spec in TABLES.items():
        first = sheet_order(spec.export_fields)[0]
        assert not first.endswith("_id") and first not in ("char_start", "char_end"), name


def test_no_store_column_is_a_reserved_word():
    """Every table's and view's column reads in SQL without quotes (the ``legacy`` views excepted)."""
    reserved = {
        row[0]
        for row in duckdb.sql(
            "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'"
        ).fetchall()
    }
    assert {"end", "order", "table"} <= reserved  # the words schema 2 used
    found = [f"{t}.{c}" for t, columns in store_columns().items() for c in columns if c.lower() in reserved]
    assert found == []
    con = duckdb.connect()
    ensure_schema(con)
    for table, columns in store_columns().items():
        con.execute(f"SELECT {', '.join(columns)} FROM {table}")  # unquoted, every column at once
