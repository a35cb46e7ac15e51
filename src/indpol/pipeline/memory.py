"""A memory cap per worker process: ``run.max_memory_mb`` (``--max-memory``), applied by the worker itself.

A document that needs more than its worker's cap fails with ``E_MEMORY`` (Python's MemoryError in any
step, or a reader library that dies when an allocation is refused) instead of taking the machine's memory
from the other workers, the driver and the user's programs. The cap is ``RLIMIT_DATA`` (the heap and private
mappings: what a document's text, pages and facts take; not the shared libraries and models mapped from disk).
"""

from __future__ import annotations

import dataclasses
import os
import re

from indpol.config import PipelineConfig
from indpol.errors import ConfigError

MB = 2**20
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MIN_CAP_MB = 512  # a worker with its models takes about 450 MB of heap before its first document
SHARE_OF_MACHINE = 0.75  # the default: this share of the machine's memory, split between the workers
SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", re.I)


def parse_size(text: str) -> int:
    """Megabytes from ``2G``, ``1500M``, ``1.5GiB`` or a bare number of megabytes; ``0`` is "sized to the
    machine"."""
    found = SIZE.fullmatch(text)
    if not found:
        raise ConfigError(f"cannot read the memory size {text!r} (examples: 4G, 1500M, 0 for the default)")
    number, unit = float(found.group(1)), found.group(2).lower()
    return round(number * {"": 1, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024**2}[unit])


def machine_mb() -> int:
    """The machine's physical memory in megabytes (0 when the system does not say)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // MB
    except (AttributeError, ValueError, OSError):
        return 0


def default_cap_mb(workers: int) -> int:
    """The default cap of each of ``workers`` processes: 3/4 of the machine's memory split between them, at
    least :data:`MIN_CAP_MB` (0, no cap, when the machine's memory is unknown)."""
    total = machine_mb()
    return max(MIN_CAP_MB, int(total * SHARE_OF_MACHINE / max(1, workers))) if total else 0


def with_memory_cap(config: PipelineConfig, workers: int) -> PipelineConfig:
    """``config`` with ``run.max_memory_mb`` set for ``workers`` processes when it says 0 (sized to the
    machine); the configuration's hash is unchanged (run settings are not part of it)."""
    if config.run.max_memory_mb:
        return config
    run = dataclasses.replace(config.run, max_memory_mb=default_cap_mb(workers))
    return dataclasses.replace(config, run=run)


def limit_memory(cap_mb: int) -> None:
    """Cap this process's heap at ``cap_mb`` megabytes (no-op for 0 or where the system has no such limit);
    the worker's start-up calls this before it loads anything."""
    if not cap_mb:
        return
    try:
        import resource
    except ImportError:  # not on Unix
        return
    kind = getattr(resource, "RLIMIT_DATA", None) or getattr(resource, "RLIMIT_AS", None)
    if kind is None:
        return
    _soft, hard = resource.getrlimit(kind)
    cap = cap_mb * MB
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(kind, (cap, hard))


def resident_mb(pid: int | None) -> float:
    """A live process's resident memory in MB (``/proc``, else psutil when installed); 0 when unknown."""
    if not pid:
        return 0.0
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES / MB
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return float(psutil.Process(pid).memory_info().rss) / MB
    except Exception:  # no psutil, the process is gone
        return 0.0


def out_of_memory_reason(cap_mb: int) -> str:
    """The one-line reason of a document that hit its worker's cap."""
    if cap_mb:
        return (
            f"out of memory: the document needs more than the worker's cap of {cap_mb:,} MB "
            "(run.max_memory_mb, --max-memory)"
        )
    return "out of memory"
