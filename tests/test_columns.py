"""What each store column holds (data/columns.yaml), the order a workbook sheet shows them in, and no column
of any table a user gets (store, exports, DataFrames, query results, compare's tables and files) named with an
SQL reserved word."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from indpol.cli import main
from indpol.comparison.compare import compare_facts
from indpol.comparison.report import write_report
from indpol.store.database import ensure_schema
from indpol.store.export import export_run
from indpol.store.reader import RunFacts, open_run
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


# ---------------------------------------------------------------- every table a user gets, column by column


def reserved_words() -> set[str]:
    query = "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'"
    return {row[0] for row in duckdb.sql(query).fetchall()}


def bad_names(columns) -> list[str]:
    """Columns that are a reserved word, or schema 2's ``start`` (beside ``end``), alone or after a
    compare side's prefix (``old_end``, ``new_start``)."""
    forbidden = reserved_words() | {"start"}
    return [c for c in columns if c.lower().removeprefix("old_").removeprefix("new_") in forbidden]


def file_columns(path: Path) -> list[str]:
    """The header of an exported file: CSV/Parquet/JSONL columns, or every sheet's first row."""
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        return next(csv.reader(io.StringIO(text), delimiter=";" if "excel-ru" in path.parts else ","))
    if path.suffix == ".parquet":
        return pq.read_schema(path).names
    if path.suffix == ".jsonl":
        return sorted(
            {key for line in path.read_text(encoding="utf-8").splitlines() for key in json.loads(line)}
        )
    book = openpyxl.load_workbook(path, read_only=True)
    return [
        f"{sheet.title}:{cell}"
        for sheet in book.worksheets
        if sheet.title not in ("README", "summary")  # lines of text, not a header
        for cell in next(sheet.iter_rows(max_row=1, values_only=True), ())
        if cell
    ]


@pytest.fixture(scope="module")
def exports(corpus_run, tmp_path_factory) -> list[Path]:
    """Every export of the sample corpus's run: JSONL, CSV, Parquet, XLSX and the Russian-Excel CSV."""
    folder = tmp_path_factory.mktemp("exports")
    written = export_run(corpus_run, ["jsonl", "csv", "parquet", "xlsx"], to=folder / "standard")
    return written + export_run(corpus_run, ["csv"], to=folder / "excel-ru", csv_dialect="excel-ru")


@pytest.fixture(scope="module")
def changes(tmp_path_factory):
    """A comparison with a row in every change table (tests/test_compare.py's two reports), and its files."""
    from test_compare import new_doc, old_doc

    comparison = compare_facts(RunFacts.from_documents([old_doc()]), RunFacts.from_documents([new_doc()]))
    folder = tmp_path_factory.mktemp("changes")
    files = [comparison.write_csv(folder / "changes.csv"), write_report(comparison, folder / "changes.xlsx")]
    return comparison, files


def test_the_reserved_words_checked_are_duckdbs():
    assert {"end", "order", "table"} <= reserved_words()
    assert bad_names(["end", "old_start", "new_end", "char_start", "position", "table_cell"]) == [
        "end",
        "old_start",
        "new_end",
    ]


def test_no_exported_column_is_a_reserved_word(exports):
    suffixes = {path.suffix for path in exports}
    assert suffixes == {".jsonl", ".csv", ".parquet", ".xlsx"}
    for path in exports:
        columns = file_columns(path)
        assert columns or path.name == "failures.jsonl", path  # the sample corpus has no failure
        assert bad_names(c.split(":")[-1] for c in columns) == [], path


def test_no_dataframe_column_is_a_reserved_word(corpus_run):
    facts = open_run(corpus_run)
    for name in TABLES:
        assert bad_names(facts.table(name).columns) == [], name
    for view in VIEW_MEANINGS:
        assert bad_names(facts.query(f"SELECT * FROM {view}").columns) == [], view


def test_no_query_result_of_a_whole_table_has_a_reserved_word(corpus_run):
    for name in [*TABLES, *VIEW_MEANINGS]:
        result = CliRunner().invoke(
            main, ["query", str(corpus_run), f"SELECT * FROM {name} LIMIT 1", "--json"]
        )
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)
        assert rows or name in ("failures", "tables"), name
        assert bad_names({key for row in rows for key in row}) == [], name


def test_no_compare_column_is_a_reserved_word(changes):
    comparison, files = changes
    for name, frame in comparison.tables().items():
        assert not frame.empty, name  # every table has its columns to check
        assert bad_names(frame.columns) == [], name
    conflicts = comparison.figure_conflicts.columns
    assert {"char_start", "char_end"} <= set(conflicts)  # evidence named as in the store
    assert {"old_char_start", "new_char_end"} <= set(comparison.figures_changed.columns)
    assert bad_names(comparison.changes().columns) == []
    for path in files:
        columns = file_columns(path)
        assert len(columns) > 20 and bad_names(c.split(":")[-1] for c in columns) == [], path
