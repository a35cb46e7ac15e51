"""Figures of whole documents: the step's provenance and order, table rows, anaphora across passages,
the seed article and the pair of reports in corpus/."""

import pytest
from conftest import CORPUS, SEED, figure_rows, needs_seed, run_figures, run_figures_step

from indpol.extract.figures.tables import table_figures
from indpol.records import CELL_SEPARATOR, Table

SEED_PASSAGES = [
    ("В настоящее время выполнено 80 % мероприятий, которые предусмотрены в рамках 28 союзных программ, "
     "из которых 8 выполнены полностью. На оставшиеся 20 % приходятся вопросы.",
     [("80 %", "percent", 80.0, "%", "мероприятие"), ("28 союзных программ", "count", 28.0, "союзная программа",
      "союзная программа"), ("8", "count", 8.0, "союзная программа", "союзная программа"),
      ("20 %", "percent", 20.0, "%", "мероприятие")]),
    ("Это подтверждается наращиванием взаимного товарооборота, который в 2023 году достиг рекордного "
     "объема – $50 млрд, обеспечением транзита.",
     [("$50 млрд", "money", 5e10, "USD", "взаимный товарооборот")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SEED_PASSAGES)
def test_seed_sentences(text, expected, morph):
    assert figure_rows(text, morph, "kind", "value", "unit", "indicator") == expected


def test_seed_period_of_trade(morph):
    text = SEED_PASSAGES[1][0]
    [item] = run_figures(text, morph)
    assert (item.period_start, item.period_end) == ("2023-01-01", "2023-12-31")


@needs_seed
def test_seed_article():
    doc = run_figures_step(SEED.read_text(encoding="utf-8"), doc_id="seed")
    got = {(f.kind, f.value, f.unit) for f in doc.figures}
    assert {("count", 28.0, "союзная программа"), ("percent", 80.0, "%"), ("count", 8.0, "союзная программа"),
            ("percent", 20.0, "%"), ("money", 5e10, "USD")} <= got  # fmt: skip


def test_step_provenance_and_order():
    doc = run_figures_step("Первый абзац без чисел.\n\nОбъем составит 5 млн рублей, рост на 3 %.")
    assert [(f.text, f.kind) for f in doc.figures] == [("5 млн рублей", "money"), ("3 %", "percent")]
    for figure in doc.figures:
        assert doc.text[figure.start : figure.end] == figure.text
        assert (figure.source_start, figure.source_end) == (figure.start, figure.end)
        assert figure.figure_id and figure.doc_id == "d"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Выручка связи в 2018 году составила 45,2 млн. рублей или выросла на 2 % .\n\n"
            "В 2020 году ожидается ее рост на 3,5 % к 2018 году и составит 46,8 млн. рублей .",
            ["выручка связи"] * 4,
        ),
        (
            "Единого сельскохозяйственного налога в бюджет района в 2016 году поступило 812,3 тыс. рублей .\n\n"
            "По сравнению с 2015 годом поступило меньше на 95,4 тыс. рублей .",
            ["единый сельскохозяйственный налог"] * 2,
        ),
    ],
)
def test_anaphora_across_passages(text, expected):
    assert [f.indicator for f in run_figures_step(text).figures] == expected


def test_table_row(morph):
    table = Table(
        doc_id="t",
        table_id="tb",
        index=0,
        page=1,
        bbox=None,
        caption="Финансирование, тыс. рублей",
        rows=(("Показатель", "2016", "2017 год"), ("Объем финансирования", "2 100,0", "2 300,0")),
    )
    text = CELL_SEPARATOR.join(table.rows[1])
    found = table_figures(text, table, 1, morph)
    assert [(text[f.start : f.end], f.kind, f.value, f.unit, f.indicator, f.period_start, info["col"],
             info["column_header"]) for f, info in found] == [
        ("2 100,0", "money", 2100000.0, "RUB", "объем финансирования", "2016-01-01", 1, "2016"),
        ("2 300,0", "money", 2300000.0, "RUB", "объем финансирования", "2017-01-01", 2, "2017 год"),
    ]  # fmt: skip
    assert table_figures(CELL_SEPARATOR.join(table.rows[0]), table, 0, morph) == []


@pytest.fixture(scope="session")
def pipeline():
    from indpol.evaluate.figures import figures_pipeline

    return figures_pipeline()


