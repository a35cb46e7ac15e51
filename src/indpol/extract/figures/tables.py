"""Figures from table rows: every data cell as a figure read from its row and column headers.

A table row passage's text is its cells joined by ``CELL_SEPARATOR``; each numeric cell becomes a
figure whose offsets are the cell's span inside that text. What the table says about all of its cells
is read once (:func:`table_frame`):

- its **title**: the caption and the short lines right above the table ("Таблица 2", "Индекс
  промышленного производства", "в процентах к предыдущему периоду", "(тыс. рублей)"); the title names
  the measure, the unit and a relation ("в % к предыдущему периоду") that hold for every cell;
- its **label columns** (the leading columns of words or codes) and, per data column, the header cells
  from top to bottom, a spanning header repeated over the columns under it;
- each row's **path**: the labels of its label columns, an empty one taken from the row above (merged
  cells), under the section row that opens it ("1. Создание производства …" with no numbers) and under
  the row a "в том числе"/"из них" list breaks down.

A cell's indicator is measure + object + qualifiers: the row path when it names a measure ("Оборот
розничной торговли, млрд рублей"), else the title's measure followed by the path ("объемы
финансирования мероприятий: создание производства …, бюджет Союзного государства"), then the column's
own words and the relation. Its period comes from the row and column headers together (a month row and
a year column make that month), its unit from the cell, a "Ед. изм." column, the row label, the column
header, then the relation (always percent: an index is never money) and the title.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from indpol.data import word_list
from indpol.extract.figures.context import Context, Vocab, load_vocab
from indpol.extract.figures.enumerations import FigureSpan
from indpol.extract.figures.kinds import YEAR_RE
from indpol.extract.figures.prose import extract_figures
from indpol.extract.grammars.dates import parse_dates
from indpol.extract.grammars.numbers import find_numbers
from indpol.records import cell_spans
from indpol.text.tokens import fold

Unit = tuple[str, str | None, float]  # kind, unit, scale
Period = tuple[str, str, bool]  # start, end ("MM-DD" when the year is not stated), year stated
# a footnote's periods ("Январь-сентябрь 2017г.") and its relation
Note = tuple[tuple[Period, ...], str | None]

SUM_TOLERANCE = 0.002  # relative: parts add up to a total within the rounding of the stated numbers
NUMERIC_CELL = re.compile(r"\s*[-–]?\s*[$€]?\s*\d[\d\s\u00a0\u2009\u202f]*(?:[,.]\s?\d+)?\s*%?\s*")
# headers of identifiers, never figures: "Номер", "Телефон", "ИНН", "Почтовый индекс", "Дата"
IDENTIFIER = re.compile(
    r"^\s*(?:№|n|номер\w*|код\w*|телефон\w*|тел\.?|факс|e-mail|инн|кпп|огрн\w*|окпо|октмо|окато|оквэд\w*|бик|"
    r"р/с|к/с|(?:почтовый\s+)?индекс|дата\w*|год\s+рождения|серия|регистрационный\s+номер|реестровый\s+номер)"
    r"(?:\s*(?:и|/|,)\s*(?:номер\w*|дата\w*|телефон\w*|факс))?\s*[.:]?\s*$",
    re.I,
)
# "2,430,581", "1,234.5": groups of three in English; never "0,050" or "1,250" (Russian decimals)
ENGLISH_NUMBER = re.compile(r"\s*(-?[1-9]\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?|-?[1-9]\d{0,2}(?:,\d{3})+\.\d+)\s*")
ENGLISH_GROUPS = re.compile(r"\s*(-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?)\s*")  # "5,123" in a table written so
DOT_DECIMAL = re.compile(r"\s*-?\d+\.\d+\s*")
MULTIPLIER = re.compile(r"\s*(\d+(?:,\d+)?)\s*[xх×]\s*")  # "3x": three times as much
FOOTNOTED_CELL = re.compile(r"(\s*[-–]?\d[\d\s\u00a0]*,\d)(\d{1,2}\)(?:,\s?\d{1,2}\))*)\s*")  # "101,61),2)"
NOTE_START = re.compile(r"^\s*1\)\s*[А-ЯЁA-Z]")  # a footnotes cell: "1) Предварительная оценка. 2) …"
NOTE_MARK = re.compile(r"(?:^|(?<=[.;]\s)|(?<=[.;]))\s*(\d{1,2})\)\s*(?=[А-ЯЁA-Z])")
# "10 479 001 000 *": a number and a note mark
STARRED_CELL = re.compile(r"(\s*[-–]?\d[\d\s\u00a0]*(?:,\d+)?)\s*\*{1,3}\s*")
UNIT_COLUMN = re.compile(r"ед\.?\s*изм|единиц[аы]\s+измерени", re.I)
TOTAL = re.compile(r"\s*(?:всего|итого|в\s+целом|total)\b", re.I)
CAPTION_LABEL = re.compile(r"^\s*(?:таблица|табл\.|table)\s*(?:№\s*)?[\dА-ЯA-Z.]*\s*[.:–—-]?\s*", re.I)
BREAKDOWN = re.compile(  # "… по годам", "… по источникам и годам реализации": how the table is split
    r"\s+(?:по|в\s+разрезе|с\s+разбивкой\s+по)\s+(?:год|источник|направлени|мероприяти|этап|квартал|месяц|вид|"
    r"отрасл|район|регион|субъект|подпрограмм|исполнител|муниципальн|территори|округ)\w*.*$",
    re.I,
)
ROW_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[а-яa-z]\)|[IVX]+\.)\s+")
BREAKDOWN_CUE = re.compile(r"^\s*(?:в\s+том\s+числе|в\s+т\.\s?ч\.|из\s+них|из\s+него|из\s+нее|из\s+которых)\s*[:,]?\s*",
                           re.I)  # fmt: skip
REFERENCE = re.compile(r"^\s*справочно\s*:?\s*", re.I)
FOOTNOTE_MARK = re.compile(
    r"(?<=[А-Яа-яЁёA-Za-z.])\d{1,2}\)(?:,\s?\d{1,2}\))*"
)  # "производства4)", "г.1),2)"
YEARS = re.compile(r"(?<![\d.,])((?:18|19|20)\d\d)(?![\d.,])")  # 18xx: historical statistics
# "в % к предыдущему периоду", "в процентах к январю–октябрю 2022 г.", "2024/2023, %", "к соответствующему периоду"
RELATION = re.compile(
    r"(?:в\s*(?:%|процентах)\s*(?:к|от)\s.*$|(?<!\w)к\s+(?:соответствующему|предыдущему)\s+(?:период|месяц|году|кварталу).*$)",
    re.I,
)
YEAR_PAIR = re.compile(
    r"((?:19|20)\d\d)\s*(?:г\.?\s*)?/\s*((?:19|20)\d\d)(?:\s*гг?\.?)?\s*,?\s*(?:в\s*)?%?", re.I
)
PERIOD_WORDS = re.compile(r"период|месяц|году|год\b|кварт|полугод|январ|феврал|март|апрел|ма[юя]|июн|июл|август|"
                          r"сентябр|октябр|ноябр|декабр|(?:19|20)\d\d", re.I)  # fmt: skip
YEAR_ON_YEAR = re.compile(r"(?<!\w)(?:г-к-г|г/г|год\s+к\s+году|y-o-y|yoy)(?!\w)", re.I)  # "ИЗМ. Г-К-Г, %"
# a column of the change between the periods before it: "Изм. г-к-г, %", "Темп прироста, %", "Изменение, %"
CHANGE = re.compile(
    YEAR_ON_YEAR.pattern + r"|(?<!\w)(?:темп\w*\s+(?:при)?роста|прирост\w*|изменени\w*|изм\.)", re.I
)
# "12М 2023", "9 мес. 2024": the first months of a year
MONTHS_OF_YEAR = re.compile(r"(?<!\w)(\d{1,2})\s*(?:м|мес\.?|месяц\w*)\s*((?:19|20)\d\d)(?!\d)", re.I)
MONTH_NAMES = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
               "ноябрь", "декабрь")  # fmt: skip
# "в январе – августе 2016 – 2019 гг.": the same months of several years
MONTHS_OF_YEARS = re.compile(
    r"(?:в|за)\s+([а-яё]+(?:\s*[–—-]\s*[а-яё]+)?)\s+(?:19|20)\d\d\s*[–—-]\s*(?:19|20)\d\d\s*гг", re.I
)
WHOLE_YEAR = re.compile(r"^\s*(?:за\s+)?(?:год|в\s+целом\s+за\s+год|год\s+в\s+целом)\s*$", re.I)
NUMBERING = re.compile(r"\s*\d{1,2}\s*")
EMPTY_HEADERS = re.compile(r"^(?:(?:наименование|название)\b.*|в\s+том\s+числе(?:\s+по\s+\w+)?|в\s+т\.\s?ч\.|из\s+них|по\s+годам|значени[ея]|"
                           r"показател[иь]|всего|итого|наименование(?:\s+\w+)?|код|№(?:\s*п/п)?)$", re.I)  # fmt: skip


@dataclass(frozen=True)
class Column:
    """What a data column's header says about every cell under it."""

    text: str  # its header cells, top to bottom, joined
    relation: str | None  # "в % к октябрю 2022 г.", "2024 г. в % к 2023 г."
    unit: Unit | None
    parts: tuple[str, ...]  # its own words for the indicator ("при последовательной схеме проходки")
    period: Period | None
    units: bool  # an "Ед. изм." column: the row's unit, no figures
    identifier: bool  # "Номер", "Телефон": no figures
    change: bool = False  # "Темп прироста, %": the change between the columns before it


