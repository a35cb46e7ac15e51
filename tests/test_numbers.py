"""Number parsing: digit groupings, decimal marks, stray spaces, spelled-out numbers."""

import pytest

from indpol.extract.grammars.numbers import find_numbers, parse_number

DIGITS = [
    ("12 345,6", 12345.6),
    ("12\u00a0345,6", 12345.6),
    ("1\u2009234\u202f567", 1234567.0),
    ("12 345 , 6", 12345.6),
    ("3.5", 3.5),
    ("1.844.036.360,12", 1844036360.12),
    ("2 100,0", 2100.0),
    ("80", 80.0),
    ("0,00", 0.0),
]


@pytest.mark.parametrize(("text", "value"), DIGITS)
def test_parse_number(text, value):
    assert parse_number(text) == value


SPANS = [
    ("12 345 , 6 тыс . руб .", [("12 345 , 6", 12345.6)]),
    ("пункты 1 , 2 и 3", [("1", 1.0), ("2", 2.0), ("3", 3.0)]),
    ("в 2016 , 2017 годах", [("2016", 2016.0), ("2017", 2017.0)]),
    ("3,14159 и 2,5%", [("3,14159", 3.14159), ("2,5", 2.5)]),
    ("5,3млн", [("5,3", 5.3)]),
    # after a word and a hyphen a number is part of a name
    ("ЗАО «БКЖБИ-2», кластер «Белокуриха-2» на 3000 мест", [("3000", 3000.0)]),
    ("~/study/sem-2$ ./app.exe", []),
    # … unless it has a decimal part: a dash written without spaces before an amount
    ("Новокусковское СП-34,0543 км; самолёт МС-21", [("34,0543", 34.0543)]),
    ("в 5-7 раз, в 2020-2021 годах", [("5", 5.0), ("7", 7.0), ("2020", 2020.0), ("2021", 2021.0)]),
]


@pytest.mark.parametrize(("text", "expected"), SPANS)
def test_find_digit_numbers(text, expected):
    assert [(text[n.start : n.end], n.value) for n in find_numbers(text)] == expected


WORDS = [
    ("из двадцати восьми программ", [("двадцати восьми", 28.0)]),
    ("двадцать восемь", [("двадцать восемь", 28.0)]),
    ("в трех регионах", [("трех", 3.0)]),
    ("двух тысяч человек", [("двух тысяч", 2000.0)]),
    ("сорока двух", [("сорока двух", 42.0)]),
    ("сто двадцать тысяч пятьсот", [("сто двадцать тысяч пятьсот", 120500.0)]),
    ("полутора", [("полутора", 1.5)]),
    ("пять двух квартирных домов", [("пять", 5.0), ("двух", 2.0)]),
    ("тысяча двести", [("тысяча двести", 1200.0)]),
    ("одна из которых", []),
    ("тысячи предприятий", []),
]


@pytest.mark.parametrize(("text", "expected"), WORDS)
def test_find_word_numbers(text, expected, morph):
    assert [(text[n.start : n.end], n.value) for n in find_numbers(text, morph.lemma)] == expected
