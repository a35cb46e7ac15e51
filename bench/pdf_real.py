"""PDF text fidelity on real documents: indpol vs pdftotext, pypdfium2 and pdfplumber.

Each PDF has a twin (the same document as DOCX, ODT, DOC, RTF or HTML); the reference text is
indpol's reading of the twin. Every tool's text of the PDF is scored by word-bigram recall,
precision and F1 against it (:mod:`indpol.evaluate.text_fidelity`); speed is pages/s of the
extraction alone (best of --repeat runs), by wall clock and by CPU time (the process's own for the
Python tools, the child's for pdftotext, so a busy machine moves it less); the ratios of indpol's
reader to pdftotext are printed under each table. PyMuPDF is scored too if it happens to be installed.

    .venv/bin/python bench/pdf_real.py                       # manifest pairs + tests/data/pdf_layouts
    .venv/bin/python bench/pdf_real.py --split dev --repeat 3
    .venv/bin/python bench/pdf_real.py --root /data/pdf-twins --json /tmp/pdf_real.json
    .venv/bin/python bench/pdf_real.py --manifest /tmp/twins.jsonl --layouts ''
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indpol.evaluate.text_fidelity import Scores, bigram_scores, document_text

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "bench" / "data" / "pdf_twins.jsonl"
LAYOUTS = ROOT / "tests" / "data" / "pdf_layouts"
TWIN_SUFFIXES = (".docx", ".odt", ".html", ".htm", ".doc", ".rtf")
PDFIUM_HYPHEN = re.compile("[\ufffe\u0002]\n?")
Extractor = Callable[[Path], str]


@dataclass
class Pair:
    """A PDF and its twin."""

    id: str
    split: str
    pdf: Path
    twin: Path


@dataclass
class Result:
    """One tool on one PDF."""

    scores: Scores
    seconds: float
    error: str | None = None
    cpu_seconds: float = 0.0


@dataclass
class Row:
    """One document: its pages, reference size and every tool's result."""

    pair: Pair
    pages: int
    results: dict[str, Result] = field(default_factory=dict)


def indpol_text(path: Path) -> str:
    return document_text(path)[0]


def indpol_read_text(path: Path) -> str:
    """Ingestion alone: the PDF reader's blocks (prose and table rows), before cleaning and passages."""
    from indpol.config import IngestConfig
    from indpol.ingest import read_document

    raw = read_document(path.read_bytes(), path.name, IngestConfig())
    return "\n\n".join(block.text.text for block in raw.blocks)