@dataclass
class TableFrame:
    """What a table says about every cell: title measure, unit and relation, label columns, headers, row paths."""

    title: str = ""
    measure: str | None = None
    unit: Unit | None = None
    corner: Unit | None = None  # the unit over the row labels ("МЛН РУБ."), for the rows before a section row
    corner_end: int = 0
    relation: str | None = None
    period: Period | None = None
    labels: int = 1
    columns: list[Column] = field(default_factory=list)
    paths: dict[int, list[str]] = field(default_factory=dict)
    units: dict[int, Unit] = field(default_factory=dict)  # a broken-down row's unit, for the rows under it
    skip: set[int] = field(default_factory=set)
    english: bool = False  # numbers written in English ("2,430,581", "46.2"): "5,123" is then five thousand
    months: Period | None = None  # "в январе – августе 2016 – 2019 гг.": the months of each year
    notes: dict[int, Note] = field(default_factory=dict)  # a footnote's number → its periods and relation
    parents: dict[int, int] = field(default_factory=dict)  # a "в том числе" row → the row it breaks down


def table_frame(
    table: Any,
    morph: Any,
    vocab: Vocab | None = None,
    title_lines: Sequence[str] = (),
    described: str | None = None,
) -> TableFrame:
    """Read a table's title, header cells and row paths once (see the module's docstring); ``described`` is a
    sentence that refers to the table ("Значения допустимых отклонений … приведены в таблице 4.1"): its subject
    is the measure when the title names none."""
    vocab = vocab or load_vocab()
    lines = [line.strip() for line in [*title_lines, table.caption or ""] if line and line.strip()]
    title = " ".join(
        dict.fromkeys(line for line in lines if not any(line in other for other in lines if other != line))
    )
    frame = TableFrame(title=title)
    bare_title = CAPTION_LABEL.sub("", title)
    frame.relation = _relation(bare_title)
    frame.unit = _unit_of(bare_title, morph, vocab)
    title_period = _period(RELATION.sub("", bare_title))
    frame.period = title_period if title_period and title_period[2] else None
    span = MONTHS_OF_YEARS.search(bare_title)
    frame.months = _period(span.group(1)) if span else None
    frame.measure = _title_measure(bare_title, morph, vocab) or _described_measure(described, morph)
    rows = [list(row) for row in table.rows]
    width = max((len(row) for row in rows), default=0)
    body = rows[table.header_rows :]
    frame.labels = _label_columns(body, rows[: table.header_rows], width)
    headers = _column_headers(rows[: table.header_rows], width, frame.labels)
    # "МЛН РУБ.", "ТОРГОВАЯ ПЛОЩАДЬ, КВ. М" over the row labels: the unit of the rows down to a section row
    corner = " ".join(
        cell for row in rows[: table.header_rows] for cell in row[: frame.labels] if cell.strip()
    )
    if corner:
        frame.corner = _unit_of(
            corner, morph, vocab, bare=len(corner.split()) <= 2 and not YEARS.search(corner)
        )
        sections = (table.header_rows + i for i, row in enumerate(body) if section_row(row, frame.labels))
        frame.corner_end = next(sections, len(rows))
    frame.columns = [
        Column(" ".join(header), _relation(" ".join(header)), _column_unit(header, morph, vocab),
               tuple(part for part in (_column_label(cell, morph, vocab) for cell in header) if part), period,
               bool(UNIT_COLUMN.search(" ".join(header))), bool(header) and bool(IDENTIFIER.match(header[-1])),
               bool(CHANGE.search(" ".join(header))))
        for header, period in zip(headers, _column_periods(headers, frame.labels), strict=True)
    ]  # fmt: skip
    cells = [cell for row in body for cell in row[frame.labels :]]
    frame.english = any(ENGLISH_NUMBER.fullmatch(c) for c in cells) or (
        any(DOT_DECIMAL.fullmatch(c) for c in cells)
        and not any(re.fullmatch(r"\s*-?\d+,\d{1,2}\s*", c) for c in cells)
        and any(ENGLISH_GROUPS.fullmatch(c) for c in cells)
    )
    frame.skip = {table.header_rows + i for i, row in enumerate(body) if _numbering(row)}
    frame.paths = _row_paths(rows, table.header_rows, frame, morph, vocab)
    frame.notes = _notes(cell for row in body for cell in row)
    _summed_rows(rows, table.header_rows, frame, morph, vocab)
    return frame


