"""Stages of whole documents: the seed article through the pipeline, and the step reading the cues
a configuration names."""

import yaml
from conftest import SEED, needs_seed

from indpol.config import PipelineConfig
from indpol.extract.stages.items import CUES_PATH
from indpol.extract.stages.step import stages_step
from indpol.nlp.cache import Models
from indpol.testing import make_document

STAGES_ONLY = {"extract": {"entities": False, "figures": False}, "classify": {"directions": False}}


@needs_seed
def test_seed_five_stages():
    from indpol.pipeline import Pipeline

    doc = Pipeline.from_config(STAGES_ONLY).process(SEED)
    listed = [s for s in doc.stages if s.list_id is not None]
    assert [(s.order, s.action) for s in listed] == [
        (1, "создание"), (2, "согласование"), (3, "проведение"), (4, "реализация"), (5, "согласование"),
    ]  # fmt: skip
    assert len({s.list_id for s in listed}) == 1
    raw = SEED.read_text(encoding="utf-8")
    assert all(raw[s.source_start : s.source_end].split()[0] == s.text.split()[0] for s in listed)
    programme = [
        (s.status, s.completion, s.period_start, s.period_end) for s in doc.stages if s.list_id is None
    ]
    assert programme == [
        (None, None, None, "2030-12-31"),
        ("in_progress", 80.0, None, None),
        ("deferred", None, None, None),
        ("in_progress", None, "2024-01-01", "2026-12-31"),
    ]


def test_stages_step_reads_configured_cues(tmp_path):
    text = "Блоками программы являются: создание технопарка; развитие кластера."
    cues = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    cues["intro_nouns"].append("блок")
    (tmp_path / "cues.yaml").write_text(yaml.safe_dump(cues, allow_unicode=True), encoding="utf-8")
    found = []
    for setting in (None, str(tmp_path / "cues.yaml")):
        config = PipelineConfig.resolve({"extract": {"stage_cues": setting}})
        doc = make_document(text, doc_id="c")
        stages_step(doc, Models(config), config)
        found.append([s.action for s in doc.stages])
    assert found == [[], ["создание", "развитие"]]


PLAN_TABLE = """<html><body><p>План мероприятий по реализации программы</p><table>
<tr><th>№ п/п</th><th>Наименование мероприятия</th><th>Срок исполнения</th><th>Отметка о выполнении</th></tr>
<tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>
<tr><td colspan="4">Реализованные проекты</td></tr>
<tr><td>1</td><td>Строительство школы на 500 мест</td><td>2023 год</td><td></td></tr>
<tr><td colspan="4">Планируемые к реализации проекты</td></tr>
<tr><td>2</td><td>Реконструкция моста через реку</td><td>2024–2025</td><td></td></tr>
<tr><td>3</td><td>Разработка проектно-сметной документации</td><td>II квартал 2025 г.</td><td>Выполнено</td></tr>
<tr><td></td><td>Итого</td><td></td><td></td></tr>
</table>
<table><tr><th>Наименование показателя</th><th>2024</th></tr><tr><td>Ввод жилья</td><td>12</td></tr></table>
</body></html>"""


def test_plan_table_rows(tmp_path):
    """Each activity of a plan table is a measure: its name cell, term, and status from its own status
    cell or the group row above; numbering, totals and indicator tables give no rows."""
    from indpol.pipeline import Pipeline

    path = tmp_path / "plan.html"
    path.write_text(PLAN_TABLE, encoding="utf-8")
    doc = Pipeline.from_config(STAGES_ONLY).process(path)
    rows = [(s.text, s.kind, s.order, s.period_start, s.period_end, s.status) for s in doc.stages]
    assert rows == [
        ("Строительство школы на 500 мест", "measure", 1, "2023-01-01", "2023-12-31", "completed"),
        ("Реконструкция моста через реку", "measure", 2, "2024-01-01", "2025-12-31", "planned"),
        ("Разработка проектно-сметной документации", "measure", 3, "2025-04-01", "2025-06-30", "completed"),
    ]
    evidence = [doc.text[s.status_start : s.status_end] for s in doc.stages]
    assert evidence == ["Реализованные", "Планируемые", "Выполнено"]
    assert len({s.list_id for s in doc.stages}) == 1


ROAD_MAP = """<html><body><table>
<tr><th>№ п/п</th><th>Наименование этапа</th><th>Срок</th></tr>
<tr><td>1.</td><td>Подготовка общей информации по проекту</td><td>2025 год</td></tr>
<tr><td>1.1.</td><td>Сбор документов по компании</td><td></td></tr>
<tr><td>2.</td><td>Описание технической части проекта</td><td>2026 год</td></tr>
</table></body></html>"""


def test_road_map_table_stages_and_their_steps(tmp_path):
    """A table of stages: numbered rows are stages with their labels, sub-numbered rows steps inside them."""
    from indpol.pipeline import Pipeline

    path = tmp_path / "road.html"
    path.write_text(ROAD_MAP, encoding="utf-8")
    doc = Pipeline.from_config(STAGES_ONLY).process(path)
    assert [(s.kind, s.stage, s.marker, s.period_start) for s in doc.stages] == [
        ("stage", "1", "1", "2025-01-01"),
        ("measure", None, "1.1", None),
        ("stage", "2", "2", "2026-01-01"),
    ]


def test_plan_table_status_from_the_line_above(tmp_path):
    """A line right above a plan table states the status of all its rows; a table of objects holds other rows."""
    from indpol.pipeline import Pipeline

    html = """<html><body><p>2.2. Перечень имущества, планируемого к приватизации в 2021 году:</p><table>
<tr><th>№ п/п</th><th>Наименование, тип объекта недвижимости</th><th>Назначение</th></tr>
<tr><td>1</td><td>Нежилое здание гаража</td><td>Нежилое</td></tr>
<tr><td>2</td><td>Сооружение крановой эстакады</td><td>Производственное</td></tr>
</table></body></html>"""
    path = tmp_path / "plan.html"
    path.write_text(html, encoding="utf-8")
    doc = Pipeline.from_config(STAGES_ONLY).process(path)
    assert [(s.text, s.kind, s.status) for s in doc.stages] == [
        ("Нежилое здание гаража", "other", "planned"),
        ("Сооружение крановой эстакады", "other", "planned"),
    ]
    assert doc.text[doc.stages[0].status_start : doc.stages[0].status_end] == "планируемого к приватизации"
