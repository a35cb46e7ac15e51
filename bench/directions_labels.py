"""Join labels read on real passages with their places, into label files that keep no text.

Inputs: the pool rows ``bench/directions_passages.py`` wrote (id, file, text_sha1, start, end)
and the labellers' rows (id, labels, note). Output rows: ``{"id", "file", "text_sha1", "start",
"end", "labels", "register", "source"}``; ``indpol train directions --texts ROOT`` reads the text.

    python bench/directions_labels.py --pool pool.jsonl --labels labels/*.jsonl \\
        --source rurebus-train --register municipal --out corpus/labels/real-rurebus.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, nargs="+", required=True)
    parser.add_argument("--labels", type=Path, nargs="+", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--file-prefix", default="", help="keep only passages of files starting so")
    parser.add_argument("--root-prefix", default="", help="prepended to each file (its folder under --texts)")
    parser.add_argument(
        "--source", required=True, help="source recorded on each row; {repo} takes the manifest's"
    )
    parser.add_argument(
        "--register", required=True, help="register recorded on each row; {kind} takes the manifest's"
    )
    parser.add_argument("--manifest", type=Path, help="JSONL with file, repo and kind per document")
    args = parser.parse_args(argv)
    places = {}
    for pool in args.pool:
        for line in pool.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            places[row["id"]] = row
    manifest = {}
    if args.manifest:
        for line in args.manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                manifest[row["file"]] = row
    written = 0
    with args.out.open("w", encoding="utf-8") as out:
        for path in args.labels:
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                label = json.loads(line)
                place = places[label["id"]]
                if not place["file"].startswith(args.file_prefix):
                    continue
                about = manifest.get(place["file"], {})
                row = {
                    "id": label["id"],
                    "file": args.root_prefix + place["file"],
                    "text_sha1": place["text_sha1"],
                    "start": place["start"],
                    "end": place["end"],
                    "labels": sorted(set(label["labels"])),
                    "register": args.register.format(kind=about.get("kind", "")),
                    "source": args.source.format(repo=about.get("repo", "")),
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    print(f"{written} labelled passages -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
