"""Noun phrases around a number: the counted noun after it and the indicator it measures.

"28 союзных программ" -> counted "союзная программа"; "объем финансирования программы составит …"
-> indicator "объем финансирования программы" (head in the nominative, complements as written).
"""

from __future__ import annotations

from typing import Any

from indpol.extract.figure_context import Context, Token

NOUN_TAGS = {"NOUN"}
ADJ_TAGS = {"ADJF", "PRTF"}
COMPLEMENT_CASES = ("gent", "ablt")  # "объем финансирования", "обеспеченность койками"
MAX_CLIMB = 6
MAX_COMPLEMENT_NOUNS = 2


def _parses(ctx: Context, token: Token) -> list[Any]:
    return ctx.morph.parse(token.low)[:3] if token.is_word else []


def has_pos(ctx: Context, token: Token, pos: set[str], case: str | None = None) -> bool:
    """One of the token's top three parses has a POS in ``pos`` (and ``case``, when given)."""
    return any(p.tag.POS in pos and (case is None or case in p.tag) for p in _parses(ctx, token))


def is_noun(ctx: Context, token: Token) -> bool:
    """A noun, unless it can as well be an adjective ("среднего", "малых")."""
    parses = _parses(ctx, token)
    return bool(parses) and parses[0].tag.POS in NOUN_TAGS and not has_pos(ctx, token, ADJ_TAGS)


def is_adjective(ctx: Context, token: Token) -> bool:
    """An adjective or participle, or a homonym that is not read as a noun."""
    parses = _parses(ctx, token)
    return bool(parses) and (
        parses[0].tag.POS in ADJ_TAGS or (has_pos(ctx, token, ADJ_TAGS) and not is_noun(ctx, token))
    )


def agree_phrase(ctx: Context, tokens: list[Token]) -> str:
    """Adjectives + noun in the nominative ("союзных программ" -> "союзная программа")."""
    head = tokens[-1]
    head_parse = _head_parse(ctx, head)
    plural = "Pltm" in head_parse.tag or (head_parse.normal_form == head.low and "plur" in head_parse.tag)
    number = "plur" if plural else "sing"
    grammemes = {"nomn", number} | (
        {head_parse.tag.gender} if number == "sing" and head_parse.tag.gender else set()
    )
    words = []
    for token in tokens[:-1]:
        parse = next((p for p in ctx.morph.parse(token.low) if p.tag.POS in ADJ_TAGS), None)
        form = parse.inflect(grammemes) if parse is not None else None
        words.append(form.word if form else token.low)
    words.append(_head_lemma(ctx, head, head_parse))
    return " ".join(words).replace("ё", "е")


def _head_lemma(ctx: Context, head: Token, parse: Any) -> str:
    """The head's dictionary form; a participle used as a noun keeps its own form ("обучающийся")."""
    if head.low in ctx.vocab.lemma_overrides:
        return ctx.lemma(head)
    if parse.tag.POS in ADJ_TAGS:
        form = parse.inflect({"nomn", "sing", "masc"})
        return form.word if form else head.low
    return parse.normal_form


def _head_parse(ctx: Context, head: Token) -> Any:
    parses = ctx.morph.parse(head.low)
    return next((p for p in parses if p.tag.POS in NOUN_TAGS), parses[0])


def noun_phrase_after(ctx: Context, index: int, case: str | None = None) -> tuple[list[Token], int] | None:
    """Adjectives (also "малых и средних") + noun from token ``index``, optionally in ``case``."""
    tokens, i = [], index
    while i < len(ctx.tokens) and len(tokens) < 5:
        token = ctx.tokens[i]
        if tokens and token.start - ctx.tokens[i - 1].end > 2:
            return None
        if _noun_here(ctx, i) and (case is None or has_pos(ctx, token, NOUN_TAGS, case)):
            return [*tokens, token], i + 1
        if token.low == "и" and tokens and i + 1 < len(ctx.tokens) and is_adjective(ctx, ctx.tokens[i + 1]):
            tokens.append(token)
            i += 1
            continue
        if is_adjective(ctx, token) and (case is None or has_pos(ctx, token, ADJ_TAGS, case)):
            tokens.append(token)
            i += 1
            continue
        return _substantive(ctx, tokens, i)
    return None


