"""Noun phrases after a number and their agreement: the counted noun, adjectives + noun in the nominative.

"28 союзных программ" -> "союзная программа"; "36 малых и 8 средних субъектов" -> "малый субъект",
"средний субъект"; "более 20 культурно - массовых мероприятий" -> "культурно-массовое мероприятие".
"""

from __future__ import annotations

from typing import Any

from indpol.extract.figures.context import Context, Token
from indpol.text.tokens import fold

NOUN_TAGS = {"NOUN"}
ADJ_TAGS = {"ADJF", "PRTF"}
NAME_GRAMMEMES = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}
CLAUSE_WORDS = {"VERB", "INFN", "PRTS", "PREP", "PRCL", "ADVB", "GRND"}  # what may follow a substantive


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


def is_pronoun(ctx: Context, token: Token) -> bool:
    """A pronominal adjective ("их", "данный", "этот"): never part of an indicator."""
    return any("Apro" in p.tag for p in _parses(ctx, token))


def cases(ctx: Context, token: Token) -> set[str]:
    """The cases of the token's noun readings (top three parses)."""
    return {p.tag.case for p in _parses(ctx, token) if p.tag.POS in NOUN_TAGS and p.tag.case}


def agrees_in_case(ctx: Context, token: Token, own: set[str]) -> bool:
    """An adjective reading of ``token`` in one of the cases ``own`` (any case when ``own`` is empty);
    a participle may head a clause of its own ("пунктов, обеспеченных телефонной связью")."""
    parses = _parses(ctx, token)
    return not own or any(
        p.tag.POS == "PRTF" or (p.tag.POS in ADJ_TAGS and p.tag.case in own) for p in parses
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
        if is_pronoun(ctx, token):
            continue  # "их объем", "данного учреждения"
        parse = next((p for p in ctx.morph.parse(token.low) if p.tag.POS in ADJ_TAGS), None)
        words.append(_inflected(parse, grammemes, token.low))
    words.append(_head_lemma(ctx, head, head_parse))
    return fold(" ".join(words)).replace("о - ", "о-").replace("о – ", "о-")


def _inflected(parse: Any, grammemes: set[str], word: str) -> str:
    """The adjective in ``grammemes``; a superlative keeps its own stem ("высшей" -> "высшая", not "высочайшая")."""
    if parse is None:
        return word
    if "Supr" not in parse.tag:
        form = parse.inflect(grammemes)
        return form.word if form else word
    forms = [f.word for f in parse.lexeme if grammemes <= set(f.tag.grammemes) and "Supr" in f.tag]
    return max(forms, key=lambda f: (_shared_prefix(f, word), -len(f)), default=word)


def _shared_prefix(one: str, other: str) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )


def _head_lemma(ctx: Context, head: Token, parse: Any) -> str:
    """The head's dictionary form; a participle used as a noun keeps its own form ("обучающийся")."""
    if head.low in ctx.vocab.lemma_overrides:
        return ctx.lemma(head)
    if parse.tag.POS in ADJ_TAGS:
        form = parse.inflect({"nomn", "sing", "masc"})
        return form.word if form else head.low
    parts = [ctx.morph.parse(part)[0] for part in head.low.split("-")]
    if (
        len(parts) == 2
        and all(p.tag.POS in NOUN_TAGS and not NAME_GRAMMEMES & set(p.tag.grammemes) for p in parts)
        and (parts[0].tag.case, parts[0].tag.number) == (parts[1].tag.case, parts[1].tag.number)
    ):
        return "-".join(fold(p.normal_form) for p in parts)  # "детей-инвалидов", not "мини-отелей"
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
        if _compound_part(ctx, i):  # "культурно - массовых"
            tokens += ctx.tokens[i : i + 2]
            i += 2
            continue
        if is_adjective(ctx, token) and (case is None or has_pos(ctx, token, ADJ_TAGS, case)):
            tokens.append(token)
            i += 1
            continue
        if _adverb_of_adjective(ctx, i):  # "экономически активного населения"
            tokens.append(token)
            i += 1
            continue
        return _substantive(ctx, tokens, i)
    return None


def _adverb_of_adjective(ctx: Context, i: int) -> bool:
    """An adverb in -ски that qualifies the adjective after it ("экономически активного", "социально значимых")."""
    token = ctx.tokens[i]
    return (
        token.is_word
        and token.low.endswith(("ски", "ально", "ельно"))
        and i + 1 < len(ctx.tokens)
        and is_adjective(ctx, ctx.tokens[i + 1])
        and any(p.tag.POS == "ADVB" for p in ctx.morph.parse(token.low)[:2])
    )