def test_docx_table_through_pipeline(pipeline, tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Таблица 1. Целевые показатели программы")
    rows = [
        ("№ п/п", "Показатель", "Ед. изм.", "2016", "2017 год"),
        ("1", "Объем финансирования", "тыс. рублей", "2 100,0", "2 300,0"),
        ("2", "Доля внебюджетных средств", "%", "12,5", "14"),
        ("3", "Площадь посевов", "га", "150", "160"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "table.docx"
    document.save(path)
    doc = pipeline.process(path)
    got = [(f.text, f.kind, f.value, f.unit, f.indicator, f.period_start, f.table["col"], f.table["column_header"])
           for f in doc.figures]  # fmt: skip
    assert got == [
        ("2 100,0", "money", 2100000.0, "RUB", "объем финансирования", "2016-01-01", 3, "2016"),
        ("2 300,0", "money", 2300000.0, "RUB", "объем финансирования", "2017-01-01", 4, "2017 год"),
        ("12,5", "percent", 12.5, "%", "доля внебюджетных средств", "2016-01-01", 3, "2016"),
        ("14", "percent", 14.0, "%", "доля внебюджетных средств", "2017-01-01", 4, "2017 год"),
        ("150", "quantity", 150.0, "га", "площадь посевов", "2016-01-01", 3, "2016"),
        ("160", "quantity", 160.0, "га", "площадь посевов", "2017-01-01", 4, "2017 год"),
    ]
    assert all(doc.text[f.start : f.end] == f.text for f in doc.figures)


@pytest.fixture(scope="module")
def reports(full_pipeline):
    """The 2023 and 2024 reports on the union programmes, through every step."""
    return [
        full_pipeline.process(str(CORPUS / f"otchet_o_hode_realizacii_{year}.txt")) for year in (2023, 2024)
    ]


def money(doc):
    return [
        (f.value, f.unit, f.indicator, f.period_start, f.period_end) for f in doc.figures if f.unit == "USD"
    ]


def test_report_pair_turnover(reports):
    assert money(reports[0]) == [(5e10, "USD", "взаимный товарооборот", "2023-01-01", "2023-12-31")]
    assert money(reports[1]) == [
        (4.96e10, "USD", "взаимный товарооборот", "2023-01-01", "2023-12-31"),
        (5.23e10, "USD", "взаимный товарооборот", "2024-01-01", "2024-12-31"),
    ]


def test_report_programmes_not_dated_by_approval(reports):
    programmes = [f for f in reports[0].figures if f.unit == "союзная программа"]
    assert "2021-11-04" not in {f.period_start for f in programmes}


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("Объем финансирования программы – 3 500,0 тыс. рублей, в том числе за счет средств федерального "
         "бюджета: 2024 год – 700,0 тыс. рублей.", ["phrase", "inherited"]),
        ("Объем инвестиций в основной капитал по годам:\n\n– 2024 год – 150,0 млн рублей;", ["heading"]),
    ],
)  # fmt: skip
def test_indicator_source(text, sources):
    assert [f.indicator_source for f in run_figures_step(text).figures] == sources


TOTAL = "общий объем финансирования программы"


def test_financing_breakdown_over_lines():
    """A passport's breakdown, a line each: the rows under a funding source take the total's measure and the
    source (they were empty), the next source replaces the first."""
    text = (
        "Общий объем финансирования программы составит 3 500,0 тыс. рублей, в том числе:\n\n"
        "за счет средств федерального бюджета:\n\n2014 год – 648,507 тыс. рублей;\n\n2015 год – 700,0 тыс. рублей;"
        "\n\nза счет средств областного бюджета:\n\n2014 год – 100,0 тыс. рублей."
    )
    assert [(f.indicator, f.indicator_source, f.period_start) for f in run_figures_step(text).figures] == [
        (TOTAL, "phrase", None),
        (f"{TOTAL} за счет средств федерального бюджета", "heading", "2014-01-01"),
        (f"{TOTAL} за счет средств федерального бюджета", "heading", "2015-01-01"),
        (f"{TOTAL} за счет средств областного бюджета", "heading", "2014-01-01"),
    ]  # fmt: skip


def test_list_lines_under_a_measured_total():
    """The lines of a list under a total name parts of its measure: a genitive line the measure's head, a
    prepositional line the whole measure."""
    text = (
        "Протяженность автомобильных дорог общего пользования составляет 343,9 км:\n\n"
        "- с капитальным типом покрытия - около 175 км;\n\n- гравийных дорог – 157,9 км;"
    )
    assert [f.indicator for f in run_figures_step(text).figures] == [
        "протяженность автомобильных дорог общего пользования",
        "протяженность автомобильных дорог общего пользования с капитальным типом покрытия",
        "протяженность гравийных дорог",
    ]  # fmt: skip
