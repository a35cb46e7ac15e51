"""Issue 20: the run report and the document view as HTML, without a browser (tests/test_view_browser.py
loads them in one). Grouped by subject: escaping helpers, how overlapping marks are cut and stacked,
the text rebuilt from passages, the report of the sample corpus, the commands, hostile document text."""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from indpol.cli import main
from indpol.display import json_for_script, safe_id
from indpol.store.reader import open_run
from indpol.view.document import StyleBook, render_document, tracks
from indpol.view.model import DocView, Mark, text_of
from indpol.view.page import render_report, render_view
from indpol.view.tables import tables_payload

CHARTS = ("directions", "figures", "stages", "acts", "bodies")
TABLES = ("figures", "stages", "acts", "entities", "directions")


class Page(HTMLParser):
    """What a page holds: its elements with attributes, script elements with their text, its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.text: list[str] = []
        self._script: str | bool | None = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs).get("type")
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script is not False:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)
        else:
            self.text.append(data)

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if a.get("id")]


# ---------------------------------------------------------------------------- escaping helpers

SCRIPT_JSON_CASES = [
    (
        "</script><script>alert(1)</script>",
        "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    ),
    ("<!-- x -->", "\\u003c!-- x --\\u003e"),
    ("a & b", "a \\u0026 b"),
    ("line\u2028sep\u2029", "line\\u2028sep\\u2029"),
    ('"quoted"', '\\"quoted\\"'),
    ("Минпромторг", "Минпромторг"),
]


@pytest.mark.parametrize(("text", "inside"), SCRIPT_JSON_CASES)
def test_json_for_script(text, inside):
    encoded = json_for_script([text])
    assert encoded == f'["{inside}"]' and json.loads(encoded) == [text]
    assert not re.search(r"[<>&\u2028\u2029]", encoded)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3fd82813816f24ec", "3fd82813816f24ec"), ('x" onclick="a', "x__onclick__a"), ("a b/c#d", "a_b_c_d"),
     ("javascript:alert(1)", "javascript_alert_1_")],
)  # fmt: skip
def test_safe_id(value, expected):
    assert safe_id(value) == expected


# ---------------------------------------------------------------------------- overlapping marks


def mark(kind: str, start: int, end: int, text: str, fact_id: str = "") -> Mark:
    return Mark(kind, fact_id or f"{kind}{start}", start, end, None, text[start:end], {})


def pieces(view: DocView) -> list[tuple[str, str]]:
    """(text, data-f) of each piece of the rendered text; data-f "" for unmarked text."""
    html = render_document(view, StyleBook())
    body = html.split('<div class="tx">', 1)[1].split("</div>", 1)[0]
    body = re.sub(r'<a class="an" id="[^"]*"></a>', "", body)
    found = re.findall(r'<span class="h k\d+" data-f="([\d ]+)">(.*?)</span>|([^<]+)', body)
    return [(marked or plain, ids) for ids, marked, plain in found]


TEXT = "Объем 12 млрд рублей в 2024 году выделен."
OVERLAP_CASES = [
    ("none", [], [(TEXT, "")]),
    ("one", [("figure", 6, 20)], [("Объем ", ""), ("12 млрд рублей", "0"), (" в 2024 году выделен.", "")]),
    (
        "nested: a figure and a date inside a stage",
        [("stage", 0, 41), ("figure", 6, 20), ("date", 23, 32)],
        [("Объем ", "0"), ("12 млрд рублей", "0 1"), (" в ", "0"), ("2024 году", "0 2"), (" выделен.", "0")],
    ),
    (
        "crossing: two marks overlap without nesting",
        [("figure", 6, 20), ("entity", 9, 26)],
        [("Объем ", ""), ("12 ", "0"), ("млрд рублей", "0 1"), (" в 202", "1"), ("4 году выделен.", "")],
    ),
    (
        "the same span twice",
        [("act", 6, 20), ("entity", 6, 20)],
        [("Объем ", ""), ("12 млрд рублей", "0 1"), (" в 2024 году выделен.", "")],
    ),
]


@pytest.mark.parametrize(("name", "marks", "expected"), OVERLAP_CASES, ids=[c[0] for c in OVERLAP_CASES])
def test_render_document_cuts_text_at_every_mark_boundary(name, marks, expected):
    view = DocView(
        "d", "x.txt", {"status": "ok"}, TEXT,
        [{"passage_id": "p", "start": 0, "end": len(TEXT), "page": None, "kind": "paragraph", "text": TEXT,
          "directions": []}],
        [mark(kind, start, end, TEXT) for kind, start, end in marks],
    )  # fmt: skip
    assert pieces(view) == expected
    assert "".join(text for text, _ in pieces(view)) == TEXT


@pytest.mark.parametrize(
    ("spans", "expected"),
    [([(0, 10), (2, 5), (6, 8)], [0, 1, 1]), ([(0, 5), (5, 9)], [0, 0]), ([(0, 9)] * 7, [0, 1, 2, 3, 4, 4, 4])],
)  # fmt: skip
def test_tracks_keep_one_band_per_mark_lowest_free(spans, expected):
    assert (
        tracks([mark("figure", start, end, TEXT, str(i)) for i, (start, end) in enumerate(spans)]) == expected
    )


def test_stacked_marks_get_one_class_per_combination_of_bands():
    styles = StyleBook()
    assert styles.name("figure", ((0, "stage"), (1, "figure"))) == styles.name(
        "figure", ((0, "stage"), (1, "figure"))
    )
    assert styles.name("stage", ((0, "stage"),)) != styles.name("figure", ((0, "stage"), (1, "figure")))
    css = styles.css()
    assert css.count("box-shadow") == 2 and "#2b8a3e" in css and "#e8590c" in css


@pytest.mark.parametrize(
    ("passages", "text"),
    [([(0, "Один")], "Один"), ([(0, "Один"), (6, "Два")], "Один\n\nДва"), ([(3, "Два"), (0, "Оди")], "ОдиДва"),
     ([], "")],
)  # fmt: skip
def test_text_of_passages_puts_each_at_its_offset(passages, text):
    rows = sorted(({"start": s, "end": s + len(t), "text": t} for s, t in passages), key=lambda p: p["start"])
    assert text_of(rows) == text


# ---------------------------------------------------------------------------- the sample corpus' report


@pytest.fixture(scope="module")
def corpus_views(corpus_run):
    return open_run(corpus_run).views()


@pytest.fixture(scope="module")
def corpus_report(corpus_views) -> Page:
    (page,) = render_report(corpus_views).pages.values()
    return Page(page)


def test_views_quote_every_fact_from_the_rebuilt_text(corpus_views):
    assert len(corpus_views) == 12 and all(view.status == "ok" for view in corpus_views)
    for view in corpus_views:
        assert view.marks and all(view.text[m.start : m.end] == m.text for m in view.marks), view.source


def test_report_has_every_chart_with_its_table(corpus_report):
    ids = set(corpus_report.ids())
    for chart in CHARTS:
        assert f"chart-{chart}" in ids
    figures = [i for i, (tag, a) in enumerate(corpus_report.elements) if tag == "figure"]
    assert len(figures) == len(CHARTS)
    for start, end in zip(figures, [*figures[1:], len(corpus_report.elements)], strict=True):
        tags = [tag for tag, _ in corpus_report.elements[start:end]]
        assert "svg" in tags and "table" in tags


def test_report_facts_tables_name_each_facts_anchor(corpus_report, corpus_views):
    payload = json.loads(next(t for kind, t in corpus_report.scripts if kind == "application/json"
                              and '"tables"' in t))  # fmt: skip
    tables = {t["name"]: t for t in payload["tables"]}
    assert tuple(tables) == TABLES and all(tables[name]["rows"] for name in TABLES)
    anchors = set(corpus_report.ids())
    for table in tables.values():
        for row in table["rows"]:
            assert row[-1] in anchors, (table["name"], row)
    marks = sum(len(view.marks) for view in corpus_views)
    assert sum(len(tables[n]["rows"]) for n in TABLES if n != "directions") == marks
    assert sum(1 for i in anchors if i.startswith("m-")) == marks  # one anchor per mark


def test_report_is_self_contained(corpus_report):
    for tag, attrs in corpus_report.elements:
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
        assert not (tag == "script" and attrs.get("src")), attrs
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href  # anchors and links within the page only
    executable = [kind for kind, _ in corpus_report.scripts if kind != "application/json"]
    assert executable == [None]  # the one inline script


def test_report_splits_into_a_folder_past_its_size(corpus_views):
    report = render_report(corpus_views, max_bytes=100_000)
    assert not report.single and "index.html" in report.pages and len(report.pages) == 1 + len(corpus_views)
    doc_page = Page(report.pages[next(name for name in report.pages if name.startswith("docs/"))])
    assert any(a.get("data-rows") == "../index.html" for _, a in doc_page.elements)
    assert render_report(corpus_views, max_bytes=10**9).single


def json_strings(data) -> list[str]:
    """Every string value in ``data`` (JSON read back), at any depth."""
    if isinstance(data, dict):
        return [s for value in data.values() for s in json_strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in json_strings(value)]
    return [data] if isinstance(data, str) else []


def data_file(text: str):
    """The rows of a split report's data file (``(window.indpolChunks …)["key"] = [...];``)."""
    return json.loads(text.partition("] = ")[2].rstrip().removesuffix(";"))


