"""The model card written next to the direction model: data, cross-validated scores, features."""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sklearn

from indpol import __version__
from indpol.classify.labels import LabelledPassage
from indpol.classify.model import DirectionClassifier

if TYPE_CHECKING:
    from indpol.classify.train import CVResult


def comparison_table(results: Sequence[CVResult], labels: Sequence[str]) -> str:
    """Markdown: one row per configuration, macro-F1 and every label's F1."""
    head = ["features", "C", "fallback", "macro-F1", "micro-F1", "given none", *labels]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rank, result in enumerate(results):
        macro = f"**{result.macro_f1:.3f}**" if rank == 0 else f"{result.macro_f1:.3f}"
        cells = [
            f"`{result.params['features']}`",
            f"{result.params['C']:g}",
            "yes" if result.params.get("fallback") else "no",
            macro,
            f"{result.micro_f1:.3f}",
            f"{result.missed:.3f}",
            *(f"{result.f1[label]:.3f}" for label in labels),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def label_table(result: CVResult, counts: dict[str, int]) -> str:
    """Markdown: precision, recall, F1 and positives of every label for one configuration."""
    lines = ["| label | positives | precision | recall | F1 |", "|---|---|---|---|---|"]
    for label, f1 in result.f1.items():
        lines.append(
            f"| `{label}` | {counts.get(label, 0)} | {result.precision[label]:.3f} | "
            f"{result.recall[label]:.3f} | {f1:.3f} |"
        )
    return "\n".join(lines)


def strongest_terms(model: DirectionClassifier, top: int = 8) -> str:
    """Markdown: the lemma features with the largest positive weight for every label."""
    terms = model.featurizer_.word_terms()
    lines = ["| label | strongest lemma features |", "|---|---|"]
    for j, label in enumerate(model.classes_):
        weights = model.coef_[j, : len(terms)]
        best = [str(terms[k]) for k in weights.argsort()[::-1][:top] if weights[k] > 0]
        lines.append(f"| `{label}` | {', '.join(best)} |")
    return "\n".join(lines)


def model_card(
    model: DirectionClassifier,
    passages: Sequence[LabelledPassage],
    counts: dict[str, int],
    results: Sequence[CVResult],
    folds: int,
    sources: Sequence[str] = (),
    chosen: CVResult | None = None,
) -> str:
    """The model card written next to the model file; ``sources`` says where labels came from beyond
    the team's own files ("312 passages labelled by A. Petrova (checked.csv)")."""
    chosen = chosen or results[0]
    changed = "".join(
        f", {key}={value!r}"
        for key, value in chosen.params.items()
        if key not in {"features", "C", "adopted"} and not (key == "fallback" and not value)
    )
    registers = Counter(p.register or "unknown" for p in passages)
    origins = Counter(p.source if p.document else "written by the indpol team" for p in passages)
    real = sum(1 for p in passages if p.document)
    thresholds = ", ".join(
        f"`{label}` {t:.2f}" for label, t in zip(model.classes_, model.thresholds_, strict=True)
    )
    return "\n".join(
        [
            "# Model card: directions classifier",
            "",
            f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; indpol {__version__}; scikit-learn "
            f"{sklearn.__version__}; Python {platform.python_version()}.",
            f"- Model: `DirectionClassifier(features='{chosen.params['features']}', C={chosen.params['C']:g}{changed})`: "
            "one logistic regression per direction (class_weight balanced), Platt-calibrated on held-out folds, "
            "per-label thresholds maximising held-out F1; a passage scores the maximum over itself, its sentences "
            "and its `;`-separated items (pooling `max`).",
            f"- Thresholds: {thresholds}."
            + (
                f" Recall fallback: a passage no label reaches gets its most probable label when that label's "
                f"probability is at least {model.fallback_share_:g} of its threshold (share chosen on held-out folds)."
                if model.fallback
                else ""
            ),
            f"- Saved as plain arrays in a skops archive (no pickle); {model.coef_.shape[1]} features.",
            "",
            "## Data",
            "",
            f"{len(passages)} passages, {real} of them from real documents (labelled by reading; the label files keep "
            "only each passage's document, offsets and text hash): "
            + "; ".join(sources or ["the labelled files in `corpus/labels/`"])
            + f". {counts.get('none', 0)} have no direction. By origin: "
            + ", ".join(f"{name} {n}" for name, n in origins.most_common())
            + ". Registers: "
            + ", ".join(f"{name} {n}" for name, n in sorted(registers.items()))
            + ".",
            "",
            "## Cross-validated scores of the chosen model",
            "",
            f"Stratified {folds}-fold grouped by document (a document's passages are never split between training "
            "and test; stratum: a passage's rarest label), random_state 0; thresholds tuned inside each training "
            f"fold, on folds grouped the same way. Scored: {chosen.scope or 'all passages'}. "
            f"Macro-F1 **{chosen.macro_f1:.3f}**, micro-F1 {chosen.micro_f1:.3f}; passages with a direction "
            f"given none {chosen.missed:.3f}, without one given one {chosen.false_alarms:.3f}.",
            "",
            label_table(chosen, counts),
            "",
            "## Feature sets compared (same folds)",
            "",
            comparison_table(results, list(chosen.f1)),
            "",
            "## What the model looks at",
            "",
            strongest_terms(model),
            "",
            "## Limits",
            "",
            "Trained on the registers and sources above; documents of other kinds (and long passages mixing many "
            "topics) get less reliable scores: see the held-out real documents for what to expect. Labels follow "
            "`src/indpol/data/taxonomy.yaml` and its decided boundary cases; retrain after changing it "
            "(`indpol train directions`).",
            "",
        ]
    )