def _summed_rows(
    rows: list[list[str]], header_rows: int, frame: TableFrame, morph: Any, vocab: Vocab
) -> None:
    """Rows without a unit under a row that names one ("Погрузка (млн тонн)" over "Каменный уголь", "Кокс", …
    whose indentation the reader lost) are its parts when their numbers add up to its own: its unit and its
    measure hold for them."""

    def label(index: int) -> str:
        return _tidy(next((c for c in reversed(rows[index][: frame.labels]) if c.strip()), ""))

    def numbers(index: int) -> list[float | None]:
        out = []
        for cell in rows[index][frame.labels :]:
            found = find_numbers(cell) if NUMERIC_CELL.fullmatch(cell) else []
            out.append(found[0].value if len(found) == 1 else None)
        return out

    index = header_rows
    while index < len(rows):
        unit = _unit_of(_label_tail(label(index)), morph, vocab) if index not in frame.skip else None
        parts = []
        for below in range(index + 1, len(rows) if unit else index + 1):
            if (below in frame.units or below in frame.parents or re.search(r"\d", label(below))
                    or _unit_of(_label_tail(label(below)), morph, vocab)):  # fmt: skip
                break
            parts.append(below)
        total = numbers(index) if len(parts) > 1 else []
        complete = [
            c for c, v in enumerate(total) if v and all(numbers(p)[c : c + 1] != [None] for p in parts)
        ]
        summed = [c for c in complete if adds_up_within(total[c], sum(numbers(p)[c] or 0.0 for p in parts))]
        if (
            unit and summed and len(summed) >= min(2, len(complete))
        ):  # "860,1 | 850,5" = the sums of both years
            own = frame.paths.get(index, [])
            for part in parts:
                frame.units[part], frame.parents[part] = unit, index
                frame.paths[part] = list(dict.fromkeys([*own[-1:], *frame.paths.get(part, [])]))
            index = parts[-1]
        index += 1


def adds_up_within(total: float, parts: float, tolerance: float = SUM_TOLERANCE) -> bool:
    """The parts' sum is the total within ``tolerance`` of it (by default the rounding of stated numbers)."""
    return abs(parts - total) <= tolerance * abs(total) + 1e-9


def _notes(cells: Any) -> dict[int, Note]:
    """The footnotes a table carries in a row of its own ("1) Предварительная оценка. 2) Январь-сентябрь
    2017г. в % к январю-сентябрю 2016 года. 5) Данные за сентябрь 2017 года."): by number, the periods each
    states before its relation, and the relation when the note names one period only."""
    notes: dict[int, Note] = {}
    for cell in cells:
        if not NOTE_START.match(cell):
            continue
        marks = list(NOTE_MARK.finditer(cell))
        for mark, after in zip(marks, [*marks[1:], None], strict=True):
            note = cell[mark.end() : after.start() if after else len(cell)]
            relation = RELATION.search(note)
            head = note[: relation.start()] if relation else note
            periods = tuple(
                (d.date_start, d.date_end, True) for d in parse_dates(head) if d.date_start and d.date_end
            )
            if periods:
                notes[int(mark.group(1))] = (periods, _relation(note) if len(periods) == 1 else None)
    return notes


def _marks(table: Any, row: int, col: int, frame: TableFrame) -> str:
    """A cell's footnote marks ("1),2)"), else those of the same column in the row its breakdown list is under
    ("Внешнеторговый оборот | 51,15)" over "экспорт товаров | 30,6")."""
    for index in (row, frame.parents.get(row, -1)):
        cells = table.rows[index] if 0 <= index < len(table.rows) else ()
        footnoted = FOOTNOTED_CELL.fullmatch(cells[col]) if col < len(cells) else None
        if footnoted:
            return footnoted.group(2)
    return ""


def _noted(marks: str, frame: TableFrame, period: Period | None) -> Note | None:
    """What a cell's footnote marks ("1),2)") say of its period: the note's period of the column's year."""
    for number in (int(n) for n in re.findall(r"\d{1,2}", marks)):
        periods, relation = frame.notes.get(number, ((), None))
        fitting = [p for p in periods if period is None or p[0][:4] == period[0][:4]]
        if len(fitting) == 1:
            return (fitting[0],), relation
    return None


