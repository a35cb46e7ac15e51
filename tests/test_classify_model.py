"""DirectionClassifier: features, scikit-learn conventions, explanations and safe persistence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import estimator_checks
from sklearn.utils.estimator_checks import parametrize_with_checks

from indpol.classify.features import (
    NearVocabulary,
    PassageFeaturizer,
    analyse,
    parse_feature_set,
    short_passage_scale,
    split_segments,
    taxonomy_vocabulary,
)
from indpol.classify.model import (
    THRESHOLD_RANGE,
    DirectionClassifier,
    assign_labels,
    best_threshold,
    binarize_labels,
    choose_fallback,
)
from indpol.classify.persist import load_model, model_state, save_model
from indpol.errors import ModelError

FIXTURE = Path(__file__).parent / "data" / "directions-fixture.jsonl"
LABELS = ["state_support", "markets", "energy"]
ROWS = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
TEXTS = [row["text"] for row in ROWS]
Y = [row["labels"] for row in ROWS]
SMALL = {"features": "lemma", "cv": 3, "labels": LABELS}


@pytest.fixture(scope="module")
def fitted() -> DirectionClassifier:
    return DirectionClassifier(**SMALL).fit(TEXTS, Y)


@pytest.mark.parametrize(
    ("text", "lemmas"),
    [
        (
            "Республики Беларусь приняли Соглашение о единой политике",
            ("республика", "беларусь", "принять", "соглашение", "единый", "политика"),
        ),
        ("который этот свой и в на не", ()),
        (
            "Научно-технического сотрудничества ЕАЭС в 2023 г.",
            ("научно-технический", "сотрудничество", "еаэс"),
        ),
        ("Объём закупок ещё вырос", ("объем", "закупка", "еще", "вырасти")),
    ],
)
def test_analyse_content_lemmas(text, lemmas):
    assert analyse([text])[0].lemmas == lemmas


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("Одно предложение о субсидиях для предприятий.", []),
        (
            "создание условий для взаимодействия сторон; согласование полномочий органов власти",
            ["создание условий для взаимодействия сторон", "согласование полномочий органов власти"],
        ),
        (
            "Экспорт вырос на треть за прошлый год. Субсидии получили двадцать предприятий.",
            ["Экспорт вырос на треть за прошлый год.", "Субсидии получили двадцать предприятий."],
        ),
        ("короткий; кусок; текст без длинных частей вовсе", []),
    ],
)
def test_split_segments(text, segments):
    assert split_segments(text) == segments


@pytest.mark.parametrize(
    ("spec", "blocks"),
    [
        ("lemma", ("lemma",)),
        ("lemma+bigram+char", ("lemma", "bigram", "char")),
        (" char + navec ", ("char", "navec")),
        ("lemma+char+vocab", ("lemma", "char", "vocab")),
        ("lemma+char+nearvocab", ("lemma", "char", "nearvocab")),
    ],
)
def test_parse_feature_set(spec, blocks):
    assert parse_feature_set(spec) == blocks


@pytest.mark.parametrize("spec", ["", "words", "bigram", "lemma+tfidf"])
def test_parse_feature_set_rejects(spec):
    with pytest.raises(ValueError, match="feature set"):
        parse_feature_set(spec)


@parametrize_with_checks([DirectionClassifier()])
def test_sklearn_common_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize(
    "check",
    [
        "check_no_attributes_set_in_init",
        "check_parameters_default_constructible",
        "check_get_params_invariance",
        "check_set_params",
        "check_mixin_order",
        "check_estimator_repr",
        "check_do_not_raise_errors_in_init_or_set_params",
        "check_valid_tag_types",
    ],
)
def test_sklearn_api_checks(check):
    getattr(estimator_checks, check)("DirectionClassifier", DirectionClassifier())


def test_fit_returns_self_and_sets_learned_attributes():
    model = DirectionClassifier(**SMALL)
    assert model.fit(TEXTS, Y) is model
    assert list(model.classes_) == LABELS
    assert model.coef_.shape[0] == 3 and model.thresholds_.shape == (3,)
    assert model.get_params()["features"] == "lemma"


def test_unfitted_raises():
    with pytest.raises(NotFittedError):
        DirectionClassifier().predict_proba(["Экспорт вырос."])


def test_fit_twice_equals_fit_once_on_second_data(fitted):
    twice = DirectionClassifier(**SMALL).fit(TEXTS[:20], [["markets"]] * 20).fit(TEXTS, Y)
    assert np.array_equal(twice.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_clone_refits_identically(fitted):
    again = clone(fitted).fit(TEXTS, Y)
    assert np.array_equal(again.thresholds_, fitted.thresholds_)
    assert np.array_equal(again.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_indicator_matrix_equals_label_lists(fitted):
    matrix, classes = binarize_labels(Y, LABELS)
    by_matrix = DirectionClassifier(**SMALL).fit(TEXTS, matrix)
    assert list(classes) == LABELS
    assert np.array_equal(by_matrix.predict(TEXTS), fitted.predict(TEXTS))


def test_predict_proba_shape_range_and_predict_consistent(fitted):
    proba = fitted.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 3)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert np.array_equal(fitted.predict(TEXTS), (proba >= fitted.thresholds_).astype(int))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Заводу предоставлены льготные займы и субсидии на проценты по кредитам.", [1, 0, 0]),
        ("Экспорт продукции на внешние рынки вырос на четверть.", [0, 1, 0]),
        ("Новая электростанция снизила тарифы на электроэнергию.", [0, 0, 1]),
        ("Численность населения района сократилась.", [0, 0, 0]),
    ],
)
def test_predict_fixture_directions(fitted, text, expected):
    assert fitted.predict([text])[0].tolist() == expected


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ("одна строка", [["markets"]], "sequence of texts"),
        ([1, 2], [["markets"], []], "only strings"),
        (["текст"], [["unknown"]], "unknown label 'unknown'"),
        (["текст", "ещё"], [["markets"]], "X has 2 texts but y has 1 rows"),
    ],
)
def test_fit_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        DirectionClassifier(**SMALL).fit(X, y)


def test_fit_rejects_bad_pooling():
    with pytest.raises(ValueError, match="pooling must be one of max, none"):
        DirectionClassifier(**{**SMALL, "pooling": "mean"}).fit(TEXTS, Y)


def test_best_threshold_separates_classes():
    proba = np.array([0.9, 0.8, 0.3, 0.2, 0.1])
    assert best_threshold(proba, np.array([1, 1, 0, 0, 0])) == pytest.approx(0.55)


def test_explain_names_driving_lemmas(fitted):
    explained = fitted.explain(["Предприятиям предоставлены субсидии и льготные займы."], top=3)[0]
    assert set(explained) == set(LABELS)
    terms = [term for term, _ in explained["state_support"]]
    assert "субсидия" in terms
    assert all(weight > 0 for _, weight in explained["state_support"])
    assert len(explained["state_support"]) <= 3


@pytest.mark.parametrize("features", ["lemma", "lemma+bigram", "lemma+vocab", "lemma+nearvocab"])
def test_explain_parts_add_up_to_score_without_function_words(features):
    model = DirectionClassifier(**{**SMALL, "features": features, "pooling": "none"}).fit(TEXTS, Y)
    text = "Экспорт продукции вырос благодаря субсидиям"
    parts = model.featurizer_.attribute(analyse([text]), model.coef_.astype(np.float64))[0]
    total = sum(parts.values())
    assert np.allclose(total + model.intercept_, model.decision_function([text])[0], atol=1e-5)


def test_explain_char_parts_credit_content_lemmas():
    model = DirectionClassifier(**{**SMALL, "features": "char"}).fit(TEXTS, Y)
    explained = model.explain(["Экспорт продукции вырос на четверть."], top=2)[0]
    assert explained["markets"][0][0] in {"экспорт", "продукция", "вырасти"}


def test_save_load_roundtrip(tmp_path, fitted):
    path = save_model(fitted, tmp_path / "m.skops", {"note": "тест"})
    loaded = load_model(path)
    assert np.array_equal(loaded.predict_proba(TEXTS), fitted.predict_proba(TEXTS))
    assert loaded.get_params() == fitted.get_params()
    assert loaded.explain(TEXTS[:2]) == fitted.explain(TEXTS[:2])


def test_save_load_roundtrip_keeps_taxonomy_vocabulary(tmp_path):
    model = DirectionClassifier(**{**SMALL, "features": "lemma+vocab"}).fit(TEXTS, Y)
    loaded = load_model(save_model(model, tmp_path / "v.skops", {}))
    assert list(loaded.featurizer_.vocab_lemmas_) == list(model.featurizer_.vocab_lemmas_)
    assert np.array_equal(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_taxonomy_vocabulary_scores_a_word_the_training_never_had():
    model = DirectionClassifier(**{**SMALL, "features": "lemma+vocab", "pooling": "none"}).fit(TEXTS, Y)
    assert "поручительство" not in model.featurizer_.word_terms()  # not in the training passages
    column = list(model.featurizer_.vocab_lemmas_).index("поручительство")
    assert model.featurizer_.vocab_weights_[column].sum() == pytest.approx(1.0)
    with_word, without = model.decision_function(
        ["Поручительство для заводов области", "Для заводов области"]
    )
    assert with_word[LABELS.index("state_support")] > without[LABELS.index("state_support")]


@pytest.mark.parametrize(
    ("fit_params", "message"),
    [
        ({"groups": ["doc"]}, "groups has 1 entries"),
        ({"sample_weight": [1.0]}, "sample_weight must hold"),
        ({"sample_weight": [0.0] * len(TEXTS)}, "sample_weight must hold"),
    ],
    ids=["groups too short", "weights too short", "weights not positive"],
)
def test_fit_rejects_bad_fit_params(fit_params, message):
    with pytest.raises(ValueError, match=message):
        DirectionClassifier(**SMALL).fit(TEXTS, Y, **fit_params)


def test_best_threshold_follows_weights():
    proba = np.array([0.9, 0.6, 0.4])
    y = np.array([1, 0, 1])
    assert best_threshold(proba, y) < 0.4  # unweighted: taking all three gives F1 .8
    assert best_threshold(proba, y, np.array([1.0, 10.0, 1.0])) > 0.6  # a heavy negative at .6


def test_load_refuses_foreign_types(tmp_path):
    import skops.io as sio

    path = tmp_path / "other.skops"
    sio.dump({"format": "indpol-directions", "model": DirectionClassifier()}, path)
    with pytest.raises(ModelError, match="refusing to load types"):
        load_model(path)


@pytest.mark.parametrize(
    ("content", "message"), [(None, "model file not found"), (b"not a zip", "cannot read model")]
)
def test_load_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.skops"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_predict_explained_matches_separate_calls(fitted):
    texts = [*TEXTS[:3], "Численность населения района сократилась."]
    proba, explained = fitted.predict_explained(texts, top=3)
    assert np.array_equal(proba, fitted.predict_proba(texts))
    assert explained[:3] == fitted.explain(texts[:3], top=3)
    assert explained[3] == {}


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("2024 год – 12 450,0 ; 2025 год – 12 900,0", 0.0),  # numbers only (год is a stop lemma)
        ("Основание для разработки Программы", 0.5),  # three content words of twelve
        (
            "Предприятиям района предоставлены субсидии на возмещение части затрат на приобретение "
            "оборудования и льготные займы фонда развития промышленности",
            1.0,
        ),
    ],
)
def test_short_passage_scale(text, scale):
    assert short_passage_scale(analyse([text]), 12)[0] == pytest.approx(scale)


def test_featurizer_min_words_scales_short_rows_only():
    analyses = analyse(TEXTS)
    plain = PassageFeaturizer(("lemma", "char")).fit(analyses)
    scaled = PassageFeaturizer(("lemma", "char"), min_words=12).fit(analyses)
    short, long_ = analyse(["Субсидии предприятиям"]), analyse([" ".join(TEXTS[:3])])
    assert scaled.transform(short).toarray() == pytest.approx(
        np.sqrt(2 / 12) * plain.transform(short).toarray()
    )
    assert scaled.transform(long_).toarray() == pytest.approx(plain.transform(long_).toarray())
    assert PassageFeaturizer.from_state(scaled.get_state()).min_words == 12


def test_min_words_stops_a_lone_keyword_from_firing():
    """A one-word heading: with the discount it is no longer scored like a passage all about exports."""
    lone = ["Экспорт"]
    plain = DirectionClassifier(**{**SMALL, "min_words": 0}).fit(TEXTS, Y)
    discounted = DirectionClassifier(**{**SMALL, "min_words": 12}).fit(TEXTS, Y)
    assert plain.predict(lone)[0][1] == 1  # markets (and here energy too) from one word
    assert discounted.predict(lone)[0][1] == 0
    assert discounted.predict_proba(lone)[0, 1] < plain.predict_proba(lone)[0, 1]
    sentence = ["Экспорт продукции на внешние рынки вырос на четверть."]
    assert discounted.predict(sentence)[0].tolist() == [0, 1, 0]


def test_min_threshold_is_a_floor():
    model = DirectionClassifier(**{**SMALL, "min_threshold": 0.6}).fit(TEXTS, Y)
    assert (model.thresholds_ >= 0.6).all()
    low = DirectionClassifier(**{**SMALL, "min_threshold": 0.0}).fit(TEXTS, Y)
    assert (low.thresholds_ >= THRESHOLD_RANGE[0]).all()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"min_words": -1}, "min_words must be 0 or more"),
        ({"min_threshold": 1.0}, r"min_threshold must be in \[0, 1\)"),
    ],
)
def test_fit_rejects_bad_safeguards(change, message):
    with pytest.raises(ValueError, match=message):
        DirectionClassifier(**{**SMALL, **change}).fit(TEXTS, Y)


def test_load_model_saved_before_min_words(tmp_path):
    """Files written before ``min_words``/``min_threshold`` existed load with the behaviour they had."""
    import skops.io as sio

    old = DirectionClassifier(**{**SMALL, "min_words": 0, "min_threshold": THRESHOLD_RANGE[0]}).fit(TEXTS, Y)
    state = model_state(old)
    params = json.loads(state["params"])
    del params["min_words"], params["min_threshold"]
    state["params"] = json.dumps(params)
    del state["featurizer"]["min_words"]
    path = tmp_path / "old.skops"
    sio.dump(state, path)
    loaded = load_model(path)
    assert loaded.get_params()["min_words"] == 0
    assert loaded.get_params()["min_threshold"] == THRESHOLD_RANGE[0]
    assert loaded.featurizer_.min_words == 0
    assert np.array_equal(loaded.predict_proba(TEXTS), old.predict_proba(TEXTS))


#####  TAXONOMY VOCABULARY AND ITS NAVEC NEIGHBOURS  #####

TAXONOMY_LEMMAS, TAXONOMY_WEIGHTS = taxonomy_vocabulary()
DIRECTION_IDS = ["governance", "regulation", "import_substitution", "cooperation", "state_support"]
DIRECTION_IDS += ["procurement", "markets", "innovation", "energy", "resilience"]


@pytest.mark.parametrize(
    ("lemma", "near", "direction", "weight"),
    [
        ("энергосбережение", False, "energy", 1.0),  # named by the taxonomy: its full weight either way
        ("энергосбережение", True, "energy", 1.0),
        ("теплоснабжение", False, None, 0.0),  # not named by the taxonomy
        ("теплоснабжение", True, "energy", "part"),  # navec neighbour of "энергоснабжение" (cosine 0.61)
        ("школа", True, None, 0.0),  # nearest taxonomy lemma under the cosine floor
        ("погода", True, None, 0.0),
        ("ъъъщщ", True, None, 0.0),  # not in navec
    ],
)
def test_near_vocabulary_weights(lemma, near, direction, weight):
    weights = NearVocabulary(TAXONOMY_LEMMAS, TAXONOMY_WEIGHTS, near=near)(lemma)
    if direction is None:
        assert weights is None
        return
    assert int(np.argmax(weights)) == DIRECTION_IDS.index(direction)
    if weight == "part":
        assert 0 < weights.max() < 1
    else:
        assert weights.max() == pytest.approx(weight)


def test_near_vocabulary_scores_a_word_neither_training_nor_taxonomy_has():
    model = DirectionClassifier(**{**SMALL, "features": "lemma+nearvocab", "pooling": "none"}).fit(TEXTS, Y)
    assert "теплоснабжение" not in model.featurizer_.word_terms()
    assert "теплоснабжение" not in list(model.featurizer_.vocab_lemmas_)
    with_word, without = model.decision_function(
        ["Теплоснабжение для заводов области", "Для заводов области"]
    )
    energy = LABELS.index("energy")
    assert with_word[energy] > without[energy]
    assert "теплоснабжение" in [term for term, _ in model.explain(["Теплоснабжение заводов"])[0]["energy"]]


def test_save_load_roundtrip_keeps_near_vocabulary_and_fallback(tmp_path):
    model = DirectionClassifier(**{**SMALL, "features": "lemma+nearvocab", "fallback": True}).fit(TEXTS, Y)
    model.fallback_share_ = 0.5  # whatever fit chose, the file must carry it
    loaded = load_model(save_model(model, tmp_path / "n.skops", {}))
    texts = [*TEXTS, "Теплоснабжение района", "Численность населения района сократилась."]
    assert np.array_equal(loaded.predict_proba(texts), model.predict_proba(texts))
    assert np.array_equal(loaded.predict(texts), model.predict(texts))
    assert loaded.fallback_share_ == 0.5 and loaded.get_params()["fallback"] is True


#####  RECALL FALLBACK  #####

THRESHOLDS = np.array([0.5, 0.4])


@pytest.mark.parametrize(
    ("proba", "share", "given"),
    [
        ([0.6, 0.1], 1.0, [1, 0]),  # over its threshold: given, with or without the fallback
        ([0.6, 0.1], 0.5, [1, 0]),
        ([0.3, 0.3], 1.0, [0, 0]),  # none reaches its threshold, no fallback
        ([0.3, 0.3], 0.7, [0, 1]),  # fallback: 0.3/0.4 = 0.75 beats 0.3/0.5 = 0.6 and is >= 0.7
        ([0.3, 0.2], 0.7, [0, 0]),  # best ratio 0.6 < 0.7
        ([0.3, 0.2], 0.6, [1, 0]),
        ([0.6, 0.39], 0.5, [1, 0]),  # the fallback never adds to a passage that has a label
    ],
)
def test_assign_labels(proba, share, given):
    assert assign_labels(np.array([proba]), THRESHOLDS, share)[0].astype(int).tolist() == given


def test_choose_fallback_takes_the_share_that_recovers_missed_passages():
    proba = np.array([[0.3, 0.1], [0.1, 0.35], [0.1, 0.05], [0.6, 0.1], [0.1, 0.5]])
    gold = np.array([[1, 0], [0, 1], [0, 0], [1, 0], [0, 1]])
    assert choose_fallback(proba, gold, THRESHOLDS) == 0.6  # 0.35/0.4 and 0.3/0.5 come back; 0.1/0.4 not
    assert choose_fallback(proba, np.zeros_like(gold), THRESHOLDS) == 1.0  # no positives: off
    assert choose_fallback(proba[3:], gold[3:], THRESHOLDS) == 1.0  # nothing to recover: off wins the tie


def test_fallback_model_labels_like_its_decision_rule(fitted):
    model = DirectionClassifier(**{**SMALL, "fallback": True}).fit(TEXTS, Y)
    assert model.fallback_share_ in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)
    assert fitted.fallback_share_ == 1.0  # off unless asked
    model.fallback_share_ = 0.0
    texts = [*TEXTS, "Численность населения района сократилась."]
    proba, explained = model.predict_explained(texts, top=3)
    given = model.predict(texts)
    assert np.array_equal(given, assign_labels(proba, model.thresholds_, 0.0))
    assert given.sum(axis=1).min() == 1  # share 0 gives every passage without a label its most probable one
    assert all(set(explained[i]) for i in range(len(texts)))


def test_load_model_saved_before_fallback(tmp_path):
    import skops.io as sio

    old = DirectionClassifier(**SMALL).fit(TEXTS, Y)
    state = model_state(old)
    params = json.loads(state["params"])
    del params["fallback"], state["fallback_share_"]
    state["params"] = json.dumps(params)
    sio.dump(state, tmp_path / "old.skops")
    loaded = load_model(tmp_path / "old.skops")
    assert loaded.get_params()["fallback"] is False and loaded.fallback_share_ == 1.0
    assert np.array_equal(loaded.predict(TEXTS), old.predict(TEXTS))
