"""The domain gazetteer: countries, unions and bodies matched in every case form.

Each alias word is expanded once, at load time, into all forms of its pymorphy3 lexeme, so
matching is a dictionary look-up per token with no morphology at run time: the alias
"Республика Беларусь" matches "Республики Беларусь", "Республикой Беларусь", …
Words with two or more capitals ("РБ", "ЕЭК", "ЕврАзЭС") match only as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from indpol.config import PipelineConfig
from indpol.data import GAZETTEER
from indpol.errors import ConfigError
from indpol.nlp.ner import NER_LABELS
from indpol.text.tokens import fold

DEFAULT_GAZETTEER = GAZETTEER
LABELS = NER_LABELS
WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer entry: the canonical name and what it is."""

    canonical: str
    label: str
    kind: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class GazMatch:
    """A gazetteer hit; ``start``/``end`` are offsets into the matched text."""

    start: int
    end: int
    entry: GazEntry


@dataclass(slots=True)
class _Alias:
    entry: GazEntry
    keys: tuple[int, ...]  # one key per word
    gaps: tuple[str, ...]  # the alias's own separators ("." in "ВЭБ.РФ")
    capital: bool  # the first word must start with a capital letter


def norm(word: str) -> str:
    return fold(word.lower())


def is_exact(word: str) -> bool:
    """Abbreviations and mixed-case names match only as written."""
    return any(sum(ch.isupper() for ch in part) >= 2 for part in word.split("-"))


@dataclass
class Gazetteer:
    """Aliases indexed by the key of their first word; build with :func:`load_gazetteer`."""

    entries: list[GazEntry] = field(default_factory=list)
    form_keys: dict[str, frozenset[int]] = field(default_factory=dict)  # normalised form -> keys
    exact_keys: dict[str, int] = field(default_factory=dict)  # surface -> key
    first: dict[int, list[_Alias]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[dict[str, Any]], morph: Any, source: str = "<gazetteer>") -> Gazetteer:
        """Index gazetteer rows (dicts with canonical, label, kind, aliases[, country])."""
        keys: dict[tuple[str, str], int] = {}
        forms: dict[str, set[int]] = defaultdict(set)
        exact: dict[str, int] = {}
        first: dict[int, list[_Alias]] = defaultdict(list)
        entries = []
        for number, row in enumerate(rows, 1):
            entry = _entry(row, number, source)
            entries.append(entry)
            for alias in [entry.canonical, *row.get("aliases", [])]:
                alias_rec = _index_alias(str(alias), entry, morph, keys, forms, exact)
                if alias_rec and alias_rec not in first[alias_rec.keys[0]]:
                    first[alias_rec.keys[0]].append(alias_rec)
        for aliases in first.values():
            aliases.sort(key=lambda a: -len(a.keys))
        frozen = {form: frozenset(ids) for form, ids in forms.items()}
        return cls(entries, frozen, exact, dict(first))

    def match(self, text: str) -> list[GazMatch]:
        """Leftmost-longest alias matches in ``text``, not overlapping."""
        tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        keys = [self._keys(word) for _, _, word in tokens]
        out: list[GazMatch] = []
        i = 0
        while i < len(tokens):
            found = self._longest(text, tokens, keys, i) if keys[i] else None
            if found is None:
                i += 1
                continue
            alias, size = found
            out.append(GazMatch(tokens[i][0], tokens[i + size - 1][1], alias.entry))
            i += size
        return out

    def nested(self, text: str, outer: GazMatch) -> list[GazMatch]:
        """Matches of another label inside ``outer`` ("России" in "Минпромторг России")."""
        inner = list(WORD.finditer(text, outer.start, outer.end))
        if len(inner) < 2:
            return []
        offset = inner[1].start()
        return [
            GazMatch(m.start + offset, m.end + offset, m.entry)
            for m in self.match(text[offset : outer.end])
            if m.entry.label != outer.entry.label
        ]

    def lookup(self, name: str) -> GazEntry | None:
        """The entry whose alias is exactly ``name`` (in any case form), if any."""
        matches = self.match(name)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(name.rstrip()):
            return matches[0].entry
        return None

    def _keys(self, word: str) -> frozenset[int]:
        found = self.form_keys.get(norm(word), frozenset())
        if word in self.exact_keys:
            found = found | {self.exact_keys[word]}
        return found

    def _longest(self, text: str, tokens: list, keys: list, i: int) -> tuple[_Alias, int] | None:
        best: tuple[_Alias, int] | None = None
        for key in keys[i]:
            for alias in self.first.get(key, ()):
                size = len(alias.keys)
                if best and size <= best[1]:
                    break
                if i + size <= len(tokens) and _fits(text, tokens, keys, i, alias):
                    best = (alias, size)
                    break
        return best


