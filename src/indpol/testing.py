"""Helpers for tests and notebooks: build a Document straight from text, read a run's JSONL."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from indpol.records import Document, Passage, make_id
from indpol.textmap import offsets


def make_document(
    text: str, doc_id: str | None = None, *, language: str = "ru", page: int | None = None
) -> Document:
    """A Document whose passages are the blank-line separated paragraphs of ``text``.

    The clean text is ``text`` itself and source offsets equal clean offsets.
    """
    doc_id = doc_id or hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(doc_id=doc_id, source="<text>", format="txt", text=text, pages=None, language=language)
    doc.origin = offsets(0, len(text))
    doc.has_source_offsets = True
    for index, match in enumerate(re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text, flags=re.S)):
        start, end = match.span()
        doc.passages.append(
            Passage(
                doc_id=doc_id,
                passage_id=make_id(doc_id, "passage", start, end),
                index=index,
                kind="paragraph",
                page=page,
                start=start,
                end=end,
                source_start=start,
                source_end=end,
                language=language,
                text=text[start:end],
            )
        )
    return doc


def read_jsonl(path: str | Path) -> list[dict]:
    """The rows of a JSONL file (a run's documents.jsonl, failures.jsonl, …), blank lines skipped."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
