"""Totals and their parts, so that sums do not count a total and its breakdown twice.

Prose: a figure followed by "в том числе", "в т.ч.", "из них" or "из которых" is a total; the figures of its
kind and unit listed after the cue, in the same sentence or in the list items that continue it in the next
passages, are its parts while they fit in it. A part that is followed by a cue of its own opens a nested
breakdown ("…, в том числе федеральный бюджет – 800, из них в 2024 году – 400, …"); a breakdown is closed
when its parts reach the total. The cue is the text saying so, so a list that names only some of the parts
("из них 40 – для инвалидов") is kept; a list whose parts would exceed the total is not its breakdown, and
a nested breakdown counts only when it adds up. A figure stated as a property ("площадью", "длиной …") is
no part, and a total stated so takes no bare numbers (they count the things: "17085 рек общей
протяженностью 51004 км, из них 16309").

Tables: a "Всего"/"Итого" column is the total of the other cells of its row, a "Всего"/"Итого" row the total
of the rows above it (since the previous total row) or below it, cell by column; both only when the cells
add up to the total.

Only additive figures take part: money, counts and quantities, without a change or a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from indpol.extract.figures.enumerations import FigureSpan
from indpol.extract.figures.tables import SUM_TOLERANCE, TOTAL, YEARS, adds_up_within
from indpol.text.segment import sentence_bounds

ADDITIVE = ("money", "count", "quantity")
CUE = re.compile(r"в\s+том\s+числе|в\s+т\.\s?ч\.?|из\s+них|из\s+которых", re.I)
# how a passage that continues a list starts: a dash or bullet, a list marker, a lower-case word, a year
CONTINUATION = re.compile(r"\s*(?:[-–—•*]|[а-яёa-z\d]{1,2}[.)]|[а-яё]|(?:19|20)\d\d)")
LEADING_CUE = re.compile(r"\s*[-–—,(]?\s*(?:в\s+том\s+числе|в\s+т\.\s?ч\.?|из\s+них|из\s+которых)", re.I)
OPEN_END = re.compile(r"(?:[:;,]|в\s+том\s+числе|в\s+т\.\s?ч\.?|из\s+них|из\s+которых)\s*$", re.I)
# a property of the things counted before: "рек … длиной менее 10 км", "общей протяженностью 51004 км"
PROPERTY = re.compile(
    r"(?:длин|протяженност|площад|мощност|глубин|высот|ширин|емкост|вместимост)(?:ой|ью)\s+"
    r"(?:(?:не\s+)?(?:более|менее|свыше|до|около|от)\s+)?$",
    re.I,
)
TOLERANCE = SUM_TOLERANCE  # relative: rounding of the stated numbers
APPROX_TOLERANCE = 0.05  # "свыше 100 тысяч, из них 0,5 тысяч …, 30,6 тысяч …, 69,4 тысяч …"
MAX_CUE_GAP = 60  # characters between a total and its cue
Links = dict[int, int]  # index of a part → index of its total (indices into the step's figure list)


def additive(item: FigureSpan) -> bool:
    """A figure that sums: money, a count or a quantity, stated as a level (no change, no range)."""
    return item.kind in ADDITIVE and item.change is None and item.value_max is None and item.value >= 0


def fits(total: float, parts: float, approx: str | None = None) -> bool:
    """The parts' sum does not exceed the total (within the rounding of the numbers)."""
    tolerance = APPROX_TOLERANCE if approx else TOLERANCE
    return parts <= total + tolerance * abs(total) + 1e-9


def adds_up(total: float, parts: float, approx: str | None = None) -> bool:
    """The parts' sum is the total (within the rounding of the numbers)."""
    return adds_up_within(total, parts, APPROX_TOLERANCE if approx else TOLERANCE)


