"""What surrounds a number: tokens, unit vocabularies, approx, change and period.

Vocabularies live in ``data/units.yaml``; this module turns them into token-sequence
matchers. Indicator noun phrases are built in :mod:`indpol.extract.figures.phrases`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from indpol.data import UNITS, word_list
from indpol.text.tokens import WORD, fold

UNITS_PATH = UNITS
TOKEN_RE = re.compile(rf"{WORD.pattern}|\d+|[^\w\s]|_")  # words, digit runs, single marks
CHANGE_REACH = 12  # tokens between a change word and its "на"
_SENTENCE_DOT = re.compile(r"\s*$|\s*\n|\s+[«\"(]?[А-ЯЁA-Z]")  # what follows a sentence-final dot
# prefixes that pre-tokenised text splits off an adjective: "не налоговым", "внутри поселковых", "вне бюджетных"
SPLIT_PREFIXES = ("не", "вне", "внутри", "меж")


@dataclass(frozen=True, slots=True)
class Token:
    """A word, digit run or punctuation mark with its passage-local span."""

    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return fold(self.text.lower())

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(text: str) -> list[Token]:
    """Words (with inner hyphens), digit runs and single punctuation marks."""
    return [Token(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


@dataclass(frozen=True, slots=True)
class Vocab:
    """The compiled vocabularies of ``units.yaml``: each category maps token forms to a value."""

    scales: tuple[tuple[tuple[str, ...], float], ...]
    currencies: tuple[tuple[tuple[str, ...], str], ...]
    currency_prefixes: tuple[tuple[tuple[str, ...], str], ...]
    percent: tuple[tuple[tuple[str, ...], str], ...]
    points: tuple[tuple[tuple[str, ...], str], ...]
    ratio: tuple[tuple[tuple[str, ...], str], ...]
    permille: tuple[tuple[tuple[str, ...], str], ...]
    units: tuple[tuple[tuple[str, ...], str], ...]
    not_counted: frozenset[str]
    label_words: frozenset[str]
    approx: tuple[tuple[tuple[str, ...], str], ...]
    change: dict[str, str]
    generic_heads: frozenset[str]
    indicator_stops: frozenset[str]
    not_indicator: frozenset[str]
    prepositions: frozenset[str]
    rate_bases: frozenset[str]
    durations: frozenset[str]
    duration_windows: frozenset[str]
    lemma_overrides: dict[str, str]
    classifiers: frozenset[str]
    approx_words: frozenset[str]
    predicate_verbs: frozenset[str] = frozenset()
    transparent_heads: frozenset[str] = frozenset()
    self_measures: frozenset[str] = frozenset()
    dotless: frozenset[str] = frozenset()
    comparatives: dict[str, str] = field(default_factory=dict)
    age_holders: frozenset[str] = frozenset()
    part_nouns: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()
    target_verbs: frozenset[str] = frozenset()
    limiters: frozenset[str] = frozenset()
    pp_heads: dict[str, frozenset[str]] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    cause_words: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    table_measures: frozenset[str] = frozenset()
    thousand_money: tuple[tuple[tuple[str, ...], str], ...] = ()


def _forms(mapping: dict[Any, list[str]], cast: Any = str) -> tuple[tuple[tuple[str, ...], Any], ...]:
    pairs = [(form_tokens(form), cast(key)) for key, forms in mapping.items() for form in forms]
    return tuple(sorted(pairs, key=lambda pair: (-sum(part != "." for part in pair[0]), -len(pair[0]))))


def form_tokens(form: str) -> tuple[str, ...]:
    """A vocabulary form as lower-case tokens ("тыс." -> ("тыс", "."))."""
    return tuple(token.low for token in tokenize(form))


@lru_cache(maxsize=4)
def load_vocab(path: str | None = None) -> Vocab:
    """Read ``units.yaml`` (or another file of the same shape) once per process."""
    data = yaml.safe_load(Path(path or UNITS_PATH).read_text(encoding="utf-8"))
    words = lambda key: frozenset(w.lower() for w in data.get(key, []))  # noqa: E731
    change = {lemma: kind for kind, lemmas in data["change"].items() for lemma in lemmas}
    return Vocab(
        scales=_forms(data["scales"], float),
        currencies=_forms(data["currencies"]),
        currency_prefixes=_forms(data["currency_prefixes"]),
        percent=_forms({"%": data["percent"]}),
        points=_forms({"pp": data["percentage_points"]}),
        ratio=_forms({"раз": data["ratio"]}),
        permille=_forms({"‰": data["permille"]}),
        units=_forms(data["units"]),
        not_counted=words("not_counted"),
        label_words=words("label_words"),
        approx=_forms(data["approx"]),
        change=change,
        generic_heads=words("generic_heads"),
        indicator_stops=words("indicator_stops"),
        not_indicator=words("not_indicator"),
        prepositions=words("prepositions"),
        rate_bases=words("rate_bases"),
        durations=words("durations"),
        duration_windows=words("duration_windows"),
        lemma_overrides=dict(data.get("lemma_overrides", {})),
        classifiers=words("classifiers"),
        predicate_verbs=words("predicate_verbs"),
        transparent_heads=words("transparent_heads"),
        self_measures=words("self_measures"),
        dotless=words("dotless"),
        comparatives={word: kind for kind, forms in data.get("comparatives", {}).items() for word in forms},
        age_holders=words("age_holders"),
        part_nouns=words("part_nouns"),
        name_heads=words("name_heads"),
        target_verbs=words("target_verbs"),
        limiters=words("limiters"),
        pp_heads=_pp_heads(data.get("pp_heads", {})),
        abbreviations={key.lower(): value for key, value in data.get("abbreviations", {}).items()},
        cause_words=words("cause_words"),
        measures=words("measures"),
        table_measures=words("table_measures"),
        thousand_money=_forms(data.get("thousand_money", {})),
        approx_words=frozenset(
            word for forms in data["approx"].values() for form in forms for word in form.split()
        ),
    )


def _pp_heads(data: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """head lemma -> prepositions of its complement."""
    out: dict[str, set[str]] = {}
    for preposition, heads in data.items():
        for head in heads:
            out.setdefault(head, set()).add(preposition)
    return {head: frozenset(prepositions) for head, prepositions in out.items()}


class Context:
    """Morphology-aware helpers over one passage's tokens."""

    def __init__(self, text: str, morph: Any, vocab: Vocab, names: list[tuple[int, int]] | None = None):
        self.text = text
        self.morph = morph
        self.vocab = vocab
        self.tokens = _join_prefixes(tokenize(text), morph)
        self.starts = {token.start: i for i, token in enumerate(self.tokens)}
        self._offsets = [token.start for token in self.tokens]  # ascending: tokens are in text order
        self.names = {  # tokens inside LOC/ORG/PER spans: never an indicator's head
            i for i, token in enumerate(self.tokens) for s, e in names or () if s <= token.start < e
        }

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self._offsets, offset)

    def lemma(self, token: Token) -> str:
        if not token.is_word or len(token.text) < 3:
            return token.low
        if token.low in self.vocab.lemma_overrides:
            return self.vocab.lemma_overrides[token.low]
        return fold(self.morph.lemma(token.low))

    def word_lemma(self, word: str) -> str:
        """The lemma of a word of an indicator phrase, "ё" as "е" (as :meth:`lemma` gives a token's)."""
        return fold(self.morph.lemma(word))

    def tag(self, token: Token) -> Any:
        parses = self.morph.parse(token.low) if token.is_word else []
        return parses[0].tag if parses else None

    def _token_matches(self, token: Token, form: str) -> bool:
        return token.low == form or (len(form) > 2 and token.is_word and self.lemma(token) == form)

    def match(self, index: int, forms: tuple[tuple[tuple[str, ...], Any], ...]) -> tuple[Any, int] | None:
        """Longest form starting at token ``index``: (value, index after the match)."""
        for form, value in forms:
            end = self._match_form(index, form)
            if end is not None:
                return value, end
        return None

    def _match_form(self, index: int, form: tuple[str, ...]) -> int | None:
        i = index
        for part in form:
            if part == ".":
                if i < len(self.tokens) and self.tokens[i].text == "." and self._dot_belongs(i):
                    i += 1
                continue
            if i >= len(self.tokens) or not self._token_matches(self.tokens[i], part):
                return None
            if i > index and self.tokens[i].start - self.tokens[i - 1].end > 2:
                return None
            i += 1
        return i

    def _dot_belongs(self, i: int) -> bool:
        """A dot right after an abbreviation belongs to it, unless the unit is written without one
        ("км", "млрд") and the dot ends the sentence ("1 245,7 км.", "$50 млрд.")."""
        if self.tokens[i].start - self.tokens[i - 1].end > 1:
            return False
        return self.tokens[i - 1].low not in self.vocab.dotless or not _SENTENCE_DOT.match(
            self.text, self.tokens[i].end
        )

    def match_before(
        self, index: int, forms: tuple[tuple[tuple[str, ...], Any], ...]
    ) -> tuple[Any, int] | None:
        """Longest form ending right before token ``index``: (value, first token index)."""
        best = None
        for form, value in forms:
            words = [part for part in form if part != "."]
            start = index - len(words)
            if start < 0:
                continue
            tokens = self.tokens[start:index]
            matches = all(self._token_matches(tok, part) for tok, part in zip(tokens, words, strict=True))
            if matches and (best is None or start < best[1]):
                best = (value, start)
        return best


