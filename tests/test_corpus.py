"""End to end on our sample corpus: every document reads, every fact quotes its source, compare sees the changes."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS

import indpol

OLD_REPORT = CORPUS / "otchet_o_hode_realizacii_2023.txt"
NEW_REPORT = CORPUS / "otchet_o_hode_realizacii_2024.txt"


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, full_pipeline):
    out = tmp_path_factory.mktemp("corpus-run")
    summary = full_pipeline.run([CORPUS], out=out, engine="inline")
    return summary, indpol.open(out)


@pytest.fixture(scope="module")
def comparison():
    return indpol.compare(OLD_REPORT, NEW_REPORT)


def test_corpus_documents_all_read(corpus_run):
    summary, facts = corpus_run
    assert summary.counts["ok"] == len(facts.documents) >= 9
    assert set(facts.documents["format"]) >= {"pdf", "docx", "html", "txt", "md"}
    assert len(facts.entities) and len(facts.figures) and len(facts.stages)


def test_corpus_facts_quote_their_source(corpus_run, full_pipeline):
    _, facts = corpus_run
    texts = {}
    for source in facts.documents["source"]:
        doc = full_pipeline.process(source)
        texts[doc.doc_id] = doc.text
    for table in (facts.entities, facts.figures, facts.stages):
        for row in table.itertuples():
            assert texts[row.doc_id][row.char_start : row.char_end] == row.text


def test_corpus_txt_facts_map_to_source_file(corpus_run):
    _, facts = corpus_run
    sources = {row.doc_id: row.source for row in facts.documents.itertuples()}
    raw = OLD_REPORT.read_text(encoding="utf-8")
    figures = facts.figures[facts.figures["doc_id"].map(sources) == str(OLD_REPORT)]
    assert len(figures)
    for row in figures.itertuples():
        quoted = raw[int(row.source_start) : int(row.source_end)]
        assert re.sub(r"\s+", " ", quoted) == re.sub(r"\s+", " ", row.text)


def test_compare_turnover_changed(comparison):
    changed = comparison.figures_changed
    turnover = changed[(changed["unit"] == "USD") & changed["indicator"].str.contains("товарооборот")]
    assert len(turnover) == 1
    row = turnover.iloc[0]
    assert (row.old_value, row.new_value) == (50e9, 49.6e9)
    assert str(row.period).startswith("2023")
    new = comparison.figures_new
    assert ((new["unit"] == "USD") & (new["new_value"] == 52.3e9)).any()


def test_compare_stage_status_advanced(comparison):
    changed = comparison.stages_changed
    completion = changed[(changed["old_completion"] == 80) & (changed["new_completion"] == 90)]
    assert len(completion) == 1
    statuses = set(zip(changed["old_status"], changed["new_status"], strict=True))
    assert ("planned", "in_progress") in statuses


def test_compare_direction_shift(comparison):
    shift = comparison.directions.set_index("direction")["shift_pp"]
    assert shift["import_substitution"] > 5
    assert shift["regulation"] < 0
