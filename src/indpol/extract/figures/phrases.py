"""The indicator a figure measures, from the noun phrases around it.

"объем финансирования программы составит …" -> "объем финансирования программы" (head in the
nominative, complements as written); "80 % мероприятий" -> "мероприятие"; labels after or before a dash.
"""

from __future__ import annotations

from indpol.extract.figures.context import Context, Token
from indpol.extract.figures.nouns import (
    ADJ_TAGS,
    NOUN_TAGS,
    agree_phrase,
    agrees_in_case,
    cases,
    counting_head,
    has_pos,
    in_name,
    is_adjective,
    is_noun,
    is_pronoun,
    noun_phrase_after,
    pp_complement,
    substantive_after,
)

COMPLEMENT_CASES = ("gent", "ablt")  # "объем финансирования", "обеспеченность койками"
MAX_CLIMB = 6
MAX_COMPLEMENT_NOUNS = 2
GENITIVE_PREPOSITIONS = {"для", "из", "от", "у", "без", "после", "около", "возле", "среди", "вдоль", "кроме"}


def _indicator_noun(ctx: Context, index: int, skip: set[int], allow_change: bool) -> bool:
    token = ctx.tokens[index]
    lemma = ctx.lemma(token)
    return (
        index not in skip
        and token.is_word
        and len(token.text) > 2
        and is_noun(ctx, token)
        and (lemma not in ctx.vocab.not_indicator or counting_head(ctx, index))
        and (allow_change or lemma not in ctx.vocab.change)
        and not token.text.isupper()
    )


def _dative(ctx: Context, token: Token) -> bool:
    """Only a dative reading: an addressee ("услуг, оказываемых населению", "помощи гражданам"), not a measure."""
    found = cases(ctx, token)
    return found == {"datv"}


def adjectives_before(ctx: Context, index: int, floor: int) -> int:
    """First token of the adjectives before ``index`` ("культурно - досугового", "крупным и средним")."""
    start, own = index, cases(ctx, ctx.tokens[index]) if index < len(ctx.tokens) else set()
    while start - 1 >= floor:
        token = ctx.tokens[start - 1]
        if is_adjective(ctx, token) and agrees_in_case(ctx, token, own):
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
        previous = _agreeing_before(ctx, previous - 1, floor) - 1
    if previous < floor or not _indicator_noun(ctx, previous, skip, allow_change=True):
        return None
    return None if in_name(ctx, previous, floor) else previous  # "город Асино населением …": not "Асино"


def _agreeing_before(ctx: Context, index: int, floor: int) -> int:
    """First of the adjectives before a listed noun that agree with it in case: "товаров, выполненных работ"
    is a list, "домов, построенных индивидуальными застройщиками, общей площадью" is not."""
    start, own = index, cases(ctx, ctx.tokens[index])
    while start - 1 >= floor and is_adjective(ctx, ctx.tokens[start - 1]):
        parses = ctx.morph.parse(ctx.tokens[start - 1].low)[:3]
        if not any(p.tag.POS in ADJ_TAGS and p.tag.case in own for p in parses):
            break
        start -= 1
    return start


def _is_complement(ctx: Context, index: int) -> bool:
    return any(has_pos(ctx, ctx.tokens[index], NOUN_TAGS, case) for case in COMPLEMENT_CASES)


