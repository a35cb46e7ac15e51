"""Heavy resources (morphology, NER, classifier, gazetteer), loaded lazily once per process."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from indpol.config import PipelineConfig

logger = logging.getLogger(__name__)


class Models:
    """A per-process cache of loaded resources, keyed by name.

    Stages ask for what they need: ``models.get("ner", load_ner)``. Nothing is
    loaded until first asked for, and each worker process builds its own
    ``Models`` (so everything survives spawn).
    """

    def __init__(self, config: PipelineConfig | None = None):
        self.config = PipelineConfig.resolve(config)
        self._loaded: dict[str, Any] = {}
        self.load_seconds: dict[str, float] = {}

    def get(self, name: str, loader: Callable[[PipelineConfig], Any]) -> Any:
        """Return the resource ``name``, calling ``loader(config)`` the first time."""
        if name not in self._loaded:
            started = time.perf_counter()
            self._loaded[name] = loader(self.config)
            self.load_seconds[name] = time.perf_counter() - started
            logger.debug("loaded %s in %.2fs", name, self.load_seconds[name])
        return self._loaded[name]

    @property
    def morph(self) -> Any:
        from indpol.nlp.morph import load_morph

        return self.get("morph", lambda _config: load_morph())
