"""Status cues: each status and its evidence, completion percent, and what a status attaches to."""

import pytest

from indpol.extract.stages.items import load_stage_cues
from indpol.extract.stages.status import STATUSES, find_status
from indpol.extract.stages.step import extract_stages
from indpol.testing import make_document


@pytest.fixture(scope="session")
def cues():
    return load_stage_cues()


CUES = [
    ("Мероприятие выполнено полностью.", "completed", "выполнено полностью", None),
    ("Из них 8 программ выполнены полностью.", "completed", "выполнены полностью", None),
    ("Работы выполнены в полном объеме.", "completed", "выполнены в полном объеме", None),
    ("Строительство завода завершено в 2020 году.", "completed", "завершено", None),
    ("Этап завершен.", "completed", "завершен", None),
    ("Программа реализуется успешно.", "in_progress", "реализуется", None),
    ("Ведется работа по подготовке соглашения.", "in_progress", "Ведется работа", None),
    ("В регионе ведутся работы по газификации.", "in_progress", "ведутся работы", None),
    ("Разрабатываются новые программы.", "in_progress", "Разрабатываются", None),
    ("Планируется строительство завода.", "planned", "Планируется", None),
    ("Предусмотрено создание технопарка.", "planned", "Предусмотрено", None),
    ("Создание центра запланировано.", "planned", "запланировано", None),
    ("Предполагается увеличение числа проектов.", "planned", "Предполагается", None),
    (
        "Остальные вопросы отнесены на дальнюю перспективу.",
        "deferred",
        "отнесены на дальнюю перспективу",
        None,
    ),
    ("Ввод объекта перенесен на 2026 год.", "deferred", "перенесен на 2026", None),
    ("Мероприятие отменено.", "cancelled", "отменено", None),
    ("Проект исключен из программы.", "cancelled", "исключен из программы", None),
    ("Выполнено 80 % мероприятий.", "in_progress", "Выполнено 80 %", 80.0),
    ("Программа исполнена на 95,5 %.", "in_progress", "исполнена на 95,5 %", 95.5),
    ("Программа выполнена на 100 %.", "completed", "выполнена на 100 %", 100.0),
    ("Этап 1. Разработка нормативной базы – 2023 год: выполнено.", "completed", "выполнено", None),
    ("План подготовки к работе в зимних условиях выполнен.", "completed", "выполнен", None),
    ("В 2024 году выполнены следующие мероприятия:", "completed", "выполнены", None),
    ("Работы по сертификации продукции приостановлены.", "deferred", "приостановлены", None),
    ("Начато строительство второй очереди технопарка.", "in_progress", "Начато строительство", None),
    ("Этап 3. Масштабирование проектов – 2026 год: не начат.", "planned", "не начат", None),
    ("Совместные проекты будут масштабированы в 2026 году.", "planned", "будут масштабированы", None),
    ("В 2025 году будет построен новый корпус завода.", "planned", "будет построен", None),
]


@pytest.mark.parametrize(("text", "status", "evidence", "completion"), CUES)
def test_find_status(text, status, evidence, completion, cues):
    found = find_status(text, cues)
    assert found is not None and found.status in STATUSES
    assert (found.status, text[found.start : found.end], found.evidence, found.completion) == (
        status, evidence, evidence, completion,
    )  # fmt: skip


@pytest.mark.parametrize("text", [
    "Программа реализуется в 2017 - 2020 годах.",
    "Программа реализуется в один этап.",
    "Мероприятия реализуются за счет средств бюджета.",
    "Это подтверждается завершением строительства станции.",
    "Достижение запланированных показателей.",
    "Доля выросла на 80 %.",
    "Мероприятия не выполнены в связи с отсутствием финансирования.",
    "Порядок приостановления и прекращения предоставления субсидий.",
    "В процессе реализации будут сформированы условия для развития.",
    "Выполнено техническое задание на разработку системы.",
])  # fmt: skip
def test_find_status_none(text, cues):
    assert find_status(text, cues) is None


def test_status_from_list_intro_goes_to_items(morph):
    doc = make_document("В рамках программы запланировано проведение следующих мероприятий: ремонт дорог; "
                        "строительство мостов.")  # fmt: skip
    stages = extract_stages(doc, morph)
    assert [(s.text, s.status, s.status_evidence) for s in stages] == [
        ("ремонт дорог", "planned", "запланировано"),
        ("строительство мостов", "planned", "запланировано"),
    ]


