"""Table cells as figures: indicator from the title and the row path, period from row and column headers,
unit from the cell, the row, the column, a relation ("в % к …": always percent) or the title — the same
in DOCX and PDF. A relation to a dated base is named by what the base is ("в % к октябрю 2022 г." for
October 2023: "в % к соответствующему месяцу предыдущего года"), so that editions compare."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SHORT_TERM = "объем отгруженных товаров собственного производства"


@pytest.fixture(scope="module")
def cells():
    from indpol.evaluate.figures import figures_pipeline

    pipeline, read = figures_pipeline(), {}

    def figures(name: str) -> list:
        if name not in read:
            doc = pipeline.process(DATA / name)
            assert doc.status == "ok", doc.error
            read[name] = [f for f in doc.figures if f.table]
        return read[name]

    return figures


FORMATS = ("docx", "pdf")


def _docx_table(tmp_path: Path, title: str | None, rows: list[tuple[str, ...]]):
    """A DOCX of a title line and one table, read by the figures pipeline."""
    docx = pytest.importorskip("docx")
    from indpol.evaluate.figures import figures_pipeline

    document = docx.Document()
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(tmp_path / "table.docx")
    return figures_pipeline().process(tmp_path / "table.docx")


def _html(tmp_path: Path, html: str):
    """An HTML page read by the figures pipeline."""
    from indpol.evaluate.figures import figures_pipeline

    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    return figures_pipeline().process(tmp_path / "page.html")


def _cell(figures: list, row: str, column: str):
    return next(f for f in figures if (f.table["row_header"], f.table["column_header"]) == (row, column))


# (row header, column header) -> indicator, kind, unit, value, period start, period end
SHORT_TERM_CASES = [
    (("Индекс промышленного производства", "В % к октябрю 2022 г."),
     ("индекс промышленного производства в % к соответствующему месяцу предыдущего года", "index", "%", 105.3, "2023-10-01", "2023-10-31")),
    (("Объем отгруженных товаров собственного производства, млрд рублей", "Октябрь 2023 г."),
     (SHORT_TERM, "money", "RUB", 9120.4e9, "2023-10-01", "2023-10-31")),
    (("Объем отгруженных товаров собственного производства, млрд рублей", "В % к январю–октябрю 2022 г."),
     (f"{SHORT_TERM} в % к соответствующему периоду предыдущего года", "index", "%", 106.1, "2023-01-01", "2023-10-31")),
    (("в том числе: добыча полезных ископаемых", "Январь–октябрь 2023 г."),  # a breakdown row takes its parent's unit
     (f"{SHORT_TERM}: добыча полезных ископаемых", "money", "RUB", 19876.0e9, "2023-01-01", "2023-10-31")),
    (("обрабатывающие производства", "В % к октябрю 2022 г."),
     (f"{SHORT_TERM}: обрабатывающие производства в % к соответствующему месяцу предыдущего года", "index", "%", 118.7, "2023-10-01",
      "2023-10-31")),
    (("Ввод в действие жилых домов, млн м2 общей площади", "Январь–октябрь 2023 г."),
     ("ввод в действие жилых домов", "quantity", "м2", 87.6e6, "2023-01-01", "2023-10-31")),
    (("Численность безработных, млн человек", "В % к январю–октябрю 2022 г."),
     ("численность безработных в % к соответствующему периоду предыдущего года", "index", "%", 87.0, "2023-01-01", "2023-10-31")),
    (("Инвестиции в основной капитал", "2022"),  # the unit line above the table
     ("инвестиции в основной капитал", "money", "RUB", 27865.0e9, "2022-01-01", "2022-12-31")),
    (("Индекс потребительских цен, в % к декабрю предыдущего года", "2023"),  # never billions of roubles
     ("индекс потребительских цен в % к декабрю предыдущего года", "index", "%", 107.4, "2023-01-01", "2023-12-31")),
]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["short_term_indicators.docx", "short_term_indicators.pdf", "short_term_unruled.pdf"]
)
@pytest.mark.parametrize(("cell", "expected"), SHORT_TERM_CASES)
def test_short_term_indicators(cells, name, cell, expected):
    """The same page as DOCX, as PDF with rulings, and as PDF without (wrapped row labels, a two-line header)."""
    figure = _cell(cells(f"stat_tables/{name}"), *cell)
    assert (figure.indicator, figure.kind, figure.unit, pytest.approx(figure.value), figure.period_start,
            figure.period_end) == expected  # fmt: skip


IPP = "индекс промышленного производства в % к предыдущему периоду"
# a time series: months, quarters and the year in rows, years in columns; title and relation above the table
TIME_SERIES_CASES = [
    (("Январь", "2019"), ("2019-01-01", "2019-01-31")),
    (("Февраль", "2023"), ("2023-02-01", "2023-02-28")),
    (("Февраль", "2024"), ("2024-02-01", "2024-02-29")),
    (("I квартал", "2020"), ("2020-01-01", "2020-03-31")),
    (("I полугодие", "2021"), ("2021-01-01", "2021-06-30")),
    (("Январь–сентябрь", "2024"), ("2024-01-01", "2024-09-30")),
    (("IV квартал", "2022"), ("2022-10-01", "2022-12-31")),
    (("Год", "2022"), ("2022-01-01", "2022-12-31")),
]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize(("cell", "period"), TIME_SERIES_CASES)
def test_time_series(cells, suffix, cell, period):
    figure = _cell(cells(f"pdf_layouts/landscape_stat_table.{suffix}"), *cell)
    assert (figure.indicator, figure.kind, figure.unit, (figure.period_start, figure.period_end)) == (
        IPP,
        "index",
        "%",
        period,
    )


FINANCING = "объемы финансирования мероприятий союзной программы"
# merged label cells: the measure named once in the first column covers the source rows under it
MERGED_CASES = [
    (527_600_000.0,
     f"{FINANCING}: создание серийного производства многокоординатных обрабатывающих центров с числовым программным "
     "управлением, бюджет Союзного государства", ("2024-01-01", "2026-12-31")),
    (111_800_000.0,
     f"{FINANCING}: итого по союзной программе, внебюджетные источники", ("2025-01-01", "2025-12-31")),
    (75.19,
     "доля средств бюджета Союзного государства", ("2026-01-01", "2026-12-31")),
]  # fmt: skip


@pytest.mark.parametrize(("value", "indicator", "period"), MERGED_CASES)
def test_merged_label_cells(cells, value, indicator, period):
    figure = next(f for f in cells("pdf_layouts/table_merged_header.docx") if f.value == pytest.approx(value))
    assert (figure.indicator, (figure.period_start, figure.period_end)) == (indicator, period)


def test_identifier_cells_are_no_figures(tmp_path):
    """Numbers under "Номер", "Дата", "Телефон" and in "ИНН | …" rows identify, they do not measure."""
    rows = [("Наименование", "Номер", "Телефон", "Объем закупок, тыс. рублей"),
            ("Завод «Станкомаш»", "306", "36-42-89", "1 250,0"), ("ИНН", "4205123456", "", "")]  # fmt: skip
    doc = _docx_table(tmp_path, None, rows)
    assert [(f.text, f.value, f.indicator) for f in doc.figures] == [
        ("1 250,0", 1_250_000.0, "объем закупок: завод «Станкомаш»")
    ]


def test_html_annex_table(tmp_path):
    """An annex saved as HTML: the "Приложение № 7 к …" line is no part of the title; "…, всего" names a total."""
    html = ("<html><body><p>Приложение № 7<br>к Территориальной программе</p>"
            "<p><b>Стоимость Территориальной программы по источникам финансового обеспечения на 2016 год</b></p>"
            "<table border='1'><tr><td rowspan='2'>Источники финансового обеспечения</td><td rowspan='2'>№ строки</td>"
            "<td colspan='2'>Утвержденная стоимость на 2016 год</td></tr>"
            "<tr><td>всего (млн руб.)</td><td>на 1 жителя в год (руб.)</td></tr>"
            "<tr><td>Стоимость программы, всего</td><td>01</td><td>12 345,6</td><td>12 150,3</td></tr>"
            "<tr><td>I. Средства консолидированного бюджета</td><td>02</td><td>3 210,4</td><td>3 159,2</td></tr>"
            "</table></body></html>")  # fmt: skip
    doc = _html(tmp_path, html)
    assert [(f.value, f.unit, f.indicator, f.period_start) for f in doc.figures] == [
        (12_345_600_000.0, "RUB", "стоимость программы", "2016-01-01"),
        (12_150.3, "RUB", "стоимость программы: на 1 жителя в год", "2016-01-01"),
        (3_210_400_000.0, "RUB", "стоимость Территориальной программы: средства консолидированного бюджета", "2016-01-01"),
        (3_159.2, "RUB", "стоимость Территориальной программы: средства консолидированного бюджета, на 1 жителя в год",
         "2016-01-01"),
    ]  # fmt: skip


def test_doc_merged_header_cells_sit_over_their_columns(cells):
    """Word 97 stores a header cell merged across columns as one wider cell; laid on the grid of the rows'
    cell boundaries it heads the year columns, so the cells under it get their years (as in the DOCX)."""
    from indpol.ingest.doc import on_grid

    assert on_grid([["a", "по годам"], ["", "2024", "2025"]], [(0, 10, 40), (0, 10, 25, 40)]) == [
        ["a", "по годам", ""], ["", "2024", "2025"]
    ]  # fmt: skip
    as_doc = [
        (f.value, f.indicator, f.period_start, f.period_end) for f in cells("stat_tables/merged_header.doc")
    ]
    as_docx = [
        (f.value, f.indicator, f.period_start, f.period_end)
        for f in cells("pdf_layouts/table_merged_header.docx")
    ]
    assert as_doc == as_docx and ("2025-01-01", "2025-12-31") in {(p, e) for _, _, p, e in as_doc}


def test_historical_compilation_in_english_number_format(tmp_path):
    """Years before 1900 head their columns; "2,430,581" is a number in groups of three, not a decimal."""
    rows = [("Губерния", "1897", "1914"), ("Московская", "2,430,581", "3,319,000")]
    doc = _docx_table(tmp_path, "Численность населения губерний, человек", rows)
    assert [(f.value, f.unit, f.indicator, f.period_start) for f in doc.figures] == [
        (2_430_581.0, "человек", "численность населения губерний: Московская", "1897-01-01"),
        (3_319_000.0, "человек", "численность населения губерний: Московская", "1914-01-01"),
    ]


@pytest.mark.parametrize(("cell", "english"), [("2,430,581", True), ("1,234.5", True), ("0,050", False),
                                               ("1,250", False), ("12,5", False)])  # fmt: skip
def test_english_groups_only_where_unambiguous(cell, english):
    from indpol.extract.figures.tables import ENGLISH_NUMBER

    assert bool(ENGLISH_NUMBER.fullmatch(cell)) is english


def test_html_page_laid_out_with_a_table(tmp_path):
    """A site lays the page out with a table: its cells are text, and the data table inside keeps its title;
    a unit column names units of its own ("вызов", "случай госпитализации")."""
    html = ("<html><body><table width='100%'><tr><td><a href='/'>Главная</a><br><a href='/d'>Документы</a></td><td>"
            "<p>Приложение № 3 к Программе</p><p><b>Нормативы объема медицинской помощи на 2016 год</b></p>"
            "<table border='1'><tr><td>Вид медицинской помощи</td><td>Единица измерения</td><td>Норматив на 1 жителя</td></tr>"
            "<tr><td>Скорая медицинская помощь</td><td>вызов</td><td>0,3</td></tr>"
            "<tr><td>Медицинская помощь в стационарных условиях</td><td>случай госпитализации</td><td>0,172</td></tr>"
            "</table></td></tr></table></body></html>")  # fmt: skip
    doc = _html(tmp_path, html)
    assert "Главная | " not in doc.text and len(doc.tables) == 1
    assert [(f.value, f.unit, f.indicator, f.period_start) for f in doc.figures] == [
        (0.3, "вызов", "норматив на 1 жителя: скорая медицинская помощь", "2016-01-01"),
        (0.172, "случай госпитализации", "норматив на 1 жителя: медицинская помощь в стационарных условиях",
         "2016-01-01"),
    ]  # fmt: skip


def test_english_groups_of_a_whole_table(tmp_path):
    """In a table whose numbers are written in English ("2,430,581", "46.2"), "5,123" is five thousand too."""
    rows = [
        ("Губерния", "1897", "Прирост, %"),
        ("Московская", "2,430,581", "36.6"),
        ("Уездный город", "5,123", "2.4"),
    ]
    doc = _docx_table(tmp_path, "Численность населения, человек", rows)
    assert [f.value for f in doc.figures if f.unit == "человек"] == [2_430_581.0, 5_123.0]


@pytest.mark.parametrize(
    "table",
    [
        ("<table><thead><tr><th rowspan='2'>№ п/п</th><th rowspan='2'>Показатели</th><th colspan='2'>Название субъекта РФ</th>"
         "</tr><tr><th>Республика Алтай</th><th>Омская область</th></tr></thead><tbody>"
         "<tr><td>1</td><td>Численность населения на 1 января 2024 г., тыс. человек</td><td>210,8</td><td>1 818,1</td>"
         "</tr></tbody></table>"),
        ("| Показатели | Республика Алтай | Омская область |\n|---|---:|---:|\n"
         "| Численность населения на 1 января 2024 г., тыс. человек | 210,8 | 1 818,1 |\n"),
    ],
    ids=["html-in-markdown", "pipe-table"],
)  # fmt: skip
def test_markdown_tables(tmp_path, table):
    """A Markdown file's tables (pipe tables, and the HTML tables pandoc writes for merged cells) are tables."""
    from indpol.evaluate.figures import figures_pipeline

    (tmp_path / "stat.md").write_text(
        f"# Регионы\n\nТаблица 1 — Показатели субъектов\n\n{table}\nКонец.\n", encoding="utf-8"
    )
    doc = figures_pipeline().process(tmp_path / "stat.md")
    assert [(f.value, f.unit, f.indicator, f.period_start) for f in doc.figures] == [
        (210_800.0, "человек", "численность населения на 1 января 2024 г: Республика Алтай", "2024-01-01"),
        (1_818_100.0, "человек", "численность населения на 1 января 2024 г: Омская область", "2024-01-01"),
    ]


