"""Issue 20: the report and a document view of the sample corpus in a real headless browser.

No errors on the page, every chart and facts table there, filtering works, a highlighted figure
leads to its row and the row back to the figure; screenshots go to a temporary folder for a person."""

from __future__ import annotations

import json
import re

import pytest
from browser import check_page, needs_browser, screenshot

from indpol.report import show_document, write_run_report

pytestmark = needs_browser

CHECK_REPORT = """
  var r = {};
  r.charts = ["directions", "figures", "stages", "acts", "bodies"].filter(function (id) {
    var f = document.getElementById("chart-" + id);
    return f && f.querySelector("svg rect") && f.querySelector("table tbody tr");
  });
  r.tables = {};
  Array.prototype.forEach.call(document.querySelectorAll(".ft"), function (d) {
    r.tables[d.getAttribute("data-table")] = d.querySelectorAll("tbody tr").length;
  });
  var ft = document.querySelector('.ft[data-table="figures"]'), input = ft.querySelector("input.filter");
  var before = ft.querySelectorAll("tbody tr").length;
  input.value = "USD"; input.dispatchEvent(new Event("input"));
  var rows = Array.prototype.map.call(ft.querySelectorAll("tbody tr"), function (tr) { return tr.textContent; });
  r.filter = {before: before, after: rows.length, all: rows.every(function (t) { return t.indexOf("USD") >= 0; }),
              count: ft.querySelector(".count").textContent};
  input.value = ""; input.dispatchEvent(new Event("input"));
  var docs = document.querySelectorAll(".doc"), section = docs[docs.length - 1];
  document.querySelector('.doclist a[href="#' + section.id + '"]').click();
  r.current = Array.prototype.filter.call(docs, function (d) { return getComputedStyle(d).display !== "none"; })
    .map(function (d) { return d.id; });
  r.section = section.id;
  var marks = JSON.parse(section.querySelector("script.marks").textContent);
  var h = Array.prototype.find.call(section.querySelectorAll(".h"), function (h) {
    return h.getAttribute("data-f").split(" ").some(function (i) { return marks[i][0] === "figure"; });
  });
  var i = h.getAttribute("data-f").split(" ").map(Number).find(function (i) { return marks[i][0] === "figure"; });
  var figure = marks[i];
  h.click();
  var link = section.querySelector('aside.panel a.row-link[href="#row-' + figure[1] + '"]');
  r.figure = link.closest(".fact").querySelector("q").textContent; r.panel = !!link;
  link.click();
  var tr = document.getElementById("row-" + figure[1]);
  r.row = tr ? tr.textContent : null;
  r.rowShown = !!tr && tr.offsetParent !== null;
  tr.querySelector("a.ev").click();
  var anchor = document.getElementById("m-" + figure[1]);
  r.back = anchor.closest(".doc").id;
  r.backShown = getComputedStyle(anchor.closest(".doc")).display !== "none";
  return r;
"""


@pytest.fixture(scope="module")
def report_page(corpus_run, tmp_path_factory):
    written = write_run_report(corpus_run, tmp_path_factory.mktemp("report") / "report.html")
    assert written.single
    return written.path


def test_report_in_a_browser(report_page, tmp_path):
    out = check_page(report_page, CHECK_REPORT, tmp_path)
    assert out.get("failed") is None, out
    assert out["errors"] == [] and out["console"] == [] and out["resources"] == [], out
    r = out["results"]
    assert r["charts"] == ["directions", "figures", "stages", "acts", "bodies"]
    assert set(r["tables"]) == {"figures", "stages", "acts", "entities", "directions"} and all(
        r["tables"].values()
    )
    assert r["filter"]["all"] and 0 < r["filter"]["after"] < r["filter"]["before"], r["filter"]
    assert r["current"] == [r["section"]]  # choosing a document shows it alone
    assert r["panel"] and r["rowShown"] and r["figure"] in r["row"], r
    assert r["back"] == r["section"] and r["backShown"]
    shot = screenshot(report_page, tmp_path / "report.png", tmp_path)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_split_report_document_page_links_to_the_index(corpus_run, tmp_path):
    written = write_run_report(corpus_run, tmp_path / "report.html", split=True)
    page = next((written.path.parent / "docs").glob("*.html"))
    check = """
      var h = document.querySelector(".h"); h.click();
      var a = document.querySelector("aside.panel a.row-link");
      return {href: a.getAttribute("href"), doc: document.querySelectorAll(".doc").length};
    """
    out = check_page(page, check, tmp_path)
    assert out.get("failed") is None and out["errors"] == [], out
    assert out["results"]["href"].startswith("../index.html#row-") and out["results"]["doc"] == 1


