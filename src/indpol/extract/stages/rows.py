"""Programme rows: sentences (or "the rest" clauses) outside any list that state a
programme's term or single stage, or the status of a programme, one of its stages or a
concrete action ("Строительство второй очереди технопарка завершено в 2022 году").

Read by :mod:`indpol.extract.stages.step`; status cues come from :mod:`indpol.extract.stages.status`.
"""

from __future__ import annotations

import re
from typing import Any

from indpol.data import word_list
from indpol.extract.stages.items import (
    INTRO_WINDOW,
    WORD,
    Draft,
    StageCues,
    head_action,
    is_action,
    is_modifier,
    item_object,
)
from indpol.extract.stages.status import (
    StatusCue,
    compiled,
    find_periods,
    find_status,
    shift,
    stage_label,
)
from indpol.records import Document, Passage
from indpol.text.segment import sentence_spans

TIMING_CELL = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:срок|этап)\w*\b[^|]*\|", re.I)


def programme_rows(
    doc: Document, passages: list[Passage], taken: list[tuple[int, int]], morph: Any, cues: StageCues
) -> list[Draft]:
    """Sentences stating the programme's term, single stage or status (``list_id`` null)."""
    nouns = cues.words("programme_nouns")
    drafts = []
    previous_end = 0
    for passage in passages:
        if passage.kind == "table_row" and not TIMING_CELL.match(passage.text):
            continue  # of a table only a passport's "Сроки и этапы реализации | 2024–2026 годы" row
        passage_nouns = {morph.lemma(m.group().lower()) for m in WORD.finditer(passage.text)} & nouns
        for local_start, local_end in sentence_spans(passage.text):
            start, end = passage.start + local_start, passage.start + local_end
            if any(s < end and start < e for s, e in taken):
                # "Программа реализуется в два этапа: 1 этап – 2014–2016 годы; …": the stages are taken, the
                # staging before the colon is the programme's term
                head = _staging_head(doc, passage, start, end, taken, cues)
                if head is not None and (
                    draft := _programme_row(doc, passage, start, head, True, morph, cues, previous_end)
                ):
                    drafts.append(draft)
                continue  # inside a list or a list's introduction
            introduces = passage.text[:local_end].rstrip().endswith(":")
            for left, right in _clauses(doc.text[start:end], cues):
                draft = _programme_row(
                    doc, passage, start + left, start + right, bool(passage_nouns), morph, cues, previous_end
                )
                if draft is not None and not (introduces and _introduction(draft, doc, cues)):
                    drafts.append(draft)
        previous_end = passage.start
    return drafts


def _staging_head(
    doc: Document, passage: Passage, start: int, end: int, taken: list[tuple[int, int]], cues: StageCues
) -> int | None:
    """The end of a staging clause before a colon whose stages follow in the same sentence, else None."""
    colon = doc.text.find(":", start, end)
    if colon < 0 or any(s < colon and start < e for s, e in taken):
        return None
    return colon if any(p.search(doc.text[start:colon]) for p in cues.staging) else None


def _introduction(draft: Draft, doc: Document, cues: StageCues) -> bool:
    """A sentence ending with ":" introduces what follows, unless it reports a status
    ("С 2015 года в районе реализуются три муниципальные программы …:") or states the
    programme's staging ("Программа реализуется в два этапа:")."""
    if draft.extra.get("staging"):
        return False
    text = doc.text[draft.start : draft.end]
    reports = draft.status is not None and draft.status.status != "planned"
    return not reports or bool(re.search(r"следующ", text, re.I))


