"""Charts as inline SVG drawn here (no script, no fonts), each with its numbers in a table beneath."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from indpol.display import safe_id

BAR = "#2f6fde"
PALETTE = ("#2f6fde", "#e8590c", "#2b8a3e", "#7048e8", "#c2255c", "#0c8599", "#e67700", "#5c940d",
           "#862e9c", "#495057", "#1864ab", "#a61e4d")  # fmt: skip
LABEL_W, BAR_W, ROW_H = 300, 420, 22


def short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def data_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain HTML table (numbers right-aligned), every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            text = f"{value:.1f}" if isinstance(value, float) else str(value)
            cells.append(f'<td class="num">{escape(text)}</td>' if number else f"<td>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def figure(chart_id: str, title: str, svg: str, table: str, note: str = "") -> str:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return (
        f'<figure class="chart" id="chart-{safe_id(chart_id)}"><figcaption>{escape(title)}</figcaption>'
        f"{svg}{note_html}{table}</figure>"
    )


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, float]], headers: Sequence[str]) -> str:
    """Horizontal bars, one per (label, value), longest scaled to the full width."""
    if not rows:
        return figure(chart_id, title, '<p class="empty">Nothing to chart.</p>', "")
    top = max(value for _, value in rows) or 1
    height = ROW_H * len(rows) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{LABEL_W + BAR_W + 70}" '
             f'height="{height}" role="img" aria-label="{escape(title)}">']  # fmt: skip
    for i, (label, value) in enumerate(rows):
        y = 4 + i * ROW_H
        width = BAR_W * value / top
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end"><title>{escape(label)}</title>'
            f"{escape(short(label))}</text>"
            f'<rect x="{LABEL_W}" y="{y + 2}" width="{width:.1f}" height="15" fill="{BAR}"/>'
            f'<text x="{LABEL_W + width + 4:.1f}" y="{y + 14}">{value:g}</text>'
        )
    parts.append("</svg>")
    return figure(
        chart_id, title, "".join(parts), data_table(headers, [(label, value) for label, value in rows])
    )


def stacked_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, dict[str, float]]],
    series: Sequence[tuple[str, str]],
    table_rows: Sequence[Sequence[object]],
    headers: Sequence[str],
    note: str = "",
) -> str:
    """One bar per row split into the series' shares (0–1), a legend above; ``series`` is (id, name)."""
    if not rows:
        return figure(chart_id, title, '<p class="empty">Nothing to chart.</p>', "", note)
    colors = {sid: PALETTE[i % len(PALETTE)] for i, (sid, _) in enumerate(series)}
    legend_rows = (len(series) + 3) // 4
    top = 6 + 18 * legend_rows
    height = top + ROW_H * len(rows) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="stacked" width="{LABEL_W + BAR_W + 70}" '
             f'height="{height}" role="img" aria-label="{escape(title)}">']  # fmt: skip
    for i, (sid, name) in enumerate(series):
        x, y = (i % 4) * 190, 4 + (i // 4) * 18
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colors[sid]}"/>'
                     f'<text x="{x + 16}" y="{y + 10}">{escape(short(name, 26))}</text>')  # fmt: skip
    for i, (label, shares) in enumerate(rows):
        y = top + i * ROW_H
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end"><title>{escape(label)}</title>'
                     f"{escape(short(label))}</text>")  # fmt: skip
        x = float(LABEL_W)
        for sid, _ in series:
            width = BAR_W * shares.get(sid, 0.0)
            if width > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="15" '
                             f'fill="{colors[sid]}"><title>{escape(sid)}: {100 * shares[sid]:.1f} %</title></rect>')  # fmt: skip
                x += width
    parts.append("</svg>")
    return figure(chart_id, title, "".join(parts), data_table(headers, table_rows), note)


__all__ = ["bar_chart", "data_table", "stacked_chart"]
