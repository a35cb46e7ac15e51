"""ODT (OpenDocument text): headings, paragraphs, list items with their numbers, and tables.

``content.xml`` is read after the same container checks as DOCX (zip bomb, a DTD in any
XML member). List numbers are not in the text: they are rebuilt from the list styles
(``style:num-format``, prefix, suffix, start value, displayed levels). Notes, annotations,
frames (pictures, text boxes) and change-tracking records are skipped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO

from lxml import etree

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_ENCRYPTED, IngestError
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.docx_numbering import format_number
from indpol.ingest.safety import check_archive_xml, check_zip, parse_xml
from indpol.textmap import MappedText

T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TB = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SKIP = {f"{T}note", f"{OFFICE}annotation", f"{T}tracked-changes", f"{T}sequence-decls", f"{T}variable-decls",
        f"{T}user-field-decls", f"{T}table-of-content-source", f"{T}alphabetical-index-source",
        f"{T}illustration-index-source", f"{T}bibliography-source", f"{OFFICE}forms"}  # fmt: skip
ROW_GROUPS = {f"{TB}table-header-rows", f"{TB}table-rows", f"{TB}table-row-group"}
FORMATS = {"1": "decimal", "I": "upperRoman", "i": "lowerRoman", "A": "upperLetter", "a": "lowerLetter",
           "А": "russianUpper", "а": "russianLower"}  # fmt: skip
HEADING_STYLES = ("heading", "заголовок", "title", "название")
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
SPACES = re.compile(r"[ \t\r\n]+")
PARSED = ("content.xml", "styles.xml")  # parsed here, content first; every other member is checked for a DTD
MAX_REPEAT = 64  # repeated table rows or cells taken at most this often
Level = tuple[str, str, str, int, int]  # format, prefix, suffix, start, levels shown


def read_odt(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Read an OpenDocument text; refuses zip bombs, any XML member with a DTD and encrypted files."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            check_zip(archive, config.max_uncompressed_bytes, name)
            names = set(archive.namelist())
            if "content.xml" not in names:
                raise IngestError("broken ODT (no content.xml)", path=name, code=E_BROKEN)
            check_archive_xml(archive, name, skip=PARSED)
            members = {m: archive.read(m) for m in (*PARSED, "META-INF/manifest.xml") if m in names}
    except ZIP_ERRORS as exc:
        raise IngestError(f"broken ODT ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    if b"encryption-data" in members.get("META-INF/manifest.xml", b""):
        raise IngestError("encrypted ODT: a password is required", path=name, code=E_ENCRYPTED)
    roots = []
    for member in PARSED:
        if member in members:
            try:
                roots.append(parse_xml(members[member], name, member))
            except etree.XMLSyntaxError as exc:
                raise IngestError(f"broken ODT ({member}: {exc})", path=name, code=E_BROKEN) from None
    body = roots[0].find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise IngestError("broken ODT (content.xml has no text body)", path=name, code=E_BROKEN)
    reader = _Reader(roots)
    reader.blocks(body)
    return reader.raw


class _Reader:
    def __init__(self, roots: list[etree._Element]) -> None:
        self.raw = RawDocument(format="odt")
        self.parents: dict[str, str] = {}  # paragraph style → parent style
        self.lists: dict[str, dict[int, Level]] = {}
        for root in roots:
            for style in root.iter(f"{S}style"):
                name = style.get(f"{S}name")
                if name:
                    self.parents[name] = style.get(f"{S}parent-style-name") or ""
            for list_style in root.iter(f"{T}list-style"):
                self.lists[list_style.get(f"{S}name", "")] = _levels(list_style)
        self.counters: dict[str, list[int]] = {}

    def kind(self, element: etree._Element) -> str:
        """``heading`` or ``list_item`` when the paragraph style or one it is based on says so."""
        style = element.get(f"{T}style-name") or ""
        for _ in range(10):
            name = style.replace("_20_", " ").lower()
            if name.startswith(HEADING_STYLES):
                return "heading"
            if "list" in name or "спис" in name:
                return "list_item"
            style = self.parents.get(style, "")
            if not style:
                break
        return "text"

    def add(self, text: str, kind: str, label: str = "") -> None:
        text = text.strip()
        if text and label and not text.startswith(label):
            text = f"{label} {text}"
        if text:
            self.raw.blocks.append(Block(MappedText.identity(text), kind=kind))

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{T}h":
                self.add(_inline(child), "heading")
            elif tag == f"{T}p":
                self.add(_inline(child), self.kind(child))
            elif tag == f"{T}list":
                self.list(child, child.get(f"{T}style-name") or "", 0)
            elif tag == f"{TB}table":
                self.table(child)
            elif tag not in SKIP and not str(tag).startswith(DRAW):
                self.blocks(child)  # sections, index bodies, change regions

    def list(self, element: etree._Element, style: str, level: int) -> None:
        style = element.get(f"{T}style-name") or style
        counters = self.counters.setdefault(style, [0] * 10)
        continues = element.get(f"{T}continue-numbering") == "true" or element.get(f"{T}continue-list")
        if level == 0 and not continues:
            counters[:] = [0] * 10
        for item in element:
            label = ""
            if item.tag == f"{T}list-item" and level < 10:
                label = self.label(style, level, counters, item.get(f"{T}start-value"))
            elif item.tag != f"{T}list-header":
                continue
            for child in item:
                if child.tag in (f"{T}p", f"{T}h"):
                    self.add(_inline(child), "heading" if child.tag == f"{T}h" else "list_item", label)
                    label = ""
                elif child.tag == f"{T}list":
                    self.list(child, style, level + 1)
                elif child.tag == f"{TB}table":
                    self.table(child)

    def label(self, style: str, level: int, counters: list[int], start: str | None) -> str:
        levels = self.lists.get(style, {})
        fmt, prefix, suffix, first, shown = levels.get(level + 1, ("", "", "", 1, 1))
        counters[level] = int(start) if start and start.isdigit() else (counters[level] or first - 1) + 1
        counters[level + 1 :] = [0] * (len(counters) - level - 1)
        if fmt not in FORMATS:
            return ""
        numbers = []
        for depth in range(max(level - shown + 1, 0), level + 1):
            depth_fmt = levels.get(depth + 1, ("1",))[0]
            value = counters[depth] or levels.get(depth + 1, ("", "", "", 1))[3]
            numbers.append(format_number(value, FORMATS.get(depth_fmt, "decimal")))
        return f"{prefix}{'.'.join(numbers)}{suffix}".strip()

    def table(self, element: etree._Element) -> None:
        rows: list[list[str]] = []
        for row in _rows(element):
            cells: list[str] = []
            for cell in row:
                if cell.tag == f"{TB}table-cell":
                    text = " ".join(" ".join(_inline(p) for p in _paragraphs(cell)).split())
                    cells.extend([text] * _repeat(cell, "columns"))
            if any(cells):
                rows.extend([cells] * _repeat(row, "rows"))
        if rows:
            caption = self.raw.blocks[-1].text.text if self.raw.blocks else None
            self.raw.add_table(RawTable(rows=rows, caption=caption))


def _levels(list_style: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for level in list_style.iter(f"{T}list-level-style-number"):
        start = level.get(f"{T}start-value", "1")
        levels[int(level.get(f"{T}level", "1"))] = (
            level.get(f"{S}num-format", ""),
            level.get(f"{S}num-prefix", ""),
            level.get(f"{S}num-suffix", ""),
            int(start) if start.isdigit() else 1,
            int(level.get(f"{T}display-levels", "1") or 1),
        )
    return levels


def _repeat(element: etree._Element, what: str) -> int:
    value = element.get(f"{TB}number-{what}-repeated", "1")
    return min(int(value), MAX_REPEAT) if value.isdigit() and int(value) > 0 else 1


def _rows(table: etree._Element):  # type: ignore[no-untyped-def]
    for child in table:
        if child.tag == f"{TB}table-row":
            yield child
        elif child.tag in ROW_GROUPS:
            yield from _rows(child)


def _paragraphs(element: etree._Element):  # type: ignore[no-untyped-def]
    """Paragraphs and headings below ``element`` (nested lists and tables too), skipping notes and frames."""
    for child in element:
        if child.tag in (f"{T}p", f"{T}h"):
            yield child
        elif child.tag not in SKIP and not str(child.tag).startswith(DRAW):
            yield from _paragraphs(child)


def _inline(element: etree._Element) -> str:
    """A paragraph's text: spans, links and fields kept; ``text:s``, tabs and line breaks spelled out.

    Other white space in the XML collapses to one space, as ODF prescribes.
    """
    parts = [SPACES.sub(" ", element.text or "")]
    for child in element:
        tag = child.tag
        if tag == f"{T}s":
            count = child.get(f"{T}c", "1")
            parts.append(" " * (min(int(count), 1000) if count.isdigit() else 1))
        elif tag == f"{T}tab":
            parts.append("\t")
        elif tag == f"{T}line-break":
            parts.append("\n")
        elif tag not in SKIP and not str(tag).startswith(DRAW) and isinstance(tag, str):
            parts.append(_inline(child))
        parts.append(SPACES.sub(" ", child.tail or ""))
    return "".join(parts)
