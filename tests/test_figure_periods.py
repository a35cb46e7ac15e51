"""Figures: periods (a figure's own year, not a comparison base or an event date), breakdowns by year
and parts that share their total's period. Case tables: tests/data/figure_periods.yaml,
tests/data/figure_event_dates.yaml."""

import pytest
from cases import table
from conftest import figure_rows, figures_by_span, run_figures, run_figures_step


@pytest.mark.parametrize(*table("figure_periods"))
def test_period_is_the_figures_own(text, expected, morph):
    assert figure_rows(text, morph, "period_start") == expected


@pytest.mark.parametrize(*table("figure_event_dates"))
def test_period_not_an_event_date(text, span, period_start, period_end, morph):
    found = figures_by_span(text, morph)[span]
    assert (found.period_start, found.period_end) == (period_start, period_end)


def test_enumeration_shares_unit_and_has_periods(morph):
    text = (
        "Объем финансирования программы составит 12 345,6 тыс. рублей, в том числе "
        "в 2016 году – 2 100,0, в 2017 году – 2 300,0 тыс. рублей."
    )
    assert [(f.value, f.unit, f.period_start, f.indicator) for f in run_figures(text, morph)] == [
        (12345600.0, "RUB", None, "объем финансирования программы"),
        (2100000.0, "RUB", "2016-01-01", "объем финансирования программы"),
        (2300000.0, "RUB", "2017-01-01", "объем финансирования программы"),
    ]


def test_breakdown_after_total(morph):
    text = "Объем финансирования составит 1 000,0 тыс. рублей, в том числе по годам: 2016 год – 400,0; 2017 год – 600,0."
    assert [(f.value, f.period_start) for f in run_figures(text, morph)] == [
        (1000000.0, None),
        (400000.0, "2016-01-01"),
        (600000.0, "2017-01-01"),
    ]


def test_breakdown_split_into_passages():
    text = (
        "Общий объем финансирования Программы составляет 100,0 тыс. рублей .\n\nВ том числе по годам :"
        "\n\n2019 год – 40,0 ;\n\n2020 год – 60,0 .\n\nОтчет о ходе работ представляется ежегодно до 1 марта."
    )
    doc = run_figures_step(text)
    assert [(f.text, f.value, f.unit, f.indicator, f.period_start) for f in doc.figures] == [
        ("100,0 тыс. рублей", 100000.0, "RUB", "общий объем финансирования программы", None),
        ("40,0", 40000.0, "RUB", "общий объем финансирования программы", "2019-01-01"),
        ("60,0", 60000.0, "RUB", "общий объем финансирования программы", "2020-01-01"),
    ]


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
    assert [(f.value, f.period_start) for f in run_figures(text, morph)] == expected
