"""`indpol report` on a large run: size and render time for ~1,000 documents, and a browser's load time.

The run folder is synthesised: the sample corpus is run once, then its store's rows are copied N times
under new document ids, sources and fact ids (DuckDB SQL), so every copy is a distinct document with the
corpus' text and facts. Measured: loading the views, rendering the single page and the split folder,
their bytes, and headless Chromium opening them: **ready** is the page's own clock from navigation to its
load event with layout done (its script ran and, in a split index, the first data files are in); **dump**
the wall time of ``--dump-dom`` minus an empty page's (what the first version of this bench measured: it
adds serialising the whole DOM). In the split index, **filter** is the time from typing a word in the
entities table to its rows shown, every data file of that table loaded. ``--sweep`` renders one page for
several run sizes and opens each (to choose the split threshold); as a competitor in the same run, pandas
``DataFrame.to_html`` writes the same five facts tables.

    .venv/bin/python bench/report.py [--copies 84] [--repeat 3] [--sweep 1,2,4,8,16,32] [--no-single]
        [--group-kb 1000] [--work /tmp/indpol-report-bench]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
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
from indpol.view.page import Report, render_report  # noqa: E402
from indpol.view.tables import GROUP_BYTES, TABLES, tables_payload  # noqa: E402

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu")
# At the load event (which waits for the data files a split index asks for while it loads): force layout,
# read the clock, then empty the page so that --dump-dom has nothing to serialise.
PROBE = """<script>%s
addEventListener("load", function () {
  void document.body.offsetHeight;
  var out = {ready: performance.now()}; %s
  document.documentElement.innerHTML = "<body><pre id=probe>" + JSON.stringify(out) + "</pre></body>";
});</script>"""
MAX_OPENED = 150_000_000  # pandas' 206 MB page of 5,004 documents was still loading after 10 minutes
DATA_SRC = re.compile(r'<script src="\.\./(data/[^"]+)"')
FILTER = (
    """var ft = document.querySelector('.ft[data-table="entities"]'), input = ft.querySelector("input.filter");
var t0 = performance.now(); input.value = %s; input.dispatchEvent(new Event("input"));""",
    """out.filter = out.ready - t0; out.count = ft.querySelector(".count").textContent;""",
)


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


def chromium(page: Path, work: Path, fragment: str = "") -> tuple[float, str]:
    """Wall time of headless Chromium dumping ``page``, and what it dumped."""
    assert BROWSER is not None
    start = time.perf_counter()
    done = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={work / 'profile'}", "--dump-dom",
                           page.as_uri() + fragment], capture_output=True, text=True, check=True, timeout=900)  # fmt: skip
    return time.perf_counter() - start, done.stdout


def dump_seconds(page: Path, work: Path, repeat: int) -> float:
    """Median wall time of ``--dump-dom`` of ``page`` minus an empty page's."""
    blank = work / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
    base = statistics.median(chromium(blank, work)[0] for _ in range(repeat))
    return statistics.median(chromium(page, work)[0] for _ in range(repeat)) - base


def probe(page: Path, work: Path, repeat: int, before: str = "", after: str = "") -> dict:
    """The page's own clock at its load event (median ``ready`` of ``repeat`` loads, seconds), with the
    script ``before`` run after the page's and ``after`` in the load handler (which may add to ``out``)."""
    html = page.read_text(encoding="utf-8")
    end = html.rfind("</body>") if "</body>" in html else len(html)
    copy = page.with_name(f"__probe_{page.name}")
    copy.write_text(html[:end] + PROBE % (before, after) + html[end:], encoding="utf-8")
    runs = []
    try:
        for _ in range(repeat):
            found = re.search(r'<pre id="probe">(.*?)</pre>', chromium(copy, work)[1], re.S)
            assert found, f"no probe result from {page}"
            runs.append(json.loads(found.group(1).replace("&amp;", "&")))
    finally:
        copy.unlink()
    out = runs[len(runs) // 2] | {
        k: statistics.median(r[k] for r in runs) for k in ("ready", "filter") if k in runs[0]
    }
    return {k: v / 1000 if k in ("ready", "filter") else v for k, v in out.items()}


