"""PDF layout as office suites write it: line-end hyphens in their own glyph box, captions, table cells."""

import pytest
from conftest import DEJAVU, NO_STEPS, needs_font

from indpol.ingest.pdf import caption_above
from indpol.ingest.pdf_layout import Line, group_rows, segments
from indpol.pipeline import Pipeline

# Each column: (line, next line or None); a line with a next line ends in a hyphen typeset apart,
# smaller and lower than the words, as LibreOffice and Word do for automatic hyphenation.
LEFT = [
    ("Промышленная кооперация Рес", "публики Беларусь и Российской"),
    ("Федерации складывалась на протя", "жении десятилетий, и правовую"),
    ("рамку она получила после подпи", "сания договора в 1999 году."),
]
RIGHT = [
    ("Союзные программы утверждаются", None),
    ("постановлениями Совета мини", "стров и финансируются из средств"),
    ("бюджета Союзного государства, кото", "рый формируется из взносов."),
]


def make_office_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("D", "", str(DEJAVU))
    for x, pairs in ((20, LEFT), (110, RIGHT)):
        y = 30.0
        for first, second in pairs:
            pdf.set_font("D", size=10)
            pdf.text(x, y, first)
            if second:
                width = pdf.get_string_width(first)
                pdf.set_font("D", size=6)
                pdf.text(x + width + 0.3, y - 0.8, "-")
                y += 5
                pdf.set_font("D", size=10)
                pdf.text(x, y, second)
            y += 5
    return bytes(pdf.output())


@needs_font
def test_office_hyphen_boxes_are_joined_in_both_columns():
    doc = Pipeline.from_config(NO_STEPS).process(make_office_pdf(), name="office.pdf")
    left, right = (p.text for p in doc.passages)
    assert left.startswith("Промышленная кооперация Республики Беларусь")
    assert "на протяжении десятилетий" in left and "после подписания договора" in left
    assert "Совета министров и финансируются" in right and "государства, который формируется" in right
    assert " - " not in left + right


def test_hyphen_box_set_lower_joins_its_row():
    pieces = [
        Line(324.0, 372.1, 517.3, 380.4, "вовую рамку она получила только по"),
        Line(90.5, 369.4, 288.1, 380.4, "framework created by the 1999 Treaty"),
        Line(518.6, 374.5, 521.8, 375.4, "\x02"),
        Line(324.3, 385.1, 521.0, 396.2, "сле подписания 8 декабря 1999 г."),
    ]
    texts = sorted(part.text for row in group_rows(pieces) for part in segments(row))
    assert texts == [
        "framework created by the 1999 Treaty",
        "вовую рамку она получила только по\x02",
        "сле подписания 8 декабря 1999 г.",
    ]


def test_caption_above_starts_at_table_line_not_previous_paragraph():
    lines = [
        Line(90, 500, 500, 512, "выполнено 80 % мероприятий; II этап – 2024–2026 годы: планируется."),
        Line(90, 520, 400, 532, "Таблица 1 – Финансирование союзных программ, млн рублей"),
    ]
    assert caption_above(lines, 545) == "Таблица 1 – Финансирование союзных программ, млн рублей"
    untitled = [lines[0], Line(90, 520, 400, 532, "Объем финансирования, тыс. рублей")]
    assert caption_above(untitled, 545) == "Объем финансирования, тыс. рублей"
    assert caption_above(lines, 700) is None


@needs_font
def test_hyphenated_table_cells_are_dehyphenated_in_rows_and_passages(text_pipeline):
    from make_inputs import PARAGRAPHS, make_pdf

    rows = [["Показатель", "2024"], ["Средства предпри-\nятий", "1 230,0"], ["Северо-\nЗапад", "12,5"]]
    doc = text_pipeline.process(make_pdf([PARAGRAPHS], table=rows), name="table.pdf")
    (table,) = doc.tables
    assert table.rows[1][0] == "Средства предприятий" and table.rows[2][0] == "Северо-Запад"
    assert any(p.text.startswith("Средства предприятий |") for p in doc.passages if p.kind == "table_row")


