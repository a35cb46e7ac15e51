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

from indpol.data import word_list
from indpol.extract.grammars.dates import DateSpan
from indpol.extract.grammars.legal import LawRef
from indpol.text.tokens import WORD, fold

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


def law_canonical(ref: LawRef, morph: Any = None) -> str:
    """ "Федеральный закон № 488-ФЗ от 2014-12-31", "Соглашение о единой промышленной политике", "Программа «…»",
    "Уголовный кодекс Российской Федерации" (the type and its adjectives in the nominative, the rest as written).

    Citations of one act aggregate on :func:`law_key` (type and number or title), whether they give its date or not;
    within a document every citation takes the canonical of its most specific one (:func:`unify_law_canonicals`).
    """
    name = ref.doc_type[:1].upper() + ref.doc_type[1:]
    if ref.number:
        return f"{name} № {ref.number}" + (f" от {ref.date}" if ref.date else "")
    if ref.title:
        return f"{name} «{ref.title}»" if ref.title_quoted else f"{name} {ref.title}"
    if ref.date:
        return f"{name} от {ref.date}"
    words = ref.text.split()
    return " ".join(_nominative_head(words, ref.doc_type.split()[-1], morph) if morph is not None else words)


def issuer_nominative(issuer: str, morph: Any) -> str:
    """An act's issuer in the nominative, "РФ" written out ("Правительства РФ" → "Правительство Российской
    Федерации", "Рязанской городской Думы" → "Рязанская городская Дума"); "между …" as written."""
    words = ABBREVIATED_RF.sub("Российской Федерации", issuer).split()
    if not words or words[0].lower() in ("между", "и"):
        return " ".join(words)
    head = next((w for w in words if any(p.tag.POS == "NOUN" for p in morph.parse(w.lower())[:2])), None)
    if head is None:
        return " ".join(words)
    return " ".join(_nominative_head(words, morph.lemma(head.lower()), morph))


ABBREVIATED_RF = re.compile(r"(?<!\w)РФ(?!\w)")
ABBREVIATION = re.compile(r"[А-ЯЁ]{2,}[а-яё]*|(?:Мин|Рос|Гос|Фед)[а-яё]+")


def is_issuing_body(issuer: str, morph: Any, nouns: frozenset[str]) -> bool:
    """Whether an issuer phrase names a body ("Правительства …", "Минпромторга России", "ЕЭК"), not the
    jurisdiction of a code or law ("Российской Федерации", "Рязанской области")."""
    for word in issuer.split():
        if morph.lemma(word.lower()) in nouns:
            return True
        if word in word_list("state_abbreviations") or not ABBREVIATION.fullmatch(word):
            continue
        if word.isupper() or not morph.is_known(word.lower()):  # "ФАС", "Минпромторга", not "Российской"
            return True
    return issuer.lower().startswith("между")


def _nominative_head(words: list[str], head: str, morph: Any) -> list[str]:
    """The words up to the type noun in the nominative singular ("Уголовного кодекса Российской Федерации" →
    "Уголовный кодекс Российской Федерации"); the words as written when the type noun is not among them."""
    index = next((i for i, w in enumerate(words) if morph.lemma(w.lower()) == head), None)
    if index is None:
        return words
    head_parse = morph.parse(words[index].lower())[0]
    gender = head_parse.tag.gender or "masc"
    out = []
    for i, word in enumerate(words[: index + 1]):
        parse = morph.parse(word.lower())[0]
        grammemes = {"nomn", "sing"} | ({gender} if i < index else set())
        form = parse.inflect(grammemes) if parse.tag.POS in ("NOUN", "ADJF", "PRTF") else None
        out.append(_recase(form.word, word) if form else word)
    return out + words[index + 1 :]


def law_key(doc_type: str | None, number: str | None, title: str | None) -> tuple[str, str] | None:
    """What identifies an act across citations: the type's head noun with its number or title.

    "Федеральным законом № 488-ФЗ" and "Федеральный закон от 31.12.2014 № 488-ФЗ" share
    ("закон", "488-фз"); "программе «Микросхема-СГ»" and "союзной программы «Микросхема-СГ»"
    share ("программа", "микросхема-сг"). None when the reference has neither.
    """
    head = (doc_type or "").split()[-1:] or [""]
    ident = number or title
    if not ident:
        return None
    return head[0], " ".join(fold(ident.casefold()).strip('«»"„“” ').split())