def _noun_here(ctx: Context, i: int) -> bool:
    """A noun; a noun/adjective homonym ("безработный", "среднего") only when no noun or adjective follows."""
    token = ctx.tokens[i]
    if is_noun(ctx, token):
        return True
    parses = _parses(ctx, token)
    if not parses or parses[0].tag.POS not in NOUN_TAGS:
        return False
    following = ctx.tokens[i + 1] if i + 1 < len(ctx.tokens) else None
    tag = ctx.tag(following) if following is not None else None
    return tag is None or tag.POS not in NOUN_TAGS | ADJ_TAGS


def _substantive(ctx: Context, tokens: list[Token], i: int) -> tuple[list[Token], int] | None:
    """A participle used as a noun at the end of a phrase ("4549 обучающихся,", "184 учащихся в школе")."""
    if len(tokens) != 1 or "Subx" not in str(ctx.tag(tokens[0])):
        return None
    following = ctx.tokens[i] if i < len(ctx.tokens) else None
    tag = ctx.tag(following) if following is not None else None
    return (tokens, i) if tag is None or tag.POS not in NOUN_TAGS | ADJ_TAGS else None


def counted_noun(ctx: Context, index: int, value: float) -> tuple[str, int] | None:
    """The counted noun right after a number ("28 союзных программ" -> "союзная программа").

    Number agreement: after a value not ending in 1 the noun cannot be a singular oblique form
    ("в трех летнем периоде" is not a count).
    """
    found = noun_phrase_after(ctx, index)
    if found is None:
        return _shared_noun(ctx, index, value)
    tokens, end = found
    head = tokens[-1]
    if ctx.lemma(head) in ctx.vocab.not_counted or len(head.text) < 3 or head.text.isupper():
        return None
    if any(t.text.istitle() and not ctx.morph.is_known(t.low) for t in tokens):
        return None  # "1 Чуриковского сельского поселения": a name
    if not agrees(ctx, head, value):
        return None
    words = [t for t in tokens if t.low != "и"]
    phrase = agree_phrase(ctx, words) if len(words) == len(tokens) else _coordinated(ctx, tokens)
    return phrase, end


def _shared_noun(ctx: Context, index: int, value: float) -> tuple[str, int] | None:
    """ "36 малых и 8 средних субъектов": adjectives whose noun follows the next number of the pair."""
    i = index
    while i < len(ctx.tokens) and is_adjective(ctx, ctx.tokens[i]) and not is_noun(ctx, ctx.tokens[i]):
        i += 1
    if (
        i == index
        or i + 2 >= len(ctx.tokens)
        or ctx.tokens[i].low != "и"
        or not _is_number(ctx, ctx.tokens[i + 1])
    ):
        return None
    found = noun_phrase_after(ctx, i + 2)
    if found is None or not is_adjective(ctx, found[0][0]):
        return None  # the other number needs its own adjective: "8 средних субъектов"
    head = found[0][-1]
    one = int(value) == value and int(value) % 10 == 1 and int(value) % 100 != 11
    own = ctx.tag(ctx.tokens[i - 1])
    agreeing = ("sing" in own) if one and own is not None else agrees(ctx, head, value)
    if ctx.lemma(head) in ctx.vocab.not_counted or not agreeing or not head.text.islower():
        return None
    adjectives = ctx.tokens[index:i]
    return agree_phrase(ctx, [*adjectives, head]), i


def _is_number(ctx: Context, token: Token) -> bool:
    tag = ctx.tag(token)
    return token.text.isdigit() or (tag is not None and tag.POS == "NUMR")


def agrees(ctx: Context, head: Token, value: float) -> bool:
    """Russian number agreement: 1 -> singular, 2-4 -> genitive singular or plural, 5+ -> plural.

    "в трех летнем периоде", "77 Сектор" are not counts; decimals take the genitive singular.
    """
    tags = [p.tag for p in _parses(ctx, head) if p.tag.POS in NOUN_TAGS | ADJ_TAGS]
    if value != int(value):
        return any("sing" in t and "gent" in t for t in tags)
    last, last_two = int(value) % 10, int(value) % 100
    if last == 1 and last_two != 11:
        return any("sing" in t or "Pltm" in t for t in tags)
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        return any(("sing" in t and "gent" in t) or "plur" in t for t in tags)
    return any("plur" in t for t in tags)


def _coordinated(ctx: Context, tokens: list[Token]) -> str:
    """ "малых и средних предприятий" -> "малое и среднее предприятие"."""
    head = tokens[-1]
    parts = [agree_phrase(ctx, [t, head]).split()[0] if t.low != "и" else "и" for t in tokens[:-1]]
    return " ".join([*parts, agree_phrase(ctx, [head])])


