"""Shared pieces of the gold-based evaluations: reading gold, finding texts, matching spans."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from indpol.classify.labels import DocumentTexts
from indpol.errors import IndpolError
from indpol.records import Document


def read_gold_rows(path: str | Path, check: Callable[[dict[str, Any]], None]) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL gold file; ``check`` raises on a bad row, reported with its line number."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise IndpolError(f"cannot read gold file ({exc.strerror})", path=path) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            check(row)
        except (ValueError, KeyError, TypeError) as exc:
            raise IndpolError(f"line {number}: bad gold row ({exc})", path=path) from None
        yield row


def find_text(name: str, folders: Iterable[str | Path]) -> Path:
    """The text a gold row names: directly in a folder, else in its sub-folders."""
    folders = [Path(folder) for folder in folders]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    for folder in folders:
        found = sorted(folder.rglob(name))
        if found:
            return found[0]
    raise IndpolError(f"gold file {name} not found in the texts folders")


def check_processed(doc: Document, step: str) -> None:
    """Raise when ingestion or ``step`` failed; failures of other steps leave the scores valid."""
    error = doc.error or ""
    if doc.status != "ok" and (not error.startswith("step ") or error.startswith(f"step {step}")):
        raise IndpolError(f"pipeline failed: {error}", path=doc.source)


def match_spans(
    gold: Sequence[tuple[int, int]],
    predicted: Sequence[tuple[int, int]],
    compatible: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, predicted index)`` pairs of overlapping spans, largest overlap first."""
    candidates = []
    for g, (gold_start, gold_end) in enumerate(gold):
        for p, (start, end) in enumerate(predicted):
            overlap = min(end, gold_end) - max(start, gold_start)
            if overlap > 0 and (compatible is None or compatible(g, p)):
                candidates.append((-overlap, g, p))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            pairs.append((g, p))
            used_gold.add(g)
            used_predicted.add(p)
    return sorted(pairs)


#####  GOLD READ ON REAL DOCUMENTS  #####

DOC_KINDS = ("programme", "legal", "article")
DocumentGold = dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]
C = TypeVar("C", bound="Counts")


def load_document_gold(path: str | Path, check: Callable[[dict[str, Any]], None]) -> DocumentGold:
    """``{file: (document line, rows)}`` of a gold file read on real documents: a line
    ``{"file", "document": true, "doc_kind", "text_sha1"}`` per document, then its rows (``check`` raises on
    a bad row); a row before its document line is an error."""

    def checked(row: dict[str, Any]) -> None:
        if row.get("document"):
            if row["doc_kind"] not in DOC_KINDS:
                raise ValueError(f"doc_kind {row['doc_kind']!r}")
        else:
            check(row)

    gold: DocumentGold = {}
    for row in read_gold_rows(path, checked):
        if row.get("document"):
            gold[row["file"]] = (row, [])
        else:
            gold[row["file"]][1].append(row)
    return gold


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def document_texts(roots: Iterable[str | Path]) -> DocumentTexts:
    """Passage texts of the real documents under ``roots``, read as indpol reads them (extractors off)."""
    from indpol.pipeline import Pipeline

    pipeline = Pipeline.from_config(only=())
    return DocumentTexts(roots, read=lambda path: pipeline.process(path).text)


class Counts(Protocol):
    """Counts of one document kind that add up and give scores by name."""

    def add(self, other: Any) -> None: ...
    def scores(self) -> dict[str, float | None]: ...


@dataclass
class DocKindScores(Generic[C]):
    """Counts per document kind, the errors and the documents whose text changed since the gold was read."""

    make: Callable[[], C]
    by_doc_kind: dict[str, C] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    changed_texts: list[str] = field(default_factory=list)

    def of(self, doc_kind: str) -> C:
        return self.by_doc_kind.setdefault(doc_kind, self.make())

    def total(self) -> C:
        total = self.make()
        for counts in self.by_doc_kind.values():
            total.add(counts)
        return total

    def lines(self, names: list[str], numbers: Callable[[C], list[int]]) -> list[str]:
        """The report: a line per document kind and one for all (``numbers``: the counts shown first)."""
        groups = [(kind, self.by_doc_kind[kind]) for kind in DOC_KINDS if kind in self.by_doc_kind]
        groups.append(("all", self.total()))
        rows = [(kind, numbers(counts), counts.scores()) for kind, counts in groups]
        return doc_kind_lines(names, rows, self.changed_texts)


def processed_documents(
    gold: DocumentGold, folders: Iterable[str | Path], pipeline: Any, step: str, changed: list[str]
) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]], Document]]:
    """Each gold document run through ``pipeline`` (name, document line, rows, processed document), in
    name order; the names of documents whose text differs from the gold's are added to ``changed``."""
    folders = list(folders)
    for name, (document, rows) in sorted(gold.items()):
        doc = pipeline.process(find_text(name, folders))
        check_processed(doc, step)
        if document.get("text_sha1") and document["text_sha1"] != text_sha1(doc.text):
            changed.append(name)
        yield name, document, rows, doc


def doc_kind_lines(
    counts: list[str], groups: list[tuple[str, list[int], dict[str, float | None]]], changed: list[str]
) -> list[str]:
    """A table with a line per document kind (and "all"): its counts, then its scores (— when undefined)."""
    names = list(groups[0][2]) if groups else []
    lines = [f"{'kind':<10} " + " ".join(f"{c:>5}" for c in counts) + "  " + "  ".join(names)]
    for kind, numbers, scores in groups:
        cells = "  ".join(
            "—".rjust(len(n)) if scores[n] is None else f"{scores[n]:>{len(n)}.3f}" for n in names
        )
        lines.append(f"{kind:<10} " + " ".join(f"{n:>5}" for n in numbers) + f"  {cells}")
    if changed:
        lines.append(f"warning: text changed since the gold was made: {', '.join(changed)}")
    return lines