def phrase_at(
    ctx: Context, index: int, floor: int, skip: set[int], climb: bool = True, adjacent: bool = False
) -> tuple[str, str, bool, int]:
    """Indicator phrase whose last noun is token ``index``, climbing complement chains to their head.

    "объема финансирования программы" -> "объем финансирования программы" (head + up to two
    complement nouns); a change noun ("рост", "снижение") is never the head of a chain.
    Returns (phrase, head lemma, has complement, first token index).
    """
    head = index
    for _ in range(MAX_CLIMB if climb else 0):
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
        if governor is not None and ctx.lemma(ctx.tokens[governor]) in ctx.vocab.transparent_heads:
            governor = None  # "сохранение уровня безработицы": the level is the measure
        measure = adjacent and cases(ctx, token) == {"ablt"} and ctx.lemma(token) in ctx.vocab.measures
        if governor is not None and measure:
            governor = (
                None  # "мероприятий с пребыванием людей общим числом участников 264,6 тыс.": the measure
            )
        if governor is None:
            break
        head = governor
    start = adjectives_before(ctx, head, floor)
    phrase = agree_phrase(ctx, ctx.tokens[start : head + 1])
    if head == index:
        extra = pp_complement(ctx, head) or (
            [ctx.tokens[head + 1]] if substantive_after(ctx, head + 1) else []
        )
        if not climb and start == head and not extra:  # a bare measure: "по ремонту кровли площадью 540 м2"
            measured = _measured(ctx, head, floor, skip)
            phrase += "".join(" " + t.low for t in measured if not is_pronoun(ctx, t))
            return phrase, ctx.lemma(ctx.tokens[head]), bool(measured), start
        phrase += "".join(" " + t.low for t in extra)
        return phrase, ctx.lemma(ctx.tokens[head]), bool(extra), start
    complement, nouns = [], 0
    for token in ctx.tokens[head + 1 : index + 1]:
        if is_pronoun(ctx, token):
            continue  # "значение этого показателя" -> "значение показателя"
        complement.append(token.low)
        nouns += is_noun(ctx, token)
        if nouns == MAX_COMPLEMENT_NOUNS:
            break
    return f"{phrase} {' '.join(complement)}", ctx.lemma(ctx.tokens[head]), True, start


def _measured(ctx: Context, measure: int, floor: int, skip: set[int]) -> list[Token]:
    """The genitive phrase (up to two nouns) a bare instrumental measure qualifies: "работы по ремонту кровли
    площадью" -> [кровли], "строительство сетей водоснабжения протяженностью" -> [сетей, водоснабжения], "для
    семьи численностью" -> [семьи]; none for a nominative one ("водопроводные сети протяженностью")."""
    out: list[Token] = []
    j = measure - 1
    while j >= floor and j not in skip and sum(is_noun(ctx, t) for t in out) < MAX_COMPLEMENT_NOUNS:
        token = ctx.tokens[j]
        if not (is_noun(ctx, token) and has_pos(ctx, token, NOUN_TAGS, "gent")) or in_name(ctx, j, floor):
            break
        first = j
        while first - 1 >= floor and is_adjective(ctx, ctx.tokens[first - 1]):
            if not has_pos(ctx, ctx.tokens[first - 1], ADJ_TAGS, "gent"):
                break
            first -= 1
        before = ctx.tokens[first - 1] if first > floor else None
        if before is None or not (before.low in GENITIVE_PREPOSITIONS or is_noun(ctx, before)):
            break
        out = [*ctx.tokens[first : j + 1], *out]
        if before.low in GENITIVE_PREPOSITIONS or not has_pos(ctx, before, NOUN_TAGS, "gent"):
            break
        j = first - 1
    return out


def _governed(ctx: Context, start: int, head: int | None = None) -> bool:
    """A preposition stands before the phrase (quotes skipped): "по «чистым» видам"; a conjunct shares
    the preposition of the noun it is coordinated with: "на культуру и кинематографию"."""
    i = start - 1
    while i >= 0 and (ctx.tokens[i].text in "«»\"'" or is_pronoun(ctx, ctx.tokens[i]) or _adverb(ctx, i)):
        i -= 1  # "на эти цели", "в пожизненно наследуемом владении"
    if i >= 0 and is_noun(ctx, ctx.tokens[i]) and ctx.lemma(ctx.tokens[i]) in ctx.vocab.not_indicator:
        first = i  # "по второму варианту прогноза", not "за счет средств", "в том числе пашни"
        while (
            first > 0
            and is_adjective(ctx, ctx.tokens[first - 1])
            and not is_pronoun(ctx, ctx.tokens[first - 1])
        ):
            first -= 1
        i = first - 1 if first < i else i
    own = cases(ctx, ctx.tokens[head]) if head is not None else set()
    in_list = (
        head is not None and head + 1 < len(ctx.tokens) and ctx.tokens[head + 1].low in (",", "и", "или")
    )
    links = ("и", "или", ",") if in_list else ("и", "или")  # "на культуру, спорт и кинематографию"
    while (
        i >= 1
        and ctx.tokens[i].low in links
        and is_noun(ctx, ctx.tokens[i - 1])
        and own & cases(ctx, ctx.tokens[i - 1])
    ):
        links = ("и", "или", ",")
        i = adjectives_before(ctx, i - 1, 0) - 1
        while i >= 0 and ctx.tokens[i].text in "«»\"'":
            i -= 1
    return i >= 0 and ctx.tokens[i].low in ctx.vocab.prepositions


