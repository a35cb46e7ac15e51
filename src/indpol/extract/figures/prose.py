"""Figures of prose: every stated number of a passage as a normalised fact (kind, value, unit,
indicator, period).

``extract_figures(text, morph, dates)`` is a pure function over one passage's text and returns
passage-local :class:`FigureSpan` s; :mod:`indpol.extract.figures.step` runs it over a Document's
prose passages and :mod:`indpol.extract.figures.tables` over its table rows.
"""

from __future__ import annotations

import re
from typing import Any

from indpol.extract.figures.context import (
    Context,
    Vocab,
    approx_before,
    change_before,
    load_vocab,
)
from indpol.extract.figures.enumerations import (
    Carry,
    DateTuple,
    FigureSpan,
    base_tokens,
    is_base,
    resolve_bare,
    same_kind,
)
from indpol.extract.figures.indicator import Scene, choose_indicator
from indpol.extract.figures.kinds import (
    MASKS,
    classify_all,
    merge_compound,
    range_start,
)
from indpol.extract.figures.pairs import (
    comparison,
    elliptic_change,
    from_figure,
    inherit_breakdown_indicators,
    inherit_breakdown_periods,
    target_not_bound,
)
from indpol.extract.figures.periods import assign_period
from indpol.extract.figures.phrases import (
    noun_phrase_after,
)
from indpol.extract.figures.qualifiers import relate
from indpol.extract.grammars.numbers import NumberSpan, find_numbers
from indpol.text.segment import sentence_bounds


def extract_figures(
    text: str,
    morph: Any,
    dates: list[DateTuple] | None = None,
    vocab: Vocab | None = None,
    carry: Carry | None = None,
    names: list[tuple[int, int]] | None = None,
) -> list[FigureSpan]:
    """All figures of one passage's text, sorted by offset.

    ``dates`` are the passage's DATE spans (local offsets); ``carry`` the figures of the
    preceding passage when a list runs over several passages; ``names`` the local spans of
    LOC/ORG/PER entities (never an indicator's head).
    """
    vocab = vocab or load_vocab()
    dates = dates or []
    ctx = Context(text, morph, vocab, names)
    masked = [m.span() for m in MASKS.finditer(text) if not _closes_bracket(text, m)]
    if _section_number(text, morph):  # "3 Термины и определения", not "2 Седельных тягача"
        masked.append(SECTION_NUMBER.match(text).span(1))
    masked += [(d[0], d[1]) for d in dates]
    numbers = [n for n in find_numbers(text, ctx.morph.lemma) if not _overlaps(n, masked)]
    raw = merge_compound(ctx, classify_all(ctx, numbers))
    bases = [item for item in raw if is_base(ctx, item, raw)]
    raw = resolve_bare(ctx, [item for item in raw if item not in bases], dates, carry)
    sentences = sentence_bounds(text)
    in_bases = {i for base in bases for i in base_tokens(ctx, base)}
    # the tokens no figure's indicator may take: every figure with its complement, the dates (once per
    # passage, not once per figure: a passage of thousands of numbers stays linear)
    skip = set().union(in_bases, *(_with_complement(ctx, item) for item in raw))
    skip |= {i for d in dates for i in range(ctx.index_at(d[0]), ctx.index_at(d[1]))}
    for item in raw:
        _attach_context(ctx, item, raw, dates, sentences, (in_bases, skip), carry)
        item.value = float(f"{item.value:.15g}")  # 68,4 млрд, not 68400000000.00001
        item.value_max = None if item.value_max is None else float(f"{item.value_max:.15g}")
    inherit_breakdown_periods(ctx, raw)
    inherit_breakdown_indicators(ctx, raw)
    relate(ctx, sorted(raw, key=lambda f: f.start))
    _mark_sources(ctx, raw)
    return sorted(raw, key=lambda f: (f.start, f.end))


def _mark_sources(ctx: Context, items: list[FigureSpan]) -> None:
    """An indicator none of whose words is in the passage came from the heading or list lead; else the phrase."""
    unmarked = [item for item in items if item.indicator and item.source is None]
    if not unmarked:
        return
    lemmas = {ctx.lemma(token) for token in ctx.tokens if token.is_word}
    for item in unmarked:
        words = [ctx.word_lemma(w) for w in item.indicator.lower().split() if len(w) > 3]
        item.source = "phrase" if not words or any(word in lemmas for word in words) else "heading"


