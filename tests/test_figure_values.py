"""Figures: forms, values, units, ranges, approximations, shared counted nouns and numbers that are no
figures. Case tables: tests/data/figure_forms.yaml, figure_units.yaml, figure_value_rows.yaml,
figure_not_figures.yaml."""

import pytest
from cases import table
from conftest import FIGURE_RECORD, figure_rows, figures_by_span


@pytest.mark.parametrize(*table("figure_forms"))
def test_forms(text, expected, morph):
    assert figure_rows(text, morph, "kind", "value", "value_max", "unit") == expected


@pytest.mark.parametrize(*table("figure_units"))
def test_values_and_units(text, expected, morph):
    assert figure_rows(text, morph, "kind", "value", "unit") == expected


@pytest.mark.parametrize(*table("figure_value_rows"))
def test_value_rows(text, expected, morph):
    assert figure_rows(text, morph, *FIGURE_RECORD) == expected


@pytest.mark.parametrize(*table("figure_not_figures"))
def test_not_figures(text, morph):
    assert figure_rows(text, morph) == []


APPROX = [
    ("Доля дохода составляет не менее чем 60 процентов.", [("60 процентов", "min")]),
    ("Программа эффективна, если оценка составит 75 % и выше.", [("75 % и выше", "min")]),
    (
        "Софинансирование не может быть менее 5 % и более 95 %.",
        [("5 %", "max"), ("95 %", "min")],
    ),
    (
        "Число кафе увеличится до 120 ед. по первому варианту, до 125 ед. по второму.",
        [("120 ед.", None), ("125 ед.", None)],
    ),
    ("Программа обеспечит увеличение среднего размера адресной помощи одиноким пенсионерам до 900 рублей.",
     [("900 рублей", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), APPROX)
def test_approx(text, expected, morph):
    assert figure_rows(text, morph, "approx") == expected


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
def test_shared_counted_noun(text, expected, morph):
    found = figures_by_span(text, morph)
    assert [(span, f.value, f.unit) for span, f in found.items() if f.kind == "count"] == expected


def test_value_has_no_float_noise(morph):
    assert (
        figures_by_span("выборка составила 68,4 млрд рублей", morph)["68,4 млрд рублей"].value
        == 68400000000.0
    )
