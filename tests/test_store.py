"""Fact store: schema, rewrite semantics, incremental skip, locking, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import duckdb
import pytest

from indpol.errors import StoreError, StoreLockedError
from indpol.records import Entity, Failure, Figure, Stage, Table
from indpol.store.database import DB_NAME, VIEWS, Store
from indpol.store.schema import SCHEMA_VERSION, TABLES
from indpol.testing import make_document

TEXT = (
    "Взаимный товарооборот в 2023 году составил 50 млрд долларов.\n\n"
    "Выполнено 80 % мероприятий Союзной программы.\n\n"
    "Первый этап – создание базовых условий взаимодействия."
)


def fact(doc, cls, needle, **fields):
    """A fact record of ``cls`` over the first occurrence of ``needle`` in ``doc``."""
    start = doc.text.index(needle)
    passage = next(p for p in doc.passages if p.start <= start < p.end)
    prov = doc.provenance(passage, start - passage.start, start - passage.start + len(needle))
    return cls(**prov, **fields)


def build(doc_id="doc-a", source="a.txt", text=TEXT):
    doc = make_document(text, doc_id=doc_id)
    doc.source = source
    doc.figures.append(
        fact(
            doc,
            Figure,
            "50 млрд долларов",
            kind="money",
            value=5e10,
            unit="USD",
            indicator="взаимный товарооборот",
            period_start="2023",
            table={"row": "оборот"},
        )
    )
    doc.entities.append(
        fact(
            doc,
            Entity,
            "Союзной программы",
            label="LAW",
            canonical="Союзная программа",
            attrs={"doc_type": "программа"},
            entity_id=f"{doc_id}-e1",
        )
    )
    doc.stages.append(
        fact(
            doc,
            Stage,
            "создание базовых условий взаимодействия",
            action="создание",
            object="базовые условия",
            status="planned",
            stage_id=f"{doc_id}-s1",
        )
    )
    doc.tables.append(
        Table(
            doc_id=doc_id,
            table_id=f"{doc_id}-t1",
            index=0,
            page=None,
            bbox=(1.0, 2.0, 3.0, 4.0),
            rows=(("Показатель", "2023"), ("Оборот", "50")),
            caption="Таблица 1",
        )
    )
    return doc


def counts(store: Store) -> dict[str, int]:
    return {t: store.count(t) for t in ("documents", "passages", "tables", "entities", "figures", "stages")}


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "run") as st:
        yield st


def write(store, doc, run_id=None, version="1", config="h"):
    run_id = run_id or store.start_run({"inputs": ["x"]})
    store.write_document(doc, run_id=run_id, pipeline_version=version, config_hash=config)
    return run_id


def test_store_open_creates_file_and_typed_schema(tmp_path):
    with Store.open(tmp_path / "new" / "run") as st:
        assert (tmp_path / "new" / "run" / DB_NAME).is_file()
        types = dict(
            st.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'figures'"
            ).fetchall()
        )
    assert types["value"] == "DOUBLE"
    assert types["char_start"] == "BIGINT"
    assert types["table_cell"] == "JSON"
    assert types["text"] == "VARCHAR"
    assert list(types)[:5] == ["doc_id", "passage_id", "figure_id", "source", "page"]  # SELECT * reads so too


def test_write_document_roundtrips_every_table(store):
    doc = build()
    write(store, doc)
    assert counts(store) == {
        "documents": 1,
        "passages": 3,
        "tables": 1,
        "entities": 1,
        "figures": 1,
        "stages": 1,
    }
    value, unit, table_json = store.con.execute("SELECT value, unit, table_cell FROM figures").fetchone()
    assert (value, unit, json.loads(table_json)) == (5e10, "USD", {"row": "оборот"})
    rows, bbox = store.con.execute("SELECT rows, bbox FROM tables").fetchone()
    assert json.loads(rows) == [["Показатель", "2023"], ["Оборот", "50"]]
    assert json.loads(bbox) == [1.0, 2.0, 3.0, 4.0]
    figure_id = store.con.execute("SELECT figure_id FROM figures").fetchone()[0]
    assert len(figure_id) == 16  # derived when the extractor left it empty


def test_write_document_twice_replaces_not_duplicates(store):
    doc = build()
    run = write(store, doc)
    doc.figures.clear()
    write(store, doc, run_id=run)
    assert counts(store) == {
        "documents": 1,
        "passages": 3,
        "tables": 1,
        "entities": 1,
        "figures": 0,
        "stages": 1,
    }


def test_duplicate_keeps_original_facts(store):
    run = write(store, build())
    dup = build()
    dup.source, dup.status, dup.duplicate_of = "copy.txt", "duplicate", "a.txt"
    store.write_document(dup, run_id=run, pipeline_version="1", config_hash="h")
    rows = store.con.execute("SELECT source, status, duplicate_of FROM documents ORDER BY source").fetchall()
    assert rows == [("a.txt", "ok", None), ("copy.txt", "duplicate", "a.txt")]
    assert counts(store)["passages"] == 3


def test_changed_bytes_at_same_source_drop_old_facts(store):
    run = write(store, build(doc_id="old"))
    write(store, build(doc_id="new"), run_id=run)
    assert store.con.execute("SELECT DISTINCT doc_id FROM passages").fetchall() == [("new",)]
    assert counts(store)["documents"] == 1


@pytest.mark.parametrize(
    ("status", "code", "version", "config", "expected"),
    [
        ("ok", None, "1", "h", True),
        ("needs_ocr", "E_NO_TEXT_LAYER", "1", "h", True),
        ("failed", "E_BROKEN_FILE", "1", "h", True),
        ("failed", "E_STAGE_FAILED", "1", "h", False),  # a crashed step is retried
        ("failed", "E_TIMEOUT", "1", "h", False),
        ("failed", "E_WORKER_CRASH", "1", "h", False),
        ("ok", None, "2", "h", False),
        ("ok", None, "1", "other", False),
        ("duplicate", None, "1", "h", False),
    ],
)
def test_is_done(store, status, code, version, config, expected):
    doc = build()
    doc.status, doc.error_code = status, code
    write(store, doc)
    assert store.is_done("doc-a", version, config) is expected
    assert store.is_done("unknown", "1", "h") is False
    # the same answer for many documents in one query, with the source holding their facts
    assert store.done_sources(["doc-a", "unknown"], version, config) == (
        {"doc-a": "a.txt"} if expected else {}
    )


def test_write_failure_replaces_per_run_source_stage(store):
    run = store.start_run({})
    store.write_failure(
        Failure(source="b.pdf", doc_id=None, status="failed", code="E1", reason="one"), run_id=run
    )
    store.write_failure(
        Failure(source="b.pdf", doc_id=None, status="failed", code="E2", reason="two"), run_id=run
    )
    assert store.con.execute("SELECT code, reason FROM failures").fetchall() == [("E2", "two")]


def test_failure_of_earlier_run_cleared_when_source_rewritten(store):
    first = store.start_run({})
    store.write_failure(
        Failure(source="a.txt", doc_id="doc-a", status="failed", code="E", reason="x"), run_id=first
    )
    write(store, build(), run_id=store.start_run({}))
    assert store.count("failures") == 0


def test_runs_row_has_inputs_and_summary(store):
    run = store.start_run({"inputs": ["corpus/"], "config": {"run": {"workers": 2}}, "version": "0.1.0"})
    store.finish_run(run, {"ok": 3, "failed": 1})
    inputs, config, summary, finished = store.con.execute(
        "SELECT inputs, config, summary, finished_at FROM runs WHERE run_id = ?", [run]
    ).fetchone()
    assert json.loads(inputs) == ["corpus/"]
    assert json.loads(config) == {"run": {"workers": 2}}
    assert json.loads(summary) == {"ok": 3, "failed": 1}
    assert finished is not None


def test_duplicate_fact_ids_refused_and_nothing_written(store):
    doc = build()
    doc.stages.append(doc.stages[0])
    with pytest.raises(StoreError, match="share the id"):
        write(store, doc)
    assert counts(store)["documents"] == 0


def test_failed_transaction_leaves_previous_version(store, monkeypatch):
    run = write(store, build())
    original = Store._insert

    def broken(self, name, rows, **kw):
        if name == "figures":
            raise RuntimeError("disk full")
        return original(self, name, rows, **kw)

    monkeypatch.setattr(Store, "_insert", broken)
    doc = build()
    doc.stages.clear()
    with pytest.raises(RuntimeError):
        write(store, doc, run_id=run)
    assert counts(store)["stages"] == 1  # rolled back: the old stage is still there


def test_second_writer_in_same_process_refused(tmp_path):
    with Store.open(tmp_path) as _first, pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"):
        Store.open(tmp_path)
    Store.open(tmp_path).close()  # released on close


def test_read_only_missing_store_is_clear_error(tmp_path):
    with pytest.raises(StoreError, match="not an indpol run folder"):
        Store.open(tmp_path, read_only=True)


def test_read_only_refuses_writes(tmp_path):
    Store.open(tmp_path).close()
    with Store.open(tmp_path, read_only=True) as st, pytest.raises(StoreError, match="read-only"):
        st.start_run({})


HOLDER = textwrap.dedent(
    """
    import sys, time
    from indpol.store.database import Store
    store = Store.open(sys.argv[1])
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_concurrent_writer_refused_then_stale_lock_taken_over(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(
            StoreLockedError, match=f"another indpol run is using this store \\(pid {proc.pid}\\)"
        ):
            Store.open(tmp_path)
        with pytest.raises(StoreLockedError, match="read it when that run has finished"):
            Store.open(tmp_path, read_only=True)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with Store.open(tmp_path) as st:  # the dead holder's lock is taken over
        assert st.count("documents") == 0


WRITER = textwrap.dedent(
    """
    import sys
    from indpol.store.database import Store
    from indpol.testing import make_document
    from indpol.records import Figure
    text = "\\n\\n".join(f"Абзац номер {i} о промышленной кооперации." for i in range(40))
    with Store.open(sys.argv[1]) as store:
        run = store.start_run({"inputs": ["gen"]})
        for n in range(int(sys.argv[2])):
            doc_id = f"doc{n:04d}"
            if store.is_done(doc_id, "1", "h"):
                continue
            doc = make_document(text, doc_id=doc_id)
            doc.source = f"{doc_id}.txt"
            for p in doc.passages:
                doc.figures.append(Figure(**doc.provenance(p, 12, 14), kind="count", value=float(n)))
            store.write_document(doc, run_id=run, pipeline_version="1", config_hash="h")
            print(n, flush=True)
        store.finish_run(run, {})
    """
)


def test_killed_run_loses_nothing_and_resume_duplicates_nothing(tmp_path):
    total = 120
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), str(total)], stdout=subprocess.PIPE, text=True
    )
    written = 0
    while written < 15:
        line = proc.stdout.readline()
        assert line, "writer ended early"
        written = int(line) + 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store.open(tmp_path, read_only=True) as st:
        per_doc = st.con.execute(
            "SELECT d.doc_id, (SELECT count(*) FROM passages p WHERE p.doc_id = d.doc_id),"
            " (SELECT count(*) FROM figures f WHERE f.doc_id = d.doc_id) FROM documents d"
        ).fetchall()
    assert written <= len(per_doc) < total
    assert {(p, f) for _, p, f in per_doc} == {(40, 40)}  # every stored document is complete
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(tmp_path), str(total)], capture_output=True, text=True, check=True
    )
    assert len(done.stdout.split()) == total - len(per_doc)  # only the missing ones were written
    con = duckdb.connect(str(tmp_path / DB_NAME), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (
            total,
            total,
        )
        assert con.execute("SELECT count(*) FROM passages").fetchone() == (total * 40,)
        assert con.execute("SELECT count(*) FROM figures").fetchone() == (total * 40,)
    finally:
        con.close()


def test_schema_gains_missing_columns(tmp_path):
    con = duckdb.connect(str(tmp_path / DB_NAME))  # a store written before Figure gained "approx"
    con.execute(TABLES["figures"].create_sql().replace('"approx" VARCHAR, ', ""))
    con.close()
    with Store.open(tmp_path) as st:
        write(st, build())
        assert st.con.execute("SELECT approx FROM figures").fetchall() == [(None,)]


def test_store_path_is_a_file_error(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"not a database at all" * 10)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(tmp_path)


def write_schema_one_document(store: Store, doc_id: str) -> None:
    """One document from old.txt, its fact tables then without the source column, as schema 1 had them."""
    doc = make_document("Программа выполнена на 80 %.", doc_id=doc_id)
    doc.source = "old.txt"
    store.write_document(doc, run_id="r", pipeline_version="1", config_hash="h")
    for table in ("passages", "tables", "entities", "figures", "stages"):
        store.con.execute(f"ALTER TABLE {table} DROP COLUMN source")


def test_a_store_without_source_columns_gets_them_filled(tmp_path):
    with Store.open(tmp_path) as store:
        write_schema_one_document(store, "old1")
    with Store.open(tmp_path) as store:
        assert store.con.execute("SELECT DISTINCT source FROM passages").fetchall() == [("old.txt",)]


def test_an_older_store_reads_read_only_with_the_new_columns(tmp_path):
    from indpol.store.export import export_run
    from indpol.store.reader import open_run

    with Store.open(tmp_path) as store:
        write_schema_one_document(store, "old2")
        store.con.execute("ALTER TABLE figures DROP COLUMN is_total")
        store.con.execute("DROP VIEW passage_directions")
    export_run(tmp_path, ["csv"], to=tmp_path / "x")  # read-only: nothing is added to the store
    assert "source" in (tmp_path / "x" / "passages.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    run = open_run(tmp_path)
    assert run.passages["source"].tolist() == ["old.txt"] and "is_total" in run.figures.columns
    with Store.open(tmp_path, read_only=True) as store:
        assert store.query("SELECT count(*) FROM passage_directions")[1] == [(0,)]


CELL = '{"row": "Оборот"}'  # a figure's table_cell as the store holds it
SCHEMA_TWO_NAMES = {"char_start": "start", "char_end": "end", "position": "order", "table_cell": "table"}


def write_schema_two_store(folder, doc) -> None:
    """A store as schema 2 wrote it: its DDL (fact columns start, end, order, table), views, version 2,
    no legacy schema; its rows those the current code writes for ``doc``."""
    with Store.open(folder / "current") as current:
        write(current, doc)
        rows = {name: current.con.execute(f"SELECT * FROM {name}").fetchall() for name in TABLES}
    con = duckdb.connect(str(folder / DB_NAME))
    con.execute("CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO store_meta VALUES ('schema_version', '2')")
    for name, spec in TABLES.items():
        ddl = spec.create_sql()
        for new, old in SCHEMA_TWO_NAMES.items():
            ddl = ddl.replace(f'"{new}"', f'"{old}"')
        con.execute(ddl)
        if rows[name]:
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(spec.columns))})", rows[name])
    for view in VIEWS.values():
        con.execute(view)
    con.close()


