"""A pipeline whose reading of a ``kill*`` file kills the process that reads it, as the kernel's
out-of-memory killer ends a process that a hostile file blew up (exit 137, no Python left to catch
it). A worker process imports this module by name to build the pipeline the driver names."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from indpol.pipeline import Pipeline


class KillingPipeline(Pipeline):
    """:class:`~indpol.pipeline.Pipeline`, except that a file named ``kill*`` gets its process killed."""

    def process(self, source, name=None):  # type: ignore[no-untyped-def]
        if not isinstance(source, bytes) and Path(source).name.startswith("kill"):
            os.kill(os.getpid(), signal.SIGKILL)
        return super().process(source, name)


GROWTH_MB = 96
_KEPT: list[bytes] = []


class GrowingPipeline(Pipeline):
    """:class:`~indpol.pipeline.Pipeline`, except that a file named ``grow*`` leaves its process
    :data:`GROWTH_MB` bigger (what a leaking native library or a big document's heap does to a worker)."""

    def process(self, source, name=None):  # type: ignore[no-untyped-def]
        if not isinstance(source, bytes) and Path(source).name.startswith("grow"):
            _KEPT.append(b"\x01" * (GROWTH_MB << 20))  # written, so resident
        return super().process(source, name)
