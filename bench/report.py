"""`indpol report` on a large run: size and render time for ~1,000 documents, and a browser's load time.

The run folder is synthesised: the sample corpus is run once, then its store's rows are copied N times
under new document ids, sources and fact ids (DuckDB SQL), so every copy is a distinct document with the
corpus' text and facts. Measured: loading the views, rendering the single page and the split folder,
their bytes, headless Chromium's time to load them (wall time of ``--dump-dom`` minus an empty page's),
and, as a competitor in the same run, pandas ``DataFrame.to_html`` writing the same five facts tables.

    .venv/bin/python bench/report.py [--copies 84] [--repeat 3] [--work /tmp/indpol-report-bench]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from indpol.facts import STORED  # noqa: E402
from indpol.store.database import DB_NAME, Store  # noqa: E402
from indpol.store.reader import open_run  # noqa: E402
from indpol.view.page import render_report  # noqa: E402
from indpol.view.tables import TABLES, tables_payload  # noqa: E402

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def synthesise(corpus_run: Path, out: Path, copies: int) -> None:
    """``copies`` copies of every document and fact of ``corpus_run`` in a new run folder ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    Store.open(out).close()
    con = duckdb.connect(str(out / DB_NAME))
    con.execute(f"ATTACH '{corpus_run / DB_NAME}' AS src (READ_ONLY)")
    suffix = "lpad(r::VARCHAR, 4, '0')"
    con.execute(f"INSERT INTO documents SELECT s.* REPLACE (doc_id || {suffix} AS doc_id, "
                f"'copy' || {suffix} || '/' || source AS source) FROM src.documents s, range({copies}) t(r)")  # fmt: skip
    for fact in STORED:
        replaced = [f"doc_id || {suffix} AS doc_id", f"'copy' || {suffix} || '/' || source AS source",
                    f"{fact.id_field} || '-' || {suffix} AS {fact.id_field}"]  # fmt: skip
        if fact.name != "passages" and fact.name != "tables":
            replaced.append(f"passage_id || '-' || {suffix} AS passage_id")
        if fact.name == "passages":
            replaced.append(f"table_id || '-' || {suffix} AS table_id")
        if fact.name == "figures":
            replaced.append(f"part_of || '-' || {suffix} AS part_of")
        con.execute(f"INSERT INTO {fact.name} SELECT s.* REPLACE ({', '.join(replaced)}) "
                    f"FROM src.{fact.name} s, range({copies}) t(r)")  # fmt: skip
    con.close()


def timed(function, repeat: int):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def browser_seconds(page: Path, work: Path, repeat: int) -> float | None:
    """Median wall time of headless Chromium loading ``page`` and running its script, minus an empty page's."""
    if BROWSER is None:
        return None
    blank = work / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")

    def load(path: Path) -> float:
        start = time.perf_counter()
        subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={work / 'profile'}",
                        "--dump-dom", path.as_uri()], capture_output=True, check=True, timeout=600)  # fmt: skip
        return time.perf_counter() - start

    base = statistics.median(load(blank) for _ in range(repeat))
    return statistics.median(load(page) for _ in range(repeat)) - base


def pandas_tables(facts) -> str:  # type: ignore[no-untyped-def]
    """The five facts tables as pandas writes them (``to_html``), the same rows and columns as ours."""
    entities = facts.entities
    frames = {
        "figures": facts.figures[["source", "page", "text", "kind", "value", "unit", "indicator", "period_start",
                                  "period_end"]],
        "stages": facts.stages[["source", "page", "kind", "stage", "text", "action", "period_start", "period_end",
                                "status", "completion"]],
        "acts": entities[entities["label"] == "LAW"][["source", "page", "text", "canonical", "attrs"]],
        "entities": entities[entities["label"] != "LAW"][["source", "page", "text", "label", "canonical", "kind"]],
        "directions": facts.query("SELECT source, page, label, score, text FROM passage_directions"),
    }  # fmt: skip
    return "".join(f"<h2>{name}</h2>" + frame.to_html(index=False) for name, frame in frames.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--copies", type=int, default=84, help="copies of the 12 corpus documents (84 → 1,008)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/indpol-report-bench"))
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus_run = work / "corpus-run"
    if not (corpus_run / DB_NAME).is_file():
        from indpol.pipeline import Pipeline

        Pipeline.from_config().run([ROOT / "corpus"], corpus_run)
    big = work / "big-run"
    synthesise(corpus_run, big, args.copies)
    facts = open_run(big)
    load_s, views = timed(lambda: open_run(big).views(), args.repeat)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"documents: {len(views)}; marks: {sum(len(v.marks) for v in views)}; "
          f"text: {sum(len(v.text) for v in views) / 1e6:.1f} M characters")  # fmt: skip
    print(f"load views from the store: {load_s:.2f} s")
    single_s, single = timed(lambda: render_report(views, split=False), args.repeat)
    split_s, split = timed(lambda: render_report(views, split=True), args.repeat)
    auto = render_report(views)
    print(f"render single page: {single_s:.2f} s, {single.size / 1e6:.1f} MB")
    print(f"render split folder: {split_s:.2f} s, {split.size / 1e6:.1f} MB in {len(split.pages)} pages, "
          f"index {len(split.pages['index.html'].encode()) / 1e6:.1f} MB")  # fmt: skip
    print(f"default (20 MB threshold): {'single page' if auto.single else 'split folder'}")
    facts_s, payload = timed(lambda: tables_payload(views, lambda v: "#"), args.repeat)
    rows = sum(len(t["rows"]) for t in payload["tables"])
    pandas_s, pandas_html = timed(lambda: pandas_tables(facts), args.repeat)
    from indpol.display import json_for_script

    ours = len(json_for_script(payload).encode())
    print(f"facts tables ({', '.join(TABLES)}): {rows} rows; ours (JSON for the page's script) {facts_s:.2f} s, "
          f"{ours / 1e6:.1f} MB; pandas to_html {pandas_s:.2f} s, {len(pandas_html.encode()) / 1e6:.1f} MB")  # fmt: skip
    print(
        f"ratio: pandas time / ours {pandas_s / facts_s:.2f}; pandas bytes / ours {len(pandas_html.encode()) / ours:.2f}"
    )
    (work / "single.html").write_text(single.pages["index.html"], encoding="utf-8")
    folder = work / "split"
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in split.pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (work / "pandas.html").write_text(f"<!DOCTYPE html><meta charset=utf-8>{pandas_html}", encoding="utf-8")
    for name, page in (("single page", work / "single.html"), ("split index", folder / "index.html"),
                       ("split document page", next((folder / "docs").glob("*.html"))),
                       ("pandas tables", work / "pandas.html")):  # fmt: skip
        seconds = browser_seconds(page, work, args.repeat)
        if seconds is not None:
            print(f"chromium load {name}: {seconds:.2f} s")


if __name__ == "__main__":
    main()
