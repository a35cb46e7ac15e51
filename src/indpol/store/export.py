"""Export a run folder's store as JSONL, CSV, Parquet or an Excel workbook.

Each exported row has its record's ``to_dict()`` fields (documents: ``Document.summary()``); a fact's
row (and table) also names its document's ``source``, right after the ids and before ``page``. Rows come in a
deterministic order: documents by source; facts by their document's source, then ``start``, ``end`` and id. Files are written to a temporary name and renamed into place.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import functools
import json
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from indpol.errors import IndpolError
from indpol.store.database import DB_NAME, Store, document_source, table_columns
from indpol.store.schema import EXPORT_TABLES, RENAMED, SOURCE, TABLES, column_meaning, sheet_order

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet", "xlsx")
CSV_DIALECTS = ("standard", "excel-ru")
BATCH_ROWS = 5000
XLSX_NAME = "facts.xlsx"
XLSX_MAX_CELL = 32_767  # Excel's limit on characters in a cell
XLSX_CUT_MARK = " […truncated]"
XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included; longer tables continue on "name (2)"
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 8, 60
PERIOD_COLUMNS = ("period_start", "period_end")
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses in a cell
TEMPORARY = re.compile(r"\.(?P<target>.+)\.(?P<pid>\d+)\.tmp(\.nobom)?")  # what _atomic and write_csv write


class ExportError(IndpolError):
    code = "E_EXPORT"


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"jsonl,csv"`` or a list → validated, de-duplicated format names."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = tuple(dict.fromkeys(item.strip().lower() for item in items if item.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ExportError(
            f"unknown export format {', '.join(unknown) or '(none)'} (allowed: {', '.join(FORMATS)})"
        )
    return names


def export_query(name: str, con: duckdb.DuckDBPyConnection | None = None) -> str:
    """The SELECT giving table ``name``'s export fields in export order. With ``con``, a store written
    by an older version and opened read-only still reads: a renamed column is read by its old name,
    a column it lacks is null, and a fact's ``source`` comes from its document."""
    spec = TABLES[name]
    have = table_columns(con, name) if con is not None else set(spec.types)
    old_names = {new: old for old, new in RENAMED.get(name, {}).items()}

    def column(field: str) -> str:
        if field in have:
            return f't."{field}"'
        if old_names.get(field) in have:
            return f't."{old_names[field]}" AS "{field}"'
        if field == SOURCE:
            return f'{document_source("t")} AS "{SOURCE}"'
        return f'NULL AS "{field}"'

    cols = ", ".join(column(field) for field in spec.export_fields)
    if name in ("documents", "failures", "runs"):
        return f"SELECT {cols} FROM {name} t ORDER BY {spec.order}"
    owners = (
        "SELECT doc_id, coalesce(min(source) FILTER (WHERE status <> 'duplicate'), min(source)) AS source "
        "FROM documents GROUP BY doc_id"
    )
    return f"SELECT {cols} FROM {name} t LEFT JOIN ({owners}) d ON d.doc_id = t.doc_id ORDER BY {spec.order}"


def iter_rows(
    con: duckdb.DuckDBPyConnection, name: str, *, parse_json: bool = True
) -> Iterator[dict[str, Any]]:
    """Stream table ``name`` as dicts in export order; JSON columns parsed unless ``parse_json`` is false."""
    spec = TABLES[name]
    json_cols = set(spec.json_columns) if parse_json else set()
    cursor = con.cursor()
    try:
        cursor.execute(export_query(name, cursor))
        while batch := cursor.fetchmany(BATCH_ROWS):
            for values in batch:
                row = dict(zip(spec.export_fields, values, strict=True))
                for col in json_cols:
                    if row[col] is not None:
                        row[col] = json.loads(row[col])
                yield row
    finally:
        cursor.close()


