"""The fact store: one DuckDB file per run folder (``DIR/facts.duckdb``).

A writer holds an exclusive lock (``DIR/facts.duckdb.lock``, an ``flock`` that dies with its
process, plus DuckDB's own file lock) for the lifetime of the :class:`Store`. Each document
is written in one transaction, so a killed run loses at most the document in flight.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from indpol.errors import E_CHANGED, E_STAGE, E_TIMEOUT, E_WORKER_CRASH, StoreError, StoreLockedError
from indpol.records import FIELD_NAMES, Document, Failure, make_id
from indpol.store.schema import (
    FACT_TABLES,
    ID_FIELDS,
    LEGACY,
    RENAMED,
    SCHEMA_VERSION,
    SOURCE,
    TABLES,
    rows_to_arrow,
    to_json,
)

logger = logging.getLogger(__name__)

DB_NAME = "facts.duckdb"
RESERVED_COLUMN = re.compile(r'syntax error at or near "(end|table|order)"', re.I)
OLD_COLUMN = re.compile(r'Referenced column "(start|end|table|order)" not found', re.I)
# one row per passage and direction, so that directions need no JSON in SQL
PASSAGE_DIRECTIONS_VIEW = """
CREATE OR REPLACE VIEW passage_directions AS
SELECT p.doc_id, p.passage_id, p.source, p.page, d.label, d.score, p.kind, p.text
FROM passages p,
     unnest(from_json(p.directions, '[{"label": "VARCHAR", "score": "DOUBLE"}]')) AS t(d)
"""
# one row per distinct act a run cites: an act is its type with its number, else its title, else its canonical form
ACTS_VIEW = """
CREATE OR REPLACE VIEW acts AS
SELECT doc_type, any_value(number) AS number, max(date) AS date, max(title) AS title, max(issuer) AS issuer,
       arg_max(canonical, length(canonical)) AS canonical, count(*) AS mentions, count(DISTINCT doc_id) AS documents,
       list(DISTINCT source ORDER BY source) AS sources
FROM (SELECT json_extract_string(attrs, '$.doc_type') AS doc_type, json_extract_string(attrs, '$.number') AS number,
             json_extract_string(attrs, '$.date') AS date, json_extract_string(attrs, '$.title') AS title,
             json_extract_string(attrs, '$.issuer') AS issuer, canonical, doc_id, source
      FROM entities WHERE label = 'LAW')