def _indicator_noun(ctx: Context, index: int, skip: set[int], allow_change: bool) -> bool:
    token = ctx.tokens[index]
    lemma = ctx.lemma(token)
    return (
        index not in skip
        and token.is_word
        and len(token.text) > 2
        and is_noun(ctx, token)
        and lemma not in ctx.vocab.not_indicator
        and (allow_change or lemma not in ctx.vocab.change)
        and not token.text.isupper()
    )


def adjectives_before(ctx: Context, index: int, floor: int) -> int:
    """First token of the adjectives before ``index`` ("культурно - досугового", "крупным и средним")."""
    start = index
    while start - 1 >= floor:
        token = ctx.tokens[start - 1]
        if is_adjective(ctx, token):
            start -= 1
        elif (start - 2 >= floor and token.text == "-" and ctx.tokens[start - 2].low.endswith("о")) or (
            start - 2 >= floor and token.low == "и" and is_adjective(ctx, ctx.tokens[start - 2])
        ):
            start -= 2
        else:
            break
    return start


def _governor(ctx: Context, head: int, floor: int, skip: set[int]) -> int | None:
    """The noun that takes ``head`` as its complement, across "X, Y и Z" lists of complements."""
    previous = adjectives_before(ctx, head, floor) - 1
    while (
        previous - 1 >= floor
        and ctx.tokens[previous].text in ("и", ",")
        and is_noun(ctx, ctx.tokens[previous - 1])
    ):
        if not any(has_pos(ctx, ctx.tokens[previous - 1], NOUN_TAGS, case) for case in COMPLEMENT_CASES):
            break
        previous = adjectives_before(ctx, previous - 1, floor) - 1
    if previous < floor or not _indicator_noun(ctx, previous, skip, allow_change=True):
        return None
    return previous


def _is_complement(ctx: Context, index: int) -> bool:
    return any(has_pos(ctx, ctx.tokens[index], NOUN_TAGS, case) for case in COMPLEMENT_CASES)


def phrase_at(ctx: Context, index: int, floor: int, skip: set[int]) -> tuple[str, str, bool, int]:
    """Indicator phrase whose last noun is token ``index``, climbing complement chains to their head.

    "объема финансирования программы" -> "объем финансирования программы" (head + up to two
    complement nouns); a change noun ("рост", "снижение") is never the head of a chain.
    Returns (phrase, head lemma, has complement, first token index).
    """
    head = index
    for _ in range(MAX_CLIMB):
        token = ctx.tokens[head]
        if not any(has_pos(ctx, token, NOUN_TAGS, case) for case in COMPLEMENT_CASES):
            break
        governor = _governor(ctx, head, floor, skip)
        if governor is not None and ctx.lemma(ctx.tokens[governor]) in ctx.vocab.change:
            # a change noun is a link ("индекс роста объема"), never the head ("увеличение объема")
            above = _governor(ctx, governor, floor, skip) if _is_complement(ctx, governor) else None
            governor = (
                above if above is not None and ctx.lemma(ctx.tokens[above]) not in ctx.vocab.change else None
            )
        if governor is None:
            break
        head = governor
    start = adjectives_before(ctx, head, floor)
    phrase = agree_phrase(ctx, ctx.tokens[start : head + 1])
    if head == index:
        return phrase, ctx.lemma(ctx.tokens[head]), False, start
    complement, nouns = [], 0
    for token in ctx.tokens[head + 1 : index + 1]:
        complement.append(token.low)
        nouns += is_noun(ctx, token)
        if nouns == MAX_COMPLEMENT_NOUNS:
            break
    return f"{phrase} {' '.join(complement)}", ctx.lemma(ctx.tokens[head]), True, start


def _governed(ctx: Context, start: int) -> bool:
    """A preposition stands before the phrase (quotes skipped): "по «чистым» видам"."""
    i = start - 1
    while i >= 0 and ctx.tokens[i].text in "«»\"'":
        i -= 1
    return i >= 0 and ctx.tokens[i].low in ctx.vocab.prepositions


