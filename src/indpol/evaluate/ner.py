"""PER/LOC/ORG scores on factRuEval-2016 with the conventions of Natasha's naeval.

Gold spans (naeval ``adapt_factru``): a Person object is one span from its first to its
last token; an Org object gives its ``org_name`` spans; LocOrg and Location objects give
their ``loc_name`` spans (so "мэрии Москвы" is LOC "Москвы" only). Overlapping spans keep
the outer/earlier one, and spans not aligned to razdel token bounds are dropped. The same
overlap and alignment filters apply to predictions.

Scoring (naeval ``score.py``): per token, not per span. Each razdel token is tagged I or O
for each type from the spans; precision and recall are counted over tokens and summed over
documents, F1 per type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from razdel import tokenize

from indpol.errors import IndpolError
from indpol.nlp.ner import NER_LABELS

TYPES = NER_LABELS
FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "LocOrg": "LOC", "Location": "LOC"}

Span = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class GoldDoc:
    doc_id: str
    text: str
    spans: tuple[Span, ...]


@dataclass
class Score:
    """Token counts for one type: precision and recall numerators and denominators."""

    prec_correct: int = 0
    prec_total: int = 0
    recall_correct: int = 0
    recall_total: int = 0

    @property
    def precision(self) -> float:
        return self.prec_correct / self.prec_total if self.prec_total else 0.0

    @property
    def recall(self) -> float:
        return self.recall_correct / self.recall_total if self.recall_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class NerReport:
    """Scores per system name, then per type."""

    docs: int
    systems: dict[str, dict[str, Score]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


#####  READING  #####


def load_factru(folder: str | Path, limit: int | None = None) -> list[GoldDoc]:
    """factRuEval documents (``*.txt`` with ``*.spans`` and ``*.objects``) of ``folder``, sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IndpolError("factRuEval folder not found", path=folder)
    docs = []
    for txt in sorted(folder.glob("*.txt"))[:limit]:
        spans_file, objects_file = txt.with_suffix(".spans"), txt.with_suffix(".objects")
        if not spans_file.is_file() or not objects_file.is_file():
            continue
        text = txt.read_text(encoding="utf-8")
        spans = _read_spans(spans_file)
        gold = adapt_factru(_read_objects(objects_file, spans), text)
        docs.append(GoldDoc(txt.stem, text, tuple(gold)))
    if not docs:
        raise IndpolError("no factRuEval documents (*.txt + *.spans + *.objects)", path=folder)
    return docs


def _read_spans(path: Path) -> dict[str, tuple[str, int, int]]:
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if len(fields) >= 4:
            span_id, kind, start, size = fields[:4]
            spans[span_id] = (kind, int(start), int(start) + int(size))
    return spans


def _read_objects(
    path: Path, spans: dict[str, tuple[str, int, int]]
) -> list[tuple[str, list[tuple[str, int, int]]]]:
    objects = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if len(fields) >= 3:
            objects.append((fields[1], [spans[i] for i in fields[2:] if i in spans]))
    return objects


def adapt_factru(objects: Sequence[tuple[str, list[tuple[str, int, int]]]], text: str) -> list[Span]:
    """factRuEval objects → PER/LOC/ORG spans (naeval's convention, see module docstring)."""
    out: list[Span] = []
    for kind, parts in objects:
        if kind not in FACTRU_TYPES or not parts:
            continue
        label = FACTRU_TYPES[kind]
        if kind == "Person":
            out.append((min(p[1] for p in parts), max(p[2] for p in parts), label))
            continue
        name = "org_name" if kind == "Org" else "loc_name"
        out.extend(
            (s, e, label)
            for s, e, _ in filter_overlapping([(p[1], p[2], p[0]) for p in parts if p[0] == name])
        )
    return clean_spans(out, text)


#####  SPANS AND SCORES  #####


def filter_overlapping(spans: Sequence[Span]) -> list[Span]:
    """Drop each span that starts inside an earlier (outer) one, as naeval does."""
    dropped: set[int] = set()
    previous = None
    for index in sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1])):
        if previous is not None and spans[previous][1] > spans[index][0]:
            dropped.add(index)
            continue
        previous = index
    return [span for i, span in enumerate(spans) if i not in dropped]


def clean_spans(spans: Sequence[Span], text: str) -> list[Span]:
    """Overlaps removed, spans aligned to razdel tokens, sorted by start."""
    tokens = list(tokenize(text))
    starts, stops = {t.start for t in tokens}, {t.stop for t in tokens}
    kept = [s for s in filter_overlapping(spans) if s[0] in starts and s[1] in stops]
    return sorted(kept, key=lambda s: s[0])


