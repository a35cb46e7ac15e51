"""DOCX: paragraphs, headings, list items (with Word's automatic numbers) and tables in body order;
the header and footer of a distinct first page (a letterhead, a title page's "Москва, 2022").

Text is read from the XML as Word shows it, not through python-docx's ``paragraph.text`` (which
sees only a paragraph's direct runs and hyperlinks): tracked insertions, smart tags, custom XML,
content controls and simple fields are read through, tracked deletions and field instructions are
not; text boxes become paragraphs after the paragraph that anchors them; content controls around
paragraphs, tables, rows and cells are read as their content; a nested table's text joins its cell.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, IngestError
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.docx_numbering import Numbering
from indpol.ingest.safety import check_archive_xml, check_zip, xml_parser
from indpol.textmap import MappedText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
P, R, T, BR, TBL, TR, TC = f"{W}p", f"{W}r", f"{W}t", f"{W}br", f"{W}tbl", f"{W}tr", f"{W}tc"
SDT, SDT_CONTENT, CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
TEXT_BOX, ALTERNATE, FIELD_CHAR = f"{W}txbxContent", f"{MC}AlternateContent", f"{W}fldChar"
# Wrappers whose runs are text Word shows; w:del, w:moveFrom (tracked deletions) are not among them.
RUN_WRAPPERS = frozenset(
    W + tag for tag in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo")
)
CHARACTERS = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
DRAWINGS = frozenset({f"{W}drawing", f"{W}pict", f"{W}object", ALTERNATE})
Labeler = Callable[[Any], str | None]


def read_docx(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Read a Word document; refuses zip bombs and any XML part with a DTD (entity declarations)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            check_zip(archive, config.max_uncompressed_bytes, name)
            check_archive_xml(archive, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise IngestError(f"broken DOCX ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    import docx

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:
        raise IngestError(f"broken DOCX ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    raw = RawDocument(format="docx")
    _BodyReader(document, raw).read_body(document.element.body)
    for number, text in enumerate(footnote_texts(document), start=1):
        raw.blocks.append(Block(MappedText.identity(f"{number} {text}"), kind="paragraph", role="footnote"))
    return raw


class _BodyReader:
    """Blocks of a body (or of a text box) in reading order; style names are looked up once."""

    def __init__(self, document: Any, raw: RawDocument):
        self.document = document
        self.raw = raw
        self.numbering = Numbering(document)
        self.styles = style_names(document)

    def read_body(self, body: Any) -> None:
        """The body section by section; a section with a distinct first page (``w:titlePg``) gets that
        page's header before its content and its footer where its first page ends, each header or
        footer part once. Running headers and footers (the default and even-page ones) are not read:
        they repeat on every page and are no part of the text."""
        seen: set[str] = set()
        inherited: dict[str, str | None] = {"header": None, "footer": None}
        for elements, properties in sections(body):
            first = first_page_parts(properties, inherited)
            header = self.part_element(first["header"], seen)
            footer = self.part_element(first["footer"], seen)
            if header is not None:
                self.read(header)
            if footer is None:
                self.read_elements(elements)
                continue
            end = first_page_end(elements)
            self.read_elements(elements[:end])
            self.read(footer)
            self.read_elements(elements[end:])

    def part_element(self, relation: str | None, seen: set[str]) -> Any:
        """The root element of a header or footer part, or None (no part, or read already)."""
        if relation is None or relation in seen:
            return None
        seen.add(relation)
        part = self.document.part.related_parts.get(relation)
        return getattr(part, "element", None)

    def read(self, container: Any) -> None:
        """Paragraphs and tables of ``container``; a text box's content follows its anchor paragraph."""
        self.read_elements(list(block_elements(container)))

    def read_elements(self, elements: list[Any]) -> None:
        """Paragraphs and tables (``w:p``, ``w:tbl``) in order; text boxes after their anchors."""
        from docx.table import Table

        previous_text = None
        for element in elements:
            if element.tag == TBL:
                unwrap_controls(element)
                _add_table(self.raw, Table(element, self.document), previous_text, self.label)
                continue
            text, boxes = paragraph_content(element)
            text = text.strip()
            label = self.label(element)
            if text:
                kind = _paragraph_kind(element, self.styles)
                text = f"{label} {text}" if label and not text.startswith(label) else text
                self.raw.blocks.append(Block(MappedText.identity(text), kind=kind))
                previous_text = text
            for box in boxes:
                self.read(box)

    def label(self, paragraph: Any) -> str | None:
        """The list number Word shows before ``paragraph`` (a ``w:p``), counted in reading order."""
        from docx.text.paragraph import Paragraph

        return self.numbering.label(Paragraph(paragraph, self.document))


