"""PDF text extraction: indpol's ingestion vs plain pdfplumber, pdfminer.six and pdftotext.

Builds multi-page Russian PDFs (fpdf2 + DejaVuSans) from our own corpus texts, laid out
line by line with words hyphenated at line ends ("произ-" / "водство") and a ruled table
every fifth page, then extracts each file with every tool in the same process run and prints
pages/s, chars/s, text fidelity (share of source words recovered, as a multiset) and the
speed ratio to indpol.

    .venv/bin/python bench/ingest.py              # 2 files (20 and 60 pages), median of 3 runs
    .venv/bin/python bench/ingest.py --pages 30 --repeat 1
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SOURCES = [
    "otchet_o_hode_realizacii_2023.txt",
    "otchet_o_hode_realizacii_2024.txt",
    "obzor_mikroelektronika.md",
]
LINE_WIDTH = 178.0  # mm: A4 with 15 mm margins, a little to spare
LINES_PER_PAGE = 52
VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
WORD = re.compile(r"\w+(?:-\w+)*")
NO_STEPS = {
    "extract": {"entities": False, "figures": False, "stages": False},
    "classify": {"directions": False},
}


def source_text() -> str:
    """Our corpus texts (written by us), Markdown marks removed, paragraphs on one line each."""
    parts = []
    for name in SOURCES:
        text = (ROOT / "corpus" / name).read_text(encoding="utf-8")
        text = re.sub(r"[#*_`>|]", " ", text)
        parts += [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    return "\n".join(parts)


def hyphen_split(word: str, fits: Callable[[str], bool]) -> tuple[str, str] | None:
    """The longest head of ``word`` (plus '-') that fits: cut after a vowel, ≥2 letters each side."""
    if not word.isalpha() or len(word) < 5:
        return None
    for cut in range(len(word) - 2, 1, -1):
        vowel_then_consonant = word[cut - 1] in VOWELS and word[cut] not in VOWELS | set("ьъй")
        if vowel_then_consonant and fits(word[:cut] + "-"):
            return word[:cut], word[cut:]
    return None


def layout(text: str, width: Callable[[str], float]) -> list[str]:
    """Lines no wider than LINE_WIDTH; words crossing a line end are hyphenated."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        words = paragraph.split()
        while words:
            word = words.pop(0)
            candidate = f"{line} {word}" if line else word
            if width(candidate) <= LINE_WIDTH:
                line = candidate
                continue
            split = hyphen_split(word, lambda head, line=line: width(f"{line} {head}") <= LINE_WIDTH)
            if split and line:
                lines.append(f"{line} {split[0]}-")
                words.insert(0, split[1])
                line = ""
            else:
                lines.append(line)
                line = word
        lines.append(line)
        lines.append("")
    return lines


TABLE = [
    ["Показатель", "2023", "2024", "2025"],
    ["Финансирование, млн руб.", "1 250,0", "1 410,5", "1 600,0"],
    ["Число предприятий", "14", "17", "21"],
]


def build_pdf(pages: int, text: str) -> tuple[bytes, str]:
    """A PDF of ``pages`` pages and the text it shows: its prose lines (line-end hyphens kept,
    a word may go on across a page and the table at its top) followed by the table rows."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=10)
    lines = layout(text, pdf.get_string_width)
    shown: list[str] = []
    tables: list[str] = []
    position = 0
    for number in range(1, pages + 1):
        pdf.add_page()
        budget = LINES_PER_PAGE
        if number % 5 == 0:
            with pdf.table(first_row_as_headings=False, line_height=5) as grid:
                for row in TABLE:
                    cells = grid.row()
                    for cell in row:
                        cells.cell(cell)
            tables += [" ".join(row) for row in TABLE]
            budget -= 8
        for _ in range(budget):
            line = lines[position % len(lines)]
            position += 1
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
            shown.append(line)
    return bytes(pdf.output()), "\n".join(shown + tables)  # prose in reading order, then the tables


def source_words(shown: str) -> Counter[str]:
    """Words of the source with line-end hyphens joined (what a reader sees)."""
    joined = re.sub(r"(\w)-\n(\w)", r"\1\2", shown)
    return Counter(WORD.findall(joined.lower()))


def fidelity(expected: Counter[str], text: str) -> float:
    found = Counter(WORD.findall(text.lower()))
    return sum(min(count, found[word]) for word, count in expected.items()) / max(1, sum(expected.values()))


def indpol_extractor(tables: bool) -> Callable[[Path], str]:
    from indpol.pipeline import Pipeline

    pipeline = Pipeline.from_config({**NO_STEPS, "ingest": {"pdf_tables": tables}})
    pipeline.process(b"warm up", name="warm.txt")  # load the dictionary once, outside the timing
    return lambda path: pipeline.process(path).text


def pypdfium2_text(path: Path) -> str:
    """The raw text layer, for reference: what indpol starts from (no layout, no cleaning)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def pdftotext_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def tools() -> dict[str, Callable[[Path], str]]:
    found = {
        "indpol (pypdfium2 + clean)": indpol_extractor(tables=False),
        "indpol (+ pdfplumber tables)": indpol_extractor(tables=True),
        "pypdfium2 get_text_range (raw)": pypdfium2_text,
        "pdfplumber extract_text": pdfplumber_text,
        "pdfminer.six extract_text": pdfminer_text,
    }
    if shutil.which("pdftotext"):
        found["pdftotext (poppler)"] = pdftotext_text
    else:
        print("pdftotext not installed (apt-get install poppler-utils): skipped", file=sys.stderr)
    return found


def measure(extract: Callable[[Path], str], path: Path, repeat: int) -> tuple[float, str]:
    times = []
    text = ""
    for _ in range(repeat):
        started = time.perf_counter()
        text = extract(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[20, 60])
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and file (median)")
    args = parser.parse_args()
    text = source_text()
    extractors = tools()
    with tempfile.TemporaryDirectory() as tmp:
        for pages in args.pages:
            data, shown = build_pdf(pages, text)
            path = Path(tmp) / f"bench_{pages}.pdf"
            path.write_bytes(data)
            expected = source_words(shown)
            hyphens = shown.count("-\n")
            print(f"\n{pages} pages, {len(shown):,} chars, {hyphens} line-end hyphens, {len(data):,} bytes")
            print("| tool | pages/s | chars/s | fidelity | speed vs indpol |\n|---|---|---|---|---|")
            base = None
            for name, extract in extractors.items():
                seconds, out = measure(extract, path, args.repeat)
                base = base or seconds
                print(
                    f"| {name} | {pages / seconds:,.1f} | {len(out) / seconds:,.0f} | "
                    f"{100 * fidelity(expected, out):.1f} % | {base / seconds:.2f}× |"
                )


if __name__ == "__main__":
    main()
