"""Figures: patterns found by the audit on unseen documents (names, pairs, comparisons, dots, periods, units)."""

import pytest

from indpol.annotate.morph import load_morph
from indpol.extract.dates import parse_dates
from indpol.extract.figures import extract_figures


@pytest.fixture(scope="session")
def morph():
    return load_morph()


def run(text, morph):
    dates = [(d.start, d.end, d.date_start, d.date_end) for d in parse_dates(text)]
    return extract_figures(text, morph, dates)


def rows(text, morph):
    return [
        (text[f.start : f.end], f.kind, f.value, f.unit, f.approx, f.change, f.indicator, f.period_start)
        for f in run(text, morph)
    ]


CASES = [
    # indicators: never a place name, no pronoun, a coordinated noun shares its preposition
    ("В фонд Подгорненского сельского поселения в 2020 году перечислено 120,5 тыс. рублей.",
     [("120,5 тыс. рублей", "money", 120500.0, "RUB", None, None, "фонд", "2020-01-01")]),
    ("Численность населения Заречного района составила 5 тыс. человек.",
     [("5 тыс. человек", "quantity", 5000.0, "человек", None, None, "численность населения", None)]),
    ("Его доля в 2021 году составила 12,4 %.",
     [("12,4 %", "percent", 12.4, "%", None, None, "доля", "2021-01-01")]),
    ("Затраты на ремонт и содержание дорог в 2022 году составили 15,2 млн рублей.",
     [("15,2 млн рублей", "money", 15200000.0, "RUB", None, None, "затрата на ремонт и содержание дорог",
       "2022-01-01")]),
    ("Расходы на образование и здравоохранение из местного бюджета в 2021 году исполнены в сумме 410,6 тыс. рублей.",
     [("410,6 тыс. рублей", "money", 410600.0, "RUB", None, None, "расход на образование и здравоохранение",
       "2021-01-01")]),
    ("Водой обеспечен город Ключи населением 6200 человек.",
     [("6200 человек", "quantity", 6200.0, "человек", None, None, "население", None)]),
    # "с X до Y": a level reached, dated by its own date, sharing the unit and indicator of X
    ("Уровень газификации жилого фонда планируется увеличить с 52,5 % в 2020 году до 70,0 % в 2025 году.",
     [("52,5 %", "percent", 52.5, "%", None, None, "уровень газификации жилого фонда", "2020-01-01"),
      ("70,0 %", "percent", 70.0, "%", None, None, "уровень газификации жилого фонда", "2025-01-01")]),
    ("Уровень износа сетей снизился с 64,3 до 58,1 процента.",
     [("64,3", "percent", 64.3, "%", None, None, "уровень износа сетей", None),
      ("58,1 процента", "percent", 58.1, "%", None, None, "уровень износа сетей", None)]),
    ("Численность безработных сократилась с 1 250 до 980 человек.",
     [("1 250", "quantity", 1250.0, "человек", None, None, "численность безработных", None),
      ("980 человек", "quantity", 980.0, "человек", None, None, "численность безработных", None)]),
    ("Средняя заработная плата выросла до 48,5 тыс. рублей.",
     [("48,5 тыс. рублей", "money", 48500.0, "RUB", None, None, "заработная плата", None)]),
    ("Субсидия предоставляется в размере до 300 тыс. рублей.",
     [("300 тыс. рублей", "money", 300000.0, "RUB", "max", None, "субсидия", None)]),
    # comparisons are changes, not bounds; an elliptic "на N" repeats the change before it
    ("Доходов от аренды получено меньше на 56,2 тыс. рублей.",
     [("56,2 тыс. рублей", "money", 56200.0, "RUB", None, "decrease", "доход от аренды", None)]),
    ("Выручка составила 12 млн рублей, что на 8 % больше уровня прошлого года.",
     [("12 млн рублей", "money", 12000000.0, "RUB", None, None, "выручка", None),
      ("8 %", "percent", 8.0, "%", None, "increase", "выручка", None)]),
    ("Экспорт вырос на 12 %, а импорт – на 4 %.",
     [("12 %", "percent", 12.0, "%", None, "increase", "экспорт", None),
      ("4 %", "percent", 4.0, "%", None, "increase", "импорт", None)]),
    # decimals with a dot and one or two integer digits
    ("Из резервного фонда направлено 48.25 тыс. рублей.",
     [("48.25 тыс. рублей", "money", 48250.0, "RUB", None, None, "резервный фонд", None)]),
    ("Посевная площадь составила 17.6 га.", [("17.6 га", "quantity", 17.6, "га", None, None, "посевная площадь", None)]),
    ("Производство выросло в 1.8 раза.", [("1.8 раза", "ratio", 1.8, "раз", None, "increase", "производство", None)]),
    ("Инвестиции составили 72.4 млн рублей.",
     [("72.4 млн рублей", "money", 72400000.0, "RUB", None, None, "инвестиция", None)]),
    # figures that were missed
    ("В поселении проведено свыше 15 спортивно - массовых мероприятий.",
     [("15 спортивно - массовых мероприятий", "count", 15.0, "спортивно-массовое мероприятие", "min", None,
       "спортивно-массовое мероприятие", None)]),
    ("Программа реализуется в рамках 4 подпрограмм.",
     [("4 подпрограмм", "count", 4.0, "подпрограмма", None, None, "подпрограмма", None)]),
    ("Ширина проезжей части 5,5-7 м.", [("5,5-7 м", "quantity", 5.5, "м", None, None, "ширина проезжей части", None)]),
    ("В 2020 году открыто 4 новых фельдшерских пункта, в 2021 году – 6, в 2022 году – 3.",
     [("4 новых фельдшерских пункта", "count", 4.0, "новый фельдшерский пункт", None, None,
       "новый фельдшерский пункт", "2020-01-01"),
      ("6", "count", 6.0, "новый фельдшерский пункт", None, None, "новый фельдшерский пункт", "2021-01-01"),
      ("3", "count", 3.0, "новый фельдшерский пункт", None, None, "новый фельдшерский пункт", "2022-01-01")]),
    # values, units and kinds
    ("Стоимость проезда составляет 23 руб. 50 коп.",
     [("23 руб. 50 коп.", "money", 23.5, "RUB", None, None, "стоимость проезда", None)]),
    ("Урожайность картофеля составила 145 ц/га.",
     [("145 ц/га", "quantity", 145.0, "ц/га", None, None, "урожайность картофеля", None)]),
    ("Стоимость древесины – 35 долларов за кубический метр.",
     [("35 долларов за кубический метр", "money", 35.0, "USD/м3", None, None, "стоимость древесины", None)]),
    ("Срок окупаемости проекта составит 4 года.",
     [("4 года", "quantity", 4.0, "год", None, None, "окупаемость проекта", None)]),
    # a sentence-final dot is not part of a unit written without one; abbreviation dots stay
    ("Протяженность тепловых сетей – 42,8 км.",
     [("42,8 км", "quantity", 42.8, "км", None, None, "протяженность тепловых сетей", None)]),
    ("Экспорт зерна достиг $12 млрд.", [("$12 млрд", "money", 12e9, "USD", None, None, "экспорт зерна", None)]),
    ("Норматив затрат – 250 руб.", [("250 руб.", "money", 250.0, "RUB", None, None, "норматив затрат", None)]),
    ("Выручка составила 3 млн. 200 тыс. рублей.",
     [("3 млн. 200 тыс. рублей", "money", 3200000.0, "RUB", None, None, "выручка", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_audit_patterns(text, expected, morph):
    assert rows(text, morph) == expected


BREAKDOWN_PERIODS = [
    (
        "2021 год – 5 200,0 тыс. рублей (в том числе федеральный бюджет – 3 100,0 тыс. рублей; "
        "местный бюджет – 2 100,0 тыс. рублей).",
        [(5200000.0, "2021-01-01"), (3100000.0, "2021-01-01"), (2100000.0, "2021-01-01")],
    ),
    (
        "В 2020 году объем финансирования составил 900,0 тыс. рублей, из них средства областного бюджета – "
        "600,0 тыс. рублей.",
        [(900000.0, "2020-01-01"), (600000.0, "2020-01-01")],
    ),
    (
        "Выпуск составил 120 т в 2015 году против 100 т в 2014 году.",
        [(120.0, "2015-01-01"), (100.0, "2014-01-01")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), BREAKDOWN_PERIODS)
def test_parts_and_pairs_have_their_own_period(text, expected, morph):
    assert [(f.value, f.period_start) for f in run(text, morph)] == expected


NOT_FIGURES = [
    "Занятия организованы для молодежи от 14 до 35 лет.",
    "Льгота предоставляется гражданам старше 65 лет.",
    "Подпрограмма рассчитана на 5 лет.",
    "Соглашение заключено на 3 года.",
    "Кредит выдается на срок до 5 лет.",
    "Согласно п. 4.2 Положения комиссия рассматривает заявку.",
    "В соответствии с разделом 3.1 программы проводится отбор.",
    "Прием заявок начинается с 01.03.2023 года.",
    "Подпрограмма 2 утверждена в новой редакции.",
    "на 10-м заседании комиссии",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_audit_not_figures(text, morph):
    assert [text[f.start : f.end] for f in run(text, morph)] == []


def test_duration_after_change_is_a_figure(morph):
    [item] = run("Продолжительность обучения увеличилась на 2 года.", morph)
    assert (item.kind, item.value, item.unit, item.change) == ("quantity", 2.0, "год", "increase")


def test_part_naming_only_its_date_takes_its_totals_indicator():
    import indpol

    text = (
        "Подготовлен проект постановления о союзной программе на 2024–2027 годы с объемом финансирования "
        "1 073 600,0 тыс. рублей, в том числе в 2024 году – 215 900,0 тыс. рублей."
    )
    doc = indpol.Pipeline.from_config(
        {"extract": {"stages": False}, "classify": {"directions": False}}
    ).process(text.encode(), name="breakdown.txt")
    assert [(f.value, f.indicator, f.period_start) for f in doc.figures] == [
        (1_073_600_000.0, "объем финансирования", "2024-01-01"),
        (215_900_000.0, "объем финансирования", "2024-01-01"),
    ]
