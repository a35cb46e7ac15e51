import pytest

from indpol.testing import make_document
from indpol.text.segment import sentence_spans


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


def passages_of(text: str) -> list[tuple[str, str]]:
    from indpol.ingest.base import Block
    from indpol.text.segment import split_block
    from indpol.textmap import MappedText

    return [(piece.kind, piece.text.text) for piece in split_block(Block(MappedText.identity(text)))]


def test_one_paragraph_per_line_text_is_split_at_lines():
    long = "Программа предусматривает мероприятия по развитию промышленности региона " * 3
    text = f"{long}.\nпроведение мероприятий по информированию субъектов МСП ;\nразмещение информации на сайте ;\n{long}."
    kinds = [kind for kind, _ in passages_of(text)]
    assert kinds == ["paragraph", "list_item", "list_item", "paragraph"]


def test_hard_wrapped_paragraphs_join_lines_and_break_after_short_line():
    text = (
        "Мировой финансовый кризис 2008 г. возродил интерес к промышленной политике,\n"
        "направленной на стабильное развитие реального сектора экономики. Именно данный\n"
        "сектор составляет основу современной экономики.\n"
        "Новые факторы развития реального сектора экономики определяют новую конфигурацию\n"
        "промышленной политики стран."
    )
    texts = [t for _, t in passages_of(text)]
    assert len(texts) == 2 and texts[0].startswith("Мировой") and texts[0].endswith("экономики.")
    assert "\n" not in texts[0]


def test_numbered_heading_versus_list_item():
    assert passages_of("1. Институциональная основа") == [("heading", "1. Институциональная основа")]
    assert passages_of("1. создание условий для взаимодействия;")[0][0] == "list_item"


def pieces_on_pages(*texts_and_pages: tuple[str, int]):
    from indpol.text.segment import Piece
    from indpol.textmap import MappedText

    return [Piece(MappedText.identity(text), "paragraph", page) for text, page in texts_and_pages]


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        (("финансируются из бюджета", 1), ("Союзного государства.", 2), True),  # page break mid-sentence
        (("в том числе,", 1), ("Республика Беларусь вносит 35 %.", 2), True),
        (("из средств бюджета", 1), ("региона и предприятий.", 1), True),  # lower case on the same page
        (("из средств бюджета", 1), ("Союзного государства.", 1), False),  # same page: a new paragraph
        (("Итоги подведены.", 1), ("Союзного государства.", 2), False),
        (("Раздел 2", 1), ("Союзные программы", 2), False),
    ],
)
def test_merge_continuations_across_page_break(first, second, merged):
    from indpol.nlp.morph import load_morph
    from indpol.text.segment import merge_continuations

    result = merge_continuations(pieces_on_pages(first, second), load_morph())
    assert (len(result) == 1) is merged
    if merged:
        assert result[0].text.text == f"{first[0]} {second[0]}"
        assert result[0].page_end == (second[1] if second[1] != first[1] else None)


def test_paragraphs_under_an_abstract_heading_are_abstract():
    from indpol.text.segment import Piece, tag_pieces
    from indpol.textmap import MappedText

    def piece(text, kind="paragraph"):
        return Piece(MappedText.identity(text), kind, 1)

    pieces = [
        piece("Аннотация", "heading"),
        piece("В статье рассматривается переход к единой промышленной политике двух стран."),
        piece("Ключевые слова: промышленная политика, Союзное государство."),
        piece("Введение", "heading"),
        piece("Промышленная кооперация складывалась десятилетиями."),
        piece("Abstract", "heading"),
        piece("The paper reviews the industrial policy of the Union State."),
        piece("Первый раздел начинается без заголовка и остается основным текстом."),
    ]
    tag_pieces(pieces)
    assert [p.role for p in pieces] == [
        "abstract", "abstract", "keywords", "body", "body", "abstract", "abstract", "body"
    ]  # fmt: skip
