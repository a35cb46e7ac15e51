"""Issue 21, item 8 (first half): a file that changes while it is read or processed is not stored ``ok``.

A download still being written was read part-way and its partial text stored with status ``ok``,
and as its bytes were then known the next run skipped it. Now a document whose file is no longer
the one read when its processing ends (size, modification time or inode differ, or the read did
not return the size stated) fails with E_CHANGED and is read again on the next run.

The writer is simulated at a fixed point: while the document is processed (in this process,
``--engine inline``), its file is appended to, rewritten or replaced; good files beside it stay
``ok``, and a second run without the writer reads every file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import NO_STEPS

from indpol.cli import main
from indpol.pipeline import Pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from make_inputs import PARAGRAPHS

from indpol.testing import read_jsonl

TEXT = "\n\n".join(PARAGRAPHS)
CHANGED = ("failed", "E_CHANGED")
OK = ("ok", None)


##########  WRITERS  ##########


def append(path: Path) -> None:
    """The rest of a download arrives."""
    with open(path, "ab") as handle:
        handle.write(f"\n\n{PARAGRAPHS[-1]}".encode())


def rewrite_same_size(path: Path) -> None:
    """An editor saves in place: same length, other bytes, a later modification time."""
    data = path.read_bytes()
    before = os.stat(path)
    path.write_bytes(data.replace("Союзная".encode(), "Союзный".encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


def replace_keeping_time(path: Path) -> None:
    """A sync tool swaps in a new copy (another inode) with the same size and modification time."""
    before = os.stat(path)
    fresh = path.with_suffix(".part")
    fresh.write_bytes(path.read_bytes().replace("Союзная".encode(), "Союзный".encode()))
    os.utime(fresh, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(fresh, path)


def nothing(path: Path) -> None:
    pass


# name → (text, what happens to its file while it is processed, (status, code) of the first run)
CASES: dict[str, tuple[str, Callable[[Path], None], tuple[str, str | None]]] = {
    "download.txt": (TEXT[: len(TEXT) // 2], append, CHANGED),
    "edited.txt": (TEXT, rewrite_same_size, CHANGED),
    "replaced.txt": ("\n\n".join(PARAGRAPHS[::-1]), replace_keeping_time, CHANGED),
    "good.txt": ("\n\n".join(PARAGRAPHS[1:]), nothing, OK),
    "also_good.md": ("# Отчёт\n\n" + PARAGRAPHS[0], nothing, OK),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """(first run's result, its documents by name, the second run's documents by name)."""
    base = tmp_path_factory.mktemp("changing")
    folder = base / "in"
    folder.mkdir()
    for name, (text, _writer, _expected) in CASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    config = base / "config.yaml"
    config.write_text(yaml.safe_dump(NO_STEPS), encoding="utf-8")
    args = [
        "run",
        str(folder),
        "--out",
        str(base / "out"),
        "--config",
        str(config),
        "--silent",
        "--engine",
        "inline",
    ]
    process_bytes = Pipeline.process_bytes

    def while_processed(self, data, name):  # type: ignore[no-untyped-def]
        doc = process_bytes(self, data, name)
        CASES[Path(name).name][1](Path(name))
        return doc

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pipeline, "process_bytes", while_processed)
        first = CliRunner().invoke(main, args)
    rows = {Path(row["source"]).name: row for row in read_jsonl(base / "out" / "documents.jsonl")}
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    again = {Path(row["source"]).name: row for row in read_jsonl(base / "out" / "documents.jsonl")}
    return first, rows, again


def test_run_goes_on(runs):
    first, rows, _again = runs
    assert first.exit_code == 0, first.output
    assert sorted(rows) == sorted(CASES)


@pytest.mark.parametrize(("name", "case"), sorted(CASES.items()))
def test_changed_status_and_reason(runs, name, case):
    _first, rows, _again = runs
    row = rows[name]
    assert (row["status"], row["error_code"]) == case[2], row["error"]
    if case[2] == CHANGED:
        assert row["error"].startswith("the file changed while it was read") and row["chars"] == 0
    else:
        assert row["error"] is None and row["chars"] > 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_again_on_the_next_run(runs, name):
    _first, _rows, again = runs
    assert (again[name]["status"], again[name]["error"]) == ("ok", None)
