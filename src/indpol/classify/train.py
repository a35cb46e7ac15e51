"""Training data, cross-validated comparison of feature sets, and the final fit."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

from indpol.classify.model import DirectionClassifier, binarize_labels
from indpol.classify.taxonomy import Taxonomy
from indpol.errors import IndpolError

logger = logging.getLogger(__name__)

LABELS_DIR = Path(__file__).resolve().parents[3] / "corpus" / "labels"
FEATURE_SETS = (
    "lemma",
    "lemma+bigram",
    "char",
    "lemma+char",
    "lemma+navec",
    "lemma+bigram+navec",
    "lemma+char+navec",
)
C_VALUES = (2.0, 8.0)
FOLDS = 5
RANDOM_STATE = 0


@dataclass(frozen=True, slots=True)
class LabelledPassage:
    """One training passage: our own text with its direction ids (possibly none)."""

    id: str
    text: str
    labels: tuple[str, ...]
    register: str = ""
    source: str = ""


@dataclass
class CVResult:
    """Cross-validated scores of one configuration."""

    params: dict[str, Any]
    macro_f1: float
    micro_f1: float
    f1: dict[str, float]
    precision: dict[str, float]
    recall: dict[str, float]
    support: dict[str, int] = field(default_factory=dict)


def read_jsonl(path: Path, taxonomy: Taxonomy) -> list[LabelledPassage]:
    """Read one labels file; a malformed row is an error naming file and line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IndpolError(f"invalid JSON: {exc.msg}", path=where, code="E_LABELS") from None
        rows.append(make_passage(data, taxonomy, where))
    return rows


def make_passage(data: Any, taxonomy: Taxonomy, where: str) -> LabelledPassage:
    """Validate one labelled row (``id``, ``text``, ``labels``) against the taxonomy."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
        raise IndpolError("row needs a non-empty 'text'", path=where, code="E_LABELS")
    labels = data.get("labels")
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise IndpolError("'labels' must be a list of direction ids", path=where, code="E_LABELS")
    unknown = [label for label in labels if label not in taxonomy]
    if unknown:
        raise IndpolError(
            f"unknown direction '{unknown[0]}' (known: {', '.join(taxonomy.ids)})",
            path=where,
            code="E_LABELS",
        )
    return LabelledPassage(
        id=str(data.get("id") or where),
        text=data["text"].strip(),
        labels=tuple(sorted(set(labels))),
        register=str(data.get("register", "")),
        source=str(data.get("source", "")),
    )


def load_labelled(paths: Iterable[Path], taxonomy: Taxonomy) -> list[LabelledPassage]:
    """All passages of the given ``*.jsonl`` files or folders; duplicate ids or texts are dropped with a warning."""
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise IndpolError("labels file or folder not found", path=path, code="E_LABELS")
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    passages, seen_ids, seen_texts = [], set(), set()
    for file in files:
        for passage in read_jsonl(file, taxonomy):
            key = " ".join(passage.text.lower().split())
            if passage.id in seen_ids or key in seen_texts:
                logger.warning("%s: duplicate passage %s skipped", file, passage.id)
                continue
            seen_ids.add(passage.id)
            seen_texts.add(key)
            passages.append(passage)
    return passages


def text_hash(text: str) -> str:
    """Short hash of a passage's normalised text, kept in the model to spot gold passages seen in training."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:12]


def label_counts(passages: Sequence[LabelledPassage], taxonomy: Taxonomy) -> dict[str, int]:
    """Positives per direction plus ``none`` for passages without a direction."""
    counts = Counter(label for p in passages for label in p.labels)
    result = {label: counts.get(label, 0) for label in taxonomy.ids}
    result["none"] = sum(1 for p in passages if not p.labels)
    return result


def strata(passages: Sequence[LabelledPassage], counts: dict[str, int]) -> list[str]:
    """Stratum of each passage for the fold split: its rarest label, or ``none``."""
    return [min(p.labels, key=lambda label: (counts[label], label)) if p.labels else "none" for p in passages]


def cross_validate(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    params: dict[str, Any],
    folds: int = FOLDS,
    random_state: int = RANDOM_STATE,
) -> CVResult:
    """Out-of-fold predictions of ``DirectionClassifier(**params)``, scored per label (thresholds tuned inside each fold)."""
    texts = [p.text for p in passages]
    Y, _ = binarize_labels([p.labels for p in passages], labels)
    counts = dict(zip(labels, Y.sum(axis=0).tolist(), strict=True))
    split = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    predicted = np.zeros_like(Y)
    for train, test in split.split(texts, strata(passages, counts)):
        model = clone(DirectionClassifier(labels=list(labels), random_state=random_state, **params))
        model.fit([texts[i] for i in train], Y[train])
        predicted[test] = model.predict([texts[i] for i in test])
    return score(Y, predicted, labels, params)


