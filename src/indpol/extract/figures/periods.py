"""The period a figure belongs to: its own DATE, never an event's or a comparison base's.

"в 2017 году … составил 108,7 % к 2016 году" -> 2017 (the base "к 2016 году" is skipped); "в 2017 году
… возрастет на 0,12 % по первому варианту, по второму – на 0,03 %" -> both 2017 (a variant without a
date of its own shares the date of the figure before it); "101,5 % и в 2024 году …" -> not 2024.
"""

from __future__ import annotations

import re
from typing import Any

from indpol.extract.figures.context import Context, Token
from indpol.extract.figures.enumerations import DateTuple, FigureSpan, same_kind
from indpol.extract.figures.kinds import YEAR_LABEL

INDEX_LIKE = 40.0  # "108,7 % к 2016 году": a percent of a base year; "5 % к 2020 году" may be a target
_ADJACENT = re.compile(r"\s*(?:(?:в|во|к|на|за|по|концу|конец|начало|началу|середине)\s+)*")
_NEW_CONJUNCT = re.compile(
    r"(?:^|\s)(?:и|а|но|против|чем|со?\s+(?:увеличени|снижени|рост|сокращени)\w*)\s", re.I
)
_LIST_MARKER = re.compile(r"(?:^|\s)(?:[а-яa-z]|\d{1,2})\)")  # "… 100,00 тыс. руб. б) из средств …"
_BASE_PAIRS = (("к", "уровень"), ("сравнение", "с"), ("сравнение", "к"), ("отношение", "к"), ("к", "оценка"),
               ("с", "оценка"), ("чем", "в"))  # fmt: skip
_BASE_WORDS = ("против", "относительно", "чем", "уровень", "показатель")


def assign_period(
    ctx: Context,
    item: FigureSpan,
    items: list[FigureSpan],
    dates: list[DateTuple],
    sentence: tuple[int, int],
    paired: bool = False,
) -> None:
    """Set ``item.period_start``/``period_end`` from the passage's DATE spans."""
    floor = ctx.index_at(sentence[0])
    others = [(o.start, o.end) for o in items if o is not item and same_kind(o, item)]
    index_like = [
        (o.start, o.end, o.value)
        for o in items
        if o.kind in ("percent", "index")
        and o.value >= INDEX_LIKE
        and o.change is None
        and not (o.first > 0 and ctx.tokens[o.first - 1].low == "до")  # "довести до 95 % к 2025 году"
    ]
    events = event_dates(ctx, dates, (item.start, item.end), floor, index_like)
    own = [d for d in dates if d not in events]
    item.period_start, item.period_end = period_for(own, (item.start, item.end), sentence, others, ctx.text)
    year = YEAR_LABEL.search(ctx.text[max(0, item.start - 16) : item.start])
    if item.period_start is None and year:
        item.period_start, item.period_end = f"{year.group(1)}-01-01", f"{year.group(1)}-12-31"
    if item.period_start is None and not paired:
        _share_period(ctx, item, items, own, sentence)


def _share_period(
    ctx: Context, item: FigureSpan, items: list[FigureSpan], dates: list[DateTuple], sentence: tuple[int, int]
) -> None:
    """A figure of an enumeration without a date of its own ("по первому варианту на 0,12 %, по второму –
    на 0,03 %"; "составит 201,6 млн. руб., 221,3 млн. руб. и 223,3 млн. руб.") has the period of the figure
    of its kind before it in the sentence, when no date of its own (bases skipped) and no "против"/"чем" stand
    between, nor a new subject after a year label ("2019 г. - 7 700,0 тыс. руб.; внебюджетные средства 53 388,6")."""
    before = [
        o
        for o in items
        if o is not item and same_kind(o, item) and sentence[0] <= o.start and o.end <= item.start
    ]
    if not before or before[-1].period_start is None:
        return
    previous = before[-1]
    gap = ctx.text[previous.end : item.start]
    if any(previous.end <= d[0] < item.start for d in dates) or re.search(
        r"\b(?:против|чем|итого|всего)\b", gap, re.I
    ):
        return
    labelled = YEAR_LABEL.search(ctx.text[max(0, previous.start - 16) : previous.start])
    if "\n" in gap or len(gap) > 160 or _LIST_MARKER.search(gap):
        return
    if labelled and _new_subject(ctx, previous.end, item.start):
        return
    item.period_start, item.period_end = previous.period_start, previous.period_end


def _new_subject(ctx: Context, start: int, end: int) -> bool:
    """A noun in the nominative between two figures starts a statement of its own ("…; внебюджетные средства …")."""
    for token in ctx.tokens[ctx.index_at(start) : ctx.index_at(end)]:
        tag = ctx.tag(token) if token.is_word and len(token.text) > 2 else None
        if (
            tag is not None
            and tag.POS == "NOUN"
            and "nomn" in tag
            and ctx.lemma(token) not in ctx.vocab.not_indicator
        ):
            return True
    return False


