"""Tables as offices write them: merged header cells, several header rows, words broken by narrow
columns, totals; the same facts from DOCX and from its PDF."""

import io

import pytest
from conftest import NO_STEPS

from indpol.ingest.base import header_rows
from indpol.nlp.morph import load_morph
from indpol.pipeline import Pipeline
from indpol.text.clean import clean_cell

FIGURES_ONLY = {**NO_STEPS, "extract": {"entities": False, "figures": True, "stages": False}}


@pytest.mark.parametrize(
    ("cell", "clean"),
    [
        ("Источник\nфинансиров\nания", "Источник финансирования"),
        ("Собственны\nе средства\nпредприяти\nй", "Собственные средства предприятий"),
        ("Средства предпри-\nятий", "Средства предприятий"),
        ("Объем\nфинансирования,\nтыс. рублей", "Объем финансирования, тыс. рублей"),
        ("в\nтом числе", "в том числе"),
        ("1\u00a0230,0", "1 230,0"),
    ],
)
def test_clean_cell(cell, clean):
    assert clean_cell(cell, load_morph()) == clean


@pytest.mark.parametrize(
    ("rows", "count"),
    [
        ([["Показатель", "2024"], ["Объем", "1,0"]], 1),
        (
            [
                ["Источник", "Всего", "в том числе по годам", ""],
                ["", "", "2024", "2025"],
                ["Бюджет", "3", "1", "2"],
            ],
            2,
        ),
        (
            [
                ["Наименование", "Значение"],
                ["Ответственный исполнитель", "Минпромторг России"],
                ["Срок", "2024"],
            ],
            1,
        ),
        ([["Показатель", "2024 год", "2025 год"], ["", "план", "план"], ["Выпуск", "10", "12"]], 2),
    ],
)
def test_header_rows(rows, count):
    assert header_rows(rows) == count


def financing_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Таблица 2 – Объем финансирования программы по годам, тыс. рублей")
    table = document.add_table(rows=5, cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Источник финансирования"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Всего"
    table.cell(0, 2).merge(table.cell(0, 4)).text = "в том числе по годам"
    for column, year in zip((2, 3, 4), ("2024", "2025", "2026"), strict=True):
        table.cell(1, column).text = year
    body = [["Бюджет Союзного государства", "1 500,0", "400,0", "500,0", "600,0"],
            ["Итого", "2 250,5", "650,5", "750,0", "850,0"]]  # fmt: skip
    for row, values in enumerate(body, start=2):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SOURCE = "объем финансирования программы: бюджет Союзного государства"  # the caption's measure, then the row


def test_docx_merged_header_cells_stay_on_the_grid_and_give_periods():
    doc = Pipeline.from_config(FIGURES_ONLY).process(financing_docx(), name="financing.docx")
    (table,) = doc.tables
    assert table.rows[0] == ("Источник финансирования", "Всего", "в том числе по годам", "", "")
    assert table.rows[1] == ("", "", "2024", "2025", "2026") and table.header_rows == 2
    got = [(f.value, f.unit, f.indicator, f.period_start, f.period_end) for f in doc.figures]
    assert got[:2] == [
        (1_500_000.0, "RUB", SOURCE, "2024-01-01", "2026-12-31"),  # the "Всего" column
        (400_000.0, "RUB", SOURCE, "2024-01-01", "2024-12-31"),
    ]
    assert got[4][2] == "объем финансирования программы"  # "Итого" takes the caption's measure
    assert all(doc.text[f.start : f.end] == f.text for f in doc.figures)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("Таблица 2. Объем финансирования, тыс. рублей.", "Таблица 2. Объем финансирования, тыс. рублей."),
        ("Объем финансирования программы, тыс. рублей", "Объем финансирования программы, тыс. рублей"),
        ("Товарооборот в 2024 году достиг 52,3 млрд долларов США, что на 5,4 % больше.", None),
        ("Итоги года подведены. Данные приведены ниже", None),
        ("   ", None),
    ],
)
def test_caption_or_none(text, caption):
    from indpol.ingest.base import caption_or_none

    assert caption_or_none(text) == caption


def test_paragraph_before_an_html_table_lends_it_no_unit():
    html = (
        "<html><body><article><h1>Итоги реализации союзных программ</h1>"
        "<p>Взаимный товарооборот в 2024 году достиг 52,3 млрд долларов США, что на 5,4 % больше, чем годом ранее."
        " Ниже приведены данные о финансировании программ.</p>"
        "<table><tr><th>Программа</th><th>2024</th></tr><tr><td>Станкостроение-СГ</td><td>520,0</td></tr></table>"
        "</article></body></html>"
    )
    doc = Pipeline.from_config(FIGURES_ONLY).process(html.encode(), name="news.html")
    (cell,) = [f for f in doc.figures if f.table]
    assert (cell.value, cell.unit, cell.period_start) == (520.0, None, "2024-01-01")


def test_a_form_laid_out_as_a_table_has_no_header_row():
    rows = [["Объем финансирования", "12 345,6 тыс. рублей"], ["Срок реализации", "2024–2026 годы"]]
    assert header_rows([["Объем финансирования", "12 345,6"], ["Срок", "2024"]]) == 0
    assert header_rows(rows) == 0
    assert header_rows([["Показатель", "2024 год"], ["Объем", "12,5"]]) == 1


def test_passport_timing_row_is_a_programme_row():
    import docx

    document = docx.Document()
    document.add_paragraph("ПАСПОРТ муниципальной программы «Развитие промышленности района»")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        [
            ("Ответственный исполнитель", "Отдел экономики администрации района"),
            ("Сроки и этапы реализации", "2024–2026 годы, в один этап"),
            ("Объемы и источники финансирования", "Общий объем финансирования составит 12 345,6 тыс. рублей"),
        ]
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = label, value
    buffer = io.BytesIO()
    document.save(buffer)
    config = {**NO_STEPS, "extract": {"entities": False, "figures": True, "stages": True}}
    doc = Pipeline.from_config(config).process(buffer.getvalue(), name="passport.docx")
    assert [(s.period_start, s.period_end, s.single_stage) for s in doc.stages] == [
        ("2024-01-01", "2026-12-31", True)
    ]
    assert [(f.value, f.indicator) for f in doc.figures] == [(12_345_600.0, "общий объем финансирования")]