@dataclass(slots=True)
class _Open:
    """A total whose cue has been read and whose parts are being collected."""

    index: int
    item: FigureSpan
    parts: list[int] = field(default_factory=list)
    summed: float = 0.0
    nested: bool = False  # the total is itself a part of an open breakdown
    broken: bool = False  # a figure of the list did not fit in it
    bare_parts: bool = (
        True  # not "17085 рек общей протяженностью 51004 км, из них 16309": a bare number may be a part
    )


@dataclass(slots=True)
class Breakdowns:
    """Reads a document's prose passages in order and collects the links of their breakdowns."""

    links: Links = field(default_factory=dict)
    stack: list[_Open] = field(default_factory=list)
    tail: tuple[int, FigureSpan] | None = (
        None  # the last additive figure, when its passage ends right after it
    )
    last_text: str = ""

    def passage(self, text: str, kind: str, spans: list[FigureSpan], first: int) -> None:
        """The spans of one prose passage, the first of them at index ``first`` of the figure list."""
        if kind == "heading" or not self._continues(text, kind):
            self.close()
        elif not self.stack and self.tail is not None:
            self.stack.append(_Open(*self.tail))  # "в том числе по годам:" starts the next passage
        self.tail = None
        if not spans:
            self.last_text = text if self.stack else ""
            return
        sentences = sentence_bounds(text)
        sentence = _sentence_of(sentences, spans[0].start)
        if sentence > 0:
            self.close()
        for pos, item in enumerate(spans):
            now = _sentence_of(sentences, item.start)
            if now != sentence:
                self.close()
                sentence = now
            property_of = bool(PROPERTY.search(text, max(0, item.start - 40), item.start))
            if additive(item) and not property_of:
                self._add(first + pos, item)
            end = spans[pos + 1].start if pos + 1 < len(spans) else len(text)
            cue = CUE.search(text, item.end, end)
            if cue and not _sentence_ends(sentences, item.end, cue.start()):
                self._open(text, sentences, spans[: pos + 1], first, cue.start())
        last = spans[-1]
        after = text[last.end :]
        ends = (
            additive(last)
            and len(after) <= MAX_CUE_GAP
            and not _sentence_ends(sentences, last.end, len(text))
        )
        self.tail = (first + len(spans) - 1, last) if ends else None
        self.last_text = text
        if kind == "heading":
            self.close()

    def close(self) -> None:
        """Every open breakdown ends: those with parts become links."""
        while self.stack:
            self._pop()
        self.last_text = ""

    def _continues(self, text: str, kind: str) -> bool:
        """The passage goes on with the list the previous one opened, or opens the breakdown of the figure
        that ended the previous one ("в том числе:" at its start)."""
        if self.stack:
            return bool(OPEN_END.search(self.last_text)) and (
                kind == "list_item" or bool(CONTINUATION.match(text))
            )
        return self.tail is not None and bool(LEADING_CUE.match(text))

    def _open(
        self, text: str, sentences: list[tuple[int, int]], spans: list[FigureSpan], first: int, cue: int
    ) -> None:
        """The cue at ``cue`` announces the parts of the last additive figure before it."""
        for pos in range(len(spans) - 1, -1, -1):
            item = spans[pos]
            if not additive(item):
                continue
            if cue - item.end > MAX_CUE_GAP or _sentence_ends(sentences, item.end, cue):
                return
            property_of = bool(PROPERTY.search(text, max(0, item.start - 40), item.start))
            index = first + pos
            if not (self.stack and self.stack[-1].index == index):
                nested = bool(self.stack) and index in self.stack[-1].parts
                self.stack.append(_Open(index, item, nested=nested, bare_parts=not property_of))
            return

    def _add(self, index: int, item: FigureSpan) -> None:
        """An additive figure: a part of the innermost open total of its kind and unit that it fits in."""
        while self.stack:
            top = self.stack[-1]
            same = top.item.kind == item.kind and top.item.unit == item.unit
            if not same and top.parts:
                return  # a figure of another unit inside the list is no part of it
            if same and not top.bare_parts and item.inherited:
                return  # the bare number counts the things, not their property
            if same and fits(top.item.value, top.summed + item.value, top.item.approx):
                top.parts.append(index)
                top.summed += item.value
                if adds_up(top.item.value, top.summed, top.item.approx):
                    self._pop()
                return
            top.broken = same and bool(top.parts)  # the listed numbers exceed the total
            self._pop()  # the breakdown is over, or its first figure is not of it

    def _pop(self) -> None:
        """The innermost breakdown ends: its links count when its parts add up to the total, or, for a
        breakdown of its own (not of a part), when they stay below it."""
        top = self.stack.pop()
        whole = adds_up(top.item.value, top.summed, top.item.approx)
        if top.parts and (whole or not (top.nested or top.broken)):
            self.links.update(dict.fromkeys(top.parts, top.index))
        elif top.parts and top.nested and self.stack and top.index in self.stack[-1].parts:
            parent = self.stack[
                -1
            ]  # a part whose own breakdown fails may be no part either (a parallel list)
            parent.parts.remove(top.index)
            parent.summed -= top.item.value