SECTION_NUMBER = re.compile(r"\s*(\d{1,2}(?:\.\d{1,2})*)\s+(?=[А-ЯЁ][а-яё])")  # a heading's number, no count


def _section_number(text: str, morph: Any) -> bool:
    """A short heading line that starts with its number, the word after it no counted noun ("3 Термины и
    определения": a count would say "3 термина")."""
    section = SECTION_NUMBER.match(text)
    if not section or len(text) > 120 or re.search(r"[.!?;:]\s|[.!?;:,]\s*$", text):
        return False
    number = int(section.group(1).split(".")[-1])
    word = text[section.end() :].split()[0].lower()
    one = number % 10 == 1 and number % 100 != 11
    parses = [p for p in morph.parse(word)[:4] if p.tag.POS in ("NOUN", "ADJF", "PRTF")]
    counted = any("gent" in p.tag or (one and "nomn" in p.tag and "sing" in p.tag) for p in parses)
    return bool(parses) and not counted


def _closes_bracket(text: str, match: re.Match[str]) -> bool:
    """ "(в 2014 году – 341)": a number before ")" that closes a bracket is a value, not a list marker "2)"."""
    if not re.fullmatch(r"\d{1,3}\s?\)", match.group(0)):
        return False
    before = text[max(0, match.start() - 80) : match.start()]
    return (
        "(" in before and ")" not in before[before.rfind("(") :] and "\n" not in before[before.rfind("(") :]
    )


def _overlaps(number: NumberSpan, masked: list[tuple[int, int]]) -> bool:
    return any(number.start < end and start < number.end for start, end in masked)


def _attach_context(
    ctx: Context,
    item: FigureSpan,
    items: list[FigureSpan],
    dates: list[DateTuple],
    sentences: list[tuple[int, int]],
    taken: tuple[set[int], set[int]],
    carry: Carry | None,
) -> None:
    """``taken``: the tokens of base figures, and those no indicator may take."""
    in_bases, skip = taken
    sentence = next((s for s in sentences if s[0] <= item.start < s[1]), (0, len(ctx.text)))
    floor = ctx.index_at(sentence[0])
    start, after = range_start(ctx, item.first), max(item.tokens) + 1 if item.tokens else item.first + 1
    pair = from_figure(ctx, item, items)
    item.approx, approx_index = approx_before(ctx, start)
    item.approx = item.approx or item.trailing
    chained = [
        o for o in items if o.end <= item.start and same_kind(o, item) and ctx.index_at(o.start) >= floor
    ]
    last = chained[-1] if chained else None
    chained_level = last is not None and last.approx is None and last.first > 0
    chained_level = chained_level and ctx.tokens[last.first - 1].low == "до"
    if item.approx == "max" and target_not_bound(ctx, start, floor, pair is not None, chained_level):
        item.approx = None  # "выросла до 5,3 млн", "с 40,7 % до 45,9 %": a level reached
    item.change = (
        change_before(ctx, start, floor, {i for o in items if o is not item for i in o.tokens})
        or comparison(ctx, start, after, floor, ratio=item.kind == "ratio")
        or elliptic_change(ctx, item, items, start, floor)
    )
    choose_indicator(
        Scene(ctx, item, items, floor, approx_index, skip, in_bases, carry, pair, sentence, sentences)
    )
    if item.indicator and item.indicator.split()[0] == "индекс" and item.kind in ("percent", None):
        item.kind = "index"
    assign_period(ctx, item, items, dates, sentence, paired=pair is not None)


def _with_complement(ctx: Context, item: FigureSpan) -> set[int]:
    """A figure's tokens and the genitive phrase after it ("в двух вариантах развития")."""
    if not item.tokens:
        return set()
    end = max(item.tokens) + 1
    found = noun_phrase_after(ctx, end, case="gent")
    return item.tokens | (set(range(end, found[1])) if found else set())
