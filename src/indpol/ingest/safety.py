"""Refuse hostile containers before a parser sees them: zip bombs and XML entity tricks."""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from indpol.errors import E_BROKEN, E_TOO_BIG, E_UNSAFE, IngestError, LimitExceeded

ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
HTML_START = re.compile(rb"<(?:html|body)[\s>]", re.I)


def check_zip(archive: zipfile.ZipFile, limit: int, path: object) -> None:
    """Refuse archives whose declared uncompressed size is over ``limit`` or that are corrupt."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > limit:
            raise LimitExceeded(
                f"archive expands to over {limit:,} bytes (zip bomb?)", path=path, code=E_TOO_BIG
            )
        if info.compress_size and info.file_size / info.compress_size > 1000 and info.file_size > 10_000_000:
            raise LimitExceeded(
                "archive member compressed over 1000:1 (zip bomb?)", path=path, code=E_TOO_BIG
            )
    bad = archive.testzip() if total < 50_000_000 else None
    if bad:
        raise IngestError(f"corrupt archive member {bad}", path=path, code=E_BROKEN)


class _Refused(Exception):
    pass


def _refuse(*_args: object) -> None:
    raise _Refused


def check_xml(data: bytes, path: object) -> None:
    """Refuse XML that declares entities (billion laughs) or refers to external ones (XXE).

    The bytes go through expat once, with the handlers defusedxml forbids made to stop the parse at
    the first declaration, before anything is expanded; a document that is not well-formed is left
    to its reader, which reports it.
    """
    parser = expat.ParserCreate()
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise IngestError(
            "XML entity declarations are not allowed (XXE / entity expansion)", path=path, code=E_UNSAFE
        ) from None
    except expat.ExpatError:
        return


def check_html(data: bytes, path: object) -> None:
    """Refuse an HTML file whose prolog (before ``<html>`` or ``<body>``) declares entities; the same
    words inside the page (an article about XML) are text."""
    start = HTML_START.search(data[:1_000_000])
    if ENTITY_DECLARATION.search(data[: start.start() if start else 4096]):
        raise IngestError(
            "XML entity declarations are not allowed (XXE / entity expansion)", path=path, code=E_UNSAFE
        )