def _compound_part(ctx: Context, i: int) -> bool:
    """The first part of a compound adjective split by a dash: "культурно - массовых", "социально-"."""
    token = ctx.tokens[i]
    return (
        token.is_word
        and token.low.endswith("о")
        and len(token.text) > 3
        and i + 2 < len(ctx.tokens)
        and ctx.tokens[i + 1].text in ("-", "–")
        and ctx.tokens[i + 1].start - token.end <= 1
        and is_adjective(ctx, ctx.tokens[i + 2])
    )


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
    lemma = ctx.lemma(head)
    if lemma in ctx.vocab.part_nouns and value >= 2 and head.text.islower():
        pass  # "в рамках 5 подпрограмм": a count; "Подпрограмма 1", "п. 3 раздела" are labels
    elif lemma in ctx.vocab.not_counted or len(head.text) < 3 or head.text.isupper():
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
    if last == 1 and last_two != 11:  # "1381 детей": a genitive plural after a long number is a common slip
        return any("sing" in t or "Pltm" in t or (value > 20 and "plur" in t and "gent" in t) for t in tags)
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        return any(("sing" in t and "gent" in t) or "plur" in t for t in tags)
    return any("plur" in t for t in tags)


def _coordinated(ctx: Context, tokens: list[Token]) -> str:
    """ "малых и средних предприятий" -> "малое и среднее предприятие"."""
    head = tokens[-1]
    parts = [agree_phrase(ctx, [t, head]).split()[0] if t.low != "и" else "и" for t in tokens[:-1]]
    return " ".join([*parts, agree_phrase(ctx, [head])])


def is_name(ctx: Context, index: int, sentence_start: int, entities: bool = True) -> bool:
    """A proper name: a named entity, a Geox/Name/Orgn parse, or a capitalised word inside a sentence."""
    token = ctx.tokens[index]
    if (entities and index in ctx.names) or token.text.isupper():
        return True
    parses = ctx.morph.parse(token.low)[:1] if token.is_word else []
    capital_or_noun = token.text[:1].isupper() or (parses and parses[0].tag.POS == "NOUN")
    if capital_or_noun and any(grammeme in parse.tag for parse in parses for grammeme in NAME_GRAMMEMES):
        return True  # "Беларусь", "Москва"; not the adjective in "российского рубля"
    if not token.text[:1].isupper() or _initial(ctx, index, sentence_start):
        return False
    # "Республики Беларусь" is a name; a lone capitalised "Численность" after a glued heading is a word
    neighbours = [ctx.tokens[j] for j in (index - 1, index + 1) if sentence_start <= j < len(ctx.tokens)]
    capital_next = any(t.text[:1].isupper() and t.is_word for t in neighbours)
    in_name = capital_next and not _initial(ctx, index - 1, sentence_start)
    return in_name or not ctx.morph.is_known(token.low)


def _initial(ctx: Context, index: int, sentence_start: int) -> bool:
    """First word of the sentence or of a line."""
    if index <= sentence_start:
        return True
    line_start = ctx.text.rfind("\n", 0, ctx.tokens[index].start) + 1
    return not ctx.text[line_start : ctx.tokens[index].start].strip(' -–—•*«"(')


def in_name(ctx: Context, index: int, floor: int) -> bool:
    """The noun is a name or the head of one: "Заречный район", "Воронежской области" (a place or body
    noun of ``name_heads`` after a capitalised adjective inside the sentence), "город Ключи".

    Entity spans are not trusted here: a fallback phrase tagged ORG ("Охват флюорографией") is still a measure.
    """
    token = ctx.tokens[index]
    if is_name(ctx, index, floor, entities=False):
        return True
    if (
        token.text[:1].isupper()
        and index > floor
        and ctx.lemma(ctx.tokens[index - 1]) in ctx.vocab.name_heads
    ):
        return True  # "город Ключи", "село Раскатиха"
    if ctx.lemma(token) not in ctx.vocab.name_heads:
        return False  # "… финансирования Общий объем": a glued heading, not a name
    own = cases(ctx, ctx.tokens[index])
    j = index - 1
    while j >= floor and is_adjective(ctx, ctx.tokens[j]):
        if not agrees_in_case(ctx, ctx.tokens[j], own):
            return False  # "город Асино населением": "Асино" is not an adjective of "населением"
        if ctx.tokens[j].text[:1].isupper() and not _initial(ctx, j, floor):
            return True
        j -= 1
    return False


