"""A process pool that survives its workers: per-document timeouts, crashes and recycling.

Each worker builds one :class:`~indpol.pipeline.Pipeline` (models load once per
worker) and processes paths sent to it one at a time. A worker that dies or
overruns the timeout is killed and replaced; only the document it held is lost,
and that document is reported as failed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from indpol.config import PipelineConfig
from indpol.errors import E_TIMEOUT, E_WORKER_CRASH, IngestError, LimitExceeded
from indpol.records import Document

POLL_SECONDS = 0.5


def worker_main(connection: Connection, config: PipelineConfig) -> None:
    """Worker loop: receive a path, send back its Document (without the offset map)."""
    from indpol.pipeline import Pipeline

    pipeline = Pipeline(config)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        doc = pipeline.process(task)
        doc.origin = None
        connection.send(doc)


class Worker:
    def __init__(self, context: Any, config: PipelineConfig):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, config), daemon=True)
        self.process.start()
        child.close()
        self.task: str | None = None
        self.started = 0.0
        self.done = 0

    def send(self, path: str) -> None:
        self.task, self.started = path, time.monotonic()
        self.connection.send(path)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def process_in_pool(
    paths: Iterator[str], config: PipelineConfig, workers: int, *, timeout: float, recycle_after: int
) -> Iterator[Document]:
    """Process ``paths`` in ``workers`` processes; yield Documents as they finish."""
    context = multiprocessing.get_context("spawn")
    pool = [Worker(context, config) for _ in range(max(1, workers))]
    pending = iter(paths)
    exhausted = False
    try:
        while True:
            for index, worker in enumerate(pool):
                if worker.task is None and not exhausted:
                    if recycle_after and worker.done >= recycle_after:
                        worker.stop()
                        pool[index] = worker = Worker(context, config)
                    path = next(pending, None)
                    if path is None:
                        exhausted = True
                    else:
                        worker.send(path)
            busy = [worker for worker in pool if worker.task is not None]
            if not busy and exhausted:
                return
            ready = wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS
            )
            for index, worker in enumerate(pool):
                if worker.task is None:
                    continue
                if worker.connection in ready:
                    try:
                        doc = worker.connection.recv()
                    except (EOFError, OSError):
                        doc = None
                    if doc is not None:
                        worker.task, worker.done = None, worker.done + 1
                        yield doc
                        continue
                if not worker.process.is_alive() or (
                    worker.process.sentinel in ready and worker.connection not in ready
                ):
                    yield _lost(
                        worker, f"worker process died (exit code {worker.process.exitcode})", E_WORKER_CRASH
                    )
                    worker.stop(kill=True)
                    pool[index] = Worker(context, config)
                elif timeout and time.monotonic() - worker.started > timeout:
                    yield _lost(worker, f"timed out after {timeout:g} s", E_TIMEOUT)
                    worker.stop(kill=True)
                    pool[index] = Worker(context, config)
    finally:
        for worker in pool:
            worker.stop(kill=worker.task is not None)


def _lost(worker: Worker, reason: str, code: str) -> Document:
    from indpol.pipeline import failed_document

    path = worker.task or "?"
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        data = b""
    error = (
        LimitExceeded(reason, path=path, code=code)
        if code == E_TIMEOUT
        else IngestError(reason, path=path, code=code)
    )
    return failed_document(path, data, error)
