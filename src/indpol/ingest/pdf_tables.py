"""Tables on a PDF page, found from the page itself (pdfium), never by cropping characters.

- **Ruled tables**: the page's path objects give horizontal and vertical rulings; lines that
  cross form a grid; a missing border inside it merges cells (the text stands in the merged
  cell's first row and column, as the DOCX reader does).
- **Unruled tables** (statistical tables, tables with horizontal rules only): consecutive rows of
  several cells, most of them numbers, whose cells line up in columns; the rows of words just
  above them that fit the columns are the header.

Cells are filled with whole words (a word goes to the cell that holds its middle), so a number
is never cut across cells ("75,09" never becomes "7" and "5,09").
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indpol.ingest import pdf_calls as calls
from indpol.ingest.pdf_layout import Line

TOLERANCE = 2.0  # points: rulings this close are one
THIN = 2.5  # points: a path this thin is a ruling
MIN_RULING = 6.0  # points: a path shorter than this both ways draws no table
MIN_RULINGS = 4
FRAME_SHARE = 0.3  # a cell this large a share of the page makes its grid a page frame
FRAME_HEIGHT = 0.85  # a grid this tall a share of the page may be a frame around a table …
FRAME_STRIP = 0.7  # … when one of its cells (the frame's margin strip) is this tall
WORD_SPACE = 0.6  # × text height: words closer than this belong to one run of text  # path objects before a page is searched for a grid
NUMBER = re.compile(r"[-–+]?\s*\(?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?\)?\s*%?\s*\**|[-–—x]|…|\.\.\.")
# a number's first and further groups of digits, set apart by a justified line ("10 541" "799 000 *")
HEAD_GROUPS = re.compile(r"[-–(]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})*")
TAIL_GROUPS = re.compile(r"\d{3}(?:[\s\u00a0\u202f]\d{3})*(?:[,.]\d+)?\)?\s*\**")
CELL_GAP = 0.5  # × text height: pieces of a row closer than this are one cell (unruled tables)
GROUP_GAP = 1.0  # × text height: a number's digit groups this close are one number (a justified line)
MIN_TABLE_ROWS = 2  # rows of numbers in an unruled table
STACK_GAP = 4.0  # × a grid's row height: a grid this close under another on its column edges continues it
NOT_AVAILABLE = frozenset({"н/д", "н.д.", "n/a", "x", "х"})  # a cell's "no data" in a column of numbers
CHANNEL = 1.0  # × text height: a clear gap this wide between numbers in one ruled column parts two columns
GOES_ON = re.compile(r"[a-zа-яё%(]")  # how a wrapped row label's next line starts
# a line above a grid that is no header of it: a figure or table caption, a formula, a lead ending with ":"
NOT_HEADER = re.compile(r"^\s*(?:рис(?:унок|\.)|табл(?:ица|\.)|figure|table)\b|=|:\s*$", re.I)
CONTINUED = re.compile(r"\s*(?:продолжение|окончание)\s+табл", re.I)


@dataclass(slots=True)
class Ruling:
    """A horizontal (``y``, ``start``–``end`` in x) or vertical (``x``, ``start``–``end`` in y) line."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass
class Grid:
    """A ruled table: column edges ``xs``, row edges ``ys`` (top-left coordinates) and its rulings."""

    xs: list[float]
    ys: list[float]
    rulings: list[Ruling]
    _spans: dict[tuple[bool, float], list[tuple[float, float]]] = field(default_factory=dict, repr=False)
    _anchors: dict[tuple[int, int], tuple[int, int]] | None = field(default=None, repr=False)
    _columns_found: bool = field(default=False, repr=False)
    gaps: tuple[int, ...] = ()  # rows that are the undrawn gap between two stacked grids of one table

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def spans(self, horizontal: bool, at: float) -> list[tuple[float, float]]:
        """Extents of the rulings along the edge at ``at`` (looked up once per edge)."""
        key = (horizontal, at)
        if key not in self._spans:
            self._spans[key] = [
                (r.start, r.end)
                for r in self.rulings
                if r.horizontal == horizontal and abs(r.at - at) <= TOLERANCE
            ]
        return self._spans[key]


@dataclass(slots=True)
class FoundTable:
    """Rows of cell texts and where the table stands on the page (its header rows are counted when
    it is added to the document, as for every format)."""

    rows: list[list[str]]
    bbox: tuple[float, float, float, float]


# ------------------------------------------------------------------ rulings and grids


