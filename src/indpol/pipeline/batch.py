"""Batch runs: inputs → documents (in worker processes, in-process, or on Dask) → store → exports."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indpol.errors import (
    E_LINK_OUTSIDE,
    E_NOT_FOUND,
    E_TIMEOUT,
    E_TIMEOUT_AGAIN,
    E_TOO_BIG,
    E_UNREADABLE,
    IngestError,
    LimitExceeded,
)
from indpol.facts import STORED
from indpol.ingest.files import MISSING, OUTSIDE, display_name, hash_file, iter_input_files, not_readable
from indpol.pipeline.outcomes import failed_document, failed_path, failure_of
from indpol.records import Document, Failure

if TYPE_CHECKING:
    from indpol.pipeline.process import Pipeline

logger = logging.getLogger(__name__)

STATUSES = ("ok", "failed", "needs_ocr", "duplicate", "skipped")
LOOKUP_CHUNK = 1000  # input files hashed, then looked up in the store in one query


@dataclass
class RunSummary:
    """What a run did: counts per status, size, time, and its failure rows."""

    run_id: str
    out: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    skipped_failed: int = 0  # skipped files (unchanged) that failed in an earlier run
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over the processed documents
    facts: dict[str, int] = field(default_factory=dict)  # rows extracted in this run, per fact type

    @property
    def documents(self) -> int:
        return sum(self.counts.values())

    def exit_code(self, strict: bool = False) -> int:
        """0 unless every file failed, or (``strict``) any failed, in this run or when stored earlier."""
        bad = self.counts["failed"] + self.counts["needs_ocr"]
        if strict and bad + self.skipped_failed:
            return 1
        done = self.documents - self.counts["duplicate"]
        return 1 if done and bad == done else 0

    def line(self) -> str:
        parts = ", ".join(f"{count} {status}" for status, count in self.counts.items() if count)
        facts = ", ".join(f"{count} {name}" for name, count in self.facts.items())
        return (
            f"{self.documents} files: {parts or 'nothing to do'}; {facts + '; ' if facts else ''}{self.pages} pages, "
            f"{self.bytes / 1e6:.1f} MB in {self.seconds:.1f} s → {self.out}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "out": self.out,
            "counts": self.counts,
            "pages": self.pages,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "stage_seconds": {stage: round(seconds, 3) for stage, seconds in self.stage_seconds.items()},
            "failures": len(self.failures),
            "facts": self.facts,
        }


Progress = Callable[[int, int, Document | None], None]


def _unread(name: str, error: IngestError, size: int = 0) -> Document:
    """The failed document of a file that is not read at all, named by its path (its bytes are unknown)."""
    doc = failed_document(name, b"", error)
    doc.doc_id, doc.bytes = hashlib.sha256(f"unread:{name}".encode()).hexdigest(), size
    return doc


@dataclass
class _Input:
    """An input file as the run first sees it: its bytes' hash, or the failed row of a file not read."""

    path: str
    name: str
    doc_id: str | None = None
    unread: Document | None = None


def _look_at(path: str, problem: str | None, max_bytes: int) -> _Input:
    """Hash ``path`` (a file over ``max_bytes`` is refused unread); a file that cannot be read gets its row."""
    name = display_name(path)
    if problem:  # never read: a link out of the inputs, a pipe that would block, a device without end
        code = {OUTSIDE: E_LINK_OUTSIDE, **dict.fromkeys(MISSING, E_NOT_FOUND)}.get(problem, E_UNREADABLE)
        return _Input(path, name, unread=_unread(name, IngestError(problem, path=name, code=code)))
    size = _size(path)
    if size > max_bytes:  # refused before reading: not even hashed
        limit = f"file is {size:,} bytes, over the limit of {max_bytes:,}"
        return _Input(path, name, unread=_unread(name, LimitExceeded(limit, path=name, code=E_TOO_BIG), size))
    try:
        return _Input(path, name, doc_id=hash_file(path))
    except OSError as exc:  # no permission, an I/O error: this file's row, and the run goes on
        error = IngestError(not_readable(exc), path=name, code=E_UNREADABLE)
        return _Input(path, name, unread=_unread(name, error, size))


class _Stored:
    """What the store holds for a chunk of input files (two queries), kept current as the run writes rows.

    ``holder(doc_id)``: the source holding these bytes' facts when they are done with this pipeline
    version and configuration (:meth:`Store.is_done` and :meth:`Store.source_of`), else None;
    ``status(name)``: the stored status of a source (:meth:`Store.status_of`).
    """

    def __init__(self, store: Any, chunk: list[_Input], version: str, config_hash: str, force: bool):
        self.store, self.version, self.config_hash, self.force = store, version, config_hash, force
        self.ids = {item.doc_id for item in chunk if item.doc_id}
        self.done = {} if force else store.done_sources(sorted(self.ids), version, config_hash)
        self.rows = {} if force else store.stored_rows([item.name for item in chunk])

    def holder(self, doc_id: str) -> str | None:
        return self.done.get(doc_id)

    def status(self, name: str) -> str | None:
        row = self.rows.get(name)
        return row[1] if row else None

    def written(self, doc: Document, seen: dict[str, str]) -> None:
        """``doc``'s row replaced its source's: ask again about those bytes if a file still to come has them."""
        old = self.rows.pop(doc.source, None)
        stale = ({doc.doc_id} | ({old[0]} if old else set())) & self.ids - seen.keys()
        if stale and not self.force:
            fresh = self.store.done_sources(sorted(stale), self.version, self.config_hash)
            for doc_id in stale:
                if doc_id in fresh:
                    self.done[doc_id] = fresh[doc_id]
                else:
                    self.done.pop(doc_id, None)


