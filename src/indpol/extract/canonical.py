"""Canonical forms: names in the nominative, dates as ISO intervals.

Organisation and place names change only their head noun and the adjectives that agree
with it; genitive complements stay ("Министерства промышленности и торговли" →
"Министерство промышленности и торговли", "Нижегородской области" → "Нижегородская
область"). Person names put every name word into the nominative, choosing the case and
gender that all words share ("Михаила Мишустина" → "Михаил Мишустин").
"""

from __future__ import annotations

import re
from typing import Any

from indpol.extract.dates import DateSpan
from indpol.extract.legal import LawRef

WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
NAME_TAGS = ("Name", "Surn", "Patr")
PREFERRED_TAG = {"LOC": "Geox", "ORG": "Orgn"}
ADJ_POS = ("ADJF", "PRTF")
QUOTES = '«»"„“”'


def canonical_name(text: str, label: str, morph: Any) -> str:
    """``text`` (a PER/LOC/ORG mention) in the nominative, spacing normalised."""
    text = " ".join(text.split())
    words = [m for m in WORD.finditer(text) if not _quoted(text, m.start())]
    if not words:
        return text
    forms = _person(words, morph) if label == "PER" else _phrase(words, morph, label)
    out, last = [], 0
    for match, form in zip(words, forms, strict=True):
        out.append(text[last : match.start()])
        out.append(_recase(form, match.group()) if form else match.group())
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def date_canonical(span: DateSpan) -> str:
    """ "2023" for a calendar year, else an ISO 8601 interval ("2024-01-01/2026-12-31", "../2030-12-31")."""
    first, last = span.date_start, span.date_end
    if first and last and first.endswith("-01-01") and last.endswith("-12-31") and first[:4] == last[:4]:
        return first[:4]
    if first == last and first:
        return first
    return f"{first or '..'}/{last or '..'}"


def law_canonical(ref: LawRef) -> str:
    """ "Федеральный закон № 488-ФЗ от 2014-12-31", "Соглашение о единой промышленной политике"."""
    name = ref.doc_type[:1].upper() + ref.doc_type[1:]
    if ref.number:
        return f"{name} № {ref.number}" + (f" от {ref.date}" if ref.date else "")
    if ref.title:
        title = (
            ref.title if ref.title[:1].islower() and not ref.text.endswith(("»", '"')) else f"«{ref.title}»"
        )
        return f"{name} {title}"
    if ref.date:
        return f"{name} от {ref.date}"
    return " ".join(ref.text.split())


def _quoted(text: str, position: int) -> bool:
    before = text[:position]
    return (
        sum(before.count(q) for q in "«„“") > sum(before.count(q) for q in "»”") or before.count('"') % 2 == 1
    )


def _recase(form: str, original: str) -> str:
    """Give ``form`` the capitalisation of ``original`` (part by part for hyphenated words)."""
    if "ё" not in original.lower():
        form = form.replace("ё", "е")
    if original.isupper():
        return form.upper()
    parts, orig_parts = form.split("-"), original.split("-")
    if len(parts) != len(orig_parts):
        return form.capitalize() if original[0].isupper() else form
    return "-".join(p.capitalize() if o[:1].isupper() else p for p, o in zip(parts, orig_parts, strict=True))


def _inflect(parse: Any, grammemes: set[str]) -> str | None:
    """The lexeme's form with ``grammemes`` closest in spelling to the parsed word.

    ("высшего" → "высший", not "высочайший", both being superlatives of "высокий").
    """
    form = parse.inflect(grammemes)
    if form is None:
        return None
    wanted = form.tag.grammemes
    others = [f.word for f in parse.lexeme if f.tag.grammemes == wanted]
    return max(others or [form.word], key=lambda word: (_common_prefix(word, parse.word), word == form.word))


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


#####  ORGANISATIONS AND PLACES  #####