def stage_doc():
    doc = build()
    doc.stages[0] = doc.stages[0].replace(order=2)
    doc.figures[0] = doc.figures[0].replace(table={"row": "Оборот"})
    return doc


def test_a_schema_two_store_is_migrated_on_open_and_keeps_its_rows(tmp_path):
    doc = stage_doc()
    write_schema_two_store(tmp_path, doc)
    figure, stage = doc.figures[0], doc.stages[0]
    with Store.open(tmp_path) as store:
        con = store.con
        assert con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        for name, spec in TABLES.items():  # the columns, their types and order of a new store
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                [name],
            ).fetchall()
            assert dict(columns) == spec.types, name
        assert con.execute("SELECT char_start, char_end, table_cell FROM figures").fetchall() == [
            (figure.start, figure.end, CELL)
        ]
        assert con.execute("SELECT char_start, position FROM stages").fetchall() == [(stage.start, 2)]
        assert con.execute('SELECT "start", "end", "table" FROM legacy.figures').fetchall() == [
            (figure.start, figure.end, CELL)
        ]
        assert con.execute('SELECT "order" FROM legacy.stages').fetchall() == [(2,)]
        write(store, build(doc_id="doc-b", source="b.txt"))  # the migrated store takes new documents
        assert store.count("figures") == 2
    with Store.open(tmp_path) as store:  # opening again changes nothing
        assert store.con.execute("SELECT count(*) FROM legacy.figures").fetchone() == (2,)


