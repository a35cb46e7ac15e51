import pytest

from indpol.segment import sentence_spans
from indpol.testing import make_document


def split(text: str) -> str:
    """Sentences joined razdel-style: '|' marks each boundary."""
    return "|".join(text[a:b] for a, b in sentence_spans(text))


@pytest.mark.parametrize(
    "expected",
    [
        "В 2023 г. в Минске прошло заседание.|Далее решение.",
        "Объем 3,5 млрд. руб. за год.|Потом рост.",
        "Это т. е. меры поддержки.|А. Г. Лукашенко выступил.",
        "Итоги (см. табл. 2) подведены.",
        "Выделено 10 млн. долл. США.|Рост продолжится.",
        "Статья 5 ч. 1 ст. 5 и п. 3 применяются.",
    ],
)
def test_sentence_spans_legal_and_abbreviations(expected):
    assert split(expected.replace("|", " ")) == expected


def test_passage_offsets_quote_text():
    doc = make_document("Первый абзац.\n\nВторой абзац.")
    assert [doc.text[p.start : p.end] for p in doc.passages] == ["Первый абзац.", "Второй абзац."]
