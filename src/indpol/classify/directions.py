"""Pipeline step: label Russian body passages with industrial-policy directions."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from indpol.classify.model import DirectionClassifier
from indpol.classify.persist import load_model
from indpol.classify.taxonomy import TAXONOMY_PATH, load_taxonomy
from indpol.config import MODELS_DIR, PipelineConfig
from indpol.errors import ModelError
from indpol.records import Document, Passage

logger = logging.getLogger(__name__)

DEFAULT_MODEL = MODELS_DIR / "directions.skops"
BATCH_SIZE = 256
SCORE_DIGITS = 4


def load_directions(config: PipelineConfig) -> DirectionClassifier:
    """The configured model (``classify.model``, default ``models/directions.skops``), checked against the taxonomy."""
    path = config.path(config.classify.model, DEFAULT_MODEL)
    model = load_model(path)
    taxonomy = load_taxonomy(config.path(config.classify.taxonomy, TAXONOMY_PATH))
    unknown = [str(label) for label in model.classes_ if str(label) not in taxonomy]
    if unknown:
        raise ModelError(
            f"model labels not in the taxonomy: {', '.join(unknown)} (retrain the model)", path=path
        )
    return model


def classify_texts(
    model: DirectionClassifier, texts: Sequence[str], top: int = 5
) -> list[tuple[dict[str, Any], ...]]:
    """The directions of each text: ``{"label", "score", "terms"}`` for every label over its threshold.

    Directions are sorted by descending score, then label; ``terms`` are the lemmas
    that drove the label (see :meth:`DirectionClassifier.explain`).
    """
    if not texts:
        return []
    proba, explained = model.predict_explained(list(texts), top=top)
    chosen = model.decide(proba)
    results = []
    for i in range(len(texts)):
        labels = []
        for j in chosen[i].nonzero()[0]:
            label = str(model.classes_[j])
            terms = [term for term, _ in explained[i].get(label, [])]
            labels.append({"label": label, "score": round(float(proba[i, j]), SCORE_DIGITS), "terms": terms})
        labels.sort(key=lambda d: (-d["score"], d["label"]))
        results.append(tuple(labels))
    return results


def classifiable(passage: Passage) -> bool:
    """Russian body text: English abstracts, keywords and references are skipped."""
    return passage.language == "ru" and passage.role == "body" and bool(passage.text.strip())


def directions_step(doc: Document, models: Any, config: PipelineConfig) -> None:
    """Set ``passage.directions`` on every classifiable passage of ``doc`` (others get none)."""
    if not config.classify.directions:
        return
    targets = [k for k, passage in enumerate(doc.passages) if classifiable(passage)]
    if not targets:
        return
    model = models.get("directions", load_directions)
    top = config.classify.top_terms
    for begin in range(0, len(targets), BATCH_SIZE):
        batch = targets[begin : begin + BATCH_SIZE]
        labelled = classify_texts(model, [doc.passages[k].text for k in batch], top=top)
        for k, directions in zip(batch, labelled, strict=True):
            doc.passages[k] = replace(doc.passages[k], directions=directions)
    logger.debug("%s: directions for %d passages", doc.doc_id, len(targets))
