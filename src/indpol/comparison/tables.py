"""Table cells matched across two editions: tables paired by the values and row labels they share, then
cells by row label and period (or column header), so that a time-series table's revised values and new
periods come out cell by cell whatever indicator the surrounding text lent each figure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from indpol.comparison.match import (
    greedy_match,
    is_missing,
    jaccard,
    lemma_key,
    name_key,
    number_of,
    period_label,
    text_of,
)
from indpol.extract.figures.tables import section_row

# Latin letters that look like Cyrillic ones: "12M 2023" and "12М 2023" are one column header
HOMOGLYPHS = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")
SCALES = (1e3, 1e6, 1e9)
PERCENT_UNITS = frozenset({"%", "percent", "п.п.", "‰"})
MIN_SHARED_VALUES = 2  # distinctive values two tables share before they are taken for one table
MIN_LABELS = 0.5  # … or one shared value and this overlap of row labels
RENAMED_CELLS = 2  # periods a renamed row must share with its old name's row …
RENAMED_SPREAD = 0.02  # … with values this close (a revision moves a total by a fraction of a percent)


def figure_id(row: Any) -> tuple[Any, ...]:
    return (row.doc_id, int(row.char_start), int(row.char_end), number_of(row.value))


def _cell(row: Any) -> dict[str, Any] | None:
    cell = row.table_cell if isinstance(row.table_cell, dict) else None
    return cell if cell and cell.get("table_id") and not is_missing(cell.get("row")) else None


def header_key(text: Any, morph: Any) -> tuple[str, ...]:
    """A header's lemmas, numbers (footnote marks, years) left out and Latin look-alikes read as Cyrillic."""
    return lemma_key(text_of(text).translate(HOMOGLYPHS), morph)


def _distinctive(value: float | None) -> bool:
    return value is not None and (abs(value) >= 100 or value != int(value))


class SideTables:
    """One side's table cells that carry a figure, per table, each with its place key."""

    def __init__(self, rows: list[Any], morph: Any, tables: Any = None):
        sections = section_rows(tables, morph)
        self.tables: dict[tuple[str, str], list[Any]] = {}
        for row in rows:
            if (cell := _cell(row)) is not None:
                self.tables.setdefault((row.doc_id, cell["table_id"]), []).append(row)
        self.labels: dict[tuple[str, str], set[tuple[str, ...]]] = {}
        self.values: dict[tuple[str, str], set[float]] = {}
        self.places: dict[int, tuple[Any, ...]] = {}
        for table, cells in self.tables.items():
            cells.sort(key=lambda r: (int(_cell(r)["row"]), int(_cell(r).get("col") or 0), int(r.char_start)))
            seen: dict[tuple[str, ...], list[int]] = {}  # row label → table rows it labels, in order
            for row in cells:
                cell = _cell(row)
                section = sections.get((row.doc_id, cell["table_id"], int(cell["row"])), ())
                label = (
                    (*section, "/", *header_key(cell.get("row_header"), morph))
                    if section
                    else header_key(cell.get("row_header"), morph)
                )
                rows_of_label = seen.setdefault(label, [])
                if int(cell["row"]) not in rows_of_label:
                    rows_of_label.append(int(cell["row"]))
                ordinal = rows_of_label.index(int(cell["row"]))
                percent = text_of(row.unit) in PERCENT_UNITS
                period = period_label(row.period_start, row.period_end)
                column = header_key(cell.get("column_header"), morph)
                self.places[id(row)] = (label, ordinal, period, text_of(row.change), percent, column)
            self.labels[table] = {self.places[id(r)][0] for r in cells if self.places[id(r)][0]}
            self.values[table] = {v for r in cells if _distinctive(v := number_of(r.value))}