def period_for(
    dates: list[DateTuple],
    span: tuple[int, int],
    sentence: tuple[int, int],
    others: list[tuple[int, int]],
    text: str = "",
) -> tuple[str | None, str | None]:
    """The DATE a figure belongs to: nearest preceding in its sentence, else nearest following in its clause.

    A date counts only when no other figure stands between it and this one; a following date that opens
    a new conjunct ("101,5 % и в 2024 году") is not this figure's.
    """
    start, end = span
    inside = [d for d in dates if d[0] >= sentence[0] and d[1] <= sentence[1] and (d[2] or d[3])]
    before = [
        d
        for d in inside
        if d[1] <= start and not _between(others, d[1], start) and not _owned(d, others, text, start)
    ]
    if before:
        best = max(before, key=lambda d: d[1])
        return best[2], best[3]
    after = [
        d
        for d in inside
        if d[0] >= end
        and not _between(others, end, d[0])
        and not re.search(r"[,;:.\n]", text[end : d[0]])
        and not _NEW_CONJUNCT.search(text[end : d[0]])
    ]
    if after:
        best = min(after, key=lambda d: d[0])
        return best[2], best[3]
    return None, None


def _owned(date: DateTuple, others: list[tuple[int, int]], text: str, start: int) -> bool:
    """A date right after another figure ("с 65 % в 2019 году до 78 %") is that figure's,
    unless it labels the next one ("в 2016 году – 2 100,0 в 2017 году – 2 300,0")."""
    if not text or re.match(r"\s*[-–—:]", text[date[1] : start]):
        return False
    return any(end <= date[0] and _ADJACENT.fullmatch(text[end : date[0]]) for _s, end in others)


def _between(others: list[tuple[int, int]], left: int, right: int) -> bool:
    return any(left <= s and e <= right for s, e in others)


def event_dates(
    ctx: Context,
    dates: list[Any],
    span: tuple[int, int],
    floor: int,
    index_like: list[tuple[int, int]] | None = None,
) -> list[Any]:
    """Dates that are not the period of the figure at ``span``: an event's date in a participial or relative
    clause ("одобренных Высшим государственным советом 4 ноября 2021 г.", "которое подписано в 2023 году")
    the figure is not in, a document date ("от 8 декабря 1999 г.") and a comparison base ("к уровню 2015
    года", "по сравнению с оценкой 2016 года", "в 2019 году к 2015 году", "108,7 % к 2016 году")."""
    out = []
    for date in dates:
        first = ctx.index_at(date[0])
        if first > 0 and ctx.tokens[first - 1].low == "от":
            out.append(date)
            continue
        if _comparison_base(ctx, first) or _base_after(ctx, date, dates, index_like or [], floor):
            out.append(date)
            continue
        start = first
        while start - 1 >= floor and ctx.tokens[start - 1].text not in (",", ";", ":", "(", ")"):
            start -= 1
        opened = start > floor and ctx.tokens[start - 1].text == ","
        if not (opened and start < first and _opens_event(ctx, ctx.tokens[start])):
            continue
        end = ctx.index_at(date[1])
        while end < len(ctx.tokens) and ctx.tokens[end].text not in (",", ";", ":", "(", ")", "."):
            end += 1
        clause_end = ctx.tokens[end].start if end < len(ctx.tokens) else len(ctx.text)
        if not ctx.tokens[start].start <= span[0] < clause_end:
            out.append(date)
    return out


def _comparison_base(ctx: Context, first: int) -> bool:
    """The date is what a figure is compared with: "к уровню", "выше уровня", "по сравнению с (оценкой)",
    "по отношению к", "к оценке", "чем в", "против", "относительно"."""
    before = [ctx.lemma(t) for t in ctx.tokens[max(0, first - 3) : first]]
    return tuple(before[-2:]) in _BASE_PAIRS or (bool(before) and before[-1] in _BASE_WORDS)


def _base_after(
    ctx: Context, date: DateTuple, dates: list[Any], index_like: list[tuple[int, int, float]], floor: int
) -> bool:
    """ "в 2019 году к 2015 году", "108,7 % к 2016 году": a "к"-date right after another date, or right after a
    percent of a base year (``index_like``: start, end, value) — above 100 %, or below it with a later year
    named before in the sentence ("в 2017 году … 88,8 % к 2016 году"); "95 % к 2025 году" alone is a target."""
    first = ctx.index_at(date[0])
    if first == 0 or ctx.tokens[first - 1].low != "к":
        return False
    at = ctx.tokens[first - 1].start
    if any(other is not date and other[1] <= at and not ctx.text[other[1] : at].strip() for other in dates):
        return True
    sentence_start = ctx.tokens[floor].start if floor < len(ctx.tokens) else 0
    later_before = any(
        sentence_start <= other[0] < at and (other[2] or "") > (date[3] or "9999")
        for other in dates
        if other is not date
    )
    return any(
        end <= at and not ctx.text[end:at].strip() and (value > 100 or later_before)
        for _s, end, value in index_like
    )


def _opens_event(ctx: Context, token: Token) -> bool:
    tag = ctx.tag(token)
    return token.is_word and (ctx.lemma(token) == "который" or (tag is not None and tag.POS == "PRTF"))
