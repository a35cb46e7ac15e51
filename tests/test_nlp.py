"""spaCy integration: lemmas, the registered factories, sentence starts from our segmentation."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from indpol.components import build_nlp, passage_doc


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("политике", "политика"), ("Республики", "республика"), ("данным", "данные"), ("стали", "стать"),
     ("приняли", "принять")],
)  # fmt: skip
def test_indpol_lemmas_fill_ambiguous_lemmas(nlp, word: str, lemma: str) -> None:
    (token,) = nlp(word)
    assert token.lemma_ == lemma


def test_indpol_ner_added_to_blank_pipeline() -> None:
    blank = spacy.blank("ru")
    blank.add_pipe("indpol_ner")
    doc = blank("Президент Беларуси Александр Лукашенко прибыл в Москву.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Беларуси", "LOC"),
        ("Александр Лукашенко", "PER"),
        ("Москву", "LOC"),
    ]
    assert [m.label for m in doc._.indpol_entities] == ["LOC", "PER", "LOC"]
    docs = list(blank.pipe(["Мишустин встретился с Головченко в Минске.", "Без имён."]))
    assert [e.text for e in docs[0].ents][-1] == "Минске" and list(docs[1].ents) == []


def test_indpol_entities_component() -> None:
    pipeline = build_nlp(("indpol_entities",))
    doc = pipeline(
        "Минпромторг России и Минпром Беларуси в 2023 г. подписали Соглашение о единой промышленной политике."
    )
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Минпромторг России", "ORG"),
        ("Минпром Беларуси", "ORG"),
        ("2023 г.", "DATE"),
        ("Соглашение о единой промышленной политике", "LAW"),
    ]
    mentions = doc._.indpol_entities  # overlapping mentions stay here
    assert ("LOC", "Российская Федерация") in {(m.label, m.canonical) for m in mentions}
    assert all(doc.text[m.start : m.end] for m in mentions)


def test_passage_doc_sentence_starts(nlp) -> None:
    text = "Принят в 2023 г. Правительство утвердило план."
    doc = passage_doc(nlp, text, [(0, 16), (17, len(text))])  # a break razdel misses after "г."
    assert [s.text for s in doc.sents] == ["Принят в 2023 г.", "Правительство утвердило план."]


def test_spacy_factories_entry_points_resolve() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    entry_points = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["entry-points"][
        "spacy_factories"
    ]
    from indpol.facts import FACTS

    components = {fact.component for fact in FACTS if fact.component}
    assert set(entry_points) == {"indpol_lemmas", "indpol_sentences", "indpol_ner", *components}
    for name, target in entry_points.items():
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function))
        assert Language.has_factory(name)


def test_indpol_sentences_follow_our_segmentation(nlp) -> None:
    assert nlp.pipe_names == ["lemmatizer", "indpol_lemmas", "indpol_sentences"]
    doc = nlp(
        "В 2023 г. в Минске выделено 3,5 млрд. руб. на программы, т. е. вдвое больше. Далее И. В. Петров выступил."
    )
    assert [s.text for s in doc.sents] == [
        "В 2023 г. в Минске выделено 3,5 млрд. руб. на программы, т. е. вдвое больше.",
        "Далее И. В. Петров выступил.",
    ]
    blank = spacy.blank("ru")
    blank.add_pipe("indpol_sentences")
    assert len(list(blank("Первое предложение. Второе предложение.").sents)) == 2


def test_build_nlp_takes_components_from_config() -> None:
    custom = build_nlp(config={"annotate": {"spacy_pipeline": ["indpol_sentences"]}})
    assert custom.pipe_names == ["indpol_sentences"]
    from indpol.errors import ConfigError

    with pytest.raises(ConfigError, match=r"annotate\.spacy_pipeline"):
        build_nlp(config={"annotate": {"spacy_pipeline": "indpol_sentences"}})


def test_entity_components_survive_serialisation_and_worker_processes() -> None:
    from spacy.tokens import Doc, DocBin

    blank = spacy.blank("ru")
    blank.add_pipe("indpol_entities")
    texts = [
        "Минпромторг России и Минпром Беларуси подписали соглашение в Минске.",
        "Правительство Российской Федерации утвердило программу.",
    ]
    doc = blank(texts[0])
    again = Doc(blank.vocab).from_bytes(doc.to_bytes())
    assert [(m.label, m.canonical) for m in again._.indpol_entities] == [
        (m.label, m.canonical) for m in doc._.indpol_entities
    ]
    overlapping = {(span.text, span.label_) for span in again.spans["indpol"]}
    assert {("Минпромторг России", "ORG"), ("России", "LOC")} <= overlapping  # displaCy can show both
    stored = DocBin(store_user_data=True, docs=[doc])
    (restored,) = stored.get_docs(blank.vocab)
    assert [e.text for e in restored.ents] == [e.text for e in doc.ents]
    parallel = list(blank.pipe(texts, n_process=2))
    assert [[e.text for e in d.ents] for d in parallel] == [[e.text for e in blank(t).ents] for t in texts]


def test_figure_stage_and_direction_components() -> None:
    blank = spacy.blank("ru")
    for name in ("indpol_figures", "indpol_stages", "indpol_directions"):
        blank.add_pipe(name)
    text = (
        "В 2023 году на поддержку станкостроения выделено 98 400,0 тыс. рублей субсидий.\n\n"
        "Этапы реализации программы: I этап – 2021–2023 годы: выполнено; II этап – 2024–2026 годы: планируется."
    )
    doc = blank(text)
    figures = doc._.indpol_figures
    assert any(f["value"] == 98_400_000.0 and f["unit"] == "RUB" for f in figures), figures
    assert [span.text for span in doc.spans["indpol_figures"]][:1] == ["98 400,0 тыс. рублей"]
    assert [s["status"] for s in doc._.indpol_stages][:2] == ["completed", "planned"]
    assert doc.cats and max(doc.cats, key=doc.cats.get) == "state_support"
    assert Doc(blank.vocab).from_bytes(doc.to_bytes())._.indpol_figures == figures
