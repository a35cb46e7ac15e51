"""Plain text and Markdown: decode and hand over the whole text as one block."""

from __future__ import annotations

import re

from indpol.errors import E_ENCODING
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.encoding import decode, stray_bytes_warning
from indpol.textmap import MappedText

MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)")


MARKDOWN_TABLE = re.compile(  # an HTML table (pandoc writes one for merged cells) or a pipe table with its rule
    r"<table\b.*?</table\s*>|(?m:^[ \t]*\|.*\|[ \t]*\n[ \t]*\|[ \t:|-]*-[ \t:|-]*\|[ \t]*\n(?:[ \t]*\|.*\|[ \t]*(?:\n|$))*)",
    re.S | re.I,
)
MAX_CELLS = 200_000  # an embedded HTML table larger than this (spans counted) is not read as a table
PIPE_RULE = re.compile(r"^[ \t]*\|[ \t:|-]*-[ \t:|-]*\|[ \t]*$")


def _add_markdown(doc: RawDocument, page: str, offset: int, page_number: int | None) -> None:
    """A Markdown page: its text as blocks (links and emphasis unwrapped), its tables as tables."""
    position = 0
    for match in MARKDOWN_TABLE.finditer(page):
        _add_markdown_text(doc, page[position : match.start()], offset + position, page_number)
        rows = (
            _html_rows(match.group(0))
            if match.group(0).lstrip().startswith("<")
            else _pipe_rows(match.group(0))
        )
        if rows:
            previous = doc.blocks[-1].text.text.strip().splitlines()[-1:] if doc.blocks else []
            doc.add_table(RawTable(rows=rows, page=page_number, caption=previous[0] if previous else None))
        position = match.end()
    _add_markdown_text(doc, page[position:], offset + position, page_number)


def _add_markdown_text(doc: RawDocument, text: str, offset: int, page_number: int | None) -> None:
    if not text.strip():
        return
    mapped = MappedText.identity(text, offset)
    mapped = mapped.rewrite(MARKDOWN_LINK, lambda m: m.group(1))
    mapped = mapped.rewrite(MARKDOWN_EMPHASIS, lambda m: m.group(2))
    doc.blocks.append(Block(mapped, page=page_number))


def _pipe_rows(block: str) -> list[list[str]]:
    """A pipe table's rows, its rule line left out."""
    rows = []
    for line in block.strip().splitlines():
        if PIPE_RULE.match(line):
            continue
        rows.append([" ".join(cell.split()) for cell in line.strip().strip("|").split("|")])
    return rows


def _html_rows(block: str) -> list[list[str]]:
    """An HTML table's rows on its grid: a cell spanning rows or columns stands in its first place only."""
    from lxml import html as lxml_html

    try:
        table = lxml_html.fragment_fromstring(block, create_parent=False)
    except Exception:
        return []
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = " ".join(cell.text_content().split())
            rows, cols = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            if len(grid) + rows * cols > MAX_CELLS:
                return []  # a hostile table: its text stays out rather than the memory
            for dr in range(rows):
                for dc in range(cols):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
            c += cols
    if not grid:
        return []
    height, width = max(r for r, _ in grid) + 1, max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def _span(value: str | None) -> int:
    return max(1, min(int(value), 50)) if value and value.isdigit() else 1


def read_text(data: bytes, path: object = None, fmt: str = "txt") -> RawDocument:
    """Read TXT/MD bytes; offsets refer to the decoded text (BOM removed)."""
    text, encoding = decode(data, path)
    pages = text.split("\f")
    doc = RawDocument(format=fmt, source_offsets=True)
    if warning := stray_bytes_warning(data, text, encoding):  # read, the bad bytes counted in a warning
        doc.warning, doc.warning_code = warning, E_ENCODING
    offset = 0
    for number, page in enumerate(pages, start=1):
        page_number = number if len(pages) > 1 else None
        if fmt == "md":
            _add_markdown(doc, page, offset, page_number)
        else:
            doc.blocks.append(Block(MappedText.identity(page, offset), page=page_number))
        offset += len(page) + 1
    if len(pages) > 1:
        doc.pages = len(pages)
        doc.paged = True
    return doc
