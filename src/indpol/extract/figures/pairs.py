"""Figures read together: "с X до Y" pairs, comparisons ("на 5 % больше"), elliptic changes, breakdown periods.

"вырос с 65 % в 2019 году до 78 % в 2023 году": 78 % is a level reached (no approx), dated 2023, with the
indicator of 65 %; "поступило больше на 179,3 тыс. рублей" is an increase, not a lower bound;
"выросла на 15 %, а доходы – всего на 2 %": the second figure is an increase too; "2014 год – 38 100,7
тыс. рублей (из них областной бюджет – 36 492,4 тыс. рублей)": the part has the period of its total.
"""

from __future__ import annotations

import re

from indpol.extract.figures.context import Context
from indpol.extract.figures.enumerations import FigureSpan, same_kind
from indpol.text.segment import sentence_bounds

FROM_WORDS = ("с", "со")
BREAKDOWN_CUE = re.compile(r"в\s+том\s+числе|в\s+т\.\s?ч\.|из\s+них|из\s+которых", re.I)
# a funding source heading the parts after it: "за счет средств федерального бюджета", "из областного бюджета"
FUNDING_SOURCE = re.compile(
    r"(?:за\s+сч[её]т\s+(?:средств\s+)?|из\s+(?:средств\s+)?)?(?:(?:федеральн|областн|краев|республиканск|местн|"
    r"муниципальн|районн|городск|окружн|консолидированн)\w*\s+бюджет\w*(?:\s+[А-ЯЁ][\w-]*(?:\s+[а-яё]+)?)?|"
    r"бюджет\w*\s+(?:Союзного\s+государства|[А-ЯЁ][\w-]+(?:\s+[а-яё]+)?)|внебюджетн\w*\s+(?:источник|средств)\w*)",
)
# what may stand between a breakdown cue and a part that names only its date
DATE_GAP = re.compile(
    r"\b(?:(?:в|на|за|по)\s+)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*(?:год\w*|гг?\.?)?|"
    r"[IV]{1,4}\s+квартал\w*|(?:перв|втор|трет|четв[её]рт)\w*\s+(?:квартал|полугоди)\w*)",
    re.I,
)


def from_figure(ctx: Context, item: FigureSpan, items: list[FigureSpan]) -> FigureSpan | None:
    """The "с X" of "с X [в 2017 году] до Y" when ``item`` is Y."""
    if item.first == 0 or ctx.tokens[item.first - 1].low != "до":
        return None
    before = [o for o in items if o is not item and o.end <= item.start]
    if not before:
        return None
    start = before[-1]
    gap = ctx.text[start.end : ctx.tokens[item.first - 1].start]
    opened = start.first > 0 and ctx.tokens[start.first - 1].low in FROM_WORDS
    return start if opened and len(gap) <= 60 and not re.search(r"[,;:.!?]", gap) else None


def target_not_bound(ctx: Context, start: int, floor: int, paired: bool, chained: bool = False) -> bool:
    """ "до" after a change word ("выросла до", "увеличить долю до"), in a from-to pair or after such a level
    ("увеличится до 190 ед. по первому варианту, до 192 ед. по второму": ``chained``) is a level, not a bound."""
    if start == 0 or ctx.tokens[start - 1].low != "до":
        return False
    if paired or chained:
        return True
    for i in range(start - 2, max(floor, start - 12) - 1, -1):
        token = ctx.tokens[i]
        if token.text in (",", ";", ":", "(", ")", "."):
            return False
        lemma = ctx.lemma(token)
        if token.is_word and (lemma in ctx.vocab.change or lemma in ctx.vocab.target_verbs):
            return True
    return False


def _comparative(ctx: Context, index: int) -> str | None:
    if index < 0 or index >= len(ctx.tokens) or not ctx.tokens[index].is_word:
        return None
    token = ctx.tokens[index]
    return ctx.vocab.comparatives.get(token.low) or ctx.vocab.comparatives.get(ctx.lemma(token))


