"""Status and timing of stages and programmes, and what they attach to.

* :func:`find_status`: a status (one of :data:`STATUSES`) from cue regexes in
  ``stage_cues.yaml`` (``status_patterns``, ``completion_patterns``); the first cue in
  file order wins, except that a stated completion percent decides the status itself
  (below 100 → ``in_progress``, 100 → ``completed``);
* :func:`numbered_stages`: "I этап – 2015–2017 годы" with their periods;
* :func:`programme_rows`: sentences stating the programme's term, single stage or status;
* :func:`attach_status`: a list item's status from its own text, else its list's introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from indpol.extract.stage_items import INTRO_WINDOW, WORD, Draft, StageCues, is_action
from indpol.records import Document, Passage, make_id
from indpol.segment import sentence_spans

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
    if any(p.search(text) for p in _compiled(cues, "status_stop_patterns")):
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


SENTENCE_END = re.compile(r"\s?[.!?…](?=\s+(?:[А-ЯЁA-Z«\"(]|\d{1,2}[.)]\s|[-–—•]\s)|\s*$)")


def sentence_end(text: str, start: int, cues: StageCues) -> int:
    """Offset just past the first sentence end at or after ``start`` (``len(text)`` if none).

    Abbreviations ("г.", "гг.", "руб.") do not end a sentence; "г . " in
    pre-tokenised text neither.
    """
    abbreviations = {a.lower() for a in cues.data["abbreviations"]}
    for match in SENTENCE_END.finditer(text, start):
        before = re.search(r"([\w.№]+)\s*$", text[start : match.start()])
        if match.group().strip() == "." and before and before.group(1).lower() in abbreviations:
            continue
        return match.end()
    return len(text)


#####  PERIODS  #####


def find_periods(doc: Document, start: int, end: int) -> list[tuple[int, int, str | None, str | None]]:
    """Periods stated in ``doc.text[start:end]`` as (start, end, iso_start, iso_end), document offsets.

    DATE entities already in ``doc.entities`` are preferred; otherwise
    :func:`indpol.extract.dates.parse_dates` reads the span. Act dates ("от 11.01.2019") are skipped.
    """
    found = [
        (e.start, e.end, e.attrs.get("start"), e.attrs.get("end"))
        for e in doc.entities
        if e.label == "DATE"
        and start <= e.start
        and e.end <= end
        and (e.attrs.get("start") or e.attrs.get("end"))
    ]
    if not found:
        from indpol.extract.dates import parse_dates

        found = [
            (start + d.start, start + d.end, d.date_start, d.date_end)
            for d in parse_dates(doc.text[start:end])
            if d.date_start or d.date_end
        ]
    return sorted(p for p in found if not re.search(r"(?:\bот|№|N)\s*$", doc.text[max(0, p[0] - 6) : p[0]]))


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
    """Numbered stages followed closely by their period ("I этап – 2015–2017 годы")."""
    drafts: list[Draft] = []
    window = int(cues.data["stage_period_window"])
    for passage in passages:
        matches = sorted(
            (m for p in cues.stage_patterns for m in p.finditer(passage.text)), key=lambda m: m.start()
        )
        taken = -1
        for match in matches:
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
            if not periods:
                continue
            period = periods[0]
            local_end = _clause_end(passage.text, period[1] - passage.start, cues)
            taken = local_end
            draft = Draft(start, passage.start + local_end, passage, order=label[1], label=label[0])
            draft.period = (period[2], period[3])
            draft.extra["body"] = period[1]
            drafts.append(draft)
    _group(doc, drafts)
    return drafts


def _year_range(passage: Passage, start: int, window: int) -> list[tuple[int, int, str | None, str | None]]:
    """A bare year range right after a stage label ("На первом этапе 2018-2020 …")."""
    match = YEAR_RANGE.search(passage.text, start, start + window + 12)
    if match is None or match.start() - start > window:
        return []
    first, last = match.group(1), match.group(2)
    return [(passage.start + match.start(), passage.start + match.end(), f"{first}-01-01", f"{last}-12-31")]


def _clause_end(text: str, start: int, cues: StageCues) -> int:
    semicolon = text.find(";", start)
    end = sentence_end(text, start, cues)
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


def programme_rows(
    doc: Document, passages: list[Passage], taken: list[tuple[int, int]], morph: Any, cues: StageCues
) -> list[Draft]:
    """Sentences stating the programme's term, single stage or status (``list_id`` null)."""
    nouns = cues.words("programme_nouns")
    drafts = []
    previous_end = 0
    for passage in passages:
        if passage.kind == "table_row":
            continue
        passage_nouns = {morph.lemma(m.group().lower()) for m in WORD.finditer(passage.text)} & nouns
        for local_start, local_end in sentence_spans(passage.text):
            start, end = passage.start + local_start, passage.start + local_end
            if any(s < end and start < e for s, e in taken) or passage.text[:local_end].rstrip().endswith(
                ":"
            ):
                continue  # inside a list, or a list's introduction
            draft = _programme_row(doc, passage, start, end, bool(passage_nouns), morph, cues, previous_end)
            if draft is not None:
                drafts.append(draft)
        previous_end = passage.start
    return drafts


