"""Enumerations and breakdowns: bare numbers that share a unit, rate bases, lists split into passages.

"в 2016 году – 2 100,0, в 2017 году – 2 300,0 тыс. рублей" gives both numbers RUB ×1000;
"… 12 345,6 тыс. рублей, в том числе: 2016 год – 2 100,0" gives the breakdown the total's unit;
"96 коек на 10 тыс. жителей" keeps "10 тыс. жителей" out as the base of a rate. A :class:`Carry`
brings the figures of the preceding passages when a list is split into one passage per line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from indpol.extract.figures.context import Context
from indpol.extract.figures.nouns import measure_count
from indpol.text.tokens import WORD

DateTuple = tuple[int, int, str | None, str | None]  # local start, end, ISO start, ISO end
SUBSET_CUES = (("из", "которых"), ("из", "них"), ("в", "том", "числе"), ("из", "числа"))
ENUMERATION_WORDS = {"в", "во", "и", "на", "а", "также", "по", "год", "году", "годах", "г", "гг"}
BREAKDOWN_RE = re.compile(r"в\s+том\s+числе|в\s+т\.\s?ч\.|из\s+них|по\s+годам|из\s+которых|:")
UNITED = ("money", "quantity", "percent", "pp")
# what may stand before a figure on a breakdown line of its own: "- 2016 год – …", "б) …"
LINE_LABEL = re.compile(
    r"\s*(?:[-–—•*]|[а-яa-z\d]{1,2}[.)])?\s*(?:(?:в|во|на|за)\s+)?(?:(?:19|20)\d\d\s*(?:г\.?|год\w*)?)?"
    r"\s*[-–—:]?\s*",
    re.I,
)


@dataclass(slots=True)
class FigureSpan:
    """A figure inside one passage (offsets are passage-local)."""

    start: int
    end: int
    kind: str | None
    value: float
    value_max: float | None = None
    unit: str | None = None
    approx: str | None = None
    change: str | None = None
    indicator: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    scale: float = 1.0
    first: int = 0  # first token index of the number (after any prefix)
    value_like: bool = False
    inherited: bool = False
    tokens: set[int] = field(default_factory=set)
    trailing: str | None = None  # approx written after the figure: "80 % и более"
    named: str | None = None  # the indicator named with the figure's unit ("количество рабочих мест – 36")
    source: str | None = None  # where the indicator comes from: phrase | heading | table | inherited


def same_kind(one: FigureSpan, other: FigureSpan) -> bool:
    """Kinds that enumerate together: an index is a percent named by its indicator."""
    family = {"index": "percent"}
    return family.get(one.kind or "", one.kind) == family.get(other.kind or "", other.kind)


@dataclass(slots=True)
class Carry:
    """Figures of the nearest preceding passage with figures, and whether a breakdown was announced since."""

    items: list[FigureSpan]
    breakdown: bool = False


def next_carry(
    carry: Carry | None, text: str, found: list[FigureSpan], max_gap_chars: int = 80
) -> Carry | None:
    """The carry after a passage: its own figures, or the old carry across a short passage without any."""
    if found:
        tail = text[max(item.end for item in found) :]
        return Carry(list(found), bool(BREAKDOWN_RE.search(tail)))
    if carry is not None and len(text) <= max_gap_chars:
        carry.breakdown = carry.breakdown or bool(BREAKDOWN_RE.search(text))
        return carry
    return None


def subset_cue(ctx: Context, first: int, after: int | None = None) -> bool:
    """ "из которых 8", "в том числе 5", "6 из них": a part of a count stated just before."""
    words = [t.low for t in ctx.tokens[max(0, first - 3) : first]]
    if any(tuple(words[-len(cue) :]) == cue for cue in SUBSET_CUES):
        return True
    following = tuple(t.low for t in ctx.tokens[after : after + 2]) if after is not None else ()
    return following in (("из", "них"), ("из", "которых"))


def is_from_number(ctx: Context, first: int, after: int) -> bool:
    """ "с 12,5 до 9,8 процента": a bare number that starts a from-to pair shares the unit after it."""
    return (
        first > 0
        and ctx.tokens[first - 1].low in ("с", "со")
        and after + 1 < len(ctx.tokens)
        and ctx.tokens[after].low == "до"
        and ctx.tokens[after + 1].text[0].isdigit()
    )


def is_base(ctx: Context, item: FigureSpan, items: list[FigureSpan]) -> bool:
    """ "96 коек на 10 тыс. жителей", "30 кв. м на 1 жителя": the base of a rate is not a figure."""
    on = item.first - 1
    if on < 0 or ctx.tokens[on].low != "на" or item.kind not in ("count", "quantity"):
        return False
    if on > 0 and _is_verb(ctx, ctx.tokens[on - 1]):
        return False  # "увеличится на 5 тыс. человек"
    if any(ctx.lemma(t) in ctx.vocab.change for t in ctx.tokens[max(0, on - 3) : on]):
        return False
    if item.value <= 0 or math.log10(item.value) % 1:
        return False  # bases are round: 1, 10, 1000, 10 000 ("на 2153 посадочных места" is a capacity)
    after_figure = any(o is not item and o.tokens and on - 4 <= max(o.tokens) < on for o in items)
    noun = ctx.lemma(ctx.tokens[max(item.tokens)]) if item.tokens else ""
    per_one = item.value == 1 and on > 0 and ctx.tokens[on - 1].is_word  # "надой молока на 1 корову"
    return after_figure or per_one or noun in ctx.vocab.rate_bases


def _is_verb(ctx: Context, token: Any) -> bool:
    tag = ctx.tag(token)
    return tag is not None and tag.POS in ("VERB", "INFN", "PRTS", "GRND")


def base_tokens(ctx: Context, base: FigureSpan) -> list[int]:
    """The base's own tokens and the genitive words after it ("детей дошкольного возраста")."""
    end = max(base.tokens) + 1 if base.tokens else base.first + 1
    while end < len(ctx.tokens) and ctx.tokens[end].is_word and ctx.tag(ctx.tokens[end]) is not None:
        if "gent" not in ctx.tag(ctx.tokens[end]):
            break
        end += 1
    return list(range(base.first, end))


