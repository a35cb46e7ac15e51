"""Finding input files: any mix of files and folders, sorted, loops and hidden files skipped."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from indpol.ingest import SUPPORTED_SUFFIXES


def iter_input_files(inputs: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, problem)`` for every input file, in a stable order.

    Folders are walked recursively (symlinked folders followed once, so loops end);
    only supported suffixes are taken from folders, while files named explicitly are
    always tried. ``problem`` is a reason when the path cannot be used.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from ((str(file), None) for file in _walk(path))
        elif path.is_file():
            yield str(path), None
        else:
            yield str(path), "no such file or folder"


def _walk(root: Path) -> Iterator[Path]:
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            file = Path(folder) / name
            if file.is_file():
                yield file
