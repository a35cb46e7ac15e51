"""The entities step: canonical forms, overlap rules, provenance invariants."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_ner import shared_models

from indpol.extract.entities.canonical import canonical_name, date_canonical
from indpol.extract.entities.step import (
    EntityResources,
    entities_step,
    find_entities,
    load_resources,
    ner_units,
)
from indpol.extract.grammars.dates import parse_dates
from indpol.nlp.morph import load_morph
from indpol.nlp.ner import NerSpan
from indpol.testing import make_document

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seed" / "000_b7d02244011c42de.txt"


@pytest.fixture(scope="module")
def res() -> EntityResources:
    return load_resources(shared_models())


@pytest.mark.parametrize(
    ("text", "label", "canonical"),
    [
        ("Министерства промышленности и торговли", "ORG", "Министерство промышленности и торговли"),
        (
            "Государственного комитета по науке и технологиям",
            "ORG",
            "Государственный комитет по науке и технологиям",
        ),
        ("Высшего государственного совета", "ORG", "Высший государственный совет"),
        ("Евразийской экономической комиссией", "ORG", "Евразийская экономическая комиссия"),
        ("компании «Белшина»", "ORG", "компания «Белшина»"),
        ("ОАО «БелАЗ»", "ORG", "ОАО «БелАЗ»"),
        ("Республики Беларусь", "LOC", "Республика Беларусь"),
        ("Российской Федерации", "LOC", "Российская Федерация"),
        ("Нижегородской области", "LOC", "Нижегородская область"),
        ("Северо-Западного федерального округа", "LOC", "Северо-Западный федеральный округ"),
        ("Соединенных Штатах Америки", "LOC", "Соединенные Штаты Америки"),
        ("Тверской площади", "LOC", "Тверская площадь"),
        ("Минске", "LOC", "Минск"),
        ("Муром", "LOC", "Муром"),  # a town in the nominative, not "Мур" in the instrumental
        ("Оренбурге", "LOC", "Оренбург"),
        ("Вооруженных Силах", "ORG", "Вооруженные Силы"),
        ("С.О. Видонов", "PER", "С.О. Видонов"),  # singular names only
        ("Михаила Мишустина", "PER", "Михаил Мишустин"),
        ("Валентины Матвиенко", "PER", "Валентина Матвиенко"),
        ("Владимиром Путиным", "PER", "Владимир Путин"),
        ("Марии Захаровой", "PER", "Мария Захарова"),
        ("А. Г. Лукашенко", "PER", "А. Г. Лукашенко"),
    ],
)
def test_canonical_name(text: str, label: str, canonical: str) -> None:
    assert canonical_name(text, label, load_morph()) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("2023 г.", "2023"), ("в 2024–2026 гг.", "2024-01-01/2026-12-31"), ("до 2030 года", "../2030-12-31"),
     ("1 января 2024 года", "2024-01-01"), ("с 2025 года", "2025-01-01/.."), ("I квартал 2024 г.", "2024-01-01/2024-03-31")],
)  # fmt: skip
def test_date_canonical(text: str, canonical: str) -> None:
    (span,) = parse_dates(text)
    assert date_canonical(span) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("в Республике Беларусь", "Республика Беларусь"), ("из Беларуси", "Республика Беларусь"),
     ("в РБ", "Республика Беларусь"), ("Белоруссией", "Республика Беларусь"), ("в РФ", "Российская Федерация")],
)  # fmt: skip
def test_find_entities_aliases_aggregate(res: EntityResources, text: str, canonical: str) -> None:
    (mention,) = find_entities(text, [], res)
    assert (mention.label, mention.kind, mention.canonical) == ("LOC", "country", canonical)


def test_find_entities_overlap_rules(res: EntityResources) -> None:
    text = "Правительство России и Минпромторг России обсудили экспорт Беларуси."
    second = text.index("Минпромторг")
    ner = [
        NerSpan(0, 20, "ORG"),  # Правительство России (gazetteer ORG: same span, refined)
        NerSpan(14, 20, "LOC"),  # России inside an ORG: kept, different label
        NerSpan(
            second, second + 11, "ORG"
        ),  # Минпромторг inside the gazetteer's "Минпромторг России": dropped
        NerSpan(text.index("Беларуси"), text.index("Беларуси") + 8, "ORG"),  # the gazetteer makes it LOC
    ]
    assert [text[n.start : n.end] for n in ner] == [
        "Правительство России",
        "России",
        "Минпромторг",
        "Беларуси",
    ]
    found = [(text[m.start : m.end], m.label, m.canonical, m.kind) for m in find_entities(text, ner, res)]
    assert found == [
        ("Правительство России", "ORG", "Правительство Российской Федерации", "government"),
        ("России", "LOC", "Российская Федерация", "country"),
        (
            "Минпромторг России",
            "ORG",
            "Министерство промышленности и торговли Российской Федерации",
            "ministry",
        ),
        ("России", "LOC", "Российская Федерация", "country"),
        ("Беларуси", "LOC", "Республика Беларусь", "country"),
    ]


def test_find_entities_law_keeps_inner_names_and_dates(res: EntityResources) -> None:
    text = "Постановлением Совета Министров Республики Беларусь от 05.10.2017 № 569 утверждён план."
    found = [(m.label, text[m.start : m.end]) for m in find_entities(text, [], res)]
    assert found == [
        ("LAW", "Постановлением Совета Министров Республики Беларусь от 05.10.2017 № 569"),
        ("ORG", "Совета Министров Республики Беларусь"),
        ("LOC", "Республики Беларусь"),
        ("DATE", "05.10.2017"),
    ]
    law = find_entities(text, [], res)[0]
    assert law.attrs == {"doc_type": "постановление", "number": "569", "date": "2017-10-05", "title": None,
                         "issuer": "Совет Министров Республики Беларусь"}  # fmt: skip


def test_ner_units_split_long_text() -> None:
    sentence = "Это предложение о промышленной политике. "
    text = sentence * 60
    units = ner_units(text)
    assert len(units) > 1 and units[0][0] == 0 and units[-1][1] <= len(text)
    assert all(end - start <= 1000 for start, end in units)
    assert ner_units("Коротко.") == [(0, 8)]


ISSUE_TEXT = """Президент Беларуси Александр Лукашенко и Министерство промышленности России подписали соглашение.