def pdftotext(*options: str) -> Extractor:
    def extract(path: Path) -> str:
        command = ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"]
        return subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8", "replace")

    extract.subprocess = True  # type: ignore[attr-defined]  # its CPU time is the child's
    return extract


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pypdfium2_text(path: Path) -> str:
    """The text range of each page; pdfium's line-end hyphen marks turned back into "-\\n"."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    return PDFIUM_HYPHEN.sub("-\n", text)


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pymupdf_extractor() -> Extractor | None:
    """PyMuPDF (AGPL: never a dependency) only if it is already installed."""
    try:
        import pymupdf  # type: ignore[import-not-found]
    except ImportError:
        try:
            import fitz as pymupdf  # type: ignore[import-not-found,no-redef]
        except ImportError:
            return None

    def extract(path: Path) -> str:
        with pymupdf.open(path) as pdf:
            return "\n".join(page.get_text() for page in pdf)

    return extract


def tools() -> dict[str, Extractor]:
    found: dict[str, Extractor] = {"indpol": indpol_text, "indpol read": indpol_read_text}
    if shutil.which("pdftotext"):
        found["pdftotext"] = pdftotext()
        found["pdftotext -layout"] = pdftotext("-layout")
    else:
        print("note: pdftotext not installed (apt-get install poppler-utils): skipped", file=sys.stderr)
    found["pypdfium2"] = pypdfium2_text
    found["pdfplumber"] = pdfplumber_text
    mupdf = pymupdf_extractor()
    if mupdf:
        found["pymupdf"] = mupdf
    return found


def repo_folder(repo: str) -> str:
    return repo.replace("/", "+")


def manifest_pairs(manifest: Path, root: Path, split: str) -> list[Pair]:
    """Pairs of the manifest whose files are present under ``root`` (the others noted)."""
    if not manifest.is_file():
        print(f"note: no manifest at {manifest}", file=sys.stderr)
        return []
    pairs: list[Pair] = []
    missing = 0
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pair = Pair(
                id=str(row["id"]),
                split=str(row.get("split", "dev")),
                pdf=root / repo_folder(row["pdf"]["repo"]) / row["pdf"]["path"],
                twin=root / repo_folder(row["twin"]["repo"]) / row["twin"]["path"],
            )
        except (ValueError, KeyError, TypeError) as exc:
            print(f"note: {manifest}:{number}: bad row ({exc}): skipped", file=sys.stderr)
            continue
        if split != "all" and pair.split != split:
            continue
        absent = [str(path) for path in (pair.pdf, pair.twin) if not path.is_file()]
        if absent:
            missing += 1
            print(f"note: {pair.id}: missing {', '.join(absent)}: skipped", file=sys.stderr)
            continue
        pairs.append(pair)
    if missing:
        print(f"note: {missing} manifest pair(s) skipped for missing files (root {root})", file=sys.stderr)
    return pairs


def layout_pairs(folder: Path) -> list[Pair]:
    """Every NAME.pdf in ``folder`` with a NAME.docx/.odt/.html (…) twin next to it."""
    if not folder.is_dir():
        return []
    pairs = []
    for pdf in sorted(folder.glob("*.pdf")):
        twin = next((pdf.with_suffix(s) for s in TWIN_SUFFIXES if pdf.with_suffix(s).is_file()), None)
        if twin is None:
            print(f"note: {pdf.name}: no twin ({', '.join(TWIN_SUFFIXES)}): skipped", file=sys.stderr)
        else:
            pairs.append(Pair(id=pdf.stem, split="layouts", pdf=pdf, twin=twin))
    return pairs


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(extract: Extractor, path: Path, reference: str, repeat: int) -> Result:
    """Best wall and best CPU time of ``repeat`` extractions, and the last text's scores (a crash scores
    as empty). CPU time is the child's for a subprocess tool, this process's for the others."""
    child = getattr(extract, "subprocess", False)
    best, best_cpu, text, error = float("inf"), float("inf"), "", None
    for _ in range(repeat):
        cpu = children_cpu() if child else time.process_time()
        started = time.perf_counter()
        try:
            text = extract(path)
        except Exception as exc:
            text, error = "", f"{type(exc).__name__}: {exc}".replace("\n", " ")[:200]
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, (children_cpu() if child else time.process_time()) - cpu)
    return Result(bigram_scores(text, reference), best, error, best_cpu)


def warm_up(pairs: list[Pair], extractors: dict[str, Extractor]) -> None:
    """Load modules, dictionaries and the pipeline outside the timings: every tool on the smallest PDF."""
    smallest = min(pairs, key=lambda pair: pair.pdf.stat().st_size)
    for extract in extractors.values():
        with contextlib.suppress(Exception):  # a failure is measured and reported later
            extract(smallest.pdf)


def evaluate(pair: Pair, extractors: dict[str, Extractor], repeat: int) -> Row | None:
    try:
        reference, _ = document_text(pair.twin)
    except Exception as exc:
        print(f"note: {pair.id}: twin unreadable ({exc}): skipped", file=sys.stderr)
        return None
    row = Row(pair, page_count(pair.pdf))
    for name, extract in extractors.items():
        row.results[name] = measure(extract, pair.pdf, reference, repeat)
        if row.results[name].error:
            print(f"note: {pair.id}: {name} failed ({row.results[name].error})", file=sys.stderr)
    return row


def totals(rows: list[Row], names: list[str]) -> dict[str, dict[str, float]]:
    """Per tool: mean recall, precision and F1 over documents; total pages / total seconds."""
    pages = sum(row.pages for row in rows)
    out = {}
    for name in names:
        results = [row.results[name] for row in rows]
        seconds = sum(result.seconds for result in results)
        cpu_seconds = sum(result.cpu_seconds for result in results)
        out[name] = {
            "recall": sum(result.scores.recall for result in results) / len(results),
            "precision": sum(result.scores.precision for result in results) / len(results),
            "f1": sum(result.scores.f1 for result in results) / len(results),
            "pages": pages,
            "seconds": seconds,
            "pages_per_s": pages / seconds if seconds else 0.0,
            "cpu_seconds": cpu_seconds,
            "cpu_pages_per_s": pages / cpu_seconds if cpu_seconds else 0.0,
            "failures": sum(result.error is not None for result in results),
        }
    return out


def print_table(title: str, rows: list[Row], names: list[str]) -> dict[str, dict[str, float]]:
    header = [
        "id",
        "pages",
        *(f"F1 {n}" for n in names),
        "R indpol",
        "P indpol",
        *(f"p/s {n}" for n in names),
    ]
    print(f"\n{title}: {len(rows)} document(s)\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        indpol = row.results["indpol"].scores
        cells = [
            row.pair.id,
            str(row.pages),
            *(f"{row.results[n].scores.f1:.3f}" + ("!" if row.results[n].error else "") for n in names),
            f"{indpol.recall:.3f}",
            f"{indpol.precision:.3f}",
            *(f"{row.pages / row.results[n].seconds:,.1f}" for n in names),
        ]
        print("| " + " | ".join(cells) + " |")
    total = totals(rows, names)
    cells = [
        "**mean / total**",
        str(sum(row.pages for row in rows)),
        *(f"**{total[n]['f1']:.3f}**" for n in names),
        f"{total['indpol']['recall']:.3f}",
        f"{total['indpol']['precision']:.3f}",
        *(f"{total[n]['pages_per_s']:,.1f}" for n in names),
    ]
    print("| " + " | ".join(cells) + " |")
    print_speed_ratios(total)
    return total


def print_speed_ratios(total: dict[str, dict[str, float]]) -> None:
    """CPU seconds per tool, and indpol's reader against pdftotext by wall clock and by CPU time."""
    print("\nCPU s: " + ", ".join(f"{name} {numbers['cpu_seconds']:.3f}" for name, numbers in total.items()))
    ours, theirs = total.get("indpol read"), total.get("pdftotext")
    if ours and theirs and ours["pages_per_s"] and ours["cpu_pages_per_s"]:
        wall = ours["pages_per_s"] / theirs["pages_per_s"]
        cpu = ours["cpu_pages_per_s"] / theirs["cpu_pages_per_s"]
        print(f"indpol read / pdftotext pages/s: {wall:.2f}x by wall clock, {cpu:.2f}x by CPU time")


