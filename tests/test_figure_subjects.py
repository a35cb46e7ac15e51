"""Figures: indicator from the predicate's subject, event dates vs periods, shared counted nouns, report pair."""

from pathlib import Path

import pytest

from indpol.extract.figures.prose import extract_figures
from indpol.extract.grammars.dates import parse_dates

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TURNOVER = (
    "По предварительным данным, взаимный товарооборот Российской Федерации и Республики Беларусь "
    "в 2023 году составил около 50 млрд долларов США, увеличившись на 8,7 % по сравнению с 2022 годом."
)


def figures(text, morph):
    dates = [(d.start, d.end, d.date_start, d.date_end) for d in parse_dates(text)]
    return {text[f.start : f.end]: f for f in extract_figures(text, morph, dates)}


SUBJECTS = [
    (TURNOVER, "50 млрд долларов США", "взаимный товарооборот"),
    (TURNOVER, "8,7 %", "взаимный товарооборот"),  # a gerund takes the indicator of the figure before
    (
        "По уточненным данным, объем взаимного товарооборота Российской Федерации и Республики Беларусь "
        "в 2023 году составил 49,6 млрд долларов США.",
        "49,6 млрд долларов США",
        "взаимный товарооборот",
    ),
    (
        "В 2024 году взаимный товарооборот достиг 52,3 млрд долларов США.",
        "52,3 млрд долларов США",
        "взаимный товарооборот",
    ),
    (
        "Доля продукции машиностроения во взаимных поставках составила 21,4 %.",
        "21,4 %",
        "доля продукции машиностроения",
    ),
    (
        "Расчеты ведутся в национальных валютах: доля российского рубля в расчетах превысила 90 %.",
        "90 %",
        "доля российского рубля",
    ),
    (
        "Оценка численности зарегистрированных безработных на начало 2018 года составляет 700 человек.",
        "700 человек",
        "численность зарегистрированных безработных",
    ),
    (
        "Численность безработных граждан, состоявших на учете в службе занятости, в 2015 году снизилась на 29 %.",
        "29 %",
        "численность безработных граждан",
    ),
    (
        "Занятость населения\nЧисленность безработных граждан в 2015 году снизилась на 29 %.",
        "29 %",
        "численность безработных граждан",
    ),
    (
        "Снижение объемов производства молока в 2016 году составило 7,5 %.",
        "7,5 %",
        "объем производства молока",
    ),
    (
        "При этом доля продукции для детей в общем объеме производства возрастет в 2 раза.",
        "2 раза",
        "доля продукции",
    ),
    (
        "Общий объем финансирования подпрограммы за счет всех источников составит 9000 тыс. руб.",
        "9000 тыс. руб.",
        "общий объем финансирования подпрограммы",
    ),
    (
        "В 2011 году количество субъектов малого и среднего предпринимательства составило 100 тыс. единиц.",
        "100 тыс. единиц",
        "количество субъектов малого и среднего предпринимательства",
    ),
    (
        "Обеспеченность больничными койками в 2017 году составила 96 коек.",
        "96 коек",
        "обеспеченность больничными койками",
    ),
    (
        "Ожидается, что к 2021 году численность населения составит 4,7 тыс. человек.",
        "4,7 тыс. человек",
        "численность населения",
    ),
    ("Выдано 40 займов, что составляет 12 % от плана.", "12 %", None),  # "что" is the subject: no indicator
    # counts after other verbs keep the counted noun: the figure is the subject or the object
    ("На территории поселения находится 1 школа.", "1 школа", "школа"),
    ("В 2023 году на развитие отрасли выделено 15 грантов.", "15 грантов", "грант"),
]


@pytest.mark.parametrize(("text", "span", "indicator"), SUBJECTS)
def test_extract_figures_indicator_from_subject(text, span, indicator, morph):
    assert figures(text, morph)[span].indicator == indicator


PERIODS = [
    (
        "В отчете обобщены результаты Основных направлений на 2021–2023 годы, одобренных Высшим "
        "государственным советом 4 ноября 2021 г., и 28 союзных программ.",
        "28 союзных программ",
        ("2021-01-01", "2023-12-31"),
    ),
    (
        "С учетом мероприятий, завершенных в 2024 году, выполнено 28 союзных программ.",
        "28 союзных программ",
        (None, None),
    ),
    ("Соглашение, подписанное в 2023 году, предусматривает 5 мер поддержки.", "5 мер", (None, None)),
    ("В соответствии с постановлением от 17 июля 2015 г. выделено 15 грантов.", "15 грантов", (None, None)),
    (
        "На 1 января 2024 г. выборка средств кредита составила 68,4 млрд рублей.",
        "68,4 млрд рублей",
        ("2024-01-01", "2024-01-01"),
    ),
    (
        "В 2016 году площадь составила 22,47 га (96,2 % к уровню 2015 года).",
        "96,2 %",
        ("2016-01-01", "2016-12-31"),
    ),
    ("Выручка составила 120 млн рублей по сравнению с 2015 годом.", "120 млн рублей", (None, None)),
    (
        "Планируемый объем финансирования программы на 2018-2020 годы составляет : 80,2 тысячи рублей.",
        "80,2 тысячи рублей",
        ("2018-01-01", "2020-12-31"),
    ),
]


@pytest.mark.parametrize(("text", "span", "period"), PERIODS)
def test_extract_figures_period_not_an_event_date(text, span, period, morph):
    found = figures(text, morph)[span]
    assert (found.period_start, found.period_end) == period


SHARED = [
    (
        "Деятельность осуществляли 36 малых и 8 средних субъектов предпринимательства.",
        [("36 малых", 36.0, "малый субъект"), ("8 средних субъектов", 8.0, "средний субъект")],
    ),
    (
        "Выполнено 5 плановых и 3 внеплановых проверки.",
        [("5 плановых", 5.0, "плановая проверка"), ("3 внеплановых проверки", 3.0, "внеплановая проверка")],
    ),
    ("В 2016 и 2017 годах проведено 12 проверок.", [("12 проверок", 12.0, "проверка")]),
]


@pytest.mark.parametrize(("text", "expected"), SHARED)
def test_extract_figures_shared_counted_noun(text, expected, morph):
    found = figures(text, morph)
    assert [(span, f.value, f.unit) for span, f in found.items() if f.kind == "count"] == expected


def test_extract_figures_entity_is_never_the_subject(morph):
    text = "Компания в 2023 году достигла 12 % рынка."
    dates = [(d.start, d.end, d.date_start, d.date_end) for d in parse_dates(text)]
    plain = extract_figures(text, morph, dates)
    named = extract_figures(text, morph, dates, names=[(0, 8)])  # "Компания" tagged ORG
    assert (plain[0].indicator, named[0].indicator) == ("компания", "рынок")


def test_extract_figures_value_has_no_float_noise(morph):
    assert figures("выборка составила 68,4 млрд рублей", morph)["68,4 млрд рублей"].value == 68400000000.0


@pytest.fixture(scope="session")
def reports():
    from indpol.pipeline import Pipeline

    pipeline = Pipeline.from_config()
    return [pipeline.process(str(CORPUS / f"otchet_o_hode_realizacii_{year}.txt")) for year in (2023, 2024)]


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
