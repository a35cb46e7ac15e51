"""Matching facts across two sides: lemma keys, greedy similarity matching, fact grouping, evidence columns."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from indpol.text.tokens import WORD, fold

SKIP_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})
STATUS_RANK = {"planned": 1, "in_progress": 2, "completed": 3}
# Parts of speech naming what a stage is about; status words (verbs, participles, adverbs) change
# between reports and are left out of stage keys.
STAGE_POS = frozenset({"NOUN", "ADJF", "ADJS", "COMP"})
QUOTES = str.maketrans({c: " " for c in "«»\"'“”„()[]"})
# Heads that only say "amount of": "объем инвестиций" and "инвестиции" measure the same thing.
MEASURE_WORDS = frozenset(
    {"объем", "величина", "размер", "уровень", "показатель", "значение", "количество", "число"}
)
CLAUSE_END = re.compile(r"[,;:.!?()–—]")
PREDICATE_POS = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})


def lemma_key(text: str | None, morph: Any, keep: frozenset[str] | None = None) -> tuple[str, ...]:
    """Sorted distinct lemmas of the content words of ``text`` (order, case and ё tolerant; numbers dropped).

    "объема взаимного товарооборота" and "взаимный товарооборот (объём)" give the same key.
    With ``keep``, only words of those parts of speech (and roman numerals, Latin words) count.
    """
    if not text:
        return ()
    lemmas = set()
    for match in WORD.finditer(fold(text.lower())):
        word = match.group()
        parses = morph.parse(word)
        pos = parses[0].tag.POS if parses else None
        if pos in SKIP_POS or (keep is not None and pos is not None and pos not in keep):
            continue
        lemmas.add(fold(parses[0].normal_form if parses else word))
    return tuple(sorted(lemmas))


def name_key(text: str | None) -> str:
    """A canonical name for set comparison: case folded, ё → е, quotes and extra spaces removed."""
    if not text:
        return ""
    return " ".join(fold(text.translate(QUOTES).casefold()).split())


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def greedy_match(
    old: Sequence[Any],
    new: Sequence[Any],
    similarity: Callable[[Any, Any], float],
    threshold: float,
) -> tuple[list[tuple[int, int, float]], list[int], list[int]]:
    """Pair items one-to-one, best similarity first; return pairs and the unmatched indices of each side.

    Ties break by position, so the result is deterministic.
    """
    scored = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = similarity(a, b)
            if score >= threshold:
                scored.append((-score, i, j))
    scored.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for neg, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, -neg))
    pairs.sort(key=lambda p: (p[1], p[0]))
    unmatched_old = [i for i in range(len(old)) if i not in used_old]
    unmatched_new = [j for j in range(len(new)) if j not in used_new]
    return pairs, unmatched_old, unmatched_new


def is_missing(value: Any) -> bool:
    """None, pandas NA or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def text_of(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def number_of(value: Any) -> float | None:
    """A float rounded to 12 significant digits (so 0.1 + 0.2 equals 0.3), or None."""
    return None if is_missing(value) else float(f"{float(value):.12g}")


def period_label(start: Any, end: Any) -> str:
    """ "2023", "2021–2025", "до 2030", "с 2024" or ""."""
    start, end = text_of(start), text_of(end)
    if start and end:
        return start if start == end else f"{start}–{end}"
    if end:
        return f"до {end}"
    return f"с {start}" if start else ""


class Evidence:
    """Turns a fact row into evidence columns: source, page, quoted span and its passage context."""

    def __init__(self, facts: Any, context_chars: int = 120):
        self.context_chars = context_chars
        docs = facts.documents
        owners = docs[docs["status"] != "duplicate"].sort_values("source")
        self.sources: dict[str, str] = {}
        for doc_id, source in zip(owners["doc_id"], owners["source"], strict=True):
            self.sources.setdefault(doc_id, source)  # the first source in order names the document
        passages = facts.passages
        self.passages = {
            pid: (int(start), text)
            for pid, start, text in zip(
                passages["passage_id"], passages["char_start"], passages["text"], strict=True
            )
        }

    def of(self, row: Any, side: str) -> dict[str, Any]:
        start, end, quote = int(row.char_start), int(row.char_end), str(row.text)
        context, quote_at = quote, 0
        if row.passage_id in self.passages:
            p_start, p_text = self.passages[row.passage_id]
            lo = max(0, start - p_start - self.context_chars)
            hi = min(len(p_text), end - p_start + self.context_chars)
            prefix = "…" if lo > 0 else ""
            context = prefix + p_text[lo:hi] + ("…" if hi < len(p_text) else "")
            quote_at = len(prefix) + start - p_start - lo
        page = None if is_missing(row.page) else int(row.page)
        return {
            f"{side}_source": self.sources.get(row.doc_id, row.doc_id),
            f"{side}_page": page,
            f"{side}_quote": quote,
            f"{side}_context": context,
            f"{side}_quote_at": quote_at,
            f"{side}_doc_id": row.doc_id,
            f"{side}_char_start": start,
            f"{side}_char_end": end,
        }


def indicator_key(indicator: str | None, unit: str | None, morph: Any) -> tuple[str, ...]:
    """Indicator lemmas without measure words ("объем", "количество") unless nothing else is left."""
    lemmas = lemma_key(indicator, morph)
    content = tuple(lemma for lemma in lemmas if lemma not in MEASURE_WORDS)
    return content or lemmas


def _clause(row: Any, ev: Evidence) -> tuple[str, str]:
    """The clause around a figure: its text before and after the figure (empty outside known passages)."""
    if row.passage_id not in ev.passages:
        return "", ""
    p_start, p_text = ev.passages[row.passage_id]
    start, end = int(row.char_start) - p_start, int(row.char_end) - p_start
    before = max((m.end() for m in CLAUSE_END.finditer(p_text, 0, max(start, 0))), default=0)
    after = CLAUSE_END.search(p_text, end)
    return p_text[before:start], p_text[end : after.start() if after else len(p_text)]


def clause_predicates(row: Any, ev: Evidence, morph: Any) -> tuple[str, ...]:
    """Lemmas of verbs and participles in the clause around a figure ("по 12 программам работа продолжается")."""
    clause = " ".join(_clause(row, ev))
    found = set()
    for match in WORD.finditer(clause.lower()):
        parses = morph.parse(match.group())
        if parses and parses[0].tag.POS in PREDICATE_POS:
            found.add(parses[0].normal_form)
    return tuple(sorted(found))


def figure_groups(facts: Any, morph: Any, ev: Evidence) -> dict[tuple[str, ...], list[Any]]:
    """Figures with an indicator, grouped by (indicator lemmas, unit, period, change), in source order.

    A count whose indicator only repeats its counted noun ("12 программ") says little about what
    is counted, so its key also holds the predicates of its clause ("выполнены", "продолжается").
    """
    frame = facts.figures
    groups: dict[tuple[str, ...], list[Any]] = {}
    rows = sorted(
        (r for r in frame.itertuples(index=False) if text_of(r.indicator)),
        key=lambda r: (ev.sources.get(r.doc_id, r.doc_id), r.char_start, r.char_end),
    )
    for row in rows:
        indicator = indicator_key(row.indicator, row.unit, morph)
        if row.kind == "count" and set(indicator) <= set(lemma_key(text_of(row.unit), morph)):
            indicator += tuple(f"~{lemma}" for lemma in clause_predicates(row, ev, morph))
        key = (
            " ".join(indicator),
            text_of(row.unit),
            period_label(row.period_start, row.period_end),
            text_of(row.change),
        )
        groups.setdefault(key, []).append(row)
    return groups


def clause_lemmas(row: Any, ev: Evidence, morph: Any) -> tuple[str, ...]:
    """Content lemmas of the clause around a figure (numbers left out): what a figure without an
    indicator is said about ("в 18 городах прошли выставки" → выставка, город, пройти)."""
    return lemma_key(" ".join(_clause(row, ev)), morph)


def cell_key(row: Any, morph: Any) -> tuple[str, ...] | None:
    """A table cell's place: the lemmas of its row and column headers; ``None`` outside tables."""
    table = row.table_cell if isinstance(row.table_cell, dict) else None
    if not table or not (table.get("row_header") or table.get("column_header")):
        return None
    row_words = lemma_key(text_of(table.get("row_header")), morph)
    column_words = lemma_key(text_of(table.get("column_header")), morph)
    return (*row_words, "|", *column_words)


def figure_values(rows: list[Any]) -> list[tuple[float | None, float | None]]:
    return list(dict.fromkeys((number_of(r.value), number_of(r.value_max)) for r in rows))


def match_figure_keys(
    old: dict[tuple[str, ...], list[Any]], new: dict[tuple[str, ...], list[Any]], threshold: float
) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """Pairs of (old key, new key, how): equal keys first, then similar indicators with equal unit/period/change."""
    pairs = [(key, key, "exact") for key in old if key in new]
    rest_old = [k for k in old if k not in new]
    rest_new = [k for k in new if k not in old]
    for tail in dict.fromkeys(k[1:] for k in rest_old):
        olds = [k for k in rest_old if k[1:] == tail]
        news = [k for k in rest_new if k[1:] == tail]
        matched, _, _ = greedy_match(olds, news, lambda a, b: jaccard(a[0].split(), b[0].split()), threshold)
        pairs += [(olds[i], news[j], "similar") for i, j, _ in matched]
    return pairs


def stage_label(row: Any, morph: Any) -> str:
    """What a stage is about, for people: "action object" when they name it, else the stage's text."""
    words = " ".join(t for t in (text_of(row.action), text_of(row.object)) if t)
    return words if lemma_key(words, morph, STAGE_POS) else text_of(row.text)


def stage_key(row: Any, morph: Any) -> tuple[str, ...]:
    """Noun/adjective lemmas of the stage's action and object, else of its text (status words left out)."""
    key = lemma_key(f"{text_of(row.action)} {text_of(row.object)}", morph, STAGE_POS)
    return key or lemma_key(text_of(row.text), morph, STAGE_POS)


def _progress(row: Any) -> tuple[int, float]:
    completion = number_of(row.completion)
    return STATUS_RANK.get(text_of(row.status), 0), completion if completion is not None else -1.0


# stage rows whose changes a comparison reports; tasks, goals, procedures and other lists are no progress
COMPARED_KINDS = frozenset({"stage", "term", "measure"})


def stage_items(facts: Any, morph: Any) -> list[tuple[tuple[str, ...], Any]]:
    """One (key, row) per distinct stage, term or measure of a side (rows of a store older than
    stage kinds all count); repeats keep their most advanced statement."""
    best: dict[tuple[str, ...], Any] = {}
    for row in facts.stages.itertuples(index=False):
        if (text_of(getattr(row, "kind", None)) or None) not in COMPARED_KINDS | {None}:
            continue
        key = stage_key(row, morph)
        if key and (key not in best or _progress(row) > _progress(best[key])):
            best[key] = row
    return list(best.items())


def passage_labels(directions: Any) -> set[str]:
    """Labels of a passage's ``directions`` list (``[{label, score, ...}]`` or plain strings)."""
    labels = set()
    for item in directions or ():
        label = item.get("label") if isinstance(item, dict) else item
        if label:
            labels.add(str(label))
    return labels


def direction_counts(facts: Any) -> tuple[int, dict[str, int]]:
    """(classifiable passages, passages per direction label) of one side.

    Classifiable as in the directions step: Russian body text (not abstracts, keywords, references).
    """
    frame = facts.passages
    eligible = frame[
        (frame["language"] == "ru") & (frame["role"] == "body") & (frame["text"].str.strip() != "")
    ]
    counts: dict[str, int] = {}
    for directions in eligible["directions"]:
        for label in passage_labels(directions):
            counts[label] = counts.get(label, 0) + 1
    return len(eligible), counts


__all__ = [
    "STAGE_POS",
    "STATUS_RANK",
    "Evidence",
    "cell_key",
    "clause_lemmas",
    "direction_counts",
    "figure_groups",
    "figure_values",
    "greedy_match",
    "indicator_key",
    "is_missing",
    "jaccard",
    "lemma_key",
    "match_figure_keys",
    "name_key",
    "number_of",
    "passage_labels",
    "period_label",
    "stage_items",
    "stage_key",
    "stage_label",
    "text_of",
]
