"""Notebook API: open_run frames, RunFacts from records, compare over folders and documents."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest
from conftest import NO_STEPS

from indpol.comparison.sides import compare, load_side
from indpol.errors import StoreError
from indpol.records import Entity, Figure, Passage, Stage, Table
from indpol.store.database import Store
from indpol.store.reader import RunFacts, open_run
from indpol.store.schema import readable_order, record_columns
from indpol.testing import make_document

TEXT = "Выполнено 80 % мероприятий программы.\n\nМинпромторг России подготовил доклад.\n\nИтоги года."


def fact(doc, cls, needle, **fields):
    start = doc.text.index(needle)
    passage = next(p for p in doc.passages if p.start <= start < p.end)
    return cls(
        **doc.provenance(passage, start - passage.start, start - passage.start + len(needle)), **fields
    )


def build(doc_id="d1", source="a.txt", completion=80.0):
    doc = make_document(TEXT, doc_id=doc_id, page=1)
    doc.source = source
    doc.figures.append(fact(doc, Figure, "80 %", kind="percent", value=80, unit="%", indicator="мероприятие"))
    doc.stages.append(
        fact(doc, Stage, "Выполнено 80 % мероприятий", status="in_progress", completion=completion)
    )
    doc.entities.append(fact(doc, Entity, "Минпромторг России", label="ORG", canonical="Минпромторг России",
                             attrs={"alias": "Министерство промышленности и торговли"}))  # fmt: skip
    doc.passages[0] = doc.passages[0].replace(directions=({"label": "governance", "score": 0.7},))
    doc.tables.append(
        Table(doc_id=doc_id, table_id=f"{doc_id}-t", index=0, page=1, bbox=None, rows=(("a", "b"),))
    )
    return doc


@pytest.fixture
def run_dir(tmp_path):
    with Store.open(tmp_path / "run") as store:
        run = store.start_run({"inputs": ["a.txt"]})
        store.write_document(build(), run_id=run, pipeline_version="1", config_hash="h")
        store.finish_run(run, {"ok": 1})
    return tmp_path / "run"


def test_open_run_frames_columns_and_types(run_dir):
    run = open_run(run_dir)
    assert list(run.figures.columns) == list(readable_order(c for c, _ in record_columns(Figure)))
    assert list(run.passages.columns) == list(readable_order(c for c, _ in record_columns(Passage)))
    assert run.figures["source"].tolist() == ["a.txt"] * len(run.figures)
    assert run.figures["value"].dtype == "float64"
    assert run.figures["char_start"].dtype == "Int64"
    assert run.passages["ocr"].dtype == "boolean"
    assert run.documents["source"].tolist() == ["a.txt"]
    assert run.passages["directions"][0] == [{"label": "governance", "score": 0.7}]  # parsed JSON
    assert run.entities["attrs"][0] == {"alias": "Министерство промышленности и торговли"}
    assert run.tables["rows"][0] == [["a", "b"]]
    assert run.stages["completion"].tolist() == [80.0]
    assert len(run.failures) == 0
    assert run.runs["run_id"].str.len().tolist() == [24]


def test_open_run_does_not_hold_the_store(run_dir):
    run = open_run(run_dir)
    assert len(run.documents) == 1
    with Store.open(run_dir) as store:  # a later run can still write
        store.write_document(build("d2", "b.txt"), run_id="r2", pipeline_version="1", config_hash="h")
    assert len(open_run(run_dir).documents) == 2


def test_from_documents_matches_stored_run(run_dir):
    stored, memory = open_run(run_dir), RunFacts.from_documents([build()])
    for name in ("documents", "passages", "tables", "entities", "figures", "stages"):
        pdt.assert_frame_equal(stored.table(name), memory.table(name), check_dtype=True)


def test_empty_tables_keep_dtypes():
    run = RunFacts.from_documents([make_document("Текст без фактов.", doc_id="e")])
    assert run.figures.empty
    assert run.figures["value"].dtype == "float64"
    assert run.figures["char_start"].dtype == "Int64"


def test_query_returns_dataframe(run_dir):
    frame = open_run(run_dir).query("SELECT label, canonical FROM entities")
    assert isinstance(frame, pd.DataFrame)
    assert frame.values.tolist() == [["ORG", "Минпромторг России"]]
    with pytest.raises(StoreError, match="query failed"):
        open_run(run_dir).query("SELECT nope FROM entities")


def test_open_run_on_other_folder_is_clear_error(tmp_path):
    with pytest.raises(StoreError, match="not an indpol run folder"):
        open_run(tmp_path)


def test_unknown_table_is_clear_error(run_dir):
    with pytest.raises(StoreError, match="unknown table 'figure'"):
        open_run(run_dir).table("figure")


def test_compare_run_folder_against_documents(run_dir):
    result = compare(run_dir, build("d9", "b.txt", completion=95.0))
    changed = result.stages_changed
    assert changed[["old_completion", "new_completion", "change"]].values.tolist() == [
        [80.0, 95.0, "advanced"]
    ]
    assert result.figures_changed.empty  # the 80 % figure is the same on both sides
    assert result.old_label == str(run_dir)


def test_load_side_missing_path(tmp_path):
    with pytest.raises(StoreError, match="no such file or folder"):
        load_side(tmp_path / "missing.pdf")


def test_compare_processes_plain_documents(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("Первый абзац о кооперации.\n\nВторой абзац о рынках.", encoding="utf-8")
    new.write_text("Первый абзац о кооперации.", encoding="cp1251")
    result = compare(old, new, config=NO_STEPS)
    assert result.summary["old"]["documents"] == 1
    assert result.summary["new"]["documents"] == 1
    assert result.summary["old"]["passages"] == 2
    assert result.summary["new"]["passages"] == 1


def test_public_compare_is_the_function_even_after_submodule_imports():
    import indpol
    import indpol.comparison.compare

    assert callable(indpol.compare) and indpol.compare.__module__ == "indpol.comparison.sides"


def test_reprs_are_short_and_html_shows_the_views(run_dir):
    doc = build("d9", "short.txt")
    text = repr(doc)
    assert text.startswith("Document('short.txt', status='ok'") and "figures=" in text and len(text) < 300
    shown = doc._repr_html_()  # the document view: every figure highlighted, its facts tables
    assert doc.figures and '<span class="h ' in shown and 'class="facts-data"' in shown
    run = open_run(run_dir)
    assert repr(run).startswith(f"RunFacts({str(run_dir)!r}: documents=1")
    assert 'id="overview"' in run._repr_html_() and 'class="doc"' in run._repr_html_()


def test_readme_notebook_snippet_runs_top_to_bottom(tmp_path, monkeypatch):
    import re
    import shutil

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"### From a notebook\s+```python\n(.*?)```", readme, re.S).group(1)
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")  # a fresh clone's corpus, run outside the checkout
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(snippet, "README.md", "exec"), namespace)
    assert len(namespace["doc"].figures) > 10 and len(namespace["facts"].documents) == 12
    assert len(namespace["changes"].figures_changed) >= 1
