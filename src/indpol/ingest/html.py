"""HTML: the main content only (trafilatura), with headings, list items and tables."""

from __future__ import annotations

import re

from lxml import etree

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_ENCODING, IngestError
from indpol.ingest.base import NUMBER_CELL, Block, RawDocument, RawTable
from indpol.ingest.encoding import decode, stray_bytes_warning
from indpol.ingest.safety import check_html, xml_parser
from indpol.textmap import MappedText

BLOCKS = frozenset({"lb", "p", "head", "item", "list", "quote"})  # a line of its own inside an element
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


def read_html(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Decode (BOM, meta charset, detection) and extract the main content."""
    declared = META_CHARSET.search(data[:4096])
    html, encoding = decode(data, name, declared.group(1).decode("ascii") if declared else None)
    check_html(html, name)
    import trafilatura

    try:
        xml = trafilatura.extract(
            html,
            output_format="xml",
            include_tables=True,
            include_comments=False,
            include_formatting=False,
            favor_recall=True,
        )
    except Exception as exc:
        raise IngestError(f"broken HTML ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    raw = RawDocument(format="html")
    if warning := stray_bytes_warning(data, html, encoding):  # read, the bad bytes counted in a warning
        raw.warning, raw.warning_code = warning, E_ENCODING
    if not xml:
        return raw
    root = etree.fromstring(xml.encode("utf-8"), xml_parser())
    title = root.get("title")
    main = root.find("main")
    if title:
        raw.blocks.append(Block(MappedText.identity(title.strip()), kind="heading"))
    headings = _table_headings(html) if TABLE_TAG.search(html) else {}  # a second parse only for tables
    for element in main if main is not None else root:
        _add_element(raw, element, headings)
    return raw


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TABLE_TAG = re.compile(r"<table\b", re.I)


def _table_headings(html: str) -> dict[str, str]:
    """The heading right above each table of the page ("<h1>Погрузка …, тыс. тонн</h1><table>"), keyed by the
    table's first row with a number: trafilatura drops such headings, and the table's title is lost with them."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return {}
    found: dict[str, str] = {}
    for table in tree.iter("table"):
        heading, sibling, steps = None, table.getprevious(), 0
        while sibling is not None and steps < 4 and heading is None:
            text = " ".join(sibling.text_content().split()) if isinstance(sibling.tag, str) else ""
            if sibling.tag in HEADING_TAGS and text:
                heading = text
            elif text or sibling.tag == "table":
                break  # a paragraph or another table between them: the heading is not this table's
            sibling, steps = sibling.getprevious(), steps + 1
        rows = [
            [" ".join(cell.text_content().split()) for cell in row.iter("td", "th")]
            for row in table.iter("tr")
        ]
        key = _table_key(rows)
        if heading and key:
            found[key] = heading if found.get(key, heading) == heading else ""  # two tables alike: neither
    return {key: heading for key, heading in found.items() if heading}


def _table_key(rows: list[list[str]]) -> str | None:
    """A table's first row with a number, its cells joined: how the headings found by lxml meet the tables
    trafilatura kept."""
    return next(
        ("|".join(c for c in row if c) for row in rows if any(NUMBER_CELL.fullmatch(c) for c in row)), None
    )


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _add_element(raw: RawDocument, element: etree._Element, headings: dict[str, str] | None = None) -> None:
    tag = element.tag
    if tag == "head":
        _add(raw, _text(element), "heading")
    elif tag == "list":
        for item in element.iter("item"):
            _add(raw, _text(item), "list_item")
    elif tag == "table":
        rows = [[_text(cell) for cell in row.iter("cell")] for row in element.iter("row")]
        rows = [row for row in rows if any(row)]
        if rows and _layout(element, rows):
            for cell in element.iter("cell"):  # a page laid out with a table: its cells are blocks of text
                for line in _lines(cell):
                    _add(raw, line, "paragraph")
        elif rows:
            heading = (headings or {}).get(_table_key(rows) or "")
            if heading and not (raw.blocks and raw.blocks[-1].text.text == heading):
                _add(raw, heading, "heading")  # the heading trafilatura dropped, in its place above the table
            previous = raw.blocks[-1].text.text if raw.blocks else None
            raw.add_table(RawTable(rows=rows, caption=previous))
    else:  # p, quote, div: a line break (<br>) ends a line of its own ("- 4 амбулатории;<br>- 14 пунктов")
        for line in _lines(element):
            _add(raw, line, "paragraph")


def _layout(element: etree._Element, rows: list[list[str]]) -> bool:
    """A table that lays out a page rather than holding data: one row of cells without a number, or cells made of
    several paragraphs and no cell that is a number ("Главная | Приложение № 3 … Нормативы … на 2016 год")."""
    numbers = any(NUMBER_CELL.fullmatch(cell) for row in rows for cell in row)
    blocks = any(len(cell.findall("p")) > 1 for cell in element.iter("cell"))
    return not numbers and (len(rows) == 1 or blocks)


def _lines(element: etree._Element) -> list[str]:
    """The element's text split at its line breaks, each line's whitespace collapsed."""
    parts = [element.text or ""]
    for child in element.iterdescendants():
        parts.append("\n" if child.tag in BLOCKS else "")
        parts.append(child.text or "" if child.tag != "lb" else "")
        parts.append(child.tail or "")
    return [" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip()]


def _add(raw: RawDocument, text: str, kind: str) -> None:
    if text:
        raw.blocks.append(Block(MappedText.identity(text), kind=kind))
