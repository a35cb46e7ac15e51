"""Whole pages: the run report (one file, or a folder with an index page), the one-document page of
``indpol show``, and the fragments notebooks show inline. Style and script are inlined: nothing is fetched."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Any

from indpol import __version__
from indpol.data import VIEW_CSS, VIEW_JS
from indpol.display import json_for_script, safe_id
from indpol.view.document import StyleBook, doc_anchor, render_document
from indpol.view.model import DocView
from indpol.view.overview import render_overview
from indpol.view.tables import GROUP_BYTES, split_tables, tables_payload

# Past this a report becomes a folder: Chromium needs about 0.3 s a MB to open one page (2 s at 6 MB, 11 s
# at 53 MB), a split report's index 0.2–0.4 s at 1,008 and 5,004 documents (bench/report.py, docs/benchmarks.md).
MAX_SINGLE_BYTES = 6 * 1024 * 1024
DOCS_FOLDER = "docs"
_fragments = itertools.count(1)


@cache
def assets() -> tuple[str, str]:
    """The inlined style and script."""
    return VIEW_CSS.read_text(encoding="utf-8"), VIEW_JS.read_text(encoding="utf-8")


def html_page(title: str, body: str, styles: StyleBook) -> str:
    """A complete, self-contained HTML page around ``body`` (an ``.ipv`` root that follows the URL's #)."""
    css, js = assets()
    return (
        '<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="indpol {escape(__version__)}">\n<title>{escape(title)}</title>\n'
        f"<style>\nbody {{ margin: 0 auto; max-width: 1400px; padding: 0 1em; }}\n{css}\n{styles.css()}\n</style>\n"
        f'</head>\n<body>\n<div class="ipv" data-page="1">\n{body}\n</div>\n<script>\n{js}\n</script>\n</body>\n</html>\n'
    )


def facts_section(views: Sequence[DocView], doc_href: Any, payload: dict[str, Any] | None = None) -> str:
    """The facts tables: their rows inline, or (a split report's index) the ``payload`` naming their data files."""
    payload = payload or tables_payload(views, doc_href)
    counts = ", ".join(f"{t.get('count', len(t['rows']))} {t['title'].lower()}" for t in payload["tables"])
    return (
        '<section id="facts"><h1>Facts</h1>'
        f'<p class="note">{escape(counts)}. Type to filter (every word must appear), click a header to sort; '
        "each row links to its evidence in the document.</p>"
        "<noscript><p>The facts tables need JavaScript; the same rows are in the run folder's JSONL files.</p>"
        '</noscript><div class="facts-tables"></div>'
        f'<script type="application/json" class="facts-data">{json_for_script(payload)}</script></section>'
    )


def nav(*links: tuple[str, str]) -> str:
    return (
        '<nav class="top">' + "".join(f'<a href="{escape(h)}">{escape(t)}</a>' for h, t in links) + "</nav>"
    )


def documents_list(views: Sequence[DocView], doc_href: Any) -> str:
    items = "".join(f'<a href="{escape(doc_href(v))}">{escape(v.source)}</a>' for v in views)
    return f'<nav class="doclist">{items}</nav>'


def doc_file(view: DocView) -> str:
    """A split report's page of one document, relative to its index page."""
    return f"{DOCS_FOLDER}/{safe_id(view.doc_id) or 'document'}.html"


@dataclass
class Report:
    """A rendered run report: one page (``pages`` holds ``index.html`` only) or a folder of pages and the
    facts tables' data files (``data``), both by path relative to the folder."""

    pages: dict[str, str]
    single: bool
    data: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(len(text.encode("utf-8")) for text in (*self.pages.values(), *self.data.values()))


def render_report(
    views: Sequence[DocView],
    failures: Sequence[dict[str, Any]] = (),
    title: str = "indpol report",
    *,
    split: bool | None = None,
    max_bytes: int = MAX_SINGLE_BYTES,
    group_bytes: int = GROUP_BYTES,
) -> Report:
    """The run report. ``split`` None: one page unless it would pass ``max_bytes``, then a folder whose
    data files hold the facts rows of documents in groups of about ``group_bytes``."""
    styles = StyleBook()
    sections = [render_document(view, styles) for view in views]
    if split is None and sum(len(section.encode("utf-8")) for section in sections) > max_bytes:
        split = True  # the documents alone pass it: no need to write the one page to know
    if not split:
        page = single_page(views, failures, title, sections, styles)
        if split is False or len(page.encode("utf-8")) <= max_bytes:
            return Report({"index.html": page}, True)
    return split_pages(views, failures, title, sections, styles, group_bytes)


def single_page(
    views: Sequence[DocView],
    failures: Sequence[dict[str, Any]],
    title: str,
    sections: list[str],
    styles: StyleBook,
) -> str:
    def href(view: DocView) -> str:
        return f"#{doc_anchor(view)}"

    body = [
        nav(("#overview", "Overview"), ("#facts", "Facts"), ("#documents", "Documents")),
        render_overview(views, failures, href),
        facts_section(views, href),
        '<section id="documents"><h1>Documents</h1>',
        documents_list(views, href),
        '<div class="docs-all" data-rows="">',
        *sections,
        "</div></section>",
    ]
    return html_page(title, "\n".join(body), styles)


def split_pages(
    views: Sequence[DocView],
    failures: Sequence[dict[str, Any]],
    title: str,
    sections: list[str],
    styles: StyleBook,
    group_bytes: int = GROUP_BYTES,
) -> Report:
    """``index.html`` (overview and facts), ``docs/<id>.html`` per document and the rows of the documents and
    facts tables in ``data/*.js``, which the index loads as its tables need them and a document's page for its
    panel: the index grows only by the list of its data files and by its failures."""
    tables = split_tables(views, doc_file, group_bytes)
    index = [
        nav(("#overview", "Overview"), ("#documents-table", "Documents"), ("#facts", "Facts")),
        render_overview(views, failures, doc_file, paged=True),
        facts_section(views, doc_file, tables.payload),
    ]
    pages = {"index.html": html_page(title, "\n".join(index), styles)}
    for view, section, data in zip(views, sections, tables.doc_files, strict=True):
        body = (nav(("../index.html#overview", "Overview"), ("../index.html#documents-table", "Documents"),
                     ("../index.html#facts", "Facts"))
                + f'<div data-rows="../index.html">{section}</div>'
                + "".join(f'<script src="../{escape(path)}"></script>' for path in data))  # fmt: skip
        pages[doc_file(view)] = html_page(f"{view.source} — {title}", body, styles)
    return Report(pages, False, tables.files)


def document_body(view: DocView, styles: StyleBook) -> str:
    """One document's view followed by its facts tables (``indpol show``, notebooks)."""

    def href(_: DocView) -> str:
        return "#"

    return f'<div data-rows="">{render_document(view, styles)}</div>{facts_section([view], href)}'


def render_view(view: DocView) -> str:
    """The page of ``indpol show``: the document view and its facts tables."""
    styles = StyleBook()
    body = document_body(view, styles)
    return html_page(f"{view.source} — indpol", body, styles)


def fragment(body: str, styles: StyleBook) -> str:
    """Inline HTML for a notebook cell: scoped style, the content, the script (which starts only this root)."""
    css, js = assets()
    root = f"ipv-{next(_fragments)}"
    scoped_css = css.replace(".ipv", f"#{root}.ipv")
    return (
        f'<div class="ipv" id="{root}"><style>{scoped_css}\n{styles.css(f"#{root}.ipv")}</style>'
        f"{body}<script>{js}</script></div>"
    )


def view_fragment(view: DocView) -> str:
    styles = StyleBook()
    return fragment(document_body(view, styles), styles)


def run_fragment(views: Sequence[DocView], failures: Sequence[dict[str, Any]], with_documents: bool) -> str:
    """A run inline: overview and facts tables, and the documents when ``with_documents``."""
    styles = StyleBook()

    def href(view: DocView) -> str:
        return f"#{doc_anchor(view)}" if with_documents else "#"

    parts = [render_overview(views, failures, href), facts_section(views, href)]
    if with_documents:
        parts += ['<section><h1>Documents</h1><div class="docs-all" data-rows="">',
                  *(render_document(v, styles) for v in views), "</div></section>"]  # fmt: skip
    else:
        parts.append(
            '<p class="note">Documents are left out here; <code>indpol report</code> writes them all.</p>'
        )
    return fragment("".join(parts), styles)


__all__ = ["MAX_SINGLE_BYTES", "Report", "render_report", "render_view", "run_fragment", "view_fragment"]