def section_rows(tables: Any, morph: Any) -> dict[tuple[str, str, int], tuple[str, ...]]:
    """(document, table, row) → the lemmas of the section the row stands in: the last row above it that is
    nothing but a label ("5POST", "КОЛИЧЕСТВО МАГАЗИНОВ"), so that "Средний чек" of two sections differ."""
    out: dict[tuple[str, str, int], tuple[str, ...]] = {}
    if tables is None or tables.empty:
        return out
    for doc_id, table_id, rows, header_rows in zip(
        tables["doc_id"], tables["table_id"], tables["rows"], tables["header_rows"], strict=True
    ):
        section: tuple[str, ...] = ()
        first = 0 if is_missing(header_rows) else int(header_rows)
        for index, row in enumerate(list(rows if rows is not None else [])[first:], start=first):
            cells = [text_of(cell) for cell in row]
            if len(cells) > 1 and section_row(cells, 1):
                section = header_key(cells[0], morph)
            elif section:
                out[doc_id, table_id, index] = section
    return out


def _table_similarity(old: SideTables, new: SideTables) -> Callable[[Any, Any], float]:
    def similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
        shared = len(old.values[a] & new.values[b])
        labels = jaccard(sorted(map(" ".join, old.labels[a])), sorted(map(" ".join, new.labels[b])))
        if shared >= MIN_SHARED_VALUES or (shared and labels >= MIN_LABELS):
            return shared + labels
        return 0.0

    return similarity