def as_json(rows: list[Row], names: list[str], summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "tools": names,
        "documents": [
            {
                "id": row.pair.id,
                "split": row.pair.split,
                "pdf": str(row.pair.pdf),
                "twin": str(row.pair.twin),
                "pages": row.pages,
                "tools": {
                    name: {
                        **asdict(result.scores),
                        "seconds": result.seconds,
                        "cpu_seconds": result.cpu_seconds,
                        "error": result.error,
                    }
                    for name, result in row.results.items()
                },
            }
            for row in rows
        ],
        "totals": summary,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="JSONL of PDF/twin pairs")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get("INDPOL_TWINS", "/work/devdata/pdf-twins")),
        help="files at ROOT/<owner>+<name>/<path> (default: $INDPOL_TWINS or /work/devdata/pdf-twins)",
    )
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--layouts", default=str(LAYOUTS), help="NAME.pdf + NAME.docx/.odt/.html ('' : none)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool and file (best time)")
    parser.add_argument("--json", type=Path, help="write every number to this file")
    args = parser.parse_args()

    pairs = manifest_pairs(args.manifest, args.root, args.split)
    if args.layouts and args.split == "all":
        pairs += layout_pairs(Path(args.layouts))
    if not pairs:
        print("no PDF/twin pairs found (manifest files absent, no layout pairs): nothing to measure")
        return 0
    extractors = tools()
    names = list(extractors)
    load_before = os.getloadavg()
    warm_up(pairs, extractors)
    rows = [row for pair in pairs if (row := evaluate(pair, extractors, max(1, args.repeat)))]
    load = f"1-min load average {load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    if not rows:
        print("no twin could be read: nothing to measure")
        return 0
    print(
        f"word-bigram F1 against the twin read by indpol; pages/s best of {args.repeat}; ! = tool failed; {load}"
    )
    summary: dict[str, Any] = {}
    for split in ("dev", "heldout", "layouts"):
        part = [row for row in rows if row.pair.split == split]
        if part:
            summary[split] = print_table(split, part, names)
    others = sorted({row.pair.split for row in rows} - {"dev", "heldout", "layouts"})
    for split in others:
        summary[split] = print_table(split, [row for row in rows if row.pair.split == split], names)
    if len(summary) > 1:
        summary["all"] = print_table("all", rows, names)
    if args.json:
        summary["load"] = {"start": load_before[0], "end": os.getloadavg()[0]}
        args.json.write_text(json.dumps(as_json(rows, names, summary), ensure_ascii=False, indent=1))
        print(f"\nwritten {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
