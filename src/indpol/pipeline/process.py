"""The pipeline: one document through ingest → clean → segment → steps; batches through :mod:`indpol.pipeline.batch`."""

from __future__ import annotations

import errno
import hashlib
import importlib
import logging
import os
import time
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from indpol import __version__
from indpol.config import PipelineConfig
from indpol.errors import (
    E_CHANGED,
    E_NO_TEXT,
    E_NO_TEXT_FOUND,
    E_STAGE,
    E_TOO_BIG,
    E_UNREADABLE,
    IndpolError,
    IngestError,
    LimitExceeded,
    NeedsOCR,
)
from indpol.facts import STEPS, with_requirements
from indpol.ingest import read_document
from indpol.ingest.base import RawDocument
from indpol.ingest.files import FileStamp, display_name, file_changed, not_readable
from indpol.nlp.cache import Models
from indpol.pipeline.outcomes import failed_document, failed_path
from indpol.records import Document, Passage, Sentence, Table, make_id
from indpol.text.clean import clean_document
from indpol.text.lang import main_language
from indpol.text.segment import Piece, merge_continuations, split_block, split_long, tag_pieces
from indpol.textmap import OFFSET, MappedText, join

logger = logging.getLogger(__name__)

PASSAGE_SEPARATOR = "\n\n"
E_PAGES_WITHOUT_TEXT = "E_PAGES_WITHOUT_TEXT"  # status needs_ocr, the other pages read and extracted
# seconds to wait before an empty read's file is looked at again: an empty file is refused at once, before the
# writer that truncated it has written (its modification time, to a clock tick, may not even change)
EMPTY_READ_SETTLE = 0.05
CHANGED = (
    "the file changed while it was read (size, modification time or inode differ before and after); "
    "read again on the next run"
)


