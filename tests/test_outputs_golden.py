"""Every output row of the sample corpus and of the development data, as digests: a change of code that
means to keep outputs (a restructuring, a speed-up) must keep them byte for byte.

A change that means to change outputs updates the digests on purpose and says so in its commit:
``INDPOL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_outputs_golden.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS, FACTRU, RUREBUS, SEED

GOLDEN = Path(__file__).parent / "data" / "golden_outputs.json"
DOCUMENT_FIELDS = ("doc_id", "format", "status", "error", "error_code", "pages", "language", "bytes", "text")
FACT_LISTS = ("passages", "sentences", "tables", "entities", "figures", "stages")
UPDATE = os.environ.get("INDPOL_UPDATE_GOLDEN") == "1"


def inputs() -> dict[str, Path]:
    """Name → file: the whole corpus, the seed article, the first 12 RuREBus and 12 factRuEval texts."""
    found = {f"corpus/{path.name}": path for path in sorted(CORPUS.iterdir()) if path.is_file()}
    found = {
        name: path for name, path in found.items() if path.suffix not in (".py",) and path.name != "README.md"
    }
    if SEED.is_file():
        found["shared/seed"] = SEED
    for folder, label in ((RUREBUS, "rurebus"), (FACTRU, "factru")):
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt"))[:12]:
                found[f"shared/{label}/{path.name}"] = path
    return found


def digests(doc) -> dict[str, str]:
    """One sha256 per output: the document's own fields and each list of facts, rows in order."""
    out = {"document": _digest({name: getattr(doc, name) for name in DOCUMENT_FIELDS})}
    for name in FACT_LISTS:
        out[name] = _digest([row.to_dict() for row in getattr(doc, name)])
    return out


def _digest(value: object) -> str:
    text = json.dumps(_rounded(value), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _rounded(value: object) -> object:
    """Scores to four places, so that a last-digit difference of a numeric library is no change."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


@pytest.fixture(scope="module")
def outputs():
    from indpol.pipeline import Pipeline

    pipeline = Pipeline.from_config()
    return {name: digests(pipeline.process(path)) for name, path in inputs().items()}


def test_outputs_are_unchanged(outputs):
    if UPDATE:
        stored = json.loads(GOLDEN.read_text()) if GOLDEN.is_file() else {}
        GOLDEN.write_text(
            json.dumps({**stored, **outputs}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        )
    golden = json.loads(GOLDEN.read_text())
    changed = {
        f"{name}: {part}"
        for name, parts in outputs.items()
        for part, value in parts.items()
        if golden.get(name, {}).get(part) != value
    }
    assert not changed, f"outputs changed ({len(changed)}): {sorted(changed)[:20]}"
