"""The grammatical subject of a figure's predicate as its indicator.

"взаимный товарооборот Российской Федерации и Республики Беларусь в 2023 году составил около
50 млрд долларов США" -> "взаимный товарооборот": the figure is the object of a predicate verb
("составить", "достигнуть", "увеличиться" … from ``units.yaml``), and the indicator is the
nominative noun that agrees with that verb, with its genitive complements up to a proper name.
"""

from __future__ import annotations

from typing import Any

from indpol.extract.figures.context import Context, Token
from indpol.extract.figures.nouns import (
    ADJ_TAGS,
    NOUN_TAGS,
    agree_phrase,
    counting_head,
    has_pos,
    in_name,
    is_adjective,
    is_name,
    is_noun,
    is_pronoun,
    noun_phrase_after,
    pp_complement,
    substantive_after,
)
from indpol.text.tokens import fold

MAX_GAP = 8  # tokens between the predicate verb and the figure ("составил в 2023 году около …")
MAX_WORDS = 8  # measure + object + qualifiers: "темп прироста уровня регистрируемой безработицы"
MAX_ADJECTIVES = 1
MAX_COMPLEMENTS = 3
VERB_TAGS = {"VERB", "INFN", "PRTS", "GRND"}
CLAUSE_STOPS = {";", ":"}
RELATIVE = {"который", "что", "где", "когда", "чтобы"}
INSTRUMENTAL_HEADS = {"охват", "обеспечение", "оснащение", "укомплектование"}


def predicate_verb(ctx: Context, first: int, floor: int, others: set[int]) -> int | None:
    """Index of the predicate verb the figure at token ``first`` completes, if one stands right before it.

    Only words that are not verbs, dates and approx words may stand between ("составил в 2023 году
    около", "составляет :"); another verb, another figure or a clause mark (",", ";", brackets) ends it.
    """
    for i in range(first - 1, max(floor, first - MAX_GAP) - 1, -1):
        token = ctx.tokens[i]
        if (
            token.text == "."
            and i > 0
            and ctx.tokens[i - 1].text.islower()
            and len(ctx.tokens[i - 1].text) <= 3
        ):
            continue  # "составляет в с. Белозерское – 17,288 км": an abbreviation's dot
        if i in others or token.text in (",", ";", "(", ")", "."):
            return None
        if not token.is_word:
            continue
        tag = ctx.tag(token)
        if tag is None or tag.POS not in VERB_TAGS:
            continue
        return i if ctx.lemma(token) in ctx.vocab.predicate_verbs else None
    return None


def is_gerund(ctx: Context, verb: int) -> bool:
    """ "увеличившись на 8,7 %": the verb has no subject of its own."""
    tag = ctx.tag(ctx.tokens[verb])
    return tag is not None and tag.POS == "GRND"


def after_what(ctx: Context, verb: int, floor: int) -> bool:
    """ "…, что составляет 103,5 % к уровню 2016 года": the verb's subject is the clause before."""
    start = _clause_start(ctx, verb, floor, set())
    return start > floor and ctx.tokens[start - 1].low == "что"


def subject_indicator(
    ctx: Context, verb: int, floor: int, others: set[int], exclude: set[int] | None = None
) -> str | None:
    """The subject of the predicate ``verb`` as a short indicator phrase (None when there is none);
    an infinitive after a finite verb agrees through it ("может составить", "будет составлять").
    ``others`` are the tokens of other figures (they end the clause), ``exclude`` tokens that are no subject."""
    modal = ctx.tag(ctx.tokens[verb - 1]) if verb > floor and ctx.tokens[verb - 1].is_word else None
    if ctx.tag(ctx.tokens[verb]).POS == "INFN" and modal is not None and modal.POS == "VERB":
        verb -= 1
    agreement = _agreement(ctx, verb)
    if agreement is None:
        return None
    start = _clause_start(ctx, verb, floor, others)
    for i in reversed(_main_clause_tokens(ctx, start, verb)):  # the nearest: not a heading glued before
        abbreviation = (
            ctx.vocab.abbreviations.get(ctx.tokens[i].low) if ctx.tokens[i].text.isupper() else None
        )
        if abbreviation and not _governed(ctx, i, start):
            return abbreviation  # "ВРП в 2020 году составил …"
        if (
            i not in (exclude or ())
            and _agrees(ctx, i, agreement)
            and not _governed(ctx, i, start)
            and not (is_name(ctx, i, floor) or in_name(ctx, i, floor))
        ):
            not_measure = ctx.lemma(ctx.tokens[i]) in ctx.vocab.not_indicator and not counting_head(ctx, i)
            if not_measure or _complement_of_noun(ctx, i, start):
                continue
            return subject_phrase(ctx, i, floor)
    return None


