"""Labelled passages for the direction classifier: reading the JSONL label files, counting labels."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indpol.classify.taxonomy import Taxonomy
from indpol.errors import IndpolError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LabelledPassage:
    """One labelled passage with its direction ids (possibly none).

    ``document`` names the document a passage of a real document comes from (its ``file``), so
    cross-validation keeps a document's passages in one fold; passages we wrote have none.
    """

    id: str
    text: str
    labels: tuple[str, ...]
    register: str = ""
    source: str = ""
    document: str = ""

    @property
    def group(self) -> str:
        """The fold group: the document, or the passage itself when it stands alone."""
        return self.document or f"passage:{self.id}"


class DocumentTexts:
    """Passage texts of real documents, read where label files only keep ``file`` and offsets.

    ``roots`` are the folders a row's ``file`` is relative to; ``read`` turns a document into the text
    indpol reads from it (see :func:`indpol.evaluate.common.document_texts`), once per document. Its
    SHA-1 must equal the row's ``text_sha1`` (else the offsets may point elsewhere). Documents not found
    or changed are counted, not fatal: their passages are skipped and :meth:`summary` says how many.
    """

    def __init__(self, roots: Iterable[str | Path] = (), read: Callable[[Path], str] | None = None):
        self.roots = [Path(root) for root in roots]
        self.read = read
        self._texts: dict[str, str | None] = {}
        self.missing: dict[str, set[tuple[int, int]]] = {}  # document -> the spans skipped
        self.changed: dict[str, set[tuple[int, int]]] = {}

    def passage(self, file: str, start: int, end: int, sha1: str) -> str | None:
        """The passage text, or ``None`` when the document is absent or its text changed."""
        if file not in self._texts:
            self._texts[file] = self._read(file, sha1)
        text = self._texts[file]
        if text is None:
            skipped = self.changed if file in self.changed else self.missing
            skipped.setdefault(file, set()).add((start, end))  # a file read twice counts its rows once
            return None
        return text[start:end]

    def _read(self, file: str, sha1: str) -> str | None:
        path = next((root / file for root in self.roots if (root / file).is_file()), None)
        if path is None or self.read is None:
            return None
        text = self.read(path)
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != sha1:
            logger.warning("%s: text differs from the one labelled; its passages are skipped", path)
            self.changed[file] = set()
            return None
        return text

    def summary(self) -> str:
        """One line on skipped passages, or an empty string."""
        parts = []
        if self.missing and self.roots:
            parts.append(
                f"{sum(map(len, self.missing.values()))} passages of {len(self.missing)} documents not found under "
                f"{', '.join(map(str, self.roots))}"
            )
        elif self.missing:  # an installed indpol, or roots given as none
            parts.append(
                f"{sum(map(len, self.missing.values()))} passages of {len(self.missing)} real documents, which the label "
                "files keep as offsets only (their text is not shipped): name the folder holding them with "
                "--texts (the repository's bench/data/*.jsonl say where each document comes from)"
            )
        if self.changed:
            parts.append(
                f"{sum(map(len, self.changed.values()))} passages of {len(self.changed)} changed documents"
            )
        return "skipped " + "; ".join(parts) if parts else ""


def read_jsonl(path: Path, taxonomy: Taxonomy, texts: DocumentTexts | None = None) -> list[LabelledPassage]:
    """Read one labels file; a malformed row is an error naming file and line. Rows of real documents
    (``file``, ``start``, ``end``, ``text_sha1`` instead of ``text``) are read through ``texts`` and
    skipped when their document is not there."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IndpolError(f"invalid JSON: {exc.msg}", path=where, code="E_LABELS") from None
        passage = make_passage(data, taxonomy, where, texts or DocumentTexts())
        if passage is not None:
            rows.append(passage)
    return rows


OFFSET_KEYS = ("file", "start", "end", "text_sha1")


def make_passage(
    data: Any, taxonomy: Taxonomy, where: str, texts: DocumentTexts | None = None
) -> LabelledPassage | None:
    """Validate one labelled row (``id``, ``text`` or document offsets, ``labels``) against the taxonomy;
    ``None`` for a row of a document ``texts`` cannot read."""
    if not isinstance(data, dict):
        raise IndpolError("row must be a JSON object", path=where, code="E_LABELS")
    document = ""
    if "text" not in data and "file" in data:
        if not (
            isinstance(data.get("file"), str)
            and isinstance(data.get("text_sha1"), str)
            and all(isinstance(data.get(key), int) for key in ("start", "end"))
            and 0 <= data["start"] < data["end"]
        ):
            raise IndpolError(
                "a row of a real document needs 'file', 'text_sha1' and offsets 'start' < 'end'",
                path=where,
                code="E_LABELS",
            )
        found = (texts or DocumentTexts()).passage(
            data["file"], data["start"], data["end"], data["text_sha1"]
        )
        if found is None:
            return None
        data, document = {**data, "text": found}, data["file"]
    if not isinstance(data.get("text"), str) or not data["text"].strip():
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
        document=document,
    )


def label_files(paths: Iterable[Path]) -> list[Path]:
    """The ``*.jsonl`` files named or found in the given folders, in reading order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise IndpolError("labels file or folder not found", path=path, code="E_LABELS")
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return files


def load_labelled(
    paths: Iterable[Path], taxonomy: Taxonomy, texts: DocumentTexts | None = None
) -> list[LabelledPassage]:
    """All passages of the given ``*.jsonl`` files or folders; duplicate ids or texts are dropped with a warning."""
    files = label_files(paths)
    passages, seen_ids, seen_texts = [], set(), set()
    for file in files:
        for passage in read_jsonl(file, taxonomy, texts):
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