GROUP BY doc_type, coalesce(number, lower(coalesce(title, canonical)))
"""
VIEWS = {"passage_directions": PASSAGE_DIRECTIONS_VIEW, "acts": ACTS_VIEW}
COLUMN_HINT = "char_start/char_end, a stage's position, a figure's table_cell"
LOCK_NAME = "facts.duckdb.lock"
DONE_STATUSES = ("ok", "needs_ocr", "failed")
RETRY_CODES = (E_STAGE, E_TIMEOUT, E_WORKER_CRASH, E_CHANGED)  # failed documents with these codes are retried


class Store:
    """Read and write a run folder's facts. Use :meth:`open`, ideally as a context manager."""

    def __init__(self, out_dir: Path, con: duckdb.DuckDBPyConnection, lock_fd: int | None, read_only: bool):
        self.out_dir = out_dir
        self.con = con
        self.read_only = read_only
        self._lock_fd = lock_fd

    @classmethod
    def open(cls, out_dir: str | Path, *, read_only: bool = False, sealed: bool = False) -> Store:
        """Open (creating when writable) ``DIR/facts.duckdb``; a writer takes the store's lock. A ``sealed``
        store (read-only) reaches no file, network or extension beyond itself, whatever SQL it is given:
        for queries a user types (``COPY … TO``, ``read_csv('/etc/passwd')``, ``INSTALL`` are refused)."""
        out_dir = Path(out_dir)
        db_path = out_dir / DB_NAME
        if read_only:
            if not db_path.is_file():
                raise StoreError(f"no {DB_NAME} here (not an indpol run folder)", path=out_dir)
            con = _connect(db_path, out_dir, read_only=True)
            _older_store_views(con)
            _older_legacy_views(con)
            if sealed:
                con.execute("SET enable_external_access = false")
                con.execute("SET lock_configuration = true")
            return cls(out_dir, con, None, True)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            lock_fd = _take_lock(out_dir)
        except OSError as exc:  # /proc/x, a full or read-only disk, no permission
            raise StoreError(
                f"cannot write a run folder here ({exc.strerror or exc})", path=out_dir
            ) from None
        try:
            con = _connect(db_path, out_dir, read_only=False)
            ensure_schema(con)
        except BaseException:
            _release_lock(lock_fd)
            raise
        return cls(out_dir, con, lock_fd, False)

    @property
    def path(self) -> Path:
        return self.out_dir / DB_NAME

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and release the lock (idempotent)."""
        if self.con is not None:
            with contextlib.suppress(duckdb.Error):
                self.con.close()
            self.con = None  # type: ignore[assignment]
        if self._lock_fd is not None:
            _release_lock(self._lock_fd)
            self._lock_fd = None

    # ------------------------------------------------------------------ reading

    def is_done(self, doc_id: str, pipeline_version: str, config_hash: str) -> bool:
        """True when these bytes were already processed (ok, needs_ocr or failed) with this version and config.

        Failures that may pass on a second try (a crashed step or worker, a timeout) do not count.
        """
        return doc_id in self.done_sources([doc_id], pipeline_version, config_hash)

    def done_sources(self, doc_ids: list[str], pipeline_version: str, config_hash: str) -> dict[str, str]:
        """Of ``doc_ids``, those already processed (ok, needs_ocr, or failed for good) with this version and
        config, each with its :meth:`source_of`, in one query (a re-run of 20,000 unchanged files asked three
        queries per file, 117 s); :meth:`is_done` asks it of one."""
        done = " AND ".join(
            [
                "pipeline_version = ? AND config_hash = ?",
                f"status IN ({', '.join('?' * len(DONE_STATUSES))})",
                f"NOT (status = 'failed' AND coalesce(error_code, '') IN ({', '.join('?' * len(RETRY_CODES))}))",
            ]
        )
        rows = self.con.execute(
            "SELECT doc_id, min(source) FILTER (WHERE status <> 'duplicate') FROM documents "
            "WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
            f"GROUP BY doc_id HAVING bool_or({done})",
            [list(doc_ids), pipeline_version, config_hash, *DONE_STATUSES, *RETRY_CODES],
        ).fetchall()
        return {str(doc_id): str(source) for doc_id, source in rows}

    def stored_rows(self, sources: list[str]) -> dict[str, tuple[str, str]]:
        """``source → (doc_id, status)`` of those of ``sources`` the store has a row for, in one query."""
        rows = self.con.execute(
            "SELECT source, doc_id, status FROM documents WHERE source IN (SELECT unnest(?::VARCHAR[]))",
            [list(sources)],
        ).fetchall()
        return {str(source): (str(doc_id), str(status)) for source, doc_id, status in rows}

    def source_of(self, doc_id: str) -> str | None:
        """The source whose facts the store holds for these bytes (not a duplicate row)."""
        row = self.con.execute(
            "SELECT source FROM documents WHERE doc_id = ? AND status <> 'duplicate' ORDER BY source LIMIT 1",
            [doc_id],
        ).fetchone()
        return None if row is None else str(row[0])

    def error_code_of(self, doc_id: str, pipeline_version: str, config_hash: str) -> str | None:
        """The error code stored for these bytes under this pipeline and configuration, None when none."""
        row = self.con.execute(
            "SELECT max(error_code) FROM documents WHERE doc_id = ? AND pipeline_version = ? AND config_hash = ? "
            "AND status = 'failed'",
            [doc_id, pipeline_version, config_hash],
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def status_of(self, source: str) -> str | None:
        """The stored status of ``source`` (ok, failed, needs_ocr, duplicate), None when absent."""
        row = self.con.execute("SELECT status FROM documents WHERE source = ?", [source]).fetchone()
        return None if row is None else str(row[0])

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r} (known: {', '.join(TABLES)})")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    def query(self, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run SQL and return ``(column names, rows)``; a DuckDB error becomes a one-line :class:`StoreError`."""
        try:
            cursor = self.con.execute(sql, params or [])
            columns = [d[0] for d in cursor.description or []]
            return columns, cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            message = " ".join(str(exc).split())
            old = RESERVED_COLUMN.search(message) or OLD_COLUMN.search(message)
            if old:  # a query written for schema 2's column names
                message += (
                    f" (the column {old.group(1)} is now {COLUMN_HINT}; "
                    f"{LEGACY}.passages, {LEGACY}.entities, {LEGACY}.figures and {LEGACY}.stages keep the old names)"
                )
            if "disabled by configuration" in message or "configuration has been locked" in message:
                message += " (the query reaches only the store; indpol query --allow-files lets it use files)"
            raise StoreError(f"query failed: {message}", path=self.out_dir) from None

    # ------------------------------------------------------------------ writing

    def mark_interrupted_runs(self) -> list[tuple[str, datetime]]:
        """Mark the runs that never finished (killed, the machine down) ``interrupted``, and runs of an older
        store that did ``finished``; returns the interrupted ones' ids and start times. Only the writer may
        call it, and it holds the store's lock: no run that is still going can be among them."""
        self._check_writable()
        rows = self.con.execute(
            "UPDATE runs SET status = CASE WHEN finished_at IS NULL THEN 'interrupted' ELSE 'finished' END "
            "WHERE status IS NULL OR status = 'running' RETURNING run_id, started_at, status"
        ).fetchall()
        return sorted((str(run_id), started) for run_id, started, status in rows if status == "interrupted")

    def start_run(self, info: dict[str, Any]) -> str:
        """Record a new run (inputs, config, versions, start time, status ``running``) and return its id."""
        self._check_writable()
        now = _now()
        run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, status, version, pipeline_version, config_hash, inputs, "
            "config, info) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                now,
                _str_or_none(info.get("version")),
                _str_or_none(info.get("pipeline_version")),
                _str_or_none(info.get("config_hash")),
                to_json(info.get("inputs")),
                to_json(info.get("config")),
                json.dumps(info, ensure_ascii=False, default=str),
            ],
        )
        return run_id

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        """Store the run's end time, status ``finished`` and summary (counts per status, timings)."""
        self._check_writable()
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = 'finished', summary = ? WHERE run_id = ?",
            [_now(), json.dumps(summary, ensure_ascii=False, default=str), run_id],
        )

    def write_document(self, doc: Document, *, run_id: str, pipeline_version: str, config_hash: str) -> None:
        """Replace everything known about ``doc`` (its source row and its facts) in one transaction."""
        self._check_writable()
        facts = {} if doc.status == "duplicate" else document_fact_rows(doc)
        row = {
            **doc.summary(),
            "pipeline_version": pipeline_version,
            "config_hash": config_hash,
            "run_id": run_id,
            "written_at": _now(),
        }
        con = self.con
        with self._transaction():
            found = con.execute(
                "SELECT doc_id, source = ? FROM documents WHERE source = ? OR doc_id = ?",
                [doc.source, doc.source, doc.doc_id],
            ).fetchall()
            previous = {doc_id for doc_id, same_source in found if same_source}
            if doc.status != "duplicate" and any(doc_id == doc.doc_id for doc_id, _ in found):
                self._delete_facts(doc.doc_id)
            con.execute("DELETE FROM documents WHERE source = ?", [doc.source])
            con.execute("DELETE FROM failures WHERE source = ? AND run_id <> ?", [doc.source, run_id])
            for old_id in previous - {doc.doc_id}:
                if not self._has_owner(old_id):
                    self._delete_facts(old_id)
            self._insert("documents", [row])
            for table, rows in facts.items():
                if rows:
                    self._insert(table, rows)

    def sources_failed_with(self, code: str) -> list[str]:
        """The sources whose stored row failed with ``code``."""
        rows = self.con.execute("SELECT source FROM documents WHERE error_code = ?", [code]).fetchall()
        return [str(source) for (source,) in rows]

    def forget_sources(self, sources: list[str]) -> None:
        """Remove the rows of ``sources`` (documents, failures, and facts no other source holds)."""
        self._check_writable()
        con = self.con
        with self._transaction():
            ids = con.execute(
                "SELECT doc_id FROM documents WHERE source IN (SELECT unnest(?::VARCHAR[]))", [sources]
            ).fetchall()
            con.execute("DELETE FROM documents WHERE source IN (SELECT unnest(?::VARCHAR[]))", [sources])
            con.execute("DELETE FROM failures WHERE source IN (SELECT unnest(?::VARCHAR[]))", [sources])
            for (doc_id,) in ids:
                if not self._has_owner(doc_id):
                    self._delete_facts(doc_id)

    def write_failure(self, failure: Failure, *, run_id: str) -> None:
        """Record (or replace) the failure of one source at one stage in this run."""
        self._check_writable()
        self._insert("failures", [{"run_id": run_id, **failure.to_dict()}], replace=True)

    # ------------------------------------------------------------------ internals

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """All of the block's writes or none of them."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise

    def _insert(self, name: str, rows: list[dict[str, Any]], *, replace: bool = False) -> None:
        indpol_rows = rows_to_arrow(TABLES[name], rows)  # noqa: F841 (found by DuckDB's replacement scan)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        self.con.execute(f"{verb} INTO {name} BY NAME SELECT * FROM indpol_rows")

    def _delete_facts(self, doc_id: str) -> None:
        for table in FACT_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])

    def _has_owner(self, doc_id: str) -> bool:
        row = self.con.execute(
            "SELECT 1 FROM documents WHERE doc_id = ? AND status <> 'duplicate' LIMIT 1", [doc_id]
        ).fetchone()
        return row is not None

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("store is open read-only", path=self.out_dir)


def document_fact_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows of each fact table for one document; missing ids are derived, duplicate ids refused."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, (attr, _cls) in FACT_TABLES.items():
        id_field = ID_FIELDS[table]
        names = [name for name, _ in TABLES[table].columns]
        table_rows = []
        seen: set[str] = set()
        for record in doc.rows(attr):
            row = {
                name: doc.source if name == SOURCE else getattr(record, FIELD_NAMES.get(name, name))
                for name in names
            }
            if not row[id_field]:
                row[id_field] = _derived_id(table, row)
            if row[id_field] in seen:
                raise StoreError(
                    f"{doc.source}: two {table} rows share the id {row[id_field]}",
                    code="E_STORE_DUPLICATE_ID",
                )
            seen.add(row[id_field])
            table_rows.append(row)
        rows[table] = table_rows
    return rows


def _derived_id(table: str, row: dict[str, Any]) -> str:
    kind = row.get("label") or row.get("kind") or row.get("index") or ""
    return make_id(row.get("doc_id"), table.rstrip("s"), row.get("char_start"), row.get("char_end"), kind)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _connect(db_path: Path, out_dir: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        if "lock" in text.lower():
            match = re.search(r"PID (\d+)", text)
            pid = match.group(1) if match else "unknown"
            reason = f"another indpol run is using this store (pid {pid})"
            if read_only:
                reason += "; read it when that run has finished"
            raise StoreLockedError(reason, path=out_dir) from None
        raise StoreError(f"cannot open {DB_NAME}: {text.splitlines()[0]}", path=out_dir) from None


def _take_lock(out_dir: Path) -> int:
    """Take the store's exclusive lock at once or raise :class:`StoreLockedError`."""
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise StoreLockedError(
            f"another indpol run is using this store (pid {holder})", path=out_dir
        ) from None
    except OSError as exc:  # a file system without locks: rely on DuckDB's own lock
        logger.warning("%s: cannot lock %s (%s); relying on DuckDB's lock", out_dir, LOCK_NAME, exc)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
    return fd


