"""PDF: text lines in reading order from pypdfium2, tables from pdfplumber, page by page."""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_ENCRYPTED, E_TOO_MANY_PAGES, IngestError, LimitExceeded
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.quality import repair_latin1_mojibake, text_problem
from indpol.textmap import MappedText

logger = logging.getLogger(__name__)

MIN_RULING_PATHS = 4
PARAGRAPH_GAP = 1.6  # × median line spacing
CAPTION_DISTANCE = 40.0  # points above a table
CAPTION_START = re.compile(r"(?:Таблица|Табл\.|Table)\s*(?:№\s*)?[\dIVXА-Я]", re.I)
MARGIN_BAND = 0.08  # share of the page height where running headers and footers live
YEAR = re.compile(r"(?:19|20)\d\d")  # a lone year near the page edge (a table header) is not a page number
HYPHEN_GLYPHS = "\u0002\ufffe-\u2010\u00ad"  # a line-end hyphen box is never a word of its own
SHORT_LINE = 0.7  # a line shorter than this share of the usual width ends a paragraph before a capital


@dataclass(slots=True)
class Line:
    """A text line with its box in top-left coordinates (like pdfplumber)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


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
    pdf = open_pdf(data, name)
    try:
        count = len(pdf)
        if count > config.max_pages:
            raise LimitExceeded(
                f"{count} pages, over the limit of {config.max_pages}", path=name, code=E_TOO_MANY_PAGES
            )
        raw = RawDocument(format="pdf", pages=count)
        problems: dict[int, str] = {}
        plumber = None
        pages: list[tuple[int, list[Line], list[RawTable], float]] = []
        for index in range(count):
            page = pdf[index]
            try:
                lines = page_lines(page)
                if (repaired := repair_latin1_mojibake("\n".join(line.text for line in lines))) is not None:
                    for line, text in zip(lines, repaired.split("\n"), strict=True):
                        line.text = text
                problem = text_problem("\n".join(line.text for line in lines))
                if problem:
                    problems[index + 1] = problem
                    if config.ocr:
                        from indpol.ingest.ocr import ocr_page

                        text = ocr_page(page, config.ocr_language)
                        if text.strip():
                            raw.blocks.append(Block(MappedText.identity(text), page=index + 1, ocr=True))
                            del problems[index + 1]  # recovered by OCR: not a bad page
                    continue
                tables: list[RawTable] = []
                if config.pdf_tables and has_rulings(page):
                    plumber = plumber or _open_plumber(data)
                    tables = find_tables(plumber, index, lines) if plumber else []
                pages.append((index + 1, lines, tables, page.get_height()))
            finally:
                page.close()
        if plumber is not None:
            plumber.close()
        running = running_keys(pages)
        for number, lines, tables, height in pages:
            kept = [line for line in lines if not _is_running(line, height, running)]
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

    from indpol.clean import running_line_key

    counts: Counter[str] = Counter()
    for _number, lines, _tables, height in pages:
        counts.update({running_line_key(line.text) for line in lines if _in_margin(line, height)})
    threshold = 2 if len(pages) <= 3 else 3
    return {key for key, count in counts.items() if count >= threshold and len(key) > 1}


def _in_margin(line: Line, height: float) -> bool:
    return line.bottom <= MARGIN_BAND * height or line.top >= (1 - MARGIN_BAND) * height


def _is_running(line: Line, height: float, running: set[str]) -> bool:
    from indpol.clean import PAGE_NUMBER, running_line_key

    return _in_margin(line, height) and (
        running_line_key(line.text) in running
        or (bool(PAGE_NUMBER.match(line.text)) and not YEAR.fullmatch(line.text.strip()))
    )


def page_lines(page: pdfium.PdfPage) -> list[Line]:
    """Text lines of a page in reading order (two columns detected)."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        pieces = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ")
            if text.strip():
                pieces.append(Line(left, height - top, right, height - bottom, text))
    finally:
        textpage.close()
    return order_lines(merge_into_lines(pieces), page.get_width(), height)


