"""Score figures on real documents by the indicator reading rubric (docs/benchmarks.md, MEASURES.md).

Gold is JSONL over files of any format: ``{"file", "start", "end", "raw", "kind", "value", "unit",
"indicator", "period_start", "period_end", "stat_table"}`` with offsets into the document's clean text
(``Document.text``) and ``raw`` the number as written there; a row may be ``{"not_figure": true, "raw", …}``
(a phone number, a postal code: never a figure). When the text moved since the gold was written, a row is
found again at the nearest occurrence of ``raw``.

A prediction matches a gold figure when their spans overlap and the values agree within 0.5 % (kinds may
differ: kind accuracy is reported on its own). Each matched indicator gets an automatic rubric label —
right (same lemmas, or Jaccard ≥ 0.5 with every measure word of the reference and more than a part of it; "количество" and "число"
are implied by a counted noun), vague (a proper subset of
the reference's words that keeps its share, index or growth word), wrong (anything else), missing (empty) — which approximates the reading; the
reading itself is done on the sheet :func:`reading_sheet` writes.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indpol.evaluate.common import check_processed, find_text, match_spans, read_gold_rows
from indpol.evaluate.figures import INDICATOR_JACCARD, figures_pipeline, indicator_lemmas, values_match

RUBRIC = ("right", "vague", "wrong", "missing")
REACH = 3000  # characters around the stored offset searched for the number as written


@dataclass
class RubricScores:
    """Counts behind the rubric report."""

    gold: int = 0
    matched: int = 0
    spurious: int = 0
    not_figures: int = 0
    not_figures_read: int = 0
    rubric: Counter[str] = field(default_factory=Counter)
    kind_ok: int = 0
    unit_ok: int = 0
    period_ok: int = 0
    table_cells: int = 0
    table_period_ok: int = 0
    table_unit_ok: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, label: str) -> float:
        total = sum(self.rubric.values())
        return self.rubric[label] / total if total else 0.0


def _check_row(row: dict[str, Any]) -> None:
    int(row["start"]), int(row["end"]), row["raw"], row["file"]
    if not row.get("not_figure"):
        float(row["value"])


def anchor(text: str, row: dict[str, Any]) -> tuple[int, int] | None:
    """The row's span in ``text``: as stored, else the nearest occurrence of ``raw`` within reach."""
    start, raw = int(row["start"]), row["raw"]
    if text[start : start + len(raw)] == raw:
        return start, start + len(raw)
    best = None
    at = text.find(raw, max(0, start - REACH))
    while 0 <= at <= start + REACH:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(raw, at + 1)
    return None if best is None else (best, best + len(raw))


def rubric_label(gold: str | None, predicted: str | None, lemma: Callable[[str], str]) -> str:
    """Automatic rubric label of a predicted indicator against the reference (see the module docstring)."""
    a, b = indicator_lemmas(gold, lemma), indicator_lemmas(predicted, lemma)
    if not b:
        return "missing"
    a = (
        a - COUNTING if not b & COUNTING else a
    )  # a count names its noun: "амбулатория" for "количество амбулаторий"
    if a == b or (len(a & b) / len(a | b) >= INDICATOR_JACCARD and a & MEASURE_WORDS <= b and not b < a):
        return "right"
    if b < a and not (a - b) & RELATIONS:
        return "vague"
    return "wrong"  # also an object without the share or index it is measured by


MEASURE_WORDS = frozenset(
    [
        "доля",
        "индекс",
        "объем",
        "количество",
        "число",
        "численность",
        "темп",
        "прирост",
        "уровень",
        "стоимость",
        "площадь",
        "производство",
        "выпуск",
        "оборот",
        "инвестиция",
        "расход",
        "доход",
        "выручка",
        "сумма",
    ]
)

COUNTING = frozenset({"количество", "число"})
RELATIONS = frozenset(
    ["доля", "индекс", "темп", "прирост", "удельный", "коэффициент", "отношение"]
)  # change what a number means


