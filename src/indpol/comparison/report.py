"""Render a :class:`~indpol.comparison.compare.Comparison` as one self-contained HTML file or as Markdown.

Every piece of document text is escaped; every fact row shows its evidence: the source
document (linked when the file exists), the page and the quoted span in its passage.
"""

from __future__ import annotations

import html
import math
import os
import re
import urllib.parse
from pathlib import Path
from string import Template
from typing import Any

import pandas as pd

from indpol import __version__
from indpol.comparison.compare import SECTIONS, Comparison
from indpol.data import REPORT_PAGE
from indpol.display import terminal_safe
from indpol.errors import ReportError

EVIDENCE = "evidence"
# Columns shown per section: (header, field, format). Evidence fields name the side prefix.
COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "figures_changed": [
        ("Indicator", "indicator", "text"), ("Unit", "unit", "text"), ("Period", "period", "text"),
        ("Old", "old_value", "num"), ("New", "new_value", "num"), ("Change", "abs_change", "signed"),
        ("in", "change_unit", "text"), ("Change, %", "rel_change", "percent"), ("Matched by", "match", "text"),
        ("Note", "note", "note"),
        ("Old evidence", "old", EVIDENCE), ("New evidence", "new", EVIDENCE),
    ],
    "figures_new": [
        ("Indicator", "indicator", "text"), ("Unit", "unit", "text"), ("Period", "period", "text"),
        ("Value", "new_value", "num"), ("Evidence", "new", EVIDENCE),
    ],
    "figures_gone": [
        ("Indicator", "indicator", "text"), ("Unit", "unit", "text"), ("Period", "period", "text"),
        ("Value", "old_value", "num"), ("Evidence", "old", EVIDENCE),
    ],
    "figure_conflicts": [
        ("Side", "side", "text"), ("Indicator", "indicator", "text"), ("Unit", "unit", "text"),
        ("Period", "period", "text"), ("Value", "value", "num"), ("Evidence", "", EVIDENCE),
    ],
    "stages_changed": [
        ("Stage", "stage", "text"), ("Change", "change", "change"), ("Old status", "old_status", "text"),
        ("New status", "new_status", "text"), ("Old completion, %", "old_completion", "num"),
        ("New completion, %", "new_completion", "num"), ("Old period", "old_period", "text"),
        ("New period", "new_period", "text"), ("Old evidence", "old", EVIDENCE), ("New evidence", "new", EVIDENCE),
    ],
    "stages_new": [
        ("Stage", "stage", "text"), ("Status", "new_status", "text"), ("Completion, %", "new_completion", "num"),
        ("Period", "new_period", "text"), ("Evidence", "new", EVIDENCE),
    ],
    "stages_dropped": [
        ("Stage", "stage", "text"), ("Status", "old_status", "text"), ("Completion, %", "old_completion", "num"),
        ("Period", "old_period", "text"), ("Evidence", "old", EVIDENCE),
    ],
    "entities_new": [
        ("Label", "label", "text"), ("Name", "canonical", "text"), ("Mentions", "mentions", "num"),
        ("Documents", "documents", "num"), ("First mention", "new", EVIDENCE),
    ],
    "entities_gone": [
        ("Label", "label", "text"), ("Name", "canonical", "text"), ("Mentions", "mentions", "num"),
        ("Documents", "documents", "num"), ("Last report's mention", "old", EVIDENCE),
    ],
    "directions": [
        ("Direction", "name", "text"), ("Old passages", "old_passages", "num"), ("Old share", "old_share", "share"),
        ("New passages", "new_passages", "num"), ("New share", "new_share", "share"), ("Shift, pp", "shift_pp", "signed"),
    ],
}  # fmt: skip


def is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_number(value: Any, signed: bool = False) -> str:
    """50000000000.0 → "50 000 000 000"; 12.5 → "12.5"; signed adds "+"."""
    if is_missing(value):
        return ""
    number = float(value)
    text = f"{number:,.0f}" if number == int(number) and abs(number) < 1e18 else f"{number:,.6g}"
    if "e" in text:
        text = f"{number:,.6f}".rstrip("0").rstrip(".")
    text = text.replace(",", "\u202f")
    return f"+{text}" if signed and number > 0 else text


