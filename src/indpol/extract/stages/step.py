"""Programme stages, enumerated measures, their timing and status (the ``stages`` step).

Three kinds of :class:`~indpol.records.Stage` rows come out:

* **list items** — an enumeration introduced by a cue ("К этим этапам относятся:",
  "Задачами программы являются:") written inline with ";" or as numbered, lettered
  or bulleted items over lines, passages and pages; ``list_id`` and ``order`` set;
* **numbered stages with a period** — "I этап – 2015–2017 годы", "На II этапе
  (2016 - 2020 годы)"; ``list_id`` groups the stages stated together;
* **programme rows** (``list_id`` null) — a sentence stating the programme's overall
  term ("реализуется в 2017 - 2020 годах", "в один этап" → ``single_stage``) or its
  status ("выполнено 80 % мероприятий").
"""

from __future__ import annotations

import re
from typing import Any

from indpol.config import PipelineConfig
from indpol.extract.stages.intro import (
    HEADING_NUMBER,
    cue_heading,
    intro_kind,
    intro_sentence,
    list_kind,
    single_announced,
)
from indpol.extract.stages.items import (
    CUES_PATH,
    WORD,
    Draft,
    StageCues,
    Unit,
    eligible,
    head_action,
    is_definition,
    item_object,
    label_value,
    load_stage_cues,
    match_marker,
    strict_head,
)
from indpol.extract.stages.lists import (
    block_items,
    genitive_head,
    inline_items,
    is_duty,
    is_outcome,
    is_void,
    numbered_items,
)
from indpol.extract.stages.rows import programme_rows
from indpol.extract.stages.status import (
    attach_status,
    find_periods,
    numbered_stages,
    sentence_end,
    share_status,
)
from indpol.extract.stages.tables import plan_table_rows
from indpol.records import Document, Stage, make_id

#####  UNITS  #####


def build_units(doc: Document) -> list[Unit]:
    """Non-empty lines of the Russian body passages (table rows excluded), in order."""
    units = []
    for passage in doc.passages:
        if not eligible(passage) or passage.kind == "table_row":
            continue
        offset = passage.start
        for line in passage.text.split("\n"):
            stripped = line.strip()
            if stripped and not re.fullmatch(r"\d{1,4}", stripped):  # page numbers
                lead = len(line) - len(line.lstrip())
                units.append(Unit(offset + lead, offset + lead + len(stripped), passage))
            offset += len(line) + 1
    return units


def _inline_start(doc: Document, units: list[Unit], index: int, colon: int, cues: StageCues) -> int | None:
    """Where run-in items begin: after the colon on its line, or on the next line when that
    carries on the sentence (lower case, no marker); ``None`` for a block list."""
    line_end = units[index].end
    if doc.text[colon + 1 : line_end].strip():
        return colon + 1
    if index + 1 >= len(units):
        return None
    nxt = units[index + 1]
    line = doc.text[nxt.start : nxt.end]
    if match_marker(line, cues) is None and line[:1].islower():
        return nxt.start
    return None


def _actions(
    doc: Document, items: list[Draft], form: str, intro: tuple[int, int], morph: Any, cues: StageCues
) -> bool:
    """Items of a stage list are actions: at least half start with one (the first one, after
    a verb-only introduction; all of them, strictly read, after a cue-less one). Lists of
    categories, duties or documents are not stage lists."""
    texts = [doc.text[d.start : d.end] for d in items]
    first = WORD.search(texts[0]) if texts else None
    if first is not None and first.group().lower() in cues.words("decree_forms"):
        return False  # a decree's own points: "1. Утвердить муниципальную программу …"
    if form == "minutes":  # a meeting's decisions name the body first: "1. МУП … (И.О.) оказать содействие …"
        return bool(items) and all(d.label for d in items)
    if 2 * sum(is_definition(text, morph, cues) for text in texts) > len(texts):
        return False
    if 2 * sum(is_duty(text, morph) for text in texts) > len(texts):
        return False  # standing duties: "обеспечивать уход …; проводить наблюдение …"
    if form != "noun" and 2 * sum(is_outcome(text, morph, cues) for text in texts) > len(texts):
        return False  # expected results after "предполагается:" (a cue noun keeps tasks and goals)
    genitive = sum(genitive_head(text, morph, cues) for text in texts)
    if 2 * genitive > len(texts) and _noun_before(doc, intro, morph, cues):
        return False  # complements of the intro's last noun: "обоснование причин: отклонения …"
    if form in ("bare", "heading"):  # every item (all but one of five or more) starts with an action
        strict = [strict_head(doc.text[d.start : d.end], morph, cues) is not None for d in items]
        enough = len(strict) >= (2 if form == "bare" else 1)  # a heading's one numbered item
        if len(strict) >= 3 and all(d.label for d in items) and strict[0] and strict[1]:
            return 2 * sum(strict) >= len(strict)  # numbered: "1) формирование …; 3) при проведении …"
        return enough and strict[0] and len(strict) - sum(strict) <= (len(strict) >= 5)
    heads = [head_action(doc.text[d.start : d.end], morph, cues)[0] is not None for d in items]
    if not heads or (form == "verb" and not heads[0]):
        return False
    return 2 * sum(heads) >= len(heads)