def _pair_cells(
    old: SideTables, new: SideTables, old_cells: list[Any], new_cells: list[Any]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Cells of two paired tables with one place: row label (and which of its repeats) and period; where
    that names several cells of a table, whether a percentage and the column header too."""
    pairs: list[tuple[Any, Any]] = []
    left_old, left_new = list(old_cells), list(new_cells)
    for width in (
        4,
        5,
        6,
    ):  # the place, then with whether a percentage (a change column dated as its level), then the column header
        by_old: dict[tuple[Any, ...], list[Any]] = {}
        by_new: dict[tuple[Any, ...], list[Any]] = {}
        for row in left_old:
            by_old.setdefault(old.places[id(row)][:width], []).append(row)
        for row in left_new:
            by_new.setdefault(new.places[id(row)][:width], []).append(row)
        taken = set()
        for key, olds in by_old.items():
            news = by_new.get(key, [])
            if len(olds) == 1 and len(news) == 1 and (key[2] or width == 6):  # no period: the column must say
                pairs.append((olds[0], news[0]))
                taken |= {id(olds[0]), id(news[0])}
        left_old = [r for r in left_old if id(r) not in taken]
        left_new = [r for r in left_new if id(r) not in taken]
    renamed = _renamed_rows(old, new, left_old, left_new, old_cells, new_cells)
    taken = {id(row) for pair in renamed for row in pair}
    left_old = [r for r in left_old if id(r) not in taken]
    left_new = [r for r in left_new if id(r) not in taken]
    return pairs + renamed, left_old, left_new


def _renamed_rows(
    old: SideTables, new: SideTables, left_old: list[Any], left_new: list[Any], old_cells: list[Any],
    new_cells: list[Any],
) -> list[tuple[Any, Any]]:  # fmt: skip
    """Cells of a row renamed between editions ("Общие продажи" → "Выручка"): a row label found in one table
    only, whose cells of RENAMED_CELLS periods or more agree within RENAMED_SPREAD with those of a row label
    found in the other table only."""
    old_labels = {old.places[id(r)][:2] for r in old_cells}
    new_labels = {new.places[id(r)][:2] for r in new_cells}

    def rows(
        cells: list[Any], places: dict[int, tuple[Any, ...]], other: set[Any]
    ) -> dict[Any, dict[Any, Any]]:
        out: dict[Any, dict[Any, Any]] = {}
        for row in cells:
            place = places[id(row)]
            if place[:2] not in other and place[2] and number_of(row.value) is not None:
                out.setdefault(place[:2], {}).setdefault(place[2:5], []).append(
                    row
                )  # period, change, percent
        return {label: {k: v[0] for k, v in cells.items() if len(v) == 1} for label, cells in out.items()}

    olds, news = rows(left_old, old.places, new_labels), rows(left_new, new.places, old_labels)

    def agreement(a: Any, b: Any) -> float:
        shared = olds[a].keys() & news[b].keys()
        if len(shared) < RENAMED_CELLS:
            return 0.0
        for key in shared:
            x, y = number_of(olds[a][key].value), number_of(news[b][key].value)
            if abs(x - y) > RENAMED_SPREAD * max(abs(x), abs(y)):
                return 0.0
        return float(len(shared))

    old_keys, new_keys = list(olds), list(news)
    matched, _, _ = greedy_match(old_keys, new_keys, agreement, RENAMED_CELLS)
    pairs = []
    for i, j, _ in matched:
        a, b = olds[old_keys[i]], news[new_keys[j]]
        pairs += [(a[key], b[key]) for key in sorted(a.keys() & b.keys())]
    return pairs


def cell_place(row: Any) -> tuple[str, str] | None:
    """A figure's table cell as (row label, column header), names folded; ``None`` outside tables."""
    cell = _cell(row)
    if cell is None or not text_of(cell.get("row_header")) or not text_of(cell.get("column_header")):
        return None
    return name_key(text_of(cell.get("row_header"))), name_key(text_of(cell.get("column_header")))


def empty_cells(tables: Any) -> set[tuple[str, str]]:
    """(row label, column header) of every empty cell of a side's tables (one header row, labels first)."""
    out: set[tuple[str, str]] = set()
    if tables is None or tables.empty:
        return out
    for rows, header_rows in zip(tables["rows"], tables["header_rows"], strict=True):
        rows = [list(row) for row in (rows if rows is not None else [])]
        if len(rows) < 2 or is_missing(header_rows) or int(header_rows) != 1:
            continue
        header = rows[0]
        for row in rows[1:]:
            label = name_key(text_of(row[0]) if len(row) else "")
            for column, text in list(enumerate(row))[1:]:
                if (
                    label
                    and column < len(header)
                    and not text_of(text).strip()
                    and text_of(header[column]).strip()
                ):
                    out.add((label, name_key(text_of(header[column]))))
    return out


def same_amount(old: Any, new: Any) -> bool:
    """Equal values, or values a unit's scale apart when the units differ (thousands vs millions)."""
    a, b = number_of(old.value), number_of(new.value)
    if a == b:
        return True
    if a is None or b is None or not a or text_of(old.unit) == text_of(new.unit):
        return False
    return any(abs(b - a * s) <= 1e-9 * abs(a * s) or abs(a - b * s) <= 1e-9 * abs(b * s) for s in SCALES)


def match_table_cells(
    old_rows: list[Any], new_rows: list[Any], morph: Any, old_tables: Any = None, new_tables: Any = None
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Cells of tables found on both sides paired by their place: (old, new) pairs, and the cells of those
    tables left over on each side (figures outside paired tables are not touched). The sides' tables
    (``RunFacts.tables``) give the sections rows stand in."""
    old, new = SideTables(old_rows, morph, old_tables), SideTables(new_rows, morph, new_tables)
    old_keys, new_keys = list(old.tables), list(new.tables)
    tables, _, _ = greedy_match(old_keys, new_keys, _table_similarity(old, new), 1.0)
    pairs: list[tuple[Any, Any]] = []
    left_old: list[Any] = []
    left_new: list[Any] = []
    for i, j, _ in tables:
        cells, rest_old, rest_new = _pair_cells(old, new, old.tables[old_keys[i]], new.tables[new_keys[j]])
        pairs += cells
        left_old += rest_old
        left_new += rest_new
    return pairs, left_old, left_new


__all__ = ["cell_place", "empty_cells", "figure_id", "header_key", "match_table_cells", "same_amount"]
