"""Number parsing for Russian text: digits in every grouping style and spelled-out numbers.

Digits: "12 345,6" (space, NBSP, thin-space groups), "1.844.036.360,12", "3.5", and the
stray spaces of PDF and pre-tokenised text ("12 345 , 6"). Words: "двадцать восемь",
"трех", "двух тысяч" in any case form (via a lemma function, so pymorphy3 stays outside).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from indpol.text.tokens import WORD, fold

_SP = "[ \u00a0\u2009\u202f]"  # group separators: space, NBSP, thin space, narrow NBSP
_GROUPED = rf"\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)"
_DOTTED = r"\d{1,3}(?:\.\d{3}){2,}(?![\d.])"
_TIGHT_FRACTION = r"[,.]\d+(?!\d)(?![.,]\d)"
_LOOSE_FRACTION = rf"{_SP}*,{_SP}*\d{{1,2}}(?!\d)|{_SP}+[,.]\d{{1,2}}(?!\d)|[,.]{_SP}+\d{{1,2}}(?!\d)"

# not after a word and a hyphen: "sem-2$", "COVID-19", "МС-21" are names, not amounts ("5-7" is a range);
# a decimal comma makes it an amount after a dash written without spaces ("Новокусковское СП-34,0543 км")
NUMBER_RE = re.compile(
    rf"(?<![\d\w.,])(?:(?<![^\W\d_]-)|(?=\d+,\d))(?P<int>{_DOTTED}|{_GROUPED}|\d+)"
    rf"(?P<frac>{_TIGHT_FRACTION}|{_LOOSE_FRACTION})?"
)
# after a loose fraction, a list continues ("1 , 2 и 3"): then the comma is not a decimal mark
_LIST_AFTER = re.compile(rf"{_SP}*(?:,|и|или|-|–){_SP}*\d")

# spelled-out numbers: lemma -> value; multipliers scale what precedes them
NUMBER_WORDS: dict[str, float] = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17,
    "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "полтора": 1.5,
}  # fmt: skip
MULTIPLIER_WORDS: dict[str, float] = {"тысяча": 1e3, "миллион": 1e6, "миллиард": 1e9, "триллион": 1e12}
# oblique forms pymorphy3 sometimes lemmatises oddly ("сорока" -> "сорока" the bird)
WORD_FORMS: dict[str, str] = {"сорока": "сорок", "ста": "сто", "полутора": "полтора", "двухсот": "двести"}


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number found in text: ``text[start:end]`` reads as ``value``."""

    start: int
    end: int
    value: float
    words: bool = False  # spelled out
    decimal: bool = False  # had a fractional part
    grouped: bool = False  # had digit-group separators


def parse_number(raw: str) -> float | None:
    """Value of one number written in digits ("12 345,6", "12 345 , 6", "1.844.036,12"); ``None`` if not one."""
    match = NUMBER_RE.fullmatch(raw.strip())
    if not match:
        return None
    return _value(match.group("int"), match.group("frac"))


def _value(integer: str, fraction: str | None) -> float:
    digits = re.sub(r"\D", "", integer)
    frac = re.sub(r"\D", "", fraction or "")
    return float(f"{digits}.{frac}") if frac else float(digits)


def find_digit_numbers(text: str) -> list[NumberSpan]:
    """Every number written in digits, with its value and span."""
    spans = []
    position = 0
    while match := NUMBER_RE.search(text, position):
        integer, fraction = match.group("int"), match.group("frac")
        end = match.end()
        loose = bool(fraction and re.search(_SP, fraction))
        if loose and (_LIST_AFTER.match(text, end) or _is_year(integer)):
            fraction, end = None, match.end("int")
        spans.append(
            NumberSpan(
                start=match.start(),
                end=end,
                value=_value(integer, fraction),
                decimal=bool(fraction),
                grouped=bool(re.search(rf"{_SP}|\.", integer)),
            )
        )
        position = end
    return spans


def _is_year(integer: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", integer))


def word_value(lemma: str) -> float | None:
    """Value of one number word given its lemma (``None`` if not a number word)."""
    lemma = fold(WORD_FORMS.get(lemma, lemma))
    return NUMBER_WORDS.get(lemma, MULTIPLIER_WORDS.get(lemma))


def find_word_numbers(text: str, lemma: Callable[[str], str]) -> list[NumberSpan]:
    """Spelled-out numbers ("двадцать восемь", "трех", "двух тысяч"), each run of number words as one.

    A lone multiplier ("тысячи предприятий") or a lone "один" ("одна из") is not a number.
    """
    spans: list[NumberSpan] = []
    run: list[tuple[int, int, str]] = []
    for match in [*WORD.finditer(text), None]:
        word_lemma = _number_lemma(match.group(0), lemma) if match else None
        contiguous = match is not None and (not run or re.fullmatch(r"\s+", text[run[-1][1] : match.start()]))
        if word_lemma and contiguous and match is not None:
            run.append((match.start(), match.end(), word_lemma))
            continue
        if run:
            spans.extend(_close_run(run))
        run = [(match.start(), match.end(), word_lemma)] if match and word_lemma else []
    return spans


def _number_lemma(word: str, lemma: Callable[[str], str]) -> str | None:
    low = fold(word.lower())
    if low in WORD_FORMS:
        return WORD_FORMS[low]
    if len(low) < 3:
        return None
    candidate = fold(lemma(low))
    return candidate if word_value(candidate) is not None else None


def _close_run(run: list[tuple[int, int, str]]) -> list[NumberSpan]:
    """Numbers of a run of number words, split where the order breaks ("пять двух домов": 5 and 2)."""
    spans = []
    for part in _split_run(run):
        lemmas = [item[2] for item in part]
        if all(item in MULTIPLIER_WORDS for item in lemmas) or lemmas == ["один"]:
            continue
        value = _combine(lemmas)
        if value is not None:
            spans.append(NumberSpan(start=part[0][0], end=part[-1][1], value=value, words=True))
    return spans


def _rank(lemma: str) -> int:
    """Position class of a number word: 3 hundreds, 2 tens, 1 units and teens, 0 multipliers."""
    if lemma in MULTIPLIER_WORDS:
        return 0
    value = NUMBER_WORDS[lemma]
    return 3 if value >= 100 else 2 if value >= 20 and value % 10 == 0 else 1


def _split_run(run: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    parts: list[list[tuple[int, int, str]]] = [[]]
    previous = 4
    for item in run:
        rank = _rank(WORD_FORMS.get(item[2], item[2]))
        if rank and rank >= previous:
            parts.append([])
        parts[-1].append(item)
        previous = rank if rank else 4
    return [part for part in parts if part]


def _combine(lemmas: list[str]) -> float | None:
    """ "двадцать восемь" -> 28, "двух тысяч" -> 2000, "сто двадцать тысяч пятьсот" -> 120500."""
    total, current = 0.0, 0.0
    for item in lemmas:
        value = word_value(item)
        if value is None:
            return None
        if item in MULTIPLIER_WORDS:
            total += (current or 1.0) * value
            current = 0.0
        else:
            current += value
    return total + current


def find_numbers(text: str, lemma: Callable[[str], str] | None = None) -> list[NumberSpan]:
    """All numbers of ``text``, digits first; spelled-out ones too when a lemma function is given."""
    spans = find_digit_numbers(text)
    if lemma is not None:
        taken = [(span.start, span.end) for span in spans]
        for span in find_word_numbers(text, lemma):
            if not any(span.start < end and start < span.end for start, end in taken):
                spans.append(span)
    return sorted(spans, key=lambda span: (span.start, span.end))
