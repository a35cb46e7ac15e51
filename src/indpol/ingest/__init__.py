"""Ingestion: one reader per format behind :func:`read_document`."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_EMPTY, E_TOO_BIG, E_UNSUPPORTED, IngestError, LimitExceeded
from indpol.ingest.base import Block, RawDocument, RawTable

SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}
SUPPORTED_SUFFIXES = tuple(SUFFIXES)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPES = (
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.text-template",
)


def sniff_format(data: bytes, name: str | None) -> str:
    """Format from content first (magic bytes), then from the file name."""
    head = data[:1024].lstrip()
    suffix = Path(name).suffix.lower() if name else ""
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        from indpol.ingest.doc import ole_kind

        return ole_kind(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        if data[30:38] == b"mimetype" and data[38:].startswith(ODT_MIMETYPES):
            return "odt"  # ODF puts an uncompressed "mimetype" member first
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
                if mimetype and mimetype.file_size < 100 and archive.read(mimetype).strip() in ODT_MIMETYPES:
                    return "odt"
        except Exception:  # a broken archive: its reader reports it
            pass
        return SUFFIXES.get(suffix, "zip")
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    if suffix in (".pdf", ".docx", ".doc", ".odt"):
        return suffix[1:]  # claims a binary format it is not: the reader reports it
    return SUFFIXES.get(suffix, "txt")


def read_document(data: bytes, name: str | None, config: IngestConfig) -> RawDocument:
    """Read ``data`` into a :class:`RawDocument`; raise :class:`IngestError` on bad input."""
    if not data.strip():
        raise IngestError("empty file", path=name, code=E_EMPTY)
    if len(data) > config.max_bytes:
        raise LimitExceeded(
            f"file is {len(data):,} bytes, over the limit of {config.max_bytes:,}", path=name, code=E_TOO_BIG
        )
    fmt = sniff_format(data, name)
    if fmt == "pdf":
        from indpol.ingest.pdf import read_pdf

        return read_pdf(data, name, config)
    if fmt == "docx":
        from indpol.ingest.docx import read_docx

        return read_docx(data, name, config)
    if fmt in ("doc", "ole"):  # an OLE file that is not Word: the reader names what it is
        from indpol.ingest.doc import read_doc

        return read_doc(data, name, config)
    if fmt == "rtf":
        from indpol.ingest.rtf import read_rtf

        return read_rtf(data, name, config)
    if fmt == "odt":
        from indpol.ingest.odt import read_odt

        return read_odt(data, name, config)
    if fmt == "html":
        from indpol.ingest.html import read_html

        return read_html(data, name, config)
    if fmt in ("txt", "md"):
        from indpol.ingest.encoding import utf16_without_bom

        if (
            b"\x00" in data[:4096]
            and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            and not utf16_without_bom(data)
        ):
            raise IngestError("binary content, not text", path=name, code=E_BROKEN)
        from indpol.ingest.text import read_text

        return read_text(data, name, fmt)
    raise IngestError(f"unsupported format ({fmt})", path=name, code=E_UNSUPPORTED)


__all__ = ["SUPPORTED_SUFFIXES", "Block", "RawDocument", "RawTable", "read_document", "sniff_format"]
