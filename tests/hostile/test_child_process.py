"""Issue 21, item 2: documents run in child processes unless ``--engine inline`` is asked for.

With ``--workers 1`` (or one CPU) and a single file left to do, the document ran inside the driver,
so a file that killed its process (the kernel's out-of-memory killer, exit 137) killed the whole
run, with no rows, every time. Each run here is a process of its own, so that a driver killed by a
regression fails the test instead of the test session; the file that kills its reader is simulated
(tests/hostile/killer.py), the good files beside it must come out ``ok``; the run's time and the workers'
peak memory (a 500 MB cap) are measured as in tests/hostile/measured.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NO_STEPS

from indpol.pipeline import batch

from .measured import TIMEOUT, assert_bounded, run_in_a_process

CRASH = ("failed", "E_WORKER_CRASH", "worker process died (exit code -9)")
OK = ("ok", None, None)
CAP_MB = 500
CONFIG = {**NO_STEPS, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": CAP_MB}}
GOOD = "Союзная программа предусматривает создание совместных производств в станкостроении."


def rows(out: Path) -> dict[str, tuple[str, str | None, str | None]]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {
        Path(row["source"]).name: (row["status"], row["error_code"], row["error"])
        for row in map(json.loads, lines)
    }


# case → (files done in an earlier run, files of this run, options, the rows expected after it)
CASES = {
    "one file left of two, one worker": (
        ["good.txt"],
        ["good.txt", "kill.txt"],
        {"workers": 1},
        {"good.txt": OK, "kill.txt": CRASH},
    ),
    "a single input, one worker": ([], ["kill.txt"], {"workers": 1}, {"kill.txt": CRASH}),
    "two files, one worker": (
        [],
        ["kill.txt", "good.txt"],
        {"workers": 1},
        {"good.txt": OK, "kill.txt": CRASH},
    ),
}


@pytest.mark.parametrize(("case", "spec"), list(CASES.items()))
def test_a_file_that_kills_its_process_costs_only_itself(tmp_path, case, spec):
    earlier, inputs, options, expected = spec
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "kill.txt").write_text(GOOD + " Вторая редакция.", encoding="utf-8")
    out = tmp_path / "out"
    killing = "hostile.killer:KillingPipeline"
    if earlier:  # run_in_a_process asserts the driver's exit code 0
        run_in_a_process([folder / name for name in earlier], out, CONFIG, pipeline=killing)
    result = run_in_a_process([folder / name for name in inputs], out, CONFIG, pipeline=killing, **options)
    assert rows(out) == expected, case
    assert_bounded(result, CAP_MB)


# (engine, workers, cpu count, files) → where the documents run
ROUTES = [
    ("local", 1, 4, 1, "pool"),
    ("local", None, 1, 1, "pool"),  # --workers left to the default on a one-CPU machine
    ("local", 2, 4, 3, "pool"),
    ("inline", 1, 4, 1, "inline"),
    ("inline", 4, 4, 3, "inline"),
]


@pytest.mark.parametrize(("engine", "workers", "cpus", "files", "where"), ROUTES)
def test_documents_run_in_a_child_unless_inline(tmp_path, monkeypatch, engine, workers, cpus, files, where):
    from indpol.pipeline import Pipeline
    from indpol.pipeline import pool as pool_module

    used: list[str] = []

    def in_pool(paths, config, make, count, **options):  # type: ignore[no-untyped-def]
        used.append("pool")
        for path in paths:
            yield Pipeline(config, only=()).process(path)

    monkeypatch.setattr(pool_module, "process_in_pool", in_pool)
    monkeypatch.setattr(
        batch,
        "process_with_timeout",
        lambda pipeline, path, timeout: used.append("inline") or pipeline.process(path),
    )
    monkeypatch.setattr(batch.os, "cpu_count", lambda: cpus)
    for index in range(files):
        (tmp_path / f"doc_{index}.txt").write_text(f"{GOOD} Документ {index}.", encoding="utf-8")
    pipeline = Pipeline.from_config(NO_STEPS)
    summary = pipeline.run(
        [tmp_path / f"doc_{index}.txt" for index in range(files)],
        tmp_path / "out",
        engine=engine,
        workers=workers,
    )
    assert summary.counts["ok"] == files
    assert set(used) == {where}
