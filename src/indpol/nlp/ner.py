"""Russian PER/LOC/ORG NER: slovnet's news model with navec embeddings, batched by length.

The weights ship inside the ``natasha`` wheel; we read them from its data folder without
importing natasha itself. ``load_ner`` is the loader for ``models.get("ner", load_ner)``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from indpol.config import PipelineConfig
from indpol.errors import ModelError

NER_LABELS = ("PER", "LOC", "ORG")
NAVEC_FILE = "emb/navec_news_v1_1B_250K_300d_100q.tar"
NER_FILE = "model/slovnet_ner_news_v1.tar"


@dataclass(frozen=True, slots=True)
class NerSpan:
    """A PER/LOC/ORG span found by the model; offsets are into the text given to it."""

    start: int
    end: int
    label: str


def natasha_data_dir() -> Path:
    """The ``natasha/data`` folder of the installed wheel (natasha is not imported)."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("package 'natasha' is not installed: pip install natasha (it ships the NER weights)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class NerModel:
    """slovnet NER with navec, called on many texts at once.

    ``map(texts)`` returns one list of :class:`NerSpan` per text, in input order. Texts are
    sent to the model sorted by length so that each batch pads to similar lengths.
    """

    def __init__(self, tagger: Any, batch_size: int = 32):
        self.tagger = tagger
        self.batch_size = batch_size

    def map(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        results: list[list[NerSpan]] = [[] for _ in texts]
        todo = [i for i in order if texts[i].strip()]
        for chunk_start in range(0, len(todo), self.batch_size):
            chunk = todo[chunk_start : chunk_start + self.batch_size]
            for index, markup in zip(chunk, self.tagger.infer([texts[i] for i in chunk]), strict=True):
                results[index] = adapt_markup(markup)
        return results

    def __call__(self, text: str) -> list[NerSpan]:
        return self.map([text])[0]

    def pipe(self, texts: Iterable[str], *, batch_size: int = 1000) -> Iterator[list[NerSpan]]:
        """Stream results for a long iterable, sorting within blocks of ``batch_size`` texts."""
        block: list[str] = []
        for text in texts:
            block.append(text)
            if len(block) >= batch_size:
                yield from self.map(block)
                block = []
        if block:
            yield from self.map(block)


def adapt_markup(markup: Any) -> list[NerSpan]:
    """slovnet ``SpanMarkup`` → our spans."""
    return [NerSpan(span.start, span.stop, span.type) for span in markup.spans if span.type in NER_LABELS]


@cache
def load_navec() -> Any:
    """The navec news embeddings of the natasha wheel, loaded once per process (NER and the direction
    classifier's navec features share them)."""
    from navec import Navec

    path = natasha_data_dir() / NAVEC_FILE
    if not path.is_file():
        raise ModelError("navec embeddings not found; reinstall natasha", path=path)
    return Navec.load(str(path))


def load_ner(config: PipelineConfig | None = None) -> NerModel:
    """Load navec + slovnet NER from the natasha wheel (about 1 s, +110 MB)."""
    from slovnet import NER

    batch_size = config.annotate.ner_batch_size if config else 32
    ner_path = natasha_data_dir() / NER_FILE
    if not ner_path.is_file():
        raise ModelError("NER weights not found; reinstall natasha", path=ner_path)
    tagger = NER.load(str(ner_path), batch_size=batch_size)
    tagger.navec(load_navec())
    return NerModel(tagger, batch_size=batch_size)
