"""Score the stages extractor against gold: item P/R/F1, period, status and order accuracy.

Gold is JSONL, one stage row a line: ``{"file", "start", "end", "list", "order", "stage",
"period_start", "period_end", "single_stage", "status"}`` with offsets into the file's
decoded text (``list`` is a gold-local list key, ``null`` for programme rows). A
prediction matches a gold row when their source spans overlap; pairs are taken
greedily by largest overlap, one to one. Period, status and order accuracy are
computed over matched pairs where gold or prediction states the value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indpol.errors import IndpolError
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
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise IndpolError(f"cannot read gold file ({exc.strerror})", path=path) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row.get("empty"):
                gold.setdefault(row["file"], [])
                continue
            if int(row["end"]) <= int(row["start"]):
                raise ValueError("end before start")
            gold.setdefault(row["file"], []).append(row)
        except (ValueError, KeyError, TypeError) as exc:
            raise IndpolError(f"line {number}: bad gold row ({exc})", path=path) from None
    return gold


def _span(stage: Stage) -> tuple[int, int]:
    if stage.source_start is not None and stage.source_end is not None:
        return stage.source_start, stage.source_end
    return stage.start, stage.end


def match(gold: list[dict[str, Any]], predicted: list[Stage]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, largest overlap first."""
    candidates = []
    for g, row in enumerate(gold):
        for p, stage in enumerate(predicted):
            start, end = _span(stage)
            overlap = min(end, row["end"]) - max(start, row["start"])
            if overlap > 0:
                candidates.append((-overlap, g, p))
    pairs, used_gold, used_pred = [], set(), set()
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p))
            used_gold.add(g)
            used_pred.add(p)
    return sorted(pairs)


def _values(row: dict[str, Any], stage: Stage) -> dict[str, tuple[Any, Any]]:
    return {
        "period": ((row.get("period_start"), row.get("period_end")), (stage.period_start, stage.period_end)),
        "status": (row.get("status"), stage.status),
        "order": ((row.get("order"), row.get("stage")), (stage.order, stage.stage)),
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


def find_text(name: str, folders: Iterable[str | Path]) -> Path:
    """The text a gold row names: directly in a folder, else in its sub-folders."""
    folders = [Path(folder) for folder in folders]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    for folder in folders:
        found = sorted(folder.rglob(name))
        if found:
            return found[0]
    raise IndpolError(f"gold file {name} not found in the texts folders")


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
        if (doc.status != "ok" and not (doc.error or "").startswith("step")) or "step stages" in (
            doc.error or ""
        ):
            raise IndpolError(f"{name}: pipeline failed ({doc.error})")
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
