"""A run's facts as pandas DataFrames (the notebook API's reading half).

>>> import indpol
>>> run = indpol.open("out/")
>>> run.figures[["indicator", "value", "unit", "period_start"]]
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from indpol.errors import StoreError
from indpol.facts import STORED
from indpol.records import Document
from indpol.store.database import DB_NAME, Store, ensure_schema
from indpol.store.export import export_query
from indpol.store.schema import TABLES
from indpol.view.model import DocView, clean

if TYPE_CHECKING:
    pass

INLINE_DOCUMENT_CHARS = 1_000_000  # a notebook shows a run's documents inline up to this much text
PANDAS_TYPES = {"BIGINT": "Int64", "DOUBLE": "float64", "BOOLEAN": "boolean", "VARCHAR": "str"}


class RunFacts:
    """A run's tables as DataFrames (``documents``, ``passages``, ``tables``, ``entities``,
    ``figures``, ``stages``, ``failures``, ``runs``), read lazily and cached.

    Build it with :func:`open_run` (a run folder) or :meth:`from_documents` (records in memory).
    Nested fields (directions, attrs, table, rows, bbox) are Python lists and dicts.
    """

    def __init__(
        self, path: Path | None = None, con: duckdb.DuckDBPyConnection | None = None, label: str = ""
    ):
        self.path = path
        self.label = label or (str(path) if path else "documents")
        self._con = con
        self._frames: dict[str, pd.DataFrame] = {}

    @classmethod
    def from_documents(cls, docs: Iterable[Document], label: str = "documents") -> RunFacts:
        """Facts of in-memory Documents, with exactly the columns and types of a stored run."""
        con = duckdb.connect()
        ensure_schema(con)
        store = Store(Path("<memory>"), con, None, False)
        for doc in docs:
            store.write_document(doc, run_id="memory", pipeline_version="", config_hash="")
        return cls(con=con, label=label)

    def table(self, name: str) -> pd.DataFrame:
        """One table as a DataFrame in export order (cached)."""
        if name not in TABLES:
            raise StoreError(f"unknown table {name!r} (known: {', '.join(TABLES)})")
        if name not in self._frames:
            self._frames[name] = self._read(name)
        return self._frames[name]

    def query(self, sql: str) -> pd.DataFrame:
        """Run SQL (read-only) over the run's tables."""
        if self._con is not None:
            return self._con.execute(sql).df()
        with Store.open(self.path, read_only=True) as store:  # type: ignore[arg-type]
            try:
                return store.con.execute(sql).df()
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {' '.join(str(exc).split())}", path=self.path) from None

    def load(self) -> RunFacts:
        """Read every table now (e.g. before the store's folder goes away)."""
        for name in TABLES:
            self.table(name)
        return self

    def _read(self, name: str) -> pd.DataFrame:
        if self._con is not None:
            return to_frame(self._con, name)
        with Store.open(self.path, read_only=True) as store:  # type: ignore[arg-type]
            return to_frame(store.con, name)

    documents = property(lambda self: self.table("documents"))
    failures = property(lambda self: self.table("failures"))
    runs = property(lambda self: self.table("runs"))

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        if self._con is not None:
            return {name: self._con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}
        with Store.open(self.path, read_only=True) as store:  # type: ignore[arg-type]
            return {name: store.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={count}" for name, count in self.counts().items() if name != "runs")
        return f"RunFacts({self.label!r}: {shown})"

    def views(self, doc_ids: Iterable[str] | None = None) -> list[DocView]:
        """The documents (all, or those of ``doc_ids``) as the report's views show them, in the documents
        table's order; each document's text is rebuilt from its passages."""
        wanted = None if doc_ids is None else set(doc_ids)
        grouped: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for name in ("passages", "entities", "figures", "stages"):
            frame = self.table(name)
            if wanted is not None:
                frame = frame[frame["doc_id"].isin(wanted)]
            for row in frame.to_dict("records"):
                grouped[row["doc_id"]][name].append(row)
        views = []
        for summary in self.documents.to_dict("records"):
            if wanted is not None and summary["doc_id"] not in wanted:
                continue
            rows = grouped.get(summary["doc_id"], {})
            views.append(
                DocView.from_rows(
                    summary, *(rows.get(n, ()) for n in ("passages", "entities", "figures", "stages"))
                )
            )
        return views

    def _repr_html_(self) -> str:
        """The run's overview and facts tables inline (its documents too when the run is small)."""
        from indpol.view.page import run_fragment

        views = self.views()
        small = sum(len(view.text) for view in views) <= INLINE_DOCUMENT_CHARS
        failures = [{k: clean(v) for k, v in row.items()} for row in self.failures.to_dict("records")]
        return run_fragment(views, failures, with_documents=small)


for _fact in STORED:  # one DataFrame property per stored fact type (indpol.facts)
    setattr(RunFacts, _fact.name, property(lambda self, name=_fact.name: self.table(name)))


def to_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Read table ``name`` with stable dtypes (nullable ints/bools, str, parsed JSON)."""
    spec = TABLES[name]
    frame = con.execute(export_query(name, con)).df()
    types = spec.types
    for column in frame.columns:
        sql = types[column]
        if sql == "JSON":
            frame[column] = pd.Series(
                [json.loads(v) if isinstance(v, str) else None for v in frame[column]],
                dtype=object,
                index=frame.index,
            )
        elif sql in PANDAS_TYPES:
            frame[column] = frame[column].astype(PANDAS_TYPES[sql])
    return frame


def open_run(out_dir: str | Path) -> RunFacts:
    """The facts of the run folder ``out_dir`` (which holds ``facts.duckdb``)."""
    path = Path(out_dir)
    if not (path / DB_NAME).is_file():
        raise StoreError(f"no {DB_NAME} here (not an indpol run folder)", path=path)
    return RunFacts(path=path, label=str(path))


__all__ = ["RunFacts", "open_run", "to_frame"]