def _clauses(text: str, cues: StageCues) -> list[tuple[int, int]]:
    """The sentence, or its two clauses when a clause about "the rest" states another
    status ("Выполнено 65 % мероприятий, остальные перенесены на 2025 год")."""
    for match in (m for p in compiled(cues, "rest_clause_patterns") for m in p.finditer(text)):
        first, second = find_status(text[: match.start()], cues), find_status(text[match.end() :], cues)
        if first and second and first.status != second.status:
            return [(0, match.start()), (match.end(), len(text))]
    return [(0, len(text))]


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
    stated = [p for p in find_periods(doc, start, end) if not _cited(doc.text[start : p[0]], morph, cues)]
    # a period inside a name ("программа «… на 2015–2020 годы»") is not the sentence's
    periods = [p for p in stated if not _quoted(doc.text[start : p[0]])]
    lemmas = {morph.lemma(m.group().lower()) for m in WORD.finditer(text)}
    noun = bool(lemmas & cues.words("programme_nouns")) and not lemmas & cues.words("programme_stop_words")
    staging = any(p.search(text) for p in cues.staging)
    duration = any(p.search(text) for p in compiled(cues, "duration_patterns"))
    timing = noun and (bool(periods) or staging or duration) and any(p.search(text) for p in cues.timing)
    status = find_status(text, cues)
    action = concrete_action(text, status, morph, cues) if status else None
    if status and not (
        _about_programme(status.status, noun, passage_noun)
        or _action_follows(text, status, morph, cues)
        or action
    ):
        status = None
    if status and status.status == "planned" and not plans_action(text, status, morph, cues):
        status = None
    if not (single or timing or status):
        return None
    # the programme's term or staging; else a status of a stage or of what the programme does
    kind = "term" if single or timing else "measure"
    draft = Draft(start, len(doc.text[:end].rstrip(" .:")), passage, kind=kind, single_stage=single)
    draft.extra["staging"] = timing and staging
    if not periods and single:
        periods = stated or find_periods(doc, max(lookback_from, start - INTRO_WINDOW), start)[-1:]
    if periods:
        draft.period = (periods[0][2], periods[0][3])
    draft.status = shift(status, start) if status else None
    if status is not None:
        draft.label = _stage_mentioned(text, cues)
        if draft.label is not None:
            draft.kind = "stage"  # "Реализация первого этапа программы завершена"
        elif action is not None:  # the object ends before a cue that follows the subject
            scope = text[: status.start] if action[1] <= status.start else text
            draft.extra["action"] = action[0]
            draft.extra["object"] = item_object(scope, action[1], morph, cues)
    return draft


def _quoted(before: str) -> bool:
    """A period inside a quoted name: an unclosed "«" or an odd number of '"' before it."""
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1


def _cited(before: str, morph: Any, cues: StageCues) -> bool:
    """A period belongs to a cited document when, after any timing cue of its clause, it
    follows a citing phrase ("разработана в соответствии с основными направлениями … до 2020
    года") or an oblique form of a document noun ("отражены в стратегии … до 2025 года")."""
    clause = re.split(r"[;:]", before)[-1]
    cue_end = max((m.end() for p in cues.timing for m in p.finditer(clause)), default=0)
    if any(p.search(clause, cue_end) for p in compiled(cues, "citing_patterns")):
        return True
    cited = cues.words("cited_document_nouns")
    for match in reversed(list(WORD.finditer(clause, cue_end))):
        parse = morph.parse(match.group().lower())[0]
        if parse.normal_form in cited and parse.tag.POS == "NOUN":
            return parse.tag.case != "nomn"
    return False


def _stage_mentioned(text: str, cues: StageCues) -> str | None:
    """The label of the one numbered stage a status sentence is about ("Реализация первого
    этапа программы завершена" → "1"); not a staging ("в 2 этапа")."""
    labels = set()
    for pattern in cues.stage_patterns:
        for match in pattern.finditer(text):
            if any(p.match(text, max(0, match.start() - 3)) for p in cues.staging):
                continue
            label = stage_label(match.group("label"), cues)
            if label is not None:
                labels.add(label[0])
    return labels.pop() if len(labels) == 1 else None


def _about_programme(status: str, noun: bool, passage_noun: bool) -> bool:
    """Whether a status cue is about the programme: "planned" and "in_progress" need a
    programme noun in the sentence, the others one in the passage."""
    if status in ("planned", "in_progress"):
        return noun
    return passage_noun


def concrete_action(text: str, cue: StatusCue, morph: Any, cues: StageCues) -> tuple[str, int] | None:
    """The concrete action a status is about, as (lemma, end of the head word): the
    nominalisation that is the cue's subject — the nearest nominative noun before it in its
    clause that agrees with it ("Строительство второй очереди технопарка завершено",
    "Мероприятие по реконструкции моста отнесено …") — or right after it ("планируется ввод
    в эксплуатацию …", "ведется строительство школы"). None for money sentences."""
    stop = cues.words("outcome_words") | cues.words("change_words") | cues.words("status_subject_stop")
    lemmas = {morph.lemma(w.lower()) for w in WORD.findall(text)}
    if lemmas & cues.words("programme_stop_words"):
        return None  # "Финансирование мероприятий предусмотрено за счет средств бюджета"
    cue_words = list(WORD.finditer(text, cue.start, cue.end))
    if len(cue_words) > 1 and morph.parse(cue_words[-1].group().lower())[0].tag.case in ("nomn", "accs"):
        found = _head(text, cue_words[-1].start(), len(text), morph, cues)  # "ведется строительство"
        if found is not None:
            return None if found[0] in stop else found
    verbs = [morph.parse(w.group().lower())[0] for w in cue_words]
    verb = next((v for v in verbs if v.tag.POS == "PRTS"), verbs[0] if verbs else None)
    clause = max((m.end() for m in re.finditer(r"[,;:]", text[: cue.start])), default=0)
    before = list(WORD.finditer(text, clause, cue.start))
    for index in range(len(before) - 1, -1, -1):
        match = before[index]
        previous = before[index - 1].group().lower() if index else ""
        governed = _oblique(previous, match.group(), morph)
        if (
            previous in cues.words("object_stop_words")
            or governed
            or not _subject_of(match.group(), verb, morph)
        ):
            continue
        found = _head(text, match.start(), cue.start, morph, cues)
        forecast = found is not None and found[0] in cues.words("forecast_nouns")
        return None if found is None or found[0] in stop or forecast else found
    for match in list(WORD.finditer(text, cue.end))[:3]:
        lemma = is_action(match.group(), morph, cues, nominative=True)
        if lemma:
            commissioning = any(p.match(text, match.start()) for p in compiled(cues, "action_patterns"))
            forecast = lemma in cues.words("forecast_nouns") and not commissioning
            return None if lemma in stop or forecast else (lemma, match.end())
        if not is_modifier(match.group(), morph):
            break
    return None


