"""Move offset-only label rows onto the text a newer reader gives their document.

Label and gold rows of real documents keep ``file``, ``start``/``end`` and the SHA-1 of the whole text indpol
read when they were made; a reader change (a PDF line order, a comma put back on its row) changes that text and
the rows are skipped. This reads each such document with the reader the rows were made with (``--old-src``: the
``src/`` folder of a checkout at that commit, run in a child process) and with this checkout's, finds each row's
passage in the new text (the occurrence nearest its old place) and rewrites ``start``, ``end`` and
``text_sha1``. A passage the new text no longer holds verbatim is left as it was, so it stays skipped, and is
counted. Labels are never touched.

    git worktree add /tmp/old b43e2fb
    python bench/reanchor_labels.py corpus/labels/real-federal.jsonl --texts /work/data --old-src /tmp/old/src
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

READ_TEXTS = """
import json, sys
from indpol.pipeline import Pipeline
pipeline = Pipeline.from_config(only=())
print(json.dumps({path: pipeline.process(path).text for path in sys.argv[1:]}))
"""


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def texts_with(src: Path, paths: list[Path]) -> dict[str, str]:
    """The texts of ``paths`` as the indpol under ``src`` reads them (a child process: one reader a process)."""
    if not paths:
        return {}
    env_path = f"PYTHONPATH={src}"
    result = subprocess.run(
        ["env", env_path, sys.executable, "-c", READ_TEXTS, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def nearest(text: str, passage: str, near: int) -> int:
    """Start of the occurrence of ``passage`` in ``text`` nearest ``near``, or -1."""
    best, start = -1, text.find(passage)
    while start != -1:
        if best == -1 or abs(start - near) < abs(best - near):
            best = start
        start = text.find(passage, start + 1)
    return best


def locate(file: str, roots: list[Path]) -> Path | None:
    return next((root / file for root in roots if (root / file).is_file()), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "labels", nargs="+", type=Path, help="JSONL label or gold files with file/start/end rows"
    )
    parser.add_argument(
        "--texts", type=Path, action="append", required=True, help="folders rows' files are under"
    )
    parser.add_argument(
        "--old-src", type=Path, required=True, help="src/ of the reader the rows were made with"
    )
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[1] / "src"
    for label_file in args.labels:
        rows = [
            json.loads(line) for line in label_file.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        files = sorted({row["file"] for row in rows if "file" in row})
        found = {file: locate(file, args.texts) for file in files}
        present = {file: path for file, path in found.items() if path is not None}
        new = texts_with(here, list(present.values()))
        changed = [
            file
            for file, path in present.items()
            if any(row.get("file") == file and row["text_sha1"] != sha1(new[str(path)]) for row in rows)
        ]
        old = texts_with(args.old_src, [present[file] for file in changed])
        moved = lost = 0
        for row in rows:
            if row.get("file") not in changed:
                continue
            path = str(present[row["file"]])
            before, after = old[path], new[path]
            if sha1(before) != row["text_sha1"]:
                lost += 1  # made with yet another reader: left as it is
                continue
            passage = before[row["start"] : row["end"]]
            start = nearest(after, passage, row["start"])
            if start == -1:
                lost += 1
                continue
            row["start"], row["end"], row["text_sha1"] = start, start + len(passage), sha1(after)
            moved += 1
        with label_file.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{label_file}: {len(changed)} changed documents, {moved} rows moved, {lost} left (not found)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
