"""Score legal-act mentions (LAW entities) against gold read on real documents.

Gold is JSONL with offsets into ``Document.text``: one line per document,
``{"file", "document": true, "doc_kind", "text_sha1", "sampled": [[start, end], …]}``
(``sampled`` when only those ranges were read), then one line per mention, ``{"file",
"start", "end", "doc_type", "number", "date", "issuer", "in_title", "has_title"}``.
Mentions match LAW entities by overlapping spans, one to one, largest overlap first; a
prediction outside the sampled ranges is not scored. Over matched pairs: type, number, date
and issuer right (number without spaces, case-insensitive; issuer exact after case and
spacing, and by its first word; a type outside gold's list is gold's "other"). Reported per document kind and overall, with the recall of
acts cited inside a title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indpol.evaluate.common import (
    DocKindScores,
    DocumentGold,
    load_document_gold,
    match_spans,
    processed_documents,
)
from indpol.records import Entity

FIELDS = ("doc_type", "number", "date", "issuer", "issuer_head")
# the types gold names; any other type (регламент, положение, протокол …) is gold's "other"
GOLD_TYPES = frozenset(
    [
        "федеральный закон",
        "федеральный конституционный закон",
        "закон",
        "кодекс",
        "указ",
        "декрет",
        "постановление",
        "распоряжение",
        "приказ",
        "решение",
        "соглашение",
        "договор",
        "программа",
        "союзная программа",
        "государственная программа",
        "муниципальная программа",
        "федеральная целевая программа",
        "стратегия",
        "концепция",
        "план",
        "конституция",
    ]
)


@dataclass
class ActCounts:
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    in_title_gold: int = 0
    in_title_found: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, other: ActCounts) -> None:
        for name in ("documents", "gold", "predicted", "matched", "in_title_gold", "in_title_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in FIELDS:
            self.right[name] += other.right[name]

    def scores(self) -> dict[str, float | None]:
        p = self.matched / self.predicted if self.predicted else None
        r = self.matched / self.gold if self.gold else None
        found = {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p and r else None,
            "in_title_recall": self.in_title_found / self.in_title_gold if self.in_title_gold else None,
        }
        for name in FIELDS:
            found[name] = self.right[name] / self.matched if self.matched else None
        return found


def _check_row(row: dict[str, Any]) -> None:
    if int(row["end"]) <= int(row["start"]):
        raise ValueError("end before start")


def load_gold(path: str | Path) -> DocumentGold:
    return load_document_gold(path, _check_row)


def _norm(value: Any) -> str | None:
    if value is None:
        return None
    return re.sub(r"\s+", " ", str(value)).strip().lower().replace("ё", "е") or None


def _number(value: Any) -> str | None:
    return None if value is None else re.sub(r"\s+", "", str(value)).lower().lstrip("№n") or None


def _gold_type(doc_type: str | None) -> str | None:
    return doc_type if doc_type is None or doc_type in GOLD_TYPES else "other"


def _values(row: dict[str, Any], entity: Entity) -> dict[str, tuple[Any, Any]]:
    attrs = entity.attrs
    issuer_gold, issuer = _norm(row.get("issuer")), _norm(attrs.get("issuer"))
    return {
        "doc_type": (row.get("doc_type"), _gold_type(attrs.get("doc_type"))),
        "number": (_number(row.get("number")), _number(attrs.get("number"))),
        "date": (row.get("date"), attrs.get("date")),
        "issuer": (issuer_gold, issuer),
        "issuer_head": ((issuer_gold or "").split(" ")[:1], (issuer or "").split(" ")[:1]),
    }


def score_document(
    name: str,
    document: dict[str, Any],
    gold: list[dict[str, Any]],
    entities: list[Entity],
    counts: ActCounts,
    errors: list[dict[str, Any]],
) -> None:
    """Add one document's counts and errors."""
    sampled = document.get("sampled")
    if sampled:
        entities = [e for e in entities if any(e.start < b and a < e.end for a, b in sampled)]
    pairs = match_spans([(r["start"], r["end"]) for r in gold], [(e.start, e.end) for e in entities])
    counts.documents += 1
    counts.gold += len(gold)
    counts.predicted += len(entities)
    counts.matched += len(pairs)
    counts.in_title_gold += sum(bool(r.get("in_title")) for r in gold)
    matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    for g, row in enumerate(gold):
        if g not in matched_gold:
            errors.append({"file": name, "error": "missed", "span": [row["start"], row["end"]]})
    for p, entity in enumerate(entities):
        if p not in matched_pred:
            errors.append({"file": name, "error": "spurious", "span": [entity.start, entity.end]})
    for g, p in pairs:
        row, entity = gold[g], entities[p]
        counts.in_title_found += bool(row.get("in_title"))
        for name_, (want, got) in _values(row, entity).items():
            counts.right[name_] += want == got
            if want != got and name_ != "issuer_head":
                errors.append(
                    {
                        "file": name,
                        "error": name_,
                        "span": [entity.start, entity.end],
                        "gold": want,
                        "predicted": got,
                    }
                )


def evaluate(
    gold_path: str | Path,
    folders: Iterable[str | Path],
    pipeline: Any,
    progress: Callable[[str], None] | None = None,
) -> DocKindScores[ActCounts]:
    """Run each gold document through ``pipeline`` and score its LAW entities."""
    scores = DocKindScores(ActCounts)
    for name, document, rows, doc in processed_documents(
        load_gold(gold_path), folders, pipeline, "entities", scores.changed_texts
    ):
        laws = [e for e in doc.entities if e.label == "LAW"]
        score_document(name, document, rows, laws, scores.of(document["doc_kind"]), scores.errors)
        if progress:
            progress(name)
    return scores


def report_lines(scores: DocKindScores[ActCounts]) -> list[str]:
    """One line per document kind and one for all: documents, gold and predicted mentions, then the scores."""
    return scores.lines(["docs", "gold", "pred"], lambda c: [c.documents, c.gold, c.predicted])
