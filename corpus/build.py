"""Rebuild the sample corpus (PDF, DOCX, HTML, encoded TXT) from corpus/sources/.

Run from the repository root:  .venv/bin/python corpus/build.py
Every output is deterministic: fixed creation dates, fixed ZIP timestamps.
Source format: a ``---`` front matter block (key: value), then a light Markdown body:
``#``/``##`` headings, blank-line paragraphs, ``1.`` numbered and ``-`` bulleted items,
``|`` tables preceded by a ``Таблица N – ...`` caption line, and ``<!-- columns -->``
which starts the two-column part of an article.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FIXED_DATE = dt.datetime(2024, 12, 2, 10, 0, 0, tzinfo=dt.UTC)
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
SPECIAL = set("йьъЙЬЪ")
CYRILLIC = re.compile(r"^[А-Яа-яЁё]+$")
EDGE = re.compile(r"^([«(\"„]*)(.*?)([»)\".,;:!?]*)$")
GLUE_NEXT = {"№", "–", "—"}
GLUE_PREV = re.compile(r"^(г\.|гг\.|%|тыс\.|млн|млрд|–|—)[,.;:)]*$")


# ---------------------------------------------------------------- source parsing
def parse_source(path: Path) -> tuple[dict[str, str], list[tuple]]:
    """Front matter and body blocks of one source file."""
    raw = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    body = raw
    if raw.startswith("---\n"):
        head, body = raw[4:].split("\n---\n", 1)
        for line in head.splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    meta["body"] = body.lstrip("\n")
    return meta, parse_blocks(meta["body"])


def parse_blocks(body: str) -> list[tuple]:
    """Blocks: (h1|h2|p, text), (ol|ul, items), (table, caption, rows), (columns,)."""
    blocks: list[tuple] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [line.rstrip() for line in chunk.splitlines() if line.strip()]
        first = lines[0]
        if first.strip() == "<!-- columns -->":
            blocks.append(("columns",))
        elif first.startswith("## "):
            blocks.append(("h2", first[3:].strip()))
        elif first.startswith("# "):
            blocks.append(("h1", first[2:].strip()))
        elif re.match(r"^\d+\.\s", first):
            blocks.append(("ol", [re.sub(r"^\d+\.\s+", "", line) for line in lines]))
        elif first.startswith("- "):
            blocks.append(("ul", [line[2:].strip() for line in lines]))
        elif any(line.startswith("|") for line in lines):
            caption = "" if first.startswith("|") else first
            rows = [
                [c.strip() for c in line.strip().strip("|").split("|")]
                for line in lines
                if line.startswith("|")
            ]
            rows = [r for r in rows if not all(re.fullmatch(r":?-{3,}:?", c) for c in r)]
            blocks.append(("table", caption, rows))
        else:
            blocks.append(("p", " ".join(line.strip() for line in lines)))
    return attach_captions(blocks)


def attach_captions(blocks: list[tuple]) -> list[tuple]:
    """A 'Таблица N – ...' paragraph right before a captionless table becomes its caption."""
    out: list[tuple] = []
    for block in blocks:
        prev = out[-1] if out else ("",)
        if block[0] == "table" and not block[1] and prev[0] == "p" and prev[1].startswith("Таблица"):
            out[-1] = ("table", prev[1], block[2])
        else:
            out.append(block)
    return out


# ---------------------------------------------------------------- hyphenation
def syllable_points(word: str) -> list[int]:
    """Break positions inside a Cyrillic word: V-CV, VC-CV; й/ь/ъ stay left; ≥ 2 letters each side."""
    if len(word) < 5 or not CYRILLIC.match(word) or word.isupper():
        return []
    vowels = [i for i, ch in enumerate(word) if ch in VOWELS]
    points = []
    for a, b in itertools.pairwise(vowels):
        cluster = b - a - 1
        p = a + 1 if cluster <= 1 else a + 2
        while p < b and word[p] in SPECIAL:
            p += 1
        if 2 <= p <= len(word) - 2 and any(c in VOWELS for c in word[p:]):
            points.append(p)
    return points


def hyphen_points(token: str) -> list[int]:
    """Break positions of a token: after each inner hyphen of a compound, and syllable breaks."""
    lead, core, _trail = EDGE.match(token).groups()
    points: list[int] = []
    offset = len(lead)
    parts = core.split("-")
    for i, part in enumerate(parts):
        points += [offset + p for p in syllable_points(part)]
        offset += len(part) + 1
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if len(part) > 1 and part[-1].isalpha() and nxt[:1].islower():
            points.append(offset)
    return sorted(set(points))


def tokens(text: str) -> list[str]:
    """Words for line breaking; numbers with thousands groups, '№ 719', '2023 г.' stay together."""
    out: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        prev = out[-1] if out else ""
        digits_group = re.fullmatch(r"\d{3}([,.]\d+)?[,.;:)%]*", word) and re.search(
            r"(^|\s|\()\d{1,3}$", prev
        )
        if out and (digits_group or prev in GLUE_NEXT or GLUE_PREV.match(word)):
            out[-1] = prev + " " + word
        else:
            out.append(word)
    return out


def wrap(
    text: str, width: float, measure: Callable[[str], float], indent: float = 0, hyphenate=True
) -> list[str]:
    """Greedy line breaking with optional hyphenation; the first line is narrower by ``indent``."""
    lines: list[str] = []
    cur = ""
    for word in tokens(text):
        while True:
            avail = width - (indent if not lines else 0)
            cand = f"{cur} {word}" if cur else word
            if measure(cand) <= avail:
                cur = cand
                break
            split = None
            points = hyphen_points(word) if hyphenate else []
            # an explicit hyphen of a compound is the preferred break, then the latest syllable
            for p in sorted(points, key=lambda p: (word[p - 1] == "-", p), reverse=True):
                head = word[:p] if word[p - 1] == "-" else word[:p] + "-"
                trial = f"{cur} {head}" if cur else head
                if measure(trial) <= avail:
                    split = (trial, word[p:])
                    break
            if split:
                lines.append(split[0])
                cur, word = "", split[1]
                continue
            if not cur:
                cur = word
                break
            lines.append(cur)
            cur = ""
    if cur:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------- PDF
def font_dir() -> Path:
    """Directory holding the DejaVu TTF files (Debian fonts-dejavu-core or matplotlib)."""
    dirs = list(FONT_DIRS)
    try:
        import matplotlib

        dirs.append(Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf")
    except ImportError:
        pass
    for d in dirs:
        if all((d / name).is_file() for name in FONT_FILES.values()):
            return d
    sys.exit(
        "corpus/build.py: DejaVuSans TTF fonts not found. Install Debian's fonts-dejavu-core "
        "(apt-get install fonts-dejavu-core) or matplotlib into the venv."
    )


def new_pdf(meta: dict[str, str], header: Callable, footer: Callable):
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            header(self)

        def footer(self):
            footer(self)

    size = meta.get("page", "A4")
    pdf = Doc(format=tuple(float(v) for v in size.split("x")) if "x" in size else size)
    fonts = font_dir()
    for style, name in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(fonts / name))
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(meta["title"])
    pdf.set_author(meta.get("author", "indpol sample corpus"))
    pdf.set_creator("indpol corpus/build.py")
    pdf.set_producer("indpol corpus/build.py")
    pdf.set_lang("ru")
    pdf.set_auto_page_break(False)
    return pdf


def running_header(meta: dict[str, str]) -> Callable:
    def draw(pdf):
        pdf.set_font("DejaVu", "I", 7.5)
        pdf.set_xy(pdf.l_margin, 8)
        pdf.cell(0, 4, meta["header_left"], align="L")
        pdf.set_xy(pdf.l_margin, 8)
        pdf.cell(0, 4, meta["header_right"], align="R")
        pdf.line(pdf.l_margin, 13, pdf.w - pdf.r_margin, 13)

    return draw


def running_footer(meta: dict[str, str], first_page: int = 1) -> Callable:
    def draw(pdf):
        pdf.set_font("DejaVu", "", 7.5)
        pdf.line(pdf.l_margin, pdf.h - 12, pdf.w - pdf.r_margin, pdf.h - 12)
        pdf.set_xy(pdf.l_margin, pdf.h - 11)
        pdf.cell(0, 4, meta["footer"], align="L")
        pdf.set_xy(pdf.l_margin, pdf.h - 11)
        pdf.cell(0, 4, str(first_page + pdf.page_no() - 1), align="R")

    return draw


class Flow:
    """Places wrapped lines into one or two columns, adding pages as needed."""

    def __init__(self, pdf, top: float, bottom: float, gap: float = 7):
        self.pdf, self.top, self.bottom, self.gap = pdf, top, bottom, gap
        self.columns = 1
        self.col = 0
        self.y = top

    def set_columns(self, n: int) -> None:
        self.columns, self.col = n, 0
        self.col_top = self.y

    @property
    def width(self) -> float:
        full = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin
        return (full - self.gap * (self.columns - 1)) / self.columns

    @property
    def x(self) -> float:
        return self.pdf.l_margin + self.col * (self.width + self.gap)

    def need(self, height: float) -> None:
        if self.y + height <= self.bottom:
            return
        if self.col + 1 < self.columns:
            self.col += 1
            self.y = self.col_top
        else:
            self.pdf.add_page()
            self.col, self.y, self.col_top = 0, self.top, self.top

    def text(
        self, text: str, style: str = "", size: float = 9, lead: float = 4.2, indent: float = 0, hyph=True
    ):
        pdf = self.pdf
        pdf.set_font("DejaVu", style, size)
        for i, line in enumerate(wrap(text, self.width, pdf.get_string_width, indent, hyph)):
            self.need(lead)
            pdf.text(self.x + (indent if i == 0 else 0), self.y + lead * 0.8, line)
            self.y += lead

    def space(self, height: float) -> None:
        self.y += height


def build_article(meta: dict[str, str], blocks: list[tuple], out: Path) -> None:
    """Journal article: full-width title and abstracts, then two columns with hyphenation."""
    pdf = new_pdf(meta, running_header(meta), running_footer(meta, int(meta.get("first_page", "1"))))
    pdf.set_margins(15, 18, 15)
    pdf.add_page()
    flow = Flow(pdf, top=18, bottom=pdf.h - 16, gap=6)
    for block in blocks:
        kind = block[0]
        if kind == "columns":
            flow.space(2)
            flow.set_columns(2)
        elif kind == "h1":
            flow.text(block[1], "B", 13, 6, hyph=False)
            flow.space(2)
        elif kind == "h2":
            flow.need(2 * 4.6 + 3 * 4.3 + 3)  # keep a heading with the first lines after it
            flow.space(2)
            flow.text(block[1], "B", 9.5, 4.6, hyph=False)
            flow.space(1)
        elif kind == "p":
            small = flow.columns == 1
            flow.text(block[1], "", 8.5 if small else 9, 4.0 if small else 4.3, indent=0 if small else 5)
        elif kind in ("ol", "ul"):
            for n, item in enumerate(block[1], 1):
                flow.text(f"{n}. {item}" if kind == "ol" else f"– {item}", "", 8.5, 3.9)
    pdf.output(str(out))


def build_report(meta: dict[str, str], blocks: list[tuple], out: Path) -> None:
    """Single-column report with ruled tables of figures."""
    pdf = new_pdf(meta, running_header(meta), running_footer(meta))
    pdf.set_margins(25, 20, 15)
    pdf.add_page()
    flow = Flow(pdf, top=20, bottom=pdf.h - 18)
    for block in blocks:
        kind = block[0]
        if kind == "h1":
            flow.text(block[1], "B", 12.5, 6, hyph=False)
            flow.space(3)
        elif kind == "h2":
            flow.space(2)
            flow.text(block[1], "B", 10.5, 5.2, hyph=False)
            flow.space(1)
        elif kind == "p":
            flow.text(block[1], "", 10, 5, indent=10, hyph=False)
            flow.space(1)
        elif kind in ("ol", "ul"):
            for n, item in enumerate(block[1], 1):
                flow.text(f"{n}) {item}" if kind == "ol" else f"– {item}", "", 10, 5, indent=5, hyph=False)
        elif kind == "table":
            draw_table(pdf, flow, block[1], block[2])
    pdf.output(str(out))


def draw_table(pdf, flow: Flow, caption: str, rows: list[list[str]]) -> None:
    """Caption plus a ruled table kept on one page."""
    first = (0.4 if len(rows[0]) > 4 else 0.55) * flow.width
    rest = (flow.width - first) / (len(rows[0]) - 1)
    widths = (first,) + (rest,) * (len(rows[0]) - 1)
    pdf.set_font("DejaVu", "", 8.5)
    lines = sum(len(wrap(row[0], first - 2, pdf.get_string_width, hyphenate=False)) for row in rows)
    flow.need(lines * 4.6 + 2 * 5 + 8)
    flow.space(2)
    flow.text(caption, "B", 9.5, 5, hyph=False)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_xy(pdf.l_margin, flow.y + 1)
    aligns = ("LEFT",) + ("RIGHT",) * (len(rows[0]) - 1)
    with pdf.table(
        col_widths=widths, text_align=aligns, line_height=4.6, width=flow.width, align="LEFT"
    ) as table:
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)
    flow.y = pdf.get_y() + 4


# ---------------------------------------------------------------- DOCX, HTML, TXT
def build_docx(meta: dict[str, str], blocks: list[tuple], out: Path) -> None:
    """DOCX with headings, numbered and bulleted lists and a table; ZIP timestamps fixed."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.language = meta["title"], meta.get("author", ""), "ru-RU"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_modified_by, props.revision = "indpol", 1
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            document.add_heading(block[1], level=0 if kind == "h1" else 1)
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind in ("ol", "ul"):
            for item in block[1]:
                document.add_paragraph(item, style="List Number" if kind == "ol" else "List Bullet")
        elif kind == "table":
            if block[1]:
                document.add_paragraph(block[1], style="Caption")
            rows = block[2]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(normalise_zip(buffer.getvalue()))


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with sorted-as-written members and a fixed timestamp."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 12, 2, 10, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return buffer.getvalue()