def test_each_facts_fields_are_written_once(corpus_views):
    """An indicator (a field) is in the JSON once per fact that holds it: in the fact's row, which the
    highlight's panel reads (it was in the highlight's marks as well)."""
    names = {m.fields["indicator"] for v in corpus_views for m in v.marks if m.fields.get("indicator")}
    strings = Counter(s for v in corpus_views for m in v.marks for s in json_strings([m.text, m.fields]))
    indicators = {name: strings[name] for name in names}  # as often as facts hold it, text or field
    assert len(indicators) > 10
    (page,) = render_report(corpus_views).pages.values()
    found = Counter(s for kind, text in Page(page).scripts if kind == "application/json"
                    for s in json_strings(json.loads(text)))  # fmt: skip
    assert {name: found[name] for name in indicators} == indicators
    split = render_report(corpus_views, split=True, group_bytes=20_000)
    in_pages = Counter(s for page in split.pages.values() for kind, text in Page(page).scripts
                       if kind == "application/json" for s in json_strings(json.loads(text)))  # fmt: skip
    in_data = Counter(s for text in split.data.values() for s in json_strings(data_file(text)))
    assert not any(in_pages[name] for name in indicators)
    assert {name: in_data[name] for name in indicators} == indicators


def test_split_report_rows_are_in_data_files_of_consecutive_documents(corpus_views):
    """The index names each table's data files in order; together they hold the one page's rows, in the same
    order, and each names the documents file of its rows' documents; each document page loads the files that
    hold its marks' rows."""
    inline = {t["name"]: t["rows"] for t in tables_payload(corpus_views, lambda v: "#")["tables"]}
    split = render_report(corpus_views, split=True, group_bytes=20_000)
    index = Page(split.pages["index.html"])
    payload = json.loads(next(text for kind, text in index.scripts if kind == "application/json"))
    assert payload["base"] == "data/"
    docs = {
        row[0]: row
        for key, _ in payload["documents"]["chunks"]
        for row in data_file(split.data[f"data/{key}.js"])
    }
    assert [docs[n][2] for n in range(len(corpus_views))] == [view.source for view in corpus_views]
    for table in payload["tables"]:
        assert table["rows"] == [] and len(table["chunks"]) > 3
        chunks = {key: data_file(split.data[f"data/{key}.js"]) for key, _, _ in table["chunks"]}
        assert [len(chunks[key]) for key, _, _ in table["chunks"]] == [n for _, n, _ in table["chunks"]]
        rows = [row for key, _, _ in table["chunks"] for row in chunks[key]]
        assert rows == json.loads(json.dumps(inline[table["name"]])) and table["count"] == len(rows)
        named = {
            key: {row[0] for row in data_file(split.data[f"data/{key}.js"])} for _, _, key in table["chunks"]
        }
        assert all({row[0] for row in chunks[key]} <= named[docs_key] for key, _, docs_key in table["chunks"])
    for n, view in enumerate(corpus_views):
        page = Page(split.pages[f"docs/{safe_id(view.doc_id)}.html"])
        sources = [
            a["src"].removeprefix("../") for tag, a in page.elements if tag == "script" and a.get("src")
        ]
        rows = {row[4]: row for path in sources for row in data_file(split.data[path]) if row[0] == n}
        assert {safe_id(m.fact_id) for m in view.marks} == set(rows), view.source
    big = render_report(
        corpus_views, split=True
    )  # the default groups (250 KB): the sample corpus is one or two
    assert len({key.rpartition("-")[2] for key in big.data}) <= 2 and len(big.pages["index.html"]) < 120_000


