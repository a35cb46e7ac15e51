"""Dates and periods in Russian text, normalised to ISO start/end dates.

``parse_dates(text)`` is a pure function. It works in two passes:

1. *atoms*: single expressions ("1 января 2024 года", "05.10.2017", "I квартал 2024 г.",
   "за 11 месяцев 2022 года", "в начале 2023 г.", "2024–2026 гг.", "2023 г.", a bare year);
2. *combinations*: "с A по B" and "A – B" become ranges, "до A" / "на период до A" an
   open period ending with A, "с A" / "начиная с A" an open period starting with A.

A bare four-digit year (1900–2100) without a year word ("г.", "гг.", "год" in any case form)
is kept only in a clear context: after a preposition ("в 2023", "до 2030", "с 2016 по 2020"),
in a list ending with a year word ("в 2021, 2022 и 2023 годах") and never before a unit
("до 2000 человек", "в 2020 млн руб."). Act numbers ("№ 2023") and parts of other numbers
("1.2023", "2023,5") are never years.

Ends are inclusive: "до 2030 года" ends on 2030-12-31.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

GRANULARITIES = ("day", "month", "quarter", "half", "year", "range", "open")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or period found in text; ``start``/``end`` are offsets into that text.

    ``date_start``/``date_end`` are ISO dates (``None`` for the open side of an open
    period). ``modifier`` marks "начало"/"середина"/"конец" of the period
    ("begin"/"middle"/"end"); the dates then still cover the whole period.
    """

    start: int
    end: int
    text: str
    date_start: str | None
    date_end: str | None
    granularity: str
    modifier: str | None = None


#####  VOCABULARY  #####

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
# "января", "январе", "январь"; май: "май", "мая", "мае", "маем"
MONTH = (
    r"(?:январ[ьяюе]|феврал[ьяюе]|март[аеу]?|апрел[ьяюе]|ма[йяею]|июн[ьяюе]|июл[ьяюе]|"
    r"август[аеу]?|сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе])(?:ом|ем)?(?!\w)"
)
ORDINAL_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}
COUNT_WORDS = {
    "одного": 1, "дв(?:а|ух)": 2, "тр(?:и|[её]х)": 3, "четыр(?:е|[её]х)": 4, "пят[ьи]": 5, "шест[ьи]": 6,
    "сем[ьи]": 7, "вос(?:емь|ьми)": 8, "девят[ьи]": 9, "десят[ьи]": 10, "одиннадцат[ьи]": 11,
    "двенадцат[ьи]": 12,
}  # fmt: skip
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
PARTS = {"начал": "begin", "середин": "middle", "конц": "end", "конец": "end"}

#####  BUILDING BLOCKS  #####

B = r"(?<![\w.,/№-])(?<!№\s)(?<!N\s)"  # left boundary: not inside a number or act number
YEAR = r"(?:19\d\d|20\d\d|2100)"
YEAR_END = r"(?!\d)(?![.,]\d)"
YEAR_WORD = r"(?:гг\.?|г\.?|год(?:ами|ах|ам|ов|ом|а|у|е|ы)?)(?!\w)"
YEAR_SUFFIX = r"(?:-?(?:й|м|го|му|ом))?"
YEARW = rf"(?P<y>{YEAR}){YEAR_END}{YEAR_SUFFIX}\s*(?P<yw>{YEAR_WORD})?"
DASH = r"\s*[-–—‑]\s*"
ORD = (
    r"(?P<ord>(?<!\w)(?:IV|I{1,3}|[IІ]{1,3})(?!\w)|[1-4](?:\s*-?\s*(?:й|м|го|ом|ый|ой))?"
    r"|перв\w*|втор\w*|трет\w*|четв[её]рт\w*)"
)
UNIT_AFTER = re.compile(
    r"\s*(?:%|\d|(?:млн|млрд|тыс|трлн|руб|р\.|долл|евро|\$|чел|шт|ед\.|единиц|км|кг|га|т\.|т(?!\w)|"
    r"тонн|раз|процент|мест|м(?!\w)|м2|м3|кв\.|куб|ц(?!\w)|%))",
    re.I,
)
CONTEXT_BEFORE = re.compile(r"(?:^|[\s(])(?:в|во|к|на|за|после|до|с|по|от|начиная\s+с|течение)\s*$", re.I)
LIST_GAP = re.compile(r"\s*(?:,\s*(?:и\s+)?|и\s+)$")

