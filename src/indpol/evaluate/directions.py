"""Score the direction classifier on gold passages; render comparison tables and the model card."""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import sklearn

from indpol import __version__
from indpol.classify.model import DirectionClassifier, binarize_labels
from indpol.classify.suggest import read_suggestions
from indpol.classify.taxonomy import Taxonomy
from indpol.classify.train import CVResult, LabelledPassage, read_jsonl, score, text_hash
from indpol.errors import IndpolError


def load_gold(path: str | Path, taxonomy: Taxonomy) -> list[LabelledPassage]:
    """Gold passages from labels JSONL (``id``, ``text``, ``labels``) or a filled suggestions CSV."""
    path = Path(path)
    passages = (
        read_suggestions(path, taxonomy) if path.suffix.lower() == ".csv" else read_jsonl(path, taxonomy)
    )
    if not passages:
        raise IndpolError("no labelled passages in the gold file", path=path, code="E_LABELS")
    return passages


def evaluate_model(model: DirectionClassifier, passages: Sequence[LabelledPassage]) -> CVResult:
    """Per-label precision, recall and F1 of ``model`` on ``passages``."""
    labels = [str(label) for label in model.classes_]
    Y, _ = binarize_labels([[lab for lab in p.labels if lab in labels] for p in passages], labels)
    return score(Y, model.predict([p.text for p in passages]), labels, model.get_params())


def seen_in_training(passages: Sequence[LabelledPassage], meta: dict) -> int:
    """How many gold passages the model was trained on (scores on them are optimistic)."""
    seen = set(meta.get("text_hashes", ()))
    return sum(1 for p in passages if text_hash(p.text) in seen)


def report_lines(result: CVResult) -> list[str]:
    """A plain-text table: one line per label, then macro and micro F1."""
    lines = [f"{'label':<22}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}"]
    for label, f1 in result.f1.items():
        lines.append(
            f"{label:<22}{result.precision[label]:>8.3f}{result.recall[label]:>8.3f}{f1:>8.3f}"
            f"{result.support.get(label, 0):>7}"
        )
    lines.append(f"{'macro-F1':<22}{'':>16}{result.macro_f1:>8.3f}")
    lines.append(f"{'micro-F1':<22}{'':>16}{result.micro_f1:>8.3f}")
    return lines


def comparison_table(results: Sequence[CVResult], labels: Sequence[str]) -> str:
    """Markdown: one row per configuration, macro-F1 and every label's F1."""
    head = ["features", "C", "macro-F1", "micro-F1", *labels]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rank, result in enumerate(results):
        macro = f"**{result.macro_f1:.3f}**" if rank == 0 else f"{result.macro_f1:.3f}"
        cells = [
            f"`{result.params['features']}`",
            f"{result.params['C']:g}",
            macro,
            f"{result.micro_f1:.3f}",
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
) -> str:
    """The model card written next to the model file."""
    chosen = results[0]
    registers = Counter(p.register or "unknown" for p in passages)
    thresholds = ", ".join(
        f"`{label}` {t:.2f}" for label, t in zip(model.classes_, model.thresholds_, strict=True)
    )
    return "\n".join(
        [
            "# Model card: directions classifier",
            "",
            f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; indpol {__version__}; scikit-learn "
            f"{sklearn.__version__}; Python {platform.python_version()}.",
            f"- Model: `DirectionClassifier(features='{chosen.params['features']}', C={chosen.params['C']:g})`: "
            "one logistic regression per direction (class_weight balanced), Platt-calibrated on held-out folds, "
            "per-label thresholds maximising held-out F1; a passage scores the maximum over itself, its sentences "
            "and its `;`-separated items (pooling `max`).",
            f"- Thresholds: {thresholds}.",
            f"- Saved as plain arrays in a skops archive (no pickle); {model.coef_.shape[1]} features.",
            "",
            "## Data",
            "",
            f"{len(passages)} passages written and labelled by the indpol team (`corpus/labels/*.jsonl`); "
            f"{counts.get('none', 0)} have no direction. Registers: "
            + ", ".join(f"{name} {n}" for name, n in sorted(registers.items()))
            + ".",
            "",
            "## Cross-validated scores of the chosen model",
            "",
            f"Stratified {folds}-fold (stratum: a passage's rarest label), random_state 0; thresholds tuned inside "
            f"each training fold. Macro-F1 **{chosen.macro_f1:.3f}**, micro-F1 {chosen.micro_f1:.3f}.",
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
            "Trained on short passages of our own writing in the registers above; long passages mixing many topics "
            "and texts far from industrial policy get less reliable scores. Labels follow "
            "`src/indpol/resources/taxonomy.yaml`; retrain after changing it (`indpol train directions`).",
            "",
        ]
    )