def format_value(value: Any, fmt: str) -> str:
    """Plain text of one cell (before escaping)."""
    if is_missing(value):
        return ""
    if fmt in ("num", "signed"):
        return format_number(value, signed=fmt == "signed")
    if fmt == "percent":
        return format_number(round(100 * float(value), 2), signed=True) + " %"
    if fmt == "share":
        return f"{100 * float(value):.1f} %"
    return str(value)


def evidence_parts(row: dict[str, Any], side: str) -> dict[str, Any] | None:
    prefix = f"{side}_" if side else ""
    if is_missing(row.get(f"{prefix}source")):
        return None
    page = row.get(f"{prefix}page")
    context = str(row.get(f"{prefix}context") or "")
    at = int(row.get(f"{prefix}quote_at") or 0)
    quote = str(row.get(f"{prefix}quote") or "")
    if context[at : at + len(quote)] != quote:
        context, at = quote, 0
    return {
        "source": str(row[f"{prefix}source"]),
        "page": None if is_missing(page) else int(page),
        "before": context[:at],
        "quote": quote,
        "after": context[at + len(quote) :],
        "span": _span_title(row, prefix),
    }


def _span_title(row: dict[str, Any], prefix: str) -> str:
    """ "doc 1a2b…, chars 120–136": where the quote sits in the document's clean text."""
    doc_id, start, end = (row.get(f"{prefix}{k}") for k in ("doc_id", "char_start", "char_end"))
    if is_missing(doc_id) or is_missing(start) or is_missing(end):
        return ""
    return f"doc {str(doc_id)[:12]}, chars {int(start)}–{int(end)}"


def source_href(source: str, base: Path | None = None) -> str | None:
    """A link to the source when it exists here, relative to ``base`` (the report's folder; default the
    current one), so that the report and its documents can be sent together."""
    path = Path(source)
    try:
        if not path.is_file():
            return None
        relative = os.path.relpath(path.resolve(), (base or Path.cwd()).resolve())
    except (OSError, ValueError):  # another drive: no relative path
        return None
    return urllib.parse.quote(Path(relative).as_posix())


# ---------------------------------------------------------------------------- HTML


def html_evidence(row: dict[str, Any], side: str, base: Path | None = None) -> str:
    parts = evidence_parts(row, side)
    if parts is None:
        return ""
    esc = html.escape
    href = source_href(parts["source"], base)
    if href and parts["page"] is not None and parts["source"].lower().endswith(".pdf"):
        href += f"#page={parts['page']}"
    name = esc(parts["source"])
    where = f'<a href="{esc(href)}">{name}</a>' if href else name
    if parts["page"] is not None:
        where += f", p.\u00a0{parts['page']}"
    quote = f"{esc(parts['before'])}<mark>{esc(parts['quote'])}</mark>{esc(parts['after'])}"
    title = f' title="{esc(parts["span"])}"' if parts["span"] else ""
    return f'<div class="ev"{title}><span class="where">{where}</span><q>{quote}</q></div>'


def html_cell(row: dict[str, Any], field: str, fmt: str, base: Path | None = None) -> str:
    if fmt == EVIDENCE:
        return f"<td>{html_evidence(row, field, base)}</td>"
    text = html.escape(format_value(row.get(field), fmt))
    if fmt in ("num", "signed", "percent", "share"):
        css = "num"
        if fmt in ("signed", "percent") and not is_missing(row.get(field)) and float(row[field]) != 0:
            css += " up" if float(row[field]) > 0 else " down"
        return f'<td class="{css}">{text}</td>'
    if fmt == "change":
        css = {"advanced": "up", "regressed": "down"}.get(str(row.get(field)), "")
        return f'<td class="{css}">{text}</td>'
    return f'<td class="note">{text}</td>' if fmt == "note" else f"<td>{text}</td>"