def indicator_before(
    ctx: Context, index: int, floor: int, skip: set[int], allow_change: bool = True
) -> str | None:
    """The nearest preceding noun phrase in the sentence.

    Brackets and «quotes» are jumped over. Generic heads without a complement ("достиг объема") and
    phrases after a preposition ("в местах", "на реализацию") are kept only as fallbacks, unless
    they stand right before the number and are not both ("общим объемом 192,4 тыс. м3", "с объемом
    инвестиций не менее 50 млрд", but not "в сумме 100,0"). A change noun ("прирост составил
    157 %") counts only as the nearest candidate.
    """
    fallbacks: dict[str, str] = {}
    i, seen = index - 1, 0
    while i >= floor and seen < 40:
        seen += 1
        if ctx.tokens[i].text in (")", "»"):
            i = _matching_open(ctx, i, floor) - 1
            continue
        if _indicator_noun(ctx, i, skip, allow_change and not fallbacks):
            phrase, head, complement, start = phrase_at(ctx, i, floor, skip)
            generic, governed = head in ctx.vocab.generic_heads and not complement, _governed(ctx, start)
            if not (generic or governed):
                return phrase
            qualified = not generic or start < i  # "общим объемом", not a bare "сумму"
            if not fallbacks and not governed and qualified and _adjacent(ctx, i, index):
                return phrase  # "общим объемом 192,4 тыс. м3"
            if not fallbacks and not generic and _adjacent(ctx, i, index):
                return phrase  # "с объемом инвестиций не менее 50 млрд"
            fallbacks.setdefault("generic" if generic else "governed", phrase)
            i = start
        i -= 1
    return fallbacks.get("governed") or fallbacks.get("generic")


def _adjacent(ctx: Context, last: int, index: int) -> bool:
    """Only approx words ("не менее", "около") stand between token ``last`` and the number at ``index``."""
    between = ctx.tokens[last + 1 : index]
    return all(t.is_word and t.low in ctx.vocab.approx_words for t in between)


def indicator_label_before(ctx: Context, index: int) -> str | None:
    """A quoted label before a dash: "« оптовая и розничная торговля » - 37,80 %"."""
    if index < 2 or ctx.tokens[index - 1].text not in "-–—" or ctx.tokens[index - 2].text != "»":
        return None
    opening = _matching_open(ctx, index - 2, 0)
    words = [t.low for t in ctx.tokens[opening + 1 : index - 2] if t.is_word]
    return " ".join(words) if 0 < len(words) <= 8 else None


def indicator_label_after(ctx: Context, index: int) -> str | None:
    """A label after a dash: "37,5 % - производство и распределение электроэнергии, газа и воды"."""
    if index + 1 >= len(ctx.tokens) or ctx.tokens[index].text not in "-–—":
        return None
    if ctx.tokens[index].start - ctx.tokens[index - 1].end > 2:
        return None
    first = ctx.tokens[index + 1]
    if not (is_noun(ctx, first) or is_adjective(ctx, first)) or not has_pos(
        ctx, first, NOUN_TAGS | ADJ_TAGS, "nomn"
    ):
        return None
    words = []
    for token in ctx.tokens[index + 1 :]:
        if token.text in (";", ".", ":", "(") or token.text[0].isdigit() or len(words) == 8:
            break
        if token.is_word:
            words.append(token.low)
    while words and words[-1] in ("и", "или", "в", "на", "по"):
        words.pop()
    return " ".join(words) or None


def _matching_open(ctx: Context, close: int, floor: int) -> int:
    pairs = {")": "(", "»": "«"}
    closing, opening = ctx.tokens[close].text, pairs[ctx.tokens[close].text]
    depth = 0
    for i in range(close, floor - 1, -1):
        depth += {closing: 1, opening: -1}.get(ctx.tokens[i].text, 0)
        if depth == 0:
            return i
    return close


def indicator_after(ctx: Context, index: int) -> str | None:
    """A genitive noun phrase right after the unit ("80 % мероприятий" -> "мероприятие")."""
    found = noun_phrase_after(ctx, index, case="gent")
    if found is None:
        return None
    tokens, end = found
    if ctx.lemma(tokens[-1]) in ctx.vocab.not_indicator or tokens[-1].text.isupper():
        return None
    phrase = agree_phrase(ctx, tokens)
    more = noun_phrase_after(ctx, end, case="gent")
    if ctx.lemma(tokens[-1]) in ctx.vocab.generic_heads and more:
        phrase += " " + " ".join(t.low for t in more[0])
    return phrase


def counted_indicator(ctx: Context, unit: str, end: int) -> str:
    """A count's indicator: the counted noun, or what a classifier counts ("2542 головы свиней" -> "свинья")."""
    if unit not in ctx.vocab.classifiers:
        return unit
    more = noun_phrase_after(ctx, end, case="gent")
    if more is None or ctx.lemma(more[0][-1]) in ctx.vocab.not_indicator or more[0][-1].text.isupper():
        return unit
    return agree_phrase(ctx, more[0])