def export_run(
    source: str | Path | Store,
    formats: str | Iterable[str] = ("jsonl",),
    to: str | Path | None = None,
    tables: Iterable[str] = EXPORT_TABLES,
    csv_dialect: str = "standard",
) -> list[Path]:
    """Write every table of a run folder's store in each format; return the paths written.

    Args:
        source: the run folder (holding ``facts.duckdb``) or an open :class:`Store`.
        formats: any of ``jsonl, csv, parquet, xlsx`` (a list or a comma-separated string).
        to: output folder (default: the run folder itself).
        csv_dialect: ``standard`` (comma, decimal point) or ``excel-ru`` (semicolon, decimal comma).
    """
    names = parse_formats(formats)
    if csv_dialect not in CSV_DIALECTS:
        raise ExportError(f"unknown CSV dialect {csv_dialect} (allowed: {', '.join(CSV_DIALECTS)})")
    tables = tuple(tables)
    unknown = [table for table in tables if table not in TABLES]
    if unknown:
        raise ExportError(f"unknown table {', '.join(unknown)} (known: {', '.join(TABLES)})")
    own = not isinstance(source, Store)
    store = Store.open(source, read_only=True) if own else source  # type: ignore[arg-type]
    out = Path(to) if to is not None else store.out_dir
    written: list[Path] = []
    try:
        if (out / DB_NAME).exists() and out.resolve() != store.out_dir.resolve():
            raise ExportError("another run folder: exporting there would overwrite its tables", path=out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot write here ({exc.strerror})", path=out) from None
        remove_stale_temporaries(out)
        for fmt in names:
            if fmt == "xlsx":
                written.append(_atomic(out / XLSX_NAME, lambda tmp: write_xlsx(store.con, tables, tmp)))
                continue
            writer = WRITERS[fmt] if fmt != "csv" else functools.partial(write_csv, dialect=csv_dialect)
            for table in tables:
                target = out / f"{table}.{fmt}"
                written.append(_atomic(target, lambda tmp, t=table, w=writer: w(store.con, t, tmp)))
    finally:
        if own:
            store.close()
    return written


def write_jsonl(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """One JSON object per line (DuckDB's writer, in export order); nested fields stay objects."""
    _copy(con, name, path, "FORMAT json")


def write_csv(con: duckdb.DuckDBPyConnection, name: str, path: Path, dialect: str = "standard") -> None:
    """UTF-8 with BOM (so Excel reads Cyrillic); nested fields as JSON strings; empty cell for null.

    ``standard``: comma-separated, decimal point (RFC 4180). ``excel-ru``: what Excel in a Russian
    locale opens with a double click — semicolons, decimal commas, CRLF line ends.
    """
    if dialect == "excel-ru":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            fields = TABLES[name].export_fields
            writer.writerow(fields)
            for row in iter_rows(con, name, parse_json=False):
                writer.writerow([_excel_ru(row[field]) for field in fields])
        return
    plain = path.with_name(path.name + ".nobom")
    try:
        _copy(con, name, plain, "FORMAT csv, HEADER true, DELIMITER ','")
        with path.open("wb") as out, plain.open("rb") as src:
            out.write(codecs.BOM_UTF8)
            shutil.copyfileobj(src, out, 1 << 20)
    finally:
        plain.unlink(missing_ok=True)


def _excel_ru(value: Any) -> Any:
    """A cell for a Russian-locale Excel: decimal comma in numbers, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def write_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """Typed Parquet (nested fields as JSON strings; periods as dates when every one is a full date)."""
    query = export_query(name, con)
    dates = date_columns(con, name)
    if dates:
        cols = ", ".join(
            f'CAST(q."{f}" AS DATE) AS "{f}"' if f in dates else f'q."{f}"'
            for f in TABLES[name].export_fields
        )
        query = f"SELECT {cols} FROM ({query}) q"
    _copy(con, name, path, "FORMAT parquet, COMPRESSION zstd", query)


def date_columns(con: duckdb.DuckDBPyConnection, name: str) -> set[str]:
    """The period columns of ``name`` whose every value is a full ISO date ("2024-01-01"): those are
    written as dates; a column with any other value ("2024-05") stays text, so nothing is lost."""
    found = set()
    for field in TABLES[name].export_fields:
        if field not in PERIOD_COLUMNS:
            continue
        (bad,) = con.execute(
            f'SELECT count(*) FROM {name} WHERE "{field}" IS NOT NULL AND NOT regexp_full_match("{field}", ?)',
            [ISO_DATE],
        ).fetchone()
        if not bad:
            found.add(field)
    return found


def _copy(
    con: duckdb.DuckDBPyConnection, name: str, path: Path, options: str, query: str | None = None
) -> None:
    target = str(path).replace("'", "''")
    cursor = con.cursor()
    try:
        cursor.execute("SET preserve_insertion_order = true")
        cursor.execute(f"COPY ({query or export_query(name, cursor)}) TO '{target}' ({options})")
    finally:
        cursor.close()


def write_xlsx(con: duckdb.DuckDBPyConnection, tables: Iterable[str], path: Path) -> None:
    """A README sheet, then one sheet per table: the readable columns first (source, page, text, values;
    ids and offsets last), frozen bold header with a filter, numbers as numbers (thousands grouped),
    periods as dates, long text cut at Excel's limit."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    counts = {name: _row_count(con, name) for name in tables}
    _readme_sheet(book, counts)
    for name, count in counts.items():
        header = sheet_order(TABLES[name].export_fields)
        width_of = dict(zip(TABLES[name].export_fields, column_widths(con, name), strict=True))
        widths = [width_of[field] for field in header]
        dates = date_columns(con, name)
        part, rows = 0, 0
        sheet = _new_sheet(book, name, header, widths, part, count)
        nested = set(TABLES[name].json_columns)
        for row in iter_rows(con, name):
            row = {field: readable(value) if field in nested else value for field, value in row.items()}
            if rows == XLSX_MAX_ROWS - 1:
                part, rows = part + 1, 0
                sheet = _new_sheet(book, name, header, widths, part, count - part * (XLSX_MAX_ROWS - 1))
            sheet.append([_xlsx_cell(sheet, row[field], field in dates) for field in header])
            rows += 1
    book.save(path)


def write_frames_xlsx(first: tuple[str, list[list[Any]]], frames: dict[str, Any], path: Path) -> None:
    """A workbook of DataFrames (e.g. compare's change tables): a first sheet of plain rows, then a sheet per
    frame with a frozen bold header and a filter, numbers as numbers, text never read as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    title, rows = first
    sheet = book.create_sheet(title)
    sheet.column_dimensions["A"].width = 100
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    for name, frame in frames.items():
        sheet = book.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        header = [str(column) for column in frame.columns]
        for i, column in enumerate(header, start=1):
            longest = max([len(column), *(len(str(v)) for v in frame[column].head(200))])
            sheet.column_dimensions[get_column_letter(i)].width = float(
                min(max(longest + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)
            )
        if header:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(frame) + 1}"
        sheet.append(_bold(sheet, header, Font))
        for record in frame.itertuples(index=False):
            sheet.append([_xlsx_cell(sheet, None if _missing(v) else readable(v)) for v in record])
    book.save(path)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def readable(value: Any) -> Any:
    """A nested field as a person reads it in a cell: directions as "governance 0.56; innovation 0.82",
    an object as "key: value; …", a list of rows as lines; JSON stays only for what has no plainer form."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, dict):
        return "; ".join(
            f"{key}: {readable(item)}" for key, item in value.items() if item not in (None, "", [], {})
        )
    if isinstance(value, list):
        if all(isinstance(item, dict) and {"label", "score"} <= set(item) for item in value):
            return "; ".join(f"{item['label']} {item['score']:.2f}" for item in value)
        if all(isinstance(item, list) for item in value):
            return "\n".join(" | ".join(str(cell) for cell in item) for item in value)
        return "; ".join(str(readable(item)) for item in value)
    return json.dumps(value, ensure_ascii=False)


def _row_count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    (count,) = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    return count


def _readme_sheet(book: Any, counts: dict[str, int]) -> None:
    """The first sheet: what each sheet holds and how many rows, then every sheet's columns in sheet
    order with what each holds."""
    from openpyxl.styles import Font

    from indpol.store.schema import TABLE_MEANINGS

    sheet = book.create_sheet("README")
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 14, 18
    sheet.column_dimensions["C"].width = 100
    sheet.freeze_panes = "A2"
    sheet.append(_bold(sheet, ["sheet", "rows", "what it holds"], Font))
    for name, count in counts.items():
        sheet.append([name, count, TABLE_MEANINGS.get(name, "")])
    sheet.append([])
    sheet.append(["", "", "Facts lead back to their document: the file (source), the page and the offsets "
                  "(start, end) into the document's clean text. indpol's docs/output.md has more on each column."])  # fmt: skip
    sheet.append([])
    sheet.append(_bold(sheet, ["sheet", "column", "what it holds"], Font))
    for name in counts:
        for field in sheet_order(TABLES[name].export_fields):
            sheet.append([name, field, column_meaning(name, field)])


def _bold(sheet: Any, values: list[str], font: Any) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = font(bold=True)
        cells.append(cell)
    return cells


def column_widths(con: duckdb.DuckDBPyConnection, name: str) -> list[float]:
    """Width per export column: the longest value (or header), clamped to a readable range."""
    fields = TABLES[name].export_fields
    longest = ", ".join(f'max(length(CAST("{field}" AS VARCHAR)))' for field in fields)
    values = con.execute(f"SELECT {longest} FROM ({export_query(name, con)}) q").fetchone() or ()
    return [
        float(min(max(len(field), value or 0) + 2, XLSX_MAX_WIDTH))
        for field, value in zip(fields, values, strict=True)
    ]


def _new_sheet(
    book: Any, name: str, header: tuple[str, ...], widths: list[float], part: int, rows: int
) -> Any:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name if part == 0 else f"{name} ({part + 1})")
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(width, XLSX_MIN_WIDTH)
    last = min(rows, XLSX_MAX_ROWS - 1) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    sheet.append(_bold(sheet, list(header), Font))
    return sheet


def _xlsx_cell(sheet: Any, value: Any, as_date: bool = False) -> Any:
    """Numbers typed with grouped thousands, periods as dates, text cleaned of control characters
    and cut at 32,767 characters, never read as a formula."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0" if isinstance(value, int) or float(value).is_integer() else "#,##0.0###"
        return cell
    if not isinstance(value, str):
        return value
    if as_date:
        cell = WriteOnlyCell(sheet, value=datetime.date.fromisoformat(value))
        cell.number_format = "yyyy-mm-dd"
        return cell
    text = XLSX_ILLEGAL.sub("\ufffd", value)
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - len(XLSX_CUT_MARK)] + XLSX_CUT_MARK
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, never a formula
    return cell


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files (``.NAME.PID.tmp``, ``.NAME.PID.tmp.nobom``, NAME a file an export
    writes) that an export killed midway left in ``folder``: those of processes that are gone, never a
    live process's. Returns them."""
    removed = []
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(".")]
    except OSError:
        return removed
    for name in names:
        match = TEMPORARY.fullmatch(name)
        if match and _exported_name(match["target"]) and not _alive(int(match["pid"])):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
                removed.append(folder / name)
                logger.info(
                    "%s: removed %s, left by export process %s, which is gone", folder, name, match["pid"]
                )
    return removed


def _exported_name(name: str) -> bool:
    """Whether ``name`` is a file an export writes (``TABLE.FORMAT``, ``facts.xlsx``)."""
    table, _, fmt = name.rpartition(".")
    return name == XLSX_NAME or (table in TABLES and fmt in FORMATS and fmt != "xlsx")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (this process counts as alive)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): alive
        return True
    return True


def _atomic(target: Path, write: Any) -> Path:
    """Write through a temporary file renamed into place; a failed write is a one-line error."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    except (OSError, duckdb.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise ExportError(f"cannot write {target.name} ({reason})", path=target.parent) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


__all__ = [
    "CSV_DIALECTS",
    "FORMATS",
    "ExportError",
    "export_query",
    "export_run",
    "iter_rows",
    "parse_formats",
]
