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


NOTED_ROWS = [
    ("", "Октябрь 2023 г.", "В % к октябрю 2022 г."),
    ("Инвестиции в основной капитал, млрд рублей", "9681,71)", "104,22)"),
    ("Внешнеторговый оборот, млрд долларов США", "51,13)", "117,94)"),
    ("в том числе: экспорт товаров", "30,6", "120,7"),
    ("Индекс потребительских цен", "", "106,7"),
    ("1) Данные за январь-сентябрь 2023 года. 2) Январь-сентябрь 2023 г. в % к январю-сентябрю 2022 г. "
     "3) Данные за сентябрь 2023 года. 4) Сентябрь 2023 г. и сентябрь 2022 г. в % к соответствующему периоду "
     "предыдущего года. 5) Оценка.", "", ""),
]  # fmt: skip
# value -> unit, period start, period end, the relation the indicator ends with (None: no relation)
NOTED_CASES = [
    (9681.7e9, ("RUB", "2023-01-01", "2023-09-30", None)),  # "1) Данные за январь-сентябрь"
    (104.2, ("%", "2023-01-01", "2023-09-30", "в % к соответствующему периоду предыдущего года")),  # the note's own
    (51.1e9, ("USD", "2023-09-01", "2023-09-30", None)),
    (117.9, ("%", "2023-09-01", "2023-09-30", "в % к соответствующему месяцу предыдущего года")),  # of 2023, not 2022
    (30.6e9, ("USD", "2023-09-01", "2023-09-30", None)),  # a "в том числе" row under the noted row takes its notes
    (120.7, ("%", "2023-09-01", "2023-09-30", "в % к соответствующему месяцу предыдущего года")),
    (106.7, ("%", "2023-10-01", "2023-10-31", "в % к соответствующему месяцу предыдущего года")),  # no mark: column's
]  # fmt: skip


@pytest.fixture(scope="module")
def noted(tmp_path_factory):
    return _docx_table(tmp_path_factory.mktemp("noted"), None, NOTED_ROWS).figures


@pytest.mark.parametrize(("value", "expected"), NOTED_CASES)
def test_footnotes_set_the_period_of_their_cells(noted, value, expected):
    """A Rosstat table's notes row ("1) Данные за январь-сентябрь 2023 года.") dates the cells marked "9681,71)"
    and the rows of the breakdown under them; a note of two periods gives the one of the column's year."""
    unit, start, end, relation = expected
    figure = next(f for f in noted if f.value == pytest.approx(value))
    assert (figure.unit, figure.period_start, figure.period_end) == (unit, start, end)
    if relation:
        assert figure.indicator.endswith(relation)


# header cells of the columns -> the period of the last column's cells
CHANGE_COLUMN_CASES = [
    (("4 кв. 2023", "4 кв. 2022", "Изм. г-к-г, %"), ("2023-10-01", "2023-12-31")),  # the latest compared period
    (("Прирост за 12М 2023", "Прирост за 12М 2022", "Изм. г-к-г, %"), ("2023-01-01", "2023-12-31")),
    (("9 мес. 2024", "9 мес. 2023", "г/г, %"), ("2024-01-01", "2024-09-30")),
]  # fmt: skip


@pytest.mark.parametrize(("header", "period"), CHANGE_COLUMN_CASES)
def test_year_on_year_change_column(tmp_path, header, period):
    """A change column ("Изм. г-к-г") measures the latest of the periods it compares; "12М 2023" is the year."""
    rows = [("Сеть", *header), ("Пятерочка", "664 022", "551 900", "20,3")]
    doc = _docx_table(tmp_path, "Выручка, млн рублей", rows)
    change = next(f for f in doc.figures if f.value == pytest.approx(20.3))
    assert (change.unit, change.period_start, change.period_end) == ("%", *period)


# row labels under a section row -> the cell's unit
COUNTED_CASES = [
    (("КОЛИЧЕСТВО МАГАЗИНОВ", "Пятерочка"), "магазин"),  # a count's unit is what it counts, as in prose
    (("Число организаций", "Всего"), "организация"),
    (("Торговая площадь, кв. м", "Пятерочка"), "м2"),  # a written unit comes first
]