Соглашение между Правительством Российской Федерации и Правительством Республики Беларусь о единой промышленной политике принято в начале 2023 г. и будет реализовываться до 2030 года.

The agreement between Russia and Belarus covers industrial policy until 2030.

Минпромторг России и Минпром Беларуси вместе с ЕЭК подготовили союзные программы на 2024–2026 гг."""


def test_entities_step_invariants() -> None:
    models = shared_models()
    doc = make_document(ISSUE_TEXT, doc_id="issue4")
    doc.passages[2] = replace(doc.passages[2], language="en")
    entities_step(doc, models, models.config)
    assert doc.entities
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text
        assert entity.label in ("PER", "LOC", "ORG", "LAW", "DATE") and entity.canonical
    keys = [(e.start, e.end, e.label) for e in doc.entities]
    assert keys == sorted(keys)
    assert len({e.entity_id for e in doc.entities}) == len(doc.entities)
    english = doc.passages[2]
    assert not [e for e in doc.entities if english.start <= e.start < english.end]
    by_text = {(e.text, e.label): e for e in doc.entities}
    assert by_text[("Беларуси", "LOC")].canonical == "Республика Беларусь"
    assert by_text[("Александр Лукашенко", "PER")].canonical == "Александр Лукашенко"
    law = next(e for e in doc.entities if e.label == "LAW")
    assert law.text.startswith("Соглашение между Правительством Российской Федерации")
    assert law.text.endswith("о единой промышленной политике")
    assert by_text[("до 2030 года", "DATE")].attrs == {
        "start": None,
        "end": "2030-12-31",
        "granularity": "open",
    }
    assert by_text[("в начале 2023 г.", "DATE")].attrs["start"] == "2023-01-01"


def test_entities_step_skips_references() -> None:
    models = shared_models()
    doc = make_document("Минпромторг России опубликовал отчёт.", doc_id="refs")
    doc.passages[0] = replace(doc.passages[0], role="references")
    entities_step(doc, models, models.config)
    assert doc.entities == []


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/data/seed is absent")
def test_entities_step_seed_article() -> None:
    models = shared_models()
    doc = make_document(SEED.read_text(encoding="utf-8"), doc_id="seed")
    entities_step(doc, models, models.config)
    assert all(doc.text[e.start : e.end] == e.text for e in doc.entities)
    canonicals = {(e.label, e.canonical) for e in doc.entities}
    assert ("LOC", "Республика Беларусь") in canonicals and ("LOC", "Российская Федерация") in canonicals
    assert ("DATE", "2024-01-01/2026-12-31") in canonicals
    assert any(
        e.label == "LAW" and e.attrs["title"] == "о единой промышленной политике" for e in doc.entities
    )


def test_alias_definition_is_no_mention(res) -> None:
    text = "Федеральный закон от 18.07.2011 № 223-ФЗ «О закупках» (далее – Закон о закупках). Закон о закупках устанавливает."
    laws = [m for m in find_entities(text, [], res) if m.label == "LAW"]
    assert [text[m.start : m.end] for m in laws] == [
        "Федеральный закон от 18.07.2011 № 223-ФЗ «О закупках»",
        "Закон о закупках",
    ]


def test_jurisdiction_is_no_issuer(res) -> None:
    text = "согласно Бюджетному кодексу Российской Федерации и постановлению Правительства РФ от 1 марта 2020 г. № 5"
    laws = [m for m in find_entities(text, [], res) if m.label == "LAW"]
    assert [m.attrs.get("issuer") for m in laws] == [None, "Правительство Российской Федерации"]


def test_acts_cited_in_a_title(res) -> None:
    text = (
        "Постановление Правительства Свердловской области от 1 марта 2020 г. № 5-ПП «О внесении изменений в "
        "постановление Правительства Свердловской области от 28.09.2016 № 312-ПП»"
    )
    laws = [m for m in find_entities(text, [], res) if m.label == "LAW"]
    assert [(m.attrs["number"], m.attrs.get("in_title", False)) for m in laws] == [
        ("5-ПП", False),
        ("312-ПП", True),
    ]
    assert laws[0].start <= laws[1].start and laws[1].end <= laws[0].end
