"""Labelled passages for the direction classifier: reading the JSONL label files, counting labels."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indpol.classify.taxonomy import Taxonomy
from indpol.errors import IndpolError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LabelledPassage:
    """One training passage: our own text with its direction ids (possibly none)."""

    id: str
    text: str
    labels: tuple[str, ...]
    register: str = ""
    source: str = ""


def read_jsonl(path: Path, taxonomy: Taxonomy) -> list[LabelledPassage]:
    """Read one labels file; a malformed row is an error naming file and line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IndpolError(f"invalid JSON: {exc.msg}", path=where, code="E_LABELS") from None
        rows.append(make_passage(data, taxonomy, where))
    return rows


def make_passage(data: Any, taxonomy: Taxonomy, where: str) -> LabelledPassage:
    """Validate one labelled row (``id``, ``text``, ``labels``) against the taxonomy."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
        raise IndpolError("row needs a non-empty 'text'", path=where, code="E_LABELS")
    labels = data.get("labels")
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise IndpolError("'labels' must be a list of direction ids", path=where, code="E_LABELS")
    unknown = [label for label in labels if label not in taxonomy]
    if unknown:
        raise IndpolError(
            f"unknown direction '{unknown[0]}' (known: {', '.join(taxonomy.ids)})",
            path=where,
            code="E_LABELS",
        )
    return LabelledPassage(
        id=str(data.get("id") or where),
        text=data["text"].strip(),
        labels=tuple(sorted(set(labels))),
        register=str(data.get("register", "")),
        source=str(data.get("source", "")),
    )


def label_files(paths: Iterable[Path]) -> list[Path]:
    """The ``*.jsonl`` files named or found in the given folders, in reading order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise IndpolError("labels file or folder not found", path=path, code="E_LABELS")
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return files


def load_labelled(paths: Iterable[Path], taxonomy: Taxonomy) -> list[LabelledPassage]:
    """All passages of the given ``*.jsonl`` files or folders; duplicate ids or texts are dropped with a warning."""
    files = label_files(paths)
    passages, seen_ids, seen_texts = [], set(), set()
    for file in files:
        for passage in read_jsonl(file, taxonomy):
            key = " ".join(passage.text.lower().split())
            if passage.id in seen_ids or key in seen_texts:
                logger.warning("%s: duplicate passage %s skipped", file, passage.id)
                continue
            seen_ids.add(passage.id)
            seen_texts.add(key)
            passages.append(passage)
    return passages


def text_hash(text: str) -> str:
    """Short hash of a passage's normalised text, kept in the model to spot gold passages seen in training."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:12]


def label_counts(passages: Sequence[LabelledPassage], taxonomy: Taxonomy) -> dict[str, int]:
    """Positives per direction plus ``none`` for passages without a direction."""
    counts = Counter(label for p in passages for label in p.labels)
    result = {label: counts.get(label, 0) for label in taxonomy.ids}
    result["none"] = sum(1 for p in passages if not p.labels)
    return result
