"""The entities step: PER/LOC/ORG (slovnet NER + gazetteer), LAW references and DATE periods.

``find_entities`` is the pure core for one text given its NER spans; ``entities_for_texts``
runs NER over many texts at once (sorted by length, batched) and calls it for each;
``entities_step`` wraps that for a Document.

Overlaps between names are resolved deterministically: a gazetteer match replaces an NER
span with the same offsets (the gazetteer refines label, kind and canonical form); otherwise
gazetteer matches come first, then longer spans, then earlier ones, and a span is dropped
when it overlaps a kept one, unless one contains the other and their labels differ
("Правительство России" ORG keeps "России" LOC inside). LAW and DATE spans are independent
of names and of each other, so a LAW reference keeps its ORG, LOC and DATE mentions.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from indpol.config import PipelineConfig
from indpol.extract.entities.canonical import (
    canonical_name,
    date_canonical,
    is_issuing_body,
    issuer_nominative,
    law_canonical,
    unify_law_canonicals,
)
from indpol.extract.entities.filters import (
    is_false_name,
    load_not_names,
    name_parts,
    quoted_ranges,
    starts_sentence,
    trim_person,
)
from indpol.extract.entities.gazetteer import Gazetteer, GazMatch, load_gazetteer
from indpol.extract.grammars.dates import parse_dates
from indpol.extract.grammars.legal import LegalTypes, extract_legal, load_legal_types
from indpol.nlp.ner import NER_LABELS, NerModel, NerSpan, load_ner
from indpol.records import Document, Entity, Passage, make_id
from indpol.text.segment import sentence_spans

LABELS = (*NER_LABELS, "LAW", "DATE")
MAX_UNIT_CHARS = 1000  # default of annotate.ner_max_chars


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity in one text; offsets are into that text."""

    start: int
    end: int
    label: str
    canonical: str
    kind: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class EntityResources:
    """What ``find_entities`` needs: morphology, gazetteer, legal types, and a name cache."""

    morph: Any
    gazetteer: Gazetteer
    legal: LegalTypes
    cache: dict[tuple[str, str], str] = field(default_factory=dict)
    not_names: frozenset[str] = field(default_factory=load_not_names)

    def canonical(self, text: str, label: str) -> str:
        key = (text, label)
        if key not in self.cache:
            self.cache[key] = canonical_name(text, label, self.morph)
        return self.cache[key]


def load_resources(models: Any) -> EntityResources:
    """Build the resources from a :class:`~indpol.nlp.cache.Models` cache."""
    return EntityResources(models.morph, models.get("gazetteer", load_gazetteer), load_legal_types())


ALIAS = re.compile(r"\(\s*далее\s*(?:по\s+тексту\s*)?[-–—]?\s*[«\"]?$", re.I)


def find_entities(text: str, ner_spans: Sequence[NerSpan], res: EntityResources) -> list[Mention]:
    """All entities of ``text``: names, LAW references and DATE periods, sorted."""
    gaz = res.gazetteer.match(text)
    gaz += [inner for outer in gaz for inner in res.gazetteer.nested(text, outer)]
    mentions = merge_names(text, ner_spans, gaz, res)
    refs = extract_legal(text, res.morph, res.legal)
    quotes = [quote for ref in refs for quote in quoted_ranges(text, ref.start, ref.end)]
    if quotes:  # a programme's «name» inside a reference is its title, not an organisation
        mentions = [m for m in mentions if not _ner_inside(m, quotes)]
    for ref in refs:
        if ALIAS.search(text, max(0, ref.start - 20), ref.start):
            continue  # "(далее – Закон о закупках)" names the act cited just before
        attrs = {"doc_type": ref.doc_type, "number": ref.number, "date": ref.date, "title": ref.title}
        if ref.in_title:
            attrs["in_title"] = True
        if ref.issuer and is_issuing_body(ref.issuer, res.morph, res.legal.issuer_nouns):
            attrs["issuer"] = issuer_nominative(ref.issuer, res.morph)
        mentions.append(
            Mention(ref.start, ref.end, "LAW", law_canonical(ref, res.morph), ref.doc_type, attrs)
        )
    for span in parse_dates(text):
        attrs = {"start": span.date_start, "end": span.date_end, "granularity": span.granularity}
        if span.modifier:
            attrs["modifier"] = span.modifier
        mentions.append(Mention(span.start, span.end, "DATE", date_canonical(span), span.granularity, attrs))
    return sorted(mentions, key=lambda m: (m.start, m.end, m.label))


def merge_names(
    text: str, ner_spans: Sequence[NerSpan], gaz: Sequence[GazMatch], res: EntityResources
) -> list[Mention]:
    """PER/LOC/ORG mentions from NER and gazetteer, overlaps resolved (see module docstring)."""
    by_span = {(g.start, g.end): g for g in gaz}
    candidates: list[tuple[int, Mention]] = []
    for g in gaz:
        source = (
            "ner+gazetteer" if any((n.start, n.end) == (g.start, g.end) for n in ner_spans) else "gazetteer"
        )
        attrs = {"source": source} | ({"country": g.entry.country} if g.entry.country else {})
        candidates.append((0, Mention(g.start, g.end, g.entry.label, g.entry.canonical, g.entry.kind, attrs)))
    for n in ner_spans:
        if (n.start, n.end) in by_span:
            continue
        entry = res.gazetteer.lookup(text[n.start : n.end])
        if entry is not None:
            attrs = {"source": "ner+gazetteer"} | ({"country": entry.country} if entry.country else {})
            candidates.append((1, Mention(n.start, n.end, entry.label, entry.canonical, entry.kind, attrs)))
            continue
        start = trim_person(text, n.start, n.end, res.morph) if n.label == "PER" else n.start
        parts = name_parts(text, start, n.end, n.label, res.morph)
        for part_start, part_end, extra in parts:
            part = text[part_start:part_end]
            if is_false_name(part, n.label, res.morph, res.not_names, starts_sentence(text, part_start)):
                continue
            name = res.canonical(part, n.label)
            attrs = {"source": "ner", **extra}
            candidates.append((1, Mention(part_start, part_end, n.label, name, None, attrs)))
    candidates.sort(key=lambda c: (c[0], c[1].start - c[1].end, c[1].start))
    kept: list[Mention] = []
    for _, mention in candidates:
        if not any(_conflict(mention, other) for other in kept):
            kept.append(mention)
    return kept