def _noun_before(doc: Document, intro: tuple[int, int], morph: Any, cues: StageCues) -> bool:
    """The intro ends with a noun that is no cue noun and no part of a compound preposition
    ("… обоснование причин:"; not "за счет следующих мероприятий:", "на основе:")."""
    found = [morph.parse(w.lower())[0] for w in WORD.findall(doc.text[intro[0] : intro[1]])[-2:]]
    return (
        len(found) == 2
        and found[1].tag.POS == "NOUN"
        and found[1].normal_form not in cues.words("intro_nouns")
        # a preposition before it makes a compound one ("на основе:"), unless the noun names an action
        # whose objects the items are ("меры для предотвращения: склонения …; использования …")
        and (found[0].tag.POS != "PREP" or found[1].normal_form.endswith(("ение", "ание")))
    )


def find_lists(doc: Document, units: list[Unit], morph: Any, cues: StageCues) -> list[list[Draft]]:
    """Every cue-introduced stage list of the document, each as its items in order: after a
    colon, or after a heading that names goals, tasks or measures."""
    lists: list[list[Draft]] = []
    for index, unit in enumerate(units):
        line = doc.text[unit.start : unit.end]
        for match in re.finditer(r"\s?:", line):
            colon = unit.start + match.end() - 1
            if any(d.start <= colon < d.end for found in lists for d in found):
                continue
            passage_text, local = unit.passage.text, colon - unit.passage.start
            intro_start = intro_sentence(passage_text, local)
            read = intro_kind(passage_text[intro_start:local], morph, cues)
            if read is None:
                continue
            form, noun = read
            least = 1 if single_announced(passage_text[intro_start:local], morph, cues) else 2
            begin = _inline_start(doc, units, index, colon, cues)
            if begin is not None:
                passage = next(u.passage for u in units if u.start <= begin < u.end + 1)
                items = numbered_items(doc, passage, begin, cues) or inline_items(
                    doc, units, passage, begin, morph, cues, least
                )
            else:
                items = block_items(doc, units, index + 1, cues, morph, least)
            kind = list_kind(noun, passage_text[intro_start:local], cues)
            _add_list(doc, lists, items, (form, kind), (unit.passage.start + intro_start, colon), morph, cues)
        noun = _cue_heading(doc, units, index, morph, cues)
        if noun is not None:
            items = _heading_items(doc, units, index, morph, cues)
            kind = list_kind(noun, unit.passage.text, cues)
            _add_list(doc, lists, items, ("heading", kind), (unit.passage.start, unit.end), morph, cues)
    return lists


def _add_list(
    doc: Document,
    lists: list[list[Draft]],
    items: list[Draft],
    read: tuple[str, str],
    intro: tuple[int, int],
    morph: Any,
    cues: StageCues,
) -> None:
    """Keep ``items`` as a list when they are stage items; an item belongs to the first list
    that reaches it. ``read`` is the intro's form ("noun", "verb", "bare", "heading") and
    the items' kind."""
    form, kind = read
    items = _before_glued_intro(
        doc, [d for d in items if not is_void(doc.text[d.start : d.end], cues)], morph, cues
    )
    if not _actions(doc, items, form, intro, morph, cues):
        return
    taken = [(d.start, d.end) for found in lists for d in found]
    items = [d for d in items if not any(a < d.end and d.start < b for a, b in taken)]
    if not items:
        return
    list_id = make_id(doc.doc_id, "stage_list", items[0].start, items[-1].end)
    for order, draft in enumerate(items, start=1):
        draft.list_id, draft.order, draft.intro, draft.kind = list_id, order, intro, kind
    lists.append(items)


