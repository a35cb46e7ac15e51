"""Throughput of the figures step on plain-text documents.

Usage: .venv/bin/python bench/figures.py [--rurebus DIR] [--kb 200] [--repeat 3]

The first ~KB kilobytes of sorted rurebus *.txt files become documents whose paragraphs are
passages (indpol.testing.make_document); DATE spans come from ``parse_dates`` inside the step.
Printed: KB/s (1 KB = 1024 bytes of UTF-8) of ``figures_step`` as the best of --repeat rounds
after one warm-up round (pymorphy3's cache warm), and the number of figures found.
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from indpol.config import PipelineConfig
from indpol.extract.figures.step import figures_step
from indpol.nlp.cache import Models
from indpol.testing import make_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rurebus", type=Path, default=SHARED / "rurebus-train")
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts, size = [], 0
    for path in sorted(args.rurebus.glob("*.txt")):
        texts.append((path.stem, path.read_text(encoding="utf-8")))
        size += len(texts[-1][1].encode("utf-8"))
        if size >= args.kb * 1024:
            break
    config = PipelineConfig()
    models = Models(config)
    rounds = []
    for _ in range(args.repeat + 1):
        docs = [make_document(text, doc_id=name) for name, text in texts]
        started = time.perf_counter()
        for doc in docs:
            figures_step(doc, models, config)
        rounds.append(time.perf_counter() - started)
    best = min(rounds[1:])
    print(
        f"{datetime.now(UTC):%Y-%m-%d} {platform.processor() or platform.machine()} python {platform.python_version()}"
    )
    print(f"{len(texts)} files, {size / 1024:.0f} KB, {sum(len(d.figures) for d in docs)} figures")
    print(f"figures_step: first round {size / 1024 / rounds[0]:.0f} KB/s, best {size / 1024 / best:.0f} KB/s")


if __name__ == "__main__":
    main()
