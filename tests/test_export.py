"""Exports: JSONL rows equal the records' to_dict(), CSV with BOM, typed Parquet and XLSX, the CLI."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

import indpol.store.export as export
from indpol.cli import main
from indpol.errors import IndpolError
from indpol.records import Entity, Failure, Figure, Table
from indpol.store.database import Store
from indpol.store.export import export_run, parse_formats
from indpol.store.schema import readable_order, record_columns, sheet_order
from indpol.testing import make_document, read_jsonl

TEXT_A = "Товарооборот в 2023 году составил 50 млрд долларов.\n\nРост на 12,5 % к 2022 году."
TEXT_B = "=SUM(A1) формула в начале абзаца.\n\nСоглашение о единой промышленной политике."


def fact(doc, cls, needle, **fields):
    start = doc.text.index(needle)
    passage = next(p for p in doc.passages if p.start <= start < p.end)
    return cls(
        **doc.provenance(passage, start - passage.start, start - passage.start + len(needle)), **fields
    )


def docs():
    a = make_document(TEXT_A, doc_id="aaaa")
    a.source = "b_second.txt"  # sources sort the other way round from doc ids
    a.figures += [
        fact(a, Figure, "12,5 %", kind="percent", value=12.5, unit="%", change="increase", figure_id="f2"),
        fact(a, Figure, "50 млрд долларов", kind="money", value=5e10, unit="USD", table={"row": "Оборот"},
             figure_id="f1"),
    ]  # fmt: skip
    a.tables.append(
        Table(doc_id="aaaa", table_id="t1", index=0, page=2, bbox=(0.5, 1.0, 2.5, 3.0), rows=(("a", "1"),))
    )
    b = make_document(TEXT_B, doc_id="bbbb")
    b.source = "a_first.txt"
    b.entities.append(
        fact(
            b,
            Entity,
            "Соглашение",
            label="LAW",
            canonical="Соглашение",
            attrs={"number": "1"},
            entity_id="e1",
        )
    )
    return [a, b]


@pytest.fixture
def run_dir(tmp_path):
    out = tmp_path / "run"
    with Store.open(out) as store:
        run = store.start_run({"inputs": ["x"]})
        for doc in docs():
            store.write_document(doc, run_id=run, pipeline_version="1", config_hash="h")
        store.write_failure(
            Failure(source="broken.pdf", doc_id=None, status="failed", code="E_BROKEN_FILE", reason="bad"),
            run_id=run,
        )
    return out


def test_jsonl_rows_equal_record_dicts_in_order(run_dir):
    written = export_run(run_dir)
    assert sorted(p.name for p in written) == sorted(f"{t}.jsonl" for t in export.EXPORT_TABLES)
    a, b = docs()
    assert read_jsonl(run_dir / "documents.jsonl") == [b.summary(), a.summary()]
    expected_passages = [exported(p, doc.source) for doc in (b, a) for p in doc.passages]
    assert read_jsonl(run_dir / "passages.jsonl") == expected_passages
    figures = read_jsonl(run_dir / "figures.jsonl")
    assert [f["figure_id"] for f in figures] == ["f1", "f2"]  # by start within the document
    assert figures[0] == exported(a.figures[1], a.source)
    assert list(figures[0])[:4] == ["doc_id", "passage_id", "figure_id", "source"]  # readable columns first
    assert list(figures[0])[4] == "page"
    assert figures[0]["table_cell"] == {"row": "Оборот"}  # nested object, not a string
    assert read_jsonl(run_dir / "tables.jsonl")[0]["bbox"] == [0.5, 1.0, 2.5, 3.0]
    assert read_jsonl(run_dir / "entities.jsonl") == [exported(b.entities[0], b.source)]
    (failure,) = read_jsonl(run_dir / "failures.jsonl")
    run_id = failure.pop("run_id")
    assert len(run_id) == 24
    assert (
        failure
        == Failure(
            source="broken.pdf", doc_id=None, status="failed", code="E_BROKEN_FILE", reason="bad"
        ).to_dict()
    )
    assert (run_dir / "stages.jsonl").read_text() == ""


def test_export_twice_gives_same_bytes(run_dir, tmp_path):
    export_run(run_dir, "jsonl,csv", to=tmp_path / "one")
    export_run(run_dir, "jsonl,csv", to=tmp_path / "two")
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_csv_has_bom_and_json_strings(run_dir, tmp_path):
    export_run(run_dir, ["csv"], to=tmp_path)
    raw = (tmp_path / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader((tmp_path / "figures.csv").open(encoding="utf-8-sig")))
    assert rows[0]["text"] == "50 млрд долларов"
    assert json.loads(rows[0]["table_cell"]) == {"row": "Оборот"}
    assert rows[0]["page"] == ""  # null stays empty, never "None"
    assert rows[0]["value"] == "50000000000.0"


def test_parquet_is_typed(run_dir, tmp_path):
    export_run(run_dir, ["parquet"], to=tmp_path)
    figures = pd.read_parquet(tmp_path / "figures.parquet")
    assert list(figures.columns) == list(readable_order(c for c, _ in record_columns(Figure)))
    assert figures["source"].tolist() == ["b_second.txt", "b_second.txt"]
    assert figures["value"].dtype == "float64"
    assert figures["char_start"].dtype == "int64"
    assert figures["value"].tolist() == [5e10, 12.5]
    assert json.loads(figures["table_cell"][0]) == {"row": "Оборот"}
    passages = pd.read_parquet(tmp_path / "passages.parquet")
    assert passages["ocr"].dtype == "bool"
    assert passages["text"].tolist()[0] == "=SUM(A1) формула в начале абзаца."


def test_xlsx_sheets_types_header_and_widths(run_dir, tmp_path):
    export_run(run_dir, ["xlsx"], to=tmp_path)
    book = openpyxl.load_workbook(tmp_path / "facts.xlsx")
    assert book.sheetnames == ["README", *export.EXPORT_TABLES]
    readme = [[cell.value for cell in row] for row in book["README"].iter_rows()]
    assert readme[0] == ["sheet", "rows", "what it holds"] and readme[5][:2] == ["figures", 2]
    columns = readme[readme.index(["sheet", "column", "what it holds"]) + 1 :]
    sheet = book["figures"]
    assert (
        sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}3"
    )
    header = [c.value for c in sheet[1]]
    assert header == list(sheet_order(readable_order(c for c, _ in record_columns(Figure))))
    assert header[:5] == ["source", "page", "text", "kind", "value"]  # the first screen reads without a join
    assert [row[1] for row in columns if row[0] == "figures"] == header  # every column explained, in order
    assert all(row[2] for row in columns), [row for row in columns if not row[2]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert (cells["value"].value, cells["value"].data_type) == (5e10, "n")  # a number, not text
    assert cells["value"].number_format == "#,##0"  # thousands grouped
    assert cells["table_cell"].value == "row: Оборот"  # a nested field as a person reads it, not JSON
    assert (cells["char_start"].value, cells["char_start"].data_type) == (TEXT_A.index("50"), "n")
    assert (cells["text"].value, cells["text"].data_type) == ("50 млрд долларов", "s")
    assert book["figures"].cell(row=3, column=header.index("value") + 1).value == 12.5
    assert cells["page"].value is None
    text_column = get_column_letter(header.index("text") + 1)
    assert sheet.column_dimensions[text_column].width == len("50 млрд долларов") + 2
    passages = book["passages"]
    formula_cell = passages.cell(row=2, column=header_index(passages, "text"))
    assert formula_cell.data_type == "s"
    assert formula_cell.value == "=SUM(A1) формула в начале абзаца."


def exported(record, source):
    """A record's exported row: its fields and its document's source."""
    return {**record.to_dict(), "source": source}


def header_index(sheet, name):
    return [c.value for c in sheet[1]].index(name) + 1


def test_xlsx_long_text_truncated_with_marker_and_split_sheets(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 2)  # header + 1 row per sheet
    long = ("Очень длинный абзац о кооперации. " * 1200).strip()
    doc = make_document(long + "\n\nВторой.\n\nТретий.", doc_id="long")
    doc.source = "long.txt"
    with Store.open(tmp_path) as store:
        store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    export_run(tmp_path, ["xlsx"])
    book = openpyxl.load_workbook(tmp_path / "facts.xlsx")
    assert [n for n in book.sheetnames if n.startswith("passages")] == [
        "passages",
        "passages (2)",
        "passages (3)",
    ]
    text = book["passages"].cell(row=2, column=header_index(book["passages"], "text")).value
    assert len(text) == 32_767
    assert text.endswith(export.XLSX_CUT_MARK)
    assert (
        book["passages (3)"].cell(row=2, column=header_index(book["passages (3)"], "text")).value == "Третий."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("jsonl", ("jsonl",)),
        ("jsonl, CSV,parquet,jsonl", ("jsonl", "csv", "parquet")),
        (["xlsx"], ("xlsx",)),
    ],
)
def test_parse_formats(value, expected):
    assert parse_formats(value) == expected


@pytest.mark.parametrize("value", ["json", "", "csv,docx"])
def test_parse_formats_rejects_unknown(value):
    with pytest.raises(IndpolError, match="allowed: jsonl, csv, parquet, xlsx"):
        parse_formats(value)


def test_export_from_open_store(tmp_path):
    with Store.open(tmp_path) as store:
        store.write_document(docs()[0], run_id="r", pipeline_version="1", config_hash="h")
        export_run(store, ["jsonl"])
    assert len(read_jsonl(tmp_path / "passages.jsonl")) == 2


def test_cli_export(run_dir, tmp_path):
    result = CliRunner().invoke(
        main, ["export", str(run_dir), "--format", "csv,parquet", "--to", str(tmp_path / "x")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / "figures.parquet").is_file()
    assert (tmp_path / "x" / "documents.csv").is_file()
    assert "14 files" in result.output


def test_cli_export_bad_format_one_line_error(run_dir):
    result = CliRunner().invoke(main, ["export", str(run_dir), "--format", "docx"])
    assert result.exit_code != 0
    assert "unknown export format docx" in result.output
    assert "Traceback" not in result.output


def test_cli_query_prints_table(run_dir):
    sql = "SELECT unit, value FROM figures ORDER BY value DESC"
    result = CliRunner().invoke(main, ["query", str(run_dir), sql])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("USD" in line and "50000000000" in line for line in lines)
    assert "2 rows" in result.output


def test_cli_query_csv_and_uncut_cells(run_dir):
    sql = "SELECT unit, value, repeat('ж', 80) AS long FROM figures ORDER BY value DESC"
    result = CliRunner().invoke(main, ["query", str(run_dir), sql, "--csv"])
    assert result.exit_code == 0, result.output
    header, first, *_ = result.output.splitlines()
    assert header == "unit,value,long" and first.startswith("USD,50000000000") and "ж" * 80 in first
    cut = CliRunner().invoke(main, ["query", str(run_dir), sql]).output
    whole = CliRunner().invoke(main, ["query", str(run_dir), sql, "--max-width", "0"]).output
    assert "ж" * 80 not in cut and "…" in cut and "ж" * 80 in whole


def test_cli_query_is_read_only(run_dir):
    result = CliRunner().invoke(main, ["query", str(run_dir), "DELETE FROM figures"])
    assert result.exit_code != 0
    assert "read-only" in result.output.lower()
    with Store.open(run_dir, read_only=True) as store:
        assert store.count("figures") == 2


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO '{out}'",  # would write anywhere
        "SELECT * FROM read_csv('/etc/passwd')",  # would read anywhere
        "EXPORT DATABASE '{folder}'",
        "INSTALL httpfs",
        "SET enable_external_access = true",
    ],
)
def test_cli_query_reaches_only_the_store(run_dir, tmp_path, sql):
    out = tmp_path / "leak.csv"
    result = CliRunner().invoke(main, ["query", str(run_dir), sql.format(out=out, folder=tmp_path / "dump")])
    assert result.exit_code != 0 and "--allow-files" in result.output and "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "dump").exists()


def test_cli_query_allow_files(run_dir, tmp_path):
    out = tmp_path / "units.csv"
    sql = f"COPY (SELECT unit FROM figures) TO '{out}'"
    result = CliRunner().invoke(main, ["query", str(run_dir), sql, "--allow-files"])
    assert result.exit_code == 0, result.output
    assert "USD" in out.read_text(encoding="utf-8")


def test_cli_query_sql_error_is_one_line(run_dir):
    result = CliRunner().invoke(main, ["query", str(run_dir), "SELECT nope FROM figures"])
    assert result.exit_code != 0
    assert "nope" in result.output
    assert "Traceback" not in result.output


def test_jsonl_round_trips_awkward_text_and_floats(tmp_path):
    text = 'Кавычки " и \\ обратная черта\tтаб \x01 управляющий 😀 — «ёлки» 1/3.'
    doc = make_document(text, doc_id="awk")
    doc.source = "awk.txt"
    doc.figures.append(
        fact(doc, Figure, "1/3", kind="ratio", value=1 / 3, value_max=0.1 + 0.2, figure_id="f")
    )
    with Store.open(tmp_path) as store:
        store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    export_run(tmp_path, ["jsonl"])
    (passage,) = read_jsonl(tmp_path / "passages.jsonl")
    assert passage["text"] == text
    (figure,) = read_jsonl(tmp_path / "figures.jsonl")
    assert (figure["value"], figure["value_max"]) == (1 / 3, 0.1 + 0.2)
    assert figure == exported(doc.figures[0], "awk.txt")


def test_export_selected_tables_and_unknown_table(run_dir, tmp_path):
    written = export_run(run_dir, ["jsonl"], to=tmp_path, tables=["runs", "figures"])
    assert [p.name for p in written] == ["runs.jsonl", "figures.jsonl"]
    (run,) = read_jsonl(tmp_path / "runs.jsonl")
    assert run["inputs"] == ["x"]
    with pytest.raises(IndpolError, match="unknown table figure "):
        export_run(run_dir, ["jsonl"], to=tmp_path, tables=["figure"])


def test_csv_for_russian_excel_has_semicolons_decimal_commas_and_bom(run_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["export", str(run_dir), "--format", "csv", "--csv-dialect", "excel-ru", "--to", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "figures.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [row["value"] for row in rows] == ["50000000000,0", "12,5"]
    assert rows[0]["source"] == "b_second.txt" and rows[0]["page"] == ""


def test_unknown_csv_dialect_is_an_error(run_dir):
    with pytest.raises(IndpolError, match="unknown CSV dialect"):
        export_run(run_dir, ["csv"], csv_dialect="excel-de")


@pytest.mark.parametrize("flag", ["--json", "--jsonl"])
def test_query_prints_json_with_the_source_column(run_dir, flag):
    sql = "SELECT source, value FROM figures ORDER BY value"
    result = CliRunner().invoke(main, ["query", str(run_dir), sql, flag])
    assert result.exit_code == 0, result.output
    rows = (
        json.loads(result.output)
        if flag == "--json"
        else [json.loads(line) for line in result.output.splitlines()]
    )
    assert rows == [{"source": "b_second.txt", "value": 12.5}, {"source": "b_second.txt", "value": 5e10}]


def test_tables_lists_tables_and_columns(run_dir):
    listing = CliRunner().invoke(main, ["tables", str(run_dir)])
    assert listing.exit_code == 0 and "figures" in listing.output and "rows" in listing.output
    assert "passage_directions" in listing.output and "(view)" in listing.output
    columns = CliRunner().invoke(main, ["tables", str(run_dir), "figures"]).output.splitlines()
    assert [line.split()[0] for line in columns[:6]] == [
        "doc_id",
        "passage_id",
        "figure_id",
        "source",
        "page",  # right after the ids and the file, in the store as in every export
        "char_start",
    ]
    is_total = next(line for line in columns if line.startswith("is_total"))
    assert is_total.split()[1] == "BOOLEAN" and "total of a breakdown" in is_total  # what it holds
    view = CliRunner().invoke(main, ["tables", str(run_dir), "passage_directions"]).output.splitlines()
    assert [line.split()[0] for line in view] == [
        "doc_id", "passage_id", "source", "page", "label", "score", "kind", "text",
    ]  # fmt: skip
    assert all(len(line.split()) > 2 for line in view)  # each with its meaning
    assert CliRunner().invoke(main, ["tables", str(run_dir), "nonsense"]).exit_code != 0


@pytest.mark.parametrize(("period", "typed"), [("2024-01-01", True), ("2024-05", False)])
def test_periods_are_dates_in_parquet_and_xlsx_when_every_one_is_a_full_date(tmp_path, period, typed):
    doc = make_document("Выпуск вырос на 12,5 % в 2024 году.", doc_id="p1")
    doc.source = "p.txt"
    doc.figures.append(
        fact(doc, Figure, "12,5 %", kind="percent", value=12.5, unit="%", period_start=period, figure_id="f")
    )
    with Store.open(tmp_path) as store:
        store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    export_run(tmp_path, ["parquet", "xlsx"], to=tmp_path / "x")
    column = pd.read_parquet(tmp_path / "x" / "figures.parquet")["period_start"]
    assert (str(column[0]) == "2024-01-01") if typed else (column[0] == "2024-05")
    sheet = openpyxl.load_workbook(tmp_path / "x" / "facts.xlsx")["figures"]
    cell = sheet.cell(row=2, column=header_index(sheet, "period_start"))
    assert cell.is_date == typed and (cell.number_format == "yyyy-mm-dd") == typed


def test_passage_directions_view_has_a_row_per_direction(tmp_path):
    doc = make_document("Программа поддерживает станкостроение.", doc_id="v1")
    doc.source = "v.txt"
    directions = ({"label": "state_support", "score": 0.9}, {"label": "markets", "score": 0.4})
    doc.passages[0] = dataclasses.replace(doc.passages[0], directions=directions)
    with Store.open(tmp_path) as store:
        store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    result = CliRunner().invoke(
        main,
        [
            "query",
            str(tmp_path),
            "SELECT source, label, score FROM passage_directions ORDER BY score DESC",
            "--jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == [
        {"source": "v.txt", "label": "state_support", "score": 0.9},
        {"source": "v.txt", "label": "markets", "score": 0.4},
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ([{"label": "governance", "score": 0.5635, "terms": ["союзный"]}], "governance 0.56"),
        ({"row": "Оборот", "col": 2, "column_header": None}, "row: Оборот; col: 2"),
        ([["Показатель", "2024"], ["Выпуск", "12,5"]], "Показатель | 2024\nВыпуск | 12,5"),
        ([0.5, 1.0, 2.5, 3.0], "0.5; 1.0; 2.5; 3.0"),
        (None, None),
    ],
)
def test_nested_fields_read_as_text_in_the_workbook(value, cell):
    assert export.readable(value) == cell


def test_query_needs_no_quotes_and_an_old_column_name_points_to_the_new_one_and_legacy(run_dir):
    sql = "SELECT char_start, char_end, table_cell FROM figures"
    new = CliRunner().invoke(main, ["query", str(run_dir), sql])
    assert new.exit_code == 0, new.output
    assert CliRunner().invoke(main, ["query", str(run_dir), "SELECT position FROM stages"]).exit_code == 0
    for sql in ("SELECT start, end FROM figures", 'SELECT "end" FROM figures'):
        result = CliRunner().invoke(main, ["query", str(run_dir), sql])
        assert result.exit_code != 0 and "char_end" in result.output and "legacy.figures" in result.output
    sql = 'SELECT start, "end", "table" FROM legacy.figures'
    old = CliRunner().invoke(main, ["query", str(run_dir), sql])
    assert old.exit_code == 0, old.output


def test_a_continued_sheet_filters_only_its_own_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)  # header + 2 rows per sheet
    doc = make_document("Первый.\n\nВторой.\n\nТретий.", doc_id="split")
    doc.source = "split.txt"
    with Store.open(tmp_path) as store:
        store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    export_run(tmp_path, ["xlsx"])
    book = openpyxl.load_workbook(tmp_path / "facts.xlsx")
    assert book["passages"].auto_filter.ref.endswith("3")
    assert book["passages (2)"].auto_filter.ref.endswith("2")


def test_acts_view_has_a_row_per_act(tmp_path):
    """Citations of one act, with and without its date, in two documents are one row of ``acts``."""
    texts = {"a.txt": "Федеральный закон от 31 декабря 2014 г. № 488-ФЗ «О промышленной политике» действует.",
             "b.txt": "Согласно Федеральному закону № 488-ФЗ и Договору о создании Союзного государства."}  # fmt: skip
    from indpol.config import PipelineConfig
    from indpol.pipeline import Pipeline

    pipeline = Pipeline(PipelineConfig.resolve(None), only=("entities",))
    with Store.open(tmp_path) as store:
        for name, text in texts.items():
            doc = pipeline.process(text.encode(), name=name)
            store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    with Store.open(tmp_path) as store:
        rows = store.query(
            "SELECT doc_type, number, date, mentions, documents, sources FROM acts ORDER BY doc_type"
        )[1]
    assert rows == [
        ("договор", None, None, 1, 1, ["b.txt"]),
        ("федеральный закон", "488-ФЗ", "2014-12-31", 2, 2, ["a.txt", "b.txt"]),
    ]


def test_export_never_writes_into_another_run_folder(run_dir, tmp_path):
    other = tmp_path / "other-run"
    other.mkdir()
    (other / "facts.duckdb").write_bytes(b"")  # what marks a run folder
    (other / "documents.jsonl").write_text("theirs\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(run_dir), "--to", str(other)])
    assert result.exit_code != 0 and "another run folder" in result.output
    assert (other / "documents.jsonl").read_text(encoding="utf-8") == "theirs\n"


@pytest.mark.parametrize(
    "command", [["export", "{run}", "--to", "/proc/self"], ["run", "{run}", "--out", "/proc/x"]]
)
def test_unwritable_targets_are_one_line_errors(run_dir, command):
    result = CliRunner().invoke(main, [part.format(run=run_dir) for part in command])
    last = result.output.strip().splitlines()[-1]
    assert result.exit_code != 0 and "Traceback" not in result.output and last.startswith("Error: /proc/")
