"""The package's data files: the abbreviation list with its rules and the small word lists."""

import pytest

from indpol.data import WORDS_DIR, load_abbreviations, load_words, word_list


@pytest.mark.parametrize(
    ("rule", "present", "absent"),
    [
        ("lower", ["тыс", "р-н", "т.е"], ["х", "№"]),  # the splitter goes on before "руб.", "1"
        ("name", ["с", "ул", "пгт"], ["г", "тыс"]),  # "в с. Белозерское"; not "2017 г. Минпромторг"
        ("always", ["г", "№", "т.ч"], ["х", "долл"]),
    ],
)
def test_abbreviations_one_list_with_its_rules(rule, present, absent):
    found = load_abbreviations(rule)
    assert set(present) <= set(found)
    assert not set(absent) & set(found)
    assert len(found) == len(set(found))


def test_abbreviations_unknown_rule():
    with pytest.raises(ValueError, match="allowed: lower, name, always"):
        load_abbreviations("tail")


@pytest.mark.parametrize("path", sorted(WORDS_DIR.glob("*.txt")), ids=lambda path: path.stem)
def test_word_lists_load_without_comments(path):
    words = word_list(path.stem)
    assert words and len(words) == len(load_words(path))
    assert not any("#" in word or " " in word for word in words)


def test_unknown_word_list_names_the_known_ones():
    with pytest.raises(ValueError, match=r"known: .*relative_pronouns"):
        word_list("pronouns")
