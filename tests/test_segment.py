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


LISTING = "\n".join(f"позиция {i} объем {i * 3},5 тыс руб" for i in range(400))  # no full stop anywhere
WORDS = " ".join(f"слово{i}" for i in range(2000))
SENTENCES = " ".join(f"Объем финансирования составит {i} млн рублей." for i in range(300))


@pytest.mark.parametrize(
    ("case", "text", "max_chars"),
    [
        ("short lines without a full stop", LISTING, 500),
        ("one line of words", WORDS, 300),
        ("sentences: cut between them", SENTENCES, 400),
        ("a run with no whitespace (no word) is cut at the size", "x" * 2500, 1000),
        ("a word longer than the rest of the window", "a " * 30 + "б" * 60 + " в" * 100, 100),
    ],
)
def test_long_passages_are_cut_by_size_never_inside_a_word(case, text, max_chars):
    """Every passage at most ``max_chars``, its text and offsets the source's, no word or number cut
    (unless a run of ``max_chars`` characters has no whitespace), nothing lost."""
    from indpol.config import PipelineConfig
    from indpol.pipeline import Pipeline

    config = PipelineConfig.resolve(
        {"segment": {"max_passage_chars": max_chars}, "extract": {"entities": False, "figures": False,
         "stages": False}, "classify": {"directions": False}}
    )  # fmt: skip
    doc = Pipeline(config).process(text.encode(), name="listing.txt")
    assert doc.status == "ok"
    assert all(len(p.text) <= max_chars for p in doc.passages), case
    for passage in doc.passages:
        assert doc.text[passage.start : passage.end] == passage.text
        source = text[passage.source_start : passage.source_end]
        assert " ".join(source.split()) == passage.text  # flattening turns line breaks into spaces
        if "x" * max_chars not in text:
            before, after = (
                text[passage.source_start - 1 : passage.source_start],
                text[passage.source_end :][:1],
            )
            assert before.strip() == "" and after.strip() == "", (before, after)
    assert "".join("".join(p.text.split()) for p in doc.passages) == "".join(text.split())
    for sentence in doc.sentences:  # a sentence across a cut is clipped to each side
        passage = next(p for p in doc.passages if p.passage_id == sentence.passage_id)
        assert passage.start <= sentence.start < sentence.end <= passage.end


def test_hard_cuts_prefer_line_breaks_in_the_second_half():
    """A line break in the window's second half wins over later spaces; one in its first half does not."""
    from indpol.text.segment import hard_cuts

    late = "a " * 30 + "\n" + "b " * 60
    early = "a " * 10 + "\n" + "b " * 60
    assert hard_cuts(late, 0, len(late), 100)[1] == late.index("\n") + 1
    assert hard_cuts(early, 0, len(early), 100)[1] == early.rindex(" ", 0, 100) + 1