def score(
    Y: np.ndarray, predicted: np.ndarray, labels: Sequence[str], params: dict[str, Any] | None = None
) -> CVResult:
    """Per-label F1, precision and recall plus macro and micro F1.

    Macro-F1 averages the labels that have gold positives (all of them in cross-validation);
    a label absent from a gold file cannot be scored and is left out of the average.
    """
    present = [j for j in range(Y.shape[1]) if Y[:, j].any()]

    def per_label(metric: Any) -> dict[str, float]:
        values = metric(Y, predicted, average=None, zero_division=0)
        return {label: round(float(v), 4) for label, v in zip(labels, values, strict=True)}

    return CVResult(
        params=dict(params or {}),
        macro_f1=round(float(f1_score(Y, predicted, labels=present, average="macro", zero_division=0)), 4)
        if present
        else 0.0,
        micro_f1=round(float(f1_score(Y, predicted, average="micro", zero_division=0)), 4),
        f1=per_label(f1_score),
        precision=per_label(precision_score),
        recall=per_label(recall_score),
        support={label: int(n) for label, n in zip(labels, Y.sum(axis=0), strict=True)},
    )


def compare(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    feature_sets: Sequence[str] = FEATURE_SETS,
    c_values: Sequence[float] = C_VALUES,
    folds: int = FOLDS,
    random_state: int = RANDOM_STATE,
) -> list[CVResult]:
    """Cross-validate every feature set × C; best macro-F1 first (ties: simpler feature set)."""
    results = []
    for order, features in enumerate(feature_sets):
        for C in c_values:
            result = cross_validate(passages, labels, {"features": features, "C": C}, folds, random_state)
            logger.info("%s C=%s: macro-F1 %.4f", features, C, result.macro_f1)
            result.params["order"] = order
            results.append(result)
    results.sort(key=lambda r: (-r.macro_f1, r.params["order"], r.params["C"]))
    for result in results:
        result.params.pop("order")
    return results


def fit_final(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    params: dict[str, Any],
    random_state: int = RANDOM_STATE,
) -> DirectionClassifier:
    """Fit the chosen configuration on every passage."""
    model = DirectionClassifier(labels=list(labels), random_state=random_state, **params)
    return model.fit([p.text for p in passages], [list(p.labels) for p in passages])


@dataclass
class TrainingReport:
    """What :func:`train_directions` did: data, comparison, chosen model and where it went."""

    passages: int
    counts: dict[str, int]
    results: list[CVResult]
    chosen: CVResult
    model_path: Path
    card_path: Path


def train_directions(
    label_paths: Sequence[Path],
    out: Path,
    taxonomy: Taxonomy,
    extra: Sequence[LabelledPassage] = (),
    feature_sets: Sequence[str] = FEATURE_SETS,
    c_values: Sequence[float] = C_VALUES,
    folds: int = FOLDS,
) -> TrainingReport:
    """Compare configurations by cross-validated macro-F1, fit the best on all data, save model and card."""
    from indpol.classify.persist import save_model
    from indpol.evaluate.directions import model_card

    passages = load_labelled(label_paths, taxonomy)
    known = {" ".join(p.text.lower().split()) for p in passages}
    passages += [p for p in extra if " ".join(p.text.lower().split()) not in known]
    if len(passages) < 2 * folds:
        raise IndpolError(
            f"only {len(passages)} labelled passages; need at least {2 * folds}", code="E_LABELS"
        )
    counts = label_counts(passages, taxonomy)
    results = compare(passages, taxonomy.ids, feature_sets, c_values, folds)
    chosen = results[0]
    model = fit_final(passages, taxonomy.ids, chosen.params)
    meta = {
        "passages": len(passages),
        "counts": counts,
        "params": chosen.params,
        "cv_macro_f1": chosen.macro_f1,
        "cv_f1": chosen.f1,
        "folds": folds,
        "text_hashes": sorted({text_hash(p.text) for p in passages}),
    }
    model_path = save_model(model, out, meta)
    card_path = model_path.with_name(model_path.name.removesuffix(".skops") + ".card.md")
    card_path.write_text(model_card(model, passages, counts, results, folds), encoding="utf-8")
    return TrainingReport(len(passages), counts, results, chosen, model_path, card_path)
