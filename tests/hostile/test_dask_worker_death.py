"""Issue 21, item 4: on Dask, a file that kills its worker costs only itself.

Dask fails every document queued on a worker that dies (``KilledWorker``), and they came out
``failed`` with a code a re-run does not retry, so the re-run skipped them. Now a document whose
worker was lost runs again alone; only the one that loses its worker alone is failed, with
``E_WORKER_CRASH`` (which a re-run tries again, as on the local engine). Each case runs on a
LocalCluster of two workers with a file that kills its worker after a second (tests/hostile/killer.py)
next to good files that each take a moment, so that some wait on the dying worker.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NO_STEPS

pytest.importorskip("distributed")

GOOD = "Союзная программа предусматривает создание совместных производств в станкостроении"
CULPRIT = ("failed", "E_WORKER_CRASH", "worker process died (lost the Dask worker running it alone)")
OK = ("ok", None, None)
GOOD_FILES = [f"report_{index}.txt" for index in range(5)]  # sorted after kill.txt

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


def rows(out: Path) -> dict[str, tuple[str, str | None, str | None]]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {
        Path(row["source"]).name: (row["status"], row["error_code"], row["error"])
        for row in map(json.loads, lines)
    }


@pytest.mark.parametrize(("case", "settings"), list(CLUSTERS.items()))
def test_a_file_that_kills_its_dask_worker_costs_only_itself(tmp_path, case, settings):
    import dask
    from distributed import LocalCluster

    from hostile.killer import BusyKillingPipeline

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kill.txt").write_text(f"{GOOD}: последняя редакция.", encoding="utf-8")
    for index, name in enumerate(GOOD_FILES):
        (folder / name).write_text(f"{GOOD}, этап {index + 1}.", encoding="utf-8")
    pipeline = BusyKillingPipeline.from_config(NO_STEPS)
    out = tmp_path / "out"
    cluster = None
    if settings is not None:
        with dask.config.set(settings):
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    try:
        scheduler = cluster.scheduler_address if cluster else None
        summary = pipeline.run([folder], out, engine="dask", workers=2, scheduler=scheduler)
        assert rows(out) == {"kill.txt": CULPRIT, **dict.fromkeys(GOOD_FILES, OK)}, case
        assert {status: count for status, count in summary.counts.items() if count} == {"ok": 5, "failed": 1}
        again = pipeline.run([folder], out, engine="dask", workers=2, scheduler=scheduler)
    finally:
        if cluster is not None:
            cluster.close()
    # the good files are done; the culprit is tried again, as the local engine tries a crashed worker's file
    assert {status: count for status, count in again.counts.items() if count} == {"skipped": 5, "failed": 1}
    assert rows(out)["kill.txt"] == CULPRIT