def page_paths(page: pdfium.PdfPage) -> list[int]:
    """The page's path objects (see :func:`path_objects`), listed once for the table search, as
    addresses for :mod:`pdf_calls`."""
    raw = calls.address(page.raw)
    get, get_type, path, form = calls.get_object, calls.object_type, calls.PATH_OBJECT, calls.FORM_OBJECT
    found = []
    for index in range(calls.count_objects(raw)):  # path_objects' loop, inlined: most objects are text
        obj = get(raw, index)
        kind = get_type(obj)
        if kind == path:
            found.append(obj)
        elif kind == form:
            count = calls.form_count_objects(obj)
            found += path_objects(count, lambda k, form=obj: calls.form_get_object(form, k), 1)
    return found


def page_rulings(page: pdfium.PdfPage, paths: list[int] | None = None) -> list[Ruling]:
    """Horizontal and vertical lines drawn on the page (thin paths, rectangle edges, path segments)."""
    height, width = page.get_height(), page.get_width()
    bounds = (ctypes.c_float * 4)()
    at = ctypes.addressof(bounds)
    found: list[Ruling] = []
    get_bounds = calls.object_bounds
    for obj in page_paths(page) if paths is None else paths:
        if not get_bounds(obj, at, at + 4, at + 8, at + 12):
            continue
        left, bottom, right, top = bounds
        w, h = right - left, top - bottom
        if (w > 0.9 * width and h > 0.9 * height) or (w < MIN_RULING and h < MIN_RULING and min(w, h) > THIN):
            # a page frame or background; a glyph-sized shape (a bullet, a tick), but not a short
            # piece of a ruling (Word draws a cell border as pieces, one where each row border meets it)
            continue
        if h <= THIN and w > THIN:
            found.append(Ruling(True, height - (top + bottom) / 2, left, right))
        elif w <= THIN and h > THIN:
            found.append(Ruling(False, (left + right) / 2, height - top, height - bottom))
        elif w > THIN and h > THIN:
            found += _segment_rulings(obj, height)
    return _merge(found)


def path_objects(count: int, get: Callable[[int], int], depth: int = 0) -> Iterator[int]:
    """Path objects of a page, and of the form objects on it (two levels deep)."""
    for index in range(count):
        obj = get(index)
        kind = calls.object_type(obj)
        if kind == calls.PATH_OBJECT:
            yield obj
        elif kind == calls.FORM_OBJECT and depth < 2:
            inner = calls.form_count_objects(obj)
            yield from path_objects(inner, lambda k, form=obj: calls.form_get_object(form, k), depth + 1)


def _segment_rulings(obj: int, height: float) -> list[Ruling]:
    """Axis-aligned straight segments of a path (a rectangle's four edges, a drawn grid)."""
    count = calls.count_segments(obj)
    if count <= 0 or count > 2000:
        return []
    matrix = pdfium_c.FS_MATRIX()
    if not calls.object_matrix(obj, ctypes.addressof(matrix)):
        return []
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    point = (ctypes.c_float * 2)()
    at_x = ctypes.addressof(point)
    at_y = at_x + 4
    get_segment, get_point = calls.get_segment, calls.segment_point
    get_type, get_close = calls.segment_type, calls.segment_close
    moveto, lineto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
    out: list[Ruling] = []
    start = None
    previous = None
    for index in range(count):
        segment = get_segment(obj, index)
        get_point(segment, at_x, at_y)
        sx, sy = point
        px, py = a * sx + c * sy + e, height - (b * sx + d * sy + f)
        kind = get_type(segment)
        if kind == moveto:
            start = previous = (px, py)
            continue
        if previous is not None and kind == lineto:
            if ruling := _axis_line(previous, (px, py)):
                out.append(ruling)
            if start is not None and get_close(segment) and (ruling := _axis_line((px, py), start)):
                out.append(ruling)
        previous = (px, py)
    return out


def _axis_line(p: tuple[float, float], q: tuple[float, float]) -> Ruling | None:
    """The ruling a straight segment from ``p`` to ``q`` draws, if it is horizontal or vertical."""
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= 1 and abs(x0 - x1) > THIN:
        return Ruling(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    if abs(x0 - x1) <= 1 and abs(y0 - y1) > THIN:
        return Ruling(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))
    return None


