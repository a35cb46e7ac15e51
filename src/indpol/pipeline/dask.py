"""Running the per-document function on a Dask distributed cluster (``indpol[dask]``).

The driver alone writes the store; documents flow to workers in bounded batches.
Input paths must be readable by the workers under the same names (shared or copied
folders).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

from indpol.config import PipelineConfig
from indpol.errors import IndpolError
from indpol.records import Document

logger = logging.getLogger(__name__)

_PIPELINES: dict[str, Any] = {}  # one Pipeline per worker process and config


def process_path(
    path: str, config: PipelineConfig, make: Callable[[PipelineConfig], Any], name: str | None = None
) -> Document:
    """The task a Dask worker runs: the same per-document function as the local engine.

    ``path`` is absolute (workers need not share the driver's working folder); ``make(config)``
    builds the pipeline (the driver's Pipeline class); ``name`` is the source as the user gave it.
    """
    key = config.hash()
    if key not in _PIPELINES:
        _PIPELINES[key] = make(config)
    try:
        doc = _PIPELINES[key].process(path, name=name)
    except Exception as exc:  # the same failed document as the local engine gives
        from indpol.pipeline.pool import failed_on_exception

        doc = failed_on_exception(path, exc, name)
    doc.origin = None
    return doc


def process_on_dask(
    paths: list[str],
    config: PipelineConfig,
    make: Callable[[PipelineConfig], Any],
    *,
    workers: int,
    scheduler: str | None = None,
) -> Iterator[Document]:
    """Yield Documents processed on the cluster at ``scheduler`` (or a new LocalCluster)."""
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise IndpolError("the dask engine needs: pip install 'indpol[dask]'") from None
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.ERROR)  # no INFO flood unless --verbose
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # distributed's default MALLOC_TRIM_THRESHOLD_ slows slovnet NER 1.8× (STACK.md §9)
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
        quiet = logging.getLogger().getEffectiveLevel() > logging.INFO  # -v shows Dask's own lines
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR if quiet else logging.INFO,
        )
        client = Client(cluster)
    from indpol.errors import IngestError
    from indpol.ingest.files import display_name
    from indpol.pipeline.outcomes import failed_path

    def submit(path: str) -> Any:
        name = display_name(path)
        future = client.submit(
            process_path, os.path.abspath(path), config, make, name, key=f"indpol-{name}", pure=False
        )
        sources[future.key] = path
        return future

    sources: dict[str, str] = {}
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * workers)
        pending = iter(paths)
        futures = as_completed()
        for path in [next(pending, None) for _ in range(window)]:
            if path is not None:
                futures.add(submit(path))
        for future in futures:
            try:
                yield future.result()
            except Exception as exc:  # the task itself failed on a worker
                path = sources[future.key]
                yield failed_path(path, IngestError(f"worker failed: {exc}", path=display_name(path)))
            sources.pop(future.key, None)
            future.release()
            path = next(pending, None)
            if path is not None:
                futures.add(submit(path))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
