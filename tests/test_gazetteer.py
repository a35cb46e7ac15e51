"""The gazetteer: every case form matches, abbreviations only as written, aliases resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from indpol.errors import ConfigError
from indpol.extract.entities.gazetteer import DEFAULT_GAZETTEER, Gazetteer, read_gazetteer
from indpol.nlp.morph import load_morph


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return read_gazetteer(DEFAULT_GAZETTEER, load_morph())


# text, [(matched text, canonical, label, kind)]
CASES = [
    ("в Республике Беларусь", [("Республике Беларусь", "Республика Беларусь", "LOC", "country")]),
    ("Республикой Беларусь", [("Республикой Беларусь", "Республика Беларусь", "LOC", "country")]),
    ("экспорт Беларуси", [("Беларуси", "Республика Беларусь", "LOC", "country")]),
    ("в Белоруссии", [("Белоруссии", "Республика Беларусь", "LOC", "country")]),
    ("РБ и РФ", [("РБ", "Республика Беларусь", "LOC", "country"), ("РФ", "Российская Федерация", "LOC", "country")]),
    ("с Россией", [("Россией", "Российская Федерация", "LOC", "country")]),
    ("Российской Федерации", [("Российской Федерации", "Российская Федерация", "LOC", "country")]),
    ("в Союзном государстве", [("Союзном государстве", "Союзное государство", "LOC", "union_state")]),
    (
        "решением Высшего государственного совета Союзного государства",
        [
            (
                "Высшего государственного совета Союзного государства",
                "Высший государственный совет Союзного государства", "ORG", "union_body",
            )
        ],
    ),
    (
        "Советом министров Союзного государства",
        [("Советом министров Союзного государства", "Совет министров Союзного государства", "ORG", "union_body")],
    ),
    (
        "Постоянным комитетом",
        [("Постоянным комитетом", "Постоянный комитет Союзного государства", "ORG", "union_body")],
    ),
    ("ЕЭК и ЕАЭС", [
        ("ЕЭК", "Евразийская экономическая комиссия", "ORG", "intergovernmental_body"),
        ("ЕАЭС", "Евразийский экономический союз", "ORG", "integration_union"),
    ]),
    ("странами СНГ", [("СНГ", "Содружество Независимых Государств", "ORG", "integration_union")]),
    (
        "Минпромторгом России",
        [("Минпромторгом России", "Министерство промышленности и торговли Российской Федерации", "ORG", "ministry")],
    ),
    (
        "Минпрома Беларуси",
        [("Минпрома Беларуси", "Министерство промышленности Республики Беларусь", "ORG", "ministry")],
    ),
    (
        "ГКНТ",
        [("ГКНТ", "Государственный комитет по науке и технологиям Республики Беларусь", "ORG", "agency")],
    ),
    ("ВЭБ.РФ", [("ВЭБ.РФ", "ВЭБ.РФ", "ORG", "development_institution")]),
    ("в Санкт-Петербурге", [("Санкт-Петербурге", "Санкт-Петербург", "LOC", "city")]),
    ("в Соединенных Штатах", [("Соединенных Штатах", "Соединённые Штаты Америки", "LOC", "country")]),
]  # fmt: skip

# no match: lower-case generic words, abbreviations in the wrong case
NOT_MATCHED = ["постоянный комитет профсоюза", "рб", "ееэк", "высший государственный совет"]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_gazetteer_match_case_forms(gazetteer: Gazetteer, text: str, expected: list[tuple]) -> None:
    found = [
        (text[m.start : m.end], m.entry.canonical, m.entry.label, m.entry.kind) for m in gazetteer.match(text)
    ]
    assert found == expected


@pytest.mark.parametrize("text", NOT_MATCHED)
def test_gazetteer_match_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.match(text) == []


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("Республики Беларусь", "Республика Беларусь"), ("Беларуси", "Республика Беларусь"),
     ("РБ", "Республика Беларусь"), ("России", "Российская Федерация"), ("Беларуси и России", None),
     ("Минска", "Минск"), ("Министерства финансов", None)],
)  # fmt: skip
def test_gazetteer_lookup(gazetteer: Gazetteer, name: str, canonical: str | None) -> None:
    entry = gazetteer.lookup(name)
    assert (entry.canonical if entry else None) == canonical


def test_gazetteer_longest_match_wins() -> None:
    rows = [
        {"canonical": "Союзное государство", "label": "LOC", "kind": "union_state", "aliases": ["Союзное государство"]},
        {"canonical": "Постоянный комитет Союзного государства", "label": "ORG", "kind": "union_body",
         "aliases": ["Постоянный комитет Союзного государства"]},
    ]  # fmt: skip
    gaz = Gazetteer.build(rows, load_morph())
    text = "Постоянного комитета Союзного государства"
    assert [(m.start, m.end, m.entry.label) for m in gaz.match(text)] == [(0, len(text), "ORG")]


def test_gazetteer_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "gaz.yaml"
    bad.write_text("- canonical: X\n  label: THING\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="label"):
        read_gazetteer(bad, load_morph())
