"""Reading order of a PDF page: text pieces → rows → columns → lines → paragraphs.

A row is every piece of text on one baseline band, however wide the gaps between them
(justified lines, a tab after a paragraph number, a signature line). A column gutter is a
white channel that runs through several consecutive rows at the same x with running text on
both sides; only there is a row cut in two. Justified gaps and hanging numbers never line up
into such a channel, and tables (numbers) or forms (labels) are not running text, so they are
read row by row, as a person reads them.
"""

from __future__ import annotations

import itertools
import operator
import re
import statistics
from dataclasses import dataclass

MARGIN_BAND = 0.08  # share of the page height where running headers and footers live
HYPHEN_GLYPHS = "\u0002\ufffe-\u2010\u00ad"  # a line-end hyphen box is never a word of its own
PARAGRAPH_GAP = 1.6  # × median line spacing
SHORT_LINE = 0.7  # a line shorter than this share of the usual width ends a paragraph before a capital
SEGMENT_GAP = 0.8  # × line height: pieces closer than this form one segment of a row
GUTTER = 7.0  # points: the narrowest white channel taken for a column gutter
GUTTER_ZONE = (0.2, 0.8)  # a gutter lies in this share of the text width
COLUMN_LINES = 3  # lines each side needs before two columns are believed
CLOSING = frozenset(".,;:!?)»”")
MARK = re.compile(r"\d{1,3}|\*{1,3}")
SUPERSCRIPT_POWERS = {"2": "²", "3": "³"}
UNIT_BEFORE_POWER = re.compile(r"(?:^|[^\w])(?:к|с|д|м)?м$|(?:^|[^\w])(?:k|c|d|m)?m$", re.I)
LABEL = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*\.?|\d{1,3}\)|[а-яёa-z]\)|[IVXLC]{1,6}\.|[–—•·▪-])")
TOP_LEFT, LEFT = operator.attrgetter("top", "x0"), operator.attrgetter("x0")
NUMBERED_START = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.|\d{1,3}\)|[а-яё]\))\s+\S")


@dataclass(slots=True)
class Line:
    """A text line with its box in top-left coordinates (like pdfplumber).

    ``body_x0`` is where the words start after a hanging label ("1.3.<tab>"), else ``x0``;
    ``labelled`` says the line opens with such a label set apart by a tab; ``order`` and
    ``order_end`` are the first and last places of its text in the page's content stream.
    """

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    body_x0: float | None = None
    labelled: bool = False
    order: int = -1
    order_end: int = -1


def group_rows(pieces: list[Line]) -> list[list[Line]]:
    """Pieces on one baseline band form a row (left to right), rows top to bottom.

    A piece joins the recent row whose band it overlaps by more than half of the smaller
    height; a row's band is that of its tallest piece (a quote mark or a footnote mark never
    narrows it), so rows of two columns set on different baselines never chain into one.
    """
    rows: list[tuple[float, float, list[Line]]] = []
    for piece in sorted(pieces, key=TOP_LEFT):
        piece_top, piece_bottom = piece.top, piece.bottom
        piece_height = piece_bottom - piece_top
        best, best_overlap = None, 0.0
        for index in range(len(rows) - 1, max(len(rows) - 4, 0) - 1, -1):
            top, bottom, _ = rows[index]  # (min and max written out: this runs for every piece)
            overlap = (bottom if bottom < piece_bottom else piece_bottom) - (
                top if top > piece_top else piece_top
            )
            if overlap <= best_overlap:
                continue
            smaller = bottom - top if bottom - top < piece_height else piece_height
            if overlap > 0.5 * (smaller if smaller > 0.5 else 0.5):
                best, best_overlap = index, overlap
        if best is None:
            rows.append((piece_top, piece_bottom, [piece]))
            continue
        top, bottom, members = rows[best]
        members.append(piece)
        if piece_height > bottom - top:
            rows[best] = (piece_top, piece_bottom, members)
    _join_hanging_marks(rows)
    # members come in order of their tops: a row's first member is its highest
    ordered = sorted((row for _top, _bottom, row in rows if row), key=lambda row: row[0].top)
    return [sorted(row, key=LEFT) for row in ordered]


