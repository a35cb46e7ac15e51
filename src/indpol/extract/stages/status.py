"""Status and timing of stages and programmes, and what they attach to.

* :func:`find_status`: a status (one of :data:`STATUSES`) from cue regexes in
  ``stage_cues.yaml`` (``status_patterns``, ``completion_patterns``); the first cue in
  file order wins, except that a stated completion percent decides the status itself
  (below 100 → ``in_progress``, 100 → ``completed``);
* :func:`numbered_stages`: "I этап – 2015–2017 годы" with their periods;
* :func:`share_status`: an elliptic stage clause takes the status of the stage before it;
* :func:`attach_status`: a list item's status from its own text, else its list's introduction.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from indpol.extract.stages.items import Draft, StageCues
from indpol.records import Document, Passage, make_id
from indpol.text.segment import sentence_spans
from indpol.text.tokens import WORD

YEAR_RANGE = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d.,])")
STATUSES = ("completed", "in_progress", "planned", "deferred", "cancelled")


@dataclass(frozen=True, slots=True)
class StatusCue:
    """A status found in a text; ``start``/``end`` locate the evidence in that text."""

    status: str
    start: int
    end: int
    evidence: str
    completion: float | None = None


def find_completion(text: str, cues: StageCues) -> StatusCue | None:
    """A stated percent of completion: "выполнено 80 % мероприятий" → 80."""
    found = [m for pattern in cues.completion for m in pattern.finditer(text)]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    value = float(match.group("value").replace(",", "."))
    if value > 100:
        return None
    status = "completed" if value >= 100 else "in_progress"
    return StatusCue(status, match.start(), match.end(), match.group(), value)


def find_status(text: str, cues: StageCues) -> StatusCue | None:
    """The status a text states, with its evidence span, or ``None``.

    "Этап завершен в 2020 году." → completed ("завершен").
    """
    completion = find_completion(text, cues)
    if completion is not None:
        return completion
    if any(p.search(text) for p in compiled(cues, "status_stop_patterns")):
        return None
    for status, pattern in cues.status:
        for match in pattern.finditer(text):
            if not NEGATED.search(text, 0, match.start()):
                return StatusCue(status, match.start(), match.end(), match.group())
    return None


NEGATED = re.compile(r"(?<![а-яё])не\s+$", re.I)


def shift(cue: StatusCue, offset: int) -> StatusCue:
    """The same cue with offsets moved by ``offset`` (local → document)."""
    return StatusCue(cue.status, cue.start + offset, cue.end + offset, cue.evidence, cue.completion)


def sentence_end(text: str, start: int) -> int:
    """Offset just past the end of the sentence holding ``text[start]`` (``len(text)`` if none), by the
    one sentence splitter (:func:`indpol.text.segment.sentence_spans`)."""
    return next((end for end in _sentence_ends(text) if end > start), len(text))


@lru_cache(maxsize=256)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Where sentences end; a ";" that razdel ends one at does not end a stage's ("I этап – …: выполнено;
    II этап – …": items of one list)."""
    return tuple(end for _, end in sentence_spans(text) if text[end - 1 : end] != ";")


#####  PERIODS  #####


def find_periods(doc: Document, start: int, end: int) -> list[tuple[int, int, str | None, str | None]]:
    """Periods stated in ``doc.text[start:end]`` as (start, end, iso_start, iso_end), document offsets.

    DATE entities already in ``doc.entities`` are preferred; otherwise
    :func:`indpol.extract.grammars.dates.parse_dates` reads the span. Act dates ("от 11.01.2019") are skipped.
    """
    starts, dates = _date_index(doc.entities)
    found = [date for date in dates[bisect_left(starts, start) : bisect_right(starts, end)] if date[1] <= end]
    if not found:
        from indpol.extract.grammars.dates import parse_dates

        found = [
            (start + d.start, start + d.end, d.date_start, d.date_end)
            for d in parse_dates(doc.text[start:end])
            if d.date_start or d.date_end
        ]
    return sorted(p for p in found if not re.search(r"(?:\bот|№|N)\s*$", doc.text[max(0, p[0] - 6) : p[0]]))


_DATE_INDEX: list[Any] = [None, 0, ([], [])]  # the entity list indexed last, its length, its index


def _date_index(entities: list[Any]) -> tuple[list[int], list[tuple[int, int, str | None, str | None]]]:
    """DATE entities with a period as (start, end, iso_start, iso_end) sorted by start, and their starts;
    built once per entity list (find_periods runs for every sentence: a scan of every entity each time
    was quadratic in a long document)."""
    if _DATE_INDEX[0] is not entities or _DATE_INDEX[1] != len(entities):
        dates = sorted(
            [
                (e.start, e.end, e.attrs.get("start"), e.attrs.get("end"))
                for e in entities
                if e.label == "DATE" and (e.attrs.get("start") or e.attrs.get("end"))
            ],
            key=lambda date: date[0],
        )
        _DATE_INDEX[:] = [entities, len(entities), ([date[0] for date in dates], dates)]
    return _DATE_INDEX[2]


#####  NUMBERED STAGES AND PROGRAMME TIMING  #####


def stage_label(raw: str, cues: StageCues) -> tuple[str, int] | None:
    """("II", 2) for "II", ("2", 2) for "2", ("1", 1) for "первый"."""
    if raw in cues.data["roman_numerals"]:
        return raw, int(cues.data["roman_numerals"][raw])
    if raw.isdigit():
        return raw, int(raw)
    for word, value in cues.data["ordinal_words"].items():
        if raw.lower()[:4] == str(word)[:4]:
            return str(value), int(value)
    return None


