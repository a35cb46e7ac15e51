"""A prose figure's indicator — what it measures — as one ordered cascade, read top to bottom.

The first rule of the figure's cascade that finds something wins (``COUNT_RULES`` for a count,
``RULES`` for every other figure; when none does, the last rule's answer stands, as with ``or``);
then each refinement of ``REFINEMENTS``, in order, may replace it. The rules themselves live with
the phrases they read (:mod:`~indpol.extract.figures.phrases`, :mod:`~indpol.extract.figures.subjects`,
:mod:`~indpol.extract.figures.pairs`, :mod:`~indpol.extract.figures.enumerations`,
:mod:`~indpol.extract.figures.anaphora`, :mod:`~indpol.extract.figures.qualifiers`).
After the passage: a breakdown's parts inherit their total's indicator
(:func:`~indpol.extract.figures.pairs.inherit_breakdown_indicators`); over the document, a figure with
none takes its list's heading (:mod:`~indpol.extract.figures.step`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from indpol.extract.figures.anaphora import generic_only, level_indicator, resolve_anaphora
from indpol.extract.figures.context import Context, Token
from indpol.extract.figures.enumerations import Carry, FigureSpan, enumeration_indicator, same_kind
from indpol.extract.figures.kinds import VALUE_VERBS
from indpol.extract.figures.nouns import is_noun
from indpol.extract.figures.pairs import what_clause_figure
from indpol.extract.figures.phrases import (
    abbreviation_before,
    counted_indicator,
    indicator_after,
    indicator_before,
    indicator_label_after,
    indicator_label_before,
    own_verb,
)
from indpol.extract.figures.qualifiers import qualify
from indpol.extract.figures.subjects import after_what, is_gerund, predicate_verb, subject_indicator


@dataclass(frozen=True)
class Scene:
    """What the rules read about one figure of a passage."""

    ctx: Context
    item: FigureSpan
    items: list[FigureSpan]  # the passage's figures
    floor: int  # the sentence's first token
    first: int  # the figure's first token, an approximation word before it included
    skip: set[int]  # tokens no indicator takes: other figures' phrases, dates, rate bases
    bases: set[int]  # the tokens of rate bases ("в расчете на 1 кв. метр"), never a subject
    carry: Carry | None  # the figures of the passage before, when a list runs on
    pair: FigureSpan | None  # the figure this one is paired with ("с 40,7 % до 45,9 %")
    sentence: tuple[int, int]
    sentences: list[tuple[int, int]]

    @cached_property
    def after(self) -> int:
        """The first token after the figure."""
        return max(self.item.tokens) + 1 if self.item.tokens else self.item.first + 1

    @cached_property
    def others(self) -> set[int]:
        """The tokens of the passage's other figures."""
        return {i for o in self.items if o is not self.item for i in o.tokens}

    @cached_property
    def before(self) -> list[FigureSpan]:
        """The figures of the same sentence before this one."""
        ctx, item = self.ctx, self.item
        return [
            o
            for o in self.items
            if o is not item and o.end <= item.start and ctx.index_at(o.start) >= self.floor
        ]

    @cached_property
    def own_clause(self) -> bool:
        """ "…, умерло 102 человека": the figure has its own verb, so no value before it is of the same thing."""
        return self.first > self.floor and own_verb(self.ctx, self.first - 1)

    @cached_property
    def previous(self) -> dict[int, str]:
        """The indicators of earlier figures of the same kind and unit, by their tokens."""
        if self.own_clause:
            return {}
        item = self.item
        return {
            t: o.indicator
            for o in self.items
            if o is not item
            and o.indicator
            and not generic_only(self.ctx, o.indicator)
            and same_kind(o, item)
            and o.unit == item.unit
            and o.end <= item.start
            for t in o.tokens
        }


Rule = Callable[[Scene], "str | None"]


#####  EVERY FIGURE  #####


def named(scene: Scene) -> str | None:
    """Named where it was found: a table row's or an enumeration's label."""
    return scene.item.named


def paired(scene: Scene) -> str | None:
    """The indicator of the figure it is paired with ("с 40,7 % до 45,9 %")."""
    return scene.pair.indicator if scene.pair else None


def abbreviation(scene: Scene) -> str | None:
    """An indicator abbreviation right before the number: "(ИФО 105 %)"."""
    return abbreviation_before(scene.ctx, scene.first, scene.floor)


def subject(scene: Scene) -> str | None:
    """The subject of the verb the figure completes; after a gerund, the indicator of the figure before.
    A count takes it only after a verb of value or change ("выделено 5 грантов": the counted noun)."""
    ctx, item = scene.ctx, scene.item
    verb = predicate_verb(ctx, scene.first, scene.floor, scene.others)
    if verb is None:
        return None
    if item.kind == "count" and ctx.lemma(ctx.tokens[verb]) not in VALUE_VERBS | set(ctx.vocab.change):
        return None
    if is_gerund(ctx, verb):
        return scene.before[-1].indicator if scene.before else None
    return subject_indicator(ctx, verb, scene.floor, scene.others, scene.bases)


