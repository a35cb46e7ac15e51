"""PDF: text lines in reading order and tables, from pypdfium2, page by page."""

from __future__ import annotations

import ctypes
import itertools
import logging
import re
import statistics
import threading

import pypdfium2 as pdfium

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_ENCRYPTED, E_PAGE_TREE, E_TOO_MANY_PAGES, IngestError, LimitExceeded
from indpol.ingest import pdf_calls as calls
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.pdf_layout import MARGIN_BAND, Line, group_rows, lines_to_text, order_page
from indpol.ingest.pdf_pages import PageTree, distinct_pages
from indpol.ingest.pdf_tables import (
    CONTINUED,
    FoundTable,
    cell_words,
    find_grids,
    grid_rows,
    header_above,
    page_paths,
    page_rulings,
    starts_with_data,
    unruled_tables,
    without_frame,
)
from indpol.ingest.quality import CP1251_FROM_LATIN1, repair_latin1_mojibake, text_problem
from indpol.ingest.running import PAGE_NUMBER, running_line_key
from indpol.ingest.safety import check_pdf_streams
from indpol.textmap import MappedText

logger = logging.getLogger(__name__)
_local = threading.local()  # a reusable text buffer per thread (Dask runs documents in threads)

MIN_RULING_PATHS = 4
TEXT_BUFFER = 2048  # UTF-16 units read per text box in one call
EDGE_BAND = (
    0.2  # a running table (a frame's title block) reaches into this share of the page at top or bottom
)
OVERLAP = 1.0  # points: text boxes of a row overlapping more than this are one
JOIN_GAP = 0.5  # × text height: boxes closer than this are checked for a space between them
FOOTNOTE_SIZE = 0.85  # footnote lines are set at most this share of the body's line height
FOOTNOTE_START = re.compile(r"\s*(\d{1,3}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\s*\S")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
CAPTION_DISTANCE = 40.0  # points above a table
CAPTION_LINE_GAP = 1.2  # × line height between the lines of a caption
CAPTION_START = re.compile(r"(?:Таблица|Табл\.|Table)\s*(?:№\s*)?[\dIVXА-Я]", re.I)
YEAR = re.compile(r"(?:19|20)\d\d")
NUMBER_BAND = 0.15  # a page number stands in this share of the page height at top or bottom
BARE_NUMBER = re.compile(
    r"\s*(?:[-–—]\s*)?(\d{1,4})\s*(?:[-–—]\s*)?"
)  # a lone year near the page edge (a table header) is not a page number


def open_pdf(data: bytes, name: object) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted PDF: a password is required", path=name, code=E_ENCRYPTED) from None
        raise IngestError(f"broken PDF ({message})", path=name, code=E_BROKEN) from None


