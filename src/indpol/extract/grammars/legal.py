"""References to legal and policy documents (label LAW): type, issuer, date, number, title.

A reference is a type phrase from ``data/legal_types.yaml`` ("Федеральный закон",
"постановлением", "Союзной программы", …) followed by an optional issuer ("Правительства
Российской Федерации", "между Правительством … и Правительством …") and any of: a date
("от 05.10.2017"), a number ("№ 488-ФЗ", "N 569"), a title («…», "…", or an "о/об …" tail)
and a period ("на 2024–2026 годы", "до 2030 года"). Words that are also ordinary nouns
(решение, программа, план…) count only with a number, date or «title», or when capitalised
with a title. Bare "132-ФЗ" is a reference too. ``extract_legal`` is pure.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from indpol.data import LEGAL_TYPES
from indpol.errors import ConfigError
from indpol.extract.grammars.dates import parse_dates

#####  TOKENS  #####

WORD_AT = re.compile(r"[ \t\xa0]*(?:\r?\n)?[ \t\xa0]*(?<=\s)(?P<w>[A-Za-zА-Яа-яЁё](?:[\w.-]*\w)?)")
ANCHORS = {"от", "о", "об", "обо", "на", "до", "в", "во", "с", "со", "за", "n", "no", "к", "для"}
CONNECT = {"и", "по", "при", "между"}
TAIL_CONNECT = {
    "и",
    "по",
    "при",
    "между",
    "в",
    "во",
    "на",
    "с",
    "со",
    "для",
    "за",
    "из",
    "к",
    "о",
    "об",
    "обо",
}
STOP_POS = {"VERB", "INFN", "PRTS", "PRTF", "GRND", "ADVB", "PRED", "CONJ", "PRCL", "INTJ", "COMP", "NPRO"}
NOMINAL_POS = {"NOUN", "ADJF", "NUMR"}

#####  COMPONENTS  #####

FROM = re.compile(r"[ \t\r\n\xa0,]*от[ \t\r\n\xa0]*")
NUMBER = re.compile(r"[ \t\r\n\xa0,]*(?:\.[ \t\r\n\xa0]+)?(?:№|N|No\.?)[ \t\xa0]*(?P<num>[\w][\w./-]*\w|\d)")
QUOTED = re.compile(r"[ \t\r\n\xa0]*[«\"„“](?P<title>(?:[^«»\"„“”\n]|«[^«»\n]{1,200}»){2,300}?)[»\"“”]")
ABOUT = re.compile(r"[ \t\r\n\xa0]+(?=(?:о|об|обо)[ \t\r\n\xa0])", re.I)
PERIOD = re.compile(r"[ \t\r\n\xa0,]*(?=(?:на|до|в\s+период)[ \t\r\n\xa0])", re.I)
# prepositions after "и" that, before a capital, start another act's name ("… и о признании" continues a title)
NEW_PHRASE = frozenset({"в", "во", "на", "с", "со", "к", "по", "при", "для", "из", "от"})
# the year of an act named by a plain title: "Женевской Декларации прав ребенка 1924 года"
TAIL_YEAR = re.compile(r"[ \t\xa0]+(?P<year>(?:1[89]|20)\d\d)[ \t\xa0]+(?:года|г\.)")
# a regional act's number written right after its date without "№": "от 14 декабря 2020 года 113–ЗКО «…»"
BARE_NUMBER = re.compile(
    r"[ \t\r\n\xa0]+(?P<num>\d{1,5}[-–][ \t\xa0]?(?:[А-ЯЁ]{1,4}|па|пг|рп|р|п|уг)(?:-[а-яё]{1,3})?)(?![\w-])"
)
NUMBER_SUFFIX = re.compile(r"[ \t\xa0]+-[ \t\xa0]*(ФКЗ|ФЗ|ОЗ|КЗ|рп|р|пп|п|па|пг|уг)(?!\w)")
BARE_FZ = re.compile(r"(?<![\w-])(?P<num>\d{1,4}-(?:ФЗ|ФКЗ))(?!\w)")


@dataclass(frozen=True, slots=True)
class LawRef:
    """A legal/policy document reference; offsets are into the text given to ``extract_legal``."""

    start: int
    end: int
    text: str
    doc_type: str
    number: str | None = None
    date: str | None = None
    title: str | None = None
    issuer: str | None = None
    title_quoted: bool = False  # the title is the «…» name itself (not an "о …" phrase)
    # cited inside another reference's title ("… «О внесении изменений в постановление …»")
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class LegalType:
    doc_type: str
    pattern: re.Pattern[str]
    strong: bool
    tail: bool
    prefix: re.Pattern[str] | None = None  # words before the type, matched backwards
    named: bool = False  # capitalised with its prefix, the type names an act ("Бюджетный кодекс")
    capital: bool = False  # in lower case only with a number or date ("положениями проекта" is no act)


@dataclass(frozen=True, slots=True)
class LegalTypes:
    """The type table compiled into one finder regex plus per-type patterns."""

    finder: re.Pattern[str]
    types: tuple[LegalType, ...]
    modifiers: re.Pattern[str] | None = None
    issuer_nouns: frozenset[str] = frozenset()  # lemmas naming a body that issues acts

    def classify(self, phrase: str) -> LegalType:
        return next(t for t in self.types if t.pattern.search(phrase))

    def extend_back(self, text: str, start: int, kind: LegalType) -> int:
        """Move ``start`` back over the type's prefix and the modifiers ("межправительственному")."""
        for pattern in (kind.prefix, self.modifiers):
            if pattern is not None and (m := pattern.search(text, max(0, start - 60), start)):
                start = m.start()
        return start