@pytest.mark.parametrize(("labels", "unit"), COUNTED_CASES)
def test_count_rows_take_the_counted_noun_as_unit(tmp_path, labels, unit):
    section, row = labels
    rows = [("", "4 кв. 2023", "4 кв. 2022"), (section, "", ""), (row, "547", "299")]
    doc = _docx_table(tmp_path, None, rows)
    assert {f.unit for f in doc.figures} == {unit}


# a unit written in a row label or a table's title -> kind, unit, scale
HEADER_UNIT_CASES = [
    ("Скорость доставки грузов (км/сутки)", ("quantity", "км/сутки", 1.0)),
    ("Средняя участковая скорость движения грузового поезда (км/ч)", ("quantity", "км/ч", 1.0)),
    ("Всего (млн пасс.)", ("quantity", "пассажир", 1e6)),
    ("Грузооборот тарифный (млрд тарифных тонно-км)", ("quantity", "т-км", 1e9)),  # adjectives after the scale
    ("Отправление контейнеров в январе – августе 2016 – 2019 гг., тыс. ДФЭ", ("quantity", "ДФЭ", 1e3)),
    ("Ввод жилья, млн м2 общей площади", ("quantity", "м2", 1e6)),
]  # fmt: skip


@pytest.mark.parametrize(("header", "unit"), HEADER_UNIT_CASES)
def test_units_of_headers(header, unit):
    from indpol.evaluate.figures import figures_pipeline
    from indpol.extract.figures.context import load_vocab
    from indpol.extract.figures.tables import _unit_of

    assert _unit_of(header, figures_pipeline().models.morph, load_vocab()) == unit


def test_growth_column_is_percent_of_the_later_period(tmp_path):
    """A "Темп прироста, %" cell is a percent although the row's label names "км/сутки", and it is the later period's."""
    rows = [("", "январь – август 2018 г.", "январь – август 2019 г.", "Темп прироста, %"),
            ("Скорость доставки грузов (км/сутки)", "393,1", "397,2", "1,0")]  # fmt: skip
    doc = _docx_table(tmp_path, "Эксплуатационные показатели", rows)
    assert [(f.value, f.unit, f.period_start, f.period_end) for f in doc.figures] == [
        (393.1, "км/сутки", "2018-01-01", "2018-08-31"),
        (397.2, "км/сутки", "2019-01-01", "2019-08-31"),
        (1.0, "%", "2019-01-01", "2019-08-31"),
    ]


# rows under "Погрузка (млн тонн)" -> the unit and indicator of the first part ("Каменный уголь")
SUMMED_CASES = [
    ((("Каменный уголь", "249,2", "245,9"), ("Кокс", "7,3", "7,2"), ("Прочие", "603,6", "597,4")),
     ("т", 249.2e6, "погрузка: каменный уголь")),  # their numbers add up to the row above: its parts
    ((("Каменный уголь", "249,2", "245,9"), ("Кокс", "7,3", "7,2"), ("Прочие", "6,6", "5,4")),
     (None, 249.2, "каменный уголь")),  # they do not: rows of their own
]  # fmt: skip


@pytest.mark.parametrize(("parts", "expected"), SUMMED_CASES)
def test_rows_that_add_up_to_the_row_above_take_its_unit(tmp_path, parts, expected):
    """A reader that loses the indentation of "Каменный уголь" under "Погрузка (млн тонн)" leaves its rows
    without a unit; when their numbers add up to the row above in every year, they are its parts."""
    rows = [("", "2018 г.", "2019 г."), ("Погрузка (млн тонн)", "860,1", "850,5"), *parts]
    doc = _docx_table(tmp_path, None, rows)
    first = next(f for f in doc.figures if f.table["row_header"] == "Каменный уголь")
    assert (first.unit, first.value, first.indicator) == expected


