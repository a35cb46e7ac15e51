"""How documents and runs show themselves in a notebook: a one-line ``repr`` and a small HTML view
(counts, the first figures, an excerpt with figures highlighted), never the whole text."""

from __future__ import annotations

import re
from html import escape
from typing import Any

FACT_LISTS = ("passages", "tables", "entities", "figures", "stages")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"[\t\n]")
SHOWN_FIGURES = 10
EXCERPT_CHARS = 600


def document_repr(doc: Any) -> str:
    counts = ", ".join(f"{name}={len(getattr(doc, name))}" for name in FACT_LISTS)
    return (
        f"Document({doc.source!r}, status={doc.status!r}, format={doc.format!r}, pages={doc.pages}, {counts})"
    )


def document_html(doc: Any) -> str:
    """A table of the document's counts, its first figures and an excerpt with the figures marked."""
    head = f"<b>{escape(doc.source)}</b> — {escape(doc.status)}, {escape(doc.format)}"
    if doc.error:
        head += f" <i>({escape(doc.error)})</i>"
    counts = "".join(f"<th>{name}</th>" for name in FACT_LISTS)
    values = "".join(f"<td>{len(getattr(doc, name))}</td>" for name in FACT_LISTS)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape('' if value is None else str(value))}</td>"
            for value in (f.text, f.value, f.unit, f.indicator, f.period_start, f.page)
        )
        + "</tr>"
        for f in doc.figures[:SHOWN_FIGURES]
    )
    figures = (
        "<table><tr><th>text</th><th>value</th><th>unit</th><th>indicator</th><th>period</th><th>page</th></tr>"
        f"{rows}</table>"
        if rows
        else ""
    )
    return (
        f"<div>{head}<table><tr>{counts}</tr><tr>{values}</tr></table>{figures}"
        f"<p style='white-space:pre-wrap'>{excerpt_html(doc)}</p></div>"
    )


def excerpt_html(doc: Any, limit: int = EXCERPT_CHARS) -> str:
    """The first ``limit`` characters of the clean text, each figure in it marked."""
    text, parts, position = doc.text[:limit], [], 0
    for figure in doc.figures:
        if figure.start < position or figure.end > len(text):
            continue
        parts += [
            escape(text[position : figure.start]),
            f"<mark>{escape(text[figure.start : figure.end])}</mark>",
        ]
        position = figure.end
    parts.append(escape(text[position:]))
    return "".join(parts) + ("…" if len(doc.text) > limit else "")


def run_html(label: str, counts: dict[str, int]) -> str:
    cells = "".join(f"<tr><td>{escape(name)}</td><td>{count}</td></tr>" for name, count in counts.items())
    return f"<div><b>{escape(label)}</b><table><tr><th>table</th><th>rows</th></tr>{cells}</table></div>"


def terminal_safe(text: Any, *, lines: bool = False) -> str:
    """Untrusted text (a file name, a document's words) for a terminal: control characters, escape
    sequences among them, shown as ``\\xNN`` and never run; tabs and line breaks too unless ``lines``."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
    return text if lines else LINE_BREAKS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