def test_markdown_table_spans_are_bounded():
    """Spans multiply cells: a table whose spans would lay out more than MAX_CELLS cells is not read."""
    from indpol.ingest.text import _html_rows

    assert _html_rows("<table><tr><td rowspan='2' colspan='2'>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == [
        ["a", "", "b"], ["", "", "c"]
    ]  # fmt: skip
    hostile = "<table>" + "<tr>" + "<td rowspan='50' colspan='50'>x</td>" * 100 + "</tr></table>"
    assert _html_rows(hostile) == []


@pytest.mark.parametrize(
    ("corner", "unit", "value"),
    [
        ("МЛН РУБ.", "RUB", 664_022e6),  # a company report's unit over its row labels
        ("ТОРГОВАЯ ПЛОЩАДЬ, КВ. М", "м2", 664_022.0),
        ("Сеть", None, 664_022.0),  # a heading, no unit
    ],
)
def test_the_unit_over_the_row_labels_is_the_tables(tmp_path, corner, unit, value):
    """… down to a section row, whose block is of another quantity ("КОЛИЧЕСТВО МАГАЗИНОВ")."""
    rows = [(corner, "4 кв. 2023", "Изм. г-к-г, %"), ("Пятёрочка", "664 022", "20,3"),
            ("КОЛИЧЕСТВО МАГАЗИНОВ", "", ""), ("Пятёрочка", "22 975", "7,8")]  # fmt: skip
    doc = _docx_table(tmp_path, None, rows)
    assert [(f.value, f.unit) for f in doc.figures] == [
        (value, unit),
        (20.3, "%"),
        (22_975.0, None),
        (7.8, "%"),
    ]


def test_a_row_of_latin_words_in_a_russian_table_gives_figures(tmp_path):
    """A row label like "X5 Group" makes the row passage look English; it is a row of a Russian document."""
    rows = [("Средний чек, руб.", "4 кв. 2023", "4 кв. 2022"), ("Пятёрочка", "497,8", "453,9"),
            ("X5 Group", "530,0", "484,2")]  # fmt: skip
    doc = _docx_table(
        tmp_path, "Средний чек и количество покупателей торговых сетей компании за четвёртый квартал", rows
    )
    assert [f.value for f in doc.figures if f.table and f.table["row_header"] == "X5 Group"] == [530.0, 484.2]
