"""The terms step: every word of ``terms.txt`` in every passage, as a ``Term``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from indpol.records import Document, make_id
from indpol_terms import Term

TERMS = Path(__file__).with_name("terms.txt")


@cache
def term_pattern() -> re.Pattern[str]:
    words = [line.strip() for line in TERMS.read_text(encoding="utf-8").splitlines()]
    words = [word for word in words if word and not word.startswith("#")]
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)


def terms_step(doc: Document, models: Any, config: Any) -> None:
    rows = doc.rows("terms")
    for passage in doc.passages:
        for match in term_pattern().finditer(passage.text):
            place = doc.provenance(passage, match.start(), match.end())
            del place["source_start"], place["source_end"]
            term = match.group(1).lower()
            rows.append(Term(term_id=make_id(doc.doc_id, "term", place["start"]), term=term, **place))
