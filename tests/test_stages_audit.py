"""Stages round 4 (audit on unseen documents): results lists, status rows about concrete
actions, two stages in one sentence, "the rest" clauses, event dates, items after ",",
cited documents' horizons, procedural plans, heads and objects. Sentences written for
these tests."""

import re

import pytest
from conftest import list_items as items
from conftest import run_stages as run

from indpol.extract.stages.items import head_action, item_object, load_stage_cues


def rows(stages):
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


# 1. Expected results, effects and indicators are not stage lists.
RESULT_LISTS = [
    "Эффект от реализации программы оценивается по индикаторам и по следующим качественным результатам "
    "проведения мероприятий, которые трудно выразить в цифрах:\n- повышение качества жизни пожилых граждан;\n"
    "- создание доступной среды в учреждениях.",
    "Выполнение подпрограммы к 2026 году обеспечит:\n- модернизацию водопроводных сетей;\n- снижение аварийности на сетях.",
    "Применение программного подхода обеспечит достижение следующих значений показателей мероприятий:\n"
    "- увеличение доли отремонтированных дорог;\n- сокращение числа аварий.",
    "Методика оценки эффективности подпрограммы включает:\n1) расчет степени достижения целей;\n"
    "2) расчет полноты использования средств.",
]


@pytest.mark.parametrize("text", RESULT_LISTS)
def test_results_lists_are_not_stage_lists(text, morph):
    assert items(run(text, morph)) == []


def test_relative_clause_after_cue_noun_keeps_the_list(morph):
    text = (
        "Для решения задач предусматривается проведение следующих мероприятий, которые финансируются из "
        "местного бюджета:\n- ремонт кровли школы;\n- замена окон в детском саду."
    )
    assert [(s.text, s.action, s.status) for s in run(text, morph)] == [
        ("ремонт кровли школы", "ремонт", "planned"),
        ("замена окон в детском саду", "замена", "planned"),
    ]


