"""NER names checked against policy-document habits; one canonical per act; surnames in the nominative."""

import pytest
from conftest import NO_STEPS

from indpol.extract.entities.canonical import (
    canonical_name,
    law_key,
    surname_nominative,
    unify_law_canonicals,
)
from indpol.extract.entities.filters import is_false_name, load_not_names, trim_person
from indpol.pipeline import Pipeline

ENTITIES_ONLY = {**NO_STEPS, "extract": {"entities": True, "figures": False, "stages": False}}


@pytest.fixture(scope="module")
def entities_pipeline():
    return Pipeline.from_config(ENTITIES_ONLY)


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        ("Премьер-министром Романом Головченко", "Романом Головченко"),
        ("министру Антону Силуанову", "Антону Силуанову"),
        ("Александр Лукашенко", "Александр Лукашенко"),
        ("первым заместителем Председателя Правительства Денисом Мантуровым", "Денисом Мантуровым"),
        ("Хван Чжан Еп", "Хван Чжан Еп"),
        ("Мантурову", "Мантурову"),
    ],
)
def test_trim_person_drops_leading_titles(morph, text, trimmed):
    assert text[trim_person(text, 0, len(text), morph) :] == trimmed


@pytest.mark.parametrize(
    ("text", "label", "initial", "false"),
    [
        ("ОТЧЕТ", "ORG", True, True),
        ("ПАСПОРТ ПРОГРАММЫ", "ORG", True, True),
        ("Истоками", "PER", True, True),
        ("Шумов", "PER", False, False),  # a surname inside a sentence, though also a common word
        ("Мантурову", "PER", True, False),  # known to the dictionary only as a place: still a name
        ("Головченко", "PER", True, False),
        ("СБЕРБАНК", "ORG", True, False),
        ("Минпромторг", "ORG", True, False),
        ("Facebook", "ORG", True, False),
        ("Государственной программой", "ORG", False, True),
        ("Нв", "ORG", False, True),
        ("ЕС", "ORG", False, False),
        ("Министерство юстиции", "ORG", False, False),
    ],
)
def test_is_false_name(morph, text, label, initial, false):
    assert is_false_name(text, label, morph, load_not_names(), initial) is false


@pytest.mark.parametrize(
    ("name", "nominative"),
    [
        ("Денису Мантурову", "Денис Мантуров"),
        ("Анне Ивановой", "Анна Иванова"),
        ("Ольге Петровской", "Ольга Петровская"),
        ("Алексея Оверчука", "Алексей Оверчук"),
        ("Романом Головченко", "Роман Головченко"),
    ],
)
def test_person_canonical_nominative(morph, name, nominative):
    assert canonical_name(name, "PER", morph) == nominative


@pytest.mark.parametrize(
    ("word", "case", "gender", "nominative"),
    [
        ("Мантурову", "datv", "masc", "мантуров"),
        ("Кобякова", "gent", "masc", "кобяков"),
        ("Кобяковой", "ablt", "femn", "кобякова"),
        ("Снопковым", "ablt", "masc", "снопков"),
        ("Шевчуку", "datv", "masc", None),  # not a -ов/-ин/-ский surname: left as written
    ],
)
def test_surname_nominative(word, case, gender, nominative):
    assert surname_nominative(word, case, gender) == nominative


def test_law_key_and_unify():
    assert law_key("федеральный закон", "488-ФЗ", None) == law_key(
        "закон", "488-фз", "О промышленной политике"
    )
    assert law_key("союзная программа", None, "Микросхема-СГ") == ("программа", "микросхема-сг")
    assert law_key("постановление", None, None) is None
    mentions = [
        ("Программа «Микросхема-СГ»", "программа", None, "Микросхема-СГ"),
        ("Союзная программа «Микросхема-СГ»", "союзная программа", None, "Микросхема-СГ"),
        ("Постановление «Микросхема-СГ»", "постановление", None, "Микросхема-СГ"),
    ]
    assert unify_law_canonicals(mentions) == [
        "Союзная программа «Микросхема-СГ»",
        "Союзная программа «Микросхема-СГ»",
        "Постановление «Микросхема-СГ»",
    ]


def test_document_entities_headings_titles_and_acts(entities_pipeline):
    text = (
        "ОТЧЕТ\n\n"
        "Истоками сотрудничества стали союзные программы. Встреча с Премьер-министром Романом Головченко "
        "прошла в Минске. Федеральным законом № 488-ФЗ установлены меры. Федеральный закон от 31 декабря "
        "2014 г. № 488-ФЗ действует. В рамках программы «Микросхема-СГ» и союзной программы «Микросхема-СГ» "
        "выполнены работы."
    )
    doc = entities_pipeline.process(text.encode(), name="filters.txt")
    names = [(e.label, e.text) for e in doc.entities if e.label in ("PER", "ORG", "LOC")]
    assert names == [("PER", "Романом Головченко"), ("LOC", "Минске")]
    laws = [e.canonical for e in doc.entities if e.label == "LAW"]
    assert (
        laws == ["Федеральный закон № 488-ФЗ от 2014-12-31"] * 2 + ["Союзная программа «Микросхема-СГ»"] * 2
    )
    dated = [e for e in doc.entities if e.label == "LAW" and e.attrs.get("date")]
    assert [e.attrs["date"] for e in dated] == ["2014-12-31"]


@pytest.mark.parametrize(
    ("text", "label", "parts"),
    [
        ("ОАО «Газпром»", "ORG", [("Газпром", {"legal_form": "ОАО"})]),
        ("Концерн «Майкрософт»", "ORG", [("Майкрософт", {"legal_form": "Концерн"})]),
        ("Комитет защиты журналистов (КЗЖ)", "ORG", [("Комитет защиты журналистов", {}), ("КЗЖ", {})]),
        ("Джоэл Саймон (Joel Simon)", "PER", [("Джоэл Саймон", {}), ("Joel Simon", {})]),
        ("Овечкин, Фёдоров", "PER", [("Овечкин", {}), ("Фёдоров", {})]),
        ("Минпромторг России", "ORG", [("Минпромторг России", {})]),
    ],
)
def test_name_parts(morph, text, label, parts):
    from indpol.extract.entities.filters import name_parts

    assert [(text[a:b], extra) for a, b, extra in name_parts(text, 0, len(text), label, morph)] == parts


def test_name_parts_takes_a_relational_adjective(morph):
    from indpol.extract.entities.filters import name_parts

    text = "заявили в японском МИДе"
    start = text.index("МИДе")
    ((a, b, _),) = name_parts(text, start, len(text), "ORG", morph)
    assert text[a:b] == "японском МИДе"
