"""Issue 21, item 4: on Dask, a file that kills its worker costs only itself.

Dask fails every document queued on a worker that dies (``KilledWorker``), and they came out
``failed`` with a code a re-run does not retry, so the re-run skipped them. Now a document whose
worker was lost runs again alone; only the one that loses its worker alone is failed, with
``E_WORKER_CRASH`` (which a re-run tries again, as on the local engine). Each case runs on a
LocalCluster of two workers with a file that kills its worker after a second (tests/hostile/killer.py)
next to good files that each take a moment, so that some wait on the dying worker; each run is a Python
process of its own (tests/hostile/measured.py) that starts the cluster, so the run's time and the peak
memory of its Dask workers (its child processes: ``RUSAGE_CHILDREN`` once they are reaped, checked below
with a worker made to grow) are measured as on the local engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NO_STEPS

from .measured import TIMEOUT, assert_bounded, run_in_a_process

pytest.importorskip("distributed")

GOOD = "Союзная программа предусматривает создание совместных производств в станкостроении"
CULPRIT = ["failed", "E_WORKER_CRASH", "worker process died (lost the Dask worker running it alone)"]
OK = ["ok", None, None]
GOOD_FILES = [f"report_{index}.txt" for index in range(5)]  # sorted after kill.txt
CAP_MB = 500
CONFIG = {**NO_STEPS, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": CAP_MB}}

# case → the cluster's scheduler settings (None: the LocalCluster indpol starts itself)
CLUSTERS = {
    "indpol's own LocalCluster": None,
    # a cluster of someone else's that gives up on a task at its first lost worker, without work stealing:
    # the documents queued beside the culprit fail with it, every time
    "a cluster that fails a task at the first lost worker": {
        "distributed.scheduler.allowed-failures": 0,
        "distributed.scheduler.work-stealing": False,
    },
}


def on_dask(folder: Path, out: Path, settings: dict | None, pipeline: str) -> dict:
    """``run`` on two Dask workers in a process of its own: indpol's LocalCluster or one of ``settings``."""
    if settings is None:
        return run_in_a_process(folder, out, CONFIG, workers=2, pipeline=pipeline, engine="dask")
    return run_in_a_process(folder, out, CONFIG, workers=2, pipeline=pipeline, cluster=settings)


@pytest.mark.parametrize(("case", "settings"), list(CLUSTERS.items()))
def test_a_file_that_kills_its_dask_worker_costs_only_itself(tmp_path, case, settings):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kill.txt").write_text(f"{GOOD}: последняя редакция.", encoding="utf-8")
    for index, name in enumerate(GOOD_FILES):
        (folder / name).write_text(f"{GOOD}, этап {index + 1}.", encoding="utf-8")
    out = tmp_path / "out"
    first = on_dask(folder, out, settings, "hostile.killer:BusyKillingPipeline")
    assert first["rows"] == {"kill.txt": CULPRIT, **dict.fromkeys(GOOD_FILES, OK)}, case
    assert {status: count for status, count in first["counts"].items() if count} == {"ok": 5, "failed": 1}
    assert_bounded(first, CAP_MB)
    again = on_dask(folder, out, settings, "hostile.killer:BusyKillingPipeline")
    # the good files are done; the culprit is tried again, as the local engine tries a crashed worker's file
    assert {status: count for status, count in again["counts"].items() if count} == {
        "skipped": 5,
        "failed": 1,
    }
    assert again["rows"]["kill.txt"] == CULPRIT
    assert_bounded(again, CAP_MB)


@pytest.mark.parametrize(("case", "settings"), list(CLUSTERS.items()))
def test_the_peak_memory_measured_is_the_dask_workers(tmp_path, case, settings):
    """A worker made to hold GROWTH_MB more shows in the peak: the Dask workers are measured, not only the
    driver (whose own memory ``RUSAGE_CHILDREN`` leaves out)."""
    from .killer import GROWTH_MB

    peaks = {}
    for name in ("plain.txt", "grow.txt"):
        folder = tmp_path / name / "in"
        folder.mkdir(parents=True)
        (folder / name).write_text(f"{GOOD}.", encoding="utf-8")
        result = on_dask(folder, tmp_path / name / "out", settings, "hostile.killer:GrowingPipeline")
        assert result["rows"] == {name: OK}, case
        peaks[name] = result["peak_mb"]
    assert peaks["grow.txt"] >= GROWTH_MB + 50 and peaks["grow.txt"] > peaks["plain.txt"], (
        peaks
    )  # 50 MB: a worker with indpol imported holds more