def comparison(ctx: Context, start: int, after: int, floor: int, ratio: bool = False) -> str | None:
    """increase/decrease of "больше на 5 %", "на 5 % больше уровня", "в 10 раз меньше", "выше уровня … на 5 %"."""
    on = _on_before(ctx, start, floor)
    if on is None or (ctx.tokens[on].low == "в" and not ratio):
        return None
    kind = _comparative(ctx, after)
    if kind:
        return kind
    for j in range(on - 1, max(floor, on - 5) - 1, -1):
        if ctx.tokens[j].text in (",", ";", ":", "(", ")"):
            break
        kind = _comparative(ctx, j)
        if kind:
            return None if j > floor and ctx.tokens[j - 1].low == "не" else kind
    return None


def _on_before(ctx: Context, start: int, floor: int) -> int | None:
    """Index of the "на"/"в" before the figure at token ``start`` (limiting words like "всего" skipped)."""
    i = start - 1
    while i >= floor and (
        ctx.tokens[i].low in ctx.vocab.limiters or ctx.tokens[i].low in ctx.vocab.approx_words
    ):
        i -= 1
    return i if i >= floor and ctx.tokens[i].low in ("на", "в") else None


def elliptic_change(
    ctx: Context, item: FigureSpan, items: list[FigureSpan], start: int, floor: int
) -> str | None:
    """ "выросла на 15 %, а реальные доходы – всего на 2 %": a "на N" without its verb repeats the change before."""
    on = _on_before(ctx, start, floor)
    if on is None or ctx.tokens[on].low != "на":
        return None
    sentence_start = ctx.tokens[floor].start if floor < len(ctx.tokens) else 0
    before = [o for o in items if o is not item and sentence_start <= o.start and o.end <= item.start]
    if not before or before[-1].change is None or not same_kind(before[-1], item):
        return None
    between = ctx.tokens[ctx.index_at(before[-1].end) : on]
    if any(t.is_word and _is_finite_verb(ctx, t.low) for t in between):
        return None  # "…, что на 2 % больше" or another verb of its own
    return before[-1].change


def _is_finite_verb(ctx: Context, word: str) -> bool:
    parses = ctx.morph.parse(word)[:1]
    return bool(parses) and parses[0].tag.POS in ("VERB", "PRTS", "GRND", "INFN")


def inherit_breakdown_periods(ctx: Context, items: list[FigureSpan]) -> None:
    """A part without a date of its own ("(из них областной бюджет – 36 492,4 тыс. рублей; …)") takes its total's period."""
    for item in items:
        if item.period_start is not None:
            continue
        parent = _total_of(ctx, item, items)
        if parent is not None and parent.period_start is not None:
            item.period_start, item.period_end = parent.period_start, parent.period_end


def inherit_breakdown_indicators(ctx: Context, items: list[FigureSpan]) -> None:
    """A part that names nothing but its date ("…, в том числе в 2024 году – 215 900,0 тыс. рублей")
    measures what its total measures, whatever the sentence's subject is; a part named by nothing but its
    funding source ("…, федеральный бюджет – 500,0 тыс. рублей") is the total's measure from that source."""
    _source_parts(ctx, items)
    for item in items:
        parent = _total_of(ctx, item, items)
        if (
            parent is None
            or not parent.indicator
            or parent.indicator == item.indicator
            or (item.kind == "count" and parent.unit != item.unit)
            or (item.indicator or "").startswith(
                parent.indicator + " "
            )  # "из них 75 рек протяженностью более 10 км"
        ):
            continue  # "6498 человек, в т.ч. 1381 детей": a count of its own noun keeps it
        cue = list(BREAKDOWN_CUE.finditer(ctx.text, parent.end, item.start))
        gap = ctx.text[cue[-1].end() : item.start] if cue else ""
        if cue and not DATE_GAP.sub(" ", gap).strip(" \u00a0,;:–—-"):
            item.indicator, item.source = parent.indicator, "inherited"
        elif cue:
            source = _funding_source(ctx.text, cue[-1].end(), item, items)
            if source:  # "…, в том числе за счет средств федерального бюджета: 2014 год – 648,5 тыс. рублей"
                item.indicator, item.source = f"{parent.indicator} {source}", "inherited"


SOURCE_ONLY = re.compile(
    r"(?:средство\s+)?(?:(?:федеральн|областн|краев|республиканск|местн|муниципальн|районн|городск|окружн)\w*\s+"
    r"бюджет\w*|бюджет\s+(?:союзного\s+государства|муниципального\s+образования)|внебюджетн\w*\s+(?:источник|средство)\w*)",
    re.I,
)


