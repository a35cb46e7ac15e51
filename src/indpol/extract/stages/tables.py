"""Plans written as tables: "План мероприятий", "Перечень мероприятий программы", an investment plan.

A table is a plan when a header cell names its activities ("Наименование мероприятия",
"Наименование проекта", "Мероприятие"); each data row naming one is a stage row whose span is
that cell. Its period comes from a term column ("Срок исполнения", "Период реализации"), its
status from a status column ("Статус", "Отметка о выполнении") or from a group row above it
("Реализованные проекты" → completed, "Планируемые к реализации" → planned). Section rows,
totals and column numbering give no rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from indpol.extract.grammars.dates import parse_dates
from indpol.extract.stages.items import Draft, StageCues
from indpol.extract.stages.status import StatusCue, find_status, shift
from indpol.records import Document, Passage, Table, cell_spans, make_id

NAME_COLUMN = re.compile(
    r"наименовани\w*,?\s+(?:\w+,?\s+){0,2}?(?P<noun>мероприяти|проект|работ|объект|задач|этап|меропри)"
    r"|^\s*(?:основн\w+\s+|программн\w+\s+)?(?P<bare>мероприяти|проект|задач|этап)\w*",
    re.I,
)
TERM_COLUMN = re.compile(r"срок|период|годы?\s+реализаци|дата\s+(?:исполнения|реализации|окончания)", re.I)
STATUS_COLUMN = re.compile(
    r"статус|состояни|ход\s+(?:реализации|выполнения|исполнения)|отметка\s+о\s+(?:выполнении|исполнении)"
    r"|информация\s+о\s+(?:выполнении|исполнении)|исполнени\w*\s+мероприяти",
    re.I,
)
KIND_OF_NOUN = {"мероприяти": "measure", "меропри": "measure", "проект": "measure", "работ": "measure",
                "объект": "other", "задач": "task", "этап": "stage"}  # fmt: skip
NOT_ITEM = re.compile(r"^\s*(?:итого|всего|в\s+том\s+числе|из\s+них)\b|^[\s\d.,|()–-]*$", re.I)
NUMBER_COLUMN = re.compile(r"№|п/п|^\s*номер", re.I)
MARKER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s*$")
YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[-–—]\s*((?:19|20)\d\d))?(?!\d)")


@dataclass(frozen=True, slots=True)
class PlanColumns:
    name: int
    kind: str
    term: int | None
    status: int | None
    number: int | None  # "№ п/п": the row's marker ("1.", "1.2")


def plan_columns(table: Table) -> PlanColumns | None:
    """Which columns hold a plan's activity names, terms and statuses; ``None`` for any other table."""
    if not table.rows or table.header_rows < 1:
        return None
    width = max(len(row) for row in table.rows)
    headers = [
        " ".join(row[col] for row in table.rows[: table.header_rows] if col < len(row) and row[col])
        for col in range(width)
    ]
    name = next(((col, m) for col, text in enumerate(headers) if (m := NAME_COLUMN.search(text))), None)
    if name is None:
        return None
    col, match = name
    noun = (match.group("noun") or match.group("bare")).lower()
    term = next((i for i, text in enumerate(headers) if i != col and TERM_COLUMN.search(text)), None)
    status = next((i for i, text in enumerate(headers) if i != col and STATUS_COLUMN.search(text)), None)
    number = next((i for i, text in enumerate(headers[:col]) if NUMBER_COLUMN.search(text)), None)
    return PlanColumns(col, KIND_OF_NOUN.get(noun, "measure"), term, status, number)


def cell_period(cell: str) -> tuple[str | None, str | None]:
    """The period a term cell states: a date phrase, else bare years ("2024", "2023–2025")."""
    spans = parse_dates(cell)
    if spans and (spans[0].date_start or spans[0].date_end):
        return spans[0].date_start, spans[0].date_end
    if match := YEARS.search(cell):
        last = match.group(2) or match.group(1)
        return f"{match.group(1)}-01-01", f"{last}-12-31"
    return None, None


def _cell(row: Sequence[str], col: int | None) -> str:
    return row[col] if col is not None and col < len(row) else ""


