"""Score stage rows and their kinds against gold read on real documents, per document kind.

Gold is JSONL with offsets into ``Document.text``. One line per document,
``{"file", "document": true, "doc_kind": "programme" | "legal" | "article", "text_sha1"}``,
then one line per row, ``{"file", "start", "end", "list", "order", "stage", "kind", "status",
"status_start", "status_end", …}``. Gold kinds are ``records.STAGE_KINDS`` plus ``none``: an
item of a list that is no plan at all (fields, documents, requirements, rights), which must
not come out. Rows match by overlapping spans, one to one, largest overlap first, over the
plan rows and the ``none`` items together.

Reported per document kind and overall:

* plan rows: precision, recall, F1 (a prediction on a ``none`` item or on no item is spurious);
* **stage or term**: predictions of kind stage/term against gold rows of kind stage/term;
* kind accuracy over matched plan rows; stage label and status accuracy over matched rows that
  state one (status evidence right when its span overlaps the gold cue);
* non-plan rows: predictions on ``none`` items, and their share of all predictions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indpol.evaluate.common import (
    DocKindScores,
    DocumentGold,
    load_document_gold,
    match_spans,
    processed_documents,
    read_gold_rows,
)
from indpol.records import STAGE_KINDS, Stage

PLAN = frozenset(STAGE_KINDS)
TIMING = frozenset({"stage", "term"})


@dataclass
class KindCounts:
    """Counts for one document kind (or all); ratios are methods."""

    documents: int = 0
    predicted: int = 0
    gold_plan: int = 0
    matched_plan: int = 0
    non_plan: int = 0  # predictions on a gold "none" item
    unmatched: int = 0  # predictions on no gold item
    timing_gold: int = 0
    timing_predicted: int = 0
    timing_matched: int = 0
    kind_right: int = 0
    stage_right: int = 0
    stage_total: int = 0
    status_right: int = 0
    status_total: int = 0
    evidence_right: int = 0
    evidence_total: int = 0

    def add(self, other: KindCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def ratio(numerator: int, denominator: int) -> float | None:
        return numerator / denominator if denominator else None

    def scores(self) -> dict[str, float | None]:
        p = self.ratio(self.matched_plan, self.predicted)
        r = self.ratio(self.matched_plan, self.gold_plan)
        tp = self.ratio(self.timing_matched, self.timing_predicted)
        tr = self.ratio(self.timing_matched, self.timing_gold)
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p and r else None,
            "stage_term_precision": tp,
            "stage_term_recall": tr,
            "kind_accuracy": self.ratio(self.kind_right, self.matched_plan),
            "stage_label_accuracy": self.ratio(self.stage_right, self.stage_total),
            "status_accuracy": self.ratio(self.status_right, self.status_total),
            "status_evidence_accuracy": self.ratio(self.evidence_right, self.evidence_total),
            "non_plan_share": self.ratio(self.non_plan, self.predicted),
            "unmatched_share": self.ratio(self.unmatched, self.predicted),
        }


def is_kind_gold(path: str | Path) -> bool:
    """Whether a stages gold file is of this format (it has document lines)."""
    return any(row.get("document") for row in read_gold_rows(path, lambda row: None))


def load_gold(path: str | Path) -> DocumentGold:
    """``{file: (document line, rows)}``."""
    return load_document_gold(path, _check_row)


def _check_row(row: dict[str, Any]) -> None:
    if int(row["end"]) <= int(row["start"]):
        raise ValueError("end before start")
    if row["kind"] not in PLAN | {"none"}:
        raise ValueError(f"kind {row['kind']!r}")


def score_document(
    name: str,
    gold: list[dict[str, Any]],
    predicted: list[Stage],
    counts: KindCounts,
    errors: list[dict[str, Any]],
) -> None:
    """Add one document's counts and errors."""
    pairs = match_spans([(r["start"], r["end"]) for r in gold], [(s.start, s.end) for s in predicted])
    counts.documents += 1
    counts.predicted += len(predicted)
    counts.gold_plan += sum(r["kind"] in PLAN for r in gold)
    counts.timing_gold += sum(r["kind"] in TIMING for r in gold)
    counts.timing_predicted += sum(s.kind in TIMING for s in predicted)
    matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    for p, stage in enumerate(predicted):
        if p not in matched_pred:
            counts.unmatched += 1
            errors.append(
                {"file": name, "error": "spurious", "span": [stage.start, stage.end], "kind": stage.kind}
            )
    for g, row in enumerate(gold):
        if g not in matched_gold and row["kind"] in PLAN:
            errors.append(
                {"file": name, "error": "missed", "span": [row["start"], row["end"]], "kind": row["kind"]}
            )
    for g, p in pairs:
        row, stage = gold[g], predicted[p]
        span = [stage.start, stage.end]
        if row["kind"] == "none":
            counts.non_plan += 1
            errors.append({"file": name, "error": "non_plan", "span": span, "kind": stage.kind})
            continue
        counts.matched_plan += 1
        counts.timing_matched += row["kind"] in TIMING and stage.kind in TIMING
        counts.kind_right += row["kind"] == stage.kind
        if row["kind"] != stage.kind:
            errors.append(
                {"file": name, "error": "kind", "span": span, "gold": row["kind"], "predicted": stage.kind}
            )
        if row.get("stage") or stage.stage:
            counts.stage_total += 1
            counts.stage_right += row.get("stage") == stage.stage
        if row.get("status") or stage.status:
            counts.status_total += 1
            right = row.get("status") == stage.status
            counts.status_right += right
            if not right:
                errors.append(
                    {
                        "file": name,
                        "error": "status",
                        "span": span,
                        "gold": row.get("status"),
                        "predicted": stage.status,
                    }
                )
            if right and row.get("status_start") is not None:
                counts.evidence_total += 1
                counts.evidence_right += (
                    stage.status_start is not None
                    and stage.status_start < row["status_end"]
                    and row["status_start"] < (stage.status_end or 0)
                )


def evaluate(
    gold_path: str | Path,
    folders: Iterable[str | Path],
    pipeline: Any,
    progress: Callable[[str], None] | None = None,
) -> DocKindScores[KindCounts]:
    """Run each gold document through ``pipeline`` and score its stage rows and kinds."""
    scores = DocKindScores(KindCounts)
    for name, document, rows, doc in processed_documents(
        load_gold(gold_path), folders, pipeline, "stages", scores.changed_texts
    ):
        score_document(name, rows, list(doc.stages), scores.of(document["doc_kind"]), scores.errors)
        if progress:
            progress(name)
    return scores


def report_lines(scores: DocKindScores[KindCounts]) -> list[str]:
    """One line per document kind and one for all: documents, predictions, gold plan rows, then the scores."""
    return scores.lines(["docs", "pred", "gold"], lambda c: [c.documents, c.predicted, c.gold_plan])
