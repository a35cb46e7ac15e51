"""Stages: status — the cues of each status and their evidence, completion percents, what a status
attaches to (a list's items, a programme row, a concrete action), "planned" rows that are plans and
the rest that are not. Case tables: tests/data/stage_status_cues.yaml, stage_no_status.yaml,
stage_planned_rows.yaml, stage_status_rows.yaml."""

import pytest
from cases import table
from conftest import list_items as items
from conftest import run_stages as run

from indpol.extract.stages.status import STATUSES, find_status


def rows(stages):
    """Every stage outside a list with its status, period, completion, action and object."""
    return [
        (
            s.text,
            s.stage,
            s.status,
            s.status_evidence,
            s.period_start,
            s.period_end,
            s.completion,
            s.action,
            s.object,
        )
        for s in stages
        if s.list_id is None
    ]


def statuses(stages):
    return [(s.status, s.status_evidence) for s in stages if s.list_id is None]


@pytest.mark.parametrize(*table("stage_status_cues"))
def test_find_status(text, status, evidence, completion, stage_cues):
    found = find_status(text, stage_cues)
    assert found is not None and found.status in STATUSES
    assert (found.status, text[found.start : found.end], found.evidence, found.completion) == (
        status, evidence, evidence, completion,
    )  # fmt: skip


@pytest.mark.parametrize(*table("stage_no_status"))
def test_find_status_none(text, stage_cues):
    assert find_status(text, stage_cues) is None


def test_planned_cue_after_a_word_ending_in_ne(morph):
    text = "В районе планируется реализовать программу строительства арендного жилья."
    assert statuses(run(text, morph)) == [("planned", "планируется")]


# A list's status: the intro's goes to its items, an item's own wins.
def test_status_from_list_intro_goes_to_items(morph):
    text = "В рамках программы запланировано проведение следующих мероприятий: ремонт дорог; строительство мостов."
    assert [(s.text, s.status, s.status_evidence) for s in run(text, morph)] == [
        ("ремонт дорог", "planned", "запланировано"),
        ("строительство мостов", "planned", "запланировано"),
    ]


def test_status_in_item_wins_over_intro(morph):
    text = "Программа предусматривает следующие мероприятия:\n\n1. Ремонт котельной завершен.\n\n2. Строительство газопровода отложено."
    assert [(s.marker, s.status) for s in run(text, morph)] == [("1", "completed"), ("2", "deferred")]


# Programme rows.
@pytest.mark.parametrize(("text", "expected"), [
    ("В настоящее время выполнено 80 % мероприятий программы.", ("in_progress", 80.0)),
    ("Реализация программы отменена в 2022 году.", ("cancelled", None)),
    ("Работы по проекту завершены.", ("completed", None)),
])  # fmt: skip
def test_status_of_programme_row(text, expected, morph):
    assert [(s.list_id, s.order, s.status, s.completion) for s in run(text, morph)] == [
        (None, None, *expected)
    ]


def test_status_without_programme_is_ignored(morph):
    assert run("Погода завершена, дождь отменен.", morph) == []


def test_planned_programme_row_and_negation(morph):
    assert run("Участие иных организаций в программе не предусмотрено.", morph) == []
    stages = run("Программой предусмотрено строительство школы в 2025 году.", morph)
    assert [(s.status, s.status_evidence, s.period_start, s.period_end) for s in stages] == [
        ("planned", "предусмотрено", "2025-01-01", "2025-12-31")
    ]


@pytest.mark.parametrize(*table("stage_planned_rows"))
def test_planned_rows(text, expected, morph):
    assert statuses(run(text, morph)) == expected


def test_status_sentence_ending_with_colon(morph):
    text = "С 2019 года в поселении реализуются две ведомственные программы:\n- «Чистая вода»;\n- «Безопасный город»."
    assert [(s.status, s.period_start, s.period_end) for s in run(text, morph)] == [
        ("in_progress", "2019-01-01", None)
    ]


# A status about a concrete action (its nominalisation is the subject or follows the cue).
@pytest.mark.parametrize(*table("stage_status_rows"))
def test_status_of_a_concrete_action(text, expected, morph):
    assert rows(run(text, morph)) == expected


@pytest.mark.parametrize("text", [
    "Финансирование строительства предусмотрено за счет средств областного бюджета.",
    "Строительство жилья планируется на уровне 20 тыс. кв. м в год.",
    "В 2027 году планируется ввод в действие жилых домов общей площадью 4200 кв. м.",
    "В рамках развития туризма к 2030 году будут созданы благоприятные условия для инвесторов.",
    "В рамках модернизации производства будут созданы новые рабочие места.",
])  # fmt: skip
def test_no_status_row_without_a_concrete_action(text, morph):
    assert rows(run(text, morph)) == []


def test_stage_with_own_verb_does_not_share_status(morph):
    text = "На первом этапе (2024–2025 годы) планируется ремонт школ, на втором этапе (2026–2027 годы) школы будут оснащаться."
    assert [s.status for s in run(text, morph)] == ["planned", None]


# Completion, "the rest" clauses and event dates.
def test_rest_clause_is_its_own_row(morph):
    text = "Выполнено 70 % мероприятий программы, оставшиеся перенесены на 2026 год."
    assert [(s.text, s.status, s.completion, s.period_start) for s in run(text, morph)] == [
        ("Выполнено 70 % мероприятий программы", "in_progress", 70.0, None),
        ("оставшиеся перенесены на 2026 год", "deferred", None, "2026-01-01"),
    ]


def test_relative_subset_clause_is_not_split(morph):
    text = "Выполнено 90 % мероприятий программы, из которых 12 выполнены полностью."
    assert [(s.status, s.completion) for s in run(text, morph)] == [("in_progress", 90.0)]


def test_event_date_of_a_stage_is_a_status_row(morph):
    text = "Реализация второго этапа подпрограммы завершена в 2023 году."
    assert rows(run(text, morph)) == [
        ("Реализация второго этапа подпрограммы завершена в 2023 году", "2", "completed", "завершена",
         "2023-01-01", "2023-12-31", None, None, None),
    ]  # fmt: skip
    assert items(run(text, morph)) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("", 0, 0),
        ("Первый этап завершен. Второй начат.", 0, 21),
        ("Первый этап завершен. Второй начат.", 22, 35),
        ("I этап – 2021–2023 годы: выполнено; II этап – 2024 год: планируется.", 0, 68),  # ";" ends no stage
        ("В 2015 г. этап завершен.", 0, 24),
    ],
)
def test_sentence_end_of_a_stage(text, start, end):
    from indpol.extract.stages.status import sentence_end

    assert sentence_end(text, start) == end