def _sentence_ends(sentences: list[tuple[int, int]], start: int, end: int) -> bool:
    """A sentence ends between ``start`` and ``end`` (one starting right at ``end`` not counted:
    "… 100 млн рублей. В том числе:" still opens the breakdown)."""
    return end > start and _sentence_of(sentences, start) != _sentence_of(sentences, end - 1)


def _sentence_of(sentences: list[tuple[int, int]], start: int) -> int:
    return next((i for i, (s, e) in enumerate(sentences) if s <= start < e), len(sentences) - 1)


def table_links(cells: list[tuple[int, FigureSpan, dict[str, Any]]]) -> tuple[Links, set[int]]:
    """Links and totals of one table's figures, given as (index, span, table info): "Всего" columns, then
    "Всего" rows. A cell has one total, that of its row first; a total row's cell that sums up the cells above
    it is a total even when they are linked to their row's total already."""
    grid = {(info["row"], info["col"]): (index, item) for index, item, info in cells}
    headers = {info["row"]: info["row_header"] for _i, _s, info in cells}
    columns = {info["col"]: info["column_header"] for _i, _s, info in cells}
    links: Links = {}
    totals: set[int] = set()
    for (row, col), (index, item) in grid.items():
        if not TOTAL.match(columns[col]) or not additive(item):
            continue
        others = [c for c in columns if c != col and (row, c) in grid]
        dated = [c for c in others if YEARS.search(columns[c])]
        for group in (dated, others):
            parts = _parts(item, [grid[row, c] for c in group])
            if parts:
                links.update(dict.fromkeys(parts, index))
                totals.add(index)
                break
    rows = sorted(headers)
    total_rows = [row for row in rows if TOTAL.match(headers[row])]
    for row in total_rows:
        above = [r for r in rows if max([t for t in total_rows if t < row], default=-1) < r < row]
        below = [r for r in rows if row < r < min([t for t in total_rows if t > row], default=1 << 30)]
        for col in columns:
            if (row, col) not in grid or not additive(grid[row, col][1]):
                continue
            index, item = grid[row, col]
            for group in (above, below):
                parts = _parts(item, [grid[r, col] for r in group if (r, col) in grid])
                if parts:
                    links.update({part: index for part in parts if part not in links})
                    totals.add(index)
                    break
    return links, totals


def _parts(total: FigureSpan, cells: list[tuple[int, FigureSpan]]) -> list[int]:
    """The cells' indices when they are two or more figures of the total's kind and unit that add up to it."""
    if len(cells) < 2 or any(
        not additive(i) or (i.kind, i.unit) != (total.kind, total.unit) for _x, i in cells
    ):
        return []
    return [index for index, _i in cells] if adds_up(total.value, sum(i.value for _x, i in cells)) else []
