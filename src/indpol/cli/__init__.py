"""The ``indpol`` command: a thin click layer over the library.

Each module in this package adds its commands to :data:`main` (or to the
``eval``/``train``/``label`` groups) when imported; all are imported here.
"""

from __future__ import annotations

import importlib
import pkgutil

from indpol.cli.base import eval_group, label_group, main, train_group

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module != "base":
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["eval_group", "label_group", "main", "train_group"]