def sections(body: Any) -> list[tuple[list[Any], Any]]:
    """The body's block elements cut into sections, each with its ``w:sectPr`` (in the paragraph that
    ends the section, or the body's own for the last one; None when absent)."""
    out: list[tuple[list[Any], Any]] = []
    current: list[Any] = []
    for element in block_elements(body):
        current.append(element)
        properties = element.find(f"{W}pPr/{W}sectPr") if element.tag == P else None
        if properties is not None:
            out.append((current, properties))
            current = []
    out.append((current, body.find(f"{W}sectPr")))
    return out


def first_page_parts(properties: Any, inherited: dict[str, str | None]) -> dict[str, str | None]:
    """Relation ids of the first-page header and footer a section shows, if it has a distinct first
    page; a section without its own first-page header (footer) takes the previous section's
    (``inherited``, updated here), as Word does."""
    for kind in ("header", "footer"):
        for reference in properties.findall(f"{W}{kind}Reference") if properties is not None else []:
            if reference.get(f"{W}type") == "first":
                inherited[kind] = reference.get(f"{REL}id")
    title_page = properties.find(f"{W}titlePg") if properties is not None else None
    if title_page is None or title_page.get(f"{W}val") in ("0", "false", "off"):
        return {"header": None, "footer": None}
    return dict(inherited)


def first_page_end(elements: list[Any]) -> int:
    """How many of a section's elements stand on its first page, by the page breaks in the file: a
    hard page break ends the page after its paragraph, a paragraph set to start a page or marked
    where Word last broke the page (``w:lastRenderedPageBreak``) starts the next one; all of them
    when there is none."""
    for index, element in enumerate(elements):
        if index and (
            element.find(f"{W}pPr/{W}pageBreakBefore") is not None
            or element.find(f".//{W}lastRenderedPageBreak") is not None
        ):
            return index
        if any(br.get(f"{W}type") == "page" for br in element.iter(BR)):
            return index + 1
    return len(elements)


def block_elements(container: Any) -> Iterator[Any]:
    """The ``w:p`` and ``w:tbl`` of a body, cell, note or text box, through content controls and custom XML."""
    for child in container:
        tag = child.tag
        if tag in (P, TBL):
            yield child
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from block_elements(content)
        elif tag == CUSTOM_XML:
            yield from block_elements(child)


def paragraph_content(paragraph: Any) -> tuple[str, list[Any]]:
    """The text Word shows in a paragraph and the text boxes (``w:txbxContent``) anchored in it."""
    parts: list[str] = []
    boxes: list[Any] = []
    _inline(paragraph, parts, boxes, [])
    return "".join(parts), boxes


def _inline(element: Any, parts: list[str], boxes: list[Any], fields: list[bool]) -> None:
    """Runs of ``element`` in order; ``fields`` holds one flag per open complex field, True while its
    instruction (begin … separate) is read: only the result (separate … end) is shown."""
    for child in element:
        tag = child.tag
        if tag == R:
            _run(child, parts, boxes, fields)
        elif tag in RUN_WRAPPERS:
            _inline(child, parts, boxes, fields)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _inline(content, parts, boxes, fields)
        elif tag == ALTERNATE and len(child):
            _inline(child[0], parts, boxes, fields)  # mc:Choice; mc:Fallback holds the same content


def _run(run: Any, parts: list[str], boxes: list[Any], fields: list[bool]) -> None:
    for child in run:
        tag = child.tag
        if tag == T:
            if not any(fields):
                parts.append(child.text or "")
        elif tag in CHARACTERS:
            if not any(fields):
                parts.append(CHARACTERS[tag])
        elif tag == BR:
            parts.append("\n")  # a line, page or column break: words on either side stay apart
        elif tag == FIELD_CHAR:
            kind = child.get(f"{W}fldCharType")
            if kind == "begin":
                fields.append(True)
            elif kind == "separate" and fields:
                fields[-1] = False
            elif kind == "end" and fields:
                fields.pop()
        elif tag in DRAWINGS:
            text_boxes(child, boxes)


