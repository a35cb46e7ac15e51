"""Refuse hostile containers before a reader sees them: zip bombs, XML entities, entity declarations in HTML."""

from __future__ import annotations

import functools
import re
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator
from io import BytesIO
from typing import IO

from lxml import etree

from indpol.errors import E_BROKEN, E_TOO_BIG, E_UNSAFE, IngestError, LimitExceeded

UNSAFE_HTML = "a DOCTYPE with an internal subset ([…]) is not allowed (XXE / entity expansion)"
PROLOG_ITEM = re.compile(r"\s+|<!--.*?-->|<\?.*?\?>", re.S)  # what may stand before a DOCTYPE
DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[", re.I)  # an internal subset: where entities are declared


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


def xml_parser(target: object = None) -> etree.XMLParser:
    """A parser that fetches, loads and expands nothing (one per call: parsers are not shared by threads)."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, target=target
    )


class _DoctypeSeen(Exception):
    pass


class _NoDoctype:
    """A parser target that stops the parse at a DOCTYPE, before its declarations are read; it builds
    nothing else (lxml calls only the methods a target has)."""

    def doctype(self, *_args: object) -> None:
        raise _DoctypeSeen

    def close(self) -> None:
        return None


def forbid_dtd(opener: Callable[[], IO[bytes]], path: object, part: str) -> None:
    """Refuse one XML part whose DOCTYPE declares entities or whose text refers to any (XXE, billion
    laughs, text hidden behind an undeclared ``&name;``).

    libxml2, which the readers parse with too, reads the part (``opener()`` gives it, once or
    twice): it finds the encoding itself (UTF-16 with or without a byte-order mark, UCS-4 …) and
    skips any padding. A part without a DOCTYPE is read once, as a stream that builds nothing, and
    passes; one with a DOCTYPE is parsed again, nothing fetched, loaded or expanded, and passes only
    if it merely names an external DTD (SVG pictures and formula objects do). A part that is not
    well-formed is left to its reader, which reports it.
    """
    try:
        with opener() as stream:
            etree.parse(stream, xml_parser(_NoDoctype()))
    except _DoctypeSeen:
        problem = _dtd_problem(opener)
        if problem:
            raise IngestError(
                f"XML part {part} {problem}: not allowed (XXE / entity expansion)", path=path, code=E_UNSAFE
            ) from None
    except etree.XMLSyntaxError:
        return


def _dtd_problem(opener: Callable[[], IO[bytes]]) -> str | None:
    """What is wrong with a part that has a DOCTYPE; ``None`` when it only names a DTD never loaded."""
    try:
        with opener() as stream:
            tree = etree.parse(stream, xml_parser())
    except etree.XMLSyntaxError as exc:  # billion laughs: libxml2 stops at the amplification
        return f"has a DTD that stops the parse ({exc.msg})"
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        return "declares entities in its DTD (<!ENTITY …>)"
    if any(True for _ in tree.iter(etree.Entity)):
        return "refers to entities (&name;) that nothing here declares"
    return None


def parse_xml(data: bytes, path: object, part: str) -> etree._Element:
    """The root of one XML part, refused as :func:`forbid_dtd` says; a part that is not well-formed
    raises :class:`lxml.etree.XMLSyntaxError`."""
    forbid_dtd(lambda: BytesIO(data), path, part)
    return etree.fromstring(data, xml_parser())


def check_archive_xml(archive: zipfile.ZipFile, path: object, skip: Collection[str] = ()) -> None:
    """Refuse an archive (DOCX, ODT) any member of which is XML that :func:`forbid_dtd` refuses,
    whatever the member's name.

    Every member is offered to the parser as a stream (a picture fails on its first bytes and is
    never read whole), so a main part renamed ``word/main.bin`` is checked like ``document.xml``.
    """
    for info in archive.infolist():
        if not info.is_dir() and info.filename not in skip:
            forbid_dtd(functools.partial(archive.open, info), path, info.filename)


def check_html(text: str, path: object) -> None:
    """Refuse a decoded HTML page whose DOCTYPE has an internal subset (``<!DOCTYPE html [ … ]>``),
    where entities are declared; no web page needs one.

    The prolog is skipped item by item (white space, comments, processing instructions, however
    long), so padding cannot push the DOCTYPE out of sight, and the page is checked as decoded text,
    so UTF-16 hides nothing; the same words inside the page (an article about XML) are text.
    """
    position = 0
    text = text.removeprefix("\ufeff")
    while match := PROLOG_ITEM.match(text, position):
        position = match.end()
    if DOCTYPE_SUBSET.match(text, position):
        raise IngestError(UNSAFE_HTML, path=path, code=E_UNSAFE)


PDF_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b")
INFLATE_CHUNK = 1 << 20


def check_pdf_streams(data: bytes, limit: int, path: object) -> None:
    """Refuse a PDF with a Flate stream (page contents, fonts, object streams) that inflates beyond ``limit``
    bytes, before pdfium decodes it whole: each is inflated here in bounded chunks and thrown away.

    Image streams are left out: pdfium decodes them only to render a page (OCR). A stream that does not
    inflate (encrypted, another filter, broken) is left to pdfium.
    """
    view = memoryview(data)
    for keyword, start in pdf_stream_starts(data):
        head = data[max(0, keyword - 2048) : keyword]
        objects = list(PDF_OBJECT.finditer(head))
        dictionary = head[objects[-1].end() :] if objects else head
        if b"/FlateDecode" not in dictionary or b"/Image" in dictionary:
            continue
        if inflated_size(view[start:], limit) > limit:
            number = f" (object {objects[-1].group(1).decode()})" if objects else ""
            raise LimitExceeded(
                f"a PDF stream{number} inflates to over {limit:,} bytes (ingest.max_stream_bytes)",
                path=path,
                code=E_TOO_BIG,
            )


def pdf_stream_starts(data: bytes) -> Iterator[tuple[int, int]]:
    """Where each ``stream`` keyword followed by an end of line stands (not ``endstream``) and where the
    stream's data starts after that end of line; ``bytes.find`` instead of a regex with a look-behind, which
    the regex engine tries at every byte (a quarter of a second on 14 MB of PDFs)."""
    position = data.find(b"stream")
    while position >= 0:
        after = position + 6
        if data[max(0, position - 3) : position] != b"end":
            if data[after : after + 2] == b"\r\n":
                yield position, after + 2
            elif data[after : after + 1] in (b"\n", b"\r"):
                yield position, after + 1
        position = data.find(b"stream", after)


def inflated_size(data: memoryview, limit: int) -> int:
    """The inflated size of the zlib stream at the start of ``data``, counted up to just past ``limit``
    (never more than one chunk held); what inflated before a zlib error when the data is not zlib."""
    inflater = zlib.decompressobj()
    size = position = 0
    pending = b""
    while size <= limit and not inflater.eof:
        if not pending:
            if position >= len(data):
                break
            pending, position = data[position : position + INFLATE_CHUNK], position + INFLATE_CHUNK
        try:
            size += len(inflater.decompress(pending, INFLATE_CHUNK))
        except zlib.error:
            break
        pending = inflater.unconsumed_tail
    return size