GLUED_SENTENCE = re.compile(r"(?<=[а-яё\d»\")])\s+(?=[А-ЯЁ][а-яё]+\s+[а-яё])")


def _before_glued_intro(doc: Document, items: list[Draft], morph: Any, cues: StageCues) -> list[Draft]:
    """Items up to one that runs into the introduction of a list of another sort, its line break lost ("…
    сельских поселений Основными ожидаемыми результатами программы являются:"): that item ends before it,
    and the items after it are that other list's."""
    for index, draft in enumerate(items):
        if not doc.text[draft.end : draft.end + 3].lstrip().startswith(":"):
            continue
        text = doc.text[draft.start : draft.end]
        starts = [m.end() for m in GLUED_SENTENCE.finditer(text)]
        if starts and intro_kind(text[starts[-1] :], morph, cues) is None:
            draft.end = draft.start + len(text[: starts[-1]].rstrip(" ;,"))
            return items[: index + 1]
    return items


def _cue_heading(doc: Document, units: list[Unit], index: int, morph: Any, cues: StageCues) -> str | None:
    """The cue noun when the line ends a heading (a passage without a sentence end) that
    names a list: "Основные задачи Подпрограммы", "Раздел 6. Перечень программных мероприятий"."""
    passage = units[index].passage
    if index + 1 >= len(units) or units[index + 1].passage is passage:
        return None
    text = passage.text.strip()
    if passage.kind not in ("heading", "paragraph") or text.endswith("."):
        return None
    return cue_heading(text, morph, cues)


def _heading_items(doc: Document, units: list[Unit], index: int, morph: Any, cues: StageCues) -> list[Draft]:
    """Items after a cue heading: its marked or plain lines, or the ";"/","-parts of the
    paragraph after it; none when that paragraph has a colon of its own ("Задачами являются:")."""
    nxt = units[index + 1]
    first = sentence_end(nxt.passage.text, nxt.start - nxt.passage.start)
    if ":" in nxt.passage.text[:first]:
        return []
    marker = match_marker(doc.text[nxt.start : nxt.end], cues)
    if marker is None:
        return inline_items(doc, units, nxt.passage, nxt.start, morph, cues) or block_items(
            doc, units, index + 1, cues, morph
        )
    number = HEADING_NUMBER.match(units[index].passage.text)
    own = re.sub(r"\s+", "", number.group()).strip(".") if number else ""
    if label_value(marker, cues) not in (None, 1) or (own and (marker.label or "").startswith(own + ".")):
        return []  # "5. Управление …" goes on an outline; "7.4.1." is a subsection of "7.4."
    return block_items(doc, units, index + 1, cues, morph)


#####  ASSEMBLY  #####


def _merge_numbered(items: list[Draft], numbered: list[Draft]) -> list[Draft]:
    """A numbered stage inside a list item gives the item its label and period."""
    rest = []
    for stage in numbered:
        host = next((d for d in items if d.start <= stage.start < d.end), None)
        if host is None:
            rest.append(stage)
            continue
        host.label = host.label or stage.label
        host.period = stage.period
        host.kind = "stage"
    return rest


def _item_period(doc: Document, draft: Draft, cues: StageCues) -> None:
    """An item's own period: a date after a preposition or punctuation ("… в 2019 году",
    "– 2015–2017 годы"), not one inside a name ("… войны 1941-1945 гг.")."""
    if draft.period != (None, None) or draft.list_id is None:
        return
    leads = cues.words("period_lead_words")
    for start, _end, first, last in find_periods(doc, draft.start, draft.end):
        before = doc.text[draft.start : start].rstrip()
        word = re.search(r"(\w+)$", before)
        if not before or word is None or word.group(1).lower() in leads:
            draft.period = (first, last)
            return


