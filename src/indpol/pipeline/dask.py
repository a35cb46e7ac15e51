"""Running the per-document function on a Dask distributed cluster (``indpol[dask]``).

The driver alone writes the store; documents flow to workers in bounded batches.
Input paths must be readable by the workers under the same names (shared or copied
folders).

A file that kills its worker (the out-of-memory killer, a crash in a reader library) takes
with it the documents queued beside it on that worker, and Dask fails them all alike
(``KilledWorker``). So a document whose worker was lost is a suspect, not a failure: once the
rest are done, each suspect runs again alone, and only one that loses its worker when alone
is marked failed (``E_WORKER_CRASH``); the others come out as they would have.
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
        # nor "Task … marked as failed because 1 workers died" for documents that then run again alone
        logging.getLogger("distributed.scheduler").setLevel(logging.CRITICAL)
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
            # a lost worker fails its documents at once (they run again alone, below), rather than
            # after the file that kills workers has killed three more
            scheduler_kwargs={"allowed_failures": 0},
        )
        client = Client(cluster)
    from indpol.errors import E_WORKER_CRASH, IngestError
    from indpol.ingest.files import display_name
    from indpol.pipeline.outcomes import failed_path

    def submit(path: str, attempt: str = "") -> Any:
        name = display_name(path)
        future = client.submit(
            process_path, os.path.abspath(path), config, make, name, key=f"indpol{attempt}-{name}", pure=False
        )
        sources[future.key] = path
        return future

    def outcome(future: Any) -> Document | Exception:
        try:
            return future.result()  # type: ignore[no-any-return]
        except Exception as exc:  # its worker was lost (KilledWorker), or the cluster lost the task
            return exc
        finally:
            sources.pop(future.key, None)
            future.release()

    sources: dict[str, str] = {}
    suspects: list[str] = []  # documents whose worker was lost: each runs again alone at the end
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * workers)
        pending = iter(paths)
        futures = as_completed()
        for path in [next(pending, None) for _ in range(window)]:
            if path is not None:
                futures.add(submit(path))
        for future in futures:
            path = sources[future.key]
            result = outcome(future)
            if isinstance(result, Exception):
                suspects.append(path)
            else:
                yield result
            path = next(pending, None)
            if path is not None:
                futures.add(submit(path))
        if suspects:
            logger.info(
                "%d documents were on Dask workers that were lost; each runs again alone", len(suspects)
            )
        for path in suspects:
            result = outcome(submit(path, "-alone"))
            if isinstance(result, Exception):
                name = display_name(path)
                yield failed_path(path, IngestError(_lost_reason(result), path=name, code=E_WORKER_CRASH))
            else:
                yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _lost_reason(exc: Exception) -> str:
    """The one-line reason of a document whose Dask worker was lost while it ran alone."""
    if type(exc).__name__ == "KilledWorker":
        times = getattr(exc, "allowed_failures", 0) + 1
        return f"worker process died (lost the Dask worker running it alone{f', {times} times' if times > 1 else ''})"
    return f"worker failed ({type(exc).__name__}: {exc})".replace("\n", " ")