def _join_prefixes(tokens: list[Token], morph: Any) -> list[Token]:
    """ "не налоговым" -> one token "неналоговым" when the joined word is a known adjective or participle."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            following is not None
            and token.text in SPLIT_PREFIXES
            and following.is_word
            and following.text.islower()
            and 0 < following.start - token.end <= 2
            and _adjective(morph, following.low)
            and morph.is_known(token.low + following.low)
            and _adjective(morph, token.low + following.low)
        ):
            out.append(Token(token.start, following.end, token.text + following.text))
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _adjective(morph: Any, word: str) -> bool:
    parses = morph.parse(word)
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF")


def approx_before(ctx: Context, index: int) -> tuple[str | None, int]:
    """approx word right before token ``index`` (also across "на"): (approx, first token index)."""
    found = ctx.match_before(index, ctx.vocab.approx)
    if found is None and index > 0 and ctx.tokens[index - 1].low == "на":
        found = ctx.match_before(index - 1, ctx.vocab.approx)
        if found is not None and ctx.tokens[found[1]].low in ctx.vocab.comparatives:
            found = None  # "больше на 179,3 тыс. рублей": a difference, not a bound
    return (found[0], found[1]) if found else (None, index)


def change_before(ctx: Context, index: int, floor: int, stop: set[int] | None = None) -> str | None:
    """increase/decrease from "рост на …", "снизился на …", "увеличить в … раза".

    Before "на" the change word may stand further off, across adverbials of comparison and variant
    ("снизится по сравнению с 2016 годом по первому варианту на 0,12 %"), but within the clause and
    not beyond another figure (token indices in ``stop``).
    """
    i = index - 1
    while i >= floor and ctx.tokens[i].low not in ("на", "в"):
        if ctx.tokens[i].is_word and ctx.tokens[i].low not in word_list("comparison_words"):
            return None
        i -= 1
    reach = CHANGE_REACH if i >= floor and ctx.tokens[i].low == "на" else 4
    for j in range(i - 1, max(floor, i - reach) - 1, -1):
        token = ctx.tokens[j]
        if j < i - 4 and (token.text in (",", ";", ":", ")", ".") or j in (stop or ())):
            return None
        kind = ctx.vocab.change.get(ctx.lemma(token))
        if kind:
            return kind
    return None