STAGE_LABEL = re.compile(
    r"(?:(?:этап|стадия|шаг|фаза)\s+(?:[IVX]{1,4}|\d{1,2})|(?:[IVX]{1,4}|\d{1,2})(?:\s*-?\s*(?:й|ой|ый|ий))?\s+этап)"
    r"\s*[.:)–—-]?\s*",
    re.I,
)


def _whole_words(doc: Document, draft: Draft) -> None:
    """A span never cuts a word: its ends move out to the word boundaries."""
    text = doc.text
    while draft.start > 0 and text[draft.start - 1].isalnum() and text[draft.start].isalnum():
        draft.start -= 1
    while draft.end < len(text) and text[draft.end - 1].isalnum() and text[draft.end].isalnum():
        draft.end += 1


def to_stage(doc: Document, draft: Draft, morph: Any, cues: StageCues) -> Stage:
    """The record for a draft: provenance, action/object, timing and status."""
    action = obj = None
    _whole_words(doc, draft)
    if draft.list_id is not None:
        body_start = draft.extra.get("body", draft.start)
        for start, end in ((body_start, draft.end), (draft.start, body_start)):
            # the item's body; else, for a numbered stage, what stands between its label and its
            # period ("Этап 1. Разработка нормативной базы – 2023 год: выполнено")
            label = STAGE_LABEL.match(doc.text, start, end)
            text = doc.text[label.end() if label else start : end]
            only_status = (
                draft.status is not None and text.strip(" :;.–—-\n").lower() == draft.status.evidence.lower()
            )
            action, head_end = (None, 0) if only_status else head_action(text, morph, cues)
            if action:
                obj = item_object(text, head_end, morph, cues)
                break
    elif "action" in draft.extra:  # a status row about a concrete action
        action, obj = draft.extra["action"], draft.extra["object"]
    source_start, source_end = doc.source_span(draft.start, draft.end)
    status = draft.status
    return Stage(
        doc_id=doc.doc_id,
        passage_id=draft.passage.passage_id,
        start=draft.start,
        end=draft.end,
        source_start=source_start,
        source_end=source_end,
        page=draft.passage.page,
        text=doc.text[draft.start : draft.end],
        kind=draft.kind,
        list_id=draft.list_id,
        order=draft.order,
        marker=draft.label if draft.list_id is not None else None,
        stage=draft.label if draft.kind == "stage" else None,
        action=action,
        object=obj,
        period_start=draft.period[0],
        period_end=draft.period[1],
        single_stage=draft.single_stage,
        status=status.status if status else None,
        status_evidence=status.evidence if status else None,
        status_start=status.start if status else None,
        status_end=status.end if status else None,
        completion=status.completion if status else None,
        stage_id=make_id(doc.doc_id, "stage", draft.start, draft.end),
    )


def extract_stages(doc: Document, morph: Any, cues: StageCues | None = None) -> list[Stage]:
    """All stage rows of an assembled document, sorted by offsets."""
    cues = cues or load_stage_cues()
    passages = [p for p in doc.passages if eligible(p)]
    items = [draft for found in find_lists(doc, build_units(doc), morph, cues) for draft in found]
    numbered = _merge_numbered(items, numbered_stages(doc, passages, cues))
    drafts = items + numbered + plan_table_rows(doc, cues)
    for draft in drafts:
        _item_period(doc, draft, cues)
    attach_status(doc, drafts, cues)
    share_status(doc, numbered, morph)
    # a staging intro ("Программа реализуется в три этапа:") is a term row of its own
    taken = [(d.start, d.end) for d in drafts] + [d.intro for d in items if d.intro and d.kind != "stage"]
    drafts += programme_rows(doc, passages, taken, morph, cues)
    stages = [to_stage(doc, draft, morph, cues) for draft in drafts]
    return sorted(stages, key=lambda s: (s.start, s.end, s.order or 0))


def stages_step(doc: Document, models: Any, config: PipelineConfig) -> None:
    """Pipeline step: fill ``doc.stages`` (cue file: ``extract.stage_cues``, default the packaged one)."""
    path = config.path(config.extract.stage_cues, CUES_PATH)
    doc.stages = extract_stages(doc, models.morph, load_stage_cues(str(path)))