def indicator_before(
    ctx: Context,
    index: int,
    floor: int,
    skip: set[int],
    allow_change: bool = True,
    previous: dict[int, str] | None = None,
) -> str | None:
    """The nearest preceding noun phrase in the sentence.

    Brackets and «quotes» are jumped over. Generic heads without a complement ("достиг объема") and
    phrases after a preposition ("в местах", "на реализацию") are kept only as fallbacks, unless
    they stand right before the number and are not both ("общим объемом 192,4 тыс. м3", "с объемом
    инвестиций не менее 50 млрд", but not "в сумме 100,0"). A change noun ("прирост составил
    157 %") counts only as the nearest candidate. ``previous`` maps the tokens of the figures of the
    same kind and unit before this one to their indicators: reached before any phrase of its own, such a
    figure lends its indicator ("возрастет на 2 % по первому варианту и на 2,5 % по второму").
    """
    fallbacks: dict[str, str] = {}
    i, seen = index - 1, 0
    while i >= floor and seen < 40:
        seen += 1
        if own_verb(ctx, i):
            previous = None  # "родилось 92 младенца, …, умерло 102 человека": a verb of its own, a subject of its own
        if previous and i in previous:  # a label before a dash still names its own figure
            return fallbacks.get("label") or previous[i]  # "по переработке молока - на 155 тыс. тонн"
        if ctx.tokens[i].text in (")", "»"):
            i = _matching_open(ctx, i, floor) - 1
            continue
        if _indicator_noun(ctx, i, skip, allow_change and not fallbacks) and in_name(ctx, i, floor):
            i = adjectives_before(ctx, i, floor) - 1  # "Заречный район": a place, not a measure
            continue
        if _indicator_noun(ctx, i, skip, allow_change and not fallbacks) and not _dative(ctx, ctx.tokens[i]):
            phrase, head, complement, start = phrase_at(
                ctx, i, floor, skip, climb=not _measure(ctx, i, index), adjacent=_adjacent(ctx, i, index)
            )
            generic, governed = head in ctx.vocab.generic_heads and not complement, _governed(ctx, start, i)
            if not (generic or governed):
                return phrase
            qualified = not generic or start < i  # "общим объемом", not a bare "сумму"
            if not fallbacks and not governed and qualified and _adjacent(ctx, i, index):
                return phrase  # "общим объемом 192,4 тыс. м3"
            if not fallbacks and not generic and _adjacent(ctx, i, index):
                return phrase  # "с объемом инвестиций не менее 50 млрд"
            fallbacks.setdefault("generic" if generic else "governed", phrase)
            if governed and _label(ctx, i, index) and _sector(ctx, start, i):
                fallbacks.setdefault("label", phrase)
            i = start
        i -= 1
    return fallbacks.get("governed") or fallbacks.get("generic")


def own_verb(ctx: Context, index: int) -> bool:
    """A finite verb that is no predicate or change verb ("умерло", "проживает"): its figure is its own subject
    or object, not a further value of the figure before."""
    token = ctx.tokens[index]
    tag = ctx.tag(token) if token.is_word else None
    if tag is None or tag.POS != "VERB":
        return False
    lemma = ctx.lemma(token)
    return lemma not in ctx.vocab.predicate_verbs and lemma not in ctx.vocab.change


def _measure(ctx: Context, noun: int, index: int) -> bool:
    """An instrumental measure right before the number: "сети протяженностью 2 км", "общей площадью 514 м2"
    (not the complement of a participle: "обеспеченных телефонной связью до 100 %")."""
    if not _adjacent(ctx, noun, index) or cases(ctx, ctx.tokens[noun]) != {"ablt"}:
        return False
    first = adjectives_before(ctx, noun, 0)
    around = ctx.tokens[max(0, first - 1) : noun]
    return not any(
        t.is_word and ctx.tag(t) is not None and ctx.tag(t).POS in ("PRTF", "PRTS") for t in around
    )