def table_figures(
    text: str, table: Any, row: int, morph: Any, vocab: Vocab | None = None, frame: TableFrame | None = None
) -> list[tuple[FigureSpan, dict[str, Any]]]:
    """Figures of one table-row passage: every numeric data cell with indicator, unit, kind and period.

    ``text`` is the row passage (cells joined by ``CELL_SEPARATOR``); header rows and a row numbering the
    columns ("1 | 2 | 3") give no figures; cells of the label columns are labels ("№ п/п", codes).
    """
    vocab = vocab or load_vocab()
    frame = frame or table_frame(table, morph, vocab)
    if row < table.header_rows or row in frame.skip:
        return []
    cells = cell_spans(text, table.rows[row] if row < len(table.rows) else None)
    labels = [cell for _, cell in cells[: frame.labels]]
    row_label = next((_tidy(cell) for cell in reversed(labels) if cell.strip()), "")
    row_unit = (
        _row_unit(cells, frame, morph, vocab)
        or _unit_of(_label_tail(row_label), morph, vocab)
        or frame.units.get(row)
    )
    row_relation = _relation(row_label)
    row_period = _period(RELATION.sub("", REFERENCE.sub("", row_label)))
    path = frame.paths.get(row, [])
    if IDENTIFIER.match(row_label):
        return []  # "ИНН | 7701234567", "Телефон | 8 (495) 123-45-67"
    out = []
    for col, (start, cell) in enumerate(cells):
        if col < frame.labels or col >= len(frame.columns):
            continue
        column = frame.columns[col]
        if column.units or column.identifier:
            continue
        own_relation = column.relation or row_relation
        relation = own_relation or frame.relation
        percent: Unit = ("percent", "%", 1.0)
        units = (
            percent if own_relation else None,
            column.unit
            if column.change and column.unit == percent
            else None,  # "Темп прироста, %" under "(км)"
            row_unit,
            column.unit,
            percent if relation else None,
            frame.unit,
            frame.corner if row < frame.corner_end else None,
        )
        unit = next((u for u in units if u), None)
        period = _combine(row_period, column.period, frame.period)
        if (
            period
            and frame.months
            and not frame.months[2]
            and (period[0][5:], period[1][5:]) == ("01-01", "12-31")
        ):
            year = int(period[0][:4])  # the "2016 г." column of a table "в январе – августе 2016 – 2019 гг."
            if period[1][:4] == str(year):
                period = (_dated(year, frame.months[0]), _dated(year, frame.months[1]), True)
        relation = _canonical_relation(relation, period)
        noted = _noted(_marks(table, row, col, frame), frame, period) if frame.notes else None
        if noted:  # "9681,79)" with "9) Данные за январь-сентябрь 2017 года"
            period = noted[0][0]
            relation = _canonical_relation(noted[1], period) if noted[1] else relation
        indicator = _cell_indicator(path, list(column.parts), frame.measure, relation, vocab, morph)
        unit = unit or _counted(indicator, morph)
        found, prose = _cell_figures(cell, morph, vocab, unit, frame.english)
        for item in found:
            item.start, item.end = item.start + start, item.end + start
            own = item.indicator if prose else None
            item.indicator = own or indicator or item.indicator
            item.source = (item.source or "phrase") if own else "table"
            if item.kind == "percent" and (
                (relation and PERIOD_WORDS.search(relation)) or _is_index(indicator)
            ):
                item.kind = "index"  # "в % к соответствующему периоду", "Индекс промышленного производства"
            if period is not None and item.period_start is None:
                item.period_start, item.period_end = period[0], period[1]
            info = {"table_id": table.table_id, "row": row, "col": col, "row_header": row_label,
                    "column_header": column.text}  # fmt: skip
            out.append((item, info))
    return out


# -- the frame ---------------------------------------------------------------------------------------


def _label_columns(body: list[list[str]], header: list[list[str]], width: int) -> int:
    """Leading columns of labels: words in most filled body cells, or headed "Код"/"№" (codes); at least one."""
    count = 0
    for col in range(width):
        filled = [row[col] for row in body if col < len(row) and row[col].strip()]
        words = sum(bool(re.search(r"[А-Яа-яЁёA-Za-z]{2}", cell)) for cell in filled)
        head = " ".join(row[col] for row in header if col < len(row)).strip()
        if (filled and words * 2 >= len(filled)) or re.fullmatch(r"(?i)код.*|№.*|n\s*п/п", head):
            count = col + 1
        else:
            break
    return max(min(count, width - 1), 1)  # a form of labels and sentences keeps its second column


def _column_headers(header: list[list[str]], width: int, labels: int) -> list[list[str]]:
    """Each column's header cells top to bottom; an empty cell over a filled one takes its left neighbour
    (a header spanning the columns under it: "в том числе по годам" over "2024 | 2025")."""
    grid = [[_tidy(row[col]) if col < len(row) else "" for col in range(width)] for row in header]
    for r, cells in enumerate(grid[:-1]):
        for col in range(labels + 1, width):
            if not cells[col] and cells[col - 1] and any(lower[col] for lower in grid[r + 1 :]):
                cells[col] = cells[col - 1]
    return [[cells[col] for cells in grid if cells[col]] for col in range(width)]


def _tidy(cell: str) -> str:
    """A header cell with a hyphen broken over lines joined ("Январь- октябрь" → "Январь–октябрь") and its
    footnote marks dropped ("производства4)")."""
    cell = re.sub(r"([а-яё])-\s+([а-яё])", r"\1–\2", cell.strip(), flags=re.I)
    return FOOTNOTE_MARK.sub("", cell)


def _numbering(row: Sequence[str]) -> bool:
    """A row numbering the columns: "1 | 2 | 3 | 4"."""
    cells = [cell for cell in row if cell.strip()]
    return (
        len(cells) >= 3
        and all(NUMBERING.fullmatch(c) for c in cells)
        and [int(c) for c in cells] == list(range(int(cells[0]), int(cells[0]) + len(cells)))
    )


