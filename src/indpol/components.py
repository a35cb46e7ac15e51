"""spaCy integration: a Russian pipeline and our components as registered factories.

``build_nlp()`` gives ``spacy.blank("ru")`` with the components named in ``pipeline.yaml``
(``annotate.spacy_pipeline``: the pymorphy3 lemmatizer, ``indpol_lemmas``, ``indpol_sentences``).
The factories ``indpol_lemmas``, ``indpol_sentences``, ``indpol_ner`` and ``indpol_entities``
are also exposed through the ``spacy_factories`` entry point, so any spaCy pipeline can
``nlp.add_pipe("indpol_ner")``. They wrap the same pure functions as our pipeline
(:func:`indpol.extract.entities.step.find_entities`) and write ``Doc._.indpol_entities`` (a list of
:class:`~indpol.extract.entities.step.Mention`), ``doc.spans["indpol"]`` (every mention, overlaps kept)
and ``doc.ents`` (longest spans, no overlaps). What they keep with a Doc is plain data, so
``doc.to_bytes()``, ``DocBin`` and ``nlp.pipe(n_process=2)`` work.
Our own pipeline does not build spaCy Docs: that would only cost time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from indpol.extract.entities.step import Mention
from indpol.facts import FACTS

EXTENSION = "indpol_entities"  # a getter: the mentions as Mention records
STORED = "indpol_mentions"  # what is kept with the Doc: plain dicts, so to_bytes, DocBin and n_process work
SPAN_KEY = "indpol"  # doc.spans["indpol"]: every mention, overlaps included (for displaCy's span view)
MENTION_FIELDS = ("start", "end", "label", "canonical", "kind", "attrs")


def _ensure_extension() -> None:
    if not Doc.has_extension(STORED):
        Doc.set_extension(STORED, default=None)
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, getter=_mentions)


def _mentions(doc: Doc) -> list[Mention] | None:
    stored = doc._.get(STORED)
    return None if stored is None else [Mention(**item) for item in stored]


def _models(config: str | None) -> Any:
    from indpol.nlp.cache import Models

    return Models(config)


class LemmaComponent:
    """Best-guess pymorphy3 lemma where the lookup lemmatizer kept the word as written."""

    def __init__(self) -> None:
        self._morph: Any = None

    def __call__(self, doc: Doc) -> Doc:
        if self._morph is None:
            from indpol.nlp.morph import load_morph

            self._morph = load_morph()
        for token in doc:
            if token.is_alpha and (not token.lemma_ or token.lemma_ == token.text):
                token.lemma_ = self._morph.lemma(token.text)
        return doc


class EntityComponent:
    """NER (and with ``full=True`` gazetteer, LAW and DATE) over whole Docs, batched."""

    def __init__(self, full: bool, config: str | None = None, batch_size: int = 64):
        self.full = full
        self.config = config
        self.batch_size = batch_size
        self._state: tuple[Any, Any] | None = None
        _ensure_extension()

    def _load(self) -> tuple[Any, Any]:
        if self._state is None:
            from indpol.extract.entities.step import load_resources
            from indpol.nlp.ner import load_ner

            models = _models(self.config)
            self._state = (models.get("ner", load_ner), load_resources(models) if self.full else None)
        return self._state

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        iterator = iter(docs)
        while batch := list(islice(iterator, batch_size or self.batch_size)):
            yield from self._process(batch)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        from indpol.extract.entities.step import entities_for_texts, run_ner

        ner, res = self._load()
        texts = [doc.text for doc in docs]
        if self.full:
            found = entities_for_texts(texts, ner, res)
        else:
            found = [[Mention(s.start, s.end, s.label, doc_text[s.start : s.end]) for s in spans]
                     for doc_text, spans in zip(texts, run_ner(ner, texts), strict=True)]  # fmt: skip
        for doc, mentions in zip(docs, found, strict=True):
            set_entities(doc, mentions)
        return docs


def set_entities(doc: Doc, mentions: list[Mention]) -> None:
    """Write the mentions (``doc._.indpol_entities``), every one of them as ``doc.spans["indpol"]``
    (overlaps kept) and the longest non-overlapping ones as ``doc.ents``."""
    _ensure_extension()
    doc._.set(STORED, [{name: getattr(m, name) for name in MENTION_FIELDS} for m in mentions])
    spans = [doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand") for m in mentions]
    spans = [span for span in spans if span is not None]
    doc.spans[SPAN_KEY] = spans
    doc.ents = filter_spans(spans)


@Language.factory("indpol_lemmas", assigns=["token.lemma"], requires=["token.lemma"])
def make_lemmas(nlp: Language, name: str) -> LemmaComponent:
    """pymorphy3's best normal form for tokens the lookup lemmatizer leaves ambiguous."""
    return LemmaComponent()


@Language.factory(
    "indpol_ner",
    default_config={"config": None, "batch_size": 64},
    assigns=["doc.ents", "doc.spans", f"doc._.{EXTENSION}"],
)
def make_ner(nlp: Language, name: str, config: str | None, batch_size: int) -> EntityComponent:
    """slovnet PER/LOC/ORG NER, batched over Docs sorted by length."""
    return EntityComponent(full=False, config=config, batch_size=batch_size)


