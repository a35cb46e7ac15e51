"""The report's overview: the documents with status and counts, the failures, and five charts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from html import escape
from pathlib import PurePath
from typing import Any

from indpol.view.charts import bar_chart, data_table, stacked_chart
from indpol.view.document import direction_names
from indpol.view.model import DocView

TOP = 12  # rows of the "most …" charts
CHART_DOCUMENTS = 40  # documents drawn in the direction chart (all are in its table)
STATUSES = ("completed", "in_progress", "planned", "deferred", "cancelled")


def render_overview(
    views: Sequence[DocView],
    failures: Sequence[dict[str, Any]],
    doc_href: Callable[[DocView], str],
    *,
    paged: bool = False,
) -> str:
    """The overview section: summary line, documents table, failures, charts. ``paged`` (a split report's
    index): the documents table is left to the page's script (its rows are in data files) and the direction
    chart's table lists the documents drawn, so that the page does not grow with the number of documents."""
    documents = '<div class="docs-table"></div>' if paged else documents_table(views, doc_href)
    return "".join(
        [
            '<section id="overview"><h1>Overview</h1>',
            f'<p class="summary">{escape(summary_line(views))}</p>',
            '<h2 id="documents-table">Documents</h2>',
            documents,
            '<h2 id="failures">Failures</h2>',
            failures_table(failures),
            '<h2 id="charts">Charts</h2><div class="charts">',
            directions_chart(views, drawn_only=paged),
            figures_chart(views),
            stages_chart(views),
            acts_chart(views),
            bodies_chart(views),
            "</div></section>",
        ]
    )


def summary_line(views: Sequence[DocView]) -> str:
    statuses = Counter(view.status for view in views)
    pages = sum(int(view.summary.get("pages") or 0) for view in views)
    facts = Counter(mark.type for view in views for mark in view.marks)
    by_status = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
    return (
        f"{len(views)} documents ({by_status}), {pages} pages; {facts['figure']} figures, {facts['stage']} stages, "
        f"{facts['act']} act mentions, {facts['entity']} entity mentions, {facts['date']} dates"
    )