def _row_paths(
    rows: list[list[str]], header_rows: int, frame: TableFrame, morph: Any, vocab: Vocab
) -> dict[int, list[str]]:
    """Each body row's labels from the outermost in: section row, broken-down row, merged label cells, own label."""
    paths: dict[int, list[str]] = {}
    section: str | None = None
    parent: str | None = None
    above = [""] * frame.labels
    previous_own: str | None = None
    previous_row, parent_row = -1, -1
    section_unit: Unit | None = None
    previous_unit: Unit | None = None
    parent_unit: Unit | None = None
    # "№ п/п | Показатель | Ед. изм.": the label columns end before a unit column
    named = min([col for col in range(frame.labels) if frame.columns[col].units], default=frame.labels)
    above = above[:named]
    for index in range(header_rows, len(rows)):
        row = rows[index]
        labels = [row[col].strip() if col < len(row) else "" for col in range(named)]
        data = [cell for cell in row[frame.labels :] if cell.strip()]
        numbers = [cell for cell in data if re.search(r"\d", cell)]
        if not any(labels) and not data:
            continue
        if index in frame.skip:
            continue
        if any(labels) and not numbers:  # a section row: "1. Создание производства …", "Раздел I"
            text = next(label for label in labels if label)
            cue = BREAKDOWN_CUE.match(text)
            if cue and previous_own:  # "в том числе:" on a row of its own
                parent, parent_unit, parent_row = previous_own, previous_unit, previous_row
                continue
            section, parent = _clean_label(text, morph, vocab) or section, None
            # "ТОРГОВАЯ ПЛОЩАДЬ, КВ. М": the unit of the rows under it
            section_unit = _unit_of(_label_tail(text), morph, vocab)
            above = labels[:]
            continue
        for col in range(named - 1):
            if labels[col]:
                above[col] = labels[col]
            else:
                labels[col] = above[col]
        own = labels[-1] if labels else ""
        cue = BREAKDOWN_CUE.match(own)
        if cue and previous_own:
            parent, parent_unit, parent_row = previous_own, previous_unit, previous_row
            own = own[cue.end() :]
        elif parent and (_split_unit(own, morph, vocab)[1] or _is_index(_tidy(own))):
            parent = None  # a label with its own unit or an index ends the breakdown: "Индекс цен, %"
        outer = [_clean_label(label, morph, vocab) for label in labels[:-1]]
        mine = _clean_label(own, morph, vocab)
        path = [part for part in (section, parent, *outer, mine) if part]
        paths[index] = list(dict.fromkeys(path))
        if parent and parent_unit:
            frame.units[index] = parent_unit
        elif section_unit:
            frame.units[index] = section_unit
        if parent:
            frame.parents[index] = parent_row
        if mine and parent is None:
            previous_own, previous_unit = mine, _unit_of(_label_tail(own), morph, vocab)
            previous_row = index
    return paths


# -- labels and indicators ---------------------------------------------------------------------------


def _clean_label(text: str, morph: Any, vocab: Vocab) -> str:
    """A header cell as a part of an indicator: its list number, breakdown cue, unit tail and relation dropped,
    a period alone or a bare "всего" left out, the first word lower-cased unless it is an abbreviation."""
    text = REFERENCE.sub("", BREAKDOWN_CUE.sub("", ROW_NUMBER.sub("", _tidy(text))))
    text = RELATION.sub("", text)
    head, _tail = _split_unit(text, morph, vocab)
    text = re.sub(r"^\s*(?:всего|итого)\s*[:,.]?\s*$|,?\s+(?:всего|итого)\s*$", "", head, flags=re.I).strip(
        " .:;,–—-"
    )
    if not re.search(r"[А-Яа-яЁёA-Za-z]{2}", text) or _period_only(text) or YEAR_RE.fullmatch(text):
        return ""
    words = [
        word.lower() if word.isupper() and len(word) > 4 else word for word in text.split()
    ]  # "КОЛИЧЕСТВО"
    if not _proper(words[0], morph, words[1] if len(words) > 1 else None, vocab):
        words[0] = words[0][0].lower() + words[0][1:]
    return " ".join(words)


def _proper(word: str, morph: Any, following: str | None, vocab: Vocab) -> bool:
    """A first word that keeps its capital: an abbreviation, a name ("Беларусь", "Тверская"), an adjective of a
    place alone or before a place noun ("Московская", "Московская губерния"; not "Медицинская помощь")."""
    if (
        (word.isupper() and len(word) > 1)
        or re.search(r"[А-ЯЁA-Z].*[А-ЯЁA-Z]", word)
        or not word[:1].isupper()
    ):
        return True
    if following is not None and following[:1].isupper() and morph.lemma(word.lower()) in vocab.name_heads:
        return True  # "Республика Алтай", "Область Войска Донского"
    place = following is None or morph.lemma(following.lower()) in vocab.name_heads
    if re.search(r"(?:ск|цк)(?:ая|ий|ое|ие)$", word) and place:
        return True
    return any({"Geox", "Name", "Surn", "Orgn"} & set(p.tag.grammemes) for p in morph.parse(word.lower())[:2])


def _split_unit(text: str, morph: Any, vocab: Vocab) -> tuple[str, str]:
    """("Оборот розничной торговли", "млрд рублей") from "Оборот розничной торговли, млрд рублей"; a comma or
    bracket part that names no unit stays."""
    for match in re.finditer(r"\s*[,(/]\s*", text):
        tail = text[match.start() :]
        if _unit_of(tail, morph, vocab) is not None or re.fullmatch(
            r"[\s,(/]*(?:%|процент\w*|в\s*%)\)?\s*", tail
        ):
            return text[: match.start()].strip(), tail
    return text, ""


def _label_tail(label: str) -> str:
    """The part of a row label that may hold its unit (after a comma or bracket)."""
    match = re.search(r"[,(/]", label)
    return label[match.start() :] if match else ""


def _column_label(cell: str, morph: Any, vocab: Vocab) -> str:
    """The words of a data column's header cell that are neither its period, unit, relation nor a filler."""
    cell = YEAR_PAIR.sub("", cell)
    for date in sorted(parse_dates(cell), key=lambda d: -d.start):  # "Утвержденная стоимость на 2016 год"
        cell = re.sub(r"\s+(?:на|за|в)\s*$", "", cell[: date.start]) + cell[date.end :]
    label = _clean_label(cell, morph, vocab)
    if len(label.split()) <= 2 and _unit_of(label, morph, vocab, bare=True):
        return ""  # "мм", "тыс. руб.": the unit, not a qualifier
    return "" if EMPTY_HEADERS.fullmatch(label) or UNIT_COLUMN.search(label) else label


