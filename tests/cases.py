"""Case tables kept in tests/data/<name>.yaml (natasha's and razdel's style): a list of mappings with
the same keys, one mapping a case, whose keys are the test's argument names.

    @pytest.mark.parametrize(*table("figure_forms"))
    def test_forms(text, expected, morph): ...

A list of lists in a case (the rows an extractor gives) is read as a list of tuples."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data"


def _row(value):
    return tuple(_row(item) for item in value) if isinstance(value, list) else value


def _value(value):
    return [_row(item) for item in value] if isinstance(value, list) else value


def table(name: str) -> tuple[list[str], list]:
    """``(argnames, params)`` for ``pytest.mark.parametrize`` from tests/data/<name>.yaml."""
    cases = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    names = list(cases[0])
    assert all(list(case) == names for case in cases), f"{name}.yaml: every case has the keys {names}"
    return names, [pytest.param(*(_value(case[key]) for key in names)) for case in cases]