def _listed_status(text: str, key: str, cues: StageCues) -> StatusCue | None:
    """The status named by the first of the cue file's ``key`` patterns (per status) that ``text`` holds."""
    for status, patterns in cues.data[key].items():
        for pattern in patterns:
            if match := re.search(pattern, text, re.I):
                return StatusCue(status, match.start(), match.end(), match.group())
    return None


def _group_status(cells: list[tuple[int, str]], cues: StageCues) -> StatusCue | None:
    """A group row (one filled cell) that states the status of the rows under it."""
    filled = [(start, text) for start, text in cells if text.strip()]
    if len(filled) != 1:
        return None
    start, text = filled[0]
    cue = _listed_status(text, "group_status_patterns", cues) or find_status(text, cues)
    return shift(cue, start) if cue else None


def _title_status(above: list[Passage], cues: StageCues) -> StatusCue | None:
    """The status the lines right above a table give all its rows."""
    for passage in reversed(above):
        if cue := _listed_status(passage.text, "table_status_patterns", cues):
            return shift(cue, passage.start)
    return None


def table_stages(
    doc: Document, table: Table, rows: dict[int, Passage], above: list[Passage], cues: StageCues
) -> Iterator[Draft]:
    """The stage rows of one plan table (none when the table is no plan); ``above``: the lines before it."""
    columns = plan_columns(table)
    if columns is None:
        return
    drafts: list[Draft] = []
    group: StatusCue | None = _title_status(above, cues)
    first = table.header_rows
    if columns.number is not None:  # a numbered row taken for a header ("1. | … | 2025 год") is data
        numbered = (i for i in range(1, first) if MARKER.match(_cell(table.rows[i], columns.number)))
        first = next(numbered, first)
    for index in range(first, len(table.rows)):
        passage = rows.get(index)
        if passage is None:
            continue
        cells = [(passage.start + at, text) for at, text in cell_spans(passage.text, table.rows[index])]
        if (status := _group_status(cells, cues)) is not None:
            group = status
            continue
        if columns.name >= len(cells):
            continue
        start, name = cells[columns.name]
        stripped = name.strip()
        if NOT_ITEM.match(stripped) or len(stripped) < 3:
            continue
        start += len(name) - len(name.lstrip())
        draft = Draft(start, start + len(stripped.rstrip(" .;:")), passage, kind=columns.kind)
        if marker := MARKER.match(_cell([text for _, text in cells], columns.number)):
            draft.label = marker.group(1)
            if columns.kind == "stage" and "." in draft.label:
                draft.kind = "measure"  # "1.2" is a step inside stage 1
        if columns.term is not None and columns.term < len(cells):
            draft.period = cell_period(cells[columns.term][1])
        own = None
        if columns.status is not None and columns.status < len(cells):
            at, text = cells[columns.status]
            own = shift(cue, at) if (cue := find_status(text, cues)) else None
        draft.status = own or group
        drafts.append(draft)
    if not drafts:
        return
    list_id = make_id(doc.doc_id, "stage_list", drafts[0].start, drafts[-1].end)
    for order, draft in enumerate(drafts, start=1):
        draft.list_id, draft.order = list_id, order
        yield draft


def plan_table_rows(doc: Document, cues: StageCues) -> list[Draft]:
    """Stage rows of every plan table of the document."""
    rows: dict[str, dict[int, Passage]] = {}
    above: dict[str, list[Passage]] = {}  # the two passages before a table's first row
    for index, passage in enumerate(doc.passages):
        if (
            passage.kind != "table_row"
            or not passage.table_id
            or passage.row is None
            or passage.language != "ru"
        ):
            continue
        if passage.table_id not in rows:
            above[passage.table_id] = [
                p for p in doc.passages[max(0, index - 2) : index] if p.kind != "table_row"
            ]
        rows.setdefault(passage.table_id, {})[passage.row] = passage
    return [
        draft
        for table in doc.tables
        if table.table_id in rows
        for draft in table_stages(doc, table, rows[table.table_id], above[table.table_id], cues)
    ]
