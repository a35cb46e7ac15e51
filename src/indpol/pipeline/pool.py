"""A process pool that survives its workers: per-document timeouts, crashes and recycling.

Each worker builds one :class:`~indpol.pipeline.Pipeline` (models load once per
worker) and processes paths sent to it one at a time. A worker that dies or
overruns the timeout is killed and replaced; only the document it held is lost,
and that document is reported as failed. A worker whose memory grew past
``recycle_memory_mb`` since it was ready (a document left it big, a native library
leaks) is replaced between documents; the driver reads its RSS, the worker does
nothing for it. Replacing workers every few hundred documents instead reloaded the
models so often that 2,000 small files took twice as long.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from indpol.config import PipelineConfig
from indpol.errors import E_MEMORY, E_TIMEOUT, E_WORKER_CRASH, IndpolError, IngestError, LimitExceeded
from indpol.pipeline.memory import limit_memory, out_of_memory_reason, resident_mb
from indpol.records import Document

POLL_SECONDS = 0.5
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
READY = "ready"
MAX_START_FAILURES = 3  # workers that die before they are ready: then the run stops with an error
WARM_UP = "Правительство утвердило программу развития промышленности на 2024 год объемом 10 млн рублей."


def worker_main(
    connection: Connection,
    config: PipelineConfig,
    make: Callable[[PipelineConfig], Any],
    single_thread: bool = False,
) -> None:
    """Worker loop: build the pipeline with ``make(config)`` (the driver's Pipeline class), receive a
    path, send back its Document (without the offset map).

    ``single_thread`` (several workers) keeps numpy's BLAS to one thread per worker, set
    before numpy loads: otherwise one worker's NER already keeps both cores of a 2-core
    machine busy and a second worker adds almost nothing.
    """
    if single_thread:
        for name in THREAD_VARIABLES:
            os.environ[name] = "1"
    limit_memory(config.run.max_memory_mb)  # before anything loads: a document over the cap fails alone
    pipeline = make(config)
    # load the models now, so that start-up does not count against the first document's timeout;
    # if this fails, the real documents report whatever is wrong
    with contextlib.suppress(Exception):
        pipeline.process(WARM_UP.encode("utf-8"), name="warm-up.txt")
    connection.send(READY)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            doc = pipeline.process(task)
        except Exception as exc:  # a bug on odd input, or memory over the cap, costs this document only
            exc.__traceback__ = None  # frees the document's objects before the failed row is built
            doc = failed_on_exception(task, exc, cap_mb=config.run.max_memory_mb)
        doc.origin = None
        connection.send(doc)


class Worker:
    def __init__(
        self,
        context: Any,
        config: PipelineConfig,
        make: Callable[[PipelineConfig], Any],
        single_thread: bool = False,
    ):
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=worker_main, args=(child, config, make, single_thread), daemon=True
        )
        self.process.start()
        child.close()
        self.task: str | None = None
        self.started = 0.0
        self.done = 0
        self.ready = False
        self.ready_mb = 0.0  # resident memory once the models were loaded

    def grown_mb(self) -> float:
        """How much the worker's resident memory grew since it was ready (0 where it cannot be read)."""
        return max(0.0, resident_mb(self.process.pid) - self.ready_mb) if self.ready_mb else 0.0

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
    paths: Iterator[str],
    config: PipelineConfig,
    make: Callable[[PipelineConfig], Any],
    workers: int,
    *,
    timeout: float,
    recycle_after: int = 0,
    recycle_memory_mb: int = 0,
) -> Iterator[Document]:
    """Process ``paths`` in ``workers`` processes, each with the pipeline ``make(config)`` builds;
    yield Documents as they finish. A worker is replaced after ``recycle_after`` documents, or after the
    document that left its memory ``recycle_memory_mb`` above its size once ready (0: neither)."""
    context = multiprocessing.get_context("spawn")
    start = functools.partial(Worker, context, config, make, workers > 1)
    pool = [start() for _ in range(max(1, workers))]
    pending = iter(paths)
    exhausted = False
    start_failures = [0]
    try:
        while True:
            for index, worker in enumerate(pool):
                if worker.ready and worker.task is None and not exhausted:
                    if (recycle_after and worker.done >= recycle_after) or (
                        recycle_memory_mb and worker.done and worker.grown_mb() > recycle_memory_mb
                    ):
                        worker.stop()
                        pool[index] = start()
                        continue
                    path = next(pending, None)
                    if path is None:
                        exhausted = True
                    else:
                        worker.send(path)
            busy = [worker for worker in pool if worker.task is not None]
            if not busy and exhausted:
                return
            watched = busy + [worker for worker in pool if not worker.ready]
            ready = wait(
                [w.connection for w in watched] + [w.process.sentinel for w in watched], timeout=POLL_SECONDS
            )
            _check_starting(pool, ready, start, start_failures)
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
                peak = reap(worker.process) if worker.process.sentinel in ready else None
                if not worker.process.is_alive() or (
                    worker.process.sentinel in ready and worker.connection not in ready
                ):
                    worker.process.join(timeout=5)  # reap it, so its exit code is known
                    yield _died(worker, peak, config.run.max_memory_mb)
                    worker.stop(kill=True)
                    pool[index] = start()
                elif timeout and time.monotonic() - worker.started > timeout:
                    yield _lost(worker, f"timed out after {timeout:g} s", E_TIMEOUT)
                    worker.stop(kill=True)
                    pool[index] = start()
    finally:
        for worker in pool:
            worker.stop(kill=worker.task is not None)


