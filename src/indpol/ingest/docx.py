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
    previous_text = None
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            label = numbering.label(paragraph)
            if text:
                kind = _paragraph_kind(paragraph)
                text = f"{label} {text}" if label and not text.startswith(label) else text
                raw.blocks.append(Block(MappedText.identity(text), kind=kind))
                previous_text = text
        elif element.tag == f"{W}tbl":
            _add_table(raw, Table(element, document), previous_text)
    return raw


def _paragraph_kind(paragraph) -> str:  # type: ignore[no-untyped-def]
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if style.startswith(("heading", "заголовок", "title", "название")):
        return "heading"
    properties = paragraph._p.pPr
    if "list" in style or "спис" in style or (properties is not None and properties.numPr is not None):
        return "list_item"
    return "text"


def _add_table(raw: RawDocument, table, caption: str | None) -> None:  # type: ignore[no-untyped-def]
    """Rows on the table grid: a merged cell's text stands in its first grid column and row only."""
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        cells: list[str] = []
        tcs = [cell._tc for cell in row.cells]
        for column, tc in enumerate(tcs):
            spanned = column > 0 and tcs[column - 1] is tc  # the same cell across grid columns
            continued = column < len(above) and above[column] is tc  # the same cell down the rows
            cells.append("" if spanned or continued else " ".join(row.cells[column].text.split()))
        above = tcs
        if any(cells):
            rows.append(cells)
    if rows:
        raw.add_table(RawTable(rows=rows, caption=caption))