# 2. A status about a concrete action (its nominalisation is the subject or follows the cue).
CONCRETE_STATUS = [
    ("Реконструкция котельной в селе Дубки завершена в 2021 году.",
     [("Реконструкция котельной в селе Дубки завершена в 2021 году", None, "completed", "завершена",
       "2021-01-01", "2021-12-31", None, "реконструкция", "котельной")]),
    ("Капитальный ремонт стадиона перенесен на 2027 год.",
     [("Капитальный ремонт стадиона перенесен на 2027 год", None, "deferred", "перенесен на 2027",
       "2027-01-01", "2027-12-31", None, "ремонт", "стадиона")]),
    ("Строительство пешеходного моста отложено.",
     [("Строительство пешеходного моста отложено", None, "deferred", "отложено", None, None, None,
       "строительство", "пешеходного моста")]),
    ("В 2026 году планируется ввод в эксплуатацию очистных сооружений.",
     [("В 2026 году планируется ввод в эксплуатацию очистных сооружений", None, "planned", "планируется",
       "2026-01-01", "2026-12-31", None, "ввод", "очистных сооружений")]),
    ("Ведется строительство спортивного комплекса в микрорайоне Южный.",
     [("Ведется строительство спортивного комплекса в микрорайоне Южный", None, "in_progress",
       "Ведется строительство", None, None, None, "строительство", "спортивного комплекса")]),
    ("Работа по благоустройству набережной отменена.",
     [("Работа по благоустройству набережной отменена", None, "cancelled", "отменена", None, None, None,
       "благоустройство", "набережной")]),
    ("В ближайшие годы будет завершено строительство дороги до аэропорта.",
     [("В ближайшие годы будет завершено строительство дороги до аэропорта", None, "planned",
       "будет завершено", None, None, None, "строительство", "дороги")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CONCRETE_STATUS)
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


# 3. Two numbered stages in one sentence: each with its period, the elliptic one shares the status.
def test_two_stages_in_one_sentence(morph):
    text = (
        "На первом этапе (2024–2025 годы) предусматривается разработка проектной документации, "
        "на втором этапе (2026–2028 годы) – строительство объектов."
    )
    stages = run(text, morph)
    assert [(s.text, s.stage, s.period_start, s.period_end, s.status, s.action) for s in stages] == [
        ("первом этапе (2024–2025 годы) предусматривается разработка проектной документации", "1",
         "2024-01-01", "2025-12-31", "planned", "разработка"),
        ("втором этапе (2026–2028 годы) – строительство объектов", "2", "2026-01-01", "2028-12-31", "planned",
         "строительство"),
    ]  # fmt: skip
    assert len({s.list_id for s in stages}) == 1


def test_stage_with_own_verb_does_not_share_status(morph):
    text = "На первом этапе (2024–2025 годы) планируется ремонт школ, на втором этапе (2026–2027 годы) школы будут оснащаться."
    assert [s.status for s in run(text, morph)] == ["planned", None]


# 4. "The rest" clauses and event dates.
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


# 5. An item ending with "," does not swallow the next item.
NUMBERED_AFTER_COMMA = [
    "Основные мероприятия программы:\n1)\nремонт дорожного покрытия улиц ,\n2)\nустройство тротуаров вдоль школы ;\n"
    "3)\nустановка дорожных знаков .",
    "Перечень мероприятий программы:\n\n1) ремонт дорожного покрытия улиц , 2) устройство тротуаров вдоль школы ;\n\n"
    "3) установка дорожных знаков .",
]


@pytest.mark.parametrize("text", NUMBERED_AFTER_COMMA)
def test_item_after_comma_starts_a_new_item(text, morph):
    assert items(run(text, morph)) == [
        ("ремонт дорожного покрытия улиц", 1, "1", "ремонт"),
        ("устройство тротуаров вдоль школы", 2, "2", "устройство"),
        ("установка дорожных знаков", 3, "3", "установка"),
    ]


def test_coordinated_genitives_are_not_item_boundaries(morph):
    text = (
        "Задачами мероприятия являются: организация и проведение турниров с арендой залов, спортивного "
        "снаряжения и оборудования для участников; награждение победителей турниров."
    )
    assert [(s.order, s.action) for s in run(text, morph)] == [(1, "организация"), (2, "награждение")]


# 6. Programme rows: a cited document's horizon, procedural plans, a status before a colon.
@pytest.mark.parametrize("text", [
    "Подпрограмма подготовлена с учетом Концепции развития туризма на период до 2030 года.",
    "Подпрограмма разработана в соответствии с основными направлениями политики района до 2028 года.",
    "Цели отражены в стратегии развития края до 2035 года и реализуются в рамках отраслевых программ.",
    "Для контроля за ходом реализации подпрограммы предусматривается ежеквартальный анализ выполнения "
    "мероприятий подпрограммы.",
    "Программой предусмотрена ежегодная корректировка мероприятий программы.",
])  # fmt: skip
def test_not_programme_rows(text, morph):
    assert run(text, morph) == []


def test_own_horizon_is_still_a_timing_row(morph):
    text = "Концепция развития отрасли рассчитана на период до 2032 года."
    assert [(s.period_start, s.period_end, s.status) for s in run(text, morph)] == [
        (None, "2032-12-31", None)
    ]


def test_status_sentence_ending_with_colon(morph):
    text = "С 2019 года в поселении реализуются две ведомственные программы:\n- «Чистая вода»;\n- «Безопасный город»."
    assert [(s.status, s.period_start, s.period_end) for s in run(text, morph)] == [
        ("in_progress", "2019-01-01", None)
    ]


# 7. Head action and object.
@pytest.mark.parametrize(("text", "action", "obj"), [
    ("организация на высоком профессиональном уровне районных и межрайонных конкурсов", "организация",
     "районных и межрайонных конкурсов"),
    ("выход предприятий на новые рынки сбыта", "выход", "предприятий"),
    ("научно - методическое и информационное обеспечение деятельности школ", "обеспечение", "деятельности школ"),
    ("развитие культурно – досуговой деятельности", "развитие", "культурно-досуговой деятельности"),
    ("целевое и эффективное использование бюджетных средств", "использование", "бюджетных средств"),
    ("Мероприятия по текущему ремонту дорог", "ремонт", "дорог"),
    ("повышение квалификации работников, занятых в отрасли", "повышение", "квалификации работников"),
])  # fmt: skip
def test_head_action_and_object_round4(text, action, obj, morph):
    cues = load_stage_cues()
    lemma, end = head_action(text, morph, cues)
    assert (lemma, item_object(text, end, morph, cues)) == (action, obj)


def test_spans_never_cut_words(morph):
    text = "Сроки реализации программы: 2020–2024 годы. На I этапе (2020–2021 годы) завершено проектирование."
    for stage in run(text, morph):
        assert re.match(r"\w", stage.text) and re.search(r"\w$", stage.text)