#####  ATOMS  #####

DAY_NAMED = re.compile(rf"(?<![\w.])«?(?P<d>\d{{1,2}})»?\s*(?P<m>{MONTH})\s+{YEARW}", re.I)
DAY_NUMERIC = re.compile(
    rf"(?<![\d.,/])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{YEAR})(?!\d)(?:\s*(?P<yw>{YEAR_WORD}))?"
)
DAY_ISO = re.compile(rf"(?<![\w.,/-])(?P<y>{YEAR})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])")
MONTH_RANGE = re.compile(rf"(?<!\w)(?P<m1>{MONTH}){DASH}(?P<m>{MONTH})\s+{YEARW}", re.I)
MONTH_ONE = re.compile(rf"(?<![\w.])(?P<m>{MONTH})\s+{YEARW}", re.I)
MONTHS_N = re.compile(rf"(?<![\w.,])(?P<n>\d{{1,2}}|{'|'.join(COUNT_WORDS)})\s+месяц\w*\s+{YEARW}", re.I)
# "12М 2023", "9M 2024", "6 мес. 2023": the first months of a year, as company reports abbreviate them
MONTHS_SHORT = re.compile(rf"(?<![\w.,])(?P<n>\d{{1,2}})(?:[МM]|\s*мес\.)\s*{YEARW}")
QUARTER = re.compile(rf"{ORD}(?:{DASH}(?P<ord2>IV|I{{1,3}}|[1-4]))?\s*(?:квартал\w*|кв\.)\s*{YEARW}", re.I)
HALF = re.compile(rf"{ORD}\s*(?:полугоди\w*|половин\w*)\s*{YEARW}", re.I)
PART = re.compile(rf"(?<!\w)(?:(?:в|к|на)\s+)?(?P<part>начал\w*|середин\w*|конц\w*|конец)\s+{YEARW}", re.I)
YEAR_RANGE = re.compile(
    rf"{B}(?P<y1>{YEAR}){YEAR_END}(?:\s*{YEAR_WORD})?(?P<sep>{DASH}|\s*/\s*)"
    rf"(?P<y2>{YEAR}|\d\d)(?!\d)(?![.,]\d)\s*(?P<yw>{YEAR_WORD})?"
)
HAS_YEAR = re.compile(r"(?:19|20)\d\d|2100")
YEAR_ONE = re.compile(rf"{B}{YEARW}")
DECADE = re.compile(
    rf"{B}(?P<y>(?:19|20)\d0)-?(?:х|е|ых|ые|ми)\s+(?:годах|годам|годами|годов|годы|гг\.?)(?!\w)"
)

#####  COMBINATIONS  #####

FROM_BEFORE = re.compile(r"(?<!\w)(?:(?:в|на)\s+период\s+|период\s+)?(?:начиная\s+)?с(?:о)?\s+$", re.I)
TO_GAP = re.compile(r"^(?:\s+(?:по|до)\s+|" + DASH + r")$", re.I)
COMPARE_BEFORE = re.compile(r"(?:сравнени\w*|сопоставлени\w*|наряду)\s+с(?:о)?\s+$", re.I)
UNTIL_BEFORE = re.compile(r"(?<!\w)(?:(?:в|на)\s+период\s+|период\s+)?(?P<w>до|по)\s+$", re.I)


@dataclass(frozen=True, slots=True)
class _Atom:
    span: DateSpan
    strong: bool  # has a year word or is unambiguous by form


def parse_dates(text: str) -> list[DateSpan]:
    """All dates and periods in ``text``, sorted by position, not overlapping."""
    if not HAS_YEAR.search(text):  # every form holds a four-digit year
        return []
    atoms = _select(_find_atoms(text))
    spans = _combine(text, atoms)
    return sorted(spans, key=lambda s: (s.start, s.end))


def _find_atoms(text: str) -> list[_Atom]:
    found: list[_Atom] = []
    lower = text.lower()
    for pattern, build, needles in _ATOM_RULES:
        if needles and not any(needle in lower for needle in needles):
            continue
        for match in pattern.finditer(text):
            atom = build(match)
            if atom is not None:
                found.append(atom)
    return found


