"""A process that keeps changing a file, as a download still arriving, an editor saving in place or a sync
tool swapping in new copies does: ``python tests/hostile/writer.py MODE PATH SPARE``, until it is terminated.

``append``: a paragraph more every few milliseconds; ``rewrite``: the same bytes with one word changed back and
forth (same size), the modification time a second later each time; ``replace``: a new copy (another inode, the
same size and modification time) written to ``SPARE`` (outside the input folder) and moved over the file. Once
the first change is made, ``SPARE.started`` is created, so a test knows the writer runs; terminated, it
ends after the change it is making (never leaves a file it truncated empty)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

PERIOD = 0.01  # seconds between changes
PARAGRAPH = "\n\nСоюзная программа предусматривает создание совместных производств в станкостроении.".encode()
WORDS = ("Союзная".encode(), "Союзный".encode())  # the same length in UTF-8


def change(mode: str, path: Path, spare: Path, turn: int) -> None:
    if mode == "append":
        with open(path, "ab") as handle:
            handle.write(PARAGRAPH)
        return
    data = path.read_bytes()
    old, new = WORDS if turn % 2 == 0 else WORDS[::-1]
    before = os.stat(path)
    if mode == "rewrite":
        path.write_bytes(data.replace(old, new))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    elif mode == "replace":
        spare.write_bytes(data.replace(old, new))
        os.utime(spare, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(spare, path)
    else:
        raise SystemExit(f"unknown mode {mode}")


def main(mode: str, path: str, spare: str) -> None:
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda number, _frame: stopping.append(number))  # ends after a whole change
    turn = 0
    while not stopping:
        change(mode, Path(path), Path(spare), turn)
        if turn == 0:
            Path(spare + ".started").touch()
        turn += 1
        time.sleep(PERIOD)


if __name__ == "__main__":
    main(*sys.argv[1:4])