def _agreement(ctx: Context, verb: int) -> tuple[str, str | None] | None:
    """(number, gender or None) the subject must have; None for verbs without a subject."""
    parses = [p for p in ctx.morph.parse(ctx.tokens[verb].low)[:3] if p.tag.POS in ("VERB", "PRTS")]
    if not parses:
        return None
    tag = parses[0].tag
    if tag.number is None:
        return None
    gender = tag.gender if tag.number == "sing" and ("past" in tag or tag.POS == "PRTS") else None
    return tag.number, gender


def _clause_start(ctx: Context, verb: int, floor: int, others: set[int]) -> int:
    """First token of the verb's clause: after a clause mark, another figure or a relative word."""
    i = verb - 1
    while i >= floor:
        token = ctx.tokens[i]
        if i in others or token.text in CLAUSE_STOPS:
            return i + 1
        if token.is_word and ctx.lemma(token) in RELATIVE and _after_comma(ctx, i, floor):
            return i + 1  # "ожидается, что численность … составит"; "…, что составляет" has no subject here
        i -= 1
    return floor


def _after_comma(ctx: Context, index: int, floor: int) -> bool:
    """The word opens a clause: a comma (or the clause start) right before it, prepositions skipped."""
    j = index - 1
    while j >= floor and ctx.tokens[j].low in ctx.vocab.prepositions:
        j -= 1
    return j < floor or ctx.tokens[j].text in (",", "(", "-", "–", "—")


def _main_clause_tokens(ctx: Context, start: int, verb: int) -> list[int]:
    """Token indices from ``start`` to ``verb`` outside brackets, quotes and participial or relative clauses."""
    out, depth, inserted = [], 0, False
    for i in range(start, verb):
        token = ctx.tokens[i]
        if token.text in ("(", "«"):
            depth += 1
        elif token.text in (")", "»"):
            depth = max(0, depth - 1)
        elif token.text == ",":
            following = ctx.tokens[i + 1] if i + 1 < verb else None
            inserted = following is not None and _opens_clause(ctx, following)
        elif depth == 0 and not inserted:
            out.append(i)
    return out


def _opens_clause(ctx: Context, token: Token) -> bool:
    """A participle, a gerund ("включая", also read as a preposition) or a relative word after a comma
    opens a clause that is not the subject's."""
    if not token.is_word:
        return False
    tag = ctx.tag(token)
    gerund = any(p.tag.POS == "GRND" for p in ctx.morph.parse(token.low)[:3])
    return ctx.lemma(token) in RELATIVE or gerund or (tag is not None and tag.POS == "PRTF")


def _agrees(ctx: Context, index: int, agreement: tuple[str, str | None]) -> bool:
    token = ctx.tokens[index]
    if not token.is_word or len(token.text) < 3:
        return False
    number, gender = agreement
    for parse in ctx.morph.parse(token.low)[:3]:
        tag = parse.tag
        if tag.POS not in NOUN_TAGS or "nomn" not in tag or is_adjective(ctx, token):
            continue
        plural = "plur" in tag or "Pltm" in tag
        if (number == "plur") != plural:
            continue
        if gender is None or tag.gender in (gender, None) or "ms-f" in tag or "Ms-f" in tag:
            return True
    return False