def test_status_in_item_wins_over_intro(morph):
    doc = make_document("Программа предусматривает следующие мероприятия:\n\n1. Ремонт котельной завершен.\n\n"
                        "2. Строительство газопровода отложено.")  # fmt: skip
    stages = extract_stages(doc, morph)
    assert [(s.stage, s.status) for s in stages] == [("1", "completed"), ("2", "deferred")]


@pytest.mark.parametrize(("text", "expected"), [
    ("В настоящее время выполнено 80 % мероприятий программы.", ("in_progress", 80.0)),
    ("Реализация программы отменена в 2022 году.", ("cancelled", None)),
    ("Работы по проекту завершены.", ("completed", None)),
])  # fmt: skip
def test_status_of_programme_row(text, expected, morph):
    stages = extract_stages(make_document(text), morph)
    assert [(s.list_id, s.order, s.status, s.completion) for s in stages] == [(None, None, *expected)]


def test_status_without_programme_is_ignored(morph):
    assert extract_stages(make_document("Погода завершена, дождь отменен."), morph) == []


def test_planned_programme_row_and_negation(morph):
    assert (
        extract_stages(make_document("Участие иных организаций в программе не предусмотрено."), morph) == []
    )
    stages = extract_stages(make_document("Программой предусмотрено строительство школы в 2025 году."), morph)
    assert [(s.status, s.status_evidence, s.period_start, s.period_end) for s in stages] == [
        ("planned", "предусмотрено", "2025-01-01", "2025-12-31")
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("ООО «Агрофирма» планирует модернизацию действующего производства.", [("planned", "планирует")]),
    ("В связи с износом планируется провести реконструкцию котельных.", [("planned", "планируется")]),
    ("В 2018–2020 годах планируется сохранение уровня безработицы.", []),
    ("Добыча нефти в 2017 году планируется на уровне 2,6 млн тонн.", []),
])  # fmt: skip
def test_planned_measure_without_programme_noun(text, expected, morph):
    stages = extract_stages(make_document(text), morph)
    assert [(s.status, s.status_evidence) for s in stages if s.list_id is None] == expected


# Round 3: a "planned" row is a plan of a concrete action, not a forecast, an outcome, the
# programme's make-up, a legal act's content, participation or a list introduction.
PLANNED_ROWS = [
    ("Программой предусмотрено строительство школы в 2025 году.", [("planned", "предусмотрено")]),
    ("В рамках программы планируется ремонт трёх мостов.", [("planned", "планируется")]),
    ("Этот показатель предполагается достичь путем реализации инвестиционных проектов программы.",
     [("planned", "предполагается")]),
    ("Для решения задач настоящей программой предусмотрено выделение подпрограмм.", []),
    ("Стратегией развития отрасли до 2030 года предусмотрено развитие производства.", []),
    ("В рамках задачи программы планируется увеличение спроса на продукцию.", []),
    ("В 2017 году по сравнению с 2016 годом планируется увеличение на 1-2 %.", []),
    ("Объем выпуска в рамках программы планируется на уровне 120 тыс. тонн.", []),
    ("В результате реализации подпрограммы планируется обеспечить содержание территорий.", []),
    ("Статьей 13 Федерального закона предусмотрено проведение мероприятий программы.", []),
    ("В реализации Программы предусматривается участие администрации района.", []),
    ("Программой предусмотрено выполнение следующих мероприятий согласно таблице 3.", []),
    ("Информация об участии лиц в реализации подпрограммы\nУчастие иных лиц в программе не  предусмотрено.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PLANNED_ROWS)
def test_planned_rows_are_plans_of_actions(text, expected, morph):
    stages = extract_stages(make_document(text), morph)
    assert [(s.status, s.status_evidence) for s in stages if s.list_id is None] == expected


@pytest.mark.parametrize("text", [
    "Программа считается реализуемой с высоким уровнем эффективности, если мероприятия выполнены полностью.",
    "В 5 школах реализуются основные образовательные программы.",
    "Участие организаций не предусмотрено.",
])  # fmt: skip
def test_find_status_stop_patterns_and_negation(text, cues):
    assert find_status(text, cues) is None


def test_numbered_stage_action_between_label_and_period(morph):
    doc = make_document(
        "Этапы реализации программы:\n"
        "Этап 1. Разработка нормативной базы – 2023 год: выполнено.\n"
        "Этап 2. Создание совместных производств – 2024–2025 годы: выполняется.\n"
    )
    rows = [(s.stage, s.action, s.object, s.status) for s in extract_stages(doc, morph)]
    assert rows == [
        ("1", "разработка", "нормативной базы", "completed"),
        ("2", "создание", "совместных производств", "in_progress"),
    ]
