"""The direction classifier: a scikit-learn estimator over raw passage texts.

One-vs-rest logistic regression per direction on the features of
:mod:`indpol.classify.features`. For each label the decision values of held-out folds
are computed (pooled over segments like predictions), a sigmoid (Platt) calibration is
fitted on them, and the label's threshold is the one that maximises F1 on those
held-out probabilities. The final linear model is then fitted on all data.
Multi-label: ``predict_proba`` returns one calibrated probability per label (shape
``(n_texts, n_labels)``); ``explain`` names the lemmas behind each score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted, check_random_state

from indpol.classify.features import Analysis, PassageFeaturizer, analyse, parse_feature_set, split_segments

THRESHOLD_RANGE = (0.05, 0.95)
POOLING = ("max", "none")
# Chosen by cross-validation and on held-out municipal passages (corpus/labels/passages-c.jsonl):
# without them single keywords in headings and table rows fire labels (see models/directions.card.md).
MIN_WORDS_DEFAULT = 12
MIN_THRESHOLD_DEFAULT = 0.25
# Recall fallback: a passage no label reaches gets its most probable label when that label's probability is
# at least this share of its threshold. 1.0 switches it off; with ``fallback=True`` fit picks the share.
FALLBACK_SHARES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)


class DirectionClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label passage classifier with calibrated probabilities and per-label thresholds.

    Parameters
    ----------
    features : str
        Feature blocks joined by ``+`` (``lemma``, ``bigram``, ``char``, ``navec``, ``vocab``, ``nearvocab``).
    C : float
        Inverse regularisation strength of each label's logistic regression.
    class_weight : str or None
        ``"balanced"`` re-weights the rare positive class.
    min_df : int
        Minimum document frequency of a lemma feature.
    max_char_features : int
        Cap on the character n-gram vocabulary.
    navec_weight : float
        Scale of the navec mean vector relative to the TF-IDF blocks.
    min_words : int
        Passages (and segments) with fewer content words have their features scaled by
        ``sqrt(words / min_words)``, so a heading or table row is not scored as if it were
        entirely about its one keyword; ``0`` switches this off.
    min_threshold : float
        Floor of every label's tuned threshold (calibrated probability).
    fallback : bool
        When true, a passage that no label reaches gets its most probable label if that
        label's probability is at least ``fallback_share_`` of its threshold; fit picks the
        share from :data:`FALLBACK_SHARES` by macro-F1 on the held-out folds (1.0: off).
    pooling : {"max", "none"}
        ``"max"`` scores a passage as the maximum over the passage and each of its
        sentences and ``;``-separated items, so one clause of a long passage can
        carry a label; ``"none"`` scores the passage as a whole.
    cv : int
        Folds used for calibration and thresholds.
    labels : sequence of str or None
        Label ids in output order; ``None`` takes them from ``y``.
    random_state : int, RandomState or None
        Seeds the fold split and liblinear's coordinate order.
    """

    def __init__(
        self,
        features: str = "lemma+char",
        C: float = 8.0,
        class_weight: str | None = "balanced",
        min_df: int = 1,
        max_char_features: int = 40000,
        navec_weight: float = 1.0,
        min_words: int = MIN_WORDS_DEFAULT,
        min_threshold: float = MIN_THRESHOLD_DEFAULT,
        fallback: bool = False,
        pooling: str = "max",
        cv: int = 5,
        labels: Sequence[str] | None = None,
        random_state: Any = 0,
    ):
        self.features = features
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.navec_weight = navec_weight
        self.min_words = min_words
        self.min_threshold = min_threshold
        self.fallback = fallback
        self.pooling = pooling
        self.cv = cv
        self.labels = labels
        self.random_state = random_state

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.classifier_tags.multi_label = True
        return tags

    def fit(
        self,
        X: Sequence[str],
        y: Any,
        groups: Sequence[str] | None = None,
        sample_weight: Sequence[float] | None = None,
    ) -> DirectionClassifier:
        """Fit on texts ``X`` and labels ``y`` (lists of label ids, or an indicator matrix).

        ``groups`` (e.g. each passage's document) keeps a group's passages in one calibration fold,
        so thresholds are tuned on documents the fold's model has not seen. ``sample_weight`` weighs
        passages in the regressions, the calibration and the threshold choice alike.
        """
        texts = _check_texts(X)
        Y, classes = binarize_labels(y, self.labels)
        if len(texts) != Y.shape[0]:
            raise ValueError(f"X has {len(texts)} texts but y has {Y.shape[0]} rows")
        if groups is not None and len(groups) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but groups has {len(groups)} entries")
        weights = (
            np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        )
        if weights.shape != (len(texts),) or (weights <= 0).any():
            raise ValueError(f"sample_weight must hold {len(texts)} positive numbers")
        if self.cv < 2:
            raise ValueError(f"cv must be at least 2, got {self.cv}")
        if self.pooling not in POOLING:
            raise ValueError(f"pooling must be one of {', '.join(POOLING)}, got {self.pooling!r}")
        if self.min_words < 0:
            raise ValueError(f"min_words must be 0 or more, got {self.min_words}")
        if not 0 <= self.min_threshold < 1:
            raise ValueError(f"min_threshold must be in [0, 1), got {self.min_threshold}")
        seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        featurizer = PassageFeaturizer(
            parse_feature_set(self.features),
            min_df=self.min_df,
            max_char_features=self.max_char_features,
            navec_weight=self.navec_weight,
            min_words=self.min_words,
        )
        analyses = analyse(texts)
        matrix = featurizer.fit(analyses).transform(analyses)
        segments, owners = self._segments(texts)
        segment_matrix = featurizer.transform(analyse(segments)) if segments else None
        group_ids = (
            None if groups is None else np.unique(np.asarray(groups, dtype=str), return_inverse=True)[1]
        )
        fitted = [
            self._fit_label(matrix, Y[:, j], seed, segment_matrix, owners, group_ids, weights)
            for j in range(Y.shape[1])
        ]
        self.featurizer_ = featurizer
        self.classes_ = classes
        self.coef_ = np.vstack([f[0] for f in fitted]).astype(np.float32)
        self.intercept_ = np.array([f[1] for f in fitted], dtype=np.float64)
        self.calibration_ = np.array([f[2] for f in fitted], dtype=np.float64)
        self.thresholds_ = np.array([f[3] for f in fitted], dtype=np.float64)
        self.fallback_share_ = 1.0
        if self.fallback:
            held_out = np.column_stack([np.zeros(len(texts)) if f[4] is None else f[4] for f in fitted])
            self.fallback_share_ = choose_fallback(held_out, Y, self.thresholds_, weights)
        return self

    def _segments(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        """Segment texts and the index of the text each comes from (none without pooling)."""
        if self.pooling == "none":
            return [], np.zeros(0, dtype=np.int64)
        pairs = [(segment, i) for i, text in enumerate(texts) for segment in split_segments(text)]
        return [p[0] for p in pairs], np.array([p[1] for p in pairs], dtype=np.int64)

    def _fit_label(
        self,
        matrix: sparse.csr_matrix,
        y: np.ndarray,
        seed: int,
        segment_matrix: sparse.csr_matrix | None,
        owners: np.ndarray,
        groups: np.ndarray | None,
        weights: np.ndarray,
    ) -> tuple:
        n_features = matrix.shape[1]
        positives = int(y.sum())
        if positives in (0, len(y)):  # constant label: always (or never) on
            return np.zeros(n_features), 10.0 if positives else -10.0, (1.0, 0.0), 0.5, None
        # the dual liblinear problem is ~10x faster here: far fewer passages than features
        model = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="liblinear",
            dual=True,
            max_iter=2000,
            random_state=seed,  # liblinear's dual solver visits samples in random order
        )
        folds = min(self.cv, positives, len(y) - positives)
        if groups is not None:
            folds = min(folds, len(np.unique(groups[y == 1])))
        if folds >= 2:
            split = (
                StratifiedKFold(folds, shuffle=True, random_state=seed)
                if groups is None
                else StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
            )
            decision = np.zeros(len(y))
            for train, test in split.split(matrix, y, groups):
                fold_model = clone(model).fit(matrix[train], y[train], sample_weight=weights[train])
                decision[test] = fold_model.decision_function(matrix[test])
                if segment_matrix is not None:
                    held = np.isin(owners, test)
                    np.maximum.at(decision, owners[held], fold_model.decision_function(segment_matrix[held]))
            calibration = fit_sigmoid(decision, y, weights)
            held_out = sigmoid(calibration[0] * decision + calibration[1])
            threshold = max(best_threshold(held_out, y, weights), self.min_threshold)
        else:
            calibration, threshold = (1.0, 0.0), max(0.5, self.min_threshold)
            held_out = None
        model.fit(matrix, y, sample_weight=weights)
        return model.coef_[0], float(model.intercept_[0]), calibration, threshold, held_out

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Linear scores, one column per label (pooled over segments when ``pooling="max"``)."""
        return self._score(_check_texts(X))[0]

    def _score(self, texts: list[str]) -> tuple[np.ndarray, list[Analysis], sparse.csr_matrix]:
        """Pooled decision values, plus the passages' analyses and feature matrix for explanations."""
        check_is_fitted(self)
        analyses = analyse(texts)
        matrix = self.featurizer_.transform(analyses)
        decision = np.asarray(matrix @ self.coef_.T, dtype=np.float64) + self.intercept_
        segments, owners = self._segments(texts)
        if segments:
            segment_matrix = self.featurizer_.transform(analyse(segments))
            segment_decision = np.asarray(segment_matrix @ self.coef_.T, dtype=np.float64) + self.intercept_
            np.maximum.at(decision, owners, segment_decision)
        return decision, analyses, matrix

    def _calibrate(self, decision: np.ndarray) -> np.ndarray:
        return sigmoid(self.calibration_[:, 0] * decision + self.calibration_[:, 1])

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated probability of every label, shape ``(n_texts, n_labels)``."""
        return self._calibrate(self.decision_function(X))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Indicator matrix: probability at or above each label's threshold (plus the fallback label)."""
        return self.decide(self.predict_proba(X)).astype(np.int64)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Boolean matrix of the labels given for probabilities ``proba`` (see :func:`assign_labels`)."""
        check_is_fitted(self)
        return assign_labels(proba, self.thresholds_, getattr(self, "fallback_share_", 1.0))

    def explain(self, X: Sequence[str], top: int = 5) -> list[dict[str, list[tuple[str, float]]]]:
        """For each text and label, the lemmas (or lemma bigrams) that pushed the score up most.

        Returns one dict per text mapping every label to at most ``top`` pairs
        ``(term, contribution to the linear score)``, strongest first; only positive
        contributions are listed. Character n-gram and navec parts are credited to the
        lemmas of the words they come from.
        """
        check_is_fitted(self)
        analyses = analyse(_check_texts(X))
        return self._explain(analyses, self.featurizer_.transform(analyses), top)

    def predict_explained(self, X: Sequence[str], top: int = 5) -> tuple[np.ndarray, list[dict]]:
        """``predict_proba`` and ``explain`` in one pass (texts analysed once); only labels over threshold are explained."""
        texts = _check_texts(X)
        decision, analyses, matrix = self._score(texts)
        proba = self._calibrate(decision)
        chosen = self.decide(proba)
        rows = [i for i in range(len(texts)) if chosen[i].any()]
        explained: list[dict] = [{} for _ in texts]
        if rows and top > 0:
            for i, terms in zip(
                rows, self._explain([analyses[i] for i in rows], matrix[rows], top), strict=True
            ):
                explained[i] = terms
        return proba, explained

    def _explain(self, analyses: list[Analysis], matrix: sparse.csr_matrix, top: int) -> list[dict]:
        attributions = self.featurizer_.attribute(analyses, self.coef_.astype(np.float64), matrix)
        results = []
        for parts in attributions:
            terms = sorted(parts)
            values = np.array([parts[term] for term in terms]).reshape(len(terms), len(self.classes_))
            explained = {}
            for j, label in enumerate(self.classes_):
                order = sorted(range(len(terms)), key=lambda k: (-values[k, j], terms[k]))
                explained[str(label)] = [
                    (terms[k], round(float(values[k, j]), 4)) for k in order[:top] if values[k, j] > 0
                ]
            results.append(explained)
        return results


def binarize_labels(y: Any, labels: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indicator matrix and class names from label lists or a 0/1 matrix."""
    if (isinstance(y, np.ndarray) and y.ndim == 2) or sparse.issparse(y):
        matrix = np.asarray(y.toarray() if sparse.issparse(y) else y)
        if not np.isin(matrix, (0, 1)).all():
            raise ValueError("an indicator matrix y must hold only 0 and 1")
        classes = np.asarray(labels if labels is not None else np.arange(matrix.shape[1]))
        if len(classes) != matrix.shape[1]:
            raise ValueError(f"y has {matrix.shape[1]} columns but {len(classes)} labels are given")
        return matrix.astype(np.int64), classes
    rows = [[y_i] if isinstance(y_i, str) else list(y_i) for y_i in y]
    names = list(labels) if labels is not None else sorted({label for row in rows for label in row})
    index = {name: j for j, name in enumerate(names)}
    matrix = np.zeros((len(rows), len(names)), dtype=np.int64)
    for i, row in enumerate(rows):
        for label in row:
            if label not in index:
                raise ValueError(f"unknown label {label!r} (known: {', '.join(map(str, names))})")
            matrix[i, index[label]] = 1
    return matrix, np.asarray(names, dtype=str)