def _ner_inside(mention: Mention, ranges: list[tuple[int, int]]) -> bool:
    return mention.attrs.get("source") == "ner" and any(
        a <= mention.start and mention.end <= b for a, b in ranges
    )


def _conflict(a: Mention, b: Mention) -> bool:
    if a.end <= b.start or b.end <= a.start:
        return False
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return not (nested and a.label != b.label and (a.start, a.end) != (b.start, b.end))


#####  BATCHES  #####


def ner_units(
    text: str, sentences: Sequence[tuple[int, int]] | None = None, max_chars: int = MAX_UNIT_CHARS
) -> list[tuple[int, int]]:
    """Cut ``text`` into NER inputs: itself when short, else groups of whole sentences.

    Long inputs pad whole batches to their length, and slovnet was trained on short news
    texts; a sentence longer than ``max_chars`` stays one unit.
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    bounds = list(sentences) if sentences else sentence_spans(text)
    units: list[tuple[int, int]] = []
    for start, end in bounds:
        if units and end - units[-1][0] <= max_chars:
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units or [(0, len(text))]


def run_ner(
    ner: NerModel | None,
    texts: Sequence[str],
    sentences: Sequence[Sequence[tuple[int, int]] | None] | None = None,
    max_chars: int = MAX_UNIT_CHARS,
) -> list[list[NerSpan]]:
    """NER spans for each text (offsets into that text), all texts batched together."""
    if ner is None:
        return [[] for _ in texts]
    pieces: list[tuple[int, int]] = []  # (text index, offset)
    inputs: list[str] = []
    for index, text in enumerate(texts):
        for start, end in ner_units(text, sentences[index] if sentences else None, max_chars):
            pieces.append((index, start))
            inputs.append(text[start:end])
    results: list[list[NerSpan]] = [[] for _ in texts]
    for (index, offset), spans in zip(pieces, ner.map(inputs), strict=True):
        results[index].extend(NerSpan(s.start + offset, s.end + offset, s.label) for s in spans)
    return results


def entities_for_texts(
    texts: Sequence[str],
    ner: NerModel | None,
    res: EntityResources,
    sentences: Sequence[Sequence[tuple[int, int]] | None] | None = None,
    max_chars: int = MAX_UNIT_CHARS,
) -> list[list[Mention]]:
    """``find_entities`` for many texts, with one batched NER pass over all of them."""
    ner_spans = run_ner(ner, texts, sentences, max_chars)
    return [find_entities(text, spans, res) for text, spans in zip(texts, ner_spans, strict=True)]


#####  STEP  #####


def eligible(passage: Passage) -> bool:
    return passage.language == "ru" and passage.role != "references" and bool(passage.text.strip())


def entities_step(doc: Document, models: Any, config: PipelineConfig) -> None:
    """Fill ``doc.entities`` from the document's Russian, non-reference passages."""
    passages = [p for p in doc.passages if eligible(p)]
    if not passages:
        return
    ner = models.get("ner", load_ner) if config.annotate.ner else None
    res = models.get("entity_resources", lambda _config: load_resources(models))
    sentences = _passage_sentences(doc, passages)
    found = entities_for_texts([p.text for p in passages], ner, res, sentences, config.annotate.ner_max_chars)
    entities = [
        adapt_mention(doc, passage, m) for passage, ms in zip(passages, found, strict=True) for m in ms
    ]
    doc.entities.extend(unify_laws(entities))
    doc.entities.sort(key=lambda e: (e.start, e.end, e.label))


def unify_laws(entities: list[Entity]) -> list[Entity]:
    """Give every citation of one act the canonical name of its most specific citation."""
    laws = [index for index, e in enumerate(entities) if e.label == "LAW"]
    names = unify_law_canonicals(
        [
            (entities[i].canonical, *(entities[i].attrs.get(k) for k in ("doc_type", "number", "title")))
            for i in laws
        ]
    )
    out = list(entities)
    for index, name in zip(laws, names, strict=True):
        if name != out[index].canonical:
            out[index] = dataclasses.replace(out[index], canonical=name)
    return out


def _passage_sentences(doc: Document, passages: list[Passage]) -> list[list[tuple[int, int]] | None]:
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for sentence in doc.sentences:
        grouped[sentence.passage_id].append((sentence.start, sentence.end))
    return [
        [(s - p.start, e - p.start) for s, e in grouped[p.passage_id]] if p.passage_id in grouped else None
        for p in passages
    ]


def adapt_mention(doc: Document, passage: Passage, mention: Mention) -> Entity:
    """A passage-local mention → an Entity with document provenance."""
    prov = doc.provenance(passage, mention.start, mention.end)
    entity_id = make_id(doc.doc_id, "entity", prov["start"], prov["end"], mention.label)
    return Entity(
        **prov,
        label=mention.label,
        canonical=mention.canonical,
        kind=mention.kind,
        attrs=dict(mention.attrs),
        entity_id=entity_id,
    )
