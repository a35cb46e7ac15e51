"""The directions step and the shipped model (models/directions.skops)."""

from __future__ import annotations

import pytest
from conftest import NO_STEPS, ROOT, SEED, needs_seed

from indpol.classify.directions import DEFAULT_MODEL, classify_texts, directions_step, load_directions
from indpol.classify.persist import load_model
from indpol.config import PipelineConfig
from indpol.errors import ConfigError, ModelError
from indpol.nlp.cache import Models
from indpol.records import Passage
from indpol.testing import make_document

STAGE_LIST_APPLICABLE = {
    "governance",
    "regulation",
    "import_substitution",
    "cooperation",
    "state_support",
    "procurement",
    "markets",
}


@pytest.fixture(scope="module")
def shipped():
    return load_model(DEFAULT_MODEL)


def labels_of(directions) -> set[str]:
    return {d["label"] for d in directions}


@pytest.mark.parametrize(
    ("text", "expected", "also_right"),
    [
        (
            "Заводам предоставлены субсидии на уплату процентов по кредитам и льготный лизинг оборудования.",
            {"state_support"},
            set(),
        ),
        (
            "Взаимный товарооборот вырос на 12 % и достиг 45 млрд долларов, экспорт станков удвоился.",
            {"markets"},
            set(),
        ),
        (
            "Стороны обеспечат взаимное признание сертификатов соответствия и гармонизацию технических регламентов.",
            {"regulation"},
            set(),
        ),
        (
            "Национальный режим в государственных закупках распространяется на товары обеих стран.",
            {"procurement"},
            # mutual national treatment is also the removal of a barrier between the two markets
            {"regulation"},
        ),
        (
            "Ввод второго энергоблока атомной электростанции повысил надежность энергоснабжения.",
            {"energy"},
            set(),
        ),
        (
            "Введенные недружественными странами санкции нарушили цепочки поставок комплектующих.",
            {"resilience"},
            set(),
        ),
        ("Численность населения области за год сократилась на 0,8 %.", set(), set()),
    ],
)
def test_shipped_model_clear_cases(shipped, text, expected, also_right):
    labels = labels_of(classify_texts(shipped, [text])[0])
    assert expected <= labels <= expected | also_right


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # municipal reports and programme passports: budget, heading and safety words are not directions
        (
            "Безвозмездные поступления из областного бюджета, в том числе субсидии, составили 300 млн рублей.",
            "state_support",
        ),
        ("Расходы бюджета на культуру в 2015 году составили 38,9 млн рублей.", "state_support"),
        ("Основание для разработки Программы", "innovation"),
        ("Система программных мероприятий.", "innovation"),
        ("Обеспечение безопасности дорожного движения на территории поселения.", "resilience"),
        ("Несмотря на санкции, посещаемость городской библиотеки выросла на 5 %.", "resilience"),
    ],
)
def test_shipped_model_municipal_keywords_alone(shipped, text, not_expected):
    assert not_expected not in labels_of(classify_texts(shipped, [text])[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Субъектам малого предпринимательства района предоставлены субсидии на приобретение оборудования.",
            "state_support",
        ),
        ("Протяжённость отремонтированных в этом году дорог местного значения составила 7 км.", "energy"),
        (
            "Ответственный исполнитель ежегодно представляет отчёт о ходе реализации программы и её корректировке.",
            "governance",
        ),
    ],
)
def test_shipped_model_municipal_directions(shipped, text, expected):
    assert expected in labels_of(classify_texts(shipped, [text])[0])


def test_classify_texts_records_sorted_with_terms(shipped):
    [directions] = classify_texts(
        shipped, ["Экспортерам компенсируют затраты на сертификацию продукции на внешних рынках."]
    )
    assert directions, "a support measure for exporters has directions"
    scores = [d["score"] for d in directions]
    assert scores == sorted(scores, reverse=True)
    for d in directions:
        assert set(d) == {"label", "score", "terms"}
        assert 0 < d["score"] <= 1 and 1 <= len(d["terms"]) <= 5


def test_directions_step_sets_only_russian_body_passages():
    doc = make_document(
        "Предприятиям выделены субсидии на модернизацию производства.\n\n"
        "The article analyses the industrial policy of Belarus.\n\n"
        "Экспорт продукции машиностроения вырос вдвое."
    )
    doc.passages[1] = doc.passages[1].replace(language="en", role="abstract")
    before = [p.text for p in doc.passages]
    config = PipelineConfig.resolve({})
    directions_step(doc, Models(config), config)
    assert [p.text for p in doc.passages] == before
    assert "state_support" in labels_of(doc.passages[0].directions)
    assert doc.passages[1].directions == ()
    assert "markets" in labels_of(doc.passages[2].directions)
    assert all(isinstance(p, Passage) for p in doc.passages)


def test_directions_step_switched_off_leaves_passages():
    doc = make_document("Предприятиям выделены субсидии на модернизацию производства.")
    config = PipelineConfig.resolve({"classify": {"directions": False}})
    directions_step(doc, Models(config), config)
    assert doc.passages[0].directions == ()


def test_directions_step_loads_model_once():
    config = PipelineConfig.resolve({})
    models = Models(config)
    for text in ("Экспорт вырос на треть.", "Субсидии получили 20 заводов."):
        directions_step(make_document(text), models, config)
    assert list(models.load_seconds) == ["directions"]


def test_load_directions_configured_missing_file(tmp_path):
    config = PipelineConfig.resolve({})
    config.base_dir = str(tmp_path)
    config.classify.model = "models/none.skops"
    with pytest.raises(ConfigError, match="configured file does not exist"):
        load_directions(config)


def test_load_directions_taxonomy_mismatch(tmp_path):
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(
        "directions:\n  - {id: markets, name: Рынки, description: Торговля}\n", encoding="utf-8"
    )
    config = PipelineConfig.resolve({"classify": {"taxonomy": str(taxonomy)}})
    with pytest.raises(ModelError, match="model labels not in the taxonomy: governance"):
        load_directions(config)


def test_shipped_model_card_exists():
    card = (ROOT / "models" / "directions.card.md").read_text(encoding="utf-8")
    assert "Macro-F1" in card and "| `resilience` |" in card


@pytest.fixture(scope="module")
def seed_doc(shipped):
    from indpol.pipeline import Pipeline

    doc = Pipeline.from_config(NO_STEPS).process(SEED)
    config = PipelineConfig.resolve({})
    directions_step(doc, Models(config), config)
    return doc


def passage_with(doc, words: str) -> Passage:
    [passage] = [p for p in doc.passages if words in p.text]
    return passage


@needs_seed
def test_seed_stage_list_gets_applicable_directions(seed_doc):
    stages = passage_with(seed_doc, "создание и обеспечение базовых условий для взаимодействия")
    labels = labels_of(stages.directions)
    assert labels <= STAGE_LIST_APPLICABLE
    assert {"governance", "regulation", "state_support", "procurement"} <= labels
    assert len(labels) >= 5


@needs_seed
@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("наращиванием взаимного товарооборота", "markets"),
        ("преодолении негативных последствий экономических санкций", "resilience"),
    ],
)
def test_seed_sentences(seed_doc, shipped, words, label):
    [sentence] = [s for s in seed_doc.sentences if words in s.text]
    assert label in labels_of(classify_texts(shipped, [sentence.text])[0])
    assert label in labels_of(seed_doc.passage_by_id(sentence.passage_id).directions)


@needs_seed
def test_seed_english_abstract_unlabelled(seed_doc):
    english = [p for p in seed_doc.passages if p.language == "en"]
    assert english and all(p.directions == () for p in english)