def merge_into_lines(pieces: list[Line]) -> list[Line]:
    """Join rectangles on the same line that touch horizontally.

    A small glyph box (a line-end hyphen, a footnote mark) sits lower or higher than the words
    before it and may sort after lines of the other column, so it joins the recent line whose
    vertical band holds its middle.
    """
    pieces.sort(key=lambda line: (round(line.top), line.x0))
    lines: list[Line] = []
    for piece in pieces:
        index = _line_to_extend(lines, piece)
        if index is None:
            lines.append(piece)
            continue
        line = lines[index]
        height = max(line.bottom - line.top, piece.bottom - piece.top)
        spaced = piece.x0 - line.x1 > 0.15 * height and piece.text[:1] not in HYPHEN_GLYPHS
        gap = " " if spaced and not line.text.endswith(" ") else ""
        lines[index] = Line(
            line.x0,
            min(line.top, piece.top),
            piece.x1,
            max(line.bottom, piece.bottom),
            line.text + gap + piece.text,
        )
    return lines


def _line_to_extend(lines: list[Line], piece: Line) -> int | None:
    middle = (piece.top + piece.bottom) / 2
    for index in range(len(lines) - 1, max(len(lines) - 8, 0) - 1, -1):
        line = lines[index]
        height = max(line.bottom - line.top, piece.bottom - piece.top, 1)
        same_band = abs(line.top - piece.top) < 0.5 * height or line.top <= middle <= line.bottom
        if same_band and -1 <= piece.x0 - line.x1 < 0.8 * height:
            return index
    return None


def order_lines(lines: list[Line], width: float, height: float) -> list[Line]:
    """Reading order: the top margin, full-width lines above the columns, the left column,
    the right column, then full-width lines below and the bottom margin."""
    by_top = lambda line: (line.top, line.x0)  # noqa: E731
    header = [line for line in lines if line.bottom <= MARGIN_BAND * height]
    footer = [line for line in lines if line.top >= (1 - MARGIN_BAND) * height and line not in header]
    body = [line for line in lines if line not in header and line not in footer]
    return sorted(header, key=by_top) + _order_body(body, width) + sorted(footer, key=by_top)


def _order_body(lines: list[Line], width: float) -> list[Line]:
    middle = width / 2
    left = [line for line in lines if line.x1 <= middle + 2]
    right = [line for line in lines if line.x0 >= middle - 2]
    few = min(len(left), len(right)) < 5
    if few and not (min(len(left), len(right)) >= 2 and _running_text(left) and _running_text(right)):
        return sorted(lines, key=lambda line: (line.top, line.x0))
    spanning = [line for line in lines if line.x1 > middle + 2 and line.x0 < middle - 2]
    column_top = min(line.top for line in left + right)
    column_bottom = max(line.bottom for line in left + right)
    above = [line for line in spanning if line.bottom <= column_top + 1]
    below = [line for line in spanning if line.top >= column_bottom - 1]
    inside = [line for line in spanning if line not in above and line not in below]
    by_top = lambda line: (line.top, line.x0)  # noqa: E731
    return (
        sorted(above, key=by_top)
        + sorted(left + inside, key=by_top)
        + sorted(right, key=by_top)
        + sorted(below, key=by_top)
    )


def _running_text(column: list[Line]) -> bool:
    """Lines of running text: they fill their column and sentences run on from line to line
    (unlike the labels and values of a form laid out in two parts)."""
    widths = sorted(line.x1 - line.x0 for line in column)
    ordered = sorted(column, key=lambda line: line.top)
    run_on = sum(line.text.lstrip()[:1].islower() for line in ordered[1:])
    return (
        widths[len(widths) // 2] >= 0.7 * widths[-1] and widths[-1] >= 100 and 2 * run_on >= len(ordered) - 1
    )


def lines_to_text(lines: list[Line]) -> str:
    """Lines joined by newlines; a wide vertical gap or a column jump becomes a blank line."""
    if not lines:
        return ""
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines) if 0 < b.top - a.top < 40]
    spacing = statistics.median(gaps) if gaps else 14.0
    usual_width = statistics.median([line.x1 - line.x0 for line in lines])
    parts = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        step = line.top - previous.top
        short = previous.x1 - previous.x0 < SHORT_LINE * usual_width and line.text[:1].isupper()
        new_paragraph = step > PARAGRAPH_GAP * spacing or step < 0 or short
        indented = (
            line.x0 - previous.x0 > 8
            and abs(step - spacing) < 0.3 * spacing
            and previous.x1 - previous.x0 > 100
        )
        if (new_paragraph and not _continues(previous.text, line.text)) or indented:
            parts.append("\n\n")
        else:
            parts.append("\n")
        parts.append(line.text)
    return "".join(parts)


