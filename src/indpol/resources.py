"""Where indpol's own files are: a checkout's top-level ``pipeline.yaml``, ``models/`` and ``corpus/labels/``
when indpol runs from one, else the copies inside the package (``indpol/defaults/``, ``indpol/models/``,
``indpol/labels/``, ``indpol/data/``), found with :mod:`importlib.resources`.

The lowest module of the core: it imports nothing of indpol, so ``config`` and ``data`` both read it.
"""

from __future__ import annotations

import atexit
import contextlib
import tempfile
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_EXTRACTED = contextlib.ExitStack()  # resources copied out of a zipped package live until the process ends
atexit.register(_EXTRACTED.close)


def packaged(*parts: str) -> Path:
    """A file or folder that travels inside the package (``indpol/models/``, ``indpol/defaults/``,
    ``indpol/labels/``, ``indpol/data/``), found with :mod:`importlib.resources`, as a real path: the
    installed file itself, or a copy for the process's life when the package is imported from a zip."""
    resource = files("indpol").joinpath(*parts)
    if isinstance(resource, Path) or not resource.is_dir():
        return _EXTRACTED.enter_context(as_file(resource))
    folder = Path(_EXTRACTED.enter_context(tempfile.TemporaryDirectory(prefix="indpol-")))
    _copy_tree(resource, folder)  # as_file takes folders only from Python 3.12
    return folder


def _copy_tree(resource: Traversable, folder: Path) -> None:
    """Copy a packaged folder (sub-folders too, e.g. ``data/words/``) into ``folder``."""
    for child in resource.iterdir():
        if child.is_file():
            (folder / child.name).write_bytes(child.read_bytes())
        elif child.is_dir() and child.name != "__pycache__":
            (folder / child.name).mkdir()
            _copy_tree(child, folder / child.name)


def checkout_of(package_dir: Path) -> Path | None:
    """The repository the package was imported from (``REPO/src/indpol`` beside ``REPO/pyproject.toml``), or
    None when it is installed: the folder above site-packages or above a ``pip install --target`` folder is
    never taken for a checkout, whatever ``models/`` or ``pipeline.yaml`` it holds."""
    repo = package_dir.parents[1]
    return repo if package_dir.parent.name == "src" and (repo / "pyproject.toml").is_file() else None


def own_file(checkout: Path | None, in_checkout: str, *in_package: str) -> Path:
    """One of indpol's own files or folders: the checkout's (its top-level ``pipeline.yaml``, ``models/``,
    ``corpus/labels/``) when indpol runs from one that has it, else the copy inside the package."""
    if checkout is not None and (checkout / in_checkout).exists():
        return checkout / in_checkout
    return packaged(*in_package)
