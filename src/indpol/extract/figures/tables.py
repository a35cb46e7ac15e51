"""Figures from table rows: numeric cells with row/column headers, unit from caption or header, period.

A table row passage's text is its cells joined by ``CELL_SEPARATOR``; each numeric cell
becomes a figure whose offsets are the cell's span inside that text.
"""

from __future__ import annotations

import re
from typing import Any

from indpol.extract.figures.context import Context, Vocab, load_vocab
from indpol.extract.figures.enumerations import FigureSpan
from indpol.extract.figures.kinds import YEAR_RE
from indpol.extract.figures.phrases import indicator_before
from indpol.extract.figures.prose import extract_figures
from indpol.extract.grammars.dates import parse_dates
from indpol.extract.grammars.numbers import find_numbers
from indpol.records import CELL_SEPARATOR

NUMERIC_CELL = re.compile(r"\s*[-–]?\s*[$€]?\s*\d[\d\s\u00a0\u2009\u202f]*(?:[,.]\s?\d+)?\s*%?\s*")


UNIT_COLUMN = re.compile(r"ед\.?\s*изм|единиц[аы]\s+измерени", re.I)
TOTAL = re.compile(r"\s*(?:всего|итого|в\s+целом|total)\b", re.I)
CAPTION_LABEL = re.compile(r"^\s*(?:таблица|табл\.)\s*(?:№\s*)?[\dА-ЯA-Z.]*\s*[.:–—-]?\s*", re.I)
BREAKDOWN = re.compile(  # "… по годам", "… в разрезе источников финансирования": how the table is split
    r"\s+(?:по|в\s+разрезе|с\s+разбивкой\s+по)\s+(?:год|источник|направлени|мероприяти|этап|квартал|вид|отрасл|район|"
    r"регион|субъект|подпрограмм|исполнител|муниципальн)\w*(?:\s+\w+)?\s*$",
    re.I,
)
ROW_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[а-яa-z]\))\s+")
YEARS = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,])")


def table_figures(
    text: str, table: Any, row: int, morph: Any, vocab: Vocab | None = None
) -> list[tuple[FigureSpan, dict[str, Any]]]:
    """Figures of one table-row passage: numeric cells get row/column headers, unit and period.

    ``text`` is the row passage (cells joined by ``CELL_SEPARATOR``); header rows give no figures.
    The unit comes from the cell, a "Ед. изм." column, the row header, the column header, then
    the caption and header rows, in that order. Numeric cells before the row header ("№ п/п") are labels.
    """
    vocab = vocab or load_vocab()
    if row < table.header_rows:
        return []
    cells = cell_spans(text, table.rows[row] if row < len(table.rows) else None)
    first = next((i for i, (_s, cell) in enumerate(cells) if re.search(r"[А-Яа-яЁёA-Za-z]", cell)), 0)
    row_header = cells[first][1].strip() if cells else ""
    headers = [" ".join(r[col] for r in table.rows[: table.header_rows] if col < len(r)).strip()
               for col in range(len(cells))]  # fmt: skip
    units = [_row_unit(cells, headers, morph, vocab), _unit_of(row_header, morph, vocab)]
    table_unit = _unit_of(" ".join(filter(None, [table.caption, *headers])), morph, vocab)
    total_row = bool(TOTAL.match(row_header))
    row_indicator = None if total_row else _header_indicator(row_header, morph, vocab)
    if row_indicator is None:  # "Итого": the caption says what is summed up
        caption = BREAKDOWN.sub("", re.split(r",|\(", CAPTION_LABEL.sub("", table.caption or ""))[0])
        row_indicator = _header_indicator(caption, morph, vocab)
    years = sorted({int(y) for header in headers for y in YEARS.findall(header)})
    out = []
    for col, (start, cell) in enumerate(cells):
        if col <= first or UNIT_COLUMN.search(headers[col]):
            continue
        column_unit = _unit_of(headers[col], morph, vocab)
        unit = next((u for u in (*units, column_unit, table_unit) if u), None)
        for item in _cell_figures(cell, morph, vocab, unit):
            item.start, item.end = item.start + start, item.end + start
            item.indicator = item.indicator or row_indicator
            _column_period(item, headers[col])
            if item.period_start is None and TOTAL.match(headers[col]) and len(years) > 1:
                item.period_start, item.period_end = (
                    f"{years[0]}-01-01",
                    f"{years[-1]}-12-31",
                )  # "Всего" column
            info = {"table_id": table.table_id, "row": row, "col": col, "row_header": row_header,
                    "column_header": headers[col]}  # fmt: skip
            out.append((item, info))
    return out