def test_a_schema_two_store_reads_read_only_with_the_new_names_and_legacy_views(tmp_path):
    from indpol.store.export import export_run
    from indpol.store.reader import open_run

    doc = stage_doc()
    write_schema_two_store(tmp_path, doc)
    figure = doc.figures[0]
    with Store.open(tmp_path, read_only=True, sealed=True) as store:
        assert store.query("SELECT char_start, char_end, table_cell FROM figures")[1] == [
            (figure.start, figure.end, CELL)
        ]
        assert store.query("SELECT position FROM stages")[1] == [(2,)]
        assert store.query('SELECT "start", "end", "table" FROM legacy.figures')[1] == [
            (figure.start, figure.end, CELL)
        ]
        assert store.query('SELECT "order" FROM legacy.stages')[1] == [(2,)]
        assert store.query("SELECT count(*) FROM passage_directions")[1] == [(0,)]
    run = open_run(tmp_path)
    assert run.figures[["char_start", "char_end"]].values.tolist() == [[figure.start, figure.end]]
    assert run.figures["table_cell"].tolist() == [{"row": "Оборот"}]
    assert run.stages["position"].tolist() == [2]
    export_run(tmp_path, ["csv"], to=tmp_path / "x")
    header = (tmp_path / "x" / "figures.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert {"char_start", "char_end", "table_cell"} <= set(header)
    assert not {"start", "end", "table"} & set(header)
    con = duckdb.connect(str(tmp_path / DB_NAME), read_only=True)  # read-only: the file is as it was
    try:
        assert con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone() == ("2",)
        assert "end" in {r[0] for r in con.execute("DESCRIBE figures").fetchall()}
    finally:
        con.close()