def _two_part_pdf(left: list[str], right: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("D", "", str(DEJAVU))
    pdf.set_font("D", size=10)
    for index, (first, second) in enumerate(zip(left, right, strict=True)):
        pdf.text(20, 40 + 6 * index, first)
        pdf.text(110, 40 + 6 * index, second)
    return bytes(pdf.output())


@needs_font
def test_short_two_column_page_reads_column_by_column():
    left = [
        "Союзные программы утверждаются Советом",
        "министров и финансируются из бюджета",
        "Союзного государства по долям.",
    ]
    right = [
        "Взаимный товарооборот двух стран вырос",
        "в 2023 году и достиг рекордного",
        "уровня в пятьдесят миллиардов.",
    ]
    doc = Pipeline.from_config(NO_STEPS).process(_two_part_pdf(left, right), name="short.pdf")
    assert [p.text for p in doc.passages] == [" ".join(left), " ".join(right)]


@needs_font
def test_form_with_labels_and_values_reads_row_by_row():
    labels = ["Ответственный исполнитель", "Сроки реализации", "Объем финансирования"]
    values = ["Минпромторг России", "2024–2026 годы", "12 345,6 тыс. рублей"]
    doc = Pipeline.from_config(NO_STEPS).process(_two_part_pdf(labels, values), name="form.pdf")
    text = " ".join(p.text for p in doc.passages)
    assert (
        text.index("Ответственный исполнитель")
        < text.index("Минпромторг России")
        < text.index("Сроки реализации")
    )


def make_numbered_pages(pages: int, number_top: float) -> bytes:
    """``pages`` A4 pages of prose, each numbered at the top left with its baseline ``number_top`` mm
    down (the page height is 297 mm), the first page unnumbered as on a title page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("D", "", str(DEJAVU))
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("D", size=12)
        if page > 1:
            pdf.text(20, number_top, str(page - 1))
        pdf.text(20, 40, f"Раздел {page} описывает порядок работы с рейсами.")
        pdf.text(20, 47, "Программа рассчитана на обычного пользователя.")
    return bytes(pdf.output())


@needs_font
@pytest.mark.parametrize(
    "number_top", [15.0, 23.8, 280.0]
)  # in the band; 7-8 % down (over the band's edge); at the foot
def test_page_numbers_near_the_margin_band_are_left_out(number_top):
    doc = Pipeline.from_config(NO_STEPS).process(make_numbered_pages(5, number_top), name="numbered.pdf")
    text = "\n".join(p.text for p in doc.passages)
    assert "Раздел 5 описывает" in text and "пользователя." in text
    assert not any(line.strip().isdigit() for line in text.splitlines()), text


# (pieces of one printed line, the row the last piece must join); coordinates of a Word-exported report
HANGING_CASES = {
    "comma under the band of a taller glyph": (
        [Line(196.9, 377.5, 220.2, 386.1, "необ"), Line(319.3, 380.3, 339.9, 388.5, "сраз"),
         Line(340.1, 380.5, 346.0, 388.5, "у"), Line(353.4, 380.3, 390.2, 388.5, "прежде"),
         Line(345.5, 384.7, 347.3, 387.9, ",")],
        0,
    ),
    "underscore of an identifier": (
        [Line(100.0, 377.0, 140.0, 386.0, "build"), Line(146.0, 380.0, 180.0, 388.0, "gcov.sh"),
         Line(140.5, 386.5, 145.5, 387.8, "_")],
        0,
    ),
    "a small piece on the next line stays there": (
        [Line(100.0, 377.0, 140.0, 386.0, "Итого"), Line(146.0, 380.0, 180.0, 388.0, "выпуск"),
         Line(100.0, 396.0, 104.0, 399.0, "1")],
        1,
    ),
}  # fmt: skip


@pytest.mark.parametrize(("pieces", "row"), HANGING_CASES.values(), ids=HANGING_CASES.keys())
def test_small_pieces_hanging_below_a_rows_band_join_it(pieces, row):
    rows = group_rows(pieces)
    assert pieces[-1] in rows[row] and len(rows) == row + 1