def _check_starting(pool: list[Worker], ready: list[Any], start: Any, failures: list[int]) -> None:
    """Mark workers that reported ready; replace those that died starting (a few times at most)."""
    for index, worker in enumerate(pool):
        if worker.ready:
            continue
        if worker.connection in ready:
            with contextlib.suppress(EOFError, OSError):
                worker.ready = worker.connection.recv() == READY
                worker.ready_mb = resident_mb(worker.process.pid)
                continue
        if worker.process.sentinel in ready or not worker.process.is_alive():
            worker.process.join(timeout=5)
            failures[0] += 1
            if failures[0] >= MAX_START_FAILURES:
                raise IndpolError(f"worker processes fail to start (exit code {worker.process.exitcode})")
            worker.stop(kill=True)
            pool[index] = start()


def reap(process: Any) -> float | None:
    """Reap an exited worker and return its peak resident memory in MB (``None`` when it still runs or was
    reaped already); its exit code goes where multiprocessing keeps it."""
    for _ in range(100):  # its sentinel closes as it exits: a moment before it can be reaped
        try:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if pid == process.pid:
            break
        time.sleep(0.01)
    else:
        return None
    process._popen.returncode = os.waitstatus_to_exitcode(status)  # what Popen.poll would have set
    return usage.ru_maxrss / 1024


MEMORY_SHARE = 0.9  # a worker that died at this share of its cap or above died of the cap


def _died(worker: Worker, peak_mb: float | None, cap_mb: int) -> Document:
    """The failed document of a worker that died: ``E_MEMORY`` when a native library died at the memory cap
    (an allocation refused), else ``E_WORKER_CRASH`` (retried on the next run)."""
    exit_code = worker.process.exitcode
    if cap_mb and peak_mb is not None and peak_mb >= MEMORY_SHARE * cap_mb:
        reason = (
            f"{out_of_memory_reason(cap_mb)}; the worker died at {peak_mb:,.0f} MB (exit code {exit_code})"
        )
        return _lost(worker, reason, E_MEMORY)
    return _lost(worker, f"worker process died (exit code {exit_code})", E_WORKER_CRASH)


def _lost(worker: Worker, reason: str, code: str) -> Document:
    from indpol.pipeline.outcomes import failed_path

    path = worker.task or "?"
    error = (
        LimitExceeded(reason, path=path, code=code)
        if code in (E_TIMEOUT, E_MEMORY)
        else IngestError(reason, path=path, code=code)
    )
    return failed_path(path, error)


def failed_on_exception(path: str, exc: Exception, name: str | None = None, cap_mb: int = 0) -> Document:
    """A failed document for an unexpected exception while processing ``path`` (``cap_mb``: the memory cap
    of the process, named in the reason of a MemoryError)."""
    from indpol.errors import E_NOT_FOUND, E_STAGE
    from indpol.pipeline.outcomes import failed_path

    if isinstance(exc, FileNotFoundError):  # gone between listing and reading
        return failed_path(path, IngestError("no such file", path=name or path, code=E_NOT_FOUND), name)
    if isinstance(exc, MemoryError):
        error = LimitExceeded(out_of_memory_reason(cap_mb), path=name or path, code=E_MEMORY)
        return failed_path(path, error, name)
    reason = f"internal error ({type(exc).__name__}: {exc})".replace("\n", " ")
    return failed_path(path, IngestError(reason, path=name or path, code=E_STAGE), name)