def write_folder(report: Report, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in (*report.pages.items(), *report.data.items()):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def sweep(corpus_run: Path, work: Path, copies: list[int], repeat: int) -> None:
    """One page for runs of ``copies`` × 12 documents: bytes and Chromium's ready time."""
    print("one page by run size (documents, MB, Chromium ready s):")
    for n in copies:
        run = work / f"sweep-{n}"
        synthesise(corpus_run, run, n)
        report = render_report(open_run(run).views(), split=False)
        page = work / f"sweep-{n}.html"
        page.write_text(report.pages["index.html"], encoding="utf-8")
        ready = probe(page, work, repeat)["ready"]
        print(f"  {12 * n:6d} {report.size / 1e6:7.1f} {ready:7.2f}")
        shutil.rmtree(run)


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
    parser.add_argument("--sweep", default="", help="comma-separated copies for the one-page size sweep")
    parser.add_argument("--no-single", action="store_true", help="neither render nor open the one page")
    parser.add_argument("--group-kb", type=int, default=GROUP_BYTES // 1000, help="data file group size")
    parser.add_argument("--work", type=Path, default=Path("/tmp/indpol-report-bench"))
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus_run = work / "corpus-run"
    if not (corpus_run / DB_NAME).is_file():
        from indpol.pipeline import Pipeline

        Pipeline.from_config().run([ROOT / "corpus"], corpus_run)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    if args.sweep and BROWSER:
        sweep(corpus_run, work, [int(n) for n in args.sweep.split(",")], args.repeat)
    if not args.copies:
        return
    big = work / "big-run"
    synthesise(corpus_run, big, args.copies)
    facts = open_run(big)
    load_s, views = timed(lambda: open_run(big).views(), args.repeat)
    print(f"documents: {len(views)}; marks: {sum(len(v.marks) for v in views)}; "
          f"text: {sum(len(v.text) for v in views) / 1e6:.1f} M characters")  # fmt: skip
    print(f"load views from the store: {load_s:.2f} s")
    if not args.no_single:
        single_s, single = timed(lambda: render_report(views, split=False), args.repeat)
        print(f"render single page: {single_s:.2f} s, {single.size / 1e6:.1f} MB")
        (work / "single.html").write_text(single.pages["index.html"], encoding="utf-8")
    group = args.group_kb * 1000
    split_s, split = timed(lambda: render_report(views, split=True, group_bytes=group), args.repeat)
    index_mb = len(split.pages["index.html"].encode()) / 1e6
    data = [len(text.encode()) for text in split.data.values()]
    print(f"render split folder: {split_s:.2f} s, {split.size / 1e6:.1f} MB: {len(split.pages)} pages, "
          f"index {index_mb:.2f} MB; {len(data)} data files of {min(data) / 1e3:.0f}–{max(data) / 1e3:.0f} KB")  # fmt: skip
    doc_page = next(name for name in split.pages if name.startswith("docs/"))
    doc_data = sum(len(split.data[path].encode()) for path in re.findall(DATA_SRC, split.pages[doc_page]))
    print(
        f"a document page: {len(split.pages[doc_page].encode()) / 1e3:.0f} KB and its data files {doc_data / 1e3:.0f} KB"
    )
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
    folder = work / "split"
    write_folder(split, folder)
    (work / "pandas.html").write_text(f"<!DOCTYPE html><meta charset=utf-8>{pandas_html}", encoding="utf-8")
    if BROWSER is None:
        return
    pages = [("single page", work / "single.html")] if not args.no_single else []
    pages += [("split index", folder / "index.html"), ("split document page", folder / doc_page),
              ("pandas tables", work / "pandas.html")]  # fmt: skip
    for name, page in pages:
        if page.stat().st_size > MAX_OPENED:
            print(f"chromium {name}: not opened ({page.stat().st_size / 1e6:.0f} MB)")
            continue
        ready = probe(page, work, args.repeat)["ready"]
        dump = dump_seconds(page, work, args.repeat)
        print(f"chromium {name}: ready {ready:.2f} s, dump {dump:.2f} s")
    word = json.dumps(views[-1].source)
    found = probe(folder / "index.html", work, args.repeat, FILTER[0] % word, FILTER[1])
    print(f"chromium split index, filter the entities table across its {len(payload['tables'][3]['rows'])} rows: "
          f"{found['filter']:.2f} s ({found['count']})")  # fmt: skip


if __name__ == "__main__":
    main()
