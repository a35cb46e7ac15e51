"""Figures: the indicator a figure measures (the predicate's subject, a measure before the number, a
figure before it, a pronoun's antecedent, a counted noun). Case tables: tests/data/figure_indicator*.yaml."""

import pytest
from cases import table
from conftest import FIGURE_RECORD, figure_rows, figures_by_span, run_figures


@pytest.mark.parametrize(*table("figure_indicator_lists"))
def test_indicators(text, expected, morph):
    assert [f.indicator for f in run_figures(text, morph)] == expected


@pytest.mark.parametrize(*table("figure_indicators"))
def test_indicator_of_span(text, span, indicator, morph):
    assert figures_by_span(text, morph)[span].indicator == indicator


@pytest.mark.parametrize(*table("figure_indicator_rows"))
def test_indicator_rows(text, expected, morph):
    assert figure_rows(text, morph, *FIGURE_RECORD) == expected


def test_classifier_count_takes_indicator_from_genitive(morph):
    [item] = run_figures("имелось 2542 головы свиней", morph)
    assert (item.kind, item.unit, item.indicator) == ("count", "голова", "свинья")


def test_rate_base_is_not_a_figure_and_not_an_indicator(morph):
    text = "Количество библиотек на 100 тыс. населения в 2017 году составило 160 единиц."
    assert [(f.value, f.unit, f.indicator) for f in run_figures(text, morph)] == [
        (160.0, "ед.", "количество библиотек")
    ]


def test_new_verb_starts_a_new_subject(morph):
    """ "…, умерло 130 человек": a figure after a verb of its own takes no indicator of the count before it."""
    text = (
        "За 2021 год зарегистрировано 75 новорожденных , что на 9 человек больше , чем в 2020 году , "
        "умерло 130 человек , на 14 человек меньше предыдущего года."
    )
    found = {span: f.indicator for span, f in figures_by_span(text, morph).items()}
    assert found["9 человек"] == "новорожденный"
    assert found["130 человек"] != "новорожденный"
    assert found["14 человек"] != "новорожденный"


def test_bracketed_aside_lends_no_indicator(morph):
    text = "для семьи численностью 3 человека (супруги и 1 ребенок) - 54 кв. м;"
    assert figures_by_span(text, morph)["54 кв. м"].indicator not in ("ребенок", "супруг")


def test_entity_is_never_the_subject(morph):
    text = "Компания в 2023 году достигла 12 % рынка."
    plain = run_figures(text, morph)
    named = run_figures(text, morph, names=[(0, 8)])  # "Компания" tagged ORG
    assert (plain[0].indicator, named[0].indicator) == ("компания", "рынок")


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
