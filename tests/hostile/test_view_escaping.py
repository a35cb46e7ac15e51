"""Issue 20: document text never becomes markup in the report, the document view or a notebook.

A report whose facts stand among ``<script>`` elements, attribute-breaking quotes and ``javascript:``
links, under a file name that would open an element, is processed with every step and rendered; the
pages must hold exactly the elements we wrote, and in a browser (tests/browser.py) nothing runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import check_page, needs_browser
from test_view import Page

from indpol.view.model import DocView
from indpol.view.page import render_report, render_view

from .build import MARKUP_NAME, MARKUP_PIECES, markup_txt

OUR_ATTRIBUTES = {"class", "id", "href", "data-f", "data-rows", "data-page", "data-d", "title", "type", "lang",
                  "charset", "name", "content", "xmlns", "width", "height", "role", "aria-label", "x", "y",
                  "fill", "text-anchor"}  # fmt: skip


@pytest.fixture(scope="module")
def markup_doc(full_pipeline):
    doc = full_pipeline.process(markup_txt(), name=MARKUP_NAME)
    assert doc.status == "ok" and doc.figures and any(e.label == "LAW" for e in doc.entities)
    return doc


@pytest.fixture(scope="module")
def pages(markup_doc) -> dict[str, str]:
    view = DocView.from_document(markup_doc)
    (report,) = render_report([view]).pages.values()
    return {"report": report, "view": render_view(view), "notebook": markup_doc._repr_html_()}


@pytest.mark.parametrize("name", ["report", "view", "notebook"])
def test_markup_in_document_text_stays_text(pages, name):
    page = Page(pages[name])
    assert [kind for kind, _ in page.scripts if kind != "application/json"] == [None]  # only our script
    for tag, attrs in page.elements:
        assert tag not in ("img", "iframe", "svg") or (tag == "svg" and not attrs.get("onload")), (tag, attrs)
        assert set(attrs) <= OUR_ATTRIBUTES, (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript"), attrs
    text = "".join(page.text)
    assert MARKUP_NAME in text and MARKUP_PIECES[0] in text and "&lt;b&gt;" in text


@pytest.mark.parametrize("name", ["report", "view", "notebook"])
def test_markup_in_fact_fields_is_json_that_never_closes_its_element(pages, name):
    page = Page(pages[name])
    data = [text for kind, text in page.scripts if kind == "application/json"]
    assert data and not any("<" in text or ">" in text for text in data)
    assert any("\\u003cscript\\u003ewindow.__pwned=1" in text for text in data)


@needs_browser
def test_markup_never_runs_in_a_browser(pages, tmp_path):
    """Every highlight pointed at and clicked (the panel shows the hostile fields), every table filtered."""
    check = """
      var n = 0;
      Array.prototype.forEach.call(document.querySelectorAll(".h"), function (h) {
        h.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); h.click(); h.click(); n++;
      });
      Array.prototype.forEach.call(document.querySelectorAll("input.filter"), function (i) {
        i.value = "script"; i.dispatchEvent(new Event("input"));
      });
      return {highlights: n, images: document.querySelectorAll("img").length,
              scripts: document.querySelectorAll("script:not([type])").length,
              shown: document.body.textContent.indexOf("<script>window.__pwned=1<\\/script>") >= 0};
    """
    for name in ("report", "view"):
        path = tmp_path / f"{name}.html"
        path.write_text(pages[name], encoding="utf-8")
        out = check_page(path, check, tmp_path)
        assert out.get("failed") is None, out
        assert out["pwned"] == 0 and out["errors"] == [] and out["console"] == [], out
        results = out["results"]
        assert results["highlights"] > 5 and results["images"] == 0 and results["shown"], results
        assert results["scripts"] == 3  # the page's script and the two of the check


def test_markup_file_name_in_a_written_report(markup_doc, tmp_path):
    page = Path(tmp_path / "v.html")
    page.write_text(render_view(DocView.from_document(markup_doc)), encoding="utf-8")
    assert "<svg onload" not in page.read_text(encoding="utf-8")