def _join_hanging_marks(rows: list[tuple[float, float, list[Line]]]) -> None:
    """A row of one small piece whose middle lies within an earlier row's pieces (a comma hanging
    below the band of that row's tallest glyph, "сразу" + ",") joins that row."""
    for index, (top, bottom, members) in enumerate(rows):
        if len(members) != 1:
            continue
        piece = members[0]
        middle = (piece.top + piece.bottom) / 2
        for other in range(index - 1, max(index - 4, 0) - 1, -1):
            other_top, other_bottom, others = rows[other]
            if (
                others
                and bottom - top < 0.5 * (other_bottom - other_top)
                and min(p.top for p in others) <= middle <= max(p.bottom for p in others)
                and min(p.x0 for p in others) <= piece.x0 <= max(p.x1 for p in others)
            ):
                others.append(piece)
                members.clear()
                break


def segments(row: list[Line]) -> list[Line]:
    """Glue the pieces of a row that touch into segments; wide gaps stay between segments.

    A raised small mark after a word is a footnote reference ("годом¹") and is dropped, except a
    square or cube after a unit of length ("м2" → "м²"); a mark that opens a row (a footnote's own
    number) stays.
    """
    if len(row) == 1:  # the common row of one piece
        piece = row[0]
        return [Line(piece.x0, piece.top, piece.x1, piece.bottom, piece.text, order=piece.order,
                     order_end=max(piece.order, piece.order_end))]  # fmt: skip
    tallest = max(row, key=lambda p: p.bottom - p.top)
    out: list[Line] = []
    for index, piece in enumerate(row):
        if index and raised_mark(piece, tallest):
            mark = piece.text.strip()
            if out and mark in SUPERSCRIPT_POWERS and UNIT_BEFORE_POWER.search(out[-1].text.rstrip()):
                last = out[-1]
                out[-1] = Line(
                    last.x0, last.top, piece.x1, last.bottom, last.text.rstrip() + SUPERSCRIPT_POWERS[mark]
                )
            continue
        if out:
            last = out[-1]
            height = max(last.bottom - last.top, piece.bottom - piece.top, 1.0)
            gap = piece.x0 - last.x1
            if gap < SEGMENT_GAP * height:
                spaced = gap > 0.15 * height and piece.text[:1] not in HYPHEN_GLYPHS
                joint = " " if spaced and not last.text.endswith(" ") else ""
                text = piece.text
                if text.lstrip()[:1] in CLOSING:  # "ресурсов¹." with the mark dropped: no space before "."
                    joint, text = "", text.lstrip()
                    last = Line(last.x0, last.top, last.x1, last.bottom, last.text.rstrip(), order=last.order,
                                order_end=last.order_end)  # fmt: skip
                out[-1] = Line(
                    last.x0,
                    min(last.top, piece.top),
                    max(last.x1, piece.x1),
                    max(last.bottom, piece.bottom),
                    last.text + joint + text,
                    order=min(last.order, piece.order),
                    order_end=max(last.order_end, piece.order_end),
                )
                continue
        out.append(Line(piece.x0, piece.top, piece.x1, piece.bottom, piece.text, order=piece.order,
                        order_end=max(piece.order, piece.order_end)))  # fmt: skip
    return out


def raised_mark(piece: Line, tallest: Line) -> bool:
    """A footnote mark or an exponent: a digit or asterisk set small and above the row's middle."""
    return set_raised(piece, tallest) and bool(MARK.fullmatch(piece.text.strip()))


def set_raised(piece: Line, tallest: Line) -> bool:
    """Set small and above the middle of the row's tallest piece (a mark, an exponent)."""
    height = tallest.bottom - tallest.top
    raised = (tallest.top + tallest.bottom) / 2 - (piece.top + piece.bottom) / 2
    return piece.bottom - piece.top <= 0.7 * height and raised >= 0.2 * height


