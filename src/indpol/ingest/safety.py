"""Refuse hostile containers before a parser sees them: zip bombs and XML entity tricks."""

from __future__ import annotations

import re
import zipfile

from indpol.errors import E_BROKEN, E_TOO_BIG, E_UNSAFE, IngestError, LimitExceeded

ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY|<!ENTITY", re.I)


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


def check_xml(data: bytes, path: object) -> None:
    """Refuse XML with entity declarations (external entities, billion laughs)."""
    if ENTITY_DECLARATION.search(data[:1_000_000]):
        raise IngestError(
            "XML entity declarations are not allowed (XXE / entity expansion)", path=path, code=E_UNSAFE
        )