def html_table(name: str, frame: pd.DataFrame, base: Path | None = None) -> str:
    if frame.empty:
        return '<p class="empty">Nothing here.</p>'
    columns = COLUMNS[name]
    head = "".join(f"<th>{html.escape(header)}</th>" for header, _, _ in columns)
    body = []
    for row in frame.to_dict("records"):
        body.append("<tr>" + "".join(html_cell(row, field, fmt, base) for _, field, fmt in columns) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def direction_chart(frame: pd.DataFrame, old_label: str = "old", new_label: str = "new") -> str:
    """Grouped horizontal bars (old grey, new blue) of direction shares as inline SVG."""
    rows = frame.to_dict("records")
    if not rows:
        return ""
    label_w, bar_w, row_h = 260, 420, 36
    top = max([r["old_share"] for r in rows] + [r["new_share"] for r in rows] + [0.01])
    height = row_h * len(rows) + 46
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 80}" height="{height}" '
             f'role="img" aria-label="Direction shares">']  # fmt: skip
    for i, row in enumerate(rows):
        y = 40 + i * row_h
        parts.append(f'<text x="0" y="{y + 14}">{html.escape(str(row["name"]))}</text>')
        for k, (share, color) in enumerate(((row["old_share"], "#9aa3b2"), (row["new_share"], "#2f6fde"))):
            width = bar_w * share / top
            parts.append(
                f'<rect x="{label_w}" y="{y + k * 14}" width="{width:.1f}" height="12" fill="{color}"/>'
            )
            parts.append(
                f'<text x="{label_w + width + 4:.1f}" y="{y + k * 14 + 10}">{100 * share:.1f} %</text>'
            )
    # one legend line per side, so that long labels never overlap
    legend = (f'<rect x="{label_w}" y="2" width="12" height="12" fill="#9aa3b2"/>'
              f'<text x="{label_w + 16}" y="12">{html.escape(old_label)}</text>'
              f'<rect x="{label_w}" y="18" width="12" height="12" fill="#2f6fde"/>'
              f'<text x="{label_w + 16}" y="28">{html.escape(new_label)}</text>')  # fmt: skip
    parts.append(legend + "</svg>")
    return "".join(parts)


def summary_lines(comparison: Comparison) -> list[str]:
    """The report's opening bullet points (plain text)."""
    s, changes = comparison.summary, comparison.summary.get("changes", {})
    lines = []
    for side in ("old", "new"):
        info = s.get(side, {})
        failed = f" ({info['failed']} failed or need OCR)" if info.get("failed") else ""
        lines.append(f"{side.upper()}: {info.get('label', '')} — {info.get('documents', 0)} documents{failed}, "
                     f"{info.get('figures', 0)} figures, {info.get('stages', 0)} stages, "
                     f"{info.get('entities', 0)} entities")  # fmt: skip
    matching = s.get("figures_matching", {})
    for side in ("old", "new") if matching else ():
        m = matching[side]
        empty = m.get("empty_on_other_side", 0)
        lost = (
            f", {empty} in table cells the other side reads empty (its value lost in reading)"
            if empty
            else ""
        )
        lines.append(f"{side.upper()} figures: {m['matched']} matched, {m['unmatched']} on this side only, "
                     f"{m['not_matchable']} not comparable (no indicator, table cell or words around them){lost}")  # fmt: skip
    if not any(count for name, count in changes.items() if name != "figure_conflicts"):
        unsure = sum(m["not_matchable"] + m.get("empty_on_other_side", 0) for m in matching.values())
        lines.append("Nothing changed" if not unsure else
                     f"No change found, but {unsure} figures could not be compared")  # fmt: skip
    for name, title in SECTIONS:
        if name in changes:
            lines.append(f"{title}: {changes[name]}")
    directions = comparison.directions
    if directions.empty or not (directions["old_passages"].sum() + directions["new_passages"].sum()):
        lines.append("Directions: no passage on either side carries a direction label")
    for shift in s.get("direction_shifts", []):
        lines.append(f"Direction shift: {shift['name']} {format_number(shift['shift_pp'], signed=True)} pp")
    return lines


def render_html(comparison: Comparison, base: Path | None = None) -> str:
    """One self-contained HTML page: summary first, then one table per section and the direction chart;
    links to the documents are relative to ``base`` (where the page will be; default the current folder)."""
    esc = html.escape
    title = f"indpol: {comparison.old_label} → {comparison.new_label}"
    body = [f"<h1>What changed</h1><p class=\"sides\">{esc(comparison.old_label)} → {esc(comparison.new_label)}</p>",
            "<h2>Summary</h2><ul class=\"summary\">"
            + "".join(f"<li>{esc(line)}</li>" for line in summary_lines(comparison)) + "</ul>"]  # fmt: skip
    for name, heading in SECTIONS:
        frame = getattr(comparison, name)
        body.append(f'<h2 id="{name}">{esc(heading)}</h2>')
        if name == "directions":
            body.append(direction_chart(frame, comparison.old_label, comparison.new_label))
        body.append(html_table(name, frame, base))
    page = Template(REPORT_PAGE.read_text(encoding="utf-8"))
    return page.substitute(title=esc(title), body="\n".join(body), version=esc(__version__))