def _release_lock(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        os.close(fd)


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """The columns of ``table`` as this connection sees it (a temporary view of that name included)."""
    query = (
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_catalog <> ? AND table_name = ?"
    )
    return {row[0] for row in con.execute(query, [LEGACY, table]).fetchall()}


def document_source(fact: str, documents: str = "documents") -> str:
    """SQL for the file name of fact row ``fact``'s document (a copy that is not a duplicate): the
    ``source`` of a store written before fact tables had the column."""
    return f"(SELECT min(s.source) FROM {documents} s WHERE s.doc_id = {fact}.doc_id AND s.status <> 'duplicate')"


def _older_store_views(con: duckdb.DuckDBPyConnection) -> None:
    """Read an older store as a current one without writing to it: temporary views rename schema 2's
    columns (:data:`RENAMED`), add the fact tables' ``source`` (from ``documents``) and the views
    (``passage_directions``, ``acts``)."""
    database = con.execute("SELECT current_database()").fetchone()[0]
    main = f'"{database}".main'
    for name in FACT_TABLES:
        columns = table_columns(con, name)
        renames = {old: new for old, new in RENAMED.get(name, {}).items() if old in columns}
        if columns and (SOURCE not in columns or renames):
            star = "t.*" + (f" RENAME ({_renames(renames)})" if renames else "")
            source = "" if SOURCE in columns else f", {document_source('t', f'{main}.documents')} AS source"
            con.execute(f"CREATE TEMP VIEW {name} AS SELECT {star}{source} FROM {main}.{name} t")
    for name, view in VIEWS.items():
        if not con.execute("SELECT 1 FROM duckdb_views() WHERE view_name = ?", [name]).fetchone():
            con.execute(view.replace("CREATE OR REPLACE VIEW", "CREATE TEMP VIEW"))


def _renames(renames: dict[str, str]) -> str:
    return ", ".join(f'"{old}" AS "{new}"' for old, new in renames.items())


def legacy_view_sql(table: str, source: str) -> str:
    """SQL for the view ``legacy.TABLE``: ``source``'s rows under schema 2's column names."""
    back = {new: old for old, new in RENAMED[table].items()}
    return f"CREATE OR REPLACE VIEW {LEGACY}.{table} AS SELECT * RENAME ({_renames(back)}) FROM {source}"


def _older_legacy_views(con: duckdb.DuckDBPyConnection) -> None:
    """A store opened read-only without the ``legacy`` schema gets its views in an in-memory
    database of that name (over the current names the temporary views give)."""
    if con.execute("SELECT 1 FROM duckdb_schemas() WHERE schema_name = ?", [LEGACY]).fetchone():
        return
    database = con.execute("SELECT current_database()").fetchone()[0]
    con.execute(f"ATTACH ':memory:' AS {LEGACY} (READ_WRITE)")
    for table in RENAMED:
        if table_columns(con, table):
            source = f"temp.main.{table}" if _is_temp(con, table) else f'"{database}".main.{table}'
            con.execute(legacy_view_sql(table, source))


def _is_temp(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute("SELECT 1 FROM duckdb_views() WHERE temporary AND view_name = ?", [name]).fetchone()
    )


def migrate_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 3: rename the columns that were SQL reserved words (:data:`RENAMED`) in place."""
    for table, renames in RENAMED.items():
        have = table_columns(con, table)
        for old, new in renames.items():
            if old in have and new not in have:
                logger.info("store: renaming column %s.%s to %s", table, old, new)
                con.execute(f'ALTER TABLE {table} RENAME COLUMN "{old}" TO {new}')


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, rename and add columns (schema 2 → 3), create the views (the ``legacy``
    schema's views keep schema 2's column names for one version)."""
    con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    migrate_columns(con)
    for spec in TABLES.values():
        con.execute(spec.create_sql())
        have = table_columns(con, spec.name)
        for name, sql_type in spec.columns:
            if name not in have:
                logger.info("store: adding column %s.%s", spec.name, name)
                con.execute(f'ALTER TABLE {spec.name} ADD COLUMN "{name}" {sql_type}')
                if name == SOURCE:  # a store of schema 1: its facts take their document's file name
                    con.execute(f"UPDATE {spec.name} SET source = {document_source(spec.name)}")
    for view in VIEWS.values():
        con.execute(view)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {LEGACY}")
    for table in RENAMED:
        con.execute(legacy_view_sql(table, f"main.{table}"))
    con.execute(
        "INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ?), ('updated_at', ?)",
        [str(SCHEMA_VERSION), str(time.time())],
    )


__all__ = ["DB_NAME", "Store", "document_fact_rows", "ensure_schema"]