def _continues(previous: str, line: str) -> bool:
    """A column jump mid-sentence: the text goes on."""
    stripped = previous.rstrip()
    return bool(stripped) and stripped[-1] not in ".!?:;" and line[:1].islower()


def has_rulings(page: pdfium.PdfPage) -> bool:
    """Enough path objects on the page to be worth a table search."""
    paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)
    return sum(1 for _ in itertools.islice(paths, MIN_RULING_PATHS)) >= MIN_RULING_PATHS


def _open_plumber(data: bytes):  # type: ignore[no-untyped-def]
    try:
        import pdfplumber

        return pdfplumber.open(BytesIO(data))
    except Exception:  # pdfminer cannot parse what pdfium could: no tables then
        logger.debug("pdfplumber could not open the file", exc_info=True)
        return None


def find_tables(plumber, index: int, lines: list[Line]) -> list[RawTable]:  # type: ignore[no-untyped-def]
    """Ruled tables of one page as cell rows, with their caption."""
    page = plumber.pages[index]
    try:
        found = []
        for table in page.find_tables():
            rows = [[cell_text(cell) for cell in row] for row in table.extract()]
            rows = [row for row in rows if any(row)]
            if len(rows) < 2 or max(len(row) for row in rows) < 2:
                continue
            x0, top, x1, bottom = (float(v) for v in table.bbox)
            found.append(
                RawTable(
                    rows=rows, page=index + 1, bbox=(x0, top, x1, bottom), caption=caption_above(lines, top)
                )
            )
        return found
    finally:
        page.close()


def cell_text(cell: str | None) -> str:
    """A cell's lines, spaces normalised; the line breaks stay for the cleaner, which joins words
    broken by a hyphen or by a narrow column ("предпри-\\nятий", "Собственны\\nе") and spaces the rest."""
    return "\n".join(filter(None, (" ".join(line.split()) for line in (cell or "").splitlines())))


def caption_above(lines: list[Line], table_top: float) -> str | None:
    """The caption above a table: from its "Таблица N" line, else the lines after the last
    sentence end (the paragraph before the table is not part of the caption)."""
    above = sorted(
        (line for line in lines if 0 <= table_top - line.bottom <= CAPTION_DISTANCE),
        key=lambda line: line.top,
    )
    texts = [line.text.strip() for line in above]
    starts = [index for index, text in enumerate(texts) if CAPTION_START.match(text)]
    if starts:
        texts = texts[starts[-1] :]
    else:
        ends = [index for index, text in enumerate(texts[:-1]) if text.endswith((".", ":", ";", "!", "?"))]
        texts = texts[ends[-1] + 1 :] if ends else texts
    return " ".join(texts) or None


def add_page(raw: RawDocument, page: int, lines: list[Line], tables: list[RawTable]) -> None:
    """Append the page's prose and table rows as blocks, tables where they stand."""
    events: list[tuple[float, int, object]] = []
    for table in tables:
        events.append((table.bbox[1] if table.bbox else 0.0, 0, table))
    prose = [line for line in lines if not any(_inside(line, table) for table in tables)]
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


def _flush(raw: RawDocument, page: int, lines: list[Line]) -> None:
    text = lines_to_text(lines)
    if text.strip():
        raw.blocks.append(Block(MappedText.identity(text), page=page))


def _inside(line: Line, table: RawTable) -> bool:
    if not table.bbox:
        return False
    x0, top, x1, bottom = table.bbox
    middle_y = (line.top + line.bottom) / 2
    return top - 1 <= middle_y <= bottom + 1 and line.x1 >= x0 - 1 and line.x0 <= x1 + 1
