"""Stages: what is and what is not a stage list — intros and their cue nouns, headings that name a
list, item markers and labels, one announced item, lists across pages, lists that are no stage lists
(results, duties, complements, a decree's points). Case tables: tests/data/stage_lists.yaml,
tests/data/stage_not_lists.yaml."""

from array import array

import pytest
from cases import table
from conftest import list_items as items
from conftest import run_stages as run

from indpol.extract.stages.step import extract_stages
from indpol.records import Document, Passage, make_id


@pytest.mark.parametrize(*table("stage_lists"))
def test_stage_lists(text, expected, morph):
    stages = run(text, morph)
    assert items(stages) == expected
    # one list for every run of items that starts at 1
    assert len({s.list_id for s in stages if s.list_id}) == [order for _, order, *_ in expected].count(1)


@pytest.mark.parametrize(*table("stage_not_lists"))
def test_not_stage_lists(text, morph):
    assert items(run(text, morph)) == []


def test_value_items_are_not_stages(morph):
    text = "В системе образования заняты 262 человека, в том числе: дошкольное образование – 78; общее образование – 172."
    assert items(run(text, morph)) == []
    text = "Этапы программы: I этап – 2015–2017 годы; II этап – 2018–2020 годы."
    assert [s.stage for s in run(text, morph)] == ["I", "II"]


def test_list_across_page_break(morph):
    text = "Задачи программы:\n\n– развитие промышленной\n\nкооперации и импортозамещения;\n\n– поддержка экспорта."
    doc = Document(doc_id="p", source="<text>", format="pdf", text=text, pages=2)
    doc.origin = array("q", range(len(text)))
    doc.has_source_offsets = True
    pieces = [("Задачи программы:", "paragraph", 1), ("– развитие промышленной", "list_item", 1),
              ("кооперации и импортозамещения;", "paragraph", 2), ("– поддержка экспорта.", "list_item", 2)]  # fmt: skip
    for index, (piece, kind, page) in enumerate(pieces):
        start = text.index(piece)
        doc.passages.append(Passage("p", make_id("p", index), index, kind, page, start, start + len(piece),
                                    start, start + len(piece), "ru", piece))  # fmt: skip
    stages = extract_stages(doc, morph)
    assert [(s.text.split(), s.page, s.order) for s in stages] == [
        (["развитие", "промышленной", "кооперации", "и", "импортозамещения"], 1, 1),
        (["поддержка", "экспорта"], 2, 2),
    ]
    assert stages[0].passage_id == doc.passages[1].passage_id


# Intros: a colon after a cue noun, a stop noun it governs, a relative clause after it.
def test_intro_with_governed_stop_noun(morph):
    text = "В целях управления указанными рисками предусматривается:\n\n- мониторинг выполнения подпрограммы;\n\n- ежегодная корректировка мероприятий."
    assert [(s.text, s.status) for s in run(text, morph)] == [
        ("мониторинг выполнения подпрограммы", "planned"),
        ("ежегодная корректировка мероприятий", "planned"),
    ]


def test_unmarked_lines_after_colon(morph):
    text = "Необходимо решить следующие задачи:\n\nподдержание дорог в нормативном состоянии;\n\nсохранение протяженности дорог.\n\nСрок реализации подпрограммы - 2015-2021 годы."
    stages = run(text, morph)
    assert [(s.text, s.order, s.action) for s in stages if s.list_id] == [
        ("поддержание дорог в нормативном состоянии", 1, "поддержание"),
        ("сохранение протяженности дорог", 2, "сохранение"),
    ]
    assert [(s.period_start, s.period_end) for s in stages if s.list_id is None] == [
        ("2015-01-01", "2021-12-31")
    ]


def test_relative_clause_after_cue_noun_keeps_the_list(morph):
    text = (
        "Для решения задач предусматривается проведение следующих мероприятий, которые финансируются из "
        "местного бюджета:\n- ремонт кровли школы;\n- замена окон в детском саду."
    )
    assert [(s.text, s.action, s.status) for s in run(text, morph)] == [
        ("ремонт кровли школы", "ремонт", "planned"),
        ("замена окон в детском саду", "замена", "planned"),
    ]


def test_items_named_directions_after_a_stop_noun(morph):
    text = (
        "Подпрограмма охватывает решение следующих вопросов местного значения (далее - направление):\n"
        "организация библиотечного обслуживания населения;\n"
        "создание условий для развития народных промыслов;\n"
        "организация сбора бытовых отходов."
    )
    assert [t for t, *_ in items(run(text, morph))] == [
        "организация библиотечного обслуживания населения",
        "создание условий для развития народных промыслов",
        "организация сбора бытовых отходов",
    ]


