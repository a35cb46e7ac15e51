"""Figures: changes (change words, "с X до Y" pairs, comparisons) and the bounds that are no changes.
Case table: tests/data/figure_change_rows.yaml."""

import pytest
from cases import table
from conftest import FIGURE_RECORD, figure_rows, run_figures

APPROX_CHANGE = [
    ("около 5 тыс. рублей", "about", None),
    ("не менее 150 га", "min", None),
    ("до 10 %", "max", None),
    ("рост производства на 5 %", None, "increase"),
    ("снизить выбросы более чем на 3 %", "min", "decrease"),
]


@pytest.mark.parametrize(("text", "approx", "change"), APPROX_CHANGE)
def test_approx_and_change(text, approx, change, morph):
    [item] = run_figures(text, morph)
    assert (item.approx, item.change) == (approx, change)


CHANGES = [
    # the change word may stand further off before "на", across comparison and variant adverbials
    (
        "Численность населения уменьшится по сравнению с 2020 годом по первому варианту на 1,5 %.",
        ["decrease"],
    ),
    (
        "Ожидается увеличение объема продукции во всех категориях хозяйств соответственно на 4,2 %.",
        ["increase"],
    ),
    ("Причиной стал рост валового сбора зерна (на 3,4 тыс. тонн).", ["increase"]),
    # an elliptic variant repeats it
    (
        "Выпуск снизится по первому варианту на 2 %, по второму варианту прогноза на 1 %.",
        ["decrease", "decrease"],
    ),
    # a bare "на" far from any change word is no change
    ("Субсидия выделена на 3 года, ее размер составил 150 тыс. рублей.", [None]),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES)
def test_change_across_adverbials(text, expected, morph):
    assert [f.change for f in run_figures(text, morph)] == expected


@pytest.mark.parametrize(*table("figure_change_rows"))
def test_change_rows(text, expected, morph):
    assert figure_rows(text, morph, *FIGURE_RECORD) == expected


def test_duration_after_change_is_a_figure(morph):
    [item] = run_figures("Продолжительность обучения увеличилась на 2 года.", morph)
    assert (item.kind, item.value, item.unit, item.change) == ("quantity", 2.0, "год", "increase")