def inline(text: str) -> str:
    return html.escape(text, quote=False)


def html_blocks(blocks: list[tuple]) -> str:
    parts = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            tag = "h1" if kind == "h1" else "h2"
            parts.append(f"<{tag}>{inline(block[1])}</{tag}>")
        elif kind == "p":
            parts.append(f"<p>{inline(block[1])}</p>")
        elif kind in ("ol", "ul"):
            items = "".join(f"<li>{inline(i)}</li>" for i in block[1])
            parts.append(f"<{kind}>{items}</{kind}>")
        elif kind == "table":
            head, *body = block[2]
            cells = "".join(f"<th>{inline(c)}</th>" for c in head)
            rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
            caption = f"<caption>{inline(block[1])}</caption>" if block[1] else ""
            parts.append(f"<table>{caption}<thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def build_html(meta: dict[str, str], blocks: list[tuple], out: Path) -> None:
    """Portal page: the article inside header menu, breadcrumbs, sidebar, cookie banner, footer."""
    template = (SOURCES / meta["template"]).read_text(encoding="utf-8")
    page = template.replace("{{title}}", inline(meta["title"])).replace("{{date}}", meta.get("date", ""))
    page = page.replace("{{article}}", html_blocks(blocks))
    out.write_text(page, encoding="utf-8", newline="\n")


def build_txt(meta: dict[str, str], blocks: list[tuple], out: Path) -> None:
    """Plain text in the requested encoding and line ending."""
    newline = "\r\n" if meta.get("newline") == "crlf" else "\n"
    text = meta["body"].replace("\n", newline)
    out.write_bytes(text.encode(meta.get("encoding", "utf-8")))


BUILDERS = {
    "pdf-article": build_article,
    "pdf-report": build_report,
    "docx": build_docx,
    "html": build_html,
    "txt": build_txt,
}


def main() -> None:
    for path in sorted(SOURCES.glob("*.md")):
        meta, blocks = parse_source(path)
        out = HERE / meta["output"]
        BUILDERS[meta["format"]](meta, blocks, out)
        print(f"{path.name} -> {out.name} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
