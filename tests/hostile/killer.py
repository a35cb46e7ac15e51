"""Pipelines whose reading of a ``kill*`` file kills the process that reads it, as the kernel's
out-of-memory killer ends a process that a hostile file blew up (exit 137, no Python left to catch
it), and whose reading of a ``grow*`` file leaves its process bigger. A worker process imports this
module by name to build the pipeline the driver names."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from indpol.pipeline import Pipeline


class KillingPipeline(Pipeline):
    """:class:`~indpol.pipeline.Pipeline`, except that a file named ``kill*`` gets its process killed
    (after :attr:`linger` seconds), and every other file takes at least :attr:`pace` seconds."""

    linger = 0.0
    pace = 0.0

    def process(self, source, name=None):  # type: ignore[no-untyped-def]
        if not isinstance(source, bytes) and Path(source).name.startswith("kill"):
            time.sleep(self.linger)
            os.kill(os.getpid(), signal.SIGKILL)
        if not isinstance(source, bytes):
            time.sleep(self.pace)
        return super().process(source, name)


class BusyKillingPipeline(KillingPipeline):
    """A busy cluster: every document takes a while, and a ``kill*`` file gets its process killed after
    a second, as the out-of-memory killer ends a process that grew for a while; so the documents
    queued beside it on that process are there when it dies, not taken by an idle worker."""

    linger = 1.0
    pace = 0.3


GROWTH_MB = 96
_KEPT: list[bytes] = []


class GrowingPipeline(Pipeline):
    """:class:`~indpol.pipeline.Pipeline`, except that a file named ``grow*`` leaves its process
    :data:`GROWTH_MB` bigger (what a leaking native library or a big document's heap does to a worker)."""

    def process(self, source, name=None):  # type: ignore[no-untyped-def]
        if not isinstance(source, bytes) and Path(source).name.startswith("grow"):
            _KEPT.append(b"\x01" * (GROWTH_MB << 20))  # written, so resident
        return super().process(source, name)