def _backwards(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{words})\s+$", re.I)


@lru_cache(maxsize=4)
def load_legal_types(path: str = str(LEGAL_TYPES)) -> LegalTypes:
    """Read and compile the legal type table (cached per path)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        modifiers = "|".join(data.get("modifiers", "").split())
        rows = data["types"]
        types = tuple(
            LegalType(row["doc_type"], re.compile(rf"(?<!\w){row['pattern']}(?!\w)", re.I), bool(row["strong"]),
                      bool(row.get("tail", False)), _backwards(row["prefix"]) if row.get("prefix") else None,
                      bool(row.get("named", False)), bool(row.get("capital", False)))
            for row in rows
        )  # fmt: skip
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise ConfigError(f"bad legal type table: {exc}", path=path) from None
    patterns = [row["pattern"] for row in rows]
    # a look-ahead on the first letters lets the regex engine skip most positions quickly
    letters = {p[0] for p in patterns}
    ahead = (
        f"(?=[{''.join(sorted(letters | {c.upper() for c in letters}))}])"
        if all(c.isalpha() for c in letters)
        else ""
    )
    finder = re.compile(rf"(?<![\w-]){ahead}(?:{'|'.join(patterns)})(?!\w)", re.I)
    issuers = frozenset(str(word) for word in data.get("issuer_nouns", "").split())
    return LegalTypes(finder, types, _backwards(rf"(?:{modifiers})\w*") if modifiers else None, issuers)


def extract_legal(text: str, morph: Any, types: LegalTypes | None = None) -> list[LawRef]:
    """All LAW references in ``text``, sorted, not overlapping."""
    types = types or load_legal_types()
    found: list[LawRef] = []
    last_end = 0
    for match in types.finder.finditer(text):
        kind = types.classify(match.group())
        start = types.extend_back(text, match.start(), kind)
        if start < last_end:
            continue
        ref = _reference(text, start, match, kind, morph, types.finder)
        if ref is not None:
            found.append(ref)
            last_end = ref.end
            if ref.title:  # acts cited in its title: "«О внесении изменений в постановление … № 312»"
                found += _cited_in_title(text, match.end(), ref, morph, types)
            # "указов … от 6 августа 2014 г. № 560, от 7 мая 2018 г. № 204"
            for more in _listed_after(text, ref, morph):
                found.append(more)
                last_end = more.end
    for match in BARE_FZ.finditer(text):
        if not any(r.start <= match.start() < r.end for r in found):
            law = (
                "федеральный конституционный закон"
                if match.group("num").endswith("ФКЗ")
                else "федеральный закон"
            )
            found.append(LawRef(match.start(), match.end(), match.group(), law, number=match.group("num")))
    return sorted(found, key=lambda r: (r.start, r.end))


def _cited_in_title(text: str, pos: int, ref: LawRef, morph: Any, types: LegalTypes) -> list[LawRef]:
    """Acts cited inside ``ref``'s title (after its type word at ``pos``) by their number or date, each
    marked ``in_title``: "… «О внесении изменений в постановление … от 28.09.2016 № 312»"."""
    inner = extract_legal(text[pos : ref.end], morph, types)
    return [
        dataclasses.replace(r, start=r.start + pos, end=r.end + pos, in_title=True)
        for r in inner
        # cited by its number or date (not the reference's own "№ 488-ФЗ"); a programme a title approves is
        # its subject, not a citation
        if (r.number or r.date) and r.number != ref.number
    ]


# "о/об" titles of a case's procedural steps, not of acts (an issuer or a number would make them acts)
PROCEDURAL = re.compile(
    r"(?:о|об)\s+(?:проведении|исправлении|назначении|возбуждении|приостановлении|возобновлении|отложении|"
    r"прекращении|отказе|возвращении|принятии\s+(?:к\s+производству|заявления|иска)|продлении\s+срока)\b",
    re.I,
)
LISTED = re.compile(r"[ \t\xa0]*(?:,|;|\sи)[ \t\xa0]*(?=от[ \t\xa0]|(?:№|N)[ \t\xa0]*\d)")


def _listed_after(text: str, ref: LawRef, morph: Any) -> list[LawRef]:
    """Acts of the same type and issuer listed after a reference by their date and number alone."""
    out: list[LawRef] = []
    end = ref.end
    while (ref.number or ref.date) and (lead := LISTED.match(text, end)):
        parts: dict[str, Any] = {}
        stop = _components(text, lead.end(), morph, parts, tail_ok=False)
        if not (parts.get("number") or parts.get("date")):
            break
        out.append(_law_ref(text, lead.end(), stop, ref.doc_type, parts, ref.issuer))
        end = stop
    return out


def _reference(
    text: str, start: int, match: re.Match[str], kind: LegalType, morph: Any, finder: re.Pattern[str]
) -> LawRef | None:
    capital = text[start].isupper()
    after = WORD_AT.match(text, match.end())
    lowercase_tail = kind.tail and capital and after is not None and after.group("w")[0].islower()
    ends = [] if lowercase_tail else _scan_issuer(text, match.end(), morph, finder)
    issuer_end, parts = _best_issuer(text, match.end(), ends, morph, tail_ok=kind.tail and capital)
    end = parts.pop("end")
    issuer = " ".join(text[match.end() : issuer_end].split()) or None
    named = kind.named and capital and start < match.start()
    if kind.capital and not capital and (issuer or not (parts.get("number") or parts.get("date"))):
        return None  # "положениями проекта", "в порядке упрощенного производства … Дело № …"
    if not (named or _accepted(kind, capital, issuer, parts)) or (
        parts.keys() <= {"tail"} and issuer and "\n" in issuer
    ):
        return None
    return _law_ref(text, start, end, kind.doc_type, parts, issuer)


def _law_ref(
    text: str, start: int, end: int, doc_type: str, parts: dict[str, Any], issuer: str | None
) -> LawRef:
    """A reference from the parts :func:`_components` read."""
    return LawRef(start, end, text[start:end], doc_type, number=parts.get("number"), date=parts.get("date"),
                  title=parts.get("title"), issuer=issuer,
                  title_quoted=bool(parts.get("quoted")) and not parts.get("about"))  # fmt: skip


def _best_issuer(
    text: str, pos: int, ends: list[tuple[int, bool]], morph: Any, tail_ok: bool
) -> tuple[int, dict[str, Any]]:
    """The longest issuer followed by a date, number, title or period; else up to its last capital."""
    for end, _ in reversed(ends):
        parts: dict[str, Any] = {}
        parts["end"] = _components(text, end, morph, parts, tail_ok=False)
        if parts.keys() - {"end"}:
            return end, parts
    end = next((end for end, capital in reversed(ends) if capital), pos)
    parts = {}
    parts["end"] = _components(text, end, morph, parts, tail_ok=tail_ok and end == pos)
    return end, parts


def _accepted(kind: LegalType, capital: bool, issuer: str | None, parts: dict[str, Any]) -> bool:
    """A type word with a legal context: a number, a date, a «title», an issuer or a period; an "о …" title alone
    only for a type that names acts by itself ("закон о …"); a plain genitive title of two words or more.
    Not "Распоряжение о проведении проверки" nor "Программа специалитета" (a curriculum)."""
    if parts.get("number") or parts.get("date") or parts.get("quoted"):
        return True
    if parts.get("about"):
        if PROCEDURAL.match(parts.get("title", "")) and not issuer:
            return False  # "Распоряжение о проведении проверки", "Решение об исправлении описки": a step of a case
        return kind.strong or capital or bool(issuer and issuer.lower().startswith("между"))
    if parts.get("tail"):
        return len(parts.get("title", "").split()) >= 2 or bool(parts.get("period"))
    return kind.tail and capital and bool(issuer)


def _components(text: str, pos: int, morph: Any, parts: dict[str, Any], tail_ok: bool) -> int:
    """Read date, number, title and period parts in any order; return the end offset."""
    if tail_ok:
        tail_end = _scan_tail(text, pos, morph, start=True)
        if tail_end > pos:
            parts["title"], parts["tail"] = " ".join(text[pos:tail_end].split()), True
            pos = tail_end
    while True:
        new = _one_component(text, pos, morph, parts)
        if new is None:
            return pos
        pos = new


def _one_component(text: str, pos: int, morph: Any, parts: dict[str, Any]) -> int | None:
    if "date" not in parts and (m := FROM.match(text, pos)):
        date = _date_at(text, m.end())
        if date:
            parts["date"], parts["date_end"] = date[0], date[1]
            return date[1]
    if (
        "number" not in parts
        and (m := NUMBER.match(text, pos))
        and any(ch.isdigit() for ch in m.group("num"))
    ):
        parts["number"] = m.group("num")
        if suffix := NUMBER_SUFFIX.match(text, m.end()):  # "N 35 - ФЗ" in pre-tokenised text
            parts["number"] += "-" + suffix.group(1)
            return suffix.end()
        return m.end()
    if "date" not in parts and parts.get("tail") and (m := TAIL_YEAR.match(text, pos)):
        parts["date"] = m.group("year")
        return m.end()
    if "number" not in parts and parts.get("date_end") == pos and (m := BARE_NUMBER.match(text, pos)):
        parts["number"] = m.group("num")
        return m.end()
    if "quoted" not in parts and (m := QUOTED.match(text, pos)):
        quoted = " ".join(m.group("title").split())
        # "о союзной программе «Микросхема-СГ»": the quote names what the title is about
        about = parts.get("about") and pos == parts.get("about_end")
        parts["title"] = f"{parts['title']} «{quoted}»" if about else quoted
        parts["quoted"] = True
        return m.end()
    if "title" not in parts and (m := ABOUT.match(text, pos)):
        tail_end = _scan_tail(text, m.end() - 1, morph, start=False)
        if tail_end > m.end() + 2:
            parts["title"], parts["about"] = " ".join(text[m.end() : tail_end].split()), True
            parts["about_end"] = tail_end
            return tail_end
    if "period" not in parts and (m := PERIOD.match(text, pos)):
        window = text[m.end() : m.end() + 80]
        spans = [s for s in parse_dates(window) if s.granularity in ("year", "range", "open")]
        lead = len(window) - len(window.lstrip())
        if (
            spans
            and (spans[0].start == lead or window[lead:].lower().startswith("на "))
            and spans[0].start <= lead + 3
        ):
            parts["period"] = True
            return m.end() + spans[0].end
    return None


def _date_at(text: str, pos: int) -> tuple[str, int] | None:
    """The date that starts exactly at ``pos`` (ISO, reduced precision for months/years)."""
    spans = parse_dates(text[pos : pos + 40])
    if not spans or spans[0].start != 0 or not spans[0].date_start:
        return None
    span = spans[0]
    iso = {"day": span.date_start, "month": span.date_start[:7], "year": span.date_start[:4]}.get(
        span.granularity
    )
    return (iso, pos + span.end) if iso else None


def _scan_issuer(text: str, pos: int, morph: Any, finder: re.Pattern[str]) -> list[tuple[int, bool]]:
    """Possible ends of an issuer phrase after the type word ("Правительства Российской Федерации").

    Returns (end offset, ends with a capitalised word) after each word, shortest first.
    """
    first = WORD_AT.match(text, pos)
    if not first:
        return []
    word = first.group("w")
    genitive = any(p.tag.case == "gent" and p.tag.POS in NOMINAL_POS for p in morph.parse(word)[:1])
    if word.lower() in ANCHORS or not (word.lower() == "между" or genitive or _name_word(word, morph)):
        return []  # "Указом Президента", "Кодекса РФ"; not "Программы Задачей Программы"
    ends: list[tuple[int, bool]] = []
    cursor = pos
    for _ in range(14):
        m = WORD_AT.match(text, cursor)
        if not m or m.group("w").lower() in ANCHORS or m.group("w") in ("N", "No"):
            break
        word = m.group("w")
        if not (word[0].isupper() or word.lower() in CONNECT or _nominal(word, morph)):
            break
        if cursor > pos and finder.match(text, m.start("w")):
            break  # "кодексу Российской Федерации и постановлению Правительства …": the next act
        cursor = m.end()
        if len(word) <= 3 and word.islower() and text.startswith(".", cursor):
            cursor += 1  # "администрации г. Рязани", "МОГП п. Красная Горбатка"
            continue
        if word.lower() not in CONNECT:
            ends.append((cursor, word[0].isupper()))
    return ends


def _scan_tail(text: str, pos: int, morph: Any, *, start: bool) -> int:
    """End of a title tail of nominal words ("о единой промышленной политике")."""
    cursor = good = pos
    cases: set[str] = set()  # cases the title's nouns can have so far
    after_and = False
    for index in range(25):
        m = WORD_AT.match(text, cursor)
        if not m:
            break
        word, lower = m.group("w"), m.group("w").lower()
        if lower == "от" or word in ("N", "No") or (start and index == 0 and lower in TAIL_CONNECT):
            break
        if lower in ("до", "на") and _period_follows(text, m.start()):
            break
        if not (lower in TAIL_CONNECT or word[0].isupper() or _nominal(word, morph)):
            break
        if start and index == 0 and not any(p.tag.case == "gent" for p in morph.parse(lower)):
            break  # a genitive tail: "Программы развития …", not "Программы Задачей Программы"
        if lower not in TAIL_CONNECT:
            parses = morph.parse(lower)
            word_cases = {p.tag.case for p in parses if p.tag.case}
            # "о единой промышленной политике и снижения зависимости": "и" joins nouns of one case
            if after_and and cases and word_cases and not word_cases & cases:
                break
            cases |= {p.tag.case for p in parses if p.tag.case and p.tag.POS == "NOUN"}
        if (
            lower == "и"
            and (nxt := WORD_AT.match(text, m.end()))
            and nxt.group("w").lower() in NEW_PHRASE
            and (third := WORD_AT.match(text, nxt.end()))
            and third.group("w")[0].isupper()
        ):
            break  # "… прав человека и в Международных пактах …" names a second act ("и в период …" goes on)
        after_and = lower == "и"
        cursor = m.end()
        if lower not in TAIL_CONNECT:
            good = cursor
    return good


def _period_follows(text: str, pos: int) -> bool:
    spans = parse_dates(text[pos : pos + 60])
    return bool(spans) and spans[0].start <= 4


def _name_word(word: str, morph: Any) -> bool:
    """A capitalised word that can start an issuer: genitive, or unknown to the dictionary ("Минпромторга")."""
    lower = word.lower()
    return word[0].isupper() and (
        not morph.is_known(lower) or any(p.tag.case == "gent" for p in morph.parse(lower)[:3])
    )


def _nominal(word: str, morph: Any) -> bool:
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].tag.POS in NOMINAL_POS and parses[0].tag.POS not in STOP_POS
