"""Load time, size and throughput of the shipped directions model.

Usage: .venv/bin/python bench/directions.py [--model models/directions.skops] [--rurebus DIR] [--kb 200] [--repeat 3]
       [--features lemma+char --features lemma+char+nearvocab ...]

Load, in a fresh process: imports (scikit-learn, skops), ``load_model`` (skops archive ->
estimator), then the first prediction (loads pymorphy3 and, for navec sets, the embeddings).
Throughput: paragraphs of the first ~KB kilobytes of sorted rurebus ``*.txt`` files,
classified with terms (``classify_texts``) and without (``predict_proba``), best of
--repeat rounds after a warm-up round; KB = 1024 bytes of UTF-8. With --features, the feature step
alone (``PassageFeaturizer.transform`` of the analysed paragraphs, fitted on them) for each feature set,
in the same run, by CPU time (a loaded machine blurs wall time), so a block's cost shows as a ratio.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD = """
import time; t = time.perf_counter()
import indpol.classify.model, skops.io; a = time.perf_counter()
from indpol.classify.persist import load_model
m = load_model({path!r}); b = time.perf_counter()
m.predict_proba(["Экспорт вырос."]); c = time.perf_counter()
print(a - t, b - a, c - b)
"""


def paragraphs(folder: Path, kb: int) -> list[str]:
    texts, size = [], 0
    for path in sorted(folder.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = " ".join(block.split())
            if len(block) >= 40:
                texts.append(block)
                size += len(block.encode("utf-8"))
            if size >= kb * 1024:
                return texts
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "directions.skops"))
    parser.add_argument("--rurebus", default=str(ROOT.parent / "shared" / "data" / "rurebus-train"))
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--features", action="append", default=[], help="feature set to time (repeatable)")
    args = parser.parse_args()
    from indpol.classify.directions import classify_texts
    from indpol.classify.persist import load_model

    runs = [
        subprocess.run(
            [sys.executable, "-c", LOAD.format(path=args.model)], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(args.repeat)
    ]
    imports, load, first = (sorted(float(r[k]) for r in runs)[len(runs) // 2] for k in range(3))
    print(f"{datetime.now(UTC):%Y-%m-%d} · Python {platform.python_version()} · {args.model}")
    size = Path(args.model).stat().st_size / 1e6
    print(
        f"file {size:.2f} MB; fresh process (median of {args.repeat}): imports (scikit-learn, skops) {imports:.2f} s, "
        f"load_model {load:.3f} s, first prediction {first:.3f} s (pymorphy3 and, for navec sets, embeddings)"
    )
    model = load_model(args.model)
    texts = paragraphs(Path(args.rurebus), args.kb)
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    for name, call in (
        ("predict_proba", model.predict_proba),
        ("with terms", lambda x: classify_texts(model, x)),
    ):
        call(texts)
        best = min(_timed(call, texts) for _ in range(args.repeat))
        print(
            f"{name:<14} {len(texts)} passages, {kb:.0f} KB: {kb / best:.0f} KB/s, {len(texts) / best:.0f} passages/s"
        )
    if args.features:
        feature_step(texts, kb, args.features, args.repeat)


def feature_step(texts: list[str], kb: float, feature_sets: list[str], repeat: int) -> None:
    """Time the featurizer alone per feature set (fitted on the same paragraphs; analyses computed once)."""
    from indpol.classify.features import PassageFeaturizer, analyse, parse_feature_set

    analyses = analyse(texts)
    first = None
    for spec in feature_sets:
        featurizer = PassageFeaturizer(parse_feature_set(spec)).fit(analyses)
        featurizer.transform(analyses)  # warm-up: navec and per-lemma caches
        best = min(_cpu_timed(featurizer.transform, analyses) for _ in range(repeat))
        first = first or best
        print(
            f"features {spec:<28} {kb / best:.0f} KB per CPU s, {best / first:.2f}x the CPU time of {feature_sets[0]}"
        )


def _timed(call, texts) -> float:
    started = time.perf_counter()
    call(texts)
    return time.perf_counter() - started


def _cpu_timed(call, texts) -> float:
    started = time.process_time()
    call(texts)
    return time.process_time() - started


if __name__ == "__main__":
    main()
