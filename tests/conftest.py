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


def pytest_configure(config):
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