def cell_spans(text: str, cells: Any) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a row passage: the table's cells found in order, so empty
    cells and the spaces around them do not shift the others; by the separator when they differ."""
    if cells:
        spans, position = [], 0
        for cell in cells:
            at = text.find(cell, position) if cell else position
            if at < 0:
                break
            spans.append((at, cell))
            position = at + len(cell)
        else:
            return spans
    spans, offset = [], 0
    for cell in text.split(CELL_SEPARATOR):
        spans.append((offset, cell))
        offset += len(cell) + len(CELL_SEPARATOR)
    return spans


def _row_unit(cells: list[tuple[int, str]], headers: list[str], morph: Any, vocab: Vocab) -> Any:
    """The unit written in the row's "Ед. изм." cell, if the table has such a column."""
    for col, header in enumerate(headers):
        if UNIT_COLUMN.search(header) and col < len(cells):
            return _unit_of(cells[col][1], morph, vocab, bare=True)
    return None


def _column_period(item: FigureSpan, header: str) -> None:
    """Period from a column header: "2017 год", "2016", "I квартал 2024 г."."""
    if item.period_start is not None:
        return
    dates = parse_dates(header)
    years = YEARS.findall(header)
    if dates:  # the lowest header row names the column's own period: "в том числе по годам 2024"
        item.period_start, item.period_end = dates[-1].date_start, dates[-1].date_end
    elif years:
        item.period_start, item.period_end = f"{years[-1]}-01-01", f"{years[-1]}-12-31"


def _cell_figures(cell: str, morph: Any, vocab: Vocab, unit: Any) -> list[FigureSpan]:
    """A numeric cell as one figure in ``unit`` (kind, unit, scale); other cells as prose."""
    if not NUMERIC_CELL.fullmatch(cell) or YEAR_RE.fullmatch(cell.strip()):
        return extract_figures(cell, morph, vocab=vocab) if re.search(r"\d", cell) else []
    numbers = find_numbers(cell)
    if not numbers:
        return []
    found = extract_figures(cell, morph, vocab=vocab)
    if found and found[0].kind is not None:
        return found[:1]
    kind, unit_name, scale = unit or ("quantity", None, 1.0)
    number = numbers[0]
    sign = -1.0 if re.match(r"\s*[-–]\s*\d", cell) else 1.0
    return [
        FigureSpan(
            start=number.start, end=number.end, kind=kind, value=sign * number.value * scale, unit=unit_name
        )
    ]


def _unit_of(
    header: str, morph: Any, vocab: Vocab, bare: bool = False
) -> tuple[str, str | None, float] | None:
    """Kind, unit and scale named in a header or caption ("Объем, тыс. рублей", "%", "(тонн)").

    A physical unit counts only after a comma, bracket or slash, or when the text is a unit cell (``bare``).
    """
    ctx = Context(header, morph, vocab)
    for i in range(len(ctx.tokens)):
        scale = ctx.match(i, vocab.scales)
        j = scale[1] if scale else i
        for name, forms in (("pp", vocab.points), ("percent", vocab.percent), ("money", vocab.currencies),
                            ("quantity", vocab.units)):  # fmt: skip
            hit = ctx.match(j, forms)
            if hit and (scale or bare or name != "quantity" or _unit_word_alone(ctx, i)):
                return name, {"pp": "pp"}.get(hit[0], hit[0]), scale[0] if scale else 1.0
    return None


def _unit_word_alone(ctx: Context, i: int) -> bool:
    """A unit in a header stands after a comma or in brackets ("Площадь, га", "(тонн)")."""
    return i > 0 and ctx.tokens[i - 1].text in (",", "(", "/")


def _header_indicator(header: str, morph: Any, vocab: Vocab) -> str | None:
    """The row header as an indicator: a short label as written (lower case, units cut off after a
    comma, its list number dropped: "Бюджет Союзного государства"), else its last noun phrase."""
    head = ROW_NUMBER.sub("", re.split(r",|\(", header, maxsplit=1)[0]).strip(" .:;–-")
    if not re.search(r"[А-Яа-яЁё]", head):
        return None
    words = head.split()
    if len(words) <= 8 and morph.parse(words[0].strip('«"'))[0].tag.POS in ("NOUN", "ADJF", "PRTF"):
        return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in words)
    ctx = Context(head, morph, vocab)
    return indicator_before(ctx, len(ctx.tokens), 0, set()) if ctx.tokens else None