def test_stop_noun_governed_before_the_window(morph):
    text = (
        "1. Информационное обеспечение реализации программы, регламентирующее вопросы подготовки и "
        "согласования документов территориального планирования, правил застройки и схем размещения "
        "рекламных конструкций включает в себя:\n"
        "- подготовку методических рекомендаций для поселений;\n"
        "- проведение обучающих семинаров для специалистов."
    )
    assert [t for t, *_ in items(run(text, morph))] == [
        "подготовку методических рекомендаций для поселений",
        "проведение обучающих семинаров для специалистов",
    ]


def test_genitive_items_after_a_cue_noun_stay_a_list(morph):
    text = (
        "Выполнение контракта обеспечивается за счет следующих мероприятий:\n"
        "организации выборочного обследования предприятий;\n"
        "подготовки сводных аналитических материалов."
    )
    assert [t for t, *_ in items(run(text, morph))] == [
        "организации выборочного обследования предприятий",
        "подготовки сводных аналитических материалов",
    ]


# "следующую задачу:" announces one item; a plural announcement still needs two.
@pytest.mark.parametrize(("text", "expected"), [
    ("В рамках подпрограммы предусматривается решить следующую задачу:\n"
     "обеспечить жильем молодых учителей сельских школ.\nЦелевые показатели приведены в таблице 2.",
     [("обеспечить жильем молодых учителей сельских школ", "обеспечить", "planned")]),
    ("Цель достигается решением следующей задачи: развитие системы поддержки фермерских хозяйств.",
     [("развитие системы поддержки фермерских хозяйств", "развитие", None)]),
])  # fmt: skip
def test_one_announced_item(text, expected, morph):
    stages = [s for s in run(text, morph) if s.list_id is not None]
    assert [(s.text, s.action, s.status) for s in stages] == expected


def test_plural_announcement_still_needs_two_items(morph):
    text = "Программа предусматривает следующие мероприятия: ремонт дома культуры."
    assert items(run(text, morph)) == []


# Not lists: powers, complements of the intro's last noun, a decree's points.
def test_powers_are_no_list(morph):
    text = (
        "Согласно уставу района к полномочиям органов местного самоуправления в сфере поддержки "
        "общественных объединений относится содействие деятельности добровольческих центров, в том числе:\n"
        "1) разработка программ поддержки добровольцев;\n"
        "2) анализ показателей деятельности общественных объединений."
    )
    assert items(run(text, morph)) == []


def test_genitive_complements_are_no_list(morph):
    text = (
        "Исполнитель представляет по всем мероприятиям, выполненным не в полной мере, обоснование причин:\n"
        "- отклонения фактических значений показателей от плановых;\n"
        "- возникновения экономии бюджетных средств;\n"
        "- перераспределения средств между мероприятиями."
    )
    assert items(run(text, morph)) == []


def test_decree_points_are_no_list(morph):
    text = (
        "В соответствии с порядком разработки муниципальных программ:\n"
        "1. Утвердить муниципальную программу развития культуры.\n"
        "2. Признать утратившим силу постановление от 1 марта 2016 года.\n"
        "3. Контроль за исполнением постановления оставляю за собой."
    )
    assert items(run(text, morph)) == []


# Headings that name goals, tasks or measures open a list (no colon needed).
def test_goal_heading_then_semicolon_paragraph(morph):
    text = (
        "Цель подпрограммы\n\n"
        "Снижение аварийности тепловых сетей; повышение качества отопления жилых домов.\n\n"
        "Финансирование подпрограммы предусмотрено из местного бюджета."
    )
    assert items(run(text, morph)) == [
        ("Снижение аварийности тепловых сетей", 1, "goal", None, "снижение"),
        ("повышение качества отопления жилых домов", 2, "goal", None, "повышение"),
    ]


def test_task_heading_then_numbered_lines(morph):
    text = (
        "Основные задачи программы\n\n"
        "1. Ремонт сельских библиотек;\n\n"
        "2. Пополнение книжных фондов;\n\n"
        "3. Организация выездного обслуживания читателей.\n\n"
        "Раздел 4. Ресурсное обеспечение"
    )
    assert items(run(text, morph)) == [
        ("Ремонт сельских библиотек", 1, "task", "1", "ремонт"),
        ("Пополнение книжных фондов", 2, "task", "2", "пополнение"),
        ("Организация выездного обслуживания читателей", 3, "task", "3", "организация"),
    ]


def test_measure_list_heading_with_one_numbered_item(morph):
    text = (
        "Раздел 5. Перечень мероприятий программы\n\n"
        "1) Поддержка молодежных клубов. Проводится ежегодно по итогам конкурса.\n\n"
        "Перечень приводится в приложении к программе."
    )
    assert items(run(text, morph)) == [("Поддержка молодежных клубов", 1, "measure", "1", "поддержка")]