def _phrase(words: list[re.Match[str]], morph: Any, label: str) -> list[str | None]:
    """Nominative of the head noun and the adjectives before it; the rest unchanged."""
    forms: list[str | None] = [None] * len(words)
    parses = [morph.parse(m.group()) for m in words]
    head = next((i for i, ps in enumerate(parses) if _noun(ps) and not _abbreviation(words[i].group())), None)
    if head is None or any(_abbreviation(w.group()) for w in words[:head]):
        return forms
    adjectives = [i for i in range(head) if any(p.tag.POS in ADJ_POS for p in parses[i])]
    if len(adjectives) != head:  # something other than agreeing adjectives precedes the head
        return forms
    noun = _head_parse(parses[head], [parses[i] for i in adjectives], PREFERRED_TAG.get(label))
    if noun is None or noun.tag.case == "nomn":
        return forms
    forms[head] = _inflect(noun, {"nomn"})
    for i in adjectives:
        adj = next((p for p in parses[i] if p.tag.POS in ADJ_POS and _agrees(p, noun)), None)
        if adj is None:
            return [None] * len(words)
        grammemes = {"nomn", noun.tag.number} | ({noun.tag.gender} if noun.tag.number == "sing" else set())
        forms[i] = _inflect(adj, {g for g in grammemes if g})
    return forms


def _noun(parses: list[Any]) -> bool:
    """A head candidate: the best parse is a noun, or no parse is an adjective."""
    if not parses:
        return False
    if parses[0].tag.POS == "NOUN":
        return True
    return any(p.tag.POS == "NOUN" for p in parses) and not any(p.tag.POS in ADJ_POS for p in parses)


def _abbreviation(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and "-" not in word


def _agrees(adj: Any, noun: Any) -> bool:
    if adj.tag.case != noun.tag.case or adj.tag.number != noun.tag.number:
        return False
    return noun.tag.number == "plur" or adj.tag.gender == noun.tag.gender


def _head_parse(parses: list[Any], adjectives: list[list[Any]], preferred: str | None) -> Any | None:
    """The head noun's parse that every preceding adjective can agree with.

    Parses tagged ``preferred`` (Geox for places, Orgn for organisations) come first, then
    singular ones, then by score: "Муром" stays a town rather than "Мур" in the instrumental.
    """
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    nouns.sort(key=lambda p: (preferred not in p.tag if preferred else False, p.tag.number == "plur"))
    for noun in nouns:
        if all(any(a.tag.POS in ADJ_POS and _agrees(a, noun) for a in adj) for adj in adjectives):
            return noun
    return None if adjectives else (nouns[0] if nouns else None)


#####  PERSONS  #####


def _person(words: list[re.Match[str]], morph: Any) -> list[str | None]:
    """Each name word to the nominative, with the case and gender shared by all words."""
    options = []
    for match in words:
        parses = [
            p
            for p in morph.parse(match.group())
            if any(t in p.tag for t in NAME_TAGS) and p.tag.number != "plur"
        ]
        options.append(parses)
    scored: dict[tuple[str, str], float] = {}
    for case in CASES:
        for gender in ("masc", "femn"):
            total = 0.0
            for parses in options:
                fitting = [p.score for p in parses if p.tag.case == case and _gender_fits(p, gender)]
                if parses and not fitting:
                    break
                total += max(fitting, default=0.0)
            else:
                scored[(case, gender)] = total
    if not scored:
        return [None] * len(words)
    case, gender = max(scored, key=lambda key: (scored[key], key[0] == "nomn"))
    forms: list[str | None] = []
    for parses in options:
        parse = next((p for p in parses if p.tag.case == case and _gender_fits(p, gender)), None)
        forms.append(None if parse is None or case == "nomn" else _inflect(parse, {"nomn"}))
    return forms


def _gender_fits(parse: Any, gender: str) -> bool:
    return "ms-f" in parse.tag or parse.tag.gender is None or parse.tag.gender == gender
