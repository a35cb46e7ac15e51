"""A tiny fact type added from outside indpol (tests/test_fact_types.py): programme terms from a word list.

All it takes: the record (``Term``), one row (``FACT``, named by the ``indpol.facts`` entry point), this
package with its step, one data file (``terms.txt``) and one switch (``extract.terms``).
"""

from __future__ import annotations

from dataclasses import dataclass

from indpol.facts import Fact
from indpol.records import Record


@dataclass(frozen=True, slots=True)
class Term(Record):
    """A word of ``terms.txt`` found in a passage."""

    doc_id: str
    term_id: str
    passage_id: str
    page: int | None
    start: int
    end: int
    text: str
    term: str


FACT = Fact(
    "terms",
    Term,
    "term_id",
    step="indpol_terms.step:terms_step",
    switch=("extract", "terms"),
    requires=("passages",),
    meaning="words of the programme-term list",
)