def _complement_of_noun(ctx: Context, index: int, floor: int) -> bool:
    """ "объемы производства возрастут": a genitive homonym of the nominative right after a noun is its complement."""
    if not has_pos(ctx, ctx.tokens[index], NOUN_TAGS, "gent"):
        return False
    j = index - 1
    while j >= floor and (is_adjective(ctx, ctx.tokens[j]) or ctx.tokens[j].text in ("и", ",")):
        j -= 1  # "производстве электроэнергии, газа и воды"
    return j >= floor and is_noun(ctx, ctx.tokens[j])


def _governed(ctx: Context, index: int, floor: int) -> bool:
    """A preposition governs the noun (adjectives, quotes and nouns coordinated by "и" skipped);
    a noun of another phrase before it ends the search ("по сравнению с прошлым годом объем …")."""
    j = index - 1
    while j >= floor:
        token = ctx.tokens[j]
        if token.low in ctx.vocab.prepositions:
            return True
        if token.text in "«»\"'" or (token.is_word and _modifier(ctx, token)):
            j -= 1
        elif token.low == "и" and j - 1 >= floor and _modifier_or_noun(ctx, ctx.tokens[j - 1]):
            j -= 2  # "на культуру и кинематографию"
        else:
            return False
    return False


def _modifier(ctx: Context, token: Token) -> bool:
    tag = ctx.tag(token)
    return tag is not None and tag.POS in ADJ_TAGS


def _modifier_or_noun(ctx: Context, token: Token) -> bool:
    tag = ctx.tag(token)
    return tag is not None and tag.POS in NOUN_TAGS | ADJ_TAGS


def subject_phrase(ctx: Context, head: int, floor: int) -> str | None:
    """The subject's head with up to two adjectives before it and its genitive complements after it.

    A transparent head ("оценка численности") or a generic one before a self-standing measure
    ("объем взаимного товарооборота") gives way to its complement; a generic head without a
    complement ("данный показатель") is no indicator here (None).
    """
    complements = _complements(ctx, head + 1, floor, MAX_COMPLEMENTS + 1)
    lemma = ctx.lemma(ctx.tokens[head])
    if complements and (
        lemma in ctx.vocab.transparent_heads
        or lemma in ctx.vocab.change  # "снижение объемов производства молока"
        or (lemma in ctx.vocab.generic_heads and ctx.lemma(complements[0][-1]) in ctx.vocab.self_measures)
    ):
        first = complements[0]
        phrase = agree_phrase(ctx, first)
        rest = [t.low for c in complements[1:] for t in c]
        if len(complements) == 1:  # "прирост инвестиций в основной капитал"
            rest = [t.low for t in pp_complement(ctx, ctx.index_at(first[-1].start))]
        return " ".join([phrase, *rest][:MAX_WORDS])
    if lemma in ctx.vocab.generic_heads and not complements:
        return None
    complements = complements[:MAX_COMPLEMENTS] or [pp_complement(ctx, head)]
    adjectives = _adjectives(ctx, head, floor)
    size = len([t for c in complements for t in c if t.is_word and t.low != "и"])
    if adjectives and size + len(adjectives) + 1 > MAX_WORDS and ctx.tag(adjectives[0]).POS == "PRTF":
        adjectives = []  # "Прогнозируемый объем производства зерновых и зернобобовых культур": keep what is measured
    words = agree_phrase(ctx, [*adjectives, ctx.tokens[head]]).split()
    for complement in complements:
        if (
            len([w for w in words if w != "и"]) + len([t for t in complement if t.is_word and t.low != "и"])
            > MAX_WORDS
        ):
            break
        words += [fold(t.low) for t in complement if not is_pronoun(ctx, t)]
    if complements and complements[0] and complements[-1] != pp_complement(ctx, head):
        # "… заработной платы по предприятиям", "доля пищевых продуктов в отгрузке"
        tail = pp_complement(ctx, ctx.index_at(complements[-1][-1].start))
        tail = tail or pp_complement(ctx, head, at=ctx.index_at(complements[-1][-1].end))
        if tail and len(words) + len([t for t in tail if t.is_word and t.low != "и"]) <= MAX_WORDS + 1:
            words += [fold(t.low) for t in tail]
    return " ".join(words).replace("о - ", "о-")


