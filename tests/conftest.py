"""Shared fixtures: the development data folder, a pipeline without heavy steps, built test files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "000_b7d02244011c42de.txt"
RUREBUS = SHARED_DATA / "rurebus-train"
FACTRU = SHARED_DATA / "factru-dev"
CORPUS = ROOT / "corpus"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="../shared/data/seed is absent")
needs_rurebus = pytest.mark.skipif(not RUREBUS.is_dir(), reason="../shared/data/rurebus-train is absent")
needs_factru = pytest.mark.skipif(not FACTRU.is_dir(), reason="../shared/data/factru-dev is absent")
needs_font = pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVuSans.ttf (fonts-dejavu-core) is absent")

NO_STEPS = {
    "extract": {"entities": False, "figures": False, "stages": False},
    "classify": {"directions": False},
}


def run_without_steps(folder: Path, base: Path) -> Path:
    """``indpol run`` over ``folder`` with every extraction step off (two workers, silent); its output folder."""
    import yaml
    from click.testing import CliRunner

    from indpol.cli import main

    config = base / "config.yaml"
    config.write_text(yaml.safe_dump(NO_STEPS), encoding="utf-8")
    out = base / "out"
    args = ["run", str(folder), "--out", str(out), "--config", str(config), "--silent", "--workers", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def morph():
    """The process's pymorphy3 analyser."""
    from indpol.nlp.morph import load_morph

    return load_morph()


def run_figures(text: str, morph, **options):
    """Figures of one text, with DATE spans from ``parse_dates`` (as a passage without entities unless
    ``names=`` gives their spans); other ``options`` go to ``extract_figures`` too."""
    from indpol.extract.figures.prose import extract_figures
    from indpol.extract.grammars.dates import parse_dates

    dates = [(d.start, d.end, d.date_start, d.date_end) for d in parse_dates(text)]
    return extract_figures(text, morph, dates, **options)


def figure_rows(text: str, morph, *fields: str) -> list[tuple]:
    """(the span's text, *the named fields) of every figure of one text."""
    return [(text[f.start : f.end], *(getattr(f, name) for name in fields)) for f in run_figures(text, morph)]


# The fields of a figure's whole record in the tables tests/data/figure_*_rows.yaml (after its span's text).
FIGURE_RECORD = ("kind", "value", "unit", "approx", "change", "indicator", "period_start")


def figures_by_span(text: str, morph) -> dict:
    """The figures of one text by the text of their spans."""
    return {text[f.start : f.end]: f for f in run_figures(text, morph)}


def run_figures_step(text: str, doc_id: str = "d"):
    """A document of one text after the figures step of the default configuration (passages, breakdowns,
    anaphora across passages)."""
    from indpol.config import PipelineConfig
    from indpol.extract.figures.step import figures_step
    from indpol.nlp.cache import Models
    from indpol.testing import make_document

    doc = make_document(text, doc_id=doc_id)
    figures_step(doc, Models(PipelineConfig()), PipelineConfig())
    return doc


def run_stages(text: str, morph, doc_id: str = "t"):
    """Stages of one text made a document; every stage quotes its text, cuts no word, has its own id."""
    from indpol.extract.stages.step import extract_stages
    from indpol.testing import make_document

    doc = make_document(text, doc_id=doc_id)
    stages = extract_stages(doc, morph)
    for stage in stages:
        assert doc.text[stage.start : stage.end] == stage.text
        before, after = doc.text[stage.start - 1 : stage.start], doc.text[stage.end : stage.end + 1]
        assert not (before.isalnum() and stage.text[:1].isalnum()), stage.text
        assert not (after.isalnum() and stage.text[-1:].isalnum()), stage.text
    assert len({stage.stage_id for stage in stages}) == len(stages)
    return stages


def list_items(stages) -> list[tuple]:
    """(text, order, kind, marker, action) of the stages that belong to a list."""
    return [(s.text, s.order, s.kind, s.marker, s.action) for s in stages if s.list_id is not None]


@pytest.fixture(scope="session")
def stage_cues():
    """The stage cues the extractor reads by default (``load_stage_cues()``)."""
    from indpol.extract.stages.items import load_stage_cues

    return load_stage_cues()


@pytest.fixture(scope="session")
def text_pipeline():
    """Ingest, clean and segment only (no extraction steps)."""
    from indpol.pipeline import Pipeline

    return Pipeline.from_config(NO_STEPS)


@pytest.fixture(scope="session")
def full_pipeline():
    """The repository's configuration with every step."""
    from indpol.pipeline import Pipeline

    return Pipeline.from_config()


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory) -> Path:
    """A folder of good and bad files, built by tests/make_inputs.py."""
    from make_inputs import build_bad_inputs

    folder = tmp_path_factory.mktemp("bad-inputs")
    build_bad_inputs(folder)
    return folder


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory) -> Path:
    """A run folder of the whole sample corpus (every step, worker processes: about 10 s)."""
    from indpol.pipeline import Pipeline

    out = tmp_path_factory.mktemp("corpus-run") / "out"
    Pipeline.from_config().run([CORPUS], out, workers=2)
    return out


def pytest_configure(config):
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
