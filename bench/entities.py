"""Throughput of the entity stage next to bare slovnet NER on the same passages.

Usage: .venv/bin/python bench/entities.py [--rurebus DIR] [--factru DIR] [--kb 200] [--repeat 3] [--cpu]

For each corpus the first ~KB kilobytes of sorted *.txt files become documents whose
paragraphs are passages (indpol.testing.make_document). Each system runs document by
document, as the pipeline does:
  slovnet      bare slovnet ``NER.map`` over the document's passage texts, batch size as configured
  sorted       slovnet through our NerModel (passages sorted by length, then restored)
  ner-only     the NER part of our step alone (same units: passages, long ones cut into sentence groups)
  entities     our whole entity step (NER + gazetteer + LAW + DATE + canonical forms)
and, for reference, "slovnet-all"/"sorted-all": all passages of the corpus in one call.
Printed: KB/s (1 KB = 1024 bytes of UTF-8) as the best of --repeat rounds after one warm-up
round (systems take turns in each round) (so pymorphy3's and our name caches are warm), and ratios to bare slovnet.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from indpol.config import PipelineConfig
from indpol.extract.entities.step import entities_step, run_ner
from indpol.nlp.cache import Models
from indpol.nlp.ner import load_ner
from indpol.records import Document
from indpol.testing import make_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def load_docs(folder: Path, kb: int) -> list[Document]:
    docs, size = [], 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(make_document(text, doc_id=path.stem))
        size += len(text.encode("utf-8"))
        if size >= kb * 1024:
            break
    return docs


def timed(
    systems: dict[str, Callable[[], object]], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, tuple[float, float]]:
    """Per system: (first run seconds, best of the following ``repeat`` runs).

    Systems take turns in each round, so a busy machine slows them alike; the best run is
    the least disturbed one.
    """
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(repeat + 1):
        for name, run in systems.items():
            started = clock()
            run()
            times[name].append(clock() - started)
    return {name: (runs[0], min(runs[1:])) for name, runs in times.items()}


def bench_corpus(
    name: str, docs: list[Document], models: Models, config: PipelineConfig, repeat: int, cpu: bool
) -> None:
    ner = models.get("ner", load_ner)
    per_doc = [[p.text for p in d.passages] for d in docs]
    passages = [text for texts in per_doc for text in texts]
    kb = sum(len(t.encode("utf-8")) for t in passages) / 1024

    def bare() -> None:
        for texts in per_doc:
            list(ner.tagger.map(texts))

    def bare_sorted() -> None:
        for texts in per_doc:
            ner.map(texts)

    def ner_only() -> None:
        for texts in per_doc:
            run_ner(ner, texts, None, config.annotate.ner_max_chars)

    def ours() -> None:
        for doc in docs:
            doc.entities.clear()
            entities_step(doc, models, config)

    systems = {
        "slovnet": bare,
        "sorted": bare_sorted,
        "ner-only": ner_only,
        "entities": ours,
        "slovnet-all": lambda: list(ner.tagger.map(passages)),
        "sorted-all": lambda: ner.map(passages),
    }
    results = timed(systems, repeat, time.process_time if cpu else time.perf_counter)
    base = kb / results["slovnet"][1]
    print(f"\n{name}: {len(docs)} files, {len(passages)} passages, {kb:.0f} KB")
    print(f"{'system':<12} {'KB/s':>8} {'first run':>10} {'ratio':>7}")
    for system, (first, median) in results.items():
        print(f"{system:<12} {kb / median:8.0f} {kb / first:10.0f} {kb / median / base:7.2f}")
    print(
        f"entities vs its own NER part (wrapper cost): {results['ner-only'][1] / results['entities'][1]:.2f}"
    )
    entities = sum(len(d.entities) for d in docs)
    print(f"entities found: {entities}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rurebus", type=Path, default=SHARED / "rurebus-train")
    parser.add_argument("--factru", type=Path, default=SHARED / "factru-dev")
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="measure process CPU time instead of wall time")
    args = parser.parse_args()
    config = PipelineConfig.resolve(None)
    models = Models(config)
    started = time.perf_counter()
    models.get("ner", load_ner)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.processor() or platform.machine()} · "
          f"Python {platform.python_version()} · NER load {time.perf_counter() - started:.2f} s · "
          f"batch size {config.annotate.ner_batch_size}")  # fmt: skip
    for name, folder in (("rurebus-train", args.rurebus), ("factru-dev", args.factru)):
        if folder.is_dir():
            bench_corpus(name, load_docs(folder, args.kb), models, config, args.repeat, args.cpu)
        else:
            print(f"\n{name}: {folder} absent, skipped")


if __name__ == "__main__":
    main()
