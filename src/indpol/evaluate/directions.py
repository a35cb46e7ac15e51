"""Score the direction classifier on gold passages; render comparison tables and the model card."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from indpol.classify.labels import DocumentTexts, LabelledPassage, read_jsonl, text_hash
from indpol.classify.model import DirectionClassifier, binarize_labels
from indpol.classify.suggest import read_suggestions
from indpol.classify.taxonomy import Taxonomy
from indpol.classify.train import CVResult, score
from indpol.errors import IndpolError


def load_gold(
    path: str | Path, taxonomy: Taxonomy, texts: DocumentTexts | None = None
) -> list[LabelledPassage]:
    """Gold passages from labels JSONL (``id``, ``text`` or document offsets, ``labels``) or a filled
    suggestions CSV; ``texts`` reads the passages of real documents."""
    path = Path(path)
    passages = (
        read_suggestions(path, taxonomy)
        if path.suffix.lower() == ".csv"
        else read_jsonl(path, taxonomy, texts)
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
    lines.append(f"{'with a direction, given none':<30}{result.missed:>8.3f}")
    lines.append(f"{'without a direction, given one':<30}{result.false_alarms:>8.3f}")
    return lines