def test_document_view_in_a_browser(tmp_path):
    from conftest import CORPUS

    page = show_document(CORPUS / "doklad_finansirovanie_soyuznyh_programm.pdf", tmp_path / "view.html")
    check = """
      var pages = Array.prototype.map.call(document.querySelectorAll(".pg"), function (p) { return p.textContent; });
      var stacked = Array.prototype.filter.call(document.querySelectorAll(".h"), function (h) {
        return h.getAttribute("data-f").indexOf(" ") > 0; }).length;
      var h = document.querySelector(".h"); h.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
      return {pages: pages, stacked: stacked, panel: document.querySelectorAll("aside.panel .fact").length,
              margin: document.querySelectorAll(".mg .dir").length, tables: document.querySelectorAll(".ft").length};
    """
    out = check_page(page, check, tmp_path)
    assert out.get("failed") is None and out["errors"] == [], out
    r = out["results"]
    assert r["pages"] == ["page 1", "page 2"] and r["stacked"] > 0 and r["panel"] >= 1 and r["margin"] > 0
    assert r["tables"] == 5
    print(f"screenshot: {screenshot(page, tmp_path / 'view.png', tmp_path)}")


SPLIT_INDEX_FILTER = """
  var ft = document.querySelector('.ft[data-table="entities"]'), input = ft.querySelector("input.filter");
  var r = {tables: {}, before: ft.querySelector(".count").textContent};
  Array.prototype.forEach.call(document.querySelectorAll(".ft"), function (d) {
    r.tables[d.getAttribute("data-table")] = d.querySelectorAll("tbody tr").length;
  });
  input.value = %s; input.dispatchEvent(new Event("input"));
  return new Promise(function (resolve) {
    (function wait() {
      var count = ft.querySelector(".count").textContent;
      if (/loading|more rows/.test(count)) { setTimeout(wait, 20); return; }
      var rows = Array.prototype.slice.call(ft.querySelectorAll("tbody tr"));
      r.after = count;
      r.documents = rows.map(function (tr) { return tr.cells[0].textContent; });
      var tr = rows[rows.length - 1];
      r.row = {id: tr.id, text: tr.cells[2].textContent, href: tr.querySelector("a.ev").getAttribute("href")};
      resolve(r);
    })();
  });
"""
DOCUMENT_PAGE_PANEL = """
  var fact = document.querySelector("aside.panel .fact");
  return {quote: fact.querySelector("q").textContent, link: fact.querySelector("a.row-link").getAttribute("href"),
          fields: Array.prototype.map.call(fact.querySelectorAll("dt"), function (d) { return d.textContent; }),
          flashed: !!document.querySelector(".flash")};
"""
SPLIT_INDEX_ROW = """
  return new Promise(function (resolve) {
    (function wait() {
      var tr = document.getElementById(%s);
      if (!tr) { setTimeout(wait, 20); return; }
      resolve({shown: tr.offsetParent !== null, flashed: tr.classList.contains("flash"), text: tr.textContent,
               table: tr.closest(".ft").getAttribute("data-table")});
    })();
  });
"""


def test_split_report_index_loads_its_rows_from_data_files(corpus_run, tmp_path):
    """The index holds no facts rows: a table shows the rows of its first data files and loads the rest
    (``<script src>``, nothing fetched) to filter; a row's evidence opens the document's page, whose panel
    has the fact's fields from the same data file and links back to the row, which the index then finds."""
    from indpol.store.reader import open_run

    views = open_run(corpus_run).views()
    last = next(view for view in reversed(views) if view.count("entity"))
    written = write_run_report(corpus_run, tmp_path / "report.html", split=True, group_bytes=20_000)
    index = written.path
    payload = re.search(r'class="facts-data">(.*?)</script>', index.read_text(encoding="utf-8")).group(1)
    tables = json.loads(payload)["tables"]
    assert written.data_files > 10 and all(not t["rows"] and len(t["chunks"]) > 1 for t in tables)
    out = check_page(index, SPLIT_INDEX_FILTER % json.dumps(last.source), tmp_path)
    assert out.get("failed") is None and out["errors"] == [] and out["console"] == [], out
    assert out["fetched"] == [] and {s.rpartition("/data/")[2] for s in out["scripts"]} >= {
        f"{chunk[0]}.js" for chunk in next(t for t in tables if t["name"] == "entities")["chunks"]
    }, out
    r = out["results"]
    assert (
        all(r["tables"].values())
        and r["tables"]["documents"] == len(views)
        and "more rows load" in r["before"]
    ), r
    assert r["documents"] and set(r["documents"]) == {last.source} and "filtered from 512" in r["after"], r
    page, _, anchor = r["row"]["href"].partition("#")
    assert page.startswith("docs/") and anchor.startswith("m-") and (index.parent / page).is_file()

    out = check_page(index.parent / page, DOCUMENT_PAGE_PANEL, tmp_path, fragment=anchor)
    assert out.get("failed") is None and out["errors"] == [] and out["console"] == [], out
    panel = out["results"]
    assert panel["quote"] == r["row"]["text"] and {"canonical", "chars"} <= set(panel["fields"]), panel
    assert panel["link"].startswith(f"../index.html#{r['row']['id']}.entities-") and panel["flashed"], panel

    out = check_page(
        index, SPLIT_INDEX_ROW % json.dumps(r["row"]["id"]), tmp_path, fragment=panel["link"][14:]
    )
    assert out.get("failed") is None and out["errors"] == [] and out["console"] == [], out
    row = out["results"]
    assert row["shown"] and row["flashed"] and row["table"] == "entities" and r["row"]["text"] in row["text"]
    print(f"screenshot: {screenshot(index, tmp_path / 'split-index.png', tmp_path)}")
