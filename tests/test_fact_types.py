"""Adding a fact type: a small one from outside indpol (``tests/data/fact_type/indpol_terms``) is its
record, its row of the fact table (named by an ``indpol.facts`` entry point), its package with its
step, one data file and one switch — and it reaches the pipeline's steps, ``Pipeline(only=…)``, the
store, every export, ``RunFacts``, ``indpol inspect`` and ``indpol tables`` with no other edit."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PLUGIN = Path(__file__).parent / "data" / "fact_type"
SRC = Path(__file__).resolve().parents[1] / "src"
ALL_STEPS_OFF = {
    "extract": {"entities": False, "figures": False, "stages": False},
    "classify": {"directions": False},
}
TEXT = "Технопарк «Идея» и нефтехимический кластер.\n\nВ регионе три технопарка и ни одного кластера."

# Run in a fresh interpreter: fact types are read from entry points when indpol.facts is imported.
SCRIPT = """
import json, sys
from click.testing import CliRunner
import indpol
from indpol.cli import main
from indpol.pipeline import Pipeline

corpus, out, on, off = sys.argv[1:]
runner = CliRunner()
ran = runner.invoke(main, ["run", corpus, "-o", out, "--config", on, "--engine", "inline", "--format", "csv,xlsx", "-s"])
run = indpol.open(out)
print(json.dumps({
    "only": [name for name, _ in Pipeline(only=["terms"]).steps],
    "configured": [name for name, _ in Pipeline.from_config(on).steps],
    "switched_off": [name for name, _ in Pipeline.from_config(off).steps],
    "run": [ran.exit_code, ran.output],
    "rows": run.terms[["source", "char_start", "char_end", "text", "term"]].to_dict("records"),
    "columns": list(run.terms.columns),
    "inspect": runner.invoke(main, ["inspect", corpus + "/plan.txt", "--config", on]).output,
    "tables": runner.invoke(main, ["tables", out]).output,
}))
"""


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def terms_run(tmp_path_factory):
    """The plugin installed (a dist-info folder with its entry point) and a run of one small file."""
    tmp = tmp_path_factory.mktemp("fact_type")
    info = tmp / "indpol_terms-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: indpol-terms\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[indpol.facts]\nterms = indpol_terms:FACT\n")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(TEXT, encoding="utf-8")
    on = write_yaml(
        tmp / "on.yaml", {**ALL_STEPS_OFF, "extract": {**ALL_STEPS_OFF["extract"], "terms": True}}
    )
    off = write_yaml(
        tmp / "off.yaml", {**ALL_STEPS_OFF, "extract": {**ALL_STEPS_OFF["extract"], "terms": False}}
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, (SRC, PLUGIN, tmp)))}
    args = [sys.executable, "-c", SCRIPT, str(corpus), str(tmp / "out"), str(on), str(off)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), tmp / "out"


def test_new_fact_type_is_a_step_chosen_by_its_switch_and_by_only(terms_run):
    result, _out = terms_run
    assert result["only"] == ["terms"]
    assert result["configured"] == ["terms"]
    assert result["switched_off"] == []


def test_new_fact_type_reaches_the_store_and_run_facts(terms_run):
    result, _out = terms_run
    assert result["run"][0] == 0, result["run"][1]
    found = [(row["text"], row["term"]) for row in result["rows"]]
    assert found == [
        ("Технопарк", "технопарк"),
        ("кластер", "кластер"),
        ("технопарка", "технопарк"),
        ("кластера", "кластер"),
    ]
    for row in result["rows"]:
        assert row["source"].endswith("plan.txt")
        assert TEXT[row["char_start"] : row["char_end"]] == row["text"]
    # ids first, then the document's file name, as in every fact table
    assert result["columns"][:4] == ["doc_id", "term_id", "passage_id", "source"]


@pytest.mark.parametrize("name", ["terms.jsonl", "terms.csv"])
def test_new_fact_type_is_exported(terms_run, name):
    _result, out = terms_run
    path = out / name
    if name.endswith(".csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            terms = [row["term"] for row in csv.DictReader(handle)]
    else:
        terms = [json.loads(line)["term"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert terms == ["технопарк", "кластер", "технопарк", "кластер"]


def test_new_fact_type_is_a_workbook_sheet(terms_run):
    openpyxl = pytest.importorskip("openpyxl")
    _result, out = terms_run
    (workbook,) = out.glob("*.xlsx")
    assert "terms" in openpyxl.load_workbook(workbook, read_only=True).sheetnames


def test_new_fact_type_is_counted_and_listed(terms_run):
    result, _out = terms_run
    assert "terms 4" in result["inspect"]
    assert "4 terms" in result["run"][1]
    line = next(line for line in result["tables"].splitlines() if line.startswith("terms "))
    assert line.split()[1:] == ["4", "rows", "words", "of", "the", "programme-term", "list"]