def join_segments(parts: list[Line]) -> Line:
    """One line from segments of a row read left to right (wide gaps become one space)."""
    first = parts[0]
    if len(parts) == 1:  # the common row of one segment
        return Line(first.x0, first.top, first.x1, first.bottom, first.text.strip(), body_x0=first.x0,
                    order=first.order, order_end=first.order_end)  # fmt: skip
    text = " ".join(part.text.strip() for part in parts if part.text.strip())
    labelled = len(parts) > 1 and bool(LABEL.fullmatch(first.text.strip()))
    return Line(
        first.x0,
        min(part.top for part in parts),
        max(part.x1 for part in parts),
        max(part.bottom for part in parts),
        text,
        body_x0=parts[1].x0 if labelled else first.x0,
        labelled=labelled,
        order=min(part.order for part in parts),
        order_end=max(part.order_end for part in parts),
    )


def order_page(rows: list[list[Line]], height: float) -> list[Line]:
    """Reading order of a page's rows (``group_rows``): the top margin, the body (columns where
    there are), the bottom margin."""
    header: list[list[Line]] = []
    body: list[list[Line]] = []
    footer: list[list[Line]] = []
    for row in rows:
        row = segments(row)
        if max(s.bottom for s in row) <= MARGIN_BAND * height:
            header.append(row)
        elif min(s.top for s in row) >= (1 - MARGIN_BAND) * height:
            footer.append(row)
        else:
            body.append(row)
    return [join_segments(r) for r in header] + order_body(body) + [join_segments(r) for r in footer]


def order_body(rows: list[list[Line]]) -> list[Line]:
    """Rows in order; a run of rows with a column gutter is read left column first."""
    if not rows:
        return []
    left_edge = min(s.x0 for row in rows for s in row)
    right_edge = max(s.x1 for row in rows for s in row)
    span = right_edge - left_edge
    zone = (left_edge + GUTTER_ZONE[0] * span, left_edge + GUTTER_ZONE[1] * span)
    free = [_free_intervals(row, zone) for row in rows]  # once per row, not once per run tried
    out: list[Line] = []
    start = 0
    while start < len(rows):
        found = _column_run(rows, start, span, free)
        if found is None:
            out.append(join_segments(rows[start]))
            start += 1
            continue
        end, (gutter_left, gutter_right) = found
        run = rows[start : end + 1]
        left = [[s for s in row if s.x1 <= gutter_left] for row in run]
        right = [[s for s in row if s.x0 >= gutter_right] for row in run]
        out += [join_segments(parts) for parts in left if parts]
        out += [join_segments(parts) for parts in right if parts]
        start = end + 1
    return out


def _column_run(
    rows: list[list[Line]], start: int, span: float, free_of_rows: list[list[tuple[float, float]]]
) -> tuple[int, tuple[float, float]] | None:
    """The longest run of rows from ``start`` that a gutter crosses, when both sides read as
    running text; else None. ``free_of_rows`` holds each row's free stretches of the gutter zone."""
    free = free_of_rows[start]
    if not free:
        return None
    end = start
    while end + 1 < len(rows):
        narrowed = _intersect(free, free_of_rows[end + 1])
        if not narrowed:
            break
        free, end = narrowed, end + 1
    if end == start:
        return None  # one row: no side can have the two rows a column needs
    run = rows[start : end + 1]
    for gutter in sorted(free, key=lambda gap: gap[0] - gap[1]):  # widest first
        left = [[s for s in row if s.x1 <= gutter[0]] for row in run]
        right = [[s for s in row if s.x0 >= gutter[1]] for row in run]
        left_rows, right_rows = sum(map(bool, left)), sum(map(bool, right))
        if left_rows < 2 or right_rows < 2:
            continue  # text on one side only: no columns
        if (
            min(left_rows, right_rows) >= COLUMN_LINES  # fewer lines are no running text (_running_text)
            and _running_text([join_segments(parts) for parts in left if parts], span)
            and _running_text([join_segments(parts) for parts in right if parts], span)
        ):
            return end, gutter
        if (found := _side_by_side_blocks(left, right)) is not None:
            return start + found, gutter
    return None


