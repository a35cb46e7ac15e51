"""The two sides of a comparison — run folders, documents to process, Documents or RunFacts — and
``compare`` (the notebook API's comparing half).

>>> import indpol
>>> changes = indpol.compare("reports-2022/", "reports-2023/")
>>> changes.figures_changed
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indpol.errors import StoreError
from indpol.records import Document
from indpol.store.database import DB_NAME
from indpol.store.reader import RunFacts, open_run

if TYPE_CHECKING:
    from indpol.comparison.compare import Comparison


def process_to_facts(inputs: str | Path | list[str | Path], pipeline: Any = None) -> RunFacts:
    """Run the pipeline (a ``Pipeline``, a config path/dict, or None for the default) over documents
    into a temporary store, removed when the returned facts are garbage-collected."""
    from indpol.pipeline import Pipeline

    if not isinstance(pipeline, Pipeline):
        pipeline = Pipeline.from_config(pipeline)
    items = inputs if isinstance(inputs, list) else [inputs]
    tmp = Path(tempfile.mkdtemp(prefix="indpol-compare-"))
    facts = RunFacts(path=tmp, label=", ".join(str(item) for item in items))
    weakref.finalize(facts, shutil.rmtree, tmp, True)
    single = len(items) == 1 and Path(items[0]).is_file()  # one file: no worker processes to start
    pipeline.run([str(item) for item in items], out=tmp, **({"engine": "inline"} if single else {}))
    return facts


def load_side(side: Any, config: Any = None) -> RunFacts:
    """A comparison side: RunFacts, Document(s), a run folder, or documents to process.

    ``config`` is a ``Pipeline``, a configuration path or dict, or None (used only for documents).
    """
    if isinstance(side, RunFacts):
        return side
    if isinstance(side, Document):
        return RunFacts.from_documents([side], label=side.source)
    if isinstance(side, list | tuple) and side and all(isinstance(d, Document) for d in side):
        return RunFacts.from_documents(side, label=", ".join(d.source for d in side))
    path = Path(side)
    if path.is_dir() and (path / DB_NAME).is_file():
        return open_run(path)
    if not path.exists():
        raise StoreError("no such file or folder", path=path)
    return process_to_facts(path, config)


def compare(old: Any, new: Any, *, config: Any = None, **options: Any) -> Comparison:
    """Compare two sides: run folders, documents (processed first, with one shared pipeline),
    Documents or RunFacts. Returns the change tables; see :class:`indpol.comparison.compare.Comparison`."""
    from indpol.comparison.compare import compare_facts

    needs_pipeline = sum(_needs_processing(side) for side in (old, new)) == 2
    if needs_pipeline and (config is None or isinstance(config, str | Path | dict)):
        from indpol.pipeline import Pipeline

        config = Pipeline.from_config(config)  # load models once for both sides
    return compare_facts(load_side(old, config), load_side(new, config), **options)


def _needs_processing(side: Any) -> bool:
    if not isinstance(side, str | Path):
        return False
    path = Path(side)
    return path.exists() and not (path / DB_NAME).is_file()
