import re

from indpol.textmap import MappedText, join


def test_rewrite_deletion_inside_match_keeps_map_exact():
    source = "Рес-\n\nпублики"
    text = MappedText.identity(source).rewrite(re.compile(r"-\n+"), lambda m: "")
    assert text.text == "Республики"
    assert [source[i] for i in text.origin] == list("Республики")


def test_rewrite_expansion_maps_to_the_replaced_character():
    text = MappedText.identity("a ﬁ b").rewrite(re.compile("ﬁ"), lambda m: "fi")
    assert text.text == "a fi b"
    assert list(text.origin) == [0, 1, 2, 2, 3, 4]


def test_join_separator_maps_after_previous_part():
    joined = join([MappedText.identity("ab", 10), MappedText.identity("cd", 20)], "\n\n")
    assert joined.text == "ab\n\ncd"
    assert list(joined.origin) == [10, 11, 12, 12, 20, 21]