def read_pdf(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Read every page; pages without a usable text layer are listed, not passed on."""
    check_pdf_streams(data, config.max_stream_bytes, name)  # before pdfium inflates any of them
    pdf = open_pdf(data, name)
    try:
        count = len(pdf)
        if count > config.max_pages:
            raise LimitExceeded(
                f"{count} pages, over the limit of {config.max_pages}", path=name, code=E_TOO_MANY_PAGES
            )
        raw = RawDocument(format="pdf", pages=count)
        problems: dict[int, str] = {}
        pages: list[tuple[int, list[Line], list[RawTable], float]] = []
        tree = PageTree(count)
        for index, page in distinct_pages(pdf, tree):
            try:
                textpage = page.get_textpage()
                try:
                    lines, tables = read_page(page, textpage, index + 1, config.pdf_tables)
                finally:
                    textpage.close()
                problem = text_problem("\n".join([*(line.text for line in lines), *_table_texts(tables)]))
                if problem:
                    problems[index + 1] = problem
                    if config.ocr:
                        from indpol.ingest.ocr import ocr_page

                        text = ocr_page(page, config.ocr_language)
                        if text.strip():
                            raw.blocks.append(Block(MappedText.identity(text), page=index + 1, ocr=True))
                            del problems[index + 1]  # recovered by OCR: not a bad page
                    continue
                pages.append((index + 1, lines, tables, page.get_height()))
            finally:
                page.close()
        if tree.unloadable and len(tree.unloadable) == count:
            raise IngestError("broken PDF (no page could be loaded)", path=name, code=E_BROKEN)
        raw.warning = tree.reason()
        raw.warning_code = E_PAGE_TREE if raw.warning else None
        drop_running_tables(pages)  # first: a frame's title block at a page's foot continues no table
        join_continued_tables(pages)
        running = running_keys(pages)
        numbers = page_number_lines(pages)
        for number, lines, tables, height in pages:
            kept = [
                line for line in lines if id(line) not in numbers and not _is_running(line, height, running)
            ]
            add_page(raw, number, kept, tables)
        raw.blocks.sort(key=lambda block: block.page or 0)
        if problems:
            raw.bad_pages = sorted(problems)
            pages = ", ".join(map(str, raw.bad_pages[:20])) + (" …" if len(problems) > 20 else "")
            reasons = sorted(set(problems.values()))
            raw.bad_page_reason = (
                f"{len(problems)} of {count} pages unusable ({'; '.join(reasons)}): pages {pages}"
            )
        return raw
    finally:
        pdf.close()


def running_keys(pages: list[tuple[int, list[Line], list[RawTable], float]]) -> set[str]:
    """Keys of lines in the top or bottom margin that repeat on several pages."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for _number, lines, _tables, height in pages:
        counts.update({running_line_key(line.text) for line in lines if _in_margin(line, height)})
    threshold = 2 if len(pages) <= 3 else 3
    return {key for key, count in counts.items() if count >= threshold and len(key) > 1}


def page_number_lines(pages: list[tuple[int, list[Line], list[RawTable], float]]) -> set[int]:
    """``id`` of the lines that number the pages though they stand a little inside the margin band
    (a number at the top left, 7–8 % down): a bare number near the top or bottom whose value is the
    page's number plus one offset shared by at least three pages and half of them."""
    by_offset: dict[int, list[Line]] = {}
    for number, lines, _tables, height in pages:
        for line in lines:
            if line.bottom > NUMBER_BAND * height and line.top < (1 - NUMBER_BAND) * height:
                continue
            match = BARE_NUMBER.fullmatch(line.text)
            if match and not YEAR.fullmatch(match.group(1)):
                by_offset.setdefault(int(match.group(1)) - number, []).append(line)
    return {
        id(line) for lines in by_offset.values() if len(lines) >= max(3, len(pages) / 2) for line in lines
    }


def _in_margin(line: Line, height: float) -> bool:
    return line.bottom <= MARGIN_BAND * height or line.top >= (1 - MARGIN_BAND) * height


def _is_running(line: Line, height: float, running: set[str]) -> bool:
    return _in_margin(line, height) and (
        running_line_key(line.text) in running
        or (bool(PAGE_NUMBER.match(line.text)) and not YEAR.fullmatch(line.text.strip()))
    )


def read_page(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int, tables: bool = True
) -> tuple[list[Line], list[RawTable]]:
    """A page's prose lines in reading order (see ``pdf_layout``) and its tables (``pdf_tables``)."""
    height = page.get_height()
    raw = calls.address(textpage.raw)
    count = calls.count_rects(raw, 0, -1)
    corners = (ctypes.c_double * (4 * count))()  # every box's left, top, right, bottom, read at once
    at, get_rect = ctypes.addressof(corners), calls.get_rect
    for index in range(count):
        if not get_rect(raw, index, at, at + 8, at + 16, at + 24):
            raise pdfium.PdfiumError("Failed to get rectangle.")
        at += 32
    values = corners[:]
    boxes = [
        Line(left, height - top, right, height - bottom, "", None, False, index, index)
        for index, (left, top, right, bottom) in enumerate(
            zip(values[0::4], values[1::4], values[2::4], values[3::4], strict=True)
        )
    ]
    reader = _BoxReader(textpage, height)
    rows = [kept for row in group_rows(boxes) if (kept := _runs(row, reader))]
    pieces = [piece for row in rows for piece in row]
    repaired = repair_latin1_mojibake("\n".join(piece.text for piece in pieces))
    if repaired is not None:
        for piece, text in zip(pieces, repaired.split("\n"), strict=True):
            piece.text = text
    found: list[RawTable] = []
    if tables:
        found = [
            RawTable(rows=t.rows, page=number, bbox=t.bbox) for t in page_tables(page, textpage, rows, height)
        ]
        if repaired is not None:
            for table in found:
                table.rows = [[cell.translate(CP1251_FROM_LATIN1) for cell in row] for row in table.rows]
        if found:
            rows = [
                kept for row in rows if (kept := [p for p in row if not any(_inside(p, t) for t in found)])
            ]
    lines = order_page(rows, height)
    for table in found:
        table.caption = caption_above(lines, table.bbox[1] if table.bbox else 0.0)
    return lines, found


class _BoxReader:
    """The characters of text boxes of one text page (top-left coordinates), read into one buffer.

    pdfium takes every character whose box touches the query, so the query is drawn a little inside
    the box: a neighbour's letter that overlaps it by a hair ("ожидаем|ым") stays out."""

    __slots__ = ("at", "bytes", "height", "raw", "textpage")

    def __init__(self, textpage: pdfium.PdfTextPage, height: float) -> None:
        self.textpage, self.raw, self.height = textpage, calls.address(textpage.raw), height
        buffer = getattr(_local, "buffer", None)
        if buffer is None:
            buffer = _local.buffer = (ctypes.c_ushort * TEXT_BUFFER)()
        self.at, self.bytes = ctypes.addressof(buffer), memoryview(buffer).cast("B")  # read without a copy

    def text(self, x0: float, top: float, x1: float, bottom: float) -> str:
        dx = 0.2 * (x1 - x0)
        if dx > 0.8:
            dx = 0.8
        left, right, pdf_top, pdf_bottom = x0 + dx, x1 - dx, self.height - top, self.height - bottom
        count = calls.bounded_text(self.raw, left, pdf_top, right, pdf_bottom, self.at, TEXT_BUFFER)
        if count >= TEXT_BUFFER:  # more than the buffer holds: ask pdfium for the size first
            text = self.textpage.get_text_bounded(left, pdf_bottom, right, pdf_top)
        else:
            text = str(self.bytes[: 2 * count - 2], "utf-16-le", "ignore") if count > 1 else ""
        return text.replace("\r", "").replace("\n", " ")


def _runs(row: list[Line], reader: _BoxReader) -> list[Line]:
    """A row's text boxes made runs of text, each read from pdfium in one go.

    Boxes that overlap or stand less than a word space apart are one run: pdfium's reading of
    them together decides whether there is a space between them ("2" + "17" is "217"), and no
    letter is read twice (pdfium's text of a box takes every character the box touches, so two
    overlapping boxes would both hold "ым" of "ожидаемым"). A raised footnote mark stays a box
    of its own.
    """
    if len(row) == 1:  # half of all rows: one box, read alone
        box = row[0]
        text = reader.text(box.x0, box.top, box.x1, box.bottom)
        if text.strip():
            box.text = text
            return [box]
        return []
    tallest, tall = row[0], row[0].bottom - row[0].top  # the first of the tallest, as max() gives
    for box in row:
        if box.bottom - box.top > tall:
            tallest, tall = box, box.bottom - box.top
    middle = (tallest.top + tallest.bottom) / 2
    groups: list[list[Line]] = []
    group_x1 = 0.0  # the right edge of the last group
    for box in row:
        # perhaps a mark (set small and raised, see set_raised): its text decides
        small = (
            box is not tallest
            and box.bottom - box.top <= 0.7 * tall
            and middle - (box.top + box.bottom) / 2 >= 0.2 * tall
        )
        if small:
            box.text = reader.text(box.x0, box.top, box.x1, box.bottom)
        if groups and not small and not groups[-1][-1].text:
            last = groups[-1][-1]
            size = max(last.bottom - last.top, box.bottom - box.top, 1.0)
            if box.x0 - group_x1 < JOIN_GAP * size:
                groups[-1].append(box)
                if box.x1 > group_x1:
                    group_x1 = box.x1
                continue
        groups.append([box])
        group_x1 = box.x1
    out = []
    for group in groups:
        if len(group) == 1:
            box = group[0]
            if box.text:
                out.append(box)
                continue
            text = reader.text(box.x0, box.top, box.x1, box.bottom)
            if text.strip():
                box.text = text
                out.append(box)
            continue
        x0, top = min(b.x0 for b in group), min(b.top for b in group)
        x1, bottom = max(b.x1 for b in group), max(b.bottom for b in group)
        text = reader.text(x0, top, x1, bottom)
        if text.strip():
            out.append(Line(x0, top, x1, bottom, text, order=group[0].order, order_end=group[-1].order_end))
    return out


def page_tables(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, rows: list[list[Line]], height: float
) -> list[FoundTable]:
    """Ruled tables where the page draws a grid, then unruled tables of numbers among the other rows."""
    found: list[FoundTable] = []
    paths = page_paths(page)
    if len(paths) >= MIN_RULING_PATHS:  # enough drawing on the page to be worth a table search
        grids = find_grids(page_rulings(page, paths))
        if grids:
            words = cell_words(textpage, [piece for row in rows for piece in row], grids, height)
            area = page.get_width() * height
            for grid in (
                part for found_grid in grids for part in without_frame(found_grid, words, area, height)
            ):
                cells = [row for row in grid_rows(grid, words) if any(cell.strip() for cell in row)]
                # a grid whose first row is data has its header set above it
                header = header_above(grid, rows) if cells and starts_with_data(cells[0]) else []
                if header:
                    cells = [
                        row for row in grid_rows(grid, words, header) if any(cell.strip() for cell in row)
                    ]
                if len(cells) >= 2 and max(sum(bool(cell.strip()) for cell in row) for row in cells) >= 2:
                    x0, top, x1, bottom = grid.bbox
                    found.append(FoundTable(cells, (x0, min([top, *(p.top for p in header)]), x1, bottom)))
    header_end, footer_start = MARGIN_BAND * height, (1 - MARGIN_BAND) * height  # as _in_margin
    body = [
        kept
        for row in rows
        if (
            kept := [
                piece
                for piece in row
                if piece.bottom > header_end
                and piece.top < footer_start
                and not (found and any(_inside_box(piece, t.bbox) for t in found))
            ]
        )
    ]
    found += unruled_tables(body)
    return sorted(found, key=lambda table: table.bbox[1])


def _table_texts(tables: list[RawTable]) -> list[str]:
    return [" ".join(row) for table in tables for row in table.rows]


def join_continued_tables(pages: list[tuple[int, list[Line], list[RawTable], float]]) -> None:
    """A table that ends a page and one that starts the next page with as many columns are one
    table: the second's repeated header rows are dropped, its rows keep their page."""
    for (_n, lines, tables, height), (number, next_lines, next_tables, next_height) in itertools.pairwise(
        pages
    ):
        if not tables or not next_tables:
            continue
        last, first = tables[-1], next_tables[0]
        if not last.bbox or not first.bbox or _width(last) != _width(first):
            continue
        below = [line for line in lines if line.top > last.bbox[3] and not _in_margin(line, height)]
        above = [
            line
            for line in next_lines
            if line.bottom < first.bbox[1]
            and not _in_margin(line, next_height)
            and not CONTINUED.match(line.text)
        ]
        if below or above:
            continue
        repeated = 0
        while repeated < min(len(first.rows), len(last.rows), 4) and _same_row(
            first.rows[repeated], last.rows[repeated]
        ):
            repeated += 1
        if repeated == 0 and _numbering_row(first.rows[0]):
            repeated = 1
        pages_of_rows = last.row_pages or [last.page or 0] * len(last.rows)
        last.rows = [*last.rows, *first.rows[repeated:]]
        last.row_pages = [*pages_of_rows, *[number] * (len(first.rows) - repeated)]
        next_tables.remove(first)
        next_lines[:] = [line for line in next_lines if not CONTINUED.match(line.text)]


def drop_running_tables(pages: list[tuple[int, list[Line], list[RawTable], float]]) -> None:
    """Tables at the top or bottom of most pages with the same cells (page numbers aside) are a
    running element, such as the title block of an engineering drawing's frame, not content."""
    from collections import Counter

    def table_key(table: RawTable) -> str:
        return running_line_key(" | ".join(cell for row in table.rows for cell in row))

    def at_edge(table: RawTable, height: float) -> bool:
        return bool(table.bbox) and (
            table.bbox[1] < EDGE_BAND * height or table.bbox[3] > (1 - EDGE_BAND) * height
        )

    counts = Counter(
        key
        for *_rest, tables, height in pages
        for key in {table_key(t) for t in tables if at_edge(t, height)}
    )
    threshold = max(2 if len(pages) <= 3 else 3, len(pages) / 2)
    for _number, _lines, tables, height in pages:
        tables[:] = [t for t in tables if not (at_edge(t, height) and counts[table_key(t)] >= threshold)]


def _width(table: RawTable) -> int:
    return max(len(row) for row in table.rows)


def _same_row(first: list[str], second: list[str]) -> bool:
    return [" ".join(c.split()) for c in first] == [" ".join(c.split()) for c in second]


def _numbering_row(row: list[str]) -> bool:
    """A row of column numbers ("1 | 2 | 3 …") that Word repeats under a header."""
    cells = [cell.strip() for cell in row if cell.strip()]
    return len(cells) >= 2 and all(cell == str(i + 1) for i, cell in enumerate(cells))


def _inside_box(line: Line, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle_x, middle_y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return top - 1 <= middle_y <= bottom + 1 and x0 - 1 <= middle_x <= x1 + 1


def caption_above(lines: list[Line], table_top: float) -> str | None:
    """The caption above a table: from its "Таблица N" line, else the lines after the last
    sentence end (the paragraph before the table is not part of the caption)."""
    before = sorted((line for line in lines if line.bottom <= table_top + 1), key=lambda line: line.top)
    above = [line for line in before if table_top - line.bottom <= CAPTION_DISTANCE]
    rest = before[: len(before) - len(above)]
    while (
        above
        and rest
        and len(above) < 6
        and above[0].top - rest[-1].bottom <= CAPTION_LINE_GAP * (rest[-1].bottom - rest[-1].top)
    ):
        above.insert(0, rest.pop())  # a title set close above the unit line ("Индекс …" / "в процентах …")
    texts = [line.text.strip() for line in above]
    starts = [index for index, text in enumerate(texts) if CAPTION_START.match(text)]
    if starts:
        texts = texts[starts[-1] :]
    else:
        ends = [index for index, text in enumerate(texts[:-1]) if text.endswith((".", ":", ";", "!", "?"))]
        texts = texts[ends[-1] + 1 :] if ends else texts
    return " ".join(texts) or None


def add_page(raw: RawDocument, page: int, lines: list[Line], tables: list[RawTable]) -> None:
    """Append the page's prose and table rows as blocks, tables where they stand, and the page's
    footnotes last, as passages of their own (role ``footnote``)."""
    prose = [line for line in lines if not any(_inside(line, table) for table in tables)] if tables else lines
    prose, notes = split_footnotes(prose)
    current: list[Line] = []
    position = 0
    for table in sorted(tables, key=lambda t: t.bbox[1] if t.bbox else 0.0):
        top = table.bbox[1] if table.bbox else 0.0
        while position < len(prose) and prose[position].top < top:
            current.append(prose[position])
            position += 1
        _flush(raw, page, current)
        current = []
        raw.add_table(table)
    _flush(raw, page, current + prose[position:])
    if notes:
        text = "\n\n".join(lines_to_text(note) for note in notes)
        raw.blocks.append(Block(MappedText.identity(text), page=page, role="footnote"))


def _note_number(text: str) -> int | None:
    """The number a footnote opens with ("3 Здесь …" → 3; "**" → 2), else None."""
    match = FOOTNOTE_START.match(text)
    if not match:
        return None
    mark = match.group(1)
    if mark.startswith("*"):
        return len(mark)
    return int(mark.translate(SUPERSCRIPT_DIGITS))


def _flush(raw: RawDocument, page: int, lines: list[Line]) -> None:
    text = lines_to_text(lines)
    if text.strip():
        raw.blocks.append(Block(MappedText.identity(text), page=page))


def split_footnotes(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """The page's body lines and its footnotes: the trailing lines set smaller than the body,
    from the first that opens with a note number ("1 По данным …"), one list per note."""
    if len(lines) < 5:
        return lines, []
    usual = statistics.median(line.bottom - line.top for line in lines)
    start = len(lines)
    while start > 0 and lines[start - 1].bottom - lines[start - 1].top <= FOOTNOTE_SIZE * usual:
        start -= 1
    while start < len(lines) and not FOOTNOTE_START.match(lines[start].text):
        start += 1
    if start >= len(lines) or start == 0 or lines[start].top < lines[start - 1].bottom:
        return lines, []
    notes: list[list[Line]] = []
    expected = None
    for line in lines[start:]:
        number = _note_number(line.text)
        if not notes or (number is not None and number == expected):
            notes.append([line])
            expected = None if number is None else number + 1
        else:
            notes[-1].append(line)  # "7 000 ккал/кг." goes on the note before
    return lines[:start], notes


def _inside(line: Line, table: RawTable) -> bool:
    if not table.bbox:
        return False
    x0, top, x1, bottom = table.bbox
    middle_y = (line.top + line.bottom) / 2
    return top - 1 <= middle_y <= bottom + 1 and line.x1 >= x0 - 1 and line.x0 <= x1 + 1
