"""indpol: structured, checkable facts from Russian industrial-policy documents.

Example::

    import indpol

    pipeline = indpol.Pipeline.from_config()
    doc = pipeline.process("corpus/doklad_finansirovanie_soyuznyh_programm.pdf")
    pipeline.run(["corpus/"], out="out/")
    facts = indpol.open("out/")
    changes = indpol.compare("old-run/", "new-run/")
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Pipeline": "indpol.pipeline",
    "PipelineConfig": "indpol.config",
    "Document": "indpol.records",
    "Passage": "indpol.records",
    "Sentence": "indpol.records",
    "Table": "indpol.records",
    "Entity": "indpol.records",
    "Figure": "indpol.records",
    "Stage": "indpol.records",
    "Failure": "indpol.records",
    "IndpolError": "indpol.errors",
    "RunSummary": "indpol.pipeline.batch",
    "make_document": "indpol.testing",
}
_RENAMED = {"open": ("indpol.store.reader", "open_run"), "compare": ("indpol.comparison.sides", "compare")}

__all__ = ["__version__", *sorted(_EXPORTS), *sorted(_RENAMED)]


def __getattr__(name: str) -> Any:
    """Import public names on first use, so ``import indpol`` (and the CLI) stays fast."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    if name in _RENAMED:
        module, attribute = _RENAMED[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'indpol' has no attribute {name!r}")
