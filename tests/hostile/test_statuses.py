"""Issue 21, items 5, 6, 7, 10 and 14 (over-size files): honest statuses in a run, next to a good file.

Each file is built here as a user's folder might hold it: UTF-8 with one stray byte and UTF-16 without a
byte-order mark (item 5, read ``ok``), RTF, HTML and a Word 97 DOC without text (item 6, E_NO_TEXT_FOUND, not
an internal error; a DOC with text beside it is ``ok``), a named pipe, a symbolic-link loop, a broken link and a link to a device (item 7), links that lead
out of the input folder, to a file, a folder and ``/etc`` (item 10, never read unless ``follow_links``),
and a file over ``ingest.max_bytes`` (item 14, refused before it is read). The folder runs in ``indpol
run`` (worker processes, a memory cap) of a Python process of its own, as in tests/hostile/test_memory.py:
status, code and reason of every row, the good file ``ok``, the run's time and the workers' peak memory.
The unit tests of each piece are in tests/test_ingest.py, tests/test_ingest_legacy.py and
tests/test_engine_edges.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import NO_STEPS

from .build import make_html, script_txt, word97_doc
from .measured import TIMEOUT, assert_bounded, run_in_a_process

CAP_MB = 500
MAX_BYTES = 100_000
TEXT = "Союзная программа предусматривает создание совместных производств в станкостроении.\n"
NO_TEXT = ("failed", "E_NO_TEXT_FOUND", "no text found")
OUTSIDE = (
    "failed",
    "E_LINK_OUTSIDE",
    "symbolic link out of the input folder, not followed (--follow-links follows it)",
)
PIPE = ("failed", "E_UNREADABLE", "a named pipe (FIFO), not a file")
LOOP = ("failed", "E_UNREADABLE", "symbolic link loop")
BROKEN = ("failed", "E_NOT_FOUND", "broken symbolic link (what it points to does not exist)")
OVER_SIZE = ("failed", "E_TOO_BIG", "file is 100,011 bytes, over the limit of 100,000")
STRAY = ("ok", "E_ENCODING", "1 byte is not UTF-8, read as U+FFFD")  # a warning: a failures row of its own
OK = ("ok", None, None)
CONFIG = {
    **NO_STEPS,
    "ingest": {"timeout": TIMEOUT, "max_bytes": MAX_BYTES},
    "run": {"max_memory_mb": CAP_MB},
}


def build(base: Path) -> Path:
    """The input folder (with ``good.txt``) and a folder beside it that its links lead to."""
    folder, outside = base / "in", base / "outside"
    for path in (folder, outside / "file", outside / "folder"):
        path.mkdir(parents=True)
    (outside / "file" / "secret.txt").write_text(f"root:x:0:0 {TEXT}", encoding="utf-8")
    (outside / "folder" / "deeper.txt").write_text(f"root:x:0:0 {TEXT}{TEXT}", encoding="utf-8")
    files = {
        "good.txt": script_txt(),
        "stray_byte.txt": TEXT.encode() + b"\xff\n" + TEXT.encode(),
        "utf16_no_bom.txt": (TEXT * 3).encode("utf-16-le"),
        "stray_byte.html": make_html().replace("Совета".encode(), b"\xff" + "Совета".encode()),
        "empty.rtf": rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}\pard\par}",
        "scripts_only.html": b"<html><body><script>var x = 1;</script></body></html>",
        "pictures_only.doc": word97_doc("\x01\r\x01\r\x0c\r"),  # two pictures, a page break: no text
        "good.doc": word97_doc(TEXT.replace("\n", "\r")),
        "over_size.txt": TEXT.encode() * (MAX_BYTES // len(TEXT.encode()) + 1),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    (folder / "broken.txt").symlink_to("nowhere.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "secret.txt").symlink_to(outside / "file" / "secret.txt")
    (folder / "outside").symlink_to(outside / "folder")
    (folder / "etc").symlink_to("/etc")
    return folder


# file → (item, expected (status, code, reason) without and with follow_links; None: no row)
CASES: dict[str, tuple[int, tuple | None, tuple | None]] = {
    "good.txt": (0, OK, OK),
    "stray_byte.txt": (5, STRAY, STRAY),
    "utf16_no_bom.txt": (5, OK, OK),
    "stray_byte.html": (5, STRAY, STRAY),
    "empty.rtf": (6, NO_TEXT, NO_TEXT),
    "scripts_only.html": (6, NO_TEXT, NO_TEXT),
    "pictures_only.doc": (6, NO_TEXT, NO_TEXT),
    "good.doc": (6, OK, OK),
    "pipe.txt": (7, PIPE, PIPE),
    "loop_a.txt": (7, LOOP, LOOP),
    "loop_b.txt": (7, LOOP, LOOP),
    "broken.txt": (7, BROKEN, BROKEN),
    "zero.txt": (7, OUTSIDE, ("failed", "E_UNREADABLE", "a device, not a file")),
    "secret.txt": (10, OUTSIDE, OK),
    "outside": (10, OUTSIDE, None),  # followed: the folder's deeper.txt is read
    "deeper.txt": (10, None, OK),
    "etc": (10, OUTSIDE, None),  # not followed in the test: /etc is the machine's
    "over_size.txt": (14, OVER_SIZE, OVER_SIZE),
}  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Rows, seconds and peak memory of a run without and, on a copy without ``etc``, with follow_links."""
    base = tmp_path_factory.mktemp("statuses")
    plain = run_in_a_process(build(base), base / "out", CONFIG)
    followed_base = tmp_path_factory.mktemp("statuses-followed")
    folder = build(followed_base)
    (folder / "etc").unlink()
    followed = run_in_a_process(folder, followed_base / "out", CONFIG, follow_links=True)
    return {"plain": (plain, base / "out"), "followed": (followed, followed_base / "out")}


@pytest.mark.parametrize("mode", ["plain", "followed"])
def test_good_file_ok_time_and_peak_memory(runs, mode):
    result, _out = runs[mode]
    assert tuple(result["rows"]["good.txt"]) == OK
    assert_bounded(result, CAP_MB)


@pytest.mark.parametrize("mode", ["plain", "followed"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_status_code_and_reason(runs, mode, name):
    result, out = runs[mode]
    expected = CASES[name][1 if mode == "plain" else 2]
    if expected is None:
        assert name not in result["rows"]
        return
    status, code, reason = result["rows"][name]
    assert (status, code) == expected[:2], reason
    assert reason == expected[2] if expected[2] is None else reason.startswith(expected[2]), reason
    failures = {
        row["source"].rsplit("/", 1)[-1]: row
        for row in map(json.loads, (out / "failures.jsonl").read_text(encoding="utf-8").splitlines())
    }
    if code:
        assert (failures[name]["status"], failures[name]["code"]) == (
            "failed" if status == "failed" else "warning",
            code,
        )
        assert failures[name]["reason"] == reason
    else:
        assert name not in failures


def test_links_out_are_never_read(runs):
    """Nothing of the file a link out leads to reaches the passages unless links are followed."""
    _plain, out = runs["plain"]
    assert "root:x:0:0" not in (out / "passages.jsonl").read_text(encoding="utf-8")
    _followed, out = runs["followed"]
    assert "root:x:0:0" in (out / "passages.jsonl").read_text(encoding="utf-8")