def bracketed(scene: Scene) -> str | None:
    """A figure in brackets right after another one speaks of the same thing: "229 предприятий (93,5 % к 2015 году)"."""
    ctx, item = scene.ctx, scene.item
    opening = ctx.text.rfind("(", 0, item.start)
    if opening < 0 or ")" in ctx.text[opening : item.start]:
        return None
    if any(_own_noun(ctx, t) for t in ctx.tokens[ctx.index_at(opening) + 1 : item.first]):
        return None  # "(в т.ч. пашни: 5201,82 га": the part names itself; not "(снижение на 5,1 %"
    before = [
        o for o in scene.items if o is not item and o.end <= opening and not ctx.text[o.end : opening].strip()
    ]
    return before[-1].indicator if before else None


#####  COUNTS  #####


def stated_count(scene: Scene) -> str | bool | None:
    """After a verb of value, the phrase before the count: "численность составила 120 человек"."""
    ctx, first = scene.ctx, scene.first
    stated = first > 0 and ctx.lemma(ctx.tokens[first - 1]) in VALUE_VERBS
    return stated and indicator_before(
        ctx, first, scene.floor, scene.skip, allow_change=scene.item.change is None
    )


def counted_noun(scene: Scene) -> str | None:
    """The counted noun with what narrows it: "2 предприятия хлебопечения" -> "предприятие хлебопечения"."""
    return counted_indicator(scene.ctx, scene.item.unit or "", scene.after)


#####  OTHER FIGURES  #####


def label_after(scene: Scene) -> str | None:
    """A label after the figure: "105 % – индекс производства"."""
    return indicator_label_after(scene.ctx, scene.after)


def label_before(scene: Scene) -> str | None:
    """A label before it: "Индекс производства – 105 %"."""
    return indicator_label_before(scene.ctx, scene.first)


def phrase_after(scene: Scene) -> str | None:
    """The phrase the figure governs: "5 % населения"."""
    return indicator_after(scene.ctx, scene.after)


def what_clause(scene: Scene) -> str | None:
    """ "…, что составляет 103,5 % к уровню 2016 года": a "что"-clause without a subject of its own speaks
    of the figure before it (not of a count: "выдано 40 займов, что составляет 12 % от плана")."""
    ctx, item, floor = scene.ctx, scene.item, scene.floor
    verb = predicate_verb(ctx, item.first, floor, scene.others)
    if (
        verb is not None
        and after_what(ctx, verb, floor)
        and not subject_indicator(ctx, verb, floor, scene.others)
    ):
        what = scene.before[-1] if scene.before else None
    else:
        what = what_clause_figure(ctx, item, scene.items, floor)
    if what is None or (what.kind == "count" and item.change is None):
        return (
            None  # a counted noun names no share, but a change of it: "431 преступление, что на 3,8 % меньше"
        )
    return what.indicator


def phrase_before(scene: Scene) -> str | None:
    """The noun phrase before the figure, or an earlier figure's indicator of the same kind and unit."""
    ctx, item = scene.ctx, scene.item
    return indicator_before(
        ctx, scene.first, scene.floor, scene.skip, allow_change=item.change is None, previous=scene.previous
    )


def enumeration(scene: Scene) -> str | None:
    """In an enumeration, the indicator of the figure before it, in this passage or the one before."""
    ctx, floor = scene.ctx, scene.floor
    earlier = [] if scene.own_clause else scene.items
    return enumeration_indicator(
        scene.item,
        earlier,
        scene.carry if earlier else None,
        ctx.tokens[floor].start if floor < len(ctx.tokens) else 0,
        ctx.text[: scene.item.start],
    )


#####  REFINEMENTS  #####


def anaphora(scene: Scene) -> str | None:
    """ "этот показатель", "он": what the pronoun stands for."""
    return resolve_anaphora(scene.ctx, scene.item, scene.items, scene.sentences, scene.carry)


def level(scene: Scene) -> str | None:
    """A level takes the measure, not its growth rate."""
    return level_indicator(scene.ctx, scene.item)


def qualified(scene: Scene) -> str | None:
    """The indicator with what narrows it (:mod:`~indpol.extract.figures.qualifiers`)."""
    return qualify(scene.ctx, scene.item, scene.sentence)


#####  CASCADE  #####

COUNT_RULES: tuple[Rule, ...] = (named, paired, abbreviation, subject, stated_count, bracketed, counted_noun)
RULES: tuple[Rule, ...] = (
    named,
    paired,
    abbreviation,
    subject,
    label_after,
    label_before,
    phrase_after,
    what_clause,
    bracketed,
    phrase_before,
    enumeration,
)
REFINEMENTS: tuple[Rule, ...] = (anaphora, level, qualified)


def choose_indicator(scene: Scene) -> str | None:
    """Set and return the figure's indicator: its cascade's first finding, then each refinement."""
    item = scene.item
    found: str | bool | None = None
    for rule in COUNT_RULES if item.kind == "count" else RULES:
        found = rule(scene)
        if found:
            break
    item.indicator = found  # type: ignore[assignment]
    for refine in REFINEMENTS:
        item.indicator = refine(scene) or item.indicator
    return item.indicator


def _own_noun(ctx: Context, token: Token) -> bool:
    """A noun that names a part inside a bracket (not a change word, a time word, "числе" or a name)."""
    lemma = ctx.lemma(token)
    return (
        token.is_word
        and token.text.islower()
        and len(token.text) > 2
        and is_noun(ctx, token)
        and lemma not in ctx.vocab.change
        and lemma not in ctx.vocab.not_indicator
        and lemma != "число"
    )