def _title_measure(title: str, morph: Any, vocab: Vocab) -> str | None:
    """The title as a measure: units, the relation, a period and the breakdown tail ("по годам") cut."""
    text = RELATION.sub("", title)
    text = re.sub(r"\([^)]*\)", lambda m: "" if _unit_of(m.group(0), morph, vocab) else m.group(0), text)
    head, _ = _split_unit(text, morph, vocab)
    head = BREAKDOWN.sub("", head)
    dates = parse_dates(head)
    for date in reversed(dates):  # "… за 2023 год", "… на 2024–2026 годы"
        head = head[: date.start] + head[date.end :]
    head = re.sub(r"\s+(?:за|на|в)\s*$", "", head.strip(" .:;,–—-"))
    label = _clean_label(head, morph, vocab)
    if re.search(r"(?i)показател", label.split()[-1] if label else ""):
        return None  # "Основные экономические и социальные показатели": a table of many measures
    return label or None


DESCRIBED = re.compile(
    r"(?P<np>[А-ЯЁа-яё][^.;:]*?)\s*,?\s+(?:приведен|указан|представлен|дан|установлен|определ[ея]н)\w*\s+в\s+"
    r"(?:таблиц|табл\.)",
)


def _described_measure(sentence: str | None, morph: Any) -> str | None:
    """The subject of a sentence that refers to the table, in the nominative: "Значения допустимых отклонений …
    приведены в таблице 4.1" → "значения допустимых отклонений …"; "… в соответствии с нормами освещенности,
    указанными в таблице N 1" → "нормы освещенности"."""
    match = DESCRIBED.search(sentence or "")
    if not match:
        return None
    phrase = re.split(r"(?i)\bв\s+соответствии\s+с\s+|\bсогласно\s+", ROW_NUMBER.sub("", match.group("np")))[
        -1
    ]
    words = phrase.split()
    if not 1 <= len(words) <= 14:
        return None
    parse = morph.parse(words[0].lower())[0]
    if parse.tag.POS != "NOUN":
        return None
    form = parse.inflect({"nomn", parse.tag.number or "sing"})
    return " ".join([form.word if form else words[0].lower(), *words[1:]])


def _cell_indicator(path: list[str], column: list[str], measure: str | None, relation: str | None,
                    vocab: Vocab, morph: Any) -> str | None:  # fmt: skip
    """Measure + object + qualifiers + relation, as a column name an analyst would write."""
    if path and _is_measure(path[0], path[0], morph, vocab):
        parts = [*path, *column]
    elif column and _is_measure(column[0], column[0], morph, vocab):
        same = measure and morph.lemma(column[0].split()[-1].lower()) in {
            morph.lemma(w.lower()) for w in measure.split()
        }
        parts = (
            [measure, *path, *column[1:]] if same else [*column, *path]
        )  # the title names the column's measure
    else:
        parts = [part for part in (measure, *path, *column) if part]
    parts = list(dict.fromkeys(parts))
    if len(parts) > 1:  # "стоимость программы" over a column "утвержденная стоимость": said once
        heads = {morph.lemma(w.lower()) for w in parts[0].split()}
        parts = [
            parts[0],
            *(p for p in parts[1:] if p not in column or morph.lemma(p.split()[-1].lower()) not in heads),
        ]
    if not parts:
        return relation
    text = parts[0] + (": " + ", ".join(parts[1:]) if len(parts) > 1 else "")
    return f"{text} {relation}" if relation and relation not in text else text


def _is_measure(label: str, raw: str, morph: Any, vocab: Vocab) -> bool:
    """A label that names what is measured by itself: a measure word first ("Объем", "Доля", "Индекс",
    "Численность"), a self-measure ("Оборот", "ВРП"), or a unit written in it ("…, млрд рублей")."""
    if not label:
        return False
    heads = vocab.measures | vocab.generic_heads | vocab.self_measures | vocab.table_measures
    for word in label.split()[:3]:  # the first noun, past its adjectives ("допустимое отклонение")
        word = re.sub(r"[^\wё-]", "", word.lower())
        if not word:
            continue
        lemma = fold(morph.lemma(word))
        if lemma in heads or word in vocab.abbreviations:
            return True
        if any(p.tag.POS == "NOUN" for p in morph.parse(word)[:1]):
            break
    return bool(_split_unit(raw, morph, load_vocab())[1])


COUNT = re.compile(r"^\s*(?:количество|число)\s+([А-Яа-яЁё-]+)", re.I)


def _counted(indicator: str | None, morph: Any) -> Unit | None:
    """A count's unit is the noun it counts: "количество магазинов: Пятерочка" → "магазин" (as in prose)."""
    match = COUNT.match(indicator or "")
    if not match:
        return None
    parses = morph.parse(match.group(1).lower())
    parse = next((p for p in parses if p.tag.POS == "NOUN" and "gent" in p.tag), None)
    return ("quantity", parse.normal_form, 1.0) if parse else None


def _is_index(indicator: str | None) -> bool:
    return bool(indicator) and indicator.split()[0].lower() in ("индекс", "индексы")


def _relation(text: str) -> str | None:
    """The relation a header states: "в % к предыдущему периоду"; "2024/2023, %" → "2024 г. в % к 2023 г."."""
    pair = YEAR_PAIR.search(text)
    if pair and "%" in text:
        return f"{pair.group(1)} г. в % к {pair.group(2)} г."
    match = RELATION.search(text)
    if not match:
        return None
    relation = re.sub(r"\s+", " ", match.group(0)).strip(" ,;:()")
    relation = relation if relation.endswith(" г.") else relation.rstrip(".")
    relation = re.sub(r"^в\s*(?:процентах|%)", "в %", relation, flags=re.I)
    return relation if relation.startswith("в %") else f"в % {relation}"


