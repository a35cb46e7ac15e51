"""Issue 21, item 3: a file or folder the system will not let us read gets its row; the run goes on.

One unreadable file aborted the whole run with a ``PermissionError`` traceback while it was hashed,
and an unreadable subfolder was skipped without a row. Each case is built next to good files that
must come out ``ok``, made unreadable for real (``chmod``) or, where ``chmod`` blocks nothing (as
root), by refusing ``open`` and ``os.scandir`` on those paths the way the system would; a second run,
once everything is readable again, reads them.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import NO_STEPS

from indpol.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from make_inputs import PARAGRAPHS, make_docx

from indpol.testing import read_jsonl

TEXT = "\n\n".join(PARAGRAPHS).encode()
NO_FILE = ("failed", "E_UNREADABLE", "file not readable (Permission denied)")
NO_FOLDER = ("failed", "E_UNREADABLE", "folder not readable (Permission denied)")
OK = ("ok", None, None)

# name → (bytes, locked: "file" / "folder" (this one, no listing) / "search" (listed, not entered))
FILES: dict[str, tuple[bytes, str | None]] = {
    "a_good.txt": (TEXT, None),
    "locked.txt": ("\n\n".join(PARAGRAPHS[::-1]).encode(), "file"),
    "locked.docx": (make_docx(), "file"),
    "locked_folder/inside.txt": (TEXT[:300], "folder"),
    "z_good/report.txt": (TEXT[100:], None),
}
# the row each source must get (a folder that cannot be listed is one row, its files unseen)
EXPECTED = {
    "a_good.txt": OK,
    "locked.txt": NO_FILE,
    "locked.docx": NO_FILE,
    "locked_folder": NO_FOLDER,
    "z_good/report.txt": OK,
}
SEARCH_ONLY = {"no_search/inside.txt": NO_FILE}  # chmod 444 on the folder: listed, not entered (not as root)


def build(folder: Path) -> Path:
    for name, (data, _locked) in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "no_search").mkdir()
    (folder / "no_search" / "inside.txt").write_bytes(TEXT[:400])
    return folder


def locked_paths(folder: Path) -> tuple[set[str], set[str]]:
    files = {str(folder / name) for name, (_data, locked) in FILES.items() if locked == "file"}
    folders = {str((folder / name).parent) for name, (_data, locked) in FILES.items() if locked == "folder"}
    return files, folders


@contextlib.contextmanager
def chmod_locked(folder: Path) -> Iterator[None]:
    """Take the read (and for folders the list) permission away, as a user might by mistake."""
    files, folders = locked_paths(folder)
    for path in files:
        os.chmod(path, 0)
    for path in folders:
        os.chmod(path, 0)
    os.chmod(folder / "no_search", 0o444)
    try:
        yield
    finally:
        for path in [*files, *folders, str(folder / "no_search")]:
            os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)


def chmod_blocks(folder: Path) -> bool:
    """Whether ``chmod 000`` keeps this process out (not as root, nor with CAP_DAC_OVERRIDE)."""
    probe = folder / "probe"
    probe.write_bytes(b"x")
    os.chmod(probe, 0)
    try:
        probe.read_bytes()
    except PermissionError:
        return True
    finally:
        probe.unlink()
    return False


@contextlib.contextmanager
def simulated_locked(folder: Path) -> Iterator[None]:
    """Refuse ``open`` on the locked files and ``os.scandir`` on the locked folders with the system's
    own error, where chmod would not (as root)."""
    files, folders = locked_paths(folder)
    real_open, real_scandir = builtins.open, os.scandir

    def refuse(path: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))  # type: ignore[arg-type]

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, str | Path) and os.fspath(file) in files:
            refuse(file)
        return real_open(file, *args, **kwargs)

    def fake_scandir(path="."):  # type: ignore[no-untyped-def]
        if os.fspath(path) in folders:
            refuse(path)
        return real_scandir(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "open", fake_open)
        patch.setattr(os, "scandir", fake_scandir)
        yield


def invoke(folder: Path, out: Path, config: Path):  # type: ignore[no-untyped-def]
    args = ["run", str(folder), "--out", str(out), "--config", str(config), "--silent", "--engine", "inline"]
    return CliRunner().invoke(main, args)


@pytest.fixture(scope="module", params=["chmod", "simulated"])
def runs(request, tmp_path_factory):
    """(input folder, expected rows, first run's result and rows, second run's rows once readable)."""
    base = tmp_path_factory.mktemp(f"unreadable-{request.param}")
    folder = build(base / "in")
    config = base / "config.yaml"
    config.write_text(yaml.safe_dump(NO_STEPS), encoding="utf-8")
    expected = dict(EXPECTED)
    if request.param == "chmod":
        if not chmod_blocks(base):
            pytest.skip("chmod does not block reads here (running as root): the simulated run covers it")
        locked = chmod_locked(folder)
        expected.update(SEARCH_ONLY)
    else:
        locked = simulated_locked(folder)
        expected["no_search/inside.txt"] = OK
    with locked:
        first = invoke(folder, base / "out", config)
    rows = {
        str(Path(row["source"]).relative_to(folder)): row
        for row in read_jsonl(base / "out" / "documents.jsonl")
    }
    invoke(folder, base / "out", config)
    again = {
        str(Path(row["source"]).relative_to(folder)): row
        for row in read_jsonl(base / "out" / "documents.jsonl")
    }
    return folder, expected, first, rows, again


def test_run_goes_on_without_a_traceback(runs):
    _folder, expected, first, rows, _again = runs
    assert first.exception is None or isinstance(first.exception, SystemExit), first.output
    assert first.exit_code == 0, first.output
    assert sorted(rows) == sorted(expected)


@pytest.mark.parametrize("name", sorted({*EXPECTED, *SEARCH_ONLY}))
def test_unreadable_status_and_reason(runs, name):
    _folder, expected, _first, rows, _again = runs
    if name not in expected:
        pytest.skip(f"{name}: needs chmod to block reads")
    status, code, reason = expected[name]
    row = rows[name]
    assert (row["status"], row["error_code"], row["error"]) == (status, code, reason)


@pytest.mark.parametrize("name", ["locked.txt", "locked.docx", "locked_folder/inside.txt"])
def test_readable_again_is_read(runs, name):
    _folder, _expected, _first, _rows, again = runs
    assert (again[name]["status"], again[name]["error"]) == ("ok", None)
