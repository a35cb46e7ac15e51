"""Text fidelity of a PDF against its twin: word-bigram recall, precision and F1.

The twin is the same document in DOCX, ODT, DOC, RTF or HTML, read by indpol's own readers.
Both texts are normalised the same way (lower case, ``ё`` → ``е``, words broken by a hyphen at a
line end joined), cut into words (runs of letters and digits), and their consecutive word pairs
are compared as multisets: recall = shared / twin's pairs, precision = shared / PDF's pairs.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from indpol.errors import IndpolError

if TYPE_CHECKING:
    from indpol.pipeline import Pipeline

LINE_BREAK_HYPHEN = re.compile(r"(\w)[-\u00ad]\s*\n\s*(\w)")
WORD = re.compile(r"[^\W_]+")


# ingestion, cleaning and segmentation only: no extraction step
@dataclass(frozen=True, slots=True)
class Scores:
    """Bigram overlap of a candidate text with a reference text."""

    recall: float
    precision: float
    f1: float
    shared: int
    candidate_pairs: int
    reference_pairs: int


def normalise(text: str) -> str:
    """Lower case, ``ё`` → ``е``, a word broken by a hyphen (or soft hyphen) and a line break joined."""
    text = text.lower().replace("ё", "е")
    return LINE_BREAK_HYPHEN.sub(r"\1\2", text)


def words(text: str) -> list[str]:
    """The words of the normalised text, in order."""
    return WORD.findall(normalise(text))


def bigrams(text: str) -> Counter[tuple[str, str]]:
    """Consecutive word pairs of ``text`` as a multiset."""
    tokens = words(text)
    return Counter(itertools.pairwise(tokens))


def bigram_scores(candidate: str, reference: str) -> Scores:
    """Recall, precision and F1 of ``candidate``'s word pairs against ``reference``'s.

    With nothing to find, recall is 1.0; with nothing found, precision is 1.0 (so two empty
    texts score 1.0, and an empty text against a non-empty one scores F1 0.0).
    """
    found, expected = bigrams(candidate), bigrams(reference)
    shared = sum((found & expected).values())
    candidate_pairs, reference_pairs = sum(found.values()), sum(expected.values())
    recall = shared / reference_pairs if reference_pairs else 1.0
    precision = shared / candidate_pairs if candidate_pairs else 1.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return Scores(recall, precision, f1, shared, candidate_pairs, reference_pairs)


@lru_cache(maxsize=1)
def text_pipeline() -> Pipeline:
    """The repository's pipeline with every extraction step switched off (built once)."""
    from indpol.pipeline import Pipeline

    return Pipeline.from_config(only=())


def document_text(path: str | Path) -> tuple[str, int]:
    """indpol's text of a file (its passages, table rows included, joined by a blank line in
    order) and its page count (0 when the format has no pages); raises :class:`IndpolError`
    when the file cannot be read (a document with some pages left for OCR gives the rest)."""
    from indpol.pipeline import PASSAGE_SEPARATOR

    doc = text_pipeline().process(path)
    if doc.status == "failed" or (doc.status == "needs_ocr" and not doc.passages):
        raise IndpolError(doc.error or doc.status, path=path, code=doc.error_code)
    passages = sorted(doc.passages, key=lambda passage: passage.index)
    return PASSAGE_SEPARATOR.join(passage.text for passage in passages), doc.pages or 0
