"""compare's invariants: a document against itself and against its twin in another format, swapped sides,
and no fact both new and gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_compare import new_doc, old_doc

from indpol.comparison.compare import compare_facts
from indpol.store.reader import RunFacts

DATA = Path(__file__).resolve().parent / "data"
# the same document as DOCX and as the PDF LibreOffice exports from it
TWINS = [
    "pdf_layouts/landscape_stat_table",
    "pdf_layouts/table_merged_header",
    "stat_tables/short_term_indicators",
]


def _keys(frame, value):
    if frame.empty:
        return set()
    return {(r["indicator"], r["unit"], r["period"], r[value]) for r in frame.to_dict("records")}


def _never_new_and_gone(result):
    assert not _keys(result.figures_new, "new_value") & _keys(result.figures_gone, "old_value")


@pytest.mark.parametrize("twin", TWINS)
def test_format_twins_compare_as_unchanged(twin):
    from indpol.comparison.sides import compare

    result = compare(str(DATA / f"{twin}.docx"), str(DATA / f"{twin}.pdf"))
    for side, figures in (
        ("old", result.summary["old"]["figures"]),
        ("new", result.summary["new"]["figures"]),
    ):
        reported = len(result.figures_changed) + len(
            result.figures_new if side == "new" else result.figures_gone
        )
        assert reported <= 0.02 * figures, (side, reported, figures)
    assert result.stages_changed.empty
    _never_new_and_gone(result)


def test_swapping_sides_swaps_new_and_gone():
    forward = compare_facts(RunFacts.from_documents([old_doc()]), RunFacts.from_documents([new_doc()]))
    backward = compare_facts(RunFacts.from_documents([new_doc()]), RunFacts.from_documents([old_doc()]))
    assert _keys(forward.figures_new, "new_value") == _keys(backward.figures_gone, "old_value")
    assert _keys(forward.figures_gone, "old_value") == _keys(backward.figures_new, "new_value")
    assert sorted(forward.figures_changed["old_value"]) == sorted(backward.figures_changed["new_value"])
    assert len(forward.stages_new) == len(backward.stages_dropped)
    _never_new_and_gone(forward)
    _never_new_and_gone(backward)


def test_a_value_repeated_with_another_period_is_not_new_and_gone():
    """A report repeats last year's figure in its comparison column; a misread period must not make it new
    and gone. A small whole number is no such evidence."""
    from test_compare import fact

    from indpol.records import Figure
    from indpol.testing import make_document

    old = make_document(
        "Количество магазинов сети на конец года составило 21 323, из них 7 новых.", doc_id="o"
    )
    new = make_document(
        "Количество магазинов сети на конец года составило 24 041 (годом ранее – 21 323), 7 новых.",
        doc_id="n",
    )
    old.figures += [
        fact(old, Figure, "21 323", kind="count", value=21323, unit="магазин", indicator="количество магазинов",
             period_start="2022-12-31", period_end="2022-12-31"),
        fact(old, Figure, "7", kind="count", value=7, unit="магазин", period_start="2022", period_end="2022"),
    ]  # fmt: skip
    new.figures += [
        fact(new, Figure, "24 041", kind="count", value=24041, unit="магазин", indicator="количество магазинов",
             period_start="2023-12-31", period_end="2023-12-31"),
        fact(new, Figure, "21 323", kind="count", value=21323, unit="магазин", indicator="количество магазинов",
             period_start="2023-12-31", period_end="2023-12-31"),
        fact(new, Figure, "7", kind="count", value=7, unit="магазин", period_start="2023", period_end="2023"),
    ]  # fmt: skip
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert 21323 not in set(result.figures_gone["old_value"]) | set(result.figures_new.get("new_value", []))
    assert set(result.figures_gone["old_value"]) == {7.0}  # "7" of another year is no evidence of sameness
