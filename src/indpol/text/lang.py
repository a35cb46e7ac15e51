"""Language of a block: ru, en or other, from its letters."""

from __future__ import annotations

import re

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
MIN_LETTERS = 3


def detect_language(text: str, default: str = "ru") -> str:
    """``ru`` when Cyrillic letters dominate, ``en`` when Latin does, else ``other``.

    Texts with almost no letters (numbers, table rows) take ``default``.
    """
    cyrillic = len(CYRILLIC.findall(text))
    latin = len(LATIN.findall(text))
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