def _canonical_relation(relation: str | None, period: Period | None) -> str | None:
    """A relation to a dated base named by what the base is to the cell's period, so that editions compare:
    "в % к октябрю 2022 г." for October 2023 → "в % к соответствующему месяцу предыдущего года",
    "в % к сентябрю 2023 г." → "в % к предыдущему месяцу"; other relations stay as written."""
    if not relation or period is None or not period[2]:
        return relation
    bases = [d for d in parse_dates(relation) if d.date_start and d.date_end]
    if len(bases) != 1:
        return relation
    base, start, end = (bases[0].date_start, bases[0].date_end), period[0], period[1]
    month = start[:7] == end[:7] and start.endswith("-01")
    if base == (_shift_year(start), _shift_year(end)):
        return "в % к соответствующему " + ("месяцу" if month else "периоду") + " предыдущего года"
    if month and base[0] == _previous_month(start) and base[0][:7] == base[1][:7]:
        return "в % к предыдущему месяцу"
    if base == (f"{int(start[:4]) - 1}-12-01", f"{int(start[:4]) - 1}-12-31") and start[:4] == end[:4]:
        return "в % к декабрю предыдущего года"
    return relation


def _shift_year(date: str) -> str:
    year = int(date[:4]) - 1
    return _dated(year, date[5:]) if date[5:] != "02-29" else f"{year}-02-28"


def _previous_month(date: str) -> str:
    year, month = int(date[:4]), int(date[5:7])
    return f"{year - 1}-12-01" if month == 1 else f"{year}-{month - 1:02d}-01"


# -- periods -----------------------------------------------------------------------------------------


def _period(text: str) -> Period | None:
    """The period a header names: with its year ("Октябрь 2023 г.", "2019", "I квартал 2024 г.") or without
    ("Январь", "II квартал", "Январь–сентябрь", "Год"): then ``(MM-DD, MM-DD, False)``."""
    text = MONTHS_OF_YEAR.sub(_months_of_year, text.strip(" .,;:()"))
    if not text:
        return None
    if WHOLE_YEAR.match(text):
        return ("01-01", "12-31", False)
    dates = [date for date in parse_dates(text) if date.date_start and date.date_end]
    if dates:
        return (dates[-1].date_start, dates[-1].date_end, True)
    years = YEARS.findall(text)
    if years and re.fullmatch(r"\s*(?:18|19|20)\d\d\s*(?:гг?\.?|год\w*)?\s*", text, re.I):
        return (f"{years[-1]}-01-01", f"{years[-1]}-12-31", True)
    probe = f"{text} 2000 г."
    dates = [date for date in parse_dates(probe) if date.date_start and date.date_end]
    if dates and dates[-1].start <= 2 and dates[-1].end >= len(text):
        return (dates[-1].date_start[5:], dates[-1].date_end[5:], False)
    return None


def _months_of_year(match: re.Match[str]) -> str:
    """The months of a year as a period: "12М 2023" → "2023 год", "9 мес. 2023" → "январь-сентябрь 2023 г."."""
    months, year = int(match.group(1)), match.group(2)
    if not 1 <= months <= 12:
        return match.group(0)
    return f"{year} год" if months == 12 else f"январь-{MONTH_NAMES[months - 1]} {year} г."


def _period_only(text: str) -> bool:
    """A label that is nothing but a period ("Январь", "2023 г.", "на 1 января 2024 г."), not a measure that
    names one ("Численность населения на 1 января 2024 г.")."""
    period = _period(text)
    if period is None or not period[2]:
        return period is not None  # a period without its year spans the whole label ("Январь", "I квартал")
    rest = text
    for date in sorted(parse_dates(text), key=lambda d: -d.start):
        rest = rest[: date.start] + rest[date.end :]
    return not [
        w for w in re.findall(r"[А-Яа-яЁёA-Za-z]{3,}", rest) if w.lower() not in word_list("year_words")
    ]


def _column_period(header: list[str]) -> Period | None:
    """A column's period from its header cells read together, the relation's own date left out
    ("Январь–октябрь 2023 г. в % к январю–октябрю 2022 г." → January–October 2023; "В % к" over
    "октябрю 2016 г." → none; "2024/2023, %" → 2024); a period without its year takes one from above."""
    text = " ".join(header)
    pair = YEAR_PAIR.search(text)
    if pair and "%" in text:
        return (f"{pair.group(1)}-01-01", f"{pair.group(1)}-12-31", True)
    found: Period | None = None
    for cell in _relation_free(header):
        period = _period(cell)
        if period is not None:
            found = _combine(period, found, None) if found and not found[2] else period
    return found


def _relation_free(header: list[str]) -> list[str]:
    """The header cells with the relation ("в % к …") cut, also when its object sits in the cell below."""
    out, inside = [], False
    for cell in header:
        if inside and not re.search(r"[А-ЯЁA-Z]", cell[:1] or " "):
            continue  # "октябрю 2016 г." under "В % к"
        match = RELATION.search(cell) or re.search(r"(?i)в\s*(?:%|процентах)\s*(?:к|от)?\s*$", cell)
        inside = bool(match)
        out.append(REFERENCE.sub("", cell[: match.start()] if match else cell))
    return out


def _column_periods(headers: list[list[str]], labels: int) -> list[Period | None]:
    """Each column's period; a relation column without one takes the period of the column before it
    ("Октябрь 2023 г. | В % к октябрю 2022 г.": the percent is October 2023's)."""
    periods: list[Period | None] = []
    for col, header in enumerate(headers):
        period = _column_period(header) if col >= labels else None
        if period is None and col > labels and _relation(" ".join(header)) and periods[-1] is not None:
            period = periods[-1]
        elif period is None and col > labels and CHANGE.search(" ".join(header)):
            compared = []  # "4 кв. 2023 | 4 кв. 2022 | ИЗМ Г-К-Г": the change is the latest period's
            for before, earlier in zip(reversed(periods), reversed(headers[:col]), strict=False):
                if before is None or (CHANGE.search(" ".join(earlier)) and _column_period(earlier) is None):
                    break
                compared.append(before)
            period = max((p for p in compared if p[2]), key=lambda p: p[1], default=None)
        periods.append(period)
    dated = [p for p in periods if p is not None and p[2]]
    for col, header in enumerate(headers):  # a "Всего" column spans the periods of the others
        if col >= labels and periods[col] is None and TOTAL.match(" ".join(header)) and len(dated) > 1:
            periods[col] = (min(p[0] for p in dated), max(p[1] for p in dated), True)
    return periods