def test_months_of_several_years_in_the_title(tmp_path):
    """A title "… в январе – августе 2016 – 2019 гг.": the year columns hold January–August of each year."""
    rows = [("", "2016 г.", "2019 г."), ("Импорт", "224 284", "455 456")]
    doc = _docx_table(
        tmp_path, "Отправление груженых контейнеров в январе – августе 2016 – 2019 гг., тыс. ДФЭ", rows
    )
    assert [(f.value, f.unit, f.period_start, f.period_end) for f in doc.figures] == [
        (224_284_000.0, "ДФЭ", "2016-01-01", "2016-08-31"),
        (455_456_000.0, "ДФЭ", "2019-01-01", "2019-08-31"),
    ]


def test_html_heading_above_a_table_is_its_title(tmp_path):
    """A heading starts a table's title: the heading of the section above it ("Грузовые перевозки") or the legend
    of a chart is no part of it; the heading right above each table is known to the reader (trafilatura drops
    it on some pages, and the reader puts it back above the table)."""
    from indpol.ingest.html import _table_headings

    def rows(first: int) -> str:
        return "".join(
            f"<tr><td>Порт {n}</td><td>{100 + n},5</td><td>{120 + n},1</td></tr>" for n in range(first, 9)
        )

    head = "<tr><th>&nbsp;</th><th>январь – август 2018 г.</th><th>январь – август 2019 г.</th></tr>"
    titles = ("Погрузка экспортных грузов в морские порты, тыс. тонн", "Погрузка импортных грузов")
    tables = "".join(f"<h1>{title}</h1><table><tbody>{head}{rows(first)}</tbody></table><p>&nbsp;</p>"
                     for first, title in enumerate(titles, 1))  # fmt: skip
    html = f"<html><body><div><h1>Грузовые перевозки</h1>{tables}</div></body></html>"
    assert _table_headings(html) == {"Порт 1|101,5|121,1": titles[0], "Порт 2|102,5|122,1": titles[1]}
    doc = _html(tmp_path, html)
    first = doc.figures[0]
    assert (first.value, first.unit, first.indicator, first.period_start) == (
        101_500.0,
        "т",
        "погрузка экспортных грузов в морские порты: порт 1",
        "2018-01-01",
    )


@pytest.mark.parametrize("period_line", ["4 КВ. 2024 12М 2024", "9 мес. 2024 г.", "2023 – 2024 гг."])
def test_a_period_line_read_as_a_heading_keeps_the_title_above(tmp_path, period_line):
    """A table's period header in capitals comes out as a heading: it does not start the title, so the title
    above ("… % г-к-г") still gives the cells their unit."""
    html = (
        "<html><body><h1>Динамика сопоставимых продаж, % г-к-г</h1>"
        f"<h2>{period_line}</h2><table><tbody><tr><th>&nbsp;</th><th>ПРОДАЖИ</th><th>ТРАФИК</th></tr>"
        "<tr><td>Пятёрочка</td><td>13,1</td><td>3,5</td></tr></tbody></table></body></html>"
    )
    assert [(f.value, f.unit) for f in _html(tmp_path, html).figures] == [(13.1, "%"), (3.5, "%")]


@pytest.mark.parametrize(
    ("corner", "unit", "value"),
    [
        ("МЛН РУБ.", "RUB", 664_022e6),  # a company report's unit over its row labels
        ("ТОРГОВАЯ ПЛОЩАДЬ, КВ. М", "м2", 664_022.0),
        ("Сеть", None, 664_022.0),  # a heading, no unit
    ],
)
def test_the_unit_over_the_row_labels_is_the_tables(tmp_path, corner, unit, value):
    """… down to a section row, whose block is of another quantity ("КОЛИЧЕСТВО МАГАЗИНОВ": shops counted)."""
    rows = [(corner, "4 кв. 2023", "Изм. г-к-г, %"), ("Пятёрочка", "664 022", "20,3"),
            ("КОЛИЧЕСТВО МАГАЗИНОВ", "", ""), ("Пятёрочка", "22 975", "7,8")]  # fmt: skip
    doc = _docx_table(tmp_path, None, rows)
    assert [(f.value, f.unit) for f in doc.figures] == [
        (value, unit),
        (20.3, "%"),
        (22_975.0, "магазин"),
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
