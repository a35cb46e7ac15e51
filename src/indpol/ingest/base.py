"""What every reader returns: blocks of raw text with page and source offsets."""

from __future__ import annotations

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


@dataclass(slots=True)
class RawTable:
    """A table as a reader found it."""

    rows: list[list[str]]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    caption: str | None = None
    header_rows: int = 1


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

    def add_table(self, table: RawTable) -> None:
        """Append ``table`` and one ``table_row`` block per row (cells joined by the cell separator)."""
        from indpol.records import CELL_SEPARATOR

        index = len(self.tables)
        self.tables.append(table)
        for row_index, cells in enumerate(table.rows):
            self.blocks.append(Block(MappedText.identity(CELL_SEPARATOR.join(cells)), page=table.page,
                                     kind="table_row", table_index=index, row=row_index))  # fmt: skip
