"""The Dask engine on a 2-worker LocalCluster gives the same facts as the in-process engine."""

from __future__ import annotations

import shutil

import pytest
from conftest import CORPUS
from test_engine import same_output

from indpol.pipeline import Pipeline

pytest.importorskip("distributed")

# entities, figures and stages; directions off: loading its model in every worker triples the test time
FACTS = {"classify": {"directions": False}}
FILES = [
    "otchet_o_hode_realizacii_2024.txt",
    "pasport_programmy_stankostroenie_sg.docx",
    "spravka_kooperaciya_stankostroenie_koi8r.txt",
    "empty.txt",  # a failure travels back from a worker like any document
]
FACT_FILES = ("documents", "passages", "tables", "entities", "figures", "stages", "failures")


def test_dask_local_cluster_matches_the_local_engine(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES[:-1]:
        shutil.copy(CORPUS / name, folder / name)
    (folder / FILES[-1]).write_bytes(b"")
    pipeline = Pipeline.from_config(FACTS)
    dask_run = pipeline.run([folder], tmp_path / "dask", engine="dask", workers=2)
    local_run = pipeline.run([folder], tmp_path / "local", engine="inline")
    assert dask_run.counts == local_run.counts
    assert dask_run.counts["ok"] == 3 and dask_run.counts["failed"] == 1
    for name in FACT_FILES:
        assert same_output(tmp_path / "dask", tmp_path / "local", f"{name}.jsonl"), name
    assert (tmp_path / "dask" / "figures.jsonl").stat().st_size > 1000


def test_dask_run_prints_no_dask_lines_unless_verbose(tmp_path):
    """The console shows indpol's lines only: Dask's INFO flood (cluster, workers, nanny) appears with -v."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "in").mkdir()
    shutil.copy(CORPUS / FILES[2], tmp_path / "in" / FILES[2])
    (tmp_path / "quiet.yaml").write_text("classify:\n  directions: false\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    run = subprocess.run(
        [sys.executable, "-m", "indpol", "run", "in", "--out", "out", "--engine", "dask", "--workers", "1",
         "--config", "quiet.yaml"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "distributed" not in run.stderr and "INFO" not in run.stderr, run.stderr
    assert "1 files: 1 ok" in run.stdout
