"""Errors with stable short codes; every message is one line: ``path: reason``."""

from __future__ import annotations


class IndpolError(Exception):
    """Base error. ``code`` is stable and goes into the failure table."""

    code = "E_INDPOL"

    def __init__(self, reason: str, *, path: object = None, code: str | None = None):
        self.reason = " ".join(str(reason).split())  # always one line
        self.path = None if path is None else str(path)
        if code:
            self.code = code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class ConfigError(IndpolError):
    code = "E_CONFIG"


class IngestError(IndpolError):
    """A file could not be read into text; the document is marked ``failed``."""

    code = "E_INGEST"


class NeedsOCR(IngestError):
    """The file has no usable text layer; the document is marked ``needs_ocr``."""

    code = "E_NEEDS_OCR"


class LimitExceeded(IngestError):
    """A size, page or time limit was hit."""

    code = "E_LIMIT"


class StoreError(IndpolError):
    code = "E_STORE"


class StoreLockedError(StoreError):
    code = "E_STORE_LOCKED"


class ModelError(IndpolError):
    code = "E_MODEL"


class ReportError(IndpolError):
    """A report or view could not be written (bad name, unwritable place, unknown document)."""

    code = "E_REPORT"


# Stable codes used by ingestion, for the failure table and tests.
E_EMPTY = "E_EMPTY_FILE"
E_UNSUPPORTED = "E_UNSUPPORTED_FORMAT"
E_BROKEN = "E_BROKEN_FILE"
E_ENCRYPTED = "E_ENCRYPTED_PDF"
E_NO_TEXT = "E_NO_TEXT_LAYER"
E_NO_TEXT_FOUND = "E_NO_TEXT_FOUND"  # a DOC, RTF, HTML … that holds no text (only markup, scripts, images)
E_TOO_BIG = "E_TOO_BIG"
E_TOO_MANY_PAGES = "E_TOO_MANY_PAGES"
E_TIMEOUT = "E_TIMEOUT"
E_TIMEOUT_AGAIN = "E_TIMEOUT_AGAIN"  # timed out as in the run before: not retried unless asked
E_UNSAFE = "E_UNSAFE_CONTENT"
E_ENCODING = "E_ENCODING"
E_WORKER_CRASH = "E_WORKER_CRASH"
E_STAGE = "E_STAGE_FAILED"
E_UNREADABLE = "E_UNREADABLE"  # the file system refused: not a regular file, no permission
E_LINK_OUTSIDE = "E_LINK_OUTSIDE"  # a symbolic link out of the input folder, not followed
E_NOT_FOUND = "E_NOT_FOUND"  # an input path that does not exist (or vanished before it was read)
E_PAGE_TREE = "E_PAGE_TREE"  # a warning (status ok): a PDF page tree that lists pages again, each read once
E_MEMORY = "E_MEMORY"  # over the worker's memory cap (run.max_memory_mb): not retried
E_CHANGED = "E_CHANGED"  # the file changed while it was read or processed: retried on the next run