def numbered_stages(doc: Document, passages: list[Passage], cues: StageCues) -> list[Draft]:
    """Numbered stages followed closely by their period ("I этап – 2015–2017 годы").

    A stage's clause ends before the next stage label ("На первом этапе (2020–2022 годы)
    …, на втором этапе (2023–2030 годы) – …"). A date after a status cue is the date of an
    event, not the stage's term ("первого этапа программы завершена в 2022 году"): such a
    sentence is a status row (:mod:`indpol.extract.stages.rows`), not a numbered stage.
    """
    drafts: list[Draft] = []
    window = int(cues.data["stage_period_window"])
    for passage in passages:
        matches = sorted(
            (m for p in cues.stage_patterns for m in p.finditer(passage.text)), key=lambda m: m.start()
        )
        taken = -1
        for index, match in enumerate(matches):
            label = stage_label(match.group("label"), cues)
            if label is None or match.start() < taken:
                continue
            start = passage.start + match.start()
            periods = [
                p
                for p in find_periods(doc, start, passage.end)
                if p[0] - (passage.start + match.end()) <= window
            ]
            periods = periods or _year_range(passage, match.end(), window)
            if not periods or find_status(passage.text[match.end() : periods[0][0] - passage.start], cues):
                continue
            period = periods[0]
            local_end = _clause_end(passage.text, period[1] - passage.start, cues)
            following = [m.start() for m in matches[index + 1 :] if m.start() >= period[1] - passage.start]
            if following and following[0] < local_end:  # the next stage in the same sentence
                local_end = _before_next(passage.text, following[0])
            taken = local_end
            draft = Draft(
                start, passage.start + local_end, passage, kind="stage", order=label[1], label=label[0]
            )
            draft.period = (period[2], period[3])
            draft.extra["body"] = period[1]
            draft.extra["sentence"] = passage.start + sentence_start(passage.text, match.start())
            drafts.append(draft)
    _group(doc, drafts)
    return drafts


def _before_next(text: str, next_start: int) -> int:
    """End of a stage clause before the next stage's words (", на втором этапе")."""
    head = re.sub(r"(?:[\s,;–—-]+|\b(?:на|в|во|и|а)\b)+$", "", text[:next_start])
    return len(head)


def sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding ``text[pos]``."""
    start = 0
    while True:
        end = sentence_end(text, start)
        if end > pos or end >= len(text):
            return start
        start = end


def share_status(doc: Document, drafts: list[Draft], morph: Any) -> None:
    """An elliptic stage clause without a verb ("…, на втором этапе (2023–2030 годы) –
    масштабирование проектов") shares the status of the stage before it in its sentence."""
    previous: Draft | None = None
    for draft in sorted((d for d in drafts if "sentence" in d.extra), key=lambda d: d.start):
        if (
            previous is not None
            and previous.status is not None
            and draft.status is None
            and previous.extra["sentence"] == draft.extra["sentence"]
        ):
            body = WORD.findall(doc.text[draft.extra["body"] : draft.end])
            if not any(morph.parse(w.lower())[0].tag.POS in ("VERB", "PRTS", "INFN") for w in body):
                draft.status = previous.status
        previous = draft


def _year_range(passage: Passage, start: int, window: int) -> list[tuple[int, int, str | None, str | None]]:
    """A bare year range right after a stage label ("На первом этапе 2018-2020 …")."""
    match = YEAR_RANGE.search(passage.text, start, start + window + 12)
    if match is None or match.start() - start > window:
        return []
    first, last = match.group(1), match.group(2)
    return [(passage.start + match.start(), passage.start + match.end(), f"{first}-01-01", f"{last}-12-31")]


def _clause_end(text: str, start: int, cues: StageCues) -> int:
    semicolon = text.find(";", start)
    end = sentence_end(text, start)
    if 0 <= semicolon < end:
        end = semicolon
    return len(text[:end].rstrip(" .;,"))


def _group(doc: Document, drafts: list[Draft], gap: int = 400) -> None:
    """Stages stated close together share a ``list_id``."""
    groups: list[list[Draft]] = []
    for draft in drafts:
        if groups and draft.start - groups[-1][-1].end <= gap:
            groups[-1].append(draft)
        else:
            groups.append([draft])
    for group in groups:
        list_id = make_id(doc.doc_id, "stage_list", group[0].start, group[-1].end)
        for draft in group:
            draft.list_id = list_id


@lru_cache(maxsize=8)
def _compiled_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def compiled(cues: StageCues, key: str) -> tuple[re.Pattern[str], ...]:
    return _compiled_patterns(tuple(cues.data.get(key, [])))


def attach_status(doc: Document, drafts: list[Draft], cues: StageCues) -> None:
    """Status from the item's own text, else from its list's introduction."""
    for draft in drafts:
        if draft.status is not None:
            continue
        cue = find_status(doc.text[draft.start : draft.end], cues)
        if cue is not None:
            draft.status = shift(cue, draft.start)
        elif draft.intro is not None:
            cue = find_status(doc.text[draft.intro[0] : draft.intro[1]], cues)
            draft.status = shift(cue, draft.intro[0]) if cue else None
