"""PDF: text lines in reading order from pypdfium2, tables from pdfplumber, page by page."""

from __future__ import annotations

import itertools
import logging
import re
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_ENCRYPTED, E_TOO_MANY_PAGES, IngestError, LimitExceeded
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.pdf_layout import MARGIN_BAND, Line, lines_to_text, order_page
from indpol.ingest.quality import repair_latin1_mojibake, text_problem
from indpol.textmap import MappedText

logger = logging.getLogger(__name__)

MIN_RULING_PATHS = 4
CAPTION_DISTANCE = 40.0  # points above a table
CAPTION_START = re.compile(r"(?:Таблица|Табл\.|Table)\s*(?:№\s*)?[\dIVXА-Я]", re.I)
YEAR = re.compile(r"(?:19|20)\d\d")  # a lone year near the page edge (a table header) is not a page number


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
    """Text lines of a page in reading order (see ``pdf_layout``)."""
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
    return order_page(pieces, page.get_width(), height)


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
