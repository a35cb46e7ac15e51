"""Training data, cross-validated comparison of feature sets, and the final fit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold

from indpol.classify.labels import (
    DocumentTexts,
    LabelledPassage,
    label_counts,
    label_files,
    load_labelled,
    read_jsonl,
    text_hash,
)
from indpol.classify.model import (
    MIN_THRESHOLD_DEFAULT,
    MIN_WORDS_DEFAULT,
    THRESHOLD_RANGE,
    DirectionClassifier,
    assign_labels,
    binarize_labels,
)
from indpol.classify.taxonomy import Taxonomy
from indpol.config import CHECKOUT_DIR
from indpol.errors import IndpolError
from indpol.resources import own_file

logger = logging.getLogger(__name__)

# The label files: the checkout's corpus/labels/, else the copy the wheel carries as indpol/labels/.
LABELS_DIR = own_file(CHECKOUT_DIR, "corpus/labels", "labels")
# Where the real documents of label rows kept as offsets are looked for when no --texts folder is named:
# the shared data folder beside a checkout; an installed indpol has none (their rows are skipped and counted).
DEFAULT_TEXTS = (CHECKOUT_DIR.parent / "shared" / "data",) if CHECKOUT_DIR else ()
FEATURE_SETS = (
    "lemma",
    "lemma+bigram",
    "char",
    "lemma+char",
    "lemma+navec",
    "lemma+bigram+navec",
    "lemma+char+navec",
    "lemma+char+vocab",
    "lemma+char+nearvocab",
)
C_VALUES = (2.0, 8.0)
FOLDS = 5
RANDOM_STATE = 0
# The chosen configuration is cross-validated again without each safeguard against
# keyword firing on short or off-topic passages, on the same folds (the model card's "Design checks").
DESIGN_CHECKS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("without the short-passage discount (`min_words=0`)", {"min_words": 0}),
    ("without the threshold floor (`min_threshold=0.05`)", {"min_threshold": THRESHOLD_RANGE[0]}),
    ("passages of real documents weigh twice (`real_weight=2`)", {"real_weight": 2.0}),
)
# Checks that are reported but never adopted: the short-passage discount is what keeps a lone keyword in a
# short sentence from firing a label ("Несмотря на санкции, посещаемость библиотеки выросла" is not about
# sanctions; tests/test_classify_directions.py), a requirement that folds of labelled passages do not measure.
REPORTED_ONLY = frozenset({"without the short-passage discount (`min_words=0`)"})
TRAINING_PARAMS = ("real_weight",)  # read by the training, not by the classifier
# Cross-validated macro-F1 moves by about this much when only the fold split and solver seed change
# (three random_states on corpus/labels: spread 0.002-0.010), so configurations closer than this
# to the best are not told apart and the simplest of them is chosen.
SELECTION_TOLERANCE = 0.005
MIN_HELD_OUT = 20  # a labels file is held out for the cross-file check when it has this many passages


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
    false_alarms: float = 0.0  # share of passages without a gold direction that got one
    missed: float = 0.0  # share of passages with a gold direction that got none
    scope: str = ""  # which passages were scored, e.g. "2149 passages of real documents"


@dataclass
class HeldOutResult:
    """The chosen configuration trained without one labels file and scored on it."""

    name: str
    train: int
    test: int
    result: CVResult


def model_params(params: dict[str, Any]) -> dict[str, Any]:
    """The classifier's own parameters among a configuration's (training options and notes left out)."""
    return {key: value for key, value in params.items() if key not in (*TRAINING_PARAMS, "adopted")}


def passage_weights(passages: Sequence[LabelledPassage], params: dict[str, Any]) -> np.ndarray:
    """Each passage's weight in the fit: ``real_weight`` for passages of real documents, 1 for ours."""
    real_weight = float(params.get("real_weight", 1.0))
    return np.array([real_weight if p.document else 1.0 for p in passages])


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
    """Out-of-fold predictions of ``DirectionClassifier(**params)``, scored per label (thresholds tuned inside
    each fold). A document's passages stay in one fold (:attr:`LabelledPassage.group`). Every passage trains;
    when some come from real documents only those are scored, since real use is reading real documents."""
    Y, plain, fallback = out_of_fold(passages, labels, params, folds, random_state)
    return scored(passages, Y, fallback if params.get("fallback") else plain, labels, params)