def unify_law_canonicals(mentions: list[tuple[str, str | None, str | None, str | None]]) -> list[str]:
    """One canonical per act within a document: the one of its most specific citation.

    ``mentions``: (canonical, doc_type, number, title) per LAW mention, in text order.
    """
    best: dict[tuple[str, str], tuple[int, str]] = {}
    keys = []
    for canonical, doc_type, number, title in mentions:
        key = law_key(doc_type, number, title)
        keys.append(key)
        words = len((doc_type or "").split()) + (" от " in canonical)  # the citation with its date wins
        if key is not None and (key not in best or words > best[key][0]):
            best[key] = (words, canonical)
    return [best[key][1] if key is not None else m[0] for key, m in zip(keys, mentions, strict=True)]


def _quoted(text: str, position: int) -> bool:
    before = text[:position]
    return (
        sum(before.count(q) for q in "«„“") > sum(before.count(q) for q in "»”") or before.count('"') % 2 == 1
    )


def _recase(form: str, original: str) -> str:
    """Give ``form`` the capitalisation of ``original`` (part by part for hyphenated words)."""
    if "ё" not in original.lower():
        form = fold(form)
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
        parses.sort(key=lambda p: "Fixd" in p.tag)  # "Анне" is "Анна" in the dative before it is "Анне"
        options.append(parses)
    scored: dict[tuple[str, str], float] = {}
    for case in CASES:
        for gender in ("masc", "femn"):
            total = 0.0
            for parses in options:
                fitting = [p for p in parses if p.tag.case == case and _gender_fits(p, gender)]
                if parses and not fitting:
                    break
                declined = any("Fixd" not in p.tag for p in fitting)  # a declined form is better evidence
                total += max((p.score for p in fitting), default=0.0) + (0.05 if declined else 0.0)
            else:
                scored[(case, gender)] = total
    if not scored:
        return [None] * len(words)
    case, gender = max(scored, key=lambda key: (scored[key], key[0] == "nomn"))
    forms: list[str | None] = []
    for match, parses in zip(words, options, strict=True):
        parse = next((p for p in parses if p.tag.case == case and _gender_fits(p, gender)), None)
        if case == "nomn":
            forms.append(None)
        elif parse is None:  # a surname the dictionary does not know ("Мантурову")
            forms.append(surname_nominative(match.group(), case, gender) if not parses else None)
        else:
            forms.append(_inflect(parse, {"nomn"}))
    return forms


# (gender, case) → [(ending, nominative ending)] of Russian surnames in -ов/-ев/-ин and -ский/-цкий
SURNAME_ENDINGS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("masc", "gent"): [("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")],
    ("masc", "accs"): [("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")],
    ("masc", "datv"): [("скому", "ский"), ("цкому", "цкий"), ("ову", "ов"), ("еву", "ев"), ("ёву", "ёв"), ("ину", "ин"), ("ыну", "ын")],
    ("masc", "ablt"): [("ским", "ский"), ("цким", "цкий"), ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын")],
    ("masc", "loct"): [("ском", "ский"), ("цком", "цкий"), ("ове", "ов"), ("еве", "ев"), ("ёве", "ёв"), ("ине", "ин"), ("ыне", "ын")],
    ("femn", "gent"): [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("femn", "datv"): [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("femn", "ablt"): [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("femn", "loct"): [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("femn", "accs"): [("скую", "ская"), ("цкую", "цкая"), ("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("ыну", "ына")],
}  # fmt: skip


def surname_nominative(word: str, case: str, gender: str) -> str | None:
    """The nominative of a Russian surname the dictionary lacks, from its ending; None if unsure."""
    lower = word.lower()
    for ending, nominative in SURNAME_ENDINGS.get((gender, case), []):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return lower[: -len(ending)] + nominative
    return None


def _gender_fits(parse: Any, gender: str) -> bool:
    return "ms-f" in parse.tag or parse.tag.gender is None or parse.tag.gender == gender
