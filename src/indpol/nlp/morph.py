"""pymorphy3 morphology: one analyzer per process, with cached lemma look-ups."""

from __future__ import annotations

from functools import lru_cache

import pymorphy3


class Morph:
    """A pymorphy3 analyzer with memoised ``lemma``, ``parse`` and ``is_known``.

    Build it with :func:`load_morph`; it is cheap to pass around and safe to
    re-create in each worker process.
    """

    def __init__(self, analyzer: pymorphy3.MorphAnalyzer, cache_size: int = 200_000):
        self.analyzer = analyzer
        self.parse = lru_cache(maxsize=cache_size)(analyzer.parse)
        self.lemma = lru_cache(maxsize=cache_size)(self._lemma)
        self.is_known = lru_cache(maxsize=cache_size)(self._is_known)

    def _lemma(self, word: str) -> str:
        """Best-guess normal form in lower case ("Республики" -> "республика")."""
        parses = self.parse(word)
        return parses[0].normal_form if parses else word.lower()

    def _is_known(self, word: str) -> bool:
        """True when the dictionary (not the guesser) knows the word."""
        return bool(word) and self.analyzer.word_is_known(word.lower())

    def lemmas(self, words: list[str]) -> list[str]:
        return [self.lemma(word) for word in words]

    def inflect(self, word: str, grammemes: set[str]) -> str | None:
        """Inflect ``word`` (first parse) to ``grammemes``; ``None`` when impossible."""
        parses = self.parse(word)
        if not parses:
            return None
        form = parses[0].inflect(grammemes)
        return form.word if form else None


_MORPH: Morph | None = None


def load_morph() -> Morph:
    """The process's :class:`Morph`, created on first use (survives spawn: each process builds its own)."""
    global _MORPH
    if _MORPH is None:
        _MORPH = Morph(pymorphy3.MorphAnalyzer())
    return _MORPH
