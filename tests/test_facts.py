"""The table of fact types and what is derived from it: step order, Pipeline(only=…), store tables,
RunFacts properties."""

import pytest

from indpol.errors import ConfigError
from indpol.facts import FACTS, STORED, Fact, check_order, with_requirements
from indpol.pipeline import Pipeline
from indpol.store.reader import RunFacts
from indpol.store.schema import EXPORT_TABLES, TABLES


@pytest.mark.parametrize(
    ("only", "steps"),
    [
        ((), []),
        (("entities",), ["entities"]),
        (("figures",), ["entities", "figures"]),  # figures read the entities' DATE spans
        (("stages", "directions"), ["entities", "stages", "directions"]),
        (None, ["entities", "figures", "stages", "directions"]),  # the configuration decides
    ],
)
def test_pipeline_only_runs_the_named_facts_and_what_they_need(only, steps):
    assert [name for name, _step in Pipeline(only=only).steps] == steps


def test_unknown_fact_is_a_configuration_error():
    with pytest.raises(ConfigError, match="unknown fact 'figure'"):
        with_requirements(["figure"])


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ((Fact("a", None, None, requires=("b",)), Fact("b", None, None)), "requires unknown facts: b"),
        ((FACTS[0], Fact("x", None, None, requires=("figures",)), *FACTS[1:]), "which come after it"),
        ((*FACTS, Fact("figures", None, None)), "two fact types are named 'figures'"),
    ],
)
def test_fact_order_is_checked(facts, message):
    with pytest.raises(ConfigError, match=message):
        check_order(facts)


def test_store_tables_and_run_facts_follow_the_fact_table():
    names = [fact.name for fact in STORED]
    assert [name for name in TABLES if name not in ("documents", "failures", "runs")] == names
    assert ("documents", *names, "failures") == EXPORT_TABLES
    assert all(isinstance(getattr(RunFacts, name), property) for name in names)
    assert "directions" not in names  # written into the passages' rows