def out_of_fold(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    params: dict[str, Any],
    folds: int = FOLDS,
    random_state: int = RANDOM_STATE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gold indicator matrix and out-of-fold labels: at the thresholds only, and with each fold model's
    recall fallback (the same as the first unless ``params["fallback"]``). Both come from the same fits."""
    texts = [p.text for p in passages]
    groups = [p.group for p in passages]
    weights = passage_weights(passages, params)
    Y, _ = binarize_labels([p.labels for p in passages], labels)
    counts = dict(zip(labels, Y.sum(axis=0).tolist(), strict=True))
    split = StratifiedGroupKFold(folds, shuffle=True, random_state=random_state)
    plain, fallback = np.zeros_like(Y), np.zeros_like(Y)
    for train, test in split.split(texts, strata(passages, counts), groups):
        model = clone(
            DirectionClassifier(labels=list(labels), random_state=random_state, **model_params(params))
        )
        model.fit(
            [texts[i] for i in train],
            Y[train],
            groups=[groups[i] for i in train],
            sample_weight=weights[train],
        )
        proba = model.predict_proba([texts[i] for i in test])
        plain[test] = assign_labels(proba, model.thresholds_)
        fallback[test] = model.decide(proba)
    return Y, plain, fallback


def scored(
    passages: Sequence[LabelledPassage],
    Y: np.ndarray,
    predicted: np.ndarray,
    labels: Sequence[str],
    params: dict[str, Any],
) -> CVResult:
    """:func:`score` over the passages of real documents when there are any, else over all."""
    real = np.array([bool(p.document) for p in passages])
    if not real.any():
        return replace(score(Y, predicted, labels, params), scope=f"all {len(passages)} passages")
    return replace(
        score(Y[real], predicted[real], labels, params), scope=f"{int(real.sum())} passages of real documents"
    )


def score(
    Y: np.ndarray, predicted: np.ndarray, labels: Sequence[str], params: dict[str, Any] | None = None
) -> CVResult:
    """Per-label F1, precision and recall plus macro and micro F1.

    Macro-F1 averages the labels that have gold positives (all of them in cross-validation);
    a label absent from a gold file cannot be scored and is left out of the average.
    """
    present = [j for j in range(Y.shape[1]) if Y[:, j].any()]
    unlabelled = Y.sum(axis=1) == 0

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
        false_alarms=round(float((predicted[unlabelled].sum(axis=1) > 0).mean()), 4)
        if unlabelled.any()
        else 0.0,
        missed=round(float((predicted[~unlabelled].sum(axis=1) == 0).mean()), 4)
        if (~unlabelled).any()
        else 0.0,
    )


def compare(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    feature_sets: Sequence[str] = FEATURE_SETS,
    c_values: Sequence[float] = C_VALUES,
    folds: int = FOLDS,
    random_state: int = RANDOM_STATE,
    progress: Callable[[str], None] | None = None,
) -> list[CVResult]:
    """Cross-validate every feature set × C, each without and with the recall fallback (the same fits);
    the chosen one (see :func:`choose`) first, then best macro-F1 first. ``progress`` hears one line per
    feature set × C as it is done."""
    results = []
    total = len(feature_sets) * len(c_values)
    for order, features in enumerate(feature_sets):
        for C in c_values:
            params = {"features": features, "C": C, "fallback": True}
            Y, plain, fallback = out_of_fold(passages, labels, params, folds, random_state)
            pair = [
                scored(passages, Y, predicted, labels, {**params, "fallback": with_fallback, "order": order})
                for with_fallback, predicted in ((False, plain), (True, fallback))
            ]
            logger.info(
                "%s C=%s: macro-F1 %.4f, with fallback %.4f", features, C, *(r.macro_f1 for r in pair)
            )
            if progress:
                progress(
                    f"[{len(results) // 2 + 1}/{total}] {features} C={C:g}: macro-F1 {pair[0].macro_f1:.3f}, "
                    f"with the recall fallback {pair[1].macro_f1:.3f} (given none {pair[0].missed:.3f} -> "
                    f"{pair[1].missed:.3f})"
                )
            results += pair
    results = choose(results)
    for result in results:
        result.params.pop("order")
    return results


def choose(results: Sequence[CVResult], tolerance: float = SELECTION_TOLERANCE) -> list[CVResult]:
    """Results best macro-F1 first, except that the chosen one leads.

    The chosen configuration is the simplest (earliest feature set, then smaller C, then without the
    recall fallback) whose macro-F1 is within ``tolerance`` of the best. ``params`` must hold ``order``
    (the feature set's position) and ``C``.
    """

    def simplicity(r: CVResult) -> tuple:
        return r.params["order"], r.params["C"], bool(r.params.get("fallback"))

    ranked = sorted(results, key=lambda r: (-r.macro_f1, *simplicity(r)))
    if not ranked:
        return ranked
    near = [r for r in ranked if r.macro_f1 >= ranked[0].macro_f1 - tolerance - 1e-12]
    chosen = min(near, key=simplicity)
    return [chosen, *(r for r in ranked if r is not chosen)]


def adopt_check(chosen: CVResult, checks: Sequence[tuple[str, CVResult]]) -> CVResult:
    """The design check that beats ``chosen`` by more than :data:`SELECTION_TOLERANCE` (the best such), else
    ``chosen``: a safeguard that costs real-document accuracy is dropped."""
    best = max(checks, key=lambda check: check[1].macro_f1, default=None)
    if best is not None and best[1].macro_f1 > chosen.macro_f1 + SELECTION_TOLERANCE:
        adopted = "; ".join(filter(None, [chosen.params.get("adopted"), best[0]]))
        return replace(best[1], params={**best[1].params, "adopted": adopted})
    return chosen


def adopt_checks(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    compared: CVResult,
    folds: int = FOLDS,
    random_state: int = RANDOM_STATE,
) -> tuple[CVResult, list[tuple[str, CVResult]]]:
    """Design checks in rounds: each round tries the remaining changes on the configuration so far and
    adopts the best one that beats it by more than the tolerance; stops when none does. Returns the chosen
    configuration and every check tried (named with its round)."""
    chosen, tried, remaining = compared, [], list(DESIGN_CHECKS)
    for round_number in range(1, len(DESIGN_CHECKS) + 1):
        params = {key: value for key, value in chosen.params.items() if key != "adopted"}
        round_checks = []
        for name, change in remaining:
            result = cross_validate(passages, labels, {**params, **change}, folds, random_state)
            logger.info("%s: macro-F1 %.4f", name, result.macro_f1)
            round_checks.append((name, result))
        tried += [(f"round {round_number}: {name}", result) for name, result in round_checks]
        better = adopt_check(chosen, [check for check in round_checks if check[0] not in REPORTED_ONLY])
        if better is chosen:
            break
        chosen = better
        adopted_name = better.params["adopted"].split("; ")[-1]
        remaining = [(name, change) for name, change in remaining if name != adopted_name]
        if not [name for name, _ in remaining if name not in REPORTED_ONLY]:
            break
    return chosen, tried


def held_out_files(
    groups: dict[str, Sequence[LabelledPassage]],
    labels: Sequence[str],
    params: dict[str, Any],
    extra: Sequence[LabelledPassage] = (),
    min_passages: int = MIN_HELD_OUT,
    random_state: int = RANDOM_STATE,
) -> list[HeldOutResult]:
    """Train on every group but one (plus ``extra``) and score on that one, for each large enough group.

    Our label files differ in register and author, so this estimates accuracy on text unlike the
    training data, which cross-validation over the pooled passages cannot.
    """
    results = []
    for name, test in groups.items():
        train = [p for other, group in groups.items() if other != name for p in group] + list(extra)
        if len(test) < min_passages or len(train) < min_passages:
            continue
        model = fit_final(train, labels, params, random_state)
        Y, _ = binarize_labels([p.labels for p in test], labels)
        result = score(Y, model.predict([p.text for p in test]), labels, params)
        logger.info("held out %s: macro-F1 %.4f", name, result.macro_f1)
        results.append(HeldOutResult(name, len(train), len(test), result))
    return results


def fit_final(
    passages: Sequence[LabelledPassage],
    labels: Sequence[str],
    params: dict[str, Any],
    random_state: int = RANDOM_STATE,
) -> DirectionClassifier:
    """Fit the chosen configuration on every passage."""
    model = DirectionClassifier(labels=list(labels), random_state=random_state, **model_params(params))
    return model.fit(
        [p.text for p in passages],
        [list(p.labels) for p in passages],
        groups=[p.group for p in passages],
        sample_weight=passage_weights(passages, params),
    )


@dataclass
class TrainingReport:
    """What :func:`train_directions` did: data, comparison, chosen model and where it went."""

    passages: int
    counts: dict[str, int]
    results: list[CVResult]
    chosen: CVResult
    model_path: Path
    card_path: Path
    checks: list[tuple[str, CVResult]] = field(default_factory=list)
    held_out: list[HeldOutResult] = field(default_factory=list)
    held_out_documents: CVResult | None = None


def train_directions(
    label_paths: Sequence[Path],
    out: Path,
    taxonomy: Taxonomy,
    extra: Sequence[LabelledPassage] = (),
    feature_sets: Sequence[str] = FEATURE_SETS,
    c_values: Sequence[float] = C_VALUES,
    folds: int = FOLDS,
    progress: Callable[[str], None] | None = None,
    sources: Sequence[str] = (),
    texts: DocumentTexts | None = None,
    held_out_documents: Sequence[LabelledPassage] = (),
) -> TrainingReport:
    """Compare configurations by cross-validated macro-F1, fit the best on all data, save model and card.
    ``progress`` hears a line per step; ``sources`` (who labelled what) goes into the card; ``texts`` reads
    the passages of real documents (skipped, and said so, when absent). ``held_out_documents`` (gold passages
    of documents from sources not trained on) are scored by the final model for the card and nothing else:
    no choice looks at them."""
    from indpol.classify.card import model_card
    from indpol.classify.persist import save_model

    texts = texts or DocumentTexts()
    labelled, added = _training_set(label_paths, taxonomy, extra, texts, folds, progress)
    passages = labelled + added
    counts = label_counts(passages, taxonomy)
    results = _compare_configurations(passages, taxonomy, feature_sets, c_values, folds, progress)
    chosen, checks = adopt_checks(passages, taxonomy.ids, results[0], folds)
    groups = file_groups(label_paths, labelled, taxonomy, texts)
    held_out = held_out_files(groups, taxonomy.ids, chosen.params, extra=added)
    if progress:
        progress("checks on held-out label files, then the final fit on every passage")
    model = fit_final(passages, taxonomy.ids, chosen.params)
    trained = {text_hash(p.text) for p in passages}
    if any(text_hash(p.text) in trained for p in held_out_documents):
        raise IndpolError("held-out passages are also in the training data", code="E_LABELS")
    documents_result = None
    if held_out_documents:
        Y, _ = binarize_labels([p.labels for p in held_out_documents], taxonomy.ids)
        documents_result = replace(
            score(Y, model.predict([p.text for p in held_out_documents]), taxonomy.ids, chosen.params),
            scope=f"{len(held_out_documents)} passages of {len({p.document for p in held_out_documents})} documents",
        )
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
    card = model_card(model, passages, counts, results, folds, sources, chosen)
    card_path.write_text(
        add_checks_to_card(card, chosen, checks, held_out, documents_result, results[0]), encoding="utf-8"
    )
    return TrainingReport(
        len(passages), counts, results, chosen, model_path, card_path, checks, held_out, documents_result
    )


def compare_only(
    label_paths: Sequence[Path],
    taxonomy: Taxonomy,
    extra: Sequence[LabelledPassage] = (),
    feature_sets: Sequence[str] = FEATURE_SETS,
    c_values: Sequence[float] = C_VALUES,
    folds: int = FOLDS,
    progress: Callable[[str], None] | None = None,
    texts: DocumentTexts | None = None,
) -> list[CVResult]:
    """The comparison step of :func:`train_directions` alone (no design checks, no final fit, nothing
    saved): a cheaper way to compare feature sets on the same grouped folds."""
    texts = texts or DocumentTexts()
    labelled, added = _training_set(label_paths, taxonomy, extra, texts, folds, progress)
    return _compare_configurations(labelled + added, taxonomy, feature_sets, c_values, folds, progress)


def _training_set(
    label_paths: Sequence[Path],
    taxonomy: Taxonomy,
    extra: Sequence[LabelledPassage],
    texts: DocumentTexts,
    folds: int,
    progress: Callable[[str], None] | None,
) -> tuple[list[LabelledPassage], list[LabelledPassage]]:
    """The labelled and the added (``extra``) passages, enough of them for ``folds`` folds."""
    labelled, added = training_passages(label_paths, taxonomy, extra, texts)
    if progress and texts.summary():
        progress(texts.summary())
    if len(labelled) + len(added) < 2 * folds:
        raise IndpolError(
            f"only {len(labelled) + len(added)} labelled passages; need at least {2 * folds}", code="E_LABELS"
        )
    return labelled, added


def _compare_configurations(
    passages: list[LabelledPassage],
    taxonomy: Taxonomy,
    feature_sets: Sequence[str],
    c_values: Sequence[float],
    folds: int,
    progress: Callable[[str], None] | None,
) -> list[CVResult]:
    if progress:
        progress(
            f"{len(passages)} passages; cross-validating {len(feature_sets) * len(c_values)} configurations, {folds} folds each"
        )
    return compare(passages, taxonomy.ids, feature_sets, c_values, folds, progress=progress)


def training_passages(
    label_paths: Sequence[Path],
    taxonomy: Taxonomy,
    extra: Sequence[LabelledPassage] = (),
    texts: DocumentTexts | None = None,
) -> tuple[list[LabelledPassage], list[LabelledPassage]]:
    """The passages training uses: those of the label files, and the ``extra`` ones whose text they lack."""
    labelled = load_labelled(label_paths, taxonomy, texts)
    known = {" ".join(p.text.lower().split()) for p in labelled}
    return labelled, [p for p in extra if " ".join(p.text.lower().split()) not in known]


def file_groups(
    label_paths: Sequence[Path],
    passages: Sequence[LabelledPassage],
    taxonomy: Taxonomy,
    texts: DocumentTexts | None = None,
) -> dict[str, list[LabelledPassage]]:
    """The loaded passages grouped by the labels file they come from (file name without suffix)."""
    kept = {p.id: p for p in passages}
    groups: dict[str, list[LabelledPassage]] = {}
    for file in label_files(label_paths):
        for passage in read_jsonl(file, taxonomy, texts):
            if kept.get(passage.id) == passage:
                groups.setdefault(file.stem, []).append(passage)
                del kept[passage.id]  # a passage belongs to the file it was first read from
    return groups


def discount_text(compared: int, chosen: int) -> str:
    """What the card says about the short-passage discount the compared and chosen models use."""
    if not compared:
        return "No short-passage discount (`min_words=0`)."
    what = (
        f"The compared configuration scales the features of passages with fewer than `min_words={compared}` content "
        "words by `sqrt(words / min_words)`, so a heading, table row or number-only line is not scored as if it "
        "were entirely about its one keyword"
    )
    return what + ("." if chosen else "; the chosen model does not (`min_words=0`).")


def checks_section(
    chosen: CVResult,
    checks: Sequence[tuple[str, CVResult]],
    held_out: Sequence[HeldOutResult],
    documents: CVResult | None = None,
    compared: CVResult | None = None,
) -> str:
    """Markdown for the model card: the design checks and the held-out label files; ``compared`` is the
    configuration the checks changed (``chosen`` unless a check was adopted)."""
    compared = compared or chosen
    lines = [
        "## Design checks (same folds)",
        "",
        "Chosen: the simplest configuration (earliest feature set in the order compared, which runs from "
        f"`lemma` to `{FEATURE_SETS[-1]}`, then smaller C) within {SELECTION_TOLERANCE} macro-F1 of the best, since "
        "changing only the fold split and solver seed moves macro-F1 by about that much.",
        "",
        discount_text(
            compared.params.get("min_words", MIN_WORDS_DEFAULT),
            chosen.params.get("min_words", MIN_WORDS_DEFAULT),
        )
        + " No label's threshold goes below "
        f"`min_threshold={chosen.params.get('min_threshold', MIN_THRESHOLD_DEFAULT):g}`. "
        "`none labelled` is the share of passages without a direction that got one.",
        "",
        "A change that beats the configuration so far by more than that margin is adopted, round by round, "
        "except the ones kept for what tests require ("
        + ", ".join(sorted(REPORTED_ONLY))
        + ")"
        + (f": **{chosen.params['adopted']}** was." if chosen.params.get("adopted") else "; none did."),
        "",
        "| configuration | macro-F1 | micro-F1 | none labelled | with a direction, none given |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {r.macro_f1:.3f} | {r.micro_f1:.3f} | {r.false_alarms:.3f} | {r.missed:.3f} |"
            for name, r in [("compared configuration", compared), *checks]
        ),
    ]
    if held_out:
        lines += [
            "",
            "## Held-out label files",
            "",
            "The chosen configuration trained on every other labels file and scored on this one (macro-F1 over "
            "the directions the file has): an estimate for text in another register or by another author.",
            "",
            "| held-out file | passages (train → test) | macro-F1 | micro-F1 | none labelled |",
            "|---|---|---|---|---|",
            *(
                f"| `{h.name}` | {h.train} → {h.test} | {h.result.macro_f1:.3f} | {h.result.micro_f1:.3f} | "
                f"{h.result.false_alarms:.3f} |"
                for h in held_out
            ),
        ]
    if documents is not None:
        lines += [
            "",
            "## Held-out real documents",
            "",
            f"The final model on {documents.scope} from sources no training passage comes from, labelled by "
            "reading before any model or threshold choice; no choice looks at these scores. "
            f"Macro-F1 **{documents.macro_f1:.3f}** (over the directions present), micro-F1 {documents.micro_f1:.3f}; "
            f"passages with a direction given none {documents.missed:.3f}, without one given one "
            f"{documents.false_alarms:.3f}.",
            "",
            "| label | gold | precision | recall | F1 |",
            "|---|---|---|---|---|",
            *(
                f"| `{label}` | {documents.support.get(label, 0)} | {documents.precision[label]:.3f} | "
                f"{documents.recall[label]:.3f} | {f1:.3f} |"
                for label, f1 in documents.f1.items()
            ),
        ]
    return "\n".join(lines) + "\n"


def add_checks_to_card(
    card: str,
    chosen: CVResult,
    checks: Sequence[tuple[str, CVResult]],
    held_out: Sequence[HeldOutResult],
    documents: CVResult | None = None,
    compared: CVResult | None = None,
) -> str:
    """The model card with :func:`checks_section` before its "Limits" section (or at the end)."""
    section = checks_section(chosen, checks, held_out, documents, compared)
    marker = "## Limits"
    return card.replace(marker, section + "\n" + marker, 1) if marker in card else card + "\n" + section
