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