def evaluate_rubric(
    gold_path: str | Path, texts_dirs: Iterable[str | Path], pipeline: Any = None
) -> RubricScores:
    """Run the real pipeline on every gold file and score figures by the rubric."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in read_gold_rows(gold_path, _check_row):
        rows.setdefault(row["file"], []).append(row)
    pipeline = pipeline or figures_pipeline()
    lemma = pipeline.models.morph.lemma
    scores = RubricScores()
    for name in sorted(rows):
        doc = pipeline.process(find_text(name, texts_dirs))
        check_processed(doc, "figures")
        _score_document(doc, rows[name], lemma, scores)
    return scores


def _score_document(
    doc: Any, rows: list[dict[str, Any]], lemma: Callable[[str], str], scores: RubricScores
) -> None:
    figures = list(doc.figures)
    spans = {id(row): anchor(doc.text, row) for row in rows}
    for row in rows:
        if row.get("not_figure"):
            scores.not_figures += 1
            span = spans[id(row)]
            scores.not_figures_read += bool(
                span and any(f.start < span[1] and span[0] < f.end for f in figures)
            )
    gold = [row for row in rows if not row.get("not_figure") and spans[id(row)]]
    scores.gold += sum(not row.get("not_figure") for row in rows)
    pairs = match_spans([spans[id(g)] for g in gold], [(f.start, f.end) for f in figures],
                        lambda g, p: values_match(float(gold[g]["value"]), figures[p].value))  # fmt: skip
    matched = {g: p for g, p in pairs}
    scores.matched += len(pairs)
    scores.spurious += len(figures) - len(pairs)
    for g, row in enumerate(gold):
        figure = figures[matched[g]] if g in matched else None
        label = (
            rubric_label(row.get("indicator"), figure.indicator if figure else None, lemma)
            if figure
            else "unmatched"
        )
        if figure is not None and row.get("indicator"):
            scores.rubric[label] += 1
        if figure is not None:
            scores.kind_ok += figure.kind == row["kind"]
            scores.unit_ok += figure.unit == row.get("unit")
            period = (figure.period_start, figure.period_end) == (
                row.get("period_start"),
                row.get("period_end"),
            )
            scores.period_ok += period
            if row.get("stat_table"):
                scores.table_cells += 1
                scores.table_period_ok += period
                scores.table_unit_ok += figure.unit == row.get("unit")
        scores.rows.append({
            "file": row["file"], "gold_start": row["start"], "start": spans[id(row)][0], "raw": row["raw"],
            "gold": row.get("indicator"),
            "predicted": figure.indicator if figure else None, "label": label, "stat_table": bool(row.get("stat_table")),
            "gold_unit": row.get("unit"), "unit": figure.unit if figure else None,
            "gold_period": [row.get("period_start"), row.get("period_end")],
            "period": [figure.period_start, figure.period_end] if figure else None,
            "context": doc.text[max(0, spans[id(row)][0] - 300) : spans[id(row)][1] + 100],
        })  # fmt: skip


def report_lines(scores: RubricScores) -> list[str]:
    """Rubric rates over matched figures with a reference indicator, then the other accuracies."""
    judged = sum(scores.rubric.values())
    lines = [f"gold figures {scores.gold}, matched {scores.matched} ({scores.matched / max(scores.gold, 1):.3f}), "
             f"spurious predictions {scores.spurious}"]  # fmt: skip
    lines.append(f"indicator (automatic rubric, over {judged} matched with a reference): "
                 + ", ".join(f"{label} {scores.rate(label):.3f}" for label in RUBRIC))  # fmt: skip
    matched = max(scores.matched, 1)
    lines.append(f"kind {scores.kind_ok / matched:.3f}, unit {scores.unit_ok / matched:.3f}, "
                 f"period {scores.period_ok / matched:.3f} (matched figures)")  # fmt: skip
    cells = max(scores.table_cells, 1)
    lines.append(f"statistical table cells {scores.table_cells}: period {scores.table_period_ok / cells:.3f}, "
                 f"unit {scores.table_unit_ok / cells:.3f}")  # fmt: skip
    lines.append(f"non-figures read as figures: {scores.not_figures_read} of {scores.not_figures}")
    return lines


def reading_sheet(scores: RubricScores, seed: int = 0) -> list[dict[str, Any]]:
    """The matched rows in a shuffled order for a reader who judges them by the rubric."""
    rows = [row for row in scores.rows if row["label"] != "unmatched" and row["gold"]]
    random.Random(seed).shuffle(rows)
    return rows