def test_subsections_of_a_heading_are_no_items(morph):
    text = (
        "3.2. Этапы реализации стратегии\n\n3.2.1. Содержание первого этапа (2024 - 2026 годы)\n\n"
        "Создание промышленных площадок и подготовка кадров.\n\n3.2.2. Содержание второго этапа (2027 - 2030 годы)"
    )
    assert [(s.text, s.stage, s.period_start) for s in run(text, morph)] == [
        ("первого этапа (2024 - 2026 годы)", "1", "2024-01-01"),
        ("второго этапа (2027 - 2030 годы)", "2", "2027-01-01"),
    ]  # numbered stages, not items "3.2.1", "3.2.2" of a list under "3.2."


def test_heading_before_a_colon_list_leaves_it_to_the_colon(morph):
    text = "Цели и задачи программы\n\nЗадачами программы являются: ремонт школ; замена окон в детских садах."
    assert [(t, o) for t, o, *_ in items(run(text, morph))] == [
        ("ремонт школ", 1),
        ("замена окон в детских садах", 2),
    ]


# Labelled items: a cue noun with a number, explanations and sub-lists between them.
def test_task_labels(morph):
    text = (
        "Для достижения цели необходимо решить следующие задачи:\n\n"
        "Задача 1. Повышение доступности дошкольного образования;\n\n"
        "Основные мероприятия:\n\n"
        "1.1. Оплата труда воспитателей\n\n"
        "1.2. Содержание зданий\n\n"
        "Задача 2. Развитие сети кружков для школьников.\n\n"
        "5. Ожидаемые результаты программы"
    )
    stages = [s for s in run(text, morph) if s.list_id is not None]
    tasks = [(s.text, s.order, s.marker) for s in stages if s.list_id == stages[0].list_id]
    assert tasks == [
        ("Повышение доступности дошкольного образования", 1, "1"),
        ("Развитие сети кружков для школьников", 2, "2"),
    ]
    assert [(s.text, s.marker) for s in stages if s.list_id != stages[0].list_id] == [
        ("Оплата труда воспитателей", "1.1"),  # the sub-list under "Основные мероприятия:"
        ("Содержание зданий", "1.2"),
    ]


def test_main_measure_labels_take_the_intro_status(morph):
    text = (
        "По подпрограмме 2 предусмотрено два основных мероприятия:\n\n"
        "Основное мероприятие 2.1 Очистка водоемов от мусора.\n\n"
        "Основное мероприятие 2.2 Восстановление береговых откосов.\n\n"
        "Раздел 6. Ресурсное обеспечение подпрограммы"
    )
    stages = run(text, morph)
    assert [(s.text, s.marker, s.action, s.status) for s in stages] == [
        ("Очистка водоемов от мусора", "2.1", "очистка", "planned"),
        ("Восстановление береговых откосов", "2.2", "восстановление", "planned"),
    ]


# Numbered lists: a cue-less numbered list with half of its items actions; an outline heading after
# sub-lists is not an item with a lost label.
def test_numbered_list_with_half_actions(morph):
    text = (
        "3. Формирование культуры энергосбережения:\n"
        "1) проведение разъяснительной работы с жителями;\n"
        "2) обучение ответственных за энергосбережение;\n"
        "3) при закупке оборудования учитывать его энергетическую эффективность;\n"
        "4) в школах вести учет потребления тепла."
    )
    assert [o for _, o, *_ in items(run(text, morph))] == [1, 2, 3, 4]


def test_outline_heading_after_sub_lists_ends_the_list(morph):
    text = (
        "Мероприятия программы делятся на следующие направления:\n\n"
        "1.\n\nМетодическое обеспечение программы, включающее в себя:\n\n"
        "- подготовку рекомендаций;\n\n- проведение семинаров.\n\n"
        "2.\n\nКадровое обеспечение программы, включающее в себя:\n\n"
        "- обучение специалистов;\n\n- стажировки в других районах.\n\n"
        "Кадровые мероприятия не требуют бюджетных средств.\n\n"
        "4.\n\nОбоснование объема финансовых ресурсов программы"
    )
    stages = run(text, morph)
    numbered = [(t, o) for t, o, _, label, _ in items(stages) if label]
    assert numbered == [
        ("Методическое обеспечение программы, включающее в себя", 1),
        ("Кадровое обеспечение программы, включающее в себя", 2),
    ]


@pytest.mark.parametrize(*table("stage_kinds"))
def test_stage_kinds(text, expected, morph):
    assert [(s.kind, s.stage) for s in run(text, morph)] == expected
