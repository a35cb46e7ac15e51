"""Input files: finding them (any mix of files and folders, sorted, loops and hidden files skipped), hashing and naming them."""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indpol.ingest import SUPPORTED_SUFFIXES

logger = logging.getLogger(__name__)

OUTSIDE = "symbolic link out of the input folder, not followed (--follow-links follows it)"
NO_SUCH = "no such file or folder"
BROKEN_LINK = "broken symbolic link (what it points to does not exist)"
MISSING = (NO_SUCH, BROKEN_LINK)  # E_NOT_FOUND; every other problem is E_UNREADABLE (or E_LINK_OUTSIDE)


def not_readable(exc: OSError, what: str = "file") -> str:
    """The one-line reason for a file or folder the system refused to open, list or look at."""
    return f"{what} not readable ({exc.strerror or type(exc).__name__})"


def special_file(path: Path) -> str | None:
    """What a path that is no regular file is, named for the failure table; ``None`` for a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno in (errno.EACCES, errno.EPERM):  # a folder that can be listed but not entered
            return not_readable(exc)
        return BROKEN_LINK if path.is_symlink() else NO_SUCH
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def iter_input_files(
    inputs: Iterable[str | Path], *, follow_links: bool = False
) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, problem)`` for every input file, in a stable order.

    Folders are walked recursively (symlinked folders followed once, so loops end);
    only supported suffixes are taken from folders, while files named explicitly are
    always tried. A folder that cannot be listed (no permission) is yielded with its
    reason. A symbolic link below a folder that leads out of it (to /etc, to a
    file elsewhere) is reported, not followed, unless ``follow_links``. A folder's
    ``.indpolignore`` lists glob patterns (one per line, ``#`` comments, ``name/`` for
    folders) of paths below it to leave out. ``problem`` is a reason when the path
    cannot be used.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from ((str(file), problem) for file, problem in _walk(path, follow_links))
        else:
            yield str(path), special_file(path)


IGNORE_FILE = ".indpolignore"


def _outside(path: Path, top: str) -> bool:
    """A symbolic link that leads out of the folder ``top`` (a real path)."""
    return os.path.islink(path) and os.path.commonpath([os.path.realpath(path), top]) != top


def _walk(root: Path, follow_links: bool = False) -> Iterator[tuple[Path, str | None]]:
    seen: set[str] = set()
    ignores: list[tuple[Path, list[str]]] = []
    top = os.path.realpath(root)
    refused: list[OSError] = []  # folders os.walk could not list, reported as it goes on
    for folder, dirs, files in os.walk(root, onerror=refused.append, followlinks=True):
        yield from _refused_folders(refused)
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        here = Path(folder)
        if IGNORE_FILE in files:
            ignores.append((here, _read_ignore(here / IGNORE_FILE)))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _ignored(here / d, True, ignores))
        if not follow_links:
            for name in [d for d in dirs if _outside(here / d, top)]:
                dirs.remove(name)
                yield here / name, OUTSIDE
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            file = here / name
            if _ignored(file, False, ignores):
                continue
            if not follow_links and _outside(file, top):
                yield file, OUTSIDE
            else:  # a pipe, a device, a broken link: reported, not silently dropped
                yield file, special_file(file)
    yield from _refused_folders(refused)


def _refused_folders(refused: list[OSError]) -> Iterator[tuple[Path, str]]:
    while refused:
        exc = refused.pop(0)
        yield Path(exc.filename), not_readable(exc, "folder")


def _read_ignore(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:  # the folder is still walked, with nothing left out
        logger.warning("%s: %s, nothing ignored", display_name(path), not_readable(exc))
        return []
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _ignored(path: Path, is_dir: bool, ignores: list[tuple[Path, list[str]]]) -> bool:
    for base, patterns in ignores:
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            continue
        for pattern in patterns:
            folder_only = pattern.endswith("/")
            pattern = pattern.rstrip("/")
            if folder_only and not is_dir:
                continue
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
                return True
    return False


def hash_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What tells one state of a file from another without reading it again. The change time is in it
    because a writer can set the modification time back and a swapped-in copy can get the inode number
    the replaced file freed; no writer can set the change time."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, result: os.stat_result) -> FileStamp:
        return cls(result.st_size, result.st_mtime_ns, result.st_ctime_ns, result.st_ino, result.st_dev)


def file_changed(path: str | Path, stamp: FileStamp, read: int) -> bool:
    """Whether ``path`` is no longer the file stamped before ``read`` bytes were read from it: written to,
    replaced or gone since, or read to another length (it grew or shrank during the read)."""
    try:
        now = FileStamp.of(os.stat(path))
    except OSError:
        return True
    return now != stamp or read != stamp.size


def display_name(path: str | Path) -> str:
    """A path as text for records: bytes that are not UTF-8 become ``\\xNN`` escapes (never a crash)."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
