"""DOCX: paragraphs, headings, list items (with Word's automatic numbers) and tables in body order."""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, IngestError
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.docx_numbering import Numbering
from indpol.ingest.safety import check_xml, check_zip
from indpol.textmap import MappedText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Read a Word document; refuses zip bombs and XML entity declarations."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            check_zip(archive, config.max_uncompressed_bytes, name)
            for member in archive.namelist():
                if member.endswith((".xml", ".rels")):
                    check_xml(archive.read(member), name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise IngestError(f"broken DOCX ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:
        raise IngestError(f"broken DOCX ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    raw = RawDocument(format="docx")
    numbering = Numbering(document)
    styles = style_names(document)
    previous_text = None
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            label = numbering.label(paragraph)
            if text:
                kind = _paragraph_kind(paragraph, styles)
                text = f"{label} {text}" if label and not text.startswith(label) else text
                raw.blocks.append(Block(MappedText.identity(text), kind=kind))
                previous_text = text
        elif element.tag == f"{W}tbl":
            _add_table(raw, Table(element, document), previous_text)
    for number, text in enumerate(footnote_texts(document), start=1):
        raw.blocks.append(Block(MappedText.identity(f"{number} {text}"), kind="paragraph", role="footnote"))
    return raw


FOOTNOTE_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
NOT_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def footnote_texts(document) -> list[str]:  # type: ignore[no-untyped-def]
    """The document's footnotes in order, each one paragraph of text (Word's separators left out)."""
    from lxml import etree

    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTE_RELATION), None
    )
    if part is None:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(part.blob, parser)
    texts = []
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in NOT_NOTES:
            continue
        paragraphs = ("".join(t.text or "" for t in p.iter(f"{W}t")).strip() for p in note.iter(f"{W}p"))
        text = " ".join(filter(None, paragraphs))
        if text:
            texts.append(text)
    return texts


def style_names(document) -> dict[str | None, str]:  # type: ignore[no-untyped-def]
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


def _paragraph_kind(paragraph, styles: dict[str | None, str]) -> str:  # type: ignore[no-untyped-def]
    properties = paragraph._p.pPr
    style_id = properties.pStyle.val if properties is not None and properties.pStyle is not None else None
    style = styles.get(style_id, styles.get(None, ""))
    if style.startswith(("heading", "заголовок", "title", "название")):
        return "heading"
    if "list" in style or "спис" in style or (properties is not None and properties.numPr is not None):
        return "list_item"
    return "text"


def _add_table(raw: RawDocument, table, caption: str | None) -> None:  # type: ignore[no-untyped-def]
    """Rows on the table grid: a merged cell's text stands in its first grid column and row only."""
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        cells: list[str] = []
        row_cells = row.cells
        tcs = [cell._tc for cell in row_cells]
        for column, tc in enumerate(tcs):
            spanned = column > 0 and tcs[column - 1] is tc  # the same cell across grid columns
            continued = column < len(above) and above[column] is tc  # the same cell down the rows
            cells.append("" if spanned or continued else " ".join(row_cells[column].text.split()))
        above = tcs
        if any(cells):
            rows.append(cells)
    if rows:
        raw.add_table(RawTable(rows=rows, caption=caption))
