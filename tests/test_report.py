"""Reports: escaped document text, self-contained HTML, evidence links, Markdown tables, the compare CLI."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from indpol.cli import main
from indpol.comparison.compare import compare_facts
from indpol.comparison.report import (
    direction_chart,
    format_number,
    render_html,
    render_markdown,
    write_report,
)
from indpol.errors import IndpolError
from indpol.records import Entity, Figure
from indpol.store.database import Store
from indpol.store.reader import RunFacts
from indpol.testing import make_document

EVIL = '<script>alert("x")</script>'
OLD = f"Товарооборот {EVIL} составил 45 млрд долларов.\n\nКомитет | союзный рассмотрел итоги."
NEW = f"Товарооборот {EVIL} составил 50 млрд долларов.\n\nОрган <b>{EVIL}</b> создан."


def fact(doc, cls, needle, **fields):
    start = doc.text.index(needle)
    passage = next(p for p in doc.passages if p.start <= start < p.end)
    return cls(
        **doc.provenance(passage, start - passage.start, start - passage.start + len(needle)), **fields
    )


def side(text, doc_id, source, value, needle, page=None):
    doc = make_document(text, doc_id=doc_id, page=page)
    doc.source = source
    doc.figures.append(
        fact(doc, Figure, needle, kind="money", value=value, unit="USD", indicator=f"товарооборот {EVIL}",
             period_start="2023", period_end="2023")
    )  # fmt: skip
    if "Орган" in text:
        doc.entities.append(fact(doc, Entity, f"Орган <b>{EVIL}</b>", label="ORG", canonical=f"Орган {EVIL}"))
    doc.passages[0] = doc.passages[0].replace(directions=({"label": "markets", "score": 0.8},))
    return doc


@pytest.fixture
def comparison(tmp_path):
    pdf = tmp_path / "new report.pdf"
    pdf.write_bytes(b"%PDF-1.4 stub")
    old = side(OLD, "o", f"old{EVIL}.txt", 45e9, "45 млрд долларов")
    new = side(NEW, "n", str(pdf), 50e9, "50 млрд долларов", page=3)
    return compare_facts(RunFacts.from_documents([old], f"old {EVIL}"), RunFacts.from_documents([new], "new"))


def test_html_escapes_every_piece_of_document_text(comparison):
    page = render_html(comparison)
    assert "<script" not in page.lower()
    assert "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Орган &lt;b&gt;" in page


def test_html_is_self_contained_with_summary_first(comparison):
    page = render_html(comparison)
    assert page.startswith("<!DOCTYPE html>")
    assert "<link" not in page and " src=" not in page
    assert page.count("http") == page.count("http://www.w3.org/2000/svg")
    assert page.index("Summary") < page.index("Changed figures") < page.index("Directions: share of passages")
    assert "$" not in page.replace("$50", "")  # every template placeholder filled


def test_html_evidence_links_source_page_and_marks_quote(comparison, tmp_path):
    page = render_html(comparison, base=tmp_path)
    assert '<a href="new%20report.pdf#page=3">' in page  # relative: the report travels with its documents
    assert "file://" not in page
    assert "p.\u00a03" in page
    assert "<mark>50 млрд долларов</mark>" in page
    assert "<mark>45 млрд долларов</mark>" in page
    start = NEW.index("50 млрд долларов")
    assert f'title="doc n, chars {start}–{start + 16}"' in page
    assert "old&lt;script&gt;" in page  # a source that does not exist here is named, not linked


def test_markdown_same_tables_escaped(comparison):
    md = render_markdown(comparison)
    assert "<script" not in md
    assert "| Indicator | Unit | Period | Old | New | Change | in | Change, % | Matched by |" in md
    assert "| 45 000 000 000 | 50 000 000 000 | +5 000 000 000 | USD | +11.11 % | exact |" in md.replace(
        "\u202f", " "
    )
    assert "Комитет \\| союзный" not in md  # only facts are quoted, and their passages
    assert "**50 млрд долларов**" in md
    for name in ("Changed figures", "New figures", "Stage status changes", "Newly mentioned", "Directions"):
        assert f"## {name}" in md


def test_direction_chart_is_valid_svg_with_proportional_bars(comparison):
    svg = direction_chart(comparison.directions, "old", "new")
    root = ET.fromstring(svg)
    rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert len(rects) == 2 * len(comparison.directions) + 2
    markets = comparison.directions.index[comparison.directions["direction"] == "markets"][0]
    old_bar, new_bar = rects[2 * markets], rects[2 * markets + 1]
    assert (
        float(old_bar.get("width")) == float(new_bar.get("width")) == 420.0
    )  # 50 % on both: the longest bar


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (50e9, False, "50 000 000 000"),
        (12.5, False, "12.5"),
        (5e9, True, "+5 000 000 000"),
        (-11.11, True, "-11.11"),
        (0, True, "0"),
        (None, False, ""),
        (float("nan"), False, ""),
        (0.000123, False, "0.000123"),
    ],
)
def test_format_number(value, signed, expected):
    assert format_number(value, signed=signed).replace("\u202f", " ") == expected


def test_write_report_by_suffix(comparison, tmp_path):
    assert (
        write_report(comparison, tmp_path / "r.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )
    assert (
        write_report(comparison, tmp_path / "r.md").read_text(encoding="utf-8").startswith("# What changed")
    )
    with pytest.raises(IndpolError, match=r"must end in \.html, \.md or \.xlsx"):
        write_report(comparison, tmp_path / "r.txt")


def write_run(path, doc):
    with Store.open(path) as store:
        run = store.start_run({"inputs": [doc.source]})
        store.write_document(doc, run_id=run, pipeline_version="1", config_hash="h")
        store.finish_run(run, {})


def test_cli_compare_run_folders_writes_report_and_csv(tmp_path):
    write_run(tmp_path / "old", side(OLD, "o", "old.txt", 45e9, "45 млрд долларов"))
    write_run(tmp_path / "new", side(NEW, "n", "new.txt", 50e9, "50 млрд долларов"))
    args = ["compare", str(tmp_path / "old"), str(tmp_path / "new"), "--out", str(tmp_path / "r.html"),
            "--csv", str(tmp_path / "changes.csv")]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Changed figures: 1" in result.output
    assert "<mark>50 млрд долларов</mark>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (tmp_path / "changes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader((tmp_path / "changes.csv").open(encoding="utf-8-sig")))
    changed = [r for r in rows if r["section"] == "figures_changed"]
    assert [(r["old_value"], r["new_value"], r["abs_change"]) for r in changed] == [
        ("45000000000.0", "50000000000.0", "5000000000.0")
    ]


def test_cli_compare_missing_side_is_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_xlsx_report_has_summary_and_a_sheet_per_change_table(comparison, tmp_path):
    from openpyxl import load_workbook

    path = write_report(comparison, tmp_path / "changes.xlsx")
    book = load_workbook(path)
    assert book.sheetnames[0] == "summary" and "figures_changed" in book.sheetnames
    sheet = book["figures_changed"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["indicator", "unit", "period"] and "old_quote" in header
    assert sheet.max_row == len(comparison.figures_changed) + 1
    assert sheet.cell(2, header.index("new_value") + 1).value == 50e9  # a number, not text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("report\x1b[31m.pdf", "report\\x1b[31m.pdf"),  # an escape sequence is shown, never run
        ("a\x07b\x9bc", "a\\x07b\\x9bc"),
        ("name\nwith break", "name\\x0awith break"),
        ("Отчёт 2024.pdf", "Отчёт 2024.pdf"),
    ],
)
def test_terminal_safe(text, shown):
    from indpol.display import terminal_safe

    assert terminal_safe(text) == shown


def test_untrusted_text_printed_safely(capsys):
    from indpol.comparison.report import print_rows
    from indpol.pipeline.progress import PlainProgress
    from indpol.testing import make_document

    print_rows(["source"], [("evil\x1b]8;;http://x\x07link",)], rich=False)
    print_rows(["text"], [("[link=http://x]click[/link]",)], rich=True)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b" in out
    assert "[link=http://x]click[/link]" in out  # Rich markup in a cell is text
    doc = make_document("x", doc_id="d")
    doc.source, doc.status, doc.error = "bad\x1b[2J.pdf", "failed", "broken [red]PDF[/red]"
    PlainProgress()(1, 1, doc)
    err = capsys.readouterr().err
    assert "\x1b" not in err and "bad\\x1b[2J.pdf" in err


def test_markdown_escapes_link_syntax():
    from indpol.comparison.report import md_escape

    escaped = md_escape("[нажмите](javascript:alert(1)) *жирный* `код` | столбец")
    assert "](" not in escaped and "\\[" in escaped and "\\*" in escaped and "\\|" in escaped
