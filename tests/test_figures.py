"""Figures extractor: kinds, values, units, ranges, enumerations, non-figures, tables, the seed article."""

from pathlib import Path

import pytest
from conftest import run_figures as run

from indpol.config import PipelineConfig
from indpol.extract.figures.step import figures_step
from indpol.extract.figures.tables import table_figures
from indpol.nlp.cache import Models
from indpol.records import CELL_SEPARATOR, Table
from indpol.testing import make_document

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = DATA / "seed" / "000_b7d02244011c42de.txt"


def brief(text, items):
    return [(text[f.start : f.end], f.kind, f.value, f.value_max, f.unit) for f in items]


FORMS = [
    ("объем составит 12 345,6 тыс. рублей", [("12 345,6 тыс. рублей", "money", 12345600.0, None, "RUB")]),
    ("объем 12 345 , 6 тыс . руб .", [("12 345 , 6 тыс . руб .", "money", 12345600.0, None, "RUB")]),
    ("товарооборот достиг $50 млрд", [("$50 млрд", "money", 5e10, None, "USD")]),
    ("кредит 5 млн долл. США", [("5 млн долл. США", "money", 5e6, None, "USD")]),
    ("взнос 10 бел. руб.", [("10 бел. руб.", "money", 10.0, None, "BYN")]),
    ("грант 7 евро", [("7 евро", "money", 7.0, None, "EUR")]),
    ("выручка 3 млрд. рублей", [("3 млрд. рублей", "money", 3e9, None, "RUB")]),
    ("доля 5,2% рынка", [("5,2%", "percent", 5.2, None, "%")]),
    ("доля 15 процентов рынка", [("15 процентов", "percent", 15.0, None, "%")]),
    ("доля выросла на 2,5 п.п.", [("2,5 п.п.", "pp", 2.5, None, "pp")]),
    ("снизилась на 1,5 процентного пункта", [("1,5 процентного пункта", "pp", 1.5, None, "pp")]),
    ("индекс производства составил 102,3 %", [("102,3 %", "index", 102.3, None, "%")]),
    ("цена 1 200 руб./т", [("1 200 руб./т", "money", 1200.0, None, "RUB/т")]),
    ("рост на 5–10 %", [("5–10 %", "percent", 5.0, 10.0, "%")]),
    ("от 5 до 10 %", [("5 до 10 %", "percent", 5.0, 10.0, "%")]),
    ("увеличился в 2–3 раза", [("2–3 раза", "ratio", 2.0, 3.0, "раз")]),
    ("вырос в 2,5 раза", [("2,5 раза", "ratio", 2.5, None, "раз")]),
    ("посевы 150 га", [("150 га", "quantity", 150.0, None, "га")]),
    ("урожай 3 тыс. т зерна", [("3 тыс. т", "quantity", 3000.0, None, "т")]),
    ("выработка 1 000 кВт*ч", [("1 000 кВт*ч", "quantity", 1000.0, None, "кВт*ч")]),
    ("площадь 20 кв. м", [("20 кв. м", "quantity", 20.0, None, "м2")]),
    ("занято двух тысяч человек", [("двух тысяч человек", "quantity", 2000.0, None, "человек")]),
    ("из двадцати восьми программ", [("двадцати восьми программ", "count", 28.0, None, "программа")]),
    ("в трех регионах", [("трех регионах", "count", 3.0, None, "регион")]),
    ("создано 6 предприятий", [("6 предприятий", "count", 6.0, None, "предприятие")]),
    (
        "действует 283 малых и средних предприятий",
        [("283 малых и средних предприятий", "count", 283.0, None, "малое и среднее предприятие")],
    ),
    ("приступили 4549 обучающихся, а также", [("4549 обучающихся", "count", 4549.0, None, "обучающийся")]),
    ("приняли 1990 воспитанников", [("1990 воспитанников", "count", 1990.0, None, "воспитанник")]),
    ("составил 87,3 койки", [("87,3 койки", "quantity", 87.3, None, "койка")]),
    ("смертность составила 15,1 на 1000 населения", [("15,1", "ratio", 15.1, None, "на 1000 человек")]),
    ("рождаемость 10,5 промилле", [("10,5 промилле", "ratio", 10.5, None, "‰")]),
    ("убыль (-38 человек)", [("-38 человек", "quantity", -38.0, None, "человек")]),
    ("убыль составила -4,6 на 1000 населения", [("-4,6", "ratio", -4.6, None, "на 1000 человек")]),
    ("2020 г. -34,00 тыс. руб. - местный бюджет", [("34,00 тыс. руб.", "money", 34000.0, None, "RUB")]),
    ("обеспеченность 96 коек на 10 тыс. жителей", [("96 коек", "count", 96.0, None, "койка")]),
    (
        "41 объект на 2153 посадочных места",
        [
            ("41 объект", "count", 41.0, None, "объект"),
            ("2153 посадочных места", "count", 2153.0, None, "посадочное место"),
        ],
    ),
    ("за 5 лет выросла на 3,35 года", [("3,35 года", "quantity", 3.35, None, "год")]),
    ("в возрасте 80 лет и старше", []),
    ("район занимает 5 место в области", []),
    ("численность составила - 1537 человека .", [("1537 человека", "quantity", 1537.0, None, "человек")]),
    ("закончили обучение 101 безработный .", [("101 безработный", "count", 101.0, None, "безработный")]),
    ("обучаются 184 учащихся в школе", [("184 учащихся", "count", 184.0, None, "учащийся")]),
    ("на сумму 3 млн. 91 тысяча рублей", [("3 млн. 91 тысяча рублей", "money", 3091000.0, None, "RUB")]),
    (
        "оборот составит 6312,5-6252,98 млн. рублей",
        [("6312,5-6252,98 млн. рублей", "money", 6252980000.0, 6312500000.0, "RUB")],
    ),
    ("раз в 3 года готовится отчет", []),
    ("для детей в возрасте от 1,5 до 7 лет", []),
    ("в трех летнем периоде", []),
    (
        "прибыло 7 врачей (6 из них по программе)",
        [("7 врачей", "count", 7.0, None, "врач"), ("6", "count", 6.0, None, "врач")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text, expected, morph):
    assert brief(text, run(text, morph)) == expected


NOT_FIGURES = [
    "согласно ст. 5 Закона № 302 и п. 3",
    "Федеральный закон от 06.10.2003 г. № 131-ФЗ",
    "телефон 8(2134) 28216",
    "1. Общие положения",
    "в 2016 году и до 2030 года",
    "на 2014-2016 годы",
    "Приложение № 2 к Программе",
    "на 3-м этапе",
    "Оценка: Эи = Ифакт / Иплан*100%",
    "одна из которых",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text, morph):
    assert brief(text, run(text, morph)) == []


def test_enumeration_shares_unit_and_has_periods(morph):
    text = (
        "Объем финансирования программы составит 12 345,6 тыс. рублей, в том числе "
        "в 2016 году – 2 100,0, в 2017 году – 2 300,0 тыс. рублей."
    )
    items = run(text, morph)
    assert [(f.value, f.unit, f.period_start, f.indicator) for f in items] == [
        (12345600.0, "RUB", None, "объем финансирования программы"),
        (2100000.0, "RUB", "2016-01-01", "объем финансирования программы"),
        (2300000.0, "RUB", "2017-01-01", "объем финансирования программы"),
    ]


INDICATORS = [
    ("Объем финансирования программы составит 12 345,6 тыс. рублей.", ["объем финансирования программы"]),
    ("выполнено 80 % мероприятий", ["мероприятие"]),
    ("Общий объем доходов бюджета в сумме 15186,0 тыс. рублей.", ["общий объем доходов бюджета"]),
    ("Отгружено 2397 вагонов общим объемом 192,4 тыс. м3.", ["вагон", "общий объем"]),
    ("Реализуется проект с объемом инвестиций не менее 50 млрд. рублей.", ["объем инвестиций"]),
    ("Снизить количество преступлений в местах массового пребывания на 10 %.", ["количество преступлений"]),
    ("Осуществляли деятельность 229 предприятий (93,5 % к 2015 году).", ["предприятие", "предприятие"]),
    ("Структура: 37,5 % - производство и распределение электроэнергии, газа и воды, 5,2 % - оптовая и "
     "розничная торговля.", ["производство и распределение электроэнергии газа и воды", "оптовая и розничная торговля"]),
    ("Обеспеченность больничными койками в 2017 году составила 96 коек.", ["обеспеченность больничными койками"]),
    ("Уровень финансирования реализации основных мероприятий программы составил не менее 90 процентов.",
     ["уровень финансирования реализации"]),
    ("Производство хлеба (кроме сдобы) увеличилось на 10,7 %.", ["производство хлеба"]),
    ("Вес приходится на « оптовая и розничная торговля » - 37,80 % .", ["оптовая и розничная торговля"]),
    ("Индекс роста физического объема оборота прогнозируется на уровне 101-103 %.",
     ["индекс роста физического объема"]),
    ("Оборот в двух вариантах развития составит 6034,9 млн. рублей.", ["вариант", "оборот"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), INDICATORS)
def test_indicators(text, expected, morph):
    assert [f.indicator for f in run(text, morph)] == expected


def test_classifier_count_takes_indicator_from_genitive(morph):
    [item] = run("имелось 2542 головы свиней", morph)
    assert (item.kind, item.unit, item.indicator) == ("count", "голова", "свинья")


def test_rate_base_is_not_a_figure_and_not_an_indicator(morph):
    text = "Количество библиотек на 100 тыс. населения в 2017 году составило 160 единиц."
    assert [(f.value, f.unit, f.indicator) for f in run(text, morph)] == [
        (160.0, "ед.", "количество библиотек")
    ]


def test_breakdown_split_into_passages():
    text = (
        "Общий объем финансирования Программы составляет 100,0 тыс. рублей .\n\nВ том числе по годам :"
        "\n\n2019 год – 40,0 ;\n\n2020 год – 60,0 .\n\nОтчет о ходе работ представляется ежегодно до 1 марта."
    )
    doc = make_document(text, doc_id="d")
    figures_step(doc, Models(PipelineConfig()), PipelineConfig())
    assert [(f.text, f.value, f.unit, f.indicator, f.period_start) for f in doc.figures] == [
        ("100,0 тыс. рублей", 100000.0, "RUB", "общий объем финансирования программы", None),
        ("40,0", 40000.0, "RUB", "общий объем финансирования программы", "2019-01-01"),
        ("60,0", 60000.0, "RUB", "общий объем финансирования программы", "2020-01-01"),
    ]


def test_breakdown_after_total(morph):
    text = "Объем финансирования составит 1 000,0 тыс. рублей, в том числе по годам: 2016 год – 400,0; 2017 год – 600,0."
    assert [(f.value, f.period_start) for f in run(text, morph)] == [
        (1000000.0, None),
        (400000.0, "2016-01-01"),
        (600000.0, "2017-01-01"),
    ]


APPROX_CHANGE = [
    ("около 5 тыс. рублей", "about", None),
    ("не менее 150 га", "min", None),
    ("до 10 %", "max", None),
    ("рост производства на 5 %", None, "increase"),
    ("снизить выбросы более чем на 3 %", "min", "decrease"),
]


@pytest.mark.parametrize(("text", "approx", "change"), APPROX_CHANGE)
def test_approx_and_change(text, approx, change, morph):
    [item] = run(text, morph)
    assert (item.approx, item.change) == (approx, change)


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
    items = run(text, morph)
    assert [(text[f.start : f.end], f.kind, f.value, f.unit, f.indicator) for f in items] == expected


def test_seed_period_of_trade(morph):
    text = SEED_PASSAGES[1][0]
    [item] = run(text, morph)
    assert (item.period_start, item.period_end) == ("2023-01-01", "2023-12-31")


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


def test_step_provenance_and_order():
    text = "Первый абзац без чисел.\n\nОбъем составит 5 млн рублей, рост на 3 %."
    doc = make_document(text, doc_id="d")
    figures_step(doc, Models(PipelineConfig()), PipelineConfig())
    assert [(f.text, f.kind) for f in doc.figures] == [("5 млн рублей", "money"), ("3 %", "percent")]
    for figure in doc.figures:
        assert doc.text[figure.start : figure.end] == figure.text
        assert (figure.source_start, figure.source_end) == (figure.start, figure.end)
        assert figure.figure_id and figure.doc_id == "d"


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/data is absent")
def test_seed_article(morph):
    doc = make_document(SEED.read_text(encoding="utf-8"), doc_id="seed")
    figures_step(doc, Models(PipelineConfig()), PipelineConfig())
    got = {(f.kind, f.value, f.unit) for f in doc.figures}
    assert {("count", 28.0, "союзная программа"), ("percent", 80.0, "%"), ("count", 8.0, "союзная программа"),
            ("percent", 20.0, "%"), ("money", 5e10, "USD")} <= got  # fmt: skip


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