def pp_complement(ctx: Context, head: int, limit: int = 4, at: int | None = None) -> list[Token]:
    """The prepositional complement of a head like "расходы" ("на культуру и кинематографию"), or []; ``at``: where
    it starts when the head's genitive complements stand between ("доля пищевых продуктов в отгрузке")."""
    prepositions = ctx.vocab.pp_heads.get(ctx.lemma(ctx.tokens[head]))
    index = head + 1 if at is None else at
    if not prepositions or index + 1 >= len(ctx.tokens) or ctx.tokens[index].low not in prepositions:
        return []
    found = noun_phrase_after(ctx, index + 1)
    if (
        found is None
        or ctx.lemma(found[0][-1]) in ctx.vocab.generic_heads | ctx.vocab.not_indicator
        or any(is_name(ctx, i, 0, entities=False) for i in range(index + 1, found[1]))
        or any(ctx.lemma(t) in ctx.vocab.indicator_stops or is_pronoun(ctx, t) for t in found[0])
    ):
        return []  # not "поступление в сумме", "налог на 2016 год", "доход от Заречного района"
    tokens, end = [ctx.tokens[index], *found[0]], found[1]
    following = (
        noun_phrase_after(ctx, end + 1) if end < len(ctx.tokens) and ctx.tokens[end].low == "и" else None
    )
    if following is not None and cases(ctx, found[0][-1]) & cases(ctx, following[0][-1]):
        tokens, end = [*tokens, ctx.tokens[end], *following[0]], following[1]
    for _ in range(2):  # "на возмещение части затрат": a genitive chain
        complement = noun_phrase_after(ctx, end, case="gent")
        if complement is None or ctx.lemma(complement[0][-1]) in ctx.vocab.not_indicator:
            break
        tokens, end = tokens + complement[0], complement[1]
    words = [t for t in tokens if t.is_word and t.low != "и"]
    return tokens if len(words) <= limit + 1 else tokens[: len(found[0]) + 1]


MEASURE_HEADS = {"число", "количество", "численность"}


def measure_count(ctx: Context, first: int) -> tuple[str, str] | None:
    """ "Количество создаваемых рабочих мест – 36", "число хозяйств в поселении – 463": a bare number after
    a count measure and a dash (or "составляет") counts the measure's noun: (unit, indicator)."""
    i = first - 1
    if i < 1 or not (
        ctx.tokens[i].text in ("-", "–", "—", ":") or ctx.lemma(ctx.tokens[i]).startswith("составл")
    ):
        return None
    for k in range(i - 1, max(-1, i - 9), -1):
        token = ctx.tokens[k]
        if token.text in (",", ";", ".", "(", ")") or not (token.is_word or token.text == "-"):
            return None
        if ctx.lemma(token) not in MEASURE_HEADS or ctx.lemma(token) == "численность":
            continue
        found = noun_phrase_after(ctx, k + 1, case="gent")
        if found is None or found[1] > i or ctx.lemma(found[0][-1]) in ctx.vocab.not_counted:
            return None
        words = [t for t in found[0] if not (ctx.tag(t) is not None and ctx.tag(t).POS == "PRTF")]
        unit = agree_phrase(ctx, words) if words else agree_phrase(ctx, found[0][-1:])
        return unit, " ".join(t.low for t in [token, *found[0]])
    return None


def substantive_after(ctx: Context, index: int) -> bool:
    """A plural genitive adjective or participle used as a noun ends a phrase at token ``index``:
    "численность безработных", "количество обучающихся, занимающихся …", "численность занятых в экономике"."""
    if index >= len(ctx.tokens) or not ctx.tokens[index].is_word or not ctx.tokens[index].text.islower():
        return False
    parses = _parses(ctx, ctx.tokens[index])
    if not any(
        p.tag.POS in ADJ_TAGS | NOUN_TAGS and {"plur", "gent"} <= set(p.tag.grammemes) for p in parses
    ):
        return False
    if not any(p.tag.POS in ADJ_TAGS for p in parses) or is_pronoun(ctx, ctx.tokens[index]):
        return False
    previous = ctx.tokens[index - 1] if index > 0 else None
    plural_noun = previous is not None and any(
        p.tag.POS in NOUN_TAGS and {"plur", "gent"} <= set(p.tag.grammemes) for p in _parses(ctx, previous)
    )
    if plural_noun:
        return False  # "ресурсов необходимых": an adjective after its noun
    following = ctx.tokens[index + 1] if index + 1 < len(ctx.tokens) else None
    if following is None or not following.is_word:
        return True
    tag = ctx.tag(following)
    return tag is not None and tag.POS in CLAUSE_WORDS and following.low not in ("и", "или")


def counting_head(ctx: Context, index: int) -> bool:
    """ "число детей", "число преступлений": "число" with a genitive noun is a measure (not "15 числа месяца",
    not "в том числе гравийных дорог", "в их числе")."""
    if ctx.lemma(ctx.tokens[index]) != "число":
        return False
    before = ctx.tokens[index - 1] if index > 0 else None
    if before is not None and (before.low in ctx.vocab.prepositions or is_pronoun(ctx, before)):
        return False
    found = noun_phrase_after(ctx, index + 1, case="gent")
    return found is not None and ctx.lemma(found[0][-1]) not in ctx.vocab.not_indicator
