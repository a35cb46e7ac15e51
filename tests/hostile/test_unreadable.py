"""Issue 21, item 3: a file or folder the system will not let us read gets its row; the run goes on.

One unreadable file aborted the whole run with a ``PermissionError`` traceback while it was hashed,
and an unreadable subfolder was skipped without a row. Each case is built next to good files that
must come out ``ok`` and made unreadable for real with ``chmod``; the folder runs in ``indpol run``
(worker processes, a memory cap) of a Python process of its own (tests/hostile/measured.py): status,
code and reason of every row, the run's time and the workers' peak memory. As root, whom ``chmod``
does not stop, the run's process is started without the capabilities that override permissions
(measured.without_override), so the system refuses for real. A second run, once everything is readable
again, reads them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NO_STEPS

from .build import PARAGRAPHS, make_docx
from .measured import TIMEOUT, assert_bounded, run_in_a_process, without_override

TEXT = "\n\n".join(PARAGRAPHS).encode()
NO_FILE = ["failed", "E_UNREADABLE", "file not readable (Permission denied)"]
NO_FOLDER = ["failed", "E_UNREADABLE", "folder not readable (Permission denied)"]
OK = ["ok", None, None]
CAP_MB = 500
CONFIG = {**NO_STEPS, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": CAP_MB}}

# path → (bytes, how it is locked: "file" (chmod 0), "folder" (chmod 0 on its folder: not even listed),
# "search" (chmod 444 on its folder: listed, not entered), None: readable); the row of each source, by the
# name of the file, or of the folder that cannot be listed (one row, its files unseen)
FILES: dict[str, tuple[bytes, str | None, str, list]] = {
    "a_good.txt": (TEXT, None, "a_good.txt", OK),
    "locked.txt": ("\n\n".join(PARAGRAPHS[::-1]).encode(), "file", "locked.txt", NO_FILE),
    "locked.docx": (make_docx(), "file", "locked.docx", NO_FILE),
    "locked_folder/inside.txt": (TEXT[:300], "folder", "locked_folder", NO_FOLDER),
    "no_search/inside_unsearchable.txt": (TEXT[:400], "search", "inside_unsearchable.txt", NO_FILE),
    "z_good/report.txt": (TEXT[100:], None, "report.txt", OK),
}


def build(folder: Path) -> Path:
    for name, (data, *_rest) in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def lock(folder: Path, locked: bool) -> None:
    """Take the read (and for folders the list or search) permission away, as a user might by mistake; or
    give it back."""
    for name, (_data, how, *_rest) in FILES.items():
        path = folder / name if how == "file" else (folder / name).parent
        if how:
            os.chmod(
                path,
                {"file": 0, "folder": 0, "search": 0o444}[how]
                if locked
                else 0o644
                if how == "file"
                else 0o755,
            )


def refusal_unavailable(base: Path) -> str | None:
    """Why the run cannot be made to meet a real refusal here, or ``None``: ``chmod 000`` must keep the
    run's process out."""
    probe = base / "probe"
    probe.write_bytes(b"x")
    os.chmod(probe, 0)
    preexec = without_override if os.geteuid() == 0 else None
    try:
        result = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}, 'rb')"],
            capture_output=True,
            text=True,
            preexec_fn=preexec,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"root here cannot give up the capabilities that override permissions ({exc})"
    finally:
        probe.unlink()
    if "PermissionError" not in result.stderr:
        return "chmod 000 does not keep this process out"
    return None


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """(the first run, with the files locked; the second, once they are readable again)."""
    base = tmp_path_factory.mktemp("unreadable")
    if reason := refusal_unavailable(base):
        pytest.skip(reason)
    folder = build(base / "in")
    lock(folder, True)
    try:
        first = run_in_a_process(folder, base / "out", CONFIG, permissions=True)
    finally:
        lock(folder, False)
    again = run_in_a_process(folder, base / "out", CONFIG, permissions=True)
    return first, again


def test_run_goes_on_time_and_peak_memory(runs):
    first, _again = runs
    assert sorted(first["rows"]) == sorted(row for *_rest, row, _expected in FILES.values())
    assert_bounded(first, CAP_MB)


@pytest.mark.parametrize("name", sorted(FILES))
def test_unreadable_status_and_reason(runs, name):
    first, _again = runs
    _data, _how, row, expected = FILES[name]
    assert first["rows"][row] == expected


def test_folder_listed_again_loses_its_row(runs):
    """Once the folder can be listed its files have rows of their own: the folder's failed row goes."""
    _first, again = runs
    assert "locked_folder" not in again["rows"]


@pytest.mark.parametrize("name", sorted(name for name, spec in FILES.items() if spec[1]))
def test_readable_again_is_read(runs, name):
    _first, again = runs
    _data, _how, row, _expected = FILES[name]
    row = "inside.txt" if row == "locked_folder" else row
    assert again["rows"][row] == OK
    assert_bounded(again, CAP_MB)