def _side_by_side_blocks(left: list[list[Line]], right: list[list[Line]]) -> int | None:
    """The last row of two blocks side by side that the file writes one after the other, else None.

    The blocks end with the right one's last row, and the left one goes on below it as long as
    its rows were written before the right block. Two blocks are written apart (a letterhead and
    an addressee in a borderless table, text boxes) when every line of one comes before every line
    of the other in the content stream; a table or a form is written row by row and interleaves.
    A line's places are its segments' (see ``join_segments``), so they are read from the segments."""
    last = max((k for k, parts in enumerate(right) if parts), default=-1)
    left_rows, right_rows = left[: last + 1], right[: last + 1]
    if sum(map(bool, left_rows)) < 2 or sum(map(bool, right_rows)) < 2:
        return None
    first_right = min(s.order for parts in right_rows for s in parts)
    left_start = min(s.order for parts in left_rows for s in parts)
    if min(first_right, left_start) < 0:
        return None
    if max(s.order_end for parts in left_rows for s in parts) >= first_right:
        return None
    while last + 1 < len(left) and left[last + 1] and all(s.order_end < first_right for s in left[last + 1]):
        last += 1
    return last


def _free_intervals(row: list[Line], zone: tuple[float, float]) -> list[tuple[float, float]]:
    """Stretches of the gutter zone that no segment of the row covers, at least GUTTER wide."""
    free = [zone]
    for part in row:
        nxt = []
        for a, b in free:
            if part.x1 <= a or part.x0 >= b:
                nxt.append((a, b))
                continue
            if part.x0 > a:
                nxt.append((a, part.x0))
            if part.x1 < b:
                nxt.append((part.x1, b))
        free = nxt
    return [(a, b) for a, b in free if b - a >= GUTTER]


def _intersect(
    first: list[tuple[float, float]], second: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    out = []
    for a, b in first:  # (max and min written out: this runs for every pair of rows tried)
        for c, d in second:
            low, high = a if a >= c else c, b if b <= d else d
            if high - low >= GUTTER:
                out.append((low, high))
    return out


def _running_text(lines: list[Line], span: float) -> bool:
    """Lines of running text: enough of them, wide enough to be a column, mostly letters,
    and sentences run on from line to line (unlike a form's labels or a table's numbers)."""
    if len(lines) < COLUMN_LINES:
        return False
    widths = sorted(line.x1 - line.x0 for line in lines)
    if widths[len(widths) // 2] < 0.25 * span or widths[len(widths) // 2] < 0.7 * widths[-1]:
        return False
    text = "".join(line.text for line in lines)
    letters = sum(char.isalpha() for char in text)
    if letters < 0.6 * len("".join(text.split())):
        return False
    run_on = sum(line.text.lstrip()[:1].islower() for line in lines[1:])
    return 2 * run_on >= len(lines) - 1


def lines_to_text(lines: list[Line]) -> str:
    """Lines joined by newlines; a paragraph start (a wide vertical gap, a column jump, an
    indent, a short line before a capital, a numbered or labelled line) becomes a blank line."""
    if not lines:
        return ""
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines) if 0 < b.top - a.top < 40]
    spacing = statistics.median(gaps) if gaps else 14.0
    usual_width = statistics.median([line.x1 - line.x0 for line in lines])
    parts = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        parts.append("\n\n" if _starts_paragraph(previous, line, spacing, usual_width) else "\n")
        parts.append(line.text)
    return "".join(parts)


def _starts_paragraph(previous: Line, line: Line, spacing: float, usual_width: float) -> bool:
    step = line.top - previous.top
    text = line.text.lstrip()
    before = previous.text.rstrip()
    ended = before[-1:] in ".!?:;"
    short = previous.x1 - previous.x0 < SHORT_LINE * usual_width
    if step > PARAGRAPH_GAP * spacing or step < 0:
        return not (before and not ended and text[:1].islower())  # a column jump mid-sentence goes on
    if line.labelled or (NUMBERED_START.match(text) and (ended or short)):
        return True
    if short and text[:1].isupper():
        return True
    previous_start = previous.body_x0 if previous.body_x0 is not None else previous.x0
    return (
        line.x0 - previous_start > 8
        and abs(step - spacing) < 0.3 * spacing
        and previous.x1 - previous.x0 > 100
        and not text[:1].islower()
    )
