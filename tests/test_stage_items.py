"""Stages: an item's head action and object, and where an item ends. Case table:
tests/data/stage_heads.yaml."""

import re

import pytest
from cases import table
from conftest import list_items as items
from conftest import run_stages as run

from indpol.extract.stages.items import head_action, item_object


@pytest.mark.parametrize(*table("stage_heads"))
def test_head_action_and_object(text, action, obj, morph, stage_cues):
    lemma, end = head_action(text, morph, stage_cues)
    assert lemma == action
    assert (item_object(text, end, morph, stage_cues) if lemma else None) == obj


def test_numbered_stage_action_between_label_and_period(morph):
    text = (
        "Этапы реализации программы:\n"
        "Этап 1. Разработка нормативной базы – 2023 год: выполнено.\n"
        "Этап 2. Создание совместных производств – 2024–2025 годы: выполняется.\n"
    )
    assert [(s.stage, s.action, s.object, s.status) for s in run(text, morph)] == [
        ("1", "разработка", "нормативной базы", "completed"),
        ("2", "создание", "совместных производств", "in_progress"),
    ]


# An item ending with "," does not swallow the next item.
NUMBERED_AFTER_COMMA = [
    "Основные мероприятия программы:\n1)\nремонт дорожного покрытия улиц ,\n2)\nустройство тротуаров вдоль школы ;\n"
    "3)\nустановка дорожных знаков .",
    "Перечень мероприятий программы:\n\n1) ремонт дорожного покрытия улиц , 2) устройство тротуаров вдоль школы ;\n\n"
    "3) установка дорожных знаков .",
]


@pytest.mark.parametrize("text", NUMBERED_AFTER_COMMA)
def test_item_after_comma_starts_a_new_item(text, morph):
    assert items(run(text, morph)) == [
        ("ремонт дорожного покрытия улиц", 1, "measure", "1", "ремонт"),
        ("устройство тротуаров вдоль школы", 2, "measure", "2", "устройство"),
        ("установка дорожных знаков", 3, "measure", "3", "установка"),
    ]


def test_coordinated_genitives_are_not_item_boundaries(morph):
    text = (
        "Задачами мероприятия являются: организация и проведение турниров с арендой залов, спортивного "
        "снаряжения и оборудования для участников; награждение победителей турниров."
    )
    assert [(s.order, s.action) for s in run(text, morph)] == [(1, "организация"), (2, "награждение")]


def test_spans_never_cut_words(morph):
    text = "Сроки реализации программы: 2020–2024 годы. На I этапе (2020–2021 годы) завершено проектирование."
    for stage in run(text, morph):
        assert re.match(r"\w", stage.text) and re.search(r"\w$", stage.text)
