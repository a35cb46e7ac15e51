"""Issue 21, item 14: what a killed run or export leaves behind is cleaned up by the next one.

A kill during an export left its temporary files (``.facts.xlsx.<pid>.tmp``, ``.documents.csv.<pid>.tmp.nobom``)
in the run folder for good, and a killed run stayed in the runs table with ``finished_at`` empty, as if it
were still going. The next export or run now removes the temporary files of processes that are gone (a
live process's are left alone), and the next run marks the killed one ``interrupted`` and says so.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import NO_STEPS

from indpol.pipeline import Pipeline
from indpol.store.export import export_run
from indpol.testing import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
GOOD = "Союзная программа предусматривает создание совместных производств в станкостроении."


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def good_folder(base: Path, count: int = 2) -> Path:
    folder = base / "in"
    folder.mkdir()
    for index in range(count):
        (folder / f"doc_{index}.txt").write_text(f"{GOOD} Этап {index + 1}.", encoding="utf-8")
    return folder


def with_run(out: Path, folder: Path) -> None:
    Pipeline.from_config(NO_STEPS).run([folder], out, engine="inline")


def with_export(out: Path, folder: Path) -> None:
    export_run(out, formats="jsonl,csv")


# the next step after the kill → it removes the dead process's temporary files
NEXT_STEPS = {"a run": with_run, "an export": with_export}


@pytest.mark.parametrize(("case", "step"), list(NEXT_STEPS.items()))
def test_temporary_files_of_a_killed_export_are_removed_not_a_live_ones(tmp_path, case, step):
    folder = good_folder(tmp_path)
    out = tmp_path / "out"
    with_run(out, folder)
    dead = dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [f".facts.xlsx.{dead}.tmp", f".documents.csv.{dead}.tmp.nobom", f".passages.jsonl.{dead}.tmp"]
        kept = [
            f".facts.xlsx.{live.pid}.tmp",  # another export, still writing
            f".notes.txt.{dead}.tmp",  # not a file an export writes
            ".facts.xlsx.tmp",  # no process id
            "draft.txt",
        ]
        for name in stale + kept:
            (out / name).write_bytes(b"partial")
        step(out, folder)
        left = {path.name for path in out.iterdir()}
    finally:
        live.kill()
        live.wait()
    assert not left & set(stale), case
    assert set(kept) <= left, case
    assert {row["status"] for row in read_jsonl(out / "documents.jsonl")} == {"ok"}


KILLED_RUN = textwrap.dedent(
    """
    import os, signal, sys
    sys.path[:0] = [{src!r}]
    from indpol.pipeline import Pipeline

    def kill_after_first(done, total, doc):
        if done == 1:
            os.kill(os.getpid(), signal.SIGKILL)

    Pipeline.from_config({config!r}).run([{folder!r}], {out!r}, engine="inline", progress=kill_after_first)
    """
)


def test_a_killed_run_is_marked_interrupted_by_the_next(tmp_path, caplog):
    folder = good_folder(tmp_path, count=3)
    out = tmp_path / "out"
    script = KILLED_RUN.format(src=str(ROOT / "src"), config=NO_STEPS, folder=str(folder), out=str(out))
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with caplog.at_level(logging.WARNING, logger="indpol.pipeline.batch"):
        summary = Pipeline.from_config(NO_STEPS).run([folder], out, engine="inline")
    assert {status: count for status, count in summary.counts.items() if count} == {"ok": 2, "skipped": 1}
    con = duckdb.connect(str(out / "facts.duckdb"), read_only=True)
    runs = con.execute("SELECT run_id, status, finished_at IS NULL FROM runs ORDER BY started_at").fetchall()
    con.close()
    assert [(status, unfinished) for _, status, unfinished in runs] == [
        ("interrupted", True),
        ("finished", False),
    ]
    assert f"the run {runs[0][0]}" in caplog.text and "was interrupted" in caplog.text
    assert {row["status"] for row in read_jsonl(out / "documents.jsonl")} == {"ok"}
    # a third run finds nothing more to mark
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="indpol.pipeline.batch"):
        Pipeline.from_config(NO_STEPS).run([folder], out, engine="inline")
    assert "interrupted" not in caplog.text