def _select(atoms: list[_Atom]) -> list[_Atom]:
    """Longest atoms first; drop any atom that overlaps one already chosen."""
    chosen: list[_Atom] = []
    for atom in sorted(atoms, key=lambda a: (a.span.start - a.span.end, not a.strong, a.span.start)):
        if all(atom.span.end <= c.span.start or atom.span.start >= c.span.end for c in chosen):
            chosen.append(atom)
    return sorted(chosen, key=lambda a: a.span.start)


def _combine(text: str, atoms: list[_Atom]) -> list[DateSpan]:
    out: list[DateSpan] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        before = text[max(0, atom.span.start - 40) : atom.span.start]
        if not atom.strong and UNIT_AFTER.match(text, atom.span.end):
            i += 1
            continue
        start_match = None if _comparison(before, atom) else FROM_BEFORE.search(before)
        if nxt and _pairs(text, atom, nxt, start_match is not None):
            begin = atom.span.start - len(start_match.group(0)) if start_match else atom.span.start
            out.append(_span(text, begin, nxt.span.end, atom.span.date_start, nxt.span.date_end, "range"))
            i += 2
            continue
        if start_match:
            begin = atom.span.start - len(start_match.group(0))
            out.append(_span(text, begin, atom.span.end, atom.span.date_start, None, "open"))
        elif (until := UNTIL_BEFORE.search(before)) and (atom.strong or until.group("w") == "до"):
            begin = atom.span.start - len(until.group(0))
            out.append(_span(text, begin, atom.span.end, None, atom.span.date_end, "open"))
        elif atom.strong or _clear_context(text, atom, nxt):
            out.append(atom.span)
        i += 1
    return out


def _pairs(text: str, first: _Atom, second: _Atom, has_from: bool) -> bool:
    """True when ``first`` and ``second`` form one range ("с A по B", "A – B")."""
    gap = text[first.span.end : second.span.start]
    if not TO_GAP.match(gap):
        return False
    dashed = not gap.strip() or gap.strip() in "-–—‑"
    if not has_from and not dashed:
        return False
    if not (has_from or first.strong or second.strong):
        return False
    return (first.span.date_start or "") <= (second.span.date_end or "")


def _comparison(before: str, atom: _Atom) -> bool:
    """ "по сравнению с 2022 годом": "с" + instrumental is a comparison, not a start."""
    return bool(COMPARE_BEFORE.search(before)) or atom.span.text.lower().endswith(("годом", "годами"))


def _clear_context(text: str, atom: _Atom, nxt: _Atom | None) -> bool:
    """A bare year counts after a preposition or inside a list ending with a year word."""
    if CONTEXT_BEFORE.search(text[max(0, atom.span.start - 20) : atom.span.start]):
        return True
    return nxt is not None and nxt.strong and bool(LIST_GAP.fullmatch(text[atom.span.end : nxt.span.start]))


#####  ATOM BUILDERS  #####


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_end(year: int, month: int) -> str:
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _span(text: str, start: int, end: int, first: str | None, last: str | None, gran: str) -> DateSpan:
    return DateSpan(start, end, text[start:end], first, last, gran)


def _atom(
    m: re.Match[str], first: str, last: str, gran: str, strong: bool = True, modifier: str | None = None
) -> _Atom:
    start, end = m.span()
    text = m.string[start:end]
    stripped = text.rstrip()
    return _Atom(DateSpan(start, start + len(stripped), stripped, first, last, gran, modifier), strong)


def _month_number(word: str) -> int:
    word = word.lower()
    for stem, number in MONTHS.items():
        if word.startswith(stem):
            return number
    raise ValueError(word)


def _ordinal(word: str) -> int:
    word = word.strip().upper().replace("І", "I")
    if word in ROMAN:
        return ROMAN[word]
    if word[0].isdigit():
        return int(word[0])
    for stem, number in ORDINAL_WORDS.items():
        if word.lower().startswith(stem):
            return number
    raise ValueError(word)


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _day(m: re.Match[str]) -> _Atom | None:
    year, day = int(m.group("y")), int(m.group("d"))
    month = int(m.group("m")) if m.group("m").isdigit() else _month_number(m.group("m"))
    if not _valid_day(year, month, day):
        return None
    iso = _iso(year, month, day)
    return _atom(m, iso, iso, "day")