def _merge(rulings: list[Ruling]) -> list[Ruling]:
    """Collinear rulings that touch or overlap become one."""
    out: list[Ruling] = []
    for ruling in sorted(rulings, key=lambda r: (r.horizontal, round(r.at), r.start)):
        last = out[-1] if out else None
        if (
            last is not None
            and last.horizontal == ruling.horizontal
            and abs(last.at - ruling.at) <= TOLERANCE
            and ruling.start <= last.end + TOLERANCE
        ):
            last.end = max(last.end, ruling.end)
            continue
        out.append(Ruling(ruling.horizontal, ruling.at, ruling.start, ruling.end))
    return out


def find_grids(rulings: list[Ruling]) -> list[Grid]:
    """Groups of crossing rulings with at least two rows and two columns of cells."""
    horizontal = [r for r in rulings if r.horizontal]
    vertical = [r for r in rulings if not r.horizontal]
    parent = list(range(len(rulings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {id(r): i for i, r in enumerate(rulings)}
    vertical_by_x = sorted(vertical, key=lambda v: v.at)
    xs = [v.at for v in vertical_by_x]
    for h in horizontal:
        # the verticals whose x lies within the horizontal's extent, then those that reach its y
        low, high = bisect.bisect_left(xs, h.start - TOLERANCE), bisect.bisect_right(xs, h.end + TOLERANCE)
        for v in vertical_by_x[low:high]:
            if v.start - TOLERANCE <= h.at <= v.end + TOLERANCE:
                parent[root(index[id(h)])] = root(index[id(v)])
    groups: dict[int, list[Ruling]] = {}
    for i, ruling in enumerate(rulings):
        groups.setdefault(root(i), []).append(ruling)
    grids = []
    for members in groups.values():
        xs = _cluster([r.at for r in members if not r.horizontal])
        ys = _cluster([r.at for r in members if r.horizontal])
        if len(xs) >= 3 and len(ys) >= 3:
            grids.append(Grid(xs, ys, members))
    return _stacked(sorted(grids, key=lambda grid: grid.ys[0]))


def _stacked(grids: list[Grid]) -> list[Grid]:
    """Grids on one set of column edges, one right under the other, as one table: the second part of a
    table drawn as two grids with its section title ("КОЛИЧЕСТВО МАГАЗИНОВ", "5POST") between them
    undrawn, which would otherwise lose the header the first part has."""
    out: list[Grid] = []
    for grid in grids:
        last = out[-1] if out else None
        if last is not None and len(last.xs) == len(grid.xs):
            row = sorted(b - a for a, b in itertools.pairwise(last.ys))[(len(last.ys) - 1) // 2]
            gap = grid.ys[0] - last.ys[-1]
            aligned = all(abs(a - b) <= 2 * TOLERANCE for a, b in zip(last.xs, grid.xs, strict=True))
            if aligned and 0 < gap <= STACK_GAP * row:
                out[-1] = Grid(last.xs, [*last.ys, *grid.ys], [*last.rulings, *grid.rulings],
                               gaps=(*last.gaps, len(last.ys) - 1))  # fmt: skip
                continue
        out.append(grid)
    return out


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= TOLERANCE:
            continue
        out.append(value)
    return out


def _has_ruling(grid: Grid, horizontal: bool, at: float, across: float) -> bool:
    """Does a ruling run along ``at`` (a row or column edge of the grid) through ``across``?"""
    for start, end in grid.spans(horizontal, at):  # noqa: SIM110 (a loop, not any(): run for every cell edge)
        if start - TOLERANCE <= across <= end + TOLERANCE:
            return True
    return False


def header_above(grid: Grid, rows: list[list[Line]], max_rows: int = 6) -> list[Line]:
    """The header lines a grid leaves above its first ruling: short pieces stacked right above it, each
    within the grid's width and over a column other than the first ("ИЗМ Г-К-Г, | % ИЛИ | МУЛЬТИ- |
    ПЛИКАТОР" set bottom-aligned over the numbers), over two columns at least; none when the lines above
    are prose, a caption or a formula."""
    left, right, top = grid.xs[0] - 5, grid.xs[-1] + 5, grid.ys[0]
    above = sorted((row for row in rows if row and max(p.bottom for p in row) <= top + TOLERANCE),
                   key=lambda row: min(p.top for p in row), reverse=True)  # fmt: skip
    taken: list[list[Line]] = []
    edge, first = top, 0.0
    for row in above[:max_rows]:
        height = max(p.bottom - p.top for p in row)
        gap = edge - max(p.bottom for p in row)
        if gap > (1.2 if taken else 2.5) * height or (first and height > 1.5 * first):
            break  # a gap or a larger font: a title, no part of the header
        if any(p.x0 < left or p.x1 > right or len(p.text) > 40 for p in row):
            break
        taken.append(row)
        edge, first = min(p.top for p in row), first or height
    pieces = [piece for row in taken for piece in row]
    columns = {_band(grid.xs, (p.x0 + p.x1) / 2) for p in pieces} - {None}
    if len(columns) < 2 or any(NOT_HEADER.search(p.text) for p in pieces):
        return []  # a caption, a formula or one line of prose above a grid (a GOST stamp's frame)
    return pieces


def starts_with_data(row: list[str]) -> bool:
    """A table row of two numbers or more: no header row."""
    return sum(_is_number(cell) for cell in row if cell.strip()) >= 2


def grid_rows(grid: Grid, words: list[Line], header: list[Line] | None = None) -> list[list[str]]:
    """Cell texts row by row; a merged cell's text stands in its first row and column only; the
    ``header`` lines above the grid (:func:`header_above`) make a first row, each in its column.

    Cells are merged across a missing vertical border only where a word runs across it (a header
    centred over several columns); with no word across, the columns are kept apart (a table drawn
    without some of its inner borders). Columns empty in every row are left out.
    """
    grid = number_columns(grid, words)
    rows, cols = len(grid.ys) - 1, len(grid.xs) - 1
    anchor = _anchors(grid, words)
    cells: dict[tuple[int, int], list[Line]] = {}
    for word in words:
        middle_x, middle_y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        i = _band(grid.ys, middle_y)
        j = _band(grid.xs, middle_x)
        if i is not None and j is not None:
            cells.setdefault(anchor[i, j], []).append(word)
    table = [
        [cell_text(cells.get((i, j), [])) if anchor[i, j] == (i, j) else "" for j in range(cols)]
        for i in range(rows)
    ]
    if header:
        columns: dict[int, list[Line]] = {}
        for piece in header:
            j = _band(grid.xs, (piece.x0 + piece.x1) / 2)
            columns.setdefault(0 if j is None else j, []).append(piece)
        table.insert(0, [cell_text(columns.get(j, [])) for j in range(cols)])
    used = [j for j in range(cols) if any(row[j] for row in table)]
    return [[row[j] for j in used] for row in table]


def number_columns(grid: Grid, words: list[Line]) -> Grid:
    """The grid with the columns it draws no border for (its edges changed in place, once): where a ruled
    column holds numbers side by side in two rows or more ("45 893   24 384   88,2" under one cell's
    borders, a table ruled only between column groups), an edge in the clear channel between them; where
    the rows' labels stand left of the first ruling (a grid drawn over the numbers only), an edge left of
    the labels."""
    if grid._columns_found:
        return grid
    grid._columns_found = True
    edges = []
    for left, right in itertools.pairwise(grid.xs):
        inside = [
            w for w in words if left <= (w.x0 + w.x1) / 2 <= right and grid.ys[0] <= w.top < grid.ys[-1]
        ]
        numbers = [w for w in inside if _is_number(w.text)]
        if len(numbers) < 2 * MIN_TABLE_ROWS:
            continue
        height = sorted(w.bottom - w.top for w in numbers)[len(numbers) // 2]
        spans = sorted((w.x0, w.x1) for w in inside)
        end = spans[0][1]
        for x0, x1 in spans[1:]:
            if x0 - end > CHANNEL * height and _numbers_both_sides(grid, numbers, (end + x0) / 2):
                edges.append((end + x0) / 2)
            end = max(end, x1)
    outside = [x for x in (_labels_left(grid, words), _numbers_right(grid, words)) if x is not None]
    if outside:  # the rows run on across the undrawn column
        left, right = min(grid.xs[0], *outside), max(grid.xs[-1], *outside)
        grid.rulings = [*grid.rulings, *(Ruling(True, y, left, right) for y in grid.ys)]
        grid._spans.clear()
    if edges or outside:
        grid.xs = sorted([*grid.xs, *edges, *outside])
        grid._anchors = None
    if grid.gaps:
        _gap_rows(grid, words)
    return grid


def _gap_rows(grid: Grid, words: list[Line]) -> None:
    """The lines of text in the undrawn gaps of stacked grids as rows of their own (ruled, as if drawn)."""
    edges = []
    for row in grid.gaps:
        top, bottom = grid.ys[row], grid.ys[row + 1]
        band = sorted(
            (w for w in words if top < (w.top + w.bottom) / 2 < bottom and grid.xs[0] <= w.x0 <= grid.xs[-1]),
            key=lambda w: w.top,
        )
        lines: list[list[Line]] = []
        for word in band:
            if lines and word.top < max(w.bottom for w in lines[-1]) - 0.3 * (word.bottom - word.top):
                lines[-1].append(word)
            else:
                lines.append([word])
        for above, below in itertools.pairwise(lines):
            edges.append((max(w.bottom for w in above) + min(w.top for w in below)) / 2)
    if edges:
        grid.ys = sorted([*grid.ys, *edges])
        grid.rulings = [*grid.rulings, *(Ruling(True, y, grid.xs[0], grid.xs[-1]) for y in edges)]
        grid._spans.clear()
        grid._anchors = None


def _numbers_right(grid: Grid, words: list[Line]) -> float | None:
    """The right edge of a column of numbers set right of a grid's last ruling, one in most of its rows
    and no further from it than its widest column is wide (a change column the grid leaves undrawn)."""
    reach = grid.xs[-1] + max(b - a for a, b in itertools.pairwise(grid.xs))
    rows, rights = 0, []
    for top, bottom in itertools.pairwise(grid.ys):
        band = [
            w
            for w in words
            if top <= (w.top + w.bottom) / 2 <= bottom and grid.xs[-1] - TOLERANCE <= w.x0 <= reach
        ]
        if band and all(_is_number(w.text) or w.text.strip().lower() in NOT_AVAILABLE for w in band):
            rows += 1
            rights.append(max(w.x1 for w in band))
    if rows * 2 <= len(grid.ys) - 1 or rows < MIN_TABLE_ROWS:
        return None
    return max(rights) + TOLERANCE


def _labels_left(grid: Grid, words: list[Line]) -> float | None:
    """The left edge of row labels set left of a grid's first ruling, one in most of its rows, when its own
    first column holds numbers (else the grid has its labels)."""
    first = [
        w
        for w in words
        if grid.xs[0] <= (w.x0 + w.x1) / 2 <= grid.xs[1] and grid.ys[0] <= w.top < grid.ys[-1]
    ]
    if not first or sum(_is_number(w.text) for w in first) * 2 < len(first):
        return None
    rows, lefts = 0, []
    for top, bottom in itertools.pairwise(grid.ys):
        band = [
            w for w in words if top <= (w.top + w.bottom) / 2 <= bottom and w.x1 <= grid.xs[0] + TOLERANCE
        ]
        if band and not any(_is_number(w.text) for w in band):
            rows += 1
            lefts.append(min(w.x0 for w in band))
    if rows * 2 <= len(grid.ys) - 1 or rows < MIN_TABLE_ROWS:
        return None
    return min(lefts) - TOLERANCE


def _numbers_both_sides(grid: Grid, numbers: list[Line], x: float) -> bool:
    """Rows of the grid with a number on either side of ``x``: MIN_TABLE_ROWS or more."""
    rows = 0
    for top, bottom in itertools.pairwise(grid.ys):
        band = [w for w in numbers if top <= (w.top + w.bottom) / 2 <= bottom]
        rows += any(w.x1 < x for w in band) and any(w.x0 > x for w in band)
    return rows >= MIN_TABLE_ROWS


def _anchors(grid: Grid, words: list[Line]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each grid cell's merged cell, named by its first row and column (worked out once per grid)."""
    if grid._anchors is None:
        grid._anchors = _find_anchors(grid, words)
    return grid._anchors


def _find_anchors(grid: Grid, words: list[Line]) -> dict[tuple[int, int], tuple[int, int]]:
    rows, cols = len(grid.ys) - 1, len(grid.xs) - 1
    anchor = {(i, j): (i, j) for i in range(rows) for j in range(cols)}
    middles = [(w.top + w.bottom) / 2 for w in words]
    for i in range(rows):
        top, bottom = grid.ys[i], grid.ys[i + 1]
        middle_y = (top + bottom) / 2
        band = [w for w, middle in zip(words, middles, strict=True) if top <= middle <= bottom]
        for j in range(cols):
            middle_x = (grid.xs[j] + grid.xs[j + 1]) / 2
            x = grid.xs[j]
            if j > 0 and not _has_ruling(grid, False, x, middle_y) and _runs_across(band, x):
                anchor[i, j] = anchor[i, j - 1]
            elif i > 0 and not _has_ruling(grid, True, grid.ys[i], middle_x):
                anchor[i, j] = anchor[i - 1, j]
    return anchor


def without_frame(grid: Grid, words: list[Line], page_area: float, page_height: float = 0.0) -> list[Grid]:
    """A grid whose one cell holds a large share of the page is a page frame (an engineering
    drawing's border with its title block): the rows above and below that cell are the tables,
    the cell's content is the page's prose."""
    anchor = _anchors(grid, words)
    extents: dict[tuple[int, int], list[int]] = {}
    for (i, j), key in anchor.items():
        box = extents.setdefault(key, [i, j, i, j])
        box[2], box[3] = max(box[2], i), max(box[3], j)
    for i0, j0, i1, j1 in extents.values():
        area = (grid.ys[i1 + 1] - grid.ys[i0]) * (grid.xs[j1 + 1] - grid.xs[j0])
        if area >= FRAME_SHARE * page_area:
            parts = [grid.ys[: i0 + 1], grid.ys[i1 + 1 :]]
            return [Grid(grid.xs, ys, grid.rulings) for ys in parts if len(ys) >= 3]
    if page_height and grid.ys[-1] - grid.ys[0] >= FRAME_HEIGHT * page_height:
        # a frame whose inside holds a ruled table joined to it (a line of the table runs on to the
        # border): the frame's margin strip is a cell as tall as most of the page; inside it, the rows
        # a vertical ruling crosses are the table's, the others the page's prose
        for i0, _j0, i1, _j1 in extents.values():
            if grid.ys[i1 + 1] - grid.ys[i0] >= FRAME_STRIP * page_height:
                return _frame_parts(grid, i0, i1)
    return [grid]


def _frame_parts(grid: Grid, first: int, last: int) -> list[Grid]:
    """The tables of a frame grid whose inside spans rows ``first``–``last``: runs of inside rows
    crossed by a vertical ruling, and the rows above and below the inside (a title block)."""
    ruled = [
        any(_has_ruling(grid, False, x, (grid.ys[i] + grid.ys[i + 1]) / 2) for x in grid.xs[1:-1])
        for i in range(len(grid.ys) - 1)
    ]
    parts = [grid.ys[: first + 1]]
    start = None
    for i in range(first, last + 2):
        if i <= last and ruled[i]:
            start = i if start is None else start
        elif start is not None:
            parts.append(grid.ys[start : i + 1])
            start = None
    parts.append(grid.ys[last + 1 :])
    return [Grid(grid.xs, ys, grid.rulings) for ys in parts if len(ys) >= 3]


def _runs_across(words: list[Line], x: float) -> bool:
    """Text runs across ``x``: a word over it, or two words of one line on either side of it with
    no more than a word space between them."""
    for word in words:
        if word.x0 < x < word.x1:
            return True
    for left in words:
        if left.x1 > x:
            continue
        height = left.bottom - left.top
        for right in words:
            same_line = abs((left.top + left.bottom) / 2 - (right.top + right.bottom) / 2) < 0.5 * height
            if same_line and right.x0 >= x and right.x0 - left.x1 < WORD_SPACE * height:
                return True
    return False


def _band(edges: list[float], value: float) -> int | None:
    for index in range(len(edges) - 1):
        if edges[index] <= value <= edges[index + 1]:
            return index
    return None


def cell_text(words: list[Line]) -> str:
    """Words of a cell in reading order: lines top to bottom (joined by a line break for the
    cleaner, which re-joins words broken by a narrow column), words left to right."""
    lines: list[list[Line]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        if lines and lines[-1][0].top <= middle <= lines[-1][0].bottom:
            lines[-1].append(word)
        else:
            lines.append([word])
    return "\n".join(" ".join(w.text for w in sorted(line, key=lambda w: w.x0)) for line in lines)


# ------------------------------------------------------------------ words


def cell_words(
    textpage: pdfium.PdfTextPage, pieces: list[Line], grids: list[Grid], height: float
) -> list[Line]:
    """The page's text for filling cells: each text box whole, except a box that runs over a drawn
    border, which is cut into its words by their characters' boxes (a number is never cut)."""
    out: list[Line] = []
    for piece in pieces:
        middle = (piece.top + piece.bottom) / 2
        crosses = any(
            piece.x0 + 1 < x < piece.x1 - 1 and _has_ruling(grid, False, x, middle)
            for grid in grids
            for x in grid.xs[1:-1]
        )
        out += _words_of(textpage, piece, height) if crosses else [piece]
    return out


def _words_of(textpage: pdfium.PdfTextPage, piece: Line, height: float) -> list[Line]:
    """Words of one text box, from its characters' boxes: runs without a space or a wide gap."""
    raw = textpage.raw
    middle = height - (piece.top + piece.bottom) / 2
    index = pdfium_c.FPDFText_GetCharIndexAtPos(
        raw, piece.x0 + 0.5, middle, 2.0, (piece.bottom - piece.top) / 2
    )
    if index < 0:
        return [piece]
    rect = pdfium_c.FS_RECTF()
    words: list[Line] = []
    current: list[tuple[str, float, float]] = []

    def flush() -> None:
        if current:
            words.append(
                Line(current[0][1], piece.top, current[-1][2], piece.bottom, "".join(c[0] for c in current))
            )
            current.clear()

    count = textpage.count_chars()
    while index < count:
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        char = chr(code) if code else ""
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
        inside = (
            rect.left >= piece.x0 - 1
            and rect.right <= piece.x1 + 1
            and abs((rect.top + rect.bottom) / 2 - middle) < (piece.bottom - piece.top)
        )
        if char in "\r\n" or (char and not char.isspace() and not inside):
            break
        if not char or char.isspace():
            flush()
        elif current and rect.left - current[-1][2] > 0.3 * (piece.bottom - piece.top):
            flush()
            current.append((char, rect.left, rect.right))
        else:
            current.append((char, rect.left, rect.right))
        index += 1
    flush()
    return words or [piece]


# ------------------------------------------------------------------ unruled tables


def cells_of(row: list[Line]) -> list[Line]:
    """A row's pieces glued into cells: pieces closer than CELL_GAP × height are one cell."""
    out: list[Line] = []
    for piece in sorted(row, key=lambda p: p.x0):
        if out:
            last = out[-1]
            height = max(last.bottom - last.top, piece.bottom - piece.top, 1.0)
            gap = piece.x0 - last.x1
            if gap < CELL_GAP * height or (gap < GROUP_GAP * height and _groups_of_one_number(last, piece)):
                out[-1] = Line(last.x0, min(last.top, piece.top), max(last.x1, piece.x1),
                               max(last.bottom, piece.bottom), f"{last.text.rstrip()} {piece.text.lstrip()}")  # fmt: skip
                continue
        out.append(Line(piece.x0, piece.top, piece.x1, piece.bottom, piece.text.strip()))
    return out


def _groups_of_one_number(left: Line, right: Line) -> bool:
    """Two pieces that are one number's digit groups: "10 541" then "799 000"."""
    return bool(HEAD_GROUPS.fullmatch(left.text.strip()) and TAIL_GROUPS.fullmatch(right.text.strip()))


def _is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text.strip()))


def _data_row(cells: list[Line]) -> bool:
    numbers = sum(_is_number(cell.text) for cell in cells)
    return len(cells) >= 3 and numbers >= 2 and numbers >= len(cells) - 2


def unruled_tables(rows: list[list[Line]]) -> list[FoundTable]:
    """Runs of at least MIN_TABLE_ROWS rows of numbers in aligned columns, with the header rows
    of words above them that fit the same columns."""
    if sum(len(row) >= 3 for row in rows) < MIN_TABLE_ROWS:
        return []  # no two rows of three cells: no table of numbers (the common page of prose)
    cell_rows = [cells_of(row) if len(row) > 1 else row for row in rows]
    found: list[FoundTable] = []
    index = 0
    while index < len(cell_rows):
        if not _data_row(cell_rows[index]):
            index += 1
            continue
        end = index
        numbers = _number_columns(cell_rows[index])
        while end + 1 < len(cell_rows) and (
            (_data_row(cell_rows[end + 1]) and _aligned(cell_rows[end + 1], numbers))
            or _label_only(cell_rows[end + 1], cell_rows[index])
        ):
            end += 1
            numbers = _number_columns(cell_rows[end], numbers)
        while end > index and not _data_row(cell_rows[end]):
            end -= 1
        while end + 1 < len(cell_rows) and _continues_label(cell_rows[end + 1], cell_rows[index]):
            end += 1  # the last row's label wraps: "Численность" / "безработных, млн" / "человек"
        data = cell_rows[index : end + 1]
        columns = _columns(data)
        if end - index + 1 >= MIN_TABLE_ROWS and columns is not None and len(columns) >= 3:
            start = index
            while start > 0 and index - start < 4 and _header_row(cell_rows[start - 1], columns):
                start -= 1
            body = cell_rows[start : end + 1]
            table_rows = _join_wrapped_labels([_place(cells, columns) for cells in body], index - start)
            x0 = min(c.x0 for cells in body for c in cells)
            x1 = max(c.x1 for cells in body for c in cells)
            top = min(c.top for c in body[0])
            bottom = max(c.bottom for c in body[-1])
            found.append(FoundTable(table_rows, (x0, top, x1, bottom)))
        index = end + 1
    return found


def _number_columns(
    cells: list[Line], known: list[tuple[float, float]] | None = None
) -> list[tuple[float, float]]:
    """The x extents of a data row's number cells, added to those ``known``."""
    extents = list(known or [])
    for cell in cells:
        if _is_number(cell.text) and not _under(cell, extents):
            extents.append((cell.x0, cell.x1))
    return extents


def _aligned(cells: list[Line], numbers: list[tuple[float, float]]) -> bool:
    """Most number cells of a row stand in the number columns seen so far: the same table, not the next one
    laid out on other columns ("Инвестиции … | 22 945,4" under a table whose numbers stand elsewhere)."""
    own = [cell for cell in cells if _is_number(cell.text)]
    inside = sum(_under(cell, numbers) for cell in own)
    return inside >= 1 and inside * 2 >= len(own)


def _under(cell: Line, extents: list[tuple[float, float]]) -> bool:
    """The cell overlaps one of the x extents (3 points of slack)."""
    return any(a - 3 <= cell.x1 and cell.x0 <= b + 3 for a, b in extents)


def _continues_label(cells: list[Line], first_data: list[Line]) -> bool:
    """A label-only line that goes on with the label above it (lower case, "%" or a bracket first)."""
    return _label_only(cells, first_data) and bool(GOES_ON.match(cells[0].text.strip()))


def _join_wrapped_labels(rows: list[list[str]], header_rows: int) -> list[list[str]]:
    """A body row of nothing but a label that starts in lower case continues the label of the row above
    ("Индекс промышленного" / "производства"); the rows keep their cells otherwise."""
    out: list[list[str]] = []
    for i, row in enumerate(rows):
        wrapped = (
            i > header_rows
            and out
            and bool(GOES_ON.match(row[0]))
            and not any(cell.strip() for cell in row[1:])
            and out[-1][0].strip()
        )
        if wrapped:
            out[-1] = [f"{out[-1][0]} {row[0]}", *out[-1][1:]]
        else:
            out.append(row)
    return out


def _label_only(cells: list[Line], first_data: list[Line]) -> bool:
    """A wrapped row label between data rows: words in the label column only."""
    return len(cells) == 1 and not _is_number(cells[0].text) and cells[0].x1 <= first_data[1].x0


def _columns(rows: list[list[Line]]) -> list[tuple[float, float]] | None:
    """Column extents: stretches of x covered by some cell, between channels no cell crosses."""
    spans = sorted((cell.x0, cell.x1) for cells in rows for cell in cells)
    if not spans:
        return None
    columns = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 <= columns[-1][1] + 1:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    widest_row = max(len(cells) for cells in rows)
    if len(columns) < widest_row - 1:
        return None  # cells do not line up
    return [(a, b) for a, b in columns]


def _header_row(cells: list[Line], columns: list[tuple[float, float]]) -> bool:
    """Words (or year labels) above the data that stand within the table's columns; a single short cell only
    over a data column (the second line of a header: "2022 г.")."""
    if not cells:
        return False
    if len(cells) < 2 and (len(columns) < 2 or cells[0].x0 < columns[1][0] - 5 or len(cells[0].text) > 40):
        return False
    left, right = columns[0][0] - 20, columns[-1][1] + 20
    if any(cell.x0 < left or cell.x0 > right for cell in cells):
        return False  # (a header may run past the numbers under it: "В % к январю–октябрю")
    return all(len(cell.text) <= 80 for cell in cells)


def _place(cells: list[Line], columns: list[tuple[float, float]]) -> list[str]:
    """A row's cells on the columns: each cell in the column where it starts (a header spanning
    several columns stands in its first one)."""
    out = [""] * len(columns)
    for cell in cells:
        middle = (cell.x0 + cell.x1) / 2
        inside = [i for i, (a, b) in enumerate(columns) if a - 1 <= middle <= b + 1]
        start = [i for i, (a, b) in enumerate(columns) if a - 1 <= cell.x0 <= b + 1]
        column = (inside or start or [_nearest(columns, middle)])[0]
        if cell.x1 > columns[column][1] + 1 and start:
            column = start[0]
        out[column] = f"{out[column]} {cell.text}".strip()
    return out


def _nearest(columns: list[tuple[float, float]], x: float) -> int:
    return min(range(len(columns)), key=lambda i: min(abs(columns[i][0] - x), abs(columns[i][1] - x)))