def _forget_folders_listed_now(store: Any, inputs: Any, files: list[tuple[str, str | None]]) -> None:
    """An earlier run's row for a folder below this run's inputs that it could not list goes once the folder is
    listed: its files have rows of their own (a folder refused again keeps its row; one gone, as files do)."""
    tops = [display_name(top).rstrip(os.sep) + os.sep for top in inputs]
    refused = {display_name(path) for path, problem in files if problem}
    listed = [
        source
        for source in store.sources_failed_with(E_UNREADABLE)
        if source not in refused and any(source.startswith(top) for top in tops) and os.path.isdir(source)
    ]
    if listed:
        store.forget_sources(listed)


def _timed_out_again(doc: Document) -> None:
    """A document that timed out as it did in the run before fails for good (``E_TIMEOUT_AGAIN``): a timeout is
    retried once, in case the machine was busy, but a text that needs minutes is not read again on every run
    (``--retry-failed`` or a longer ``ingest.timeout`` tries it again)."""
    doc.error_code = E_TIMEOUT_AGAIN
    doc.error = (
        f"{doc.error}, as in the run before: not retried unless --retry-failed or a longer ingest.timeout"
    )


def _size(path: str | Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def run(
    pipeline: Pipeline,
    inputs: Iterable[str | Path] | str | Path,
    out: str | Path,
    *,
    workers: int | None = None,
    engine: str | None = None,
    scheduler: str | None = None,
    force: bool = False,
    retry_failed: bool = False,
    formats: Iterable[str] | None = None,
    csv_dialect: str = "standard",
    progress: Progress | None = None,
    follow_links: bool = False,
) -> RunSummary:
    """Process every input file into the store in ``out`` and export the tables.

    Files already in the store with the same bytes, pipeline version and config are
    skipped unless ``force``; so are those that failed for good there (too big, out of memory,
    broken: not a crash or a timeout that may pass) unless ``retry_failed``. Bad files never stop
    the run: each gets a status and a row in the failure table. Symbolic links out of an input folder are reported, not
    followed, unless ``follow_links``.
    """
    from indpol.store.database import Store
    from indpol.store.export import export_run

    config = pipeline.config
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    inputs = [str(item) for item in inputs]
    workers = workers if workers is not None else config.run.workers
    workers = workers or os.cpu_count() or 1
    engine = engine or config.run.engine
    formats = list(dict.fromkeys(["jsonl", *(formats if formats is not None else config.run.formats)]))
    started = time.perf_counter()
    out_dir = Path(out)
    with Store.open(out_dir) as store:
        config_hash = config.hash()
        for earlier, started_at in store.mark_interrupted_runs():
            logger.warning(
                "%s: the run %s (started %s UTC) was interrupted; marked so in the runs table, and what it "
                "did not finish is done now",
                out_dir,
                earlier,
                f"{started_at:%Y-%m-%d %H:%M:%S}",
            )
        run_id = store.start_run(
            {
                "inputs": inputs,
                "config": config.to_dict(),
                "version": pipeline.version,
                "config_hash": config_hash,
                "workers": workers,
                "engine": engine,
            }
        )
        summary = RunSummary(run_id=run_id, out=str(out_dir))
        # a path named twice is one input
        files = list(dict.fromkeys(iter_input_files(inputs, follow_links=follow_links)))
        _forget_folders_listed_now(store, inputs, files)
        total = len(files)
        seen: dict[str, str] = {}
        todo: list[str] = []
        done = 0

        def record(doc: Document) -> None:
            nonlocal done
            done += 1
            summary.counts[doc.status] = summary.counts.get(doc.status, 0) + 1
            summary.pages += doc.pages or 0
            summary.bytes += doc.bytes
            for stage, seconds in doc.timings.items():
                summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds
            if doc.error_code == E_TIMEOUT and store.error_code_of(
                doc.doc_id, pipeline.version, config_hash
            ) in (E_TIMEOUT, E_TIMEOUT_AGAIN):
                _timed_out_again(doc)
            store.write_document(
                doc, run_id=run_id, pipeline_version=pipeline.version, config_hash=config_hash
            )
            failure = _failure(doc)
            if failure:
                summary.failures.append(failure)
                store.write_failure(failure, run_id=run_id)
                if not progress:  # a progress reporter prints it (once)
                    logger.warning("%s: %s", doc.source, doc.error)
            for fact in STORED:
                if fact.name != "passages":
                    summary.facts[fact.name] = summary.facts.get(fact.name, 0) + len(doc.rows(fact.name))
            if progress:
                progress(done, total, doc)

        for first in range(0, total, LOOKUP_CHUNK):  # the store is asked once per chunk, not per file
            chunk = [
                _look_at(path, problem, config.ingest.max_bytes)
                for path, problem in files[first : first + LOOKUP_CHUNK]
            ]
            stored = _Stored(store, chunk, pipeline.version, config_hash, force)

            def walked(doc: Document) -> None:
                record(doc)
                stored.written(doc, seen)  # noqa: B023 (called in this iteration only)

            for item in chunk:
                path, name, doc_id = item.path, item.name, item.doc_id
                if doc_id is None:  # never read (a link out, a pipe, too big, no permission)
                    walked(item.unread)  # type: ignore[arg-type]
                    continue
                if doc_id in seen and seen[doc_id] != name:
                    walked(_duplicate(path, doc_id, seen[doc_id]))
                    continue
                seen[doc_id] = name
                holder = stored.holder(doc_id)
                if holder is not None and not (retry_failed and stored.status(name) == "failed"):
                    if holder != name:  # the same bytes came in under another name in an earlier run
                        seen[doc_id] = holder
                        walked(_duplicate(path, doc_id, holder))
                        continue
                    done += 1
                    summary.counts["skipped"] += 1
                    summary.skipped_failed += int(stored.status(name) in ("failed", "needs_ocr"))
                    if progress:
                        progress(done, total, None)
                    continue
                todo.append(path)
        if todo and len(todo) < total:
            logger.info(
                "%d of %d files are new or changed; the rest are already in the store", len(todo), total
            )
        for doc in process_paths(pipeline, todo, workers=workers, engine=engine, scheduler=scheduler):
            record(doc)
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.to_dict())
    export_run(out_dir, formats=formats, csv_dialect=csv_dialect)
    (out_dir / "run.json").write_text(
        json.dumps(
            {
                **summary.to_dict(),
                "inputs": inputs,
                "version": pipeline.version,
                "config_hash": config_hash,
                "config": config.to_dict(),
                "engine": engine,
                "workers": workers,
                "failures": [failure.to_dict() for failure in summary.failures],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return summary


def process_paths(
    pipeline: Pipeline, paths: list[str], *, workers: int, engine: str, scheduler: str | None = None
) -> Iterator[Document]:
    """Process ``paths`` with the chosen engine, yielding Documents as they finish.

    Documents run in child processes, even one document with one worker, so that a file that kills
    its process (memory, a crash in a reader library) costs that document only; ``inline`` alone
    runs them in this process.
    """
    config = pipeline.config
    if not paths:
        return
    if engine == "dask":
        from indpol.pipeline.dask import process_on_dask

        yield from process_on_dask(paths, config, type(pipeline), workers=workers, scheduler=scheduler)
    elif engine == "inline":  # asked for: a file that kills its process kills the run
        for path in paths:
            yield process_with_timeout(pipeline, path, config.ingest.timeout)
    else:
        from indpol.pipeline.memory import with_memory_cap
        from indpol.pipeline.pool import process_in_pool

        yield from process_in_pool(
            iter(paths),
            with_memory_cap(config, workers),  # sized by the workers asked for, not by the files left
            type(pipeline),
            min(workers, len(paths)),
            timeout=config.ingest.timeout,
            recycle_after=config.run.recycle_after,
            recycle_memory_mb=config.run.recycle_memory_mb,
        )


def process_with_timeout(pipeline: Pipeline, path: str, timeout: float) -> Document:
    """Process one path in this process, failing it when ``timeout`` seconds pass (main thread, Unix)."""
    try:
        with _alarm(timeout):
            return pipeline.process(path)
    except _Timeout:
        name = display_name(path)
        return failed_path(path, LimitExceeded(f"timed out after {timeout:g} s", path=name, code=E_TIMEOUT))
    except Exception as exc:  # a bug on odd input costs this document, not the run
        from indpol.pipeline.pool import failed_on_exception

        return failed_on_exception(path, exc)


class _Timeout(BaseException):  # not an Exception: no step's error handler may swallow it
    pass


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    usable = seconds and hasattr(signal, "SIGALRM")
    if usable:
        try:
            previous = signal.signal(signal.SIGALRM, _raise_timeout)
        except ValueError:  # not the main thread
            usable = False
    if usable:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if usable:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _raise_timeout(signum: int, frame: object) -> None:
    raise _Timeout()


def _duplicate(path: str, doc_id: str, first: str) -> Document:
    """The documents row of a file whose bytes were already taken from ``first``."""
    return Document(doc_id=doc_id, source=display_name(path), format=Path(path).suffix.lstrip(".") or "unknown",
                    status="duplicate", duplicate_of=first, error=f"same bytes as {first}",
                    bytes=os.path.getsize(path))  # fmt: skip


def _failure(doc: Document) -> Failure | None:
    return failure_of(doc)