def _adjectives(ctx: Context, head: int, floor: int) -> list[Token]:
    out: list[Token] = []
    i = head - 1
    while i >= floor and len(out) < MAX_ADJECTIVES and is_adjective(ctx, ctx.tokens[i]):
        parses = [p for p in ctx.morph.parse(ctx.tokens[i].low)[:3] if p.tag.POS in ADJ_TAGS]
        nominative = any("nomn" in p.tag for p in parses) and not any("Apro" in p.tag for p in parses)
        if is_name(ctx, i, floor) or not nominative:
            break  # not a name, not "эта", "данный", not "при этом"
        out.insert(0, ctx.tokens[i])
        i -= 1
    return out


def _takes_instrumental(governors: list[str]) -> bool:
    """An instrumental after a head and its complements (``governors``, lemmas) is an object or instrument
    ("обеспеченность врачами", "охват детей образованием", "уровень газификации жилья природным газом"),
    not an agent ("производство молока всеми категориями хозяйств")."""
    return governors[0].endswith("ость") or any(
        lemma in INSTRUMENTAL_HEADS or lemma.endswith(("ация", "ение", "ание")) for lemma in governors
    )


def _complements(ctx: Context, index: int, floor: int, limit: int) -> list[list[Token]]:
    """Genitive noun phrases right after the head, up to a proper name ("товарооборот Российской Федерации")."""
    out: list[list[Any]] = []
    head = ctx.lemma(ctx.tokens[index - 1]) if index > 0 else ""
    while len(out) < limit:
        found = noun_phrase_after(ctx, index, case="gent")
        governors = [head, *(ctx.lemma(complement[-1]) for complement in out)]
        if found is None and _takes_instrumental(
            governors
        ):  # "обеспеченность койками", "охват детей образованием"
            found = noun_phrase_after(ctx, index, case="ablt")
            if found is not None and is_pronoun(ctx, found[0][0]):
                found = None  # "всеми категориями хозяйств": an agent
            if found is not None and out:
                out.append(found[0])
                break
        if found is None and substantive_after(ctx, index):  # "численность безработных"
            out.append([ctx.tokens[index]])
            break
        if found is None:
            break
        tokens, end = found
        coordinated = end < len(ctx.tokens) and ctx.tokens[end].low == "и"
        adjective_too = any(p.tag.POS in ADJ_TAGS for p in ctx.morph.parse(tokens[-1].low))
        if coordinated and adjective_too:  # "малого и среднего предпринимательства"
            more = noun_phrase_after(ctx, end + 1, case="gent")
            # a substantive and a noun: "учащихся и студентов"
            lone = len(tokens) == 1 and more is not None and is_noun(ctx, more[0][-1])
            if more is None or not (is_adjective(ctx, more[0][0]) or lone):
                break
            tokens, end = [*tokens, ctx.tokens[end], *more[0]], more[1]
        elif coordinated and is_noun(ctx, tokens[-1]):  # "производство машин и оборудования"
            more = noun_phrase_after(ctx, end + 1, case="gent")
            if more is not None and is_noun(ctx, more[0][-1]) and not is_name(ctx, more[1] - 1, floor):
                tokens, end = [*tokens, ctx.tokens[end], *more[0]], more[1]
        if not has_pos(ctx, tokens[-1], NOUN_TAGS) and not (
            len(tokens) == 1 and substantive_after(ctx, end - 1)
        ):
            break  # "субъектов малого и среднего …": a substantivised adjective ends no phrase here
        if any(is_name(ctx, j, floor) for j in range(end - len(tokens), end)) or in_name(ctx, end - 1, floor):
            break
        if ctx.lemma(tokens[-1]) in ctx.vocab.not_counted & ctx.vocab.not_indicator:
            break  # a time word: "уровня прошлого года"
        out.append(tokens)
        index = end
    return out
