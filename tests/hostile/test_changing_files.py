"""Issue 21, item 8 (first half): a file that changes while it is read or processed is not stored ``ok``.

A download still being written was read part-way and its partial text stored with status ``ok``,
and as its bytes were then known the next run skipped it. Now a document whose file is no longer
the one read when its processing ends (size, modification time or inode differ, or the read did
not return the size stated) fails with E_CHANGED and is read again on the next run.

Each changing file has a writer of its own, a real process running beside the run from before it starts
to after it ends (tests/hostile/writer.py): a download that keeps growing, an editor that keeps saving in
place (same size), a sync tool that keeps swapping in new copies (same size and time, another inode). The
files are long enough (~2 MB) that each is processed for longer than the writer waits between changes.
The folder runs in ``indpol run`` (worker processes, a memory cap) of a Python process of its own
(tests/hostile/measured.py): status, code and reason, the good files beside them ``ok``, the run's time and
the workers' peak memory; a second run, the writers stopped, reads every file.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NO_STEPS

from .build import PARAGRAPHS
from .measured import TIMEOUT, assert_bounded, run_in_a_process

TEXT = "\n\n".join(PARAGRAPHS)
LONG = (TEXT + "\n\n") * (
    2 * 10**6 // len(TEXT.encode())
)  # ~2 MB: processed for far longer than a writer waits
CHANGED = ("failed", "E_CHANGED")
OK = ("ok", None)
CAP_MB = 500
CONFIG = {**NO_STEPS, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": CAP_MB}}
WRITER = Path(__file__).with_name("writer.py")

# name → (text, the writer's mode (None: no writer), (status, code) of the first run)
CASES: dict[str, tuple[str, str | None, tuple[str, str | None]]] = {
    "download.txt": (LONG, "append", CHANGED),
    "edited.txt": (LONG, "rewrite", CHANGED),
    "replaced.txt": (LONG, "replace", CHANGED),
    "good.txt": ("\n\n".join(PARAGRAPHS[1:]), None, OK),
    "also_good.md": ("# Отчёт\n\n" + PARAGRAPHS[0], None, OK),
}


def start_writers(folder: Path, spares: Path) -> list[subprocess.Popen]:
    writers = []
    for name, (_text, mode, _expected) in CASES.items():
        if mode:
            spare = spares / name
            writers.append(
                subprocess.Popen([sys.executable, str(WRITER), mode, str(folder / name), str(spare)])
            )
    deadline = time.monotonic() + 30
    while not all((spares / f"{name}.started").exists() for name, case in CASES.items() if case[1]):
        assert time.monotonic() < deadline, "the writers did not start"
        assert all(writer.poll() is None for writer in writers), "a writer died"
        time.sleep(0.05)
    return writers


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """(the first run, with the writers at work; the second, once they stopped)."""
    base = tmp_path_factory.mktemp("changing")
    folder, spares = base / "in", base / "spares"
    folder.mkdir()
    spares.mkdir()
    for name, (text, _mode, _expected) in CASES.items():  # each its own bytes, never a duplicate of another
        (folder / name).write_text(f"{name}\n\n{text}", encoding="utf-8")
    writers = start_writers(folder, spares)
    try:
        first = run_in_a_process(folder, base / "out", CONFIG)
        assert all(writer.poll() is None for writer in writers), "a writer stopped before the run ended"
    finally:
        for writer in writers:
            writer.terminate()
            writer.wait(timeout=30)
    again = run_in_a_process(folder, base / "out", CONFIG)
    return first, again


def test_run_goes_on_time_and_peak_memory(runs):
    first, _again = runs
    assert sorted(first["rows"]) == sorted(CASES)
    assert_bounded(first, CAP_MB)


@pytest.mark.parametrize(("name", "case"), sorted(CASES.items()))
def test_changed_status_and_reason(runs, name, case):
    first, _again = runs
    status, code, reason = first["rows"][name]
    assert (status, code) == case[2], reason
    if case[2] == CHANGED:
        assert reason.startswith("the file changed while it was read"), reason
    else:
        assert reason is None


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_again_on_the_next_run(runs, name):
    _first, again = runs
    assert again["rows"][name] == ["ok", None, None]
    assert_bounded(again, CAP_MB)