# ---------------------------------------------------------------------------- Markdown


MD_SPECIAL = re.compile(r"([\\|\[\]()*_`!])")


def md_escape(text: str) -> str:
    """Safe inside a Markdown table cell: HTML-escaped, Markdown's link, emphasis and table characters
    escaped, one line, control characters (escape sequences, which ``cat`` of the file would run) shown as
    ``\\xNN``."""
    text = terminal_safe(re.sub(r"\s+", " ", text))
    return MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def md_evidence(row: dict[str, Any], side: str) -> str:
    parts = evidence_parts(row, side)
    if parts is None:
        return ""
    where = parts["source"] + (f", p. {parts['page']}" if parts["page"] is not None else "")
    quote = f"{md_escape(parts['before'])}**{md_escape(parts['quote'])}**{md_escape(parts['after'])}"
    return f"{md_escape(where)}: «{quote}»"


def md_table(name: str, frame: pd.DataFrame) -> str:
    if frame.empty:
        return "_Nothing here._"
    columns = COLUMNS[name]
    lines = ["| " + " | ".join(header for header, _, _ in columns) + " |",
             "|" + "|".join("---:" if fmt in ("num", "signed", "percent", "share") else "---"
                            for _, _, fmt in columns) + "|"]  # fmt: skip
    for row in frame.to_dict("records"):
        cells = [md_evidence(row, field) if fmt == EVIDENCE else md_escape(format_value(row.get(field), fmt))
                 for _, field, fmt in columns]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_markdown(comparison: Comparison) -> str:
    """The same summary and tables as the HTML report, as Markdown."""
    out = [
        f"# What changed: {md_escape(comparison.old_label)} → {md_escape(comparison.new_label)}",
        "",
        "## Summary",
        "",
    ]
    out += [f"- {md_escape(line)}" for line in summary_lines(comparison)]
    for name, heading in SECTIONS:
        out += ["", f"## {heading}", "", md_table(name, getattr(comparison, name))]
    return "\n".join(out) + "\n"


def write_report(comparison: Comparison, path: str | Path) -> Path:
    """Write the report as HTML (``.html``/``.htm``), Markdown (``.md``) or a workbook (``.xlsx``: the summary,
    then a sheet per change table with every column), chosen by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from indpol.store.export import write_frames_xlsx

        path.parent.mkdir(parents=True, exist_ok=True)
        summary = [[line] for line in summary_lines(comparison)]
        write_frames_xlsx(("summary", summary), comparison.tables(), path)
        return path
    if suffix in (".html", ".htm"):
        text = render_html(comparison, path.parent)
    elif suffix in (".md", ".markdown"):
        text = render_markdown(comparison)
    else:
        raise ReportError("report must end in .html, .md or .xlsx", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- query results


def plain_table(columns: list[str], rows: list[tuple[Any, ...]], max_width: int = 60) -> str:
    """Rows as aligned plain text (for pipes and files): one line per row, long cells cut with "…"."""

    def cell(value: Any) -> str:
        text = "NULL" if value is None else terminal_safe(" ".join(str(value).split()))
        return text if max_width <= 0 or len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def print_rows(
    columns: list[str],
    rows: list[tuple[Any, ...]],
    *,
    max_rows: int = 200,
    max_width: int = 60,
    rich: bool = False,
) -> None:
    """Print a query result: a rich table on a terminal, plain aligned text otherwise; then the row count."""
    import click

    shown = rows if max_rows <= 0 else rows[:max_rows]
    more = f" ({len(rows) - len(shown)} more not shown; use --max-rows 0)" if len(shown) < len(rows) else ""
    if rich:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table()
        for index, column in enumerate(columns):
            numeric = any(isinstance(row[index], int | float) for row in shown)
            if numeric:  # numbers never cut: the column is as wide as its longest value
                width = max([len(column), *(len(str(row[index])) for row in shown)])
                table.add_column(column, justify="right", no_wrap=True, min_width=width)
            else:
                table.add_column(column, overflow="fold")
        for row in shown:  # Text: a cell's "[link=…]" is no markup
            table.add_row(*(Text("NULL" if v is None else terminal_safe(v, lines=True)) for v in row))
        Console().print(table)
    elif columns:
        click.echo(plain_table(columns, shown, max_width=max_width))
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}{more}")


__all__ = [
    "format_number",
    "plain_table",
    "print_rows",
    "render_html",
    "render_markdown",
    "summary_lines",
    "write_report",
]
