"""PDFs as offices make them (tests/data/pdf_layouts, made with LibreOffice from DOCX twins): the PDF
reads as its twin does — justified lines and hanging numbers not taken for columns, footnotes apart,
tables with their headers across pages, garbage text layers refused, numbers never cut."""

import re
from pathlib import Path

import pytest
from conftest import NO_STEPS

from indpol.evaluate.text_fidelity import bigram_scores
from indpol.pipeline import Pipeline

LAYOUTS = Path(__file__).parent / "data" / "pdf_layouts"
TWINS = [
    "justified_prose",
    "numbered_hanging",
    "header_footer_footnotes",
    "table_merged_header",
    "landscape_stat_table",
    "two_column_article",
    "mixed_memo",
]
NUMBER = re.compile(r"\d{1,3}(?: \d{3})*(?:,\d+)?")


@pytest.fixture(scope="module")
def read():
    pipeline = Pipeline.from_config(NO_STEPS)
    cache: dict[str, object] = {}

    def document(name: str):
        if name not in cache:
            cache[name] = pipeline.process(LAYOUTS / name)
        return cache[name]

    return document


def text_of(doc) -> str:
    return "\n\n".join(passage.text for passage in doc.passages)


def pypdfium2_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize("name", TWINS)
def test_office_pdf_reads_as_its_twin(read, name):
    pdf, twin = read(f"{name}.pdf"), read(f"{name}.docx")
    ours = bigram_scores(text_of(pdf), text_of(twin))
    plain = bigram_scores(pypdfium2_text(LAYOUTS / f"{name}.pdf"), text_of(twin))
    assert ours.f1 >= 0.98 and ours.f1 >= plain.f1, (ours, plain)


def test_hanging_paragraph_numbers_open_their_paragraphs(read):
    starts = [p.text.split()[0] for p in read("numbered_hanging.pdf").passages]
    twin = [p.text.split()[0] for p in read("numbered_hanging.docx").passages]
    labels = [label for label in twin if re.fullmatch(r"\d+\.\d+\.|[а-я]\)|\d+\)", label)]
    assert labels and [label for label in starts if label in set(labels)] == labels


def test_memo_reads_letterhead_then_addressee_and_keeps_hyphenated_tokens(read):
    text = text_of(read("mixed_memo.pdf"))
    assert text.index("МИНИСТЕРСТВО ПРОМЫШЛЕННОСТИ") < text.index("ЗАМЕСТИТЕЛЬ МИНИСТРА")
    assert text.index("ЗАМЕСТИТЕЛЬ МИНИСТРА") < text.index("Государственному секретарю")
    for token in ("№ 102-ФЗ", "ПРООН-РТФ", "2024–2026 годы", "социально-экономического"):
        assert token in text


def test_footnotes_are_passages_of_their_own_and_marks_leave_words_whole(read):
    doc = read("header_footer_footnotes.pdf")
    notes = [p.text for p in doc.passages if p.role == "footnote"]
    assert [note.split()[0] for note in notes] == ["1", "2", "3", "4", "5"]
    body = text_of(doc)
    assert "годом1" not in body and "годом и составила" in body
    assert not re.search(r"\w \.", body)  # no space left where a mark stood before a full stop


def test_two_column_article_joins_line_end_hyphens_only(read):
    text = text_of(read("two_column_article.pdf"))
    assert "организаций-исполнителей" in text and "органи-заций" not in text


@pytest.mark.parametrize(
    ("name", "pages"), [("landscape_stat_table.pdf", [1, 2]), ("table_merged_header.pdf", [1])]
)
def test_tables_match_the_twin_cell_for_cell(read, name, pages):
    (table,) = read(name).tables
    (twin,) = read(name.replace(".pdf", ".docx")).tables
    assert table.rows == twin.rows and table.header_rows == twin.header_rows
    rows = [p for p in read(name).passages if p.kind == "table_row"]
    assert sorted({p.page for p in rows}) == pages and len(rows) == len(twin.rows)


def test_statistical_table_caption_holds_title_and_unit(read):
    (table,) = read("landscape_stat_table.pdf").tables
    assert table.caption == "Индекс промышленного производства в процентах к предыдущему периоду"


def test_garbage_text_layers_are_pages_for_ocr(read):
    import json

    doc = read("garbage_layer.pdf")
    expected = json.loads((LAYOUTS / "garbage_layer.expected.json").read_text())["garbage_pages"]
    assert doc.status == "needs_ocr" and doc.error.endswith("pages " + ", ".join(map(str, expected)))
    assert {p.page for p in doc.passages} == {1}


@pytest.mark.parametrize("name", ["numbers_table.pdf", "numbers_table_calc.pdf"])
def test_number_tables_are_text_and_every_number_is_whole(read, name):
    doc = read(name)
    assert doc.status == "ok"
    (table,) = doc.tables
    body = table.rows[table.header_rows :]
    assert len(body) == 20 and all(len(row) == 8 for row in body)
    assert all(NUMBER.fullmatch(cell) for row in body for cell in row), body
