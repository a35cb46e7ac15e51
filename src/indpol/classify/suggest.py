"""Active labelling: export the passages the model is least sure about, read the labels back.

The CSV (UTF-8 with BOM, so spreadsheets show Cyrillic) has one passage a row with
the model's guess in ``suggested`` and an empty ``labels`` column for a person to fill:
direction ids or Russian names separated by ``;``, or ``none`` for a passage with no
direction. Rows whose ``labels`` cell stays empty are not read back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from indpol.classify.labels import LabelledPassage, make_passage
from indpol.classify.model import DirectionClassifier
from indpol.classify.taxonomy import Taxonomy
from indpol.errors import IndpolError
from indpol.records import Document

COLUMNS = ("id", "doc_id", "source", "text", "suggested", "uncertain", "margin", "labels")
NONE_VALUES = frozenset({"none", "нет", "-", "0"})
LABEL_SEPARATORS = (";", ",", "|")
MIN_CHARS = 40
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage that could be labelled."""

    id: str
    text: str
    doc_id: str = ""
    source: str = ""


def candidates_from_run(run_dir: str | Path) -> list[Candidate]:
    """Russian body passages of a run's ``passages.jsonl`` (sources from its ``documents.jsonl``)."""
    path = Path(run_dir) / "passages.jsonl"
    if not path.is_file():
        raise IndpolError("no passages.jsonl in the run folder", path=run_dir)
    sources = {row["doc_id"]: row.get("source", "") for row in _read_rows(Path(run_dir) / "documents.jsonl")}
    return [
        Candidate(row["passage_id"], row["text"], row.get("doc_id", ""), sources.get(row.get("doc_id"), ""))
        for row in _read_rows(path)
        if row.get("language") == "ru" and row.get("role", "body") == "body"
    ]


def _read_rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def candidates_from_documents(docs: Iterable[Document]) -> list[Candidate]:
    """Russian body passages of processed documents (the passages the classifier labels)."""
    from indpol.classify.directions import classifiable

    return [
        Candidate(p.passage_id, p.text, doc.doc_id, doc.source)
        for doc in docs
        for p in doc.passages
        if classifiable(p)
    ]


def least_confident(
    model: DirectionClassifier, candidates: Sequence[Candidate], limit: int = 100
) -> list[dict]:
    """The ``limit`` candidates whose closest label is nearest its threshold (smallest margin first)."""
    unique = {" ".join(c.text.split()): c for c in candidates if len(c.text.strip()) >= MIN_CHARS}
    pool = list(unique.values())
    if not pool:
        return []
    proba = model.predict_proba([c.text for c in pool])
    margins = np.abs(proba - model.thresholds_)
    closest = margins.argmin(axis=1)
    order = sorted(range(len(pool)), key=lambda i: (margins[i, closest[i]], pool[i].id))
    given = model.decide(proba)
    rows = []
    for i in order[:limit]:
        suggested = [str(model.classes_[j]) for j in np.nonzero(given[i])[0]]
        rows.append(
            {
                "id": pool[i].id,
                "doc_id": pool[i].doc_id,
                "source": pool[i].source,
                "text": spreadsheet_safe(pool[i].text),
                "suggested": ";".join(suggested) or "none",
                "uncertain": str(model.classes_[closest[i]]),
                "margin": f"{margins[i, closest[i]]:.3f}",
                "labels": "",
            }
        )
    return rows


def spreadsheet_safe(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would take for a formula ("- создание …", "=…")."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def from_spreadsheet(text: str) -> str:
    """Undo :func:`spreadsheet_safe`."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def write_suggestions(rows: Iterable[dict], path: str | Path) -> int:
    """Write rows as CSV a spreadsheet opens (UTF-8 with BOM); returns the number written."""
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def parse_labels(cell: str, taxonomy: Taxonomy) -> list[str] | None:
    """Direction ids from a filled ``labels`` cell; ``None`` when the cell is empty."""
    cell = cell.strip()
    if not cell:
        return None
    if cell.lower() in NONE_VALUES:
        return []
    by_name = {d.name.lower(): d.id for d in taxonomy.directions}
    for separator in LABEL_SEPARATORS:
        cell = cell.replace(separator, "\n")
    labels = []
    for part in (p.strip() for p in cell.splitlines()):
        if part:
            labels.append(by_name.get(part.lower(), part.lower()))
    return labels


def read_suggestions(path: str | Path, taxonomy: Taxonomy) -> list[LabelledPassage]:
    """Labelled rows of a suggestions CSV (comma or semicolon separated, as spreadsheets save it)."""
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IndpolError(f"cannot read labels CSV ({exc})", path=path) from None
    header = content.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    if not reader.fieldnames or not {"text", "labels"} <= set(reader.fieldnames):
        raise IndpolError("labels CSV needs 'text' and 'labels' columns", path=path, code="E_LABELS")
    passages = []
    for number, row in enumerate(reader, 2):
        labels = parse_labels(row.get("labels") or "", taxonomy)
        if labels is not None:
            data = {
                "id": row.get("id") or f"{Path(path).name}:{number}",
                "text": from_spreadsheet(row.get("text", "")),
                "labels": labels,
                "source": "suggest-csv",
            }
            passage = make_passage(data, taxonomy, f"{path}:{number}")
            # a document's passages stay in one cross-validation fold
            if passage is not None:
                passages.append(replace(passage, document=row.get("doc_id") or row.get("source") or ""))
    return passages
