"""Running the per-document function on a Dask distributed cluster (``indpol[dask]``).

The driver alone writes the store; documents flow to workers in bounded batches.
Input paths must be readable by the workers under the same names (shared or copied
folders).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from indpol.config import PipelineConfig
from indpol.errors import IndpolError
from indpol.records import Document

logger = logging.getLogger(__name__)

_PIPELINES: dict[str, Any] = {}  # one Pipeline per worker process and config


def process_path(path: str, config: PipelineConfig) -> Document:
    """The task a Dask worker runs: the same per-document function as the local engine."""
    from indpol.pipeline import Pipeline

    key = config.hash()
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(config)
    try:
        doc = _PIPELINES[key].process(path)
    except Exception as exc:  # the same failed document as the local engine gives
        from indpol.workers import failed_on_exception

        doc = failed_on_exception(path, exc)
    doc.origin = None
    return doc


def process_on_dask(
    paths: list[str], config: PipelineConfig, *, workers: int, scheduler: str | None = None
) -> Iterator[Document]:
    """Yield Documents processed on the cluster at ``scheduler`` (or a new LocalCluster)."""
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise IndpolError("the dask engine needs: pip install 'indpol[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # distributed's default MALLOC_TRIM_THRESHOLD_ slows slovnet NER 1.8× (STACK.md §9)
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * workers)
        pending = iter(paths)
        futures = as_completed()
        for path in [next(pending, None) for _ in range(window)]:
            if path is not None:
                futures.add(client.submit(process_path, path, config, key=f"indpol-{path}", pure=False))
        for future in futures:
            try:
                yield future.result()
            except Exception as exc:  # the task itself failed on a worker
                from indpol.errors import IngestError
                from indpol.pipeline import failed_document

                source = str(future.key).removeprefix("indpol-")
                yield failed_document(source, b"", IngestError(f"worker failed: {exc}", path=source))
            future.release()
            path = next(pending, None)
            if path is not None:
                futures.add(client.submit(process_path, path, config, key=f"indpol-{path}", pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
