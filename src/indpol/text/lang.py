"""Language of a block: ru, en or other, from its letters."""

from __future__ import annotations

import re
import string

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
MIN_LETTERS = 3


CYRILLIC_LETTERS = "".join(map(chr, range(ord("А"), ord("я") + 1))) + "Ёё"  # what CYRILLIC matches
LATIN_LETTERS = string.ascii_letters  # what LATIN matches
LONG_TEXT = 4096


def count_letters(pattern: re.Pattern[str], letters: str, text: str) -> int:
    """``len(pattern.findall(text))`` for a class of single ``letters``; a long text is counted letter by letter
    without a list (findall makes a string object, ~76 bytes, for each Cyrillic letter: ~40 bytes a byte of a
    long Russian text)."""
    if len(text) < LONG_TEXT:
        return len(pattern.findall(text))
    return sum(map(text.count, letters))


def detect_language(text: str, default: str = "ru") -> str:
    """``ru`` when Cyrillic letters dominate, ``en`` when Latin does, else ``other``.

    Texts with almost no letters (numbers, table rows) take ``default``.
    """
    cyrillic = count_letters(CYRILLIC, CYRILLIC_LETTERS, text)
    latin = count_letters(LATIN, LATIN_LETTERS, text)
    letters = cyrillic + latin
    other = sum(char.isalpha() for char in text) - letters
    if letters + other < MIN_LETTERS:
        return default
    if cyrillic >= 0.5 * (letters + other):
        return "ru"
    if latin >= 0.7 * (letters + other) and cyrillic <= 0.15 * letters:
        return "en"
    if cyrillic > latin and cyrillic > other:
        return "ru"
    return "other"


def main_language(texts_and_sizes: list[tuple[str, int]]) -> str | None:
    """The language covering most characters."""
    totals: dict[str, int] = {}
    for language, size in texts_and_sizes:
        totals[language] = totals.get(language, 0) + size
    return max(totals, key=lambda lang: totals[lang]) if totals else None
