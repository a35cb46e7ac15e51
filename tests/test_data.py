"""The package's data files: the abbreviation list with its rules and the small word lists."""

import pytest

from indpol.data import WORDS_DIR, load_abbreviations, load_words, word_list


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Выпуск 5 тыс. т в год. Рост 3 %.", ["Выпуск 5 тыс. т в год.", "Рост 3 %."]),
        ("См. ст. 5 закона. Далее.", ["См. ст. 5 закона.", "Далее."]),
        ("Объем 2 млн. Рост продолжится.", ["Объем 2 млн.", "Рост продолжится."]),  # a capital ends it
    ],
)
def test_abbreviations_keep_the_sentence_whole(text, sentences):
    from indpol.text.segment import sentence_spans

    assert [text[start:end] for start, end in sentence_spans(text)] == sentences


def test_abbreviations_one_list():
    found = load_abbreviations()
    assert {"тыс", "р-н", "т.е", "ст"} <= set(found)
    assert len(found) == len(set(found))


@pytest.mark.parametrize("path", sorted(WORDS_DIR.glob("*.txt")), ids=lambda path: path.stem)
def test_word_lists_load_without_comments(path):
    words = word_list(path.stem)
    assert words and len(words) == len(load_words(path))
    assert not any("#" in word or " " in word for word in words)


def test_unknown_word_list_names_the_known_ones():
    with pytest.raises(ValueError, match=r"known: .*relative_pronouns"):
        word_list("pronouns")