class Pipeline:
    """Process documents into facts. Build with :meth:`from_config`.

    Example::

        pipeline = Pipeline.from_config()
        doc = pipeline.process("corpus/report.pdf")
        summary = pipeline.run(["corpus/"], out="out/")
    """

    def __init__(
        self,
        config: PipelineConfig | None = None,
        models: Models | None = None,
        *,
        only: Iterable[str] | None = None,
    ):
        """``only`` names the facts to extract (with the facts they need, see :mod:`indpol.facts`);
        ``only=()`` reads and segments documents without any extraction step."""
        self.config = PipelineConfig.resolve(config)
        self.models = models or Models(self.config)
        self.only = None if only is None else with_requirements(only)
        self._steps: list[tuple[str, Callable[..., None]]] | None = None

    @classmethod
    def from_config(
        cls, path: str | Path | dict[str, Any] | None = None, *, only: Iterable[str] | None = None
    ) -> Pipeline:
        """A pipeline configured by ``path`` (default: the repository's ``pipeline.yaml``)."""
        return cls(PipelineConfig.resolve(path), only=only)

    @property
    def version(self) -> str:
        return __version__

    @property
    def steps(self) -> list[tuple[str, Callable[..., None]]]:
        """The extraction steps to run, in the order of :data:`indpol.facts.FACTS`: those switched on
        in the configuration, or with ``only`` those named there and what they need."""
        if self._steps is None:
            self._steps = []
            for fact in STEPS:
                section, key = fact.switch or (None, None)
                wanted = (
                    fact.name in self.only
                    if self.only is not None
                    else getattr(getattr(self.config, section), key)
                )
                if not wanted:
                    continue
                module_name, function = fact.step.split(":")
                self._steps.append((fact.name, getattr(importlib.import_module(module_name), function)))
        return self._steps

    def process(self, source: str | Path | bytes, name: str | None = None) -> Document:
        """Process one file (path or bytes) into a :class:`Document`.

        Bad input does not raise: the document comes back with status ``failed`` or
        ``needs_ocr`` and a one-line ``error``; so does a file that changed while it was
        read or processed (``E_CHANGED``: its facts are not kept). A path that does not exist raises
        :class:`FileNotFoundError` (a batch run records it as a failure row instead).
        """
        if isinstance(source, bytes):
            return self.process_bytes(source, name or "<bytes>")
        name = name or display_name(source)
        path = Path(source)
        if not path.exists():  # a Python caller's typo is an exception; a run's lost file a failure row
            raise FileNotFoundError(errno.ENOENT, "no such file", str(source))
        read = self._read(path, name)
        if isinstance(read, Document):
            return read
        data, stamp = read
        doc = self.process_bytes(data, name)
        if not data:  # an editor saving in place truncates, then writes: look again once it may have written
            time.sleep(EMPTY_READ_SETTLE)
        if file_changed(path, stamp, len(data)):  # a partial or stale copy: its facts are not kept
            error = IngestError(CHANGED, path=name, code=E_CHANGED)
            return failed_document(name, data, error, fmt=doc.format, pages=doc.pages)
        return doc

    def _read(self, path: Path, name: str) -> tuple[bytes, FileStamp] | Document:
        """The file's bytes and its stamp taken before reading, or the failed document of a file not read."""
        try:
            if not path.is_file():  # a pipe or device would block the read
                return failed_path(
                    path, IngestError("not a regular file", path=name, code=E_UNREADABLE), name
                )
            with open(path, "rb") as handle:
                stamp = FileStamp.of(os.fstat(handle.fileno()))
                if stamp.size > self.config.ingest.max_bytes:  # refused before reading
                    limit = (
                        f"file is {stamp.size:,} bytes, over the limit of {self.config.ingest.max_bytes:,}"
                    )
                    return failed_path(path, LimitExceeded(limit, path=name, code=E_TOO_BIG), name)
                return handle.read(), stamp
        except OSError as exc:
            return failed_path(path, IngestError(not_readable(exc), path=name, code=E_UNREADABLE), name)

    def process_bytes(self, data: bytes, name: str) -> Document:
        doc_id = hashlib.sha256(data).hexdigest()
        started = time.perf_counter()
        try:
            raw = read_document(data, name, self.config.ingest)
        except IndpolError as exc:
            return failed_document(name, data, exc)
        except MemoryError:  # over the worker's cap: the caller names it (E_MEMORY)
            raise
        except Exception as exc:  # a reader library failed on a broken file
            logger.debug("reader crashed on %s", name, exc_info=True)
            return failed_document(
                name, data, IngestError(f"unreadable file ({type(exc).__name__}: {exc})", path=name)
            )
        doc = Document(doc_id=doc_id, source=name, format=raw.format, pages=raw.pages, bytes=len(data))
        doc.timings["ingest"] = time.perf_counter() - started
        try:
            self._build(doc, raw)
        except IngestError as exc:  # needs OCR, or no text at all
            return failed_document(name, data, exc, fmt=raw.format, pages=raw.pages)
        self.annotate(doc)
        return doc

    def _build(self, doc: Document, raw: RawDocument) -> None:
        started = time.perf_counter()
        config = self.config
        clean_document(
            raw,
            self.models.morph,
            dehyphenate_words=config.clean.dehyphenate,
            running_lines=config.clean.remove_running_lines,
            min_pages=config.clean.running_line_min_pages,
        )
        pieces = [piece for block in raw.blocks for piece in split_block(block) if piece.text.text.strip()]
        raw.blocks = []  # the pieces hold copies: a long text is not kept twice (nothing reads the blocks again)
        pieces = merge_continuations(pieces, self.models.morph)
        tag_pieces(pieces)
        pieces = [part for piece in pieces for part in split_long(piece, config.segment.max_passage_chars)]
        if not pieces:
            reason = raw.bad_page_reason or "no text found"
            if raw.format == "pdf":
                raise NeedsOCR(reason, path=doc.source, code=E_NO_TEXT)
            raise (
                NeedsOCR(reason, path=doc.source, code=E_NO_TEXT)
                if raw.bad_pages
                else IngestError(reason, path=doc.source, code=E_NO_TEXT_FOUND)
            )
        assemble(doc, raw, pieces)
        if raw.bad_pages:  # the good pages' facts are kept; the document still needs OCR
            doc.status = "needs_ocr"
            doc.error = raw.bad_page_reason
            doc.error_code = E_PAGES_WITHOUT_TEXT
        elif raw.warning:  # status ok, the warning in the error fields and a failures row of status warning
            doc.error, doc.error_code = raw.warning, raw.warning_code
        doc.timings["segment"] = time.perf_counter() - started

    def annotate(self, doc: Document) -> Document:
        """Run the extraction steps on an assembled document."""
        for name, step in self.steps:
            started = time.perf_counter()
            try:
                step(doc, self.models, self.config)
            except MemoryError:  # over the worker's cap: the caller names it (E_MEMORY)
                raise
            except Exception as exc:
                logger.warning(
                    "%s: step %s failed: %s", doc.source, name, exc, exc_info=logger.isEnabledFor(10)
                )
                doc.status = "failed"
                doc.error = f"step {name} failed: {type(exc).__name__}: {exc}".replace("\n", " ")
                doc.error_code = E_STAGE
            doc.timings[name] = time.perf_counter() - started
        return doc

    def run(self, inputs: Iterable[str | Path] | str | Path, out: str | Path, **options: Any) -> Any:
        """Process files and folders into the run folder ``out``; see :func:`indpol.pipeline.batch.run`."""
        from indpol.pipeline.batch import run

        return run(self, inputs, out, **options)


