"""Indicators named before the sentence: "этот показатель", "значение данного показателя", a bare "объем".

"1) Доля многодетных семей в общей численности семей. В 2014 году значение этого показателя составит
11,5 %" -> "доля многодетных семей"; "Рост оборота … составит 101 %. К 2024 году этот показатель превысит
уровень 2017 года на 22,4 %" -> the indicator of the previous sentence's figure; "Объем отгруженных товаров
… 893,6 млн. рублей. В 2020 году объем достигнет 11134 млн. рублей" -> "объем отгруженных товаров …".
"""

from __future__ import annotations

from itertools import pairwise

from indpol.extract.figures.context import Context, Token
from indpol.extract.figures.enumerations import Carry, FigureSpan, same_kind
from indpol.extract.figures.nouns import agree_phrase, is_adjective, is_noun, noun_phrase_after
from indpol.extract.figures.subjects import subject_phrase

DEMONSTRATIVES = {"этот", "данный", "указанный", "названный"}
PRONOUNS = {"он", "она", "оно", "они"}
POSSESSIVES = {"его", "ее", "её", "их"}
SHARES = {"доля", "часть"}
LEAD = 3  # words before the first noun of a sentence (list marker, adjectives)


def resolve_anaphora(
    ctx: Context,
    item: FigureSpan,
    items: list[FigureSpan],
    sentences: list[tuple[int, int]],
    carry: Carry | None = None,
) -> str | None:
    """The antecedent of a generic indicator ("значение показателя", "объем"), or None to keep it."""
    indicator = item.indicator
    if indicator and not generic_only(ctx, indicator):
        return None
    index = next((i for i, s in enumerate(sentences) if s[0] <= item.start < s[1]), 0)
    sentence = sentences[index]
    if index > 0:
        previous: tuple[int, int] | None = sentences[index - 1]
        pool = [o for o in items if previous[0] <= o.start < previous[1]]
    else:  # the first sentence of a passage: the figures of the passage before
        previous, pool = None, list(carry.items) if carry else []
    if _demonstrative(ctx, sentence[0], item.start):
        before = [o for o in pool if o.indicator and o.kind != "count"]
        before = [o for o in before if same_kind(o, item)] or before
        if before:
            return None if generic_only(ctx, before[-1].indicator or "") else before[-1].indicator
        return _first_phrase(ctx, previous) if previous else None
    if indicator is None and _elided(ctx, item, items, sentence):
        before = [
            o for o in pool if o.indicator and same_kind(o, item) and not generic_only(ctx, o.indicator)
        ]
        return before[-1].indicator if before else None
    if indicator and len(indicator.split()) == 1:  # a bare "объем": the last measure with that head
        pool = [*(carry.items if carry else []), *(o for o in items if o.end <= item.start)]
        named = [o.indicator for o in pool if o.indicator and o.indicator.split()[0] == indicator]
        return named[-1] if named and named[-1] != indicator else None
    return None


def generic_only(ctx: Context, indicator: str) -> bool:
    """Only generic heads ("значение показателя", "уровень") or a bare change noun ("прирост")."""
    lemmas = [ctx.word_lemma(word) for word in indicator.split()]
    if len(lemmas) == 1 and lemmas[0] in ctx.vocab.change:
        return True
    return all(lemma in ctx.vocab.generic_heads | DEMONSTRATIVES for lemma in lemmas)


def _demonstrative(ctx: Context, start: int, end: int) -> bool:
    """ "этот показатель", "значение данного показателя" before the figure in its sentence, a personal
    pronoun opening it ("Они возрастут от 12724 рублей …") or a possessive one before a change noun or a
    generic head ("прогнозируется его увеличение на 1,3 %")."""
    tokens = [t for t in ctx.tokens if start <= t.start < end and t.is_word]
    if tokens and tokens[0].low in PRONOUNS:
        return True
    return any(
        (
            ctx.lemma(following) in ctx.vocab.generic_heads
            and any(p.normal_form in DEMONSTRATIVES for p in ctx.morph.parse(t.low)[:3])
        )
        or (t.low in POSSESSIVES and _same_measure(ctx, following))
        for t, following in pairwise(tokens)
    )


def _same_measure(ctx: Context, token: Token) -> bool:
    """ "его увеличение", "его объем" measure the antecedent itself; "их доля" is a share of it."""
    lemma = ctx.lemma(token)
    return lemma in ctx.vocab.change or (lemma in ctx.vocab.generic_heads and lemma not in SHARES)


def _elided(ctx: Context, item: FigureSpan, items: list[FigureSpan], sentence: tuple[int, int]) -> bool:
    """The figure completes a change or a predicate verb whose subject is left out: "По сравнению с 2014 годом
    поступило больше на 557,8 тыс. рублей" (the first figure of its sentence, after a finite verb)."""
    if item.kind == "count" or any(
        sentence[0] <= o.start and o.end <= item.start for o in items if o is not item
    ):
        return False
    tokens = [t for t in ctx.tokens if sentence[0] <= t.start < item.start and t.is_word]
    verbs = [t for t in tokens if ctx.tag(t) is not None and ctx.tag(t).POS in ("VERB", "PRTS")]
    if not verbs:
        return False
    return item.change is not None or any(ctx.lemma(t) in ctx.vocab.predicate_verbs for t in verbs)


def _first_phrase(ctx: Context, sentence: tuple[int, int]) -> str | None:
    """The noun phrase a sentence starts with ("1) Доля населения, имеющего …" -> "доля населения")."""
    floor = ctx.index_at(sentence[0])
    words = 0
    for i in range(floor, len(ctx.tokens)):
        token = ctx.tokens[i]
        if token.start >= sentence[1] or words > LEAD:
            return None
        if not token.is_word:
            continue
        words += 1
        if is_noun(ctx, token):
            tag = ctx.tag(token)
            return subject_phrase(ctx, i, floor) if tag is not None and "nomn" in tag else None
        if not is_adjective(ctx, token):
            return None
    return None


RATE_HEADS = ("темп роста ", "темпы роста ", "темп прироста ", "темпы прироста ")


def level_indicator(ctx: Context, item: FigureSpan) -> str | None:
    """A level (money, quantity, count) takes the measure, not its growth rate: "темпы роста заработной платы
    составят 106,5 %, что составит 17304 рубля" -> "заработная плата" for the roubles."""
    indicator = item.indicator or ""
    head = next((h for h in RATE_HEADS if indicator.startswith(h)), None)
    if item.kind not in ("money", "quantity", "count") or head is None:
        return None
    rest = Context(indicator[len(head) :], ctx.morph, ctx.vocab)
    found = noun_phrase_after(rest, 0, case="gent")
    if found is None:
        return None
    tail = " ".join(t.low for t in rest.tokens[found[1] :])
    return " ".join(filter(None, [agree_phrase(rest, found[0]), tail]))