def _programme_row(
    doc: Document,
    passage: Passage,
    start: int,
    end: int,
    passage_noun: bool,
    morph: Any,
    cues: StageCues,
    lookback_from: int,
) -> Draft | None:
    text = doc.text[start:end]
    single = any(p.search(text) for p in cues.single_stage)
    periods = find_periods(doc, start, end)
    lemmas = {morph.lemma(m.group().lower()) for m in WORD.finditer(text)}
    noun = bool(lemmas & cues.words("programme_nouns")) and not lemmas & cues.words("programme_stop_words")
    staging = any(p.search(text) for p in cues.staging)
    timing = noun and (bool(periods) or staging) and any(p.search(text) for p in cues.timing)
    status = find_status(text, cues)
    if status and not (
        _about_programme(status.status, noun, passage_noun, bool(periods))
        or _action_follows(text, status, morph, cues)
    ):
        status = None
    if status and status.status == "planned" and not plans_action(text, status, morph, cues):
        status = None
    if not (single or timing or status):
        return None
    draft = Draft(start, len(doc.text[:end].rstrip(" .")), passage, single_stage=single)
    if not periods and single:
        periods = find_periods(doc, max(lookback_from, start - INTRO_WINDOW), start)[-1:]
    if periods:
        draft.period = (periods[0][2], periods[0][3])
    draft.status = shift(status, start) if status else None
    return draft


def _about_programme(status: str, noun: bool, passage_noun: bool, period: bool) -> bool:
    """Whether a status cue is about the programme: "planned" and "in_progress" need a
    programme noun in the sentence, the others one in the passage."""
    if status in ("planned", "in_progress"):
        return noun
    return passage_noun


def _action_follows(text: str, cue: StatusCue, morph: Any, cues: StageCues, window: int = 2) -> bool:
    """A planned measure: an infinitive or a nominalisation right after the cue
    ("планируется провести реконструкцию", "планирует модернизацию производства"),
    not an outcome ("планируется сохранение уровня безработицы")."""
    if cue.status != "planned":
        return False
    outcomes = cues.words("outcome_words")
    for word in WORD.findall(text[cue.end :])[:window]:
        lemma = is_action(word, morph, cues, nominative=True) or _infinitive(word, morph)
        if lemma:
            return lemma not in outcomes
    return False


def plans_action(text: str, cue: StatusCue, morph: Any, cues: StageCues) -> bool:
    """A "planned" cue states a concrete action of the programme or its participants,
    not a forecast of indicators ("добыча планируется на уровне …", "объём выпуска
    планируется увеличить"), an outcome or goal ("планируется достижение показателей",
    "предусмотрено развитие отрасли") or the programme's make-up ("программой
    предусмотрено выделение подпрограмм")."""
    if any(p.match(text, cue.end) for p in cues.forecast) or _by_legal_act(text[: cue.start], morph, cues):
        return False
    if any(p.search(text, 0, cue.start) for p in _compiled(cues, "planned_stop_patterns")):
        return False
    if any(p.search(text, cue.end) for p in _compiled(cues, "means_patterns")):
        return True  # "… планируется достичь путем реализации проектов"
    forecast = cues.words("forecast_nouns")
    clause = re.split(r"[,;:()]", re.sub(r"«[^»]*»", " ", text[: cue.start]))[-1]
    if any(_subject(word, forecast, morph) for word in WORD.findall(clause)[-4:]):
        return False
    skip = cues.words("object_stop_words") | {"их", "его", "её", "ее", "свой", "этот", "также"}
    lemmas = [morph.lemma(w.lower()) for w in WORD.findall(text[cue.end :])[:4]]
    lemmas = [lemma for lemma in lemmas if lemma not in skip] or [""]
    following = lemmas[1] if len(lemmas) > 1 else ""
    if lemmas[0] in cues.words("outcome_words") or lemmas[0] in forecast:
        return False
    if lemmas[0] in cues.words("change_words") and following in forecast:
        return False
    return following not in cues.words("structure_nouns")


def _subject(word: str, nouns: frozenset[str], morph: Any) -> bool:
    """``word`` is one of ``nouns`` in the nominative ("Добыча … планируется"), not
    "совместно с федеральным уровнем планируется"."""
    parse = morph.parse(word.lower())[0]
    return parse.normal_form in nouns and parse.tag.case == "nomn"


def _by_legal_act(before: str, morph: Any, cues: StageCues) -> bool:
    """A legal act as the agent ("Статьей 13 Федерального закона … предусмотрено",
    "распоряжением администрации … предусмотрено"): its content, not a programme plan."""
    acts, found = cues.words("legal_act_nouns"), WORD.findall(before)
    for index, word in enumerate(found):
        parse = morph.parse(word.lower())[0]
        preposition = index > 0 and found[index - 1].lower() in ("с", "со")
        if parse.normal_form in acts and parse.tag.case == "ablt" and not preposition:
            return True
    return False


@lru_cache(maxsize=8)
def _compiled_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def _compiled(cues: StageCues, key: str) -> tuple[re.Pattern[str], ...]:
    return _compiled_patterns(tuple(cues.data.get(key, [])))


def _infinitive(word: str, morph: Any) -> str | None:
    parse = morph.parse(word.lower())[0]
    return parse.normal_form if parse.tag.POS == "INFN" else None


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