def documents_table(views: Sequence[DocView], doc_href: Callable[[DocView], str]) -> str:
    head = ("#", "Document", "Status", "Format", "Pages", "Language", "Characters", "Figures", "Stages", "Acts",
            "Entities", "Dates", "Passages with a direction", "Reason")  # fmt: skip
    rows = []
    for n, view in enumerate(views, 1):
        s = view.summary
        labelled = sum(bool(p["directions"]) for p in view.passages)
        cells = [str(n), f'<a href="{escape(doc_href(view))}">{escape(view.source)}</a>',
                 escape(view.status), escape(str(s.get("format") or "")), _num(s.get("pages")),
                 escape(str(s.get("language") or "")), _num(s.get("chars"))]  # fmt: skip
        cells += [_num(view.count(t)) for t in ("figure", "stage", "act", "entity", "date")]
        cells += [_num(labelled), f'<span class="error">{escape(str(s.get("error") or ""))}</span>']
        css = f' class="st-{escape(view.status)}"'
        rows.append(f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f'<table class="data docs"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _num(value: Any) -> str:
    return "" if value is None else escape(str(value))


def failures_table(failures: Sequence[dict[str, Any]]) -> str:
    if not failures:
        return '<p class="empty">No failures.</p>'
    rows = [[f.get(k) or "" for k in ("source", "status", "code", "reason", "stage")] for f in failures]
    return data_table(("Source", "Status", "Code", "Reason", "Stage"), rows)


def directions_chart(views: Sequence[DocView], drawn_only: bool = False) -> str:
    """Per document, how its direction labels divide among the directions (a passage with two directions
    counts for each), so each bar adds up to the whole; the table has every document, or those drawn."""
    names = direction_names()
    counts: list[tuple[str, Counter[str]]] = []
    for view in views:
        labelled = Counter(label for p in view.passages for label, _ in p["directions"])
        if labelled:
            counts.append((view.source, labelled))
    seen = {label for _, c in counts for label in c}
    series = [(sid, names[sid][0]) for sid in names if sid in seen]
    series += [(sid, sid) for sid in sorted(seen - set(names))]
    rows = [(PurePath(source).name, {sid: n / c.total() for sid, n in c.items()}) for source, c in counts]
    table = [(source, c.total(), *(round(100 * c.get(sid, 0) / c.total(), 1) for sid, _ in series))
             for source, c in counts]  # fmt: skip
    order = sorted(range(len(rows)), key=lambda i: -counts[i][1].total())[:CHART_DOCUMENTS]
    drawn = [rows[i] for i in order]
    note = (f"The {CHART_DOCUMENTS} documents with the most labels are drawn; the table has all {len(rows)}."
            if len(rows) > CHART_DOCUMENTS else "")  # fmt: skip
    if drawn_only and len(rows) > CHART_DOCUMENTS:
        table = [table[i] for i in order]
        note = (f"The {CHART_DOCUMENTS} of {len(rows)} documents with the most labels are drawn and listed; "
                "the Directions table below has every passage's.")  # fmt: skip
    return stacked_chart(
        "directions",
        "Direction shares per document (share of the document's direction labels)",
        drawn,
        series,
        table,
        ("Document", "Direction labels", *(f"{name}, %" for _, name in series)),
        note,
    )


def figures_chart(views: Sequence[DocView]) -> str:
    counts = Counter(
        f"{mark.fields.get('kind', '')} · {mark.fields.get('unit') or 'no unit'}"
        for view in views
        for mark in view.marks
        if mark.type == "figure"
    )
    rows = counts.most_common(TOP + 3)
    return bar_chart("figures", "Figures by kind and unit", rows, ("Kind · unit", "Figures"))


def stages_chart(views: Sequence[DocView]) -> str:
    counts = Counter(
        mark.fields.get("status") or "not stated"
        for view in views
        for mark in view.marks
        if mark.type == "stage"
    )
    order = [*STATUSES, "not stated", *sorted(set(counts) - {*STATUSES, "not stated"})]
    rows = [(status, counts[status]) for status in order if counts[status]]
    return bar_chart("stages", "Stage statuses", rows, ("Status", "Stages"))


def _most_cited(views: Sequence[DocView], key: Callable[[Any], str | None], mark_type: str) -> list[tuple]:
    mentions: Counter[str] = Counter()
    documents: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for view in views:
        for mark in view.marks:
            if mark.type != mark_type:
                continue
            k = key(mark)
            if not k:
                continue
            mentions[k] += 1
            documents[k].add(view.doc_id)
            name = str(mark.fields.get("canonical") or mark.text)
            if len(name) > len(names.get(k, "")):
                names[k] = name
    ranked = sorted(mentions, key=lambda k: (-len(documents[k]), -mentions[k], names[k]))[:TOP]
    return [(names[k], len(documents[k]), mentions[k]) for k in ranked]


def act_key(mark: Any) -> str | None:
    """An act is its type with its number, else its title, else its canonical form (as the ``acts`` view)."""
    f = mark.fields
    rest = f.get("number") or str(f.get("title") or f.get("canonical") or mark.text).lower()
    return f"{f.get('doc_type') or ''}|{rest}"


def acts_chart(views: Sequence[DocView]) -> str:
    rows = _most_cited(views, act_key, "act")
    return _with_mentions("acts", "Most cited acts (documents citing them)", rows, "Act")


def bodies_chart(views: Sequence[DocView]) -> str:
    rows = _most_cited(
        views,
        lambda m: str(m.fields.get("canonical") or "") if m.fields.get("label") == "ORG" else None,
        "entity",
    )
    return _with_mentions("bodies", "Most cited bodies (documents naming them)", rows, "Body")


def _with_mentions(chart_id: str, title: str, rows: list[tuple], what: str) -> str:
    chart = bar_chart(chart_id, title, [(n, d) for n, d, _ in rows], (what, "Documents"))
    if not rows:
        return chart
    table = data_table((what, "Documents", "Mentions"), rows)
    head, _, _ = chart.partition('<table class="data">')
    return head + table + "</figure>"


__all__ = ["render_overview"]