def text_boxes(node: Any, found: list[Any]) -> None:
    """Append the text boxes in a drawing, VML shape or group to ``found``, each once: of an
    ``mc:AlternateContent`` only the first branch (Choice, else Fallback) that has any is read."""
    if node.tag == TEXT_BOX:
        found.append(node)
    elif node.tag == ALTERNATE:
        for branch in node:
            before = len(found)
            text_boxes(branch, found)
            if len(found) > before:
                return
    else:
        for child in node:
            text_boxes(child, found)


def flat_text(container: Any, label: Labeler | None = None) -> str:
    """All text of a cell, note or text box on one line: paragraphs (with their list numbers when
    ``label`` gives them), their text boxes and nested tables (cells in reading order)."""
    parts: list[str] = []
    for element in block_elements(container):
        if element.tag == TBL:
            parts.extend(flat_text(tc, label) for tr in _rows(element) for tc in _cells(tr))
            continue
        text, boxes = paragraph_content(element)
        number = label(element) if label else None
        parts.append(
            f"{number} {text}" if number and text.strip() and not text.lstrip().startswith(number) else text
        )
        parts.extend(flat_text(box, label) for box in boxes)
    return " ".join(" ".join(parts).split())


def _rows(table: Any) -> Iterator[Any]:
    return (row for row in block_like(table, TR))


def _cells(row: Any) -> Iterator[Any]:
    return (cell for cell in block_like(row, TC))


def block_like(container: Any, tag: str) -> Iterator[Any]:
    """Children of ``container`` with ``tag``, through content controls and custom XML."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from block_like(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from block_like(child, tag)


def unwrap_controls(table: Any) -> None:
    """Put rows and cells held in content controls or custom XML straight into their table or row
    (python-docx sees direct children only); this changes the in-memory tree only."""
    for parent, tag in [(table, TR)] + [(row, TC) for row in block_like(table, TR)]:
        if all(child.tag not in (SDT, CUSTOM_XML) for child in parent):
            continue
        children = list(block_like(parent, tag))
        for child in list(parent):
            if child.tag in (SDT, CUSTOM_XML, tag):
                parent.remove(child)
        parent.extend(children)


FOOTNOTE_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
NOT_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def footnote_texts(document: Any) -> list[str]:
    """The document's footnotes in order, each one paragraph of text (Word's separators left out)."""
    from lxml import etree

    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTE_RELATION), None
    )
    if part is None:
        return []
    root = etree.fromstring(part.blob, xml_parser())
    texts = []
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in NOT_NOTES:
            continue
        text = flat_text(note)
        if text:
            texts.append(text)
    return texts


def style_names(document: Any) -> dict[str | None, str]:
    """Paragraph style id → lower-case name, read once (python-docx's ``paragraph.style`` scans every
    style on each call); the key ``None`` holds the default paragraph style."""
    names: dict[str | None, str] = {}
    for style in document.styles.element.findall(f"{W}style"):
        name = style.find(f"{W}name")
        value = (name.get(f"{W}val") if name is not None else "") or ""
        names[style.get(f"{W}styleId")] = value.lower()
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
            names[None] = value.lower()
    return names


def _paragraph_kind(paragraph: Any, styles: dict[str | None, str]) -> str:
    properties = paragraph.pPr
    style_id = properties.pStyle.val if properties is not None and properties.pStyle is not None else None
    style = styles.get(style_id, styles.get(None, ""))
    if style.startswith(("heading", "заголовок", "title", "название")):
        return "heading"
    if "list" in style or "спис" in style or (properties is not None and properties.numPr is not None):
        return "list_item"
    return "text"


def _add_table(raw: RawDocument, table: Any, caption: str | None, label: Labeler | None = None) -> None:
    """Rows on the table grid: a merged cell's text stands in its first grid column and row only."""
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        cells: list[str] = []
        tcs = [cell._tc for cell in row.cells]
        for column, tc in enumerate(tcs):
            spanned = column > 0 and tcs[column - 1] is tc  # the same cell across grid columns
            continued = column < len(above) and above[column] is tc  # the same cell down the rows
            cells.append("" if spanned or continued else flat_text(tc, label))
        above = tcs
        if any(cells):
            rows.append(cells)
    if rows:
        raw.add_table(RawTable(rows=rows, caption=caption))