def _month(m: re.Match[str]) -> _Atom:
    year, month = int(m.group("y")), _month_number(m.group("m"))
    return _atom(m, _iso(year, month, 1), _month_end(year, month), "month")


def _month_range(m: re.Match[str]) -> _Atom | None:
    year, first, last = int(m.group("y")), _month_number(m.group("m1")), _month_number(m.group("m"))
    if first >= last:
        return None
    return _atom(m, _iso(year, first, 1), _month_end(year, last), "range")


def _months_n(m: re.Match[str]) -> _Atom | None:
    year, raw = int(m.group("y")), m.group("n").lower()
    count = int(raw) if raw.isdigit() else next(v for k, v in COUNT_WORDS.items() if re.fullmatch(k, raw))
    if not 1 <= count <= 12:
        return None
    return _atom(m, _iso(year, 1, 1), _month_end(year, count), "range")


def _quarter(m: re.Match[str]) -> _Atom | None:
    year, first = int(m.group("y")), _ordinal(m.group("ord"))
    last = _ordinal(m.group("ord2")) if m.group("ord2") else first
    if not 1 <= first <= last <= 4:
        return None
    gran = "quarter" if first == last else "range"
    return _atom(m, _iso(year, 3 * first - 2, 1), _month_end(year, 3 * last), gran)


def _half(m: re.Match[str]) -> _Atom | None:
    year, half = int(m.group("y")), _ordinal(m.group("ord"))
    if half not in (1, 2):
        return None
    return _atom(m, _iso(year, 6 * half - 5, 1), _month_end(year, 6 * half), "half")


def _part(m: re.Match[str]) -> _Atom:
    year, word = int(m.group("y")), m.group("part").lower()
    modifier = next(v for k, v in PARTS.items() if word.startswith(k))
    return _atom(m, _iso(year, 1, 1), _iso(year, 12, 31), "year", modifier=modifier)


def _year_range(m: re.Match[str]) -> _Atom | None:
    first, raw = int(m.group("y1")), m.group("y2")
    last = first // 100 * 100 + int(raw) if len(raw) == 2 else int(raw)
    if last <= first or last - first > 100:
        return None
    slash = "/" in m.group("sep")
    strong = bool(m.group("yw")) or (slash and last == first + 1)
    if not strong and len(raw) == 2:
        return None
    return _atom(m, _iso(first, 1, 1), _iso(last, 12, 31), "range", strong)


def _decade(m: re.Match[str]) -> _Atom:
    year = int(m.group("y"))
    return _atom(m, _iso(year, 1, 1), _iso(year + 9, 12, 31), "range")


def _year(m: re.Match[str]) -> _Atom:
    year = int(m.group("y"))
    atom = _atom(m, _iso(year, 1, 1), _iso(year, 12, 31), "year", bool(m.group("yw")))
    if not m.group("yw"):  # a bare year: the span is the four digits only
        span = atom.span
        atom = _Atom(replace(span, end=span.start + 4, text=span.text[:4]), False)
    return atom


MONTH_NEEDLES = ("январ", "феврал", "март", "апрел", "мая", "мае", "май", "маю", "июн", "июл", "август",
                 "сентябр", "октябр", "ноябр", "декабр")  # fmt: skip

# pattern, builder, words one of which the (lower-case) text must hold for the pattern to run
_ATOM_RULES = (
    (DAY_NAMED, _day, MONTH_NEEDLES),
    (DAY_NUMERIC, _day, (".",)),
    (DAY_ISO, _day, ("-",)),
    (MONTH_RANGE, _month_range, MONTH_NEEDLES),
    (MONTH_ONE, _month, MONTH_NEEDLES),
    (MONTHS_N, _months_n, ("месяц",)),
    (MONTHS_SHORT, _months_n, ("м", "m")),
    (QUARTER, _quarter, ("кв",)),
    (HALF, _half, ("полугод", "половин")),
    (PART, _part, ("начал", "середин", "конц", "конец")),
    (YEAR_RANGE, _year_range, ()),
    (YEAR_ONE, _year, ()),
    (DECADE, _decade, ("-х", "-е", "х ", "е ")),
)