def assemble(doc: Document, raw: RawDocument, pieces: list[Piece]) -> None:
    """Join pieces into the document's clean text and create passages, sentences and tables."""
    mapped = join([piece.text for piece in pieces], PASSAGE_SEPARATOR)
    doc.text = mapped.text
    doc.origin = mapped.origin
    for piece in pieces:  # the document's map now holds theirs: 8 bytes a character not kept twice
        piece.text = MappedText(piece.text.text, array(OFFSET))
    doc.has_source_offsets = raw.source_offsets
    doc.language = main_language([(piece.language, len(piece.text.text)) for piece in pieces])
    table_ids = [make_id(doc.doc_id, "table", index) for index in range(len(raw.tables))]
    row_passages: dict[int, list[str]] = {}
    offset = 0
    for index, piece in enumerate(pieces):
        start, end = offset, offset + len(piece.text.text)
        offset = end + len(PASSAGE_SEPARATOR)
        source_start, source_end = doc.source_span(start, end)
        passage = Passage(
            doc_id=doc.doc_id,
            passage_id=make_id(doc.doc_id, "passage", start, end),
            index=index,
            kind=piece.kind,
            page=piece.page,
            start=start,
            end=end,
            source_start=source_start,
            source_end=source_end,
            language=piece.language,
            text=piece.text.text,
            role=piece.role,
            page_end=piece.page_end,
            ocr=piece.ocr,
            table_id=table_ids[piece.table_index] if piece.table_index is not None else None,
            row=piece.row,
        )
        doc.passages.append(passage)
        if piece.table_index is not None:
            row_passages.setdefault(piece.table_index, []).append(passage.passage_id)
        for sentence_start, sentence_end in piece.sentence_spans():
            doc.sentences.append(
                Sentence(
                    doc.doc_id,
                    passage.passage_id,
                    start + sentence_start,
                    start + sentence_end,
                    passage.text[sentence_start:sentence_end],
                )
            )
    for index, table in enumerate(raw.tables):
        doc.tables.append(
            Table(
                doc_id=doc.doc_id,
                table_id=table_ids[index],
                index=index,
                page=table.page,
                bbox=table.bbox,
                rows=tuple(tuple(cell for cell in row) for row in table.rows),
                caption=table.caption,
                header_rows=table.header_rows,
                passage_ids=tuple(row_passages.get(index, ())),
            )
        )