def _sector(ctx: Context, start: int, last: int) -> bool:
    """A sector or source label "по переработке молока", "из средств районного бюджета" (not a place "в городе",
    not a name, not "с учетом …")."""
    return (
        start > 0
        and ctx.tokens[start - 1].low in ("по", "из")  # not "в городе – 80 %": a place shares the measure
        and ctx.lemma(ctx.tokens[start]) not in ctx.vocab.cause_words
        and all(t.text.islower() for t in ctx.tokens[start : last + 1])
    )


def _adverb(ctx: Context, index: int) -> bool:
    tag = ctx.tag(ctx.tokens[index]) if ctx.tokens[index].is_word else None
    return tag is not None and tag.POS == "ADVB"


def _label(ctx: Context, last: int, index: int) -> bool:
    """Only a dash, "на"/"в" and approx words between token ``last`` and the number: "по переработке молока - на"."""
    between = ctx.tokens[last + 1 : index]
    return any(t.text in "-–—" for t in between) and all(
        t.text in "-–—" or t.low in ("на", "в", "среднем") or t.low in ctx.vocab.approx_words for t in between
    )


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
    """A count's indicator: the counted noun with what qualifies it ("2 предприятия хлебопечения" ->
    "предприятие хлебопечения", "75 рек протяженностью более 10 км" -> "река протяженностью более 10 км"),
    or what a classifier counts ("2542 головы свиней" -> "свинья")."""
    if unit not in ctx.vocab.classifiers:
        return unit + count_qualifier(ctx, end)
    more = noun_phrase_after(ctx, end, case="gent")
    if more is None or ctx.lemma(more[0][-1]) in ctx.vocab.not_indicator or more[0][-1].text.isupper():
        return unit
    return agree_phrase(ctx, more[0])


BOUND_WORDS = frozenset(
    {"не", "более", "менее", "свыше", "до", "от", "около", "выше", "ниже"}
)  # "более 10 км"


def count_qualifier(ctx: Context, end: int) -> str:
    """What follows a counted noun and narrows it, as written: a property with its bound ("протяженностью
    более 10 км") or a genitive complement of common nouns ("хлебопечения", "обрабатывающих производств")."""
    tokens = ctx.tokens
    if end >= len(tokens) or tokens[end].start - tokens[end - 1].end > 1 or not tokens[end].is_word:
        return ""
    first = tokens[end]
    if ctx.lemma(first) in ctx.vocab.measures and has_pos(ctx, first, NOUN_TAGS, "ablt"):
        j = end + 1
        while j < len(tokens) and tokens[j].low in BOUND_WORDS:
            j += 1
        k = j
        while k < len(tokens) and (tokens[k].text.isdigit() or tokens[k].text == ","):
            k += 1
        if k == j or k >= len(tokens) or not tokens[k].is_word:
            return ""
        return " " + ctx.text[first.start : tokens[k].end]
    found = noun_phrase_after(ctx, end, case="gent")
    if found is None:
        return ""
    phrase, after = found
    if any(t.text[0].isupper() or i in ctx.names for i, t in enumerate(phrase, start=end)):
        return ""  # a name: "28 союзных программ Союзного государства"
    if ctx.lemma(phrase[-1]) in ctx.vocab.not_indicator or ctx.lemma(phrase[-1]) in ctx.vocab.rate_bases:
        return ""
    if after < len(tokens) and tokens[after].text.isdigit():
        return ""  # "… 5 школ 2 района": another number follows
    return " " + ctx.text[first.start : phrase[-1].end]


def abbreviation_before(ctx: Context, index: int, floor: int) -> str | None:
    """An indicator abbreviation right before the number: "(ИФО 105 %)", "ИФО составит ежегодно от 105 до 109,5 %"."""
    for i in range(index - 1, max(floor, index - 5) - 1, -1):
        token = ctx.tokens[i]
        if token.text.isupper() and token.low in ctx.vocab.abbreviations:
            governed = i > 0 and ctx.tokens[i - 1].low in ctx.vocab.prepositions  # not "доля в ВРП составила"
            return None if governed else ctx.vocab.abbreviations[token.low]
        tag = ctx.tag(token) if token.is_word else None
        stop = tag is None or (tag.POS in ("NOUN", "ADJF", "PREP") and token.low not in ("от", "на"))
        if not token.is_word or stop:
            return None
    return None
