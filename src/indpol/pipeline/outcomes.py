"""What a run records for a file that could not be read: its failed document and its failure-table row."""

from __future__ import annotations

import hashlib
import os
from contextlib import nullcontext
from pathlib import Path

from indpol.errors import IndpolError, NeedsOCR
from indpol.ingest import sniff_format
from indpol.ingest.files import display_name, hash_file
from indpol.records import Document, Failure


def failed_document(
    name: str, data: bytes, error: IndpolError, *, fmt: str | None = None, pages: int | None = None
) -> Document:
    """A document that could not be read, with its one-line reason."""
    status = "needs_ocr" if isinstance(error, NeedsOCR) else "failed"
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        source=name,
        format=fmt or (sniff_format(data, name) if data else "unknown"),
        status=status,
        error=error.reason,
        error_code=error.code,
        pages=pages,
        bytes=len(data),
    )


def failed_path(path: str | Path, error: IndpolError, name: str | None = None) -> Document:
    """A failed document for a file on disk: hashed in chunks and sniffed from its head, never read whole."""
    try:
        size = os.path.getsize(path) if Path(path).is_file() else 0
        doc_id = hash_file(path) if size else hashlib.sha256(b"").hexdigest()
        with open(path, "rb") if size else nullcontext(None) as handle:
            head = handle.read(4096) if handle else b""
    except OSError:
        size, doc_id, head = 0, hashlib.sha256(b"").hexdigest(), b""
    doc = failed_document(name or display_name(path), head, error)
    doc.doc_id, doc.bytes = doc_id, size
    return doc


def failure_of(doc: Document) -> Failure | None:
    """The failure-table row for a document, if it has one (a duplicate is no failure: documents.jsonl
    names the file it repeats)."""
    if doc.status == "duplicate":
        return None
    if doc.status in ("failed", "needs_ocr") or doc.error:
        stage = "ingest" if doc.error_code and not doc.error_code.startswith("E_STAGE") else "extract"
        return Failure(
            source=doc.source,
            doc_id=doc.doc_id,
            status=doc.status if doc.status != "ok" else "warning",
            code=doc.error_code or "E_INDPOL",
            reason=doc.error or "",
            stage=stage,
        )
    return None
