"""Score the stages extractor against gold: item P/R/F1, period, status and order accuracy.

Gold is JSONL, one stage row a line: ``{"file", "start", "end", "list", "order", "stage",
"period_start", "period_end", "single_stage", "status"}`` with offsets into the file's
decoded text (``list`` is a gold-local list key, ``null`` for programme rows). A
prediction matches a gold row when their source spans overlap; pairs are taken
greedily by largest overlap, one to one. Period, status and order accuracy are
computed over matched pairs where gold or prediction states the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indpol.evaluate.common import check_processed, find_text, match_spans, read_gold_rows
from indpol.records import Stage

ATTRIBUTES = ("period", "status", "order", "single_stage")


@dataclass
class StageScores:
    """Counts behind the report; ratios are properties."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float:
        total = self.total[attribute]
        return self.right[attribute] / total if total else 1.0


def load_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Gold rows grouped by file name; a malformed line is an error naming its number.

    A line ``{"file": NAME, "empty": true}`` adds a document that has no stage rows.
    """
    gold: dict[str, list[dict[str, Any]]] = {}
    for row in read_gold_rows(path, _check_row):
        rows = gold.setdefault(row["file"], [])
        if not row.get("empty"):
            rows.append(row)
    return gold


def _check_row(row: dict[str, Any]) -> None:
    if not row.get("empty") and int(row["end"]) <= int(row["start"]):
        raise ValueError("end before start")


def _span(stage: Stage) -> tuple[int, int]:
    if stage.source_start is not None and stage.source_end is not None:
        return stage.source_start, stage.source_end
    return stage.start, stage.end


def match(gold: list[dict[str, Any]], predicted: list[Stage]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, largest overlap first."""
    return match_spans([(row["start"], row["end"]) for row in gold], [_span(stage) for stage in predicted])


def _values(row: dict[str, Any], stage: Stage) -> dict[str, tuple[Any, Any]]:
    return {
        "period": ((row.get("period_start"), row.get("period_end")), (stage.period_start, stage.period_end)),
        "status": (row.get("status"), stage.status),
        "order": ((row.get("order"), row.get("stage")), (stage.order, stage.marker or stage.stage)),
        "single_stage": (bool(row.get("single_stage")), stage.single_stage),
    }


def score_document(
    name: str, gold: list[dict[str, Any]], predicted: list[Stage], scores: StageScores
) -> None:
    """Add one document's counts (and its errors) to ``scores``."""
    pairs = match(gold, predicted)
    scores.tp += len(pairs)
    matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    for g, row in enumerate(gold):
        if g not in matched_gold:
            scores.fn += 1
            scores.errors.append({"file": name, "error": "missed", **row})
    for p, stage in enumerate(predicted):
        if p not in matched_pred:
            scores.fp += 1
            scores.errors.append(
                {"file": name, "error": "spurious", "span": _span(stage), "text": stage.text[:200]}
            )
    for g, p in pairs:
        for attribute, (want, got) in _values(gold[g], predicted[p]).items():
            if want in ((None, None), None, False) and got in ((None, None), None, False):
                continue
            scores.total[attribute] += 1
            if want == got:
                scores.right[attribute] += 1
            else:
                scores.errors.append(
                    {
                        "file": name,
                        "error": attribute,
                        "span": _span(predicted[p]),
                        "gold": want,
                        "predicted": got,
                    }
                )


def evaluate(
    gold_path: str | Path,
    folders: Iterable[str | Path],
    pipeline: Any,
    progress: Callable[[str], None] | None = None,
) -> StageScores:
    """Run each gold file through ``pipeline`` and score its stages."""
    folders = list(folders)
    scores = StageScores()
    for name, rows in sorted(load_gold(gold_path).items()):
        doc = pipeline.process(find_text(name, folders))
        check_processed(doc, "stages")
        score_document(name, rows, list(doc.stages), scores)
        if progress:
            progress(name)
    return scores


def report_lines(scores: StageScores) -> list[str]:
    """The printed report."""
    lines = [
        f"items: gold {scores.tp + scores.fn}, predicted {scores.tp + scores.fp}, matched {scores.tp}",
        f"precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}",
    ]
    for attribute in ATTRIBUTES:
        lines.append(
            f"{attribute} accuracy {scores.accuracy(attribute):.3f} "
            f"({scores.right[attribute]}/{scores.total[attribute]} matched pairs stating it)"
        )
    return lines