def fit_sigmoid(
    decision: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
) -> tuple[float, float]:
    """Platt scaling: ``(a, b)`` so that ``sigmoid(a * decision + b)`` is calibrated."""
    platt = LogisticRegression(C=1e4, solver="lbfgs")
    platt.fit(decision.reshape(-1, 1), y, sample_weight=weights)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -50, 50)))


def assign_labels(proba: np.ndarray, thresholds: np.ndarray, fallback_share: float = 1.0) -> np.ndarray:
    """Labels at or above their threshold; a row with none gets its label of highest ``proba / threshold``
    when that ratio is at least ``fallback_share`` (``1.0``: no fallback)."""
    ratio = np.asarray(proba, dtype=np.float64) / thresholds
    chosen = ratio >= 1.0
    if fallback_share < 1.0 and len(ratio):
        best = ratio.argmax(axis=1)
        rows = np.nonzero(~chosen.any(axis=1) & (ratio[np.arange(len(ratio)), best] >= fallback_share))[0]
        chosen[rows, best[rows]] = True
    return chosen


def choose_fallback(
    proba: np.ndarray,
    Y: np.ndarray,
    thresholds: np.ndarray,
    weights: np.ndarray | None = None,
    shares: Sequence[float] = FALLBACK_SHARES,
) -> float:
    """The share of :data:`FALLBACK_SHARES` whose labels have the best (weighted) macro-F1 against ``Y``
    over the labels with positives; the earlier share wins ties."""
    present = [j for j in range(Y.shape[1]) if Y[:, j].any()]
    if not present:
        return 1.0
    best, best_f1 = 1.0, -1.0
    for share in shares:
        predicted = assign_labels(proba, thresholds, share)
        f1 = f1_score(Y, predicted, labels=present, average="macro", sample_weight=weights, zero_division=0)
        if f1 > best_f1 + 1e-12:
            best, best_f1 = share, f1
    return float(best)


def best_threshold(proba: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> float:
    """The threshold maximising (weighted) F1 of ``proba >= t``, placed midway to the next lower score."""
    weights = np.ones(len(y)) if weights is None else weights
    scores = np.unique(proba)[::-1]
    best, best_f1 = 0.5, -1.0
    positives = float(weights[y == 1].sum())
    for k, t in enumerate(scores):
        predicted = proba >= t
        tp = float(weights[predicted & (y == 1)].sum())
        f1 = 2 * tp / (float(weights[predicted].sum()) + positives)
        if f1 > best_f1:
            lower = scores[k + 1] if k + 1 < len(scores) else 0.0
            best, best_f1 = (t + lower) / 2, f1
    return float(np.clip(best, *THRESHOLD_RANGE))


def _check_texts(X: Any) -> list[str]:
    if isinstance(X, str):
        raise ValueError("X must be a sequence of texts, not one string")
    texts = list(X)
    if not all(isinstance(text, str) for text in texts):
        raise ValueError("X must hold only strings")
    if not texts:
        raise ValueError("X is empty")
    return texts
