"""Stages: timing — programme periods, numbered stages with their periods, a single stage, quoted
periods, horizons of cited documents. Case table: tests/data/stage_timing.yaml."""

import pytest
from cases import table
from conftest import run_stages as run


@pytest.mark.parametrize(*table("stage_timing"))
def test_timing(text, expected, morph):
    assert [
        (s.stage, s.order, s.period_start, s.period_end, s.single_stage, s.status) for s in run(text, morph)
    ] == (expected)


def test_item_period_only_its_own(morph):
    stages = run(
        "Мероприятия программы:\n\n– проведение конкурса в 2019 году;\n\n– запись интервью ветеранов войны 1941-1945 гг.",
        morph,
    )
    assert [(s.period_start, s.period_end) for s in stages] == [("2019-01-01", "2019-12-31"), (None, None)]


def test_numbered_stages_share_list_id(morph):
    stages = run("Этапы: I этап – 2015–2017 годы; II этап – 2018–2020 годы.", morph)
    assert len({s.list_id for s in stages}) == 1 and stages[0].list_id is not None


# Two numbered stages in one sentence: each with its period, the elliptic one shares the status.
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


def test_no_strict_division_into_stages_is_single_stage(morph):
    text = "Программа не имеет строгой разбивки на этапы, мероприятия выполняются с 2021 по 2025 год."
    assert [(s.single_stage, s.period_start, s.period_end) for s in run(text, morph)] == [
        (True, "2021-01-01", "2025-12-31")
    ]


def test_period_inside_a_quoted_name_is_no_timing(morph):
    text = (
        "Ремонт дорог осуществляется в рамках государственной программы «Развитие дорог на 2015 - 2020 годы»."
    )
    assert run(text, morph) == []


def test_single_stage_keeps_a_quoted_period(morph):
    text = "Муниципальная программа «Чистая вода на 2019 - 2024 годы» реализуется в один этап."
    assert [(s.single_stage, s.period_start, s.period_end) for s in run(text, morph)] == [
        (True, "2019-01-01", "2024-12-31")
    ]


# Programme rows: a cited document's horizon and procedural plans are none; the document's own horizon is one.
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
