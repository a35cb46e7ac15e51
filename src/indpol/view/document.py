"""The document view: a document's clean text with every fact mention highlighted by type.

The text is cut at every passage and mark boundary; each piece is one ``<span class="h kN">`` whose
``data-f`` names the marks covering it, so overlapping and nested mentions need no nested markup. Each
mark keeps one underline band (its track) along its whole span, so a figure inside a stage inside a
sentence shows as stacked lines; the piece's background is the type of its innermost mark. Every piece
of document text is escaped; the marks travel as JSON inside ``<script type="application/json">``: type, fact
id and offsets only, the panel reads a fact's text and fields from its row of the facts tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html import escape
from itertools import pairwise
from typing import Any

from indpol.data import TAXONOMY, load_yaml
from indpol.display import json_for_script, safe_id
from indpol.view.model import MARK_TYPES, DocView, Mark

COLORS = {  # type: (underline, background)
    "figure": ("#e8590c", "#ffe3c4"),
    "stage": ("#2b8a3e", "#e3f3e6"),
    "act": ("#7048e8", "#ebe4ff"),
    "entity": ("#1971c2", "#dbeafe"),
    "date": ("#868e96", "#eceff1"),
}
TYPE_NAMES = {"figure": "figures", "stage": "stages", "act": "acts", "entity": "entities", "date": "dates"}
MAX_TRACKS = 5
BAND = 3  # pixels per underline band (2 of colour, 1 of gap)


@cache
def direction_names() -> dict[str, tuple[str, str]]:
    """Direction id → (English name, Russian name), in taxonomy order."""
    data = load_yaml(TAXONOMY) if TAXONOMY.is_file() else {}
    return {d["id"]: (d.get("name_en", d["id"]), d.get("name", d["id"])) for d in data.get("directions", [])}


@dataclass
class StyleBook:
    """The CSS classes of highlighted pieces: one per combination of (type, track) bands and background."""

    classes: dict[tuple[str, tuple[tuple[int, str], ...]], str] = field(default_factory=dict)

    def name(self, background: str, bands: tuple[tuple[int, str], ...]) -> str:
        key = (background, bands)
        if key not in self.classes:
            self.classes[key] = f"k{len(self.classes)}"
        return self.classes[key]

    def css(self, scope: str = ".ipv") -> str:
        rules = []
        for (background, bands), name in self.classes.items():
            by_track = dict(bands)
            shadows = []
            for track in range(max(by_track) + 1):
                if track in by_track:
                    shadows.append(f"0 {BAND * track + 2}px 0 {COLORS[by_track[track]][0]}")
                shadows.append(f"0 {BAND * track + 3}px 0 var(--paper)")
            rules.append(
                f"{scope} .{name}{{background:{COLORS[background][1]};box-shadow:{','.join(shadows[:-1])}}}"
            )
        return "\n".join(rules)


def tracks(marks: list[Mark]) -> list[int]:
    """A band for each mark (marks sorted by start, longest first): the lowest one free over its span."""
    ends: list[int] = []  # per track, where its last mark ends
    out = []
    for mark in marks:
        for track, end in enumerate(ends):
            if end <= mark.start:
                ends[track] = mark.end
                break
        else:
            track = len(ends)
            ends.append(mark.end)
        out.append(min(track, MAX_TRACKS - 1))
    return out


def doc_anchor(view: DocView) -> str:
    return "doc-" + safe_id(view.doc_id)


def render_document(view: DocView, styles: StyleBook) -> str:
    """One ``<section class="doc">``: header with counts and legend, the highlighted text, the marks' JSON.

    The panel shows a mark's row of the facts tables (on the page, or in the data files a split report's
    document page loads) and links to it at the ``data-rows`` of an enclosing element (``""``: the same
    page; ``"../index.html"``: a split report's index); without one, no link.
    """
    parts = [f'<section class="doc" id="{doc_anchor(view)}">', document_header(view)]
    if view.passages:
        parts.append('<div class="wrap"><div class="body">')
        parts.extend(document_body(view, styles))
        parts.append(
            '</div><aside class="panel"><p class="empty">Point at or click a highlight to see its fields.</p>'
            "</aside></div>"
        )
    elif view.status == "ok":
        parts.append('<p class="empty">No text.</p>')
    marks = [[m.type, safe_id(m.fact_id), m.start, m.end] for m in view.marks]
    parts.append(f'<script type="application/json" class="marks">{json_for_script(marks)}</script>')
    parts.append("</section>")
    return "".join(parts)


def document_header(view: DocView) -> str:
    s = view.summary
    facts = " · ".join(f'<span class="lg t-{t}">{view.count(t)} {TYPE_NAMES[t]}</span>' for t in MARK_TYPES)
    details = [str(s.get(k)) for k in ("status", "format", "language") if s.get(k)]
    if s.get("pages"):
        details.append(f"{s['pages']} pages")
    details.append(f"{len(view.text):,} characters".replace(",", "\u202f"))
    error = f'<p class="error">{escape(str(s["error"]))}</p>' if s.get("error") else ""
    return (
        f"<header><h2>{escape(view.source)}</h2>"
        f'<p class="meta">{escape(" · ".join(details))}</p><p class="legend">{facts}</p>{error}</header>'
    )


def document_body(view: DocView, styles: StyleBook) -> list[str]:
    """The passages in order with a page line where the page changes and directions in the margin."""
    marks, bands = view.marks, tracks(view.marks)
    out: list[str] = []
    page: Any = None
    anchored: set[int] = set()  # marks whose anchor is out
    active: list[int] = []  # indexes of marks that may reach into the current passage
    next_mark = 0
    for passage in view.passages:
        start, end = passage["start"], passage["end"]
        if passage["page"] is not None and passage["page"] != page:
            page = passage["page"]
            out.append(f'<div class="pg" id="{doc_anchor(view)}-page-{int(page)}">page {int(page)}</div>')
        while next_mark < len(marks) and marks[next_mark].start < end:
            active.append(next_mark)
            next_mark += 1
        active = [i for i in active if marks[i].end > start]
        here = [i for i in active if marks[i].start < end and marks[i].end > start]
        out.append(
            f'<div class="ps {escape(passage["kind"])}" id="p-{safe_id(passage["passage_id"])}">'
            f'{margin(passage)}<div class="tx">{passage_text(view, passage, here, bands, styles, anchored)}</div></div>'
        )
    return out


def margin(passage: dict[str, Any]) -> str:
    names = direction_names()
    chips = []
    for label, score in passage["directions"]:
        english, russian = names.get(label, (label, label))
        chips.append(
            f'<span class="dir" data-d="{escape(label)}" title="{escape(russian)} · {score:.2f}">{escape(english)}</span>'
        )
    return f'<div class="mg">{"".join(chips)}</div>'


def passage_text(
    view: DocView,
    passage: dict[str, Any],
    here: list[int],
    bands: list[int],
    styles: StyleBook,
    anchored: set[int],
) -> str:
    """A passage's text cut at every mark boundary, each covered piece a highlighted span; a mark's anchor
    (``id="m-<fact id>"``) stands before its first piece."""
    start, end = passage["start"], passage["end"]
    text, marks = view.text, view.marks
    cuts = {start, end}
    for i in here:
        cuts.update(p for p in (marks[i].start, marks[i].end) if start < p < end)
    points = sorted(cuts)
    out = []
    for a, b in pairwise(points):
        covering = [i for i in here if marks[i].start <= a and marks[i].end >= b]
        piece = escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        anchors = "".join(f'<a class="an" id="m-{safe_id(marks[i].fact_id)}"></a>'
                          for i in covering if i not in anchored)  # fmt: skip
        anchored.update(covering)
        innermost = min(covering, key=lambda i: (marks[i].end - marks[i].start, -i))
        band_set = tuple(sorted({bands[i]: marks[i].type for i in covering}.items()))
        css = styles.name(marks[innermost].type, band_set)
        ids = " ".join(map(str, covering))
        out.append(f'{anchors}<span class="h {css}" data-f="{ids}">{piece}</span>')
    return "".join(out)


__all__ = ["COLORS", "StyleBook", "direction_names", "doc_anchor", "render_document", "tracks"]