def _source_parts(ctx: Context, items: list[FigureSpan]) -> None:
    """Money named only by its source after money named by a measure in the same sentence: the measure, then
    the source ("общий объем финансирования программы: федеральный бюджет")."""
    sentences = sentence_bounds(ctx.text)
    for item in items:
        if item.kind != "money" or not item.indicator or not SOURCE_ONLY.fullmatch(item.indicator):
            continue
        sentence = next((s for s in sentences if s[0] <= item.start < s[1]), (0, len(ctx.text)))
        totals = [o for o in items if o.kind == "money" and o.end <= item.start and o.start >= sentence[0]
                  and o.indicator and not SOURCE_ONLY.fullmatch(o.indicator) and o.change is None]  # fmt: skip
        if totals:
            source = re.sub(r"^средство\b", "средства", item.indicator)
            item.indicator, item.source = f"{totals[0].indicator}: {source}", "inherited"


def _funding_source(text: str, start: int, item: FigureSpan, items: list[FigureSpan]) -> str | None:
    """The funding source heading the part: the last source phrase between the cue and the part, with only
    dates and the source's other parts after it ("за счет средств федерального бюджета: 2014 год – …; 2015 год –")."""
    sources = list(FUNDING_SOURCE.finditer(text, start, item.start))
    if not sources:
        return None
    rest = text[sources[-1].end() : item.start]
    for other in sorted(items, key=lambda o: -o.start):  # the source's earlier parts
        if sources[-1].end() <= other.start and other.end <= item.start:
            rest = rest[: other.start - sources[-1].end()] + " " + rest[other.end - sources[-1].end() :]
    if DATE_GAP.sub(" ", rest).strip(" \u00a0,;:–—-"):
        return None
    phrase = re.sub(r"\s+", " ", sources[-1].group(0)).strip()
    return phrase if phrase.lower().startswith(("за счет", "за счёт", "из ")) else f"за счет средств {phrase}"


def _total_of(ctx: Context, item: FigureSpan, items: list[FigureSpan]) -> FigureSpan | None:
    text = ctx.text
    opening = _unclosed_bracket(text, item.start)
    if opening is not None:
        return _figure_ending_at(items, text, opening, item)
    window_start = max(0, item.start - 300)
    cues = list(BREAKDOWN_CUE.finditer(text[window_start : item.start]))
    if not cues or re.search(r"[.!?]\s+[А-ЯЁ]|\n\s*\n", text[window_start + cues[-1].start() : item.start]):
        return None
    return _figure_ending_at(items, text, window_start + cues[-1].start(), item)


def _unclosed_bracket(text: str, position: int) -> int | None:
    depth = 0
    for i in range(position - 1, max(-1, position - 300), -1):
        char = text[i]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                return i
            depth -= 1
        elif text.startswith("\n\n", i):
            return None
    return None


def _figure_ending_at(
    items: list[FigureSpan], text: str, position: int, item: FigureSpan
) -> FigureSpan | None:
    """The figure right before ``position`` (only spaces and commas between) other than ``item``."""
    for other in items:
        if other is not item and other.end <= position and not text[other.end : position].strip(" \u00a0,;:"):
            return other
    return None


def what_clause_figure(
    ctx: Context, item: FigureSpan, items: list[FigureSpan], floor: int
) -> FigureSpan | None:
    """ "составил 491,4 млн. рублей, что выше уровня 2014 года на 42,1 %": a verbless "что"-clause
    without a subject of its own speaks of the figure before it."""
    i = item.first - 1
    while i > floor:
        token = ctx.tokens[i]
        if token.text in (";", ":", "(", ")", ".") or any(i in o.tokens for o in items if o is not item):
            return None
        if token.low == "что" and ctx.tokens[i - 1].text == ",":
            before = [
                o for o in items if o is not item and o.end <= token.start and ctx.index_at(o.start) >= floor
            ]
            return before[-1] if before else None
        tag = ctx.tag(token) if token.is_word else None
        if tag is not None and (tag.POS in ("VERB", "INFN") or (tag.POS == "NOUN" and "nomn" in tag)):
            return None
        i -= 1
    return None