def _fits(text: str, tokens: list, keys: list, i: int, alias: _Alias) -> bool:
    if alias.capital and not tokens[i][2][0].isupper():
        return False
    for offset, key in enumerate(alias.keys[1:], 1):
        if key not in keys[i + offset]:
            return False
        gap = text[tokens[i + offset - 1][1] : tokens[i + offset][0]]
        if gap.strip() and gap != alias.gaps[offset - 1]:
            return False
        if not gap and not alias.gaps[offset - 1]:
            return False
    return True


def _entry(row: dict[str, Any], number: int, source: str) -> GazEntry:
    if not isinstance(row, dict) or not row.get("canonical") or row.get("label") not in LABELS:
        raise ConfigError(f"entry {number}: needs canonical and label ({'|'.join(LABELS)})", path=source)
    aliases = row.get("aliases", [])
    if not isinstance(aliases, list):
        raise ConfigError(f"entry {number} ({row['canonical']}): aliases must be a list", path=source)
    return GazEntry(str(row["canonical"]), row["label"], str(row.get("kind") or ""), row.get("country"))


def _index_alias(
    alias: str,
    entry: GazEntry,
    morph: Any,
    keys: dict[tuple[str, str], int],
    forms: dict[str, set[int]],
    exact: dict[str, int],
) -> _Alias | None:
    words = list(WORD.finditer(alias))
    if not words:
        return None
    ids = []
    for match in words:
        word = match.group()
        if is_exact(word):
            key = keys.setdefault(("exact", word), len(keys))
            exact[word] = key
        else:
            lemma = norm(morph.lemma(word))
            key = keys.setdefault(("lemma", lemma), len(keys))
            for form in _forms(word, morph):
                forms[form].add(key)
        ids.append(key)
    gaps = tuple(alias[a.end() : b.start()].strip() for a, b in pairwise(words))
    return _Alias(entry, tuple(ids), gaps, words[0].group()[0].isupper())


def _forms(word: str, morph: Any) -> set[str]:
    """Every form of the word's lexeme (all parses sharing the best normal form)."""
    parses = morph.parse(word)
    found = {norm(word)}
    if not parses:
        return found
    lemma = parses[0].normal_form
    for parse in parses:
        if parse.normal_form == lemma:
            found.update(norm(form.word) for form in parse.lexeme)
    return found


def read_gazetteer(path: Path, morph: Any) -> Gazetteer:
    """Read and index a gazetteer YAML file."""
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read gazetteer: {exc}", path=path) from None
    if not isinstance(rows, list):
        raise ConfigError("gazetteer must be a list of entries", path=path)
    return Gazetteer.build(rows, morph, str(path))


def load_gazetteer(config: PipelineConfig | None = None) -> Gazetteer:
    """The configured gazetteer (default: the packaged one), for ``models.get("gazetteer", …)``."""
    from indpol.nlp.morph import load_morph

    config = PipelineConfig.resolve(config)
    path = config.path(config.extract.gazetteer, DEFAULT_GAZETTEER)
    return read_gazetteer(path, load_morph())