def _combine(row: Period | None, column: Period | None, title: Period | None) -> Period | None:
    """A cell's period from its row's and column's: a period without its year takes the other's (or the title's)."""
    periods = [p for p in (row, column) if p is not None]
    if not periods:
        return title
    dated = [p for p in periods if p[2]] + ([title] if title else [])
    yearless = [p for p in periods if not p[2]]
    if yearless and dated:
        year = int(dated[0][0][:4])
        return (_dated(year, yearless[0][0]), _dated(year, yearless[0][1]), True)
    if yearless:
        return None
    return min(periods[:2], key=lambda p: (p[1] > p[0] and p[1][:4] != p[0][:4], p[1]))  # the narrower one


def section_row(row: list[str], labels: int) -> bool:
    """A body row of a label and nothing else ("КОЛИЧЕСТВО МАГАЗИНОВ"): a new block of the table."""
    return any(cell.strip() for cell in row[:labels]) and not any(cell.strip() for cell in row[labels:])


def _dated(year: int, month_day: str) -> str:
    month, day = int(month_day[:2]), int(month_day[3:])
    day = min(day, calendar.monthrange(year, month)[1])
    return f"{year}-{month:02d}-{day:02d}"


# -- units and cells ---------------------------------------------------------------------------------


def _column_unit(header: list[str], morph: Any, vocab: Vocab) -> Unit | None:
    """The unit a column's header names, the lowest cell first: a cell of a unit alone ("мм", "%", "тыс. руб.")
    or a unit after a comma or in brackets ("Площадь, га")."""
    for cell in reversed(header):
        cell = YEAR_ON_YEAR.sub("", RELATION.sub("", cell))  # "г/г, %": percent, not years
        bare = len(cell.split()) <= 2 and not YEARS.search(cell) and _period(cell) is None  # not "2017 год"
        unit = _unit_of(cell, morph, vocab, bare=bare)
        if unit:
            return unit
    return None


def _row_unit(cells: list[tuple[int, str]], frame: TableFrame, morph: Any, vocab: Vocab) -> Unit | None:
    """The unit written in the row's "Ед. изм." cell, if the table has such a column."""
    for col, column in enumerate(frame.columns):
        if column.units and col < len(cells):
            written = " ".join(cells[col][1].split()).strip(" .")
            known = _unit_of(written, morph, vocab, bare=True)
            if known or not re.search(r"[А-Яа-яЁё]{2}", written) or len(written.split()) > 4:
                return known
            return "quantity", written.lower(), 1.0  # a unit of its own: "вызов", "случай госпитализации"
    return None


def _cell_figures(
    cell: str, morph: Any, vocab: Vocab, unit: Unit | None, english: bool = False
) -> tuple[list[FigureSpan], bool]:
    """A numeric cell as one figure in ``unit`` (kind, unit, scale); a multiplier ("3x") as a ratio; a number
    with footnote marks glued to it ("101,61),2)": 101,6 and notes 1 and 2; "9 953 514 000 *") without them;
    other cells as prose
    (then True: the cell names what it states, "Общий объем финансирования составит 12 345,6 тыс. рублей")."""
    multiplier = MULTIPLIER.fullmatch(cell)
    if multiplier:
        value = float(multiplier.group(1).replace(",", "."))
        return [_in_unit(multiplier.start(1), multiplier.end(0), value, ("ratio", "раз", 1.0))], False
    english = (ENGLISH_GROUPS if english else ENGLISH_NUMBER).fullmatch(cell)
    if english:  # "2,430,581", "1,234.5" (and "5,123" in a table of such numbers): some compilations
        return [
            _in_unit(english.start(1), english.end(1), float(english.group(1).replace(",", "")), unit)
        ], False
    footnoted = FOOTNOTED_CELL.fullmatch(cell) or STARRED_CELL.fullmatch(cell)
    cell = cell[: footnoted.end(1)] if footnoted else cell
    numeric = bool(NUMERIC_CELL.fullmatch(cell))
    if not numeric or YEAR_RE.fullmatch(cell.strip()):
        return (extract_figures(cell, morph, vocab=vocab) if re.search(r"\d", cell) else []), not numeric
    numbers = find_numbers(cell)
    if not numbers:
        return [], False
    found = extract_figures(cell, morph, vocab=vocab)
    if found and found[0].kind is not None:
        return found[:1], False
    sign = -1.0 if re.match(r"\s*[-–]\s*\d", cell) else 1.0
    return [_in_unit(numbers[0].start, numbers[0].end, sign * numbers[0].value, unit)], False


def _in_unit(start: int, end: int, value: float, unit: Unit | None) -> FigureSpan:
    """A cell's number in the unit its row or column gives (scale applied); a quantity without one."""
    kind, unit_name, scale = unit or ("quantity", None, 1.0)
    return FigureSpan(start=start, end=end, kind=kind, value=value * scale, unit=unit_name)


def _unit_of(header: str, morph: Any, vocab: Vocab, bare: bool = False) -> Unit | None:
    """Kind, unit and scale named in a header or caption ("Объем, тыс. рублей", "%", "(тонн)").

    A physical unit counts only after a comma, bracket or slash, or when the text is a unit cell (``bare``).
    """
    ctx = Context(header, morph, vocab)
    for i in range(len(ctx.tokens)):
        scale = ctx.match(i, vocab.scales)
        j = scale[1] if scale else i
        while scale and j < min(len(ctx.tokens), scale[1] + 2) and _adjective(ctx.tokens[j].text, morph):
            j += 1  # "млрд тарифных тонно-км": the scale's unit after its adjectives
        for name, forms in (("pp", vocab.points), ("percent", vocab.percent), ("money", vocab.currencies),
                            ("quantity", vocab.units)):  # fmt: skip
            hit = ctx.match(j, forms)
            if hit and (scale or bare or name != "quantity" or _unit_word_alone(ctx, i)):
                return name, {"pp": "pp"}.get(hit[0], hit[0]), scale[0] if scale else 1.0
    return None


def _adjective(word: str, morph: Any) -> bool:
    return word.isalpha() and morph.parse(word.lower())[0].tag.POS in ("ADJF", "PRTF")


def _unit_word_alone(ctx: Context, i: int) -> bool:
    """A unit in a header stands after a comma or in brackets ("Площадь, га", "(тонн)")."""
    return i > 0 and ctx.tokens[i - 1].text in (",", "(", "/")
