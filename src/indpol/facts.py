"""The fact types, one row each: what is derived from this table — the store's fact tables and their
export, ``RunFacts`` properties, the order of the pipeline's steps and ``Pipeline(only=…)``, the counts
of ``indpol inspect`` and the spaCy components.

Adding a fact type: its record (``records.py``), one row here, one package under ``extract/`` with
its step, its vocabulary in ``data/`` and its switch in the configuration. Another package adds one
without editing indpol: an ``indpol.facts`` entry point names its row (a :class:`Fact`), whose step
writes the records into ``doc.rows(name)`` and whose switch becomes a configuration key
(``tests/test_fact_types.py`` shows one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points

from indpol.errors import ConfigError
from indpol.records import Entity, Figure, Passage, Record, Stage, Table


@dataclass(frozen=True)
class Fact:
    """A fact type.

    ``name`` is its table, its ``Document`` attribute and its ``RunFacts`` property; ``step`` the
    ``"module:function"`` that fills it (None: segmentation makes it); ``switch`` the configuration's
    ``(section, key)`` that turns the step on; ``requires`` the facts its step reads, which run before
    it; ``stored`` False for a step that writes into another fact's rows (directions into passages).
    """

    name: str
    record: type[Record] | None
    id_field: str | None
    step: str | None = None
    switch: tuple[str, str] | None = None
    requires: tuple[str, ...] = ()
    component: str | None = None
    order: str | None = None  # the store's ORDER BY, when not by document and offsets
    stored: bool = True
    meaning: str = ""


ENTRY_POINTS = "indpol.facts"  # other packages' fact types: ``name = "package.module:ROW"``
BUILT_IN: tuple[Fact, ...] = (
    Fact(
        "passages",
        Passage,
        "passage_id",
        meaning="paragraphs, list items, headings and table rows, with their directions",
    ),
    Fact(
        "tables",
        Table,
        "table_id",
        order='d.source NULLS LAST, t.doc_id, t."index", t.table_id',
        meaning="tables as cell rows, with caption and header rows",
    ),
    Fact(
        "entities",
        Entity,
        "entity_id",
        step="indpol.extract.entities.step:entities_step",
        switch=("extract", "entities"),
        requires=("passages",),
        component="indpol_entities",
        meaning="names, legal-act references and dates",
    ),
    Fact(
        "figures",
        Figure,
        "figure_id",
        step="indpol.extract.figures.step:figures_step",
        switch=("extract", "figures"),
        requires=("passages", "tables", "entities"),
        component="indpol_figures",
        meaning="numbers with value, unit, indicator and period",
    ),
    Fact(
        "stages",
        Stage,
        "stage_id",
        step="indpol.extract.stages.step:stages_step",
        switch=("extract", "stages"),
        requires=("passages", "entities"),
        component="indpol_stages",
        meaning="programme stages, measures, timing and status",
    ),
    Fact(
        "directions",
        None,
        None,
        step="indpol.classify.directions:directions_step",
        switch=("classify", "directions"),
        requires=("passages",),
        component="indpol_directions",
        stored=False,
    ),
)


def registered() -> tuple[Fact, ...]:
    """The fact types other packages register through the ``indpol.facts`` entry point, by name."""
    found = sorted(entry_points(group=ENTRY_POINTS), key=lambda point: point.name)
    rows = tuple(point.load() for point in found)
    wrong = [point.name for point, row in zip(found, rows, strict=True) if not isinstance(row, Fact)]
    if wrong:
        raise ConfigError(f"{ENTRY_POINTS} entry points that name no Fact: {', '.join(wrong)}")
    return rows


REGISTERED = registered()
FACTS: tuple[Fact, ...] = BUILT_IN + REGISTERED
BY_NAME = {fact.name: fact for fact in FACTS}
STORED = tuple(fact for fact in FACTS if fact.stored)
STEPS = tuple(fact for fact in FACTS if fact.step)


def check_order(facts: Iterable[Fact] = FACTS) -> None:
    """Every fact's requirements are known and come before it (a configuration error otherwise)."""
    seen: set[str] = set()
    for fact in facts:
        if fact.name in seen:
            raise ConfigError(f"two fact types are named {fact.name!r}")
        unknown = [name for name in fact.requires if name not in BY_NAME]
        if unknown:
            raise ConfigError(f"fact {fact.name!r} requires unknown facts: {', '.join(unknown)}")
        late = [name for name in fact.requires if name not in seen]
        if late:
            raise ConfigError(f"fact {fact.name!r} requires {', '.join(late)}, which come after it")
        seen.add(fact.name)


def with_requirements(names: Iterable[str]) -> frozenset[str]:
    """The named facts and every fact they need, directly or through another."""
    wanted: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name not in BY_NAME:
            raise ConfigError(f"unknown fact {name!r}; choose from: {', '.join(BY_NAME)}")
        if name not in wanted:
            wanted.add(name)
            stack.extend(BY_NAME[name].requires)
    return frozenset(wanted)


check_order()
