"""Digests of what the PDF reader hands on, to prove a speed change keeps every output.

For each PDF (the twins of ``bench/data/pdf_twins.jsonl``, the PDFs of ``bench/data/pdf_other.jsonl``,
the test and corpus PDFs), the reader's blocks (text, page, kind, role, OCR flag), tables (rows, page,
box, caption, row pages), bad pages with their reason and warning are hashed, each part apart. Only
digests are written or printed, never text, so held-out files can be compared too.

    .venv/bin/python bench/pdf_digests.py --out /tmp/before.json
    .venv/bin/python bench/pdf_digests.py --compare /tmp/before.json     # exit 1 when a digest moved
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from indpol.config import IngestConfig
from indpol.ingest import read_document

ROOT = Path(__file__).resolve().parents[1]
TWINS = ROOT / "bench" / "data" / "pdf_twins.jsonl"
OTHER = ROOT / "bench" / "data" / "pdf_other.jsonl"
DEVDATA = Path(os.environ.get("INDPOL_DEVDATA", "/work/devdata"))


def pdf_files() -> list[tuple[str, Path]]:
    """(name, path) of every PDF to digest that is present; the twins' split goes into the name."""
    files: list[tuple[str, Path]] = []
    for manifest, folder, prefix in ((TWINS, "pdf-twins", "twin"), (OTHER, "pdf-other", "other")):
        if not manifest.is_file():
            continue
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                path = DEVDATA / folder / row["pdf"]["repo"].replace("/", "+") / row["pdf"]["path"]
                if path.is_file():
                    files.append((f"{prefix}:{row.get('split', 'dev')}:{row['id']}", path))
    for folder in ("tests", "corpus"):
        files += [(f"ours:{p.relative_to(ROOT)}", p) for p in sorted((ROOT / folder).rglob("*.pdf"))]
    return files


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def digests(path: Path) -> dict[str, str]:
    """One digest per part of the reader's output (or of the error it raised)."""
    try:
        raw = read_document(path.read_bytes(), path.name, IngestConfig())
    except Exception as exc:
        return {"error": _digest(f"{type(exc).__name__}: {exc}")}
    return {
        "blocks": _digest(
            [(b.text.text, b.page, b.kind, b.role, b.ocr, b.table_index, b.row) for b in raw.blocks]
        ),
        "tables": _digest([(t.rows, t.page, t.bbox, t.row_pages, t.header_rows) for t in raw.tables]),
        "captions": _digest([t.caption for t in raw.tables]),
        "bad_pages": _digest([raw.bad_pages, raw.bad_page_reason, raw.warning, raw.warning_code]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the digests here (JSON)")
    parser.add_argument("--compare", type=Path, help="compare with digests written earlier")
    args = parser.parse_args()
    started = time.process_time()
    found = {name: digests(path) for name, path in pdf_files()}
    print(f"{len(found)} PDFs read in {time.process_time() - started:.2f} CPU s")
    if args.out:
        args.out.write_text(json.dumps(found, indent=1, sort_keys=True))
    if args.compare:
        before = json.loads(args.compare.read_text())
        moved = sorted(name for name in found.keys() & before.keys() if found[name] != before[name])
        missing = sorted(before.keys() ^ found.keys())
        for name in moved:
            if ":heldout:" in name:
                continue  # held out: counted, never named
            parts = [part for part in found[name] if found[name][part] != before[name].get(part)]
            print(f"moved: {name} ({', '.join(parts)})")
        held = sum(":heldout:" in name for name in moved)
        print(
            f"{len(moved)} of {len(found.keys() & before.keys())} moved ({held} held-out); {len(missing)} not in both"
        )
        return 1 if moved or missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