def test_document_view_shows_pages_and_directions(corpus_views):
    pdf = next(view for view in corpus_views if view.source.endswith("2col.pdf"))
    page = Page(render_view(pdf))
    assert [i for i in page.ids() if "-page-" in i][-1].endswith("-page-4")
    assert any(tag == "span" and a.get("class") == "dir" for tag, a in page.elements)


# ---------------------------------------------------------------------------- commands


def test_cli_report_writes_one_file_or_a_folder(corpus_run, tmp_path):
    result = CliRunner().invoke(main, ["report", str(corpus_run), "--to", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "one file, 12 documents" in result.output and (tmp_path / "r.html").is_file()
    result = CliRunner().invoke(
        main, ["report", str(corpus_run), "--to", str(tmp_path / "r.html"), "--split"]
    )
    assert result.exit_code == 0 and "a folder of 13 pages" in result.output
    assert (tmp_path / "r" / "index.html").is_file() and len(
        list((tmp_path / "r" / "docs").glob("*.html"))
    ) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--to", "r.txt"], "must end in .html"), (["--to", "r.html", "--max-mb", "-1"], "Invalid value")],
)
def test_cli_report_refuses_bad_options(corpus_run, tmp_path, args, message):
    result = CliRunner().invoke(main, ["report", str(corpus_run), *[str(tmp_path / a) if a.startswith("r.") else a
                                                                  for a in args]])  # fmt: skip
    assert result.exit_code != 0 and message in result.output


def test_cli_show_a_document_of_a_run_by_id_prefix(corpus_run, tmp_path):
    doc_id = open_run(corpus_run).documents["doc_id"].iloc[0]
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["show", doc_id[:10], "--run", str(corpus_run), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f'id="doc-{doc_id}"' in out.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "ffffffffff", "--run", str(corpus_run), "--out", str(out)])
    assert (
        result.exit_code == 1
        and "no document 'ffffffffff'" in result.output
        and "Traceback" not in result.output
    )


def test_cli_show_a_file_processes_it_first(tmp_path):
    source = Path(__file__).resolve().parents[1] / "corpus" / "otchet_o_hode_realizacii_2024.txt"
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["show", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert sum(1 for i in page.ids() if i.startswith("m-")) > 50 and "Минпромторга" in "".join(page.text)
