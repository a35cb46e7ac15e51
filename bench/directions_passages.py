"""Dump the passages the direction classifier sees in real documents, for labelling by reading.

The output (kept outside the repository: it holds the documents' text) has one row per
classifiable passage: ``{"id", "file", "text_sha1", "start", "end", "page", "kind", "text"}``,
``file`` relative to ``--root`` and ``start``/``end`` offsets in the document text indpol reads,
so a label file keeps only ``file``, ``text_sha1``, the offsets and the labels.

    python bench/directions_passages.py --root ../shared/data rurebus-train/*.txt --out pool.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indpol.classify.directions import classifiable
from indpol.evaluate.common import text_sha1
from indpol.pipeline import Pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="documents, relative to --root")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="", help="prefix of the passage ids")
    args = parser.parse_args(argv)
    pipeline = Pipeline.from_config(only=())
    rows = 0
    with args.out.open("w", encoding="utf-8") as out:
        for name in args.files:
            doc = pipeline.process(args.root / name)
            if doc.status not in {"ok", "needs_ocr"}:
                print(f"{name}: {doc.status} {doc.error}", file=sys.stderr)
                continue
            sha1 = text_sha1(doc.text)
            for passage in doc.passages:
                if not classifiable(passage):
                    continue
                row = {
                    "id": f"{args.prefix}{Path(name).stem}:{passage.start}",
                    "file": name,
                    "text_sha1": sha1,
                    "start": passage.start,
                    "end": passage.end,
                    "page": passage.page,
                    "kind": passage.kind,
                    "text": doc.text[passage.start : passage.end],
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                rows += 1
    print(f"{rows} passages from {len(args.files)} documents -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
