"""Score the figures extractor against gold: P/R/F1 per kind, unit and indicator accuracy.

Gold is JSONL, one figure a line: ``{"file", "start", "end", "kind", "value", "value_max",
"unit", "indicator"}`` with offsets into the file's decoded text. A prediction matches a gold
figure when their source spans overlap, the kinds are equal and the values agree within 0.5 %.
Indicators match when their lemma sets are equal or overlap with Jaccard ≥ 0.5.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indpol.evaluate.common import check_processed, find_text, match_spans, read_gold_rows

logger = logging.getLogger(__name__)

KINDS = ("money", "percent", "pp", "count", "quantity", "ratio", "index")
VALUE_TOLERANCE = 0.005
INDICATOR_JACCARD = 0.5
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_STOP = {"в", "на", "по", "и", "с", "для", "от", "к", "за", "о", "из"}


@dataclass
class Scores:
    """Counts behind the report; derived ratios are properties."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    unit_ok: int = 0
    indicator_ok: int = 0
    indicator_total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def prf(self, kind: str | None = None) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and gold support for one kind (all kinds when ``None``)."""
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fp = self.fp[kind] if kind else sum(self.fp.values())
        fn = self.fn[kind] if kind else sum(self.fn.values())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, tp + fn

    @property
    def matched(self) -> int:
        return sum(self.tp.values())

    @property
    def unit_accuracy(self) -> float:
        return self.unit_ok / self.matched if self.matched else 0.0

    @property
    def indicator_accuracy(self) -> float:
        return self.indicator_ok / self.indicator_total if self.indicator_total else 0.0


def load_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Gold figures grouped by file name; a malformed line is an error naming its number."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for row in read_gold_rows(path, _check_row):
        gold.setdefault(row["file"], []).append(row)
    return gold


def _check_row(row: dict[str, Any]) -> None:
    int(row["start"]), int(row["end"]), float(row["value"]), row["kind"], row["file"]


def values_match(gold: float, predicted: float) -> bool:
    """Equal within 0.5 % of the gold value (exactly, for a gold zero)."""
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= VALUE_TOLERANCE * abs(gold)


def indicator_lemmas(text: str | None, lemma: Callable[[str], str]) -> frozenset[str]:
    """Lemmas of an indicator's words, prepositions and conjunctions left out."""
    words = (word.lower().replace("ё", "е") for word in _WORD.findall(text or ""))
    return frozenset(lemma(word).replace("ё", "е") for word in words if word not in _STOP)


def indicators_match(gold: str | None, predicted: str | None, lemma: Callable[[str], str]) -> bool:
    """Same lemma set, or Jaccard overlap of the lemma sets ≥ 0.5."""
    a, b = indicator_lemmas(gold, lemma), indicator_lemmas(predicted, lemma)
    if not a or not b:
        return a == b
    return a == b or len(a & b) / len(a | b) >= INDICATOR_JACCARD


def score_file(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], lemma: Callable[[str], str],
               scores: Scores, name: str = "") -> None:  # fmt: skip
    """Greedy one-to-one matching (largest overlap first) of one file's figures, added to ``scores``."""

    def compatible(gi: int, pi: int) -> bool:
        g, p = gold[gi], predicted[pi]
        return g["kind"] == p["kind"] and values_match(float(g["value"]), float(p["value"]))

    pairs = match_spans([(g["start"], g["end"]) for g in gold], [(p["start"], p["end"]) for p in predicted],
                        compatible)  # fmt: skip
    used_g, used_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, pi in pairs:
        g, p = gold[gi], predicted[pi]
        scores.tp[g["kind"]] += 1
        scores.unit_ok += g.get("unit") == p.get("unit")
        if g.get("indicator"):
            scores.indicator_total += 1
            ok = indicators_match(g["indicator"], p.get("indicator"), lemma)
            scores.indicator_ok += ok
            if not ok:
                scores.errors.append({"file": name, "error": "indicator", "gold": g, "predicted": p})
    for gi, g in enumerate(gold):
        if gi not in used_g:
            scores.fn[g["kind"]] += 1
            scores.errors.append({"file": name, "error": "missed", "gold": g})
    for pi, p in enumerate(predicted):
        if pi not in used_p:
            scores.fp[p["kind"]] += 1
            scores.errors.append({"file": name, "error": "spurious", "predicted": p})


def predicted_figures(doc: Any) -> list[dict[str, Any]]:
    """A document's figures as dicts with source offsets as ``start``/``end``."""
    out = []
    for figure in doc.figures:
        if figure.source_start is None:
            continue
        row = figure.to_dict()
        row["start"], row["end"] = figure.source_start, figure.source_end
        out.append(row)
    return out


def figures_pipeline(config: Any = None) -> Any:
    """The real pipeline (ingest, clean, segment, entities for DATE spans, figures), later steps off."""
    from indpol.config import PipelineConfig
    from indpol.pipeline import Pipeline

    return Pipeline(PipelineConfig.resolve(config), only=("figures",))


def evaluate(gold_path: str | Path, texts_dirs: Iterable[str | Path], pipeline: Any = None,
             files: Iterable[str] | None = None) -> Scores:  # fmt: skip
    """Run the real pipeline on every gold file (found in ``texts_dirs`` or below) and score it."""
    gold = load_gold(gold_path)
    pipeline = pipeline or figures_pipeline()
    lemma = pipeline.models.morph.lemma
    scores = Scores()
    for name in sorted(files or gold):
        doc = pipeline.process(find_text(name, texts_dirs))
        check_processed(doc, "figures")
        if doc.status != "ok":  # another step failed; figures were still extracted
            logger.warning("%s: %s (scored anyway)", doc.source, doc.error)
        score_file(gold.get(name, []), predicted_figures(doc), lemma, scores, name)
    return scores


def report_lines(scores: Scores) -> list[str]:
    """The printed report: one line per kind with gold or predictions, then overall and accuracies."""
    lines = [f"{'kind':<10}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for kind in KINDS:
        precision, recall, f1, support = scores.prf(kind)
        predicted = scores.tp[kind] + scores.fp[kind]
        if support or predicted:
            lines.append(f"{kind:<10}{precision:>7.3f}{recall:>7.3f}{f1:>7.3f}{support:>6}{predicted:>6}")
    precision, recall, f1, support = scores.prf()
    predicted = scores.matched + sum(scores.fp.values())
    lines.append(f"{'overall':<10}{precision:>7.3f}{recall:>7.3f}{f1:>7.3f}{support:>6}{predicted:>6}")
    lines.append(f"unit accuracy      {scores.unit_accuracy:.3f} ({scores.unit_ok}/{scores.matched} matched)")
    lines.append(f"indicator accuracy {scores.indicator_accuracy:.3f} "
                 f"({scores.indicator_ok}/{scores.indicator_total} matched with a gold indicator)")  # fmt: skip
    return lines
