"""Checks on NER names: job titles trimmed off person spans, headings and common words dropped.

slovnet was trained on news: in policy documents it tags capitalised headings ("ОТЧЕТ") and
sentence-initial common nouns ("Истоками") as names, and keeps a title in a person span
("Премьер-министром Романом Головченко"). These checks apply to NER-only spans; gazetteer
names are trusted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from indpol.data import NOT_NAMES, PERSON_TITLES
from indpol.text.tokens import WORD, fold

NAME_TAGS = ("Name", "Surn", "Patr", "Init")
PROPER_TAGS = (*NAME_TAGS, "Geox", "Orgn")
QUOTE_PAIRS = re.compile(r"«[^«»]*»|\"[^\"]*\"|“[^“”]*”|„[^„“”]*[“”]")


def _read_words(path: Path) -> frozenset[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words.extend(line.split("#", 1)[0].split())
    return frozenset(fold(word) for word in words)


@lru_cache(maxsize=2)
def load_not_names(path: str = str(NOT_NAMES)) -> frozenset[str]:
    """Lemmas listed in ``data/not_names.txt`` (``#`` starts a comment)."""
    return _read_words(Path(path))


@lru_cache(maxsize=2)
def load_person_titles(path: str = str(PERSON_TITLES)) -> frozenset[str]:
    """Lemmas of job titles listed in ``data/person_titles.txt``."""
    return _read_words(Path(path))


def _is_name_word(word: str, morph: Any, tags: tuple[str, ...] = NAME_TAGS) -> bool:
    return any(tag in parse.tag for parse in morph.parse(word) for tag in tags)


def trim_person(text: str, start: int, end: int, morph: Any) -> int:
    """New start of a PER span after leading titles ("Премьер-министром Романом Головченко")."""
    titles = load_person_titles()
    words = list(WORD.finditer(text, start, end))
    new_start = start
    for index, match in enumerate(words[:-1]):
        word = match.group()
        parses = morph.parse(word)
        lemma = fold(parses[0].normal_form if parses else word.lower())
        common = not _is_name_word(word, morph)
        # "первым заместителем Председателя Правительства …": a title with its genitive complement
        complement = new_start > start and common and any(p.tag.case == "gent" for p in parses)
        if lemma in titles or complement:
            new_start = words[index + 1].start()
        elif not (common and parses and parses[0].tag.POS == "ADJF"):
            break
    return new_start


def is_false_name(
    span_text: str, label: str, morph: Any, not_names: frozenset[str], sentence_initial: bool = False
) -> bool:
    """True for an NER span that is a heading or common word, not a name.

    Every Cyrillic word's lemma is in ``not_names`` ("ОТЧЕТ", "ПАСПОРТ ПРОГРАММЫ"), or an
    organisation's only noun is ("Государственной программой"); a one- or two-letter word that is
    not an abbreviation ("Нв"); or a lone sentence-initial PER word is a common noun the dictionary
    knows ("Истоками"). Names in Latin letters are never dropped.
    """
    words = WORD.findall(span_text)
    if not words:
        return False
    if len(words) == 1 and len(words[0]) <= 2 and not words[0].isupper():
        return True  # "Нв", "Нп": symbols of a formula
    lemmas = {fold(morph.lemma(word.lower())) for word in words}
    if lemmas <= not_names:
        return True
    nouns = [word for word in words if morph.parse(word)[0].tag.POS == "NOUN"]
    if label == "ORG" and len(nouns) == 1 and morph.lemma(nouns[0].lower()) in not_names:
        return True  # "Государственной программой": a document's type with its adjectives, not a body
    if label == "PER" and len(words) == 1 and sentence_initial:
        word = words[0]
        return morph.is_known(word.lower()) and not _is_name_word(word, morph, PROPER_TAGS)
    return False


def starts_sentence(text: str, start: int) -> bool:
    """True when nothing but a sentence end, a line break or the text start precedes ``start``."""
    before = text[:start].rstrip(' \t\xa0«"(')
    return not before or before[-1] in ".!?\n:;"


def quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of «…» / "…" inside ``text[start:end]`` (the quotes included)."""
    return [(m.start() + start, m.end() + start) for m in QUOTE_PAIRS.finditer(text[start:end])]


#####  SPANS THAT HOLD SEVERAL NAMES  #####

LEGAL_FORM = re.compile(
    r"(?P<form>[А-ЯЁA-Z]{2,5}|(?:[Кк]омпани|[Кк]онцерн|[Кк]орпораци|[Хх]олдинг|[Аа]гентств|[Гг]рупп)\w*)"
    r"\s*[«\"„“](?P<name>[^«»\"„“”]{2,80})[»\"“”]\s*$"
)
NAME_IN_LIST = re.compile(r"[^,\s](?:[^,]*[^,\s])?")
BRACKETED = re.compile(r"(?P<outer>.*\w)\s*\((?P<inner>[^()]*\w[^()]*)\)\s*$")
RELATIONAL_ADJECTIVE = re.compile(
    r"(?<![\w-])([а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ых|ым|ыми))\s+$"
)


def name_parts(
    text: str, start: int, end: int, label: str, morph: Any
) -> list[tuple[int, int, dict[str, str]]]:
    """An NER span as the names it holds (factRuEval's conventions, also better keys): a name and its
    bracketed form are two ("Джоэл Саймон (Joel Simon)", "Комитет защиты журналистов (КЗЖ)"), a list
    of persons is split at commas ("Овечкин, Фёдоров"); for organisations "ОАО «Газпром»" → "Газпром"
    (legal_form "ОАО") and "японского МИДа" keeps its relational adjective."""
    span = text[start:end]
    if label == "ORG" and (form := LEGAL_FORM.fullmatch(span)):
        return [(start + form.start("name"), start + form.end("name"), {"legal_form": form.group("form")})]
    if bracket := BRACKETED.fullmatch(span):
        inner = (start + bracket.start("inner"), start + bracket.end("inner"), {})
        return [(start, start + bracket.end("outer"), {}), inner]
    if label == "PER" and "," in span:
        return [(start + m.start(), start + m.end(), {}) for m in NAME_IN_LIST.finditer(span)]
    if label != "ORG":
        return [(start, end, {})]
    adjective = RELATIONAL_ADJECTIVE.search(text, max(0, start - 40), start)
    first = WORD.match(span)
    if adjective and first and _agree(adjective.group(1), first.group(), morph):
        return [(adjective.start(1), end, {})]
    return [(start, end, {})]


def _agree(adjective: str, noun: str, morph: Any) -> bool:
    nouns = [(p.tag.case, p.tag.number) for p in morph.parse(noun) if p.tag.POS == "NOUN"]
    return any(
        p.tag.POS == "ADJF" and (p.tag.case, p.tag.number) in nouns for p in morph.parse(adjective)
    ) or (not nouns and noun.isupper())  # "японского МИДа": an abbreviation declines too