def _head(text: str, start: int, end: int, morph: Any, cues: StageCues) -> tuple[str, int] | None:
    """The action a subject names: itself ("строительство"), or after a measure noun
    ("Мероприятие по строительству", "работа по созданию") the action it links to."""
    word = WORD.match(text, start)
    if word is None:
        return None
    if morph.lemma(word.group().lower()) in cues.words("measure_nouns"):
        lemma, head_end = head_action(text[start:end], morph, cues)
        if lemma is not None and lemma != morph.lemma(word.group().lower()):
            return lemma, start + head_end
    lemma = is_action(word.group(), morph, cues, nominative=True)
    return (lemma, word.end()) if lemma else None


def _oblique(previous: str, word: str, morph: Any) -> bool:
    """``word`` is an oblique complement, not a subject: after a noun governing its genitive
    ("В рамках формирования кластеров") or after an adjective with no nominative reading
    ("государственно-частного партнерства")."""
    if not previous:
        return False
    parses = morph.parse(previous)[:3]
    if parses[0].tag.POS == "NOUN":
        return any(p.tag.case == "gent" for p in morph.parse(word.lower())[:3])
    return parses[0].tag.POS in ("ADJF", "PRTF") and all(p.tag.case != "nomn" for p in parses)


def _subject_of(word: str, verb: Any, morph: Any) -> bool:
    """``word`` is a nominative noun agreeing with the cue's participle or verb in number
    (and gender in the singular)."""
    parses = morph.parse(word.lower())[:2]
    if not parses or parses[0].tag.POS != "NOUN":
        return False  # "по" (not "ПО")
    for parse in parses:
        if parse.tag.POS != "NOUN" or parse.tag.case != "nomn":
            continue
        if verb is None or verb.tag.number is None:
            return True
        if parse.tag.number != verb.tag.number:
            continue
        return verb.tag.gender is None or parse.tag.number == "plur" or parse.tag.gender == verb.tag.gender
    return False


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
    "предусмотрено развитие отрасли"), the programme's make-up ("программой
    предусмотрено выделение подпрограмм") or its own monitoring ("предусматривается
    регулярное рассмотрение хода выполнения Программы")."""
    if any(p.match(text, cue.end) for p in cues.forecast) or _by_legal_act(text[: cue.start], morph, cues):
        return False
    if any(p.search(text, 0, cue.start) for p in compiled(cues, "planned_stop_patterns")):
        return False
    if any(p.match(text, cue.end) for p in compiled(cues, "procedural_patterns")):
        return False
    if any(p.search(text, cue.end) for p in compiled(cues, "means_patterns")):
        return True  # "… планируется достичь путем реализации проектов"
    if any(p.match(text, cue.end) for p in compiled(cues, "action_patterns")) and not re.search(
        r"\d", re.sub(r"(?:19|20)\d\d", "", text[cue.end :])
    ):
        return True  # "планируется ввод в эксплуатацию нового цеха", not "… домов площадью 5600 кв.м"
    forecast = cues.words("forecast_nouns")
    clause = re.split(r"[,;:()]", re.sub(r"«[^»]*»", " ", text[: cue.start]))[-1]
    if any(_subject(word, forecast, morph) for word in WORD.findall(clause)[-4:]):
        return False
    skip = cues.words("object_stop_words") | word_list("object_pronouns")
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


def _infinitive(word: str, morph: Any) -> str | None:
    parse = morph.parse(word.lower())[0]
    return parse.normal_form if parse.tag.POS == "INFN" else None