def resolve_bare(
    ctx: Context, items: list[FigureSpan], dates: list[DateTuple], carry: Carry | None = None
) -> list[FigureSpan]:
    """Bare numbers take the unit of the enumeration they belong to, or are dropped."""
    plain = list(ctx.text)
    for start, end, *_ in dates:
        plain[start:end] = " " * (end - start)
    ctx_plain = "".join(plain)
    out = []
    for i, item in enumerate(items):
        if item.kind is not None:
            out.append(item)
            continue
        if not item.value_like:
            continue
        measured = measure_count(ctx, item.first) if item.value == int(item.value) else None
        if measured is not None:  # "Количество создаваемых рабочих мест – 36"
            item.kind, (item.unit, item.named) = "count", measured
            out.append(item)
            continue
        donor = (
            _donor_after(ctx, items, i, ctx_plain)
            or _donor_before(ctx, items, i, ctx_plain)
            or _carried_donor(items, i, carry)
        )
        if donor is None:
            continue
        item.kind, item.unit, item.inherited, item.scale = donor.kind, donor.unit, True, donor.scale
        item.value *= donor.scale
        item.value_max = item.value_max * donor.scale if item.value_max is not None else None
        out.append(item)
    return out


def _carried_donor(items: list[FigureSpan], i: int, carry: Carry | None) -> FigureSpan | None:
    """A breakdown line split into its own passage takes the unit of the list's total."""
    if carry is None or any(item.kind is not None for item in items[:i]):
        return None
    united = [item for item in carry.items if item.kind in UNITED]
    if not united or not (carry.breakdown or united[-1].inherited):
        return None
    return united[-1]


def _donor_after(ctx: Context, items: list[FigureSpan], i: int, plain: str) -> FigureSpan | None:
    """ "в 2016 году – 2 100,0, в 2017 году – 2 300,0 тыс. рублей": the next united figure of the clause.

    Between the two only dates, numbers, punctuation and a few linking words may stand.
    """
    bare = items[i]
    linking = ENUMERATION_WORDS | ({"до"} if is_from_number(ctx, bare.first, max(bare.tokens) + 1) else set())
    for item in items[i + 1 :]:
        if item.kind is None:
            continue
        gap = plain[bare.end : item.start]
        if re.search(r"[.;!?(]\s|\n\s*\n|\(", gap) or len(gap) > 120 or subset_cue(ctx, item.first):
            return None  # not "по третьему 4156,0 (139 %)": a bracket comments, it does not share a unit
        if any(word.lower() not in linking for word in WORD.findall(gap)):
            return None
        return item if item.kind in UNITED else None
    return None


def _donor_before(ctx: Context, items: list[FigureSpan], i: int, plain: str) -> FigureSpan | None:
    """ "… 12 345,6 тыс. рублей, в том числе: 2016 год – 2 100,0": the total before a breakdown;
    "в 2021 г. создано 150 рабочих мест, в 2022 г. – 210": the figure of the year before."""
    for item in reversed(items[:i]):
        if item.kind is None:
            continue
        gap = ctx.text[item.end : items[i].start]
        if len(gap) > 300 or "\n\n" in gap:
            return None
        plain_gap = plain[item.end : items[i].start]
        if _dated_enumeration(gap, plain_gap) or re.fullmatch(
            r"\s*(?:(?:в|во)\s+)?,?\s*против\s*", plain_gap
        ):
            return item  # "составила 7,8 га против 27,2 в 2016 году", "320 т в 2021 году против 280"
        if item.inherited or (
            item.kind == "count" and subset_cue(ctx, items[i].first, max(items[i].tokens) + 1)
        ):
            return item
        breakdown = re.search(r"в\s+том\s+числе|в\s+т\.\s?ч\.|из\s+них|по\s+годам|из\s+которых|:", gap)
        return item if breakdown else None
    return None


def _dated_enumeration(gap: str, plain_gap: str) -> bool:
    """The gap of "150 рабочих мест, в 2022 г. – 210": a date, linking words and a dash only."""
    if gap == plain_gap or len(gap) > 60 or re.search(r"[.;!?]\s", plain_gap):
        return False
    words = WORD.findall(plain_gap)
    return bool(re.search(r"[-–—:]\s*$", plain_gap)) and all(
        word.lower() in ENUMERATION_WORDS for word in words
    )


def enumeration_indicator(
    item: FigureSpan, items: list[FigureSpan], carry: Carry | None = None, since: int = 0, lead: str = ""
) -> str | None:
    """A breakdown line without its own noun takes the indicator of the nearest earlier figure of its kind in
    its sentence (from ``since``; a share also from an earlier sentence: "выполнено 80 % мероприятий. На
    оставшиеся 20 % …"), or, first in its passage after nothing but a label (``lead``), of the passage before."""
    earlier = [o for o in items if o.end <= item.start and same_kind(o, item) and o.unit == item.unit]
    if not earlier and carry is not None and (carry.breakdown or LINE_LABEL.fullmatch(lead)):
        earlier = [o for o in carry.items if same_kind(o, item) and o.unit == item.unit]
    elif earlier and earlier[-1].start < since and item.kind != "percent":
        return None  # "… 187 человек имели статус безработного. За 2017 год 326 человек нашли работу."
    return earlier[-1].indicator if earlier else None