@Language.factory(
    "indpol_entities",
    default_config={"config": None, "batch_size": 64},
    assigns=["doc.ents", "doc.spans", f"doc._.{EXTENSION}"],
)
def make_entities(nlp: Language, name: str, config: str | None, batch_size: int) -> EntityComponent:
    """The whole entity stage: NER + gazetteer + LAW + DATE with canonical forms."""
    return EntityComponent(full=True, config=config, batch_size=batch_size)


class FactComponent:
    """An indpol fact step over a spaCy Doc.

    The Doc's text becomes an indpol Document (paragraphs at blank lines), the step runs after the
    steps it requires (:mod:`indpol.facts`), and its records are kept as plain dicts in
    ``doc._.indpol_<fact>`` with their spans in ``doc.spans["indpol_<fact>"]``; directions become
    ``doc.cats`` (the highest score of each label over the Doc's paragraphs).
    """

    def __init__(self, fact: str, config: str | None = None):
        self.fact = fact
        self.config = config
        self._models: Any = None
        if fact != "directions" and not Doc.has_extension(f"indpol_{fact}"):
            Doc.set_extension(f"indpol_{fact}", default=None)

    def __call__(self, doc: Doc) -> Doc:
        import importlib

        from indpol.facts import STEPS, with_requirements
        from indpol.testing import make_document

        if self._models is None:
            self._models = _models(self.config)
        record = make_document(doc.text)
        wanted = with_requirements([self.fact])
        for fact in STEPS:
            if fact.name in wanted:
                module, function = fact.step.split(":")
                getattr(importlib.import_module(module), function)(record, self._models, self._models.config)
        if self.fact == "directions":
            for passage in record.passages:
                for direction in passage.directions or ():
                    doc.cats[direction["label"]] = max(
                        doc.cats.get(direction["label"], 0.0), direction["score"]
                    )
            return doc
        rows = getattr(record, self.fact)
        if not Doc.has_extension(f"indpol_{self.fact}"):
            Doc.set_extension(f"indpol_{self.fact}", default=None)
        doc._.set(f"indpol_{self.fact}", [row.to_dict() for row in rows])
        spans = [doc.char_span(r.start, r.end, label=getattr(r, "kind", None) or getattr(r, "status", None) or self.fact,
                               alignment_mode="expand") for r in rows]  # fmt: skip
        doc.spans[f"indpol_{self.fact}"] = [span for span in spans if span is not None]
        return doc


def _fact_factory(fact: str) -> Any:
    def make(nlp: Language, name: str, config: str | None) -> FactComponent:
        return FactComponent(fact, config)

    make.__name__ = f"make_{fact}"
    make.__doc__ = f"indpol's {fact} step (with the steps it needs) over a Doc's text."
    return make


for _fact in FACTS:  # a factory for every fact type that names one (indpol.facts), but entities' own
    if _fact.component and _fact.name != "entities":
        globals()[f"make_{_fact.name}"] = Language.factory(
            _fact.component,
            default_config={"config": None},
            assigns=["doc.cats"]
            if _fact.name == "directions"
            else ["doc.spans", f"doc._.indpol_{_fact.name}"],
        )(_fact_factory(_fact.name))


class SentenceComponent:
    """Sentence starts from our segmentation (:func:`indpol.text.segment.sentence_spans`)."""

    def __call__(self, doc: Doc) -> Doc:
        from indpol.text.segment import sentence_spans

        set_sentence_starts(doc, sentence_spans(doc.text))
        return doc


def set_sentence_starts(doc: Doc, sentences: Iterable[tuple[int, int]]) -> None:
    """Mark the first token at or after each sentence start; every other token continues a sentence."""
    starts = sorted(start for start, _ in sentences)
    position = 0
    for token in doc:
        is_start = token.i == 0
        while position < len(starts) and starts[position] <= token.idx:
            is_start = True
            position += 1
        token.is_sent_start = is_start


@Language.factory("indpol_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> SentenceComponent:
    """Sentence boundaries of indpol's segmentation ("2023 г.", "млрд.", "т. е.", initials do not split)."""
    return SentenceComponent()


def build_nlp(components: tuple[str, ...] = (), config: Any = None) -> Language:
    """``spacy.blank("ru")`` with the components of ``annotate.spacy_pipeline`` (+ extra components).

    ``config``: a :class:`~indpol.config.PipelineConfig`, a dict or a YAML path (default: ``pipeline.yaml``).
    ``"lemmatizer"`` is spaCy's lemmatizer in pymorphy3 mode. Example: ``build_nlp(("indpol_entities",))``.
    """
    from indpol.config import PipelineConfig

    nlp = spacy.blank("ru")
    for component in [*PipelineConfig.resolve(config).annotate.spacy_pipeline, *components]:
        if component == "lemmatizer":
            nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        else:
            nlp.add_pipe(component)
    nlp.initialize()
    return nlp


def passage_doc(nlp: Language, text: str, sentences: Iterable[tuple[int, int]] = ()) -> Doc:
    """A tokenised Doc with sentence starts taken from our segmentation (passage-local offsets)."""
    doc = nlp.make_doc(text)
    if sentences:
        set_sentence_starts(doc, sentences)
    return doc