def token_tags(text: str, spans: Sequence[Span]) -> list[str | None]:
    """The type of each razdel token (None outside spans); spans sorted and disjoint."""
    tags: list[str | None] = []
    index = 0
    for token in tokenize(text):
        while index < len(spans) and spans[index][1] <= token.start:
            index += 1
        inside = index < len(spans) and spans[index][0] <= token.start < spans[index][1]
        tags.append(spans[index][2] if inside else None)
    return tags


def score_docs(docs: Sequence[GoldDoc], predictions: Sequence[Sequence[Span]]) -> dict[str, Score]:
    """Per-type token scores summed over documents."""
    scores = {label: Score() for label in TYPES}
    for doc, pred in zip(docs, predictions, strict=True):
        gold_tags = token_tags(doc.text, doc.spans)
        pred_tags = token_tags(doc.text, clean_spans(pred, doc.text))
        for label, score in scores.items():
            for g, p in zip(gold_tags, pred_tags, strict=True):
                if p == label:
                    score.prec_total += 1
                    score.prec_correct += g == label
                if g == label:
                    score.recall_total += 1
                    score.recall_correct += p == label
    return scores


def evaluate(
    docs: Sequence[GoldDoc], systems: dict[str, Callable[[Sequence[str]], list[list[Span]]]]
) -> NerReport:
    """Run each system (texts → spans per text) and score it."""
    import time

    report = NerReport(docs=len(docs))
    texts = [doc.text for doc in docs]
    for name, system in systems.items():
        started = time.perf_counter()
        predictions = system(texts)
        report.seconds[name] = time.perf_counter() - started
        report.systems[name] = score_docs(docs, predictions)
    return report


def format_report(report: NerReport) -> str:
    """A plain-text table: one row per type, precision/recall/F1 per system."""
    names = list(report.systems)
    header = "type  " + "  ".join(f"{n:>22}" for n in names)
    lines = [f"factRuEval-2016: {report.docs} documents; token-level P / R / F1 (naeval conventions)", header]
    for label in TYPES:
        cells = []
        for name in names:
            s = report.systems[name][label]
            cells.append(f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  ")
        lines.append(f"{label:<5} " + "  ".join(f"{c:>22}" for c in cells))
    lines.append(
        "secs  " + "  ".join(f"{report.seconds[n]:>22.1f}" for n in names) + "  (incl. first-use loading)"
    )
    return "\n".join(lines)


#####  SYSTEMS  #####


def slovnet_system(ner: Any) -> Callable[[Sequence[str]], list[list[Span]]]:
    """Bare slovnet on each whole text, as naeval runs it."""

    def run(texts: Sequence[str]) -> list[list[Span]]:
        return [[(s.start, s.end, s.label) for s in spans] for spans in ner.map(list(texts))]

    return run


def entity_pipeline(config: Any = None) -> Any:
    """A pipeline from ``config`` with only the entities step switched on."""
    from indpol.config import PipelineConfig
    from indpol.pipeline import Pipeline

    return Pipeline(PipelineConfig.resolve(config), only=("entities",))


def pipeline_system(pipeline: Any) -> Callable[[Sequence[str]], list[list[Span]]]:
    """The real pipeline (ingest, clean, segment, entities) on each text as a TXT file.

    Entities are mapped back to the original text through their ``source_start``/``source_end``.
    """

    def run(texts: Sequence[str]) -> list[list[Span]]:
        out = []
        for index, text in enumerate(texts):
            doc = pipeline.process(text.encode("utf-8"), name=f"factru-{index}.txt")
            out.append(
                [
                    (e.source_start, e.source_end, e.label)
                    for e in doc.entities
                    if e.label in TYPES and e.source_start is not None and e.source_end is not None
                ]
            )
        return out

    return run


def indpol_system(models: Any, config: Any) -> Callable[[Sequence[str]], list[list[Span]]]:
    """Our entity step on each text made into a document (paragraph passages)."""
    from indpol.extract.entities.step import entities_step
    from indpol.testing import make_document

    def run(texts: Sequence[str]) -> list[list[Span]]:
        out = []
        for index, text in enumerate(texts):
            doc = make_document(text, doc_id=f"factru-{index}")
            entities_step(doc, models, config)
            out.append([(e.start, e.end, e.label) for e in doc.entities if e.label in TYPES])
        return out

    return run
