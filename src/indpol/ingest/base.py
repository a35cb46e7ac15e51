"""What every reader returns: blocks of raw text with page and source offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indpol.textmap import MappedText

BLOCK_KINDS = ("text", "paragraph", "heading", "list_item", "table_row")


@dataclass(slots=True)
class Block:
    """A piece of raw text from a reader.

    ``kind`` is ``text`` when the reader only knows lines (PDF pages, plain text):
    segmentation then finds paragraphs and list items in it. ``text.origin``
    holds offsets into the decoded source (plain text) or into the page text.
    """

    text: MappedText
    page: int | None = None
    kind: str = "text"
    table_index: int | None = None
    row: int | None = None
    ocr: bool = False
    role: str | None = None  # "footnote" when the reader knows it


@dataclass(slots=True)
class RawTable:
    """A table as a reader found it."""

    rows: list[list[str]]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    caption: str | None = None
    header_rows: int = 1
    row_pages: list[int] | None = None  # each row's page, for a table continued across pages


@dataclass(slots=True)
class RawDocument:
    """A reader's output for one file."""

    format: str
    blocks: list[Block] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    pages: int | None = None
    source_offsets: bool = False
    bad_pages: list[int] = field(default_factory=list)  # pages without a usable text layer
    bad_page_reason: str | None = None
    paged: bool = False  # blocks are whole pages (running lines can be removed)
    warning: str | None = None  # read, but something was left out (a PDF page tree that repeats pages) …
    warning_code: str | None = None  # … and its code

    def add_table(self, table: RawTable) -> None:
        """Append ``table`` and one ``table_row`` block per row (cells joined by the cell separator)."""
        from indpol.records import CELL_SEPARATOR

        table.header_rows = header_rows(table.rows)
        table.caption = caption_or_none(table.caption)
        index = len(self.tables)
        self.tables.append(table)
        for row_index, cells in enumerate(table.rows):
            page = table.row_pages[row_index] if table.row_pages else table.page
            self.blocks.append(Block(MappedText.identity(CELL_SEPARATOR.join(cells)), page=page,
                                     kind="table_row", table_index=index, row=row_index))  # fmt: skip


YEAR_LABEL = re.compile(
    r"\s*(?:(?:18|19|20)\d\d(?:\s*(?:г\.?|год[а-я]*))?|[IV]{1,4}\s+квартал\w*.*|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d.*)\s*",
    re.I,
)
DECIMAL = re.compile(r"\d[,.]\d|\d\s\d{3}(?!\d)")  # "12 345,6", "4,5 %": amounts, never in a header
NUMBER_CELL = re.compile(r"\s*[-–]?\s*\d[\d\s.,]*%?\s*")


def header_rows(rows: list[list[str]], most: int = 3) -> int:
    """How many leading rows are headers: none when the first row already holds data (numbers that
    are not period labels, running text); else the first, and following rows whose cells (after the
    first column) are empty, words or period labels ("2024", "2025 год", "I квартал")."""
    if rows and any(_data_cell(cell) for cell in rows[0][1:]):
        return 0  # a form laid out as a table ("Объем финансирования | 12 345,6 тыс. рублей …"): no header
    count = 1
    for row in rows[1 : most + 1]:
        if count >= len(rows) - 1:
            break
        cells = [cell for cell in row[1:] if cell.strip()]
        if not cells or any(NUMBER_CELL.fullmatch(cell) and not YEAR_LABEL.fullmatch(cell) for cell in cells):
            break
        if row[0].strip() and not any(YEAR_LABEL.fullmatch(cell) for cell in cells):
            break  # a labelled row of words is a body row ("Ответственный исполнитель | Минпромторг")
        count += 1
    return count


CAPTION_START = re.compile(r"\s*(?:таблица|табл\.|table)\s*(?:№\s*)?[\dIVXА-ЯA-Z]", re.I)
SENTENCE = re.compile(r"[.!?]\s+[А-ЯЁA-Z]")


def _data_cell(cell: str) -> bool:
    """A cell of data, not of a header: a number other than a period label, or running text."""
    cell = cell.strip()
    number = NUMBER_CELL.fullmatch(cell) and not YEAR_LABEL.fullmatch(cell)
    return bool(number or DECIMAL.search(cell)) or len(cell) > 80


def caption_or_none(text: str | None) -> str | None:
    """The text before a table when it is the table's caption ("Таблица 2 – …", or a short title such as
    "Объем финансирования, тыс. рублей"), never a paragraph that happens to precede it: a caption gives
    the table's unit to its cells, so a paragraph's "млрд долларов" must not."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if CAPTION_START.match(text):
        return text
    short = len(text) <= 160 and not SENTENCE.search(text)
    return text if short and not text.endswith((".", "!", "?", ";")) else None
