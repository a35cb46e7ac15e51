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
from indpol.extract.stage_items import (
    CUES_PATH,
    WORD,
    Draft,
    Marker,
    StageCues,
    Unit,
    eligible,
    head_action,
    inline_numbered,
    intro_kind,
    intro_sentence,
    is_definition,
    item_object,
    label_value,
    load_stage_cues,
    match_marker,
    match_value,
    split_heads,
    strict_head,
    trailing_marker,
)
from indpol.extract.status import attach_status, find_periods, numbered_stages, programme_rows, sentence_end
from indpol.records import Document, Passage, Stage, make_id

MAX_ITEMS = 60
CITATION = re.compile(r"(?:\s*\[[\d,;\s–-]+\])+$")


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


#####  ITEMS  #####


def _trim(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, trailing separators and citations from an item span."""
    text = doc.text[start:end]
    text = CITATION.sub("", text.rstrip(" \t\n;,.:"))
    text = text.rstrip(" \t\n;,.:")
    lead = len(text) - len(text.lstrip())
    return start + lead, start + len(text)


def inline_items(
    doc: Document, units: list[Unit], passage: Passage, begin: int, morph: Any, cues: StageCues
) -> list[Draft]:
    """Items from ``begin`` (after a colon) separated by ";", up to the sentence end; when the
    passage ends with ";", the following unmarked lines carry on the list."""
    text = doc.text
    end = passage.start + sentence_end(passage.text, begin - passage.start, cues)
    parts, depth = [], 0
    for pos in range(begin, end):
        depth += (text[pos] == "(") - (text[pos] == ")")
        if text[pos] == ";" and depth <= 0:
            parts.append((begin, pos, passage))
            begin = pos + 1
    parts.append((begin, end, passage))
    if len(parts) == 1:
        parts = _comma_parts(doc, passage, begin, end, morph, cues)
    if not text[begin:end].strip() and end == passage.end:
        parts = parts[:-1] + _next_lines(doc, units, passage, cues)
    headed = next((i for i, p in enumerate(parts) if i and ":" in text[p[0] : p[1]]), None)
    parts = parts[:headed]  # "…; информационное обеспечение предусматривает: …" starts another list
    if match_marker(text[parts[0][0] : parts[0][1]], cues) is None:  # an outer list's marker ends it
        bounded = next((i for i, p in enumerate(parts) if i and match_marker(text[p[0] : p[1]], cues)), None)
        parts = parts[:bounded]
    if len(parts) < 2:
        return []
    drafts: list[Draft] = []
    for part_start, part_end, part_passage in parts:
        chunk = text[part_start:part_end]
        cuts = split_heads(chunk, morph, cues)
        starts = [0, *(cut[1] for cut in cuts)]
        ends = [*(cut[0] for cut in cuts), len(chunk)]
        for left, right in zip(starts, ends, strict=True):
            drafts.extend(_item_draft(doc, part_passage, part_start + left, part_start + right, cues))
    return drafts


def _comma_parts(
    doc: Document, passage: Passage, begin: int, end: int, morph: Any, cues: StageCues
) -> list[tuple[int, int, Passage]]:
    """A "," list of actions ("проведено: выявление ресурсов, мониторинг программы,
    запуск мероприятий"): three parts or more of two words or more, each starting with a
    singular nominative nominalisation; else the span as one part."""
    cuts, depth = [begin], 0
    for pos in range(begin, end):
        depth += (doc.text[pos] == "(") - (doc.text[pos] == ")")
        if doc.text[pos] == "," and depth <= 0 and _nominal_head(doc.text[pos + 1 : end], morph, cues):
            cuts.append(pos + 1)
    parts = [(a, b - 1 if b < end else b, passage) for a, b in zip(cuts, [*cuts[1:], end], strict=True)]
    if (
        len(parts) < 3
        or not _nominal_head(doc.text[begin:end], morph, cues)
        or any(len(WORD.findall(doc.text[a:b])) < 2 for a, b, _ in parts)
    ):
        return [(begin, end, passage)]
    return parts


def _nominal_head(text: str, morph: Any, cues: StageCues) -> bool:
    found = WORD.match(text.lstrip())
    if found is None:
        return False
    tag = morph.parse(found.group().lower())[0].tag
    return (
        tag.case in ("nomn", "accs")
        and tag.number == "sing"
        and strict_head(found.group(), morph, cues) is not None
    )


def _next_lines(
    doc: Document, units: list[Unit], passage: Passage, cues: StageCues
) -> list[tuple[int, int, Passage]]:
    """Unmarked lines after a passage that ended with ";": one item each, up to one ending otherwise."""
    parts: list[tuple[int, int, Passage]] = []
    for unit in (u for u in units if u.start >= passage.end):
        line = doc.text[unit.start : unit.end]
        if len(parts) >= MAX_ITEMS or unit.passage.kind == "heading" or match_marker(line, cues):
            break
        parts.append((unit.start, unit.end, unit.passage))
        if not line.rstrip().endswith(";"):
            break
    return parts


def numbered_items(doc: Document, passage: Passage, begin: int, cues: StageCues) -> list[Draft]:
    """Run-in numbered items after a colon: "задачи: 1. A. 2. B." or "1) A; 2) B"."""
    found = inline_numbered(passage.text, begin - passage.start, cues)
    drafts = [Draft(passage.start + s, passage.start + e, passage, label=label) for s, e, label in found]
    return [d for d in (_cut_item(doc, d, cues) for d in drafts) if d.end > d.start]


def _item_draft(doc: Document, passage: Passage, start: int, end: int, cues: StageCues) -> list[Draft]:
    marker = match_marker(doc.text[start:end].lstrip(), cues)
    label = marker.label if marker and marker.style != "bullet" else None
    if marker:
        start += len(doc.text[start:end]) - len(doc.text[start:end].lstrip()) + marker.end
    start, end = _trim(doc, start, end)
    return [Draft(start, end, passage, label=label)] if end > start else []


def block_items(doc: Document, units: list[Unit], index: int, cues: StageCues, morph: Any) -> list[Draft]:
    """Items on the lines after a line-final colon: marked, or plain lines ending with ";"."""
    drafts: list[Draft] = []
    style, expected, pending = None, None, None
    j = index
    while j < len(units) and len(drafts) < MAX_ITEMS:
        unit, line = units[j], doc.text[units[j].start : units[j].end]
        marker, pending = match_marker(line, cues) or pending, None
        nested = bool(drafts) and ":" in doc.text[drafts[-1].start : drafts[-1].end]
        if drafts and unit.passage.kind == "heading" and marker is None:
            break
        if marker is not None:
            value = label_value(marker, cues)
            if style is None:
                style = marker.style
            elif marker.style != style or (expected is not None and value != expected):
                if marker.style != style and (nested or _resumes(doc, units, j, style, expected, cues)):
                    j += 1  # a sub-item of the previous item (its list is found on its own)
                    continue
                if not (marker.style == style and value == (expected or 0) + 1):  # else: one label lost
                    break
            expected = value + 1 if value is not None else None
            start = unit.start + marker.end
            if not line[marker.end :].strip() and j + 1 < len(units):  # "1." alone on its line
                j += 1
                start = units[j].start
            for left, right, label in _run_in(doc, start, units[j].end, marker, expected, cues):
                drafts.append(Draft(left, right, unit.passage, label=label))
                expected = None if expected is None else expected + (left != start)
        elif nested and style not in (None, "plain"):
            pass  # an unmarked sub-item of the previous item
        elif drafts and _continues(doc, drafts[-1], line, style):
            drafts[-1].end = unit.end
        elif style in ("number", "roman") and _resumes(doc, units, j, style, expected, cues):
            pass  # an explanation between numbered items
        elif style in (None, "plain") and _plain_item(doc, drafts, line, morph, cues):
            style = "plain"
            drafts.append(Draft(unit.start, unit.end, unit.passage))
        else:
            break
        pending = trailing_marker(doc.text[units[j].start : units[j].end], style, expected, cues)
        j += 1
    if style == "plain" and len(drafts) < 2:
        return []
    return [d for d in (_cut_item(doc, d, cues) for d in drafts) if d.end > d.start]


def _run_in(
    doc: Document, start: int, end: int, marker: Marker, expected: int | None, cues: StageCues
) -> list[tuple[int, int, str | None]]:
    """An item line that carries the next items run in ("…ниже ; 3) обеспечение …")."""
    pattern = cues.inline_markers.get(marker.style)
    spans, body, label = [], start, marker.label
    if pattern is not None and expected is not None:
        for match in pattern.finditer(doc.text, start, end):
            if match_value(match, marker.style, cues) == expected and doc.text[match.end() : end].strip():
                spans.append((body, match.start() + len(match.group()) - len(match.group().lstrip()), label))
                body, label, expected = match.end(), match.group("label"), expected + 1
    return [*spans, (body, end, label)]


def _resumes(
    doc: Document,
    units: list[Unit],
    index: int,
    style: str,
    expected: int | None,
    cues: StageCues,
    window: int = 15,
) -> bool:
    """The numbered list goes on after some explanatory passages (no heading in between)."""
    for unit in units[index : index + window]:
        if unit.passage.kind == "heading":
            return False
        marker = match_marker(doc.text[unit.start : unit.end], cues)
        if marker is not None and marker.style == style:
            return label_value(marker, cues) == expected
    return False


def _continues(doc: Document, last: Draft, line: str, style: str | None) -> bool:
    """A line without a marker carries on the previous item (line or page break)."""
    previous = doc.text[last.start : last.end].rstrip()
    return bool(line[:1].islower() and not previous.endswith((";", ".")))


def _plain_item(doc: Document, drafts: list[Draft], line: str, morph: Any, cues: StageCues) -> bool:
    """An unmarked line is an item when the previous item ended with ";"/",", or when it is a
    short verbless phrase headed by an action ("Финансовое обеспечение учреждений.")."""
    if drafts and doc.text[drafts[-1].end - 1] in ";,":
        return True
    if len(line) >= 400 or head_action(line, morph, cues)[0] is None:
        return False
    return not any(morph.parse(w.lower())[0].tag.POS == "VERB" for w in WORD.findall(line))


def _cut_item(doc: Document, draft: Draft, cues: StageCues) -> Draft:
    """End an item at its first sentence end (text glued after it is not part of it),
    or at a colon that opens its own ";"-separated sub-list."""
    local = doc.text[draft.start : draft.end]
    end = sentence_end(local, 0, cues)
    colon = local.find(":", 0, end)
    if colon > 0 and ";" in local[colon:end]:
        end = colon
    draft.start, draft.end = _trim(doc, draft.start, draft.start + end)
    return draft


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


def _actions(doc: Document, items: list[Draft], kind: str, morph: Any, cues: StageCues) -> bool:
    """Items of a stage list are actions: at least half start with one (the first one, after
    a verb-only introduction; all of them, strictly read, after a cue-less one). Lists of
    categories, duties or documents are not stage lists."""
    texts = [doc.text[d.start : d.end] for d in items]
    if 2 * sum(is_definition(text, morph, cues) for text in texts) > len(texts):
        return False
    if kind == "bare":  # no cue: every item (all but one of five or more) starts with an action
        strict = [strict_head(doc.text[d.start : d.end], morph, cues) is not None for d in items]
        return len(strict) >= 2 and strict[0] and len(strict) - sum(strict) <= (len(strict) >= 5)
    heads = [head_action(doc.text[d.start : d.end], morph, cues)[0] is not None for d in items]
    if not heads or (kind == "verb" and not heads[0]):
        return False
    return 2 * sum(heads) >= len(heads)


def find_lists(doc: Document, units: list[Unit], morph: Any, cues: StageCues) -> list[list[Draft]]:
    """Every cue-introduced stage list of the document, each as its items in order."""
    lists: list[list[Draft]] = []
    for index, unit in enumerate(units):
        line = doc.text[unit.start : unit.end]
        for match in re.finditer(r"\s?:", line):
            colon = unit.start + match.end() - 1
            if any(d.start <= colon < d.end for found in lists for d in found):
                continue
            passage_text, local = unit.passage.text, colon - unit.passage.start
            intro_start = intro_sentence(passage_text, local)
            kind = intro_kind(passage_text[intro_start:local], morph, cues)
            if kind is None:
                continue
            begin = _inline_start(doc, units, index, colon, cues)
            if begin is not None:
                passage = next(u.passage for u in units if u.start <= begin < u.end + 1)
                items = numbered_items(doc, passage, begin, cues) or inline_items(
                    doc, units, passage, begin, morph, cues
                )
            else:
                items = block_items(doc, units, index + 1, cues, morph)
            if not _actions(doc, items, kind, morph, cues):
                continue
            taken = [(d.start, d.end) for found in lists for d in found]
            items = [d for d in items if not any(a < d.end and d.start < b for a, b in taken)]
            if not items:  # an item belongs to the first list that reaches it
                continue
            list_id = make_id(doc.doc_id, "stage_list", items[0].start, items[-1].end)
            for order, draft in enumerate(items, start=1):
                draft.list_id, draft.order = list_id, order
                draft.intro = (unit.passage.start + intro_start, colon)
            lists.append(items)
    return lists


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


def to_stage(doc: Document, draft: Draft, morph: Any, cues: StageCues) -> Stage:
    """The record for a draft: provenance, action/object, timing and status."""
    action = obj = None
    if draft.list_id is not None:
        body_start = draft.extra.get("body", draft.start)
        text = doc.text[body_start : draft.end]
        action, head_end = head_action(text, morph, cues)
        obj = item_object(text, head_end, morph, cues) if action else None
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
        list_id=draft.list_id,
        order=draft.order,
        stage=draft.label,
        action=action,
        object=obj,
        period_start=draft.period[0],
        period_end=draft.period[1],
        single_stage=draft.single_stage,
        status=status.status if status else None,
        status_evidence=status.evidence if status else None,
        completion=status.completion if status else None,
        stage_id=make_id(doc.doc_id, "stage", draft.start, draft.end),
    )


def extract_stages(doc: Document, morph: Any, cues: StageCues | None = None) -> list[Stage]:
    """All stage rows of an assembled document, sorted by offsets."""
    cues = cues or load_stage_cues()
    passages = [p for p in doc.passages if eligible(p)]
    items = [draft for found in find_lists(doc, build_units(doc), morph, cues) for draft in found]
    numbered = _merge_numbered(items, numbered_stages(doc, passages, cues))
    drafts = items + numbered
    for draft in drafts:
        _item_period(doc, draft, cues)
    attach_status(doc, drafts, cues)
    taken = [(d.start, d.end) for d in drafts] + [d.intro for d in items if d.intro]
    drafts += programme_rows(doc, passages, taken, morph, cues)
    stages = [to_stage(doc, draft, morph, cues) for draft in drafts]
    return sorted(stages, key=lambda s: (s.start, s.end, s.order or 0))


def stages_step(doc: Document, models: Any, config: PipelineConfig) -> None:
    """Pipeline step: fill ``doc.stages`` (cue file: ``extract.stage_cues``, default the packaged one)."""
    path = config.path(config.extract.stage_cues, CUES_PATH)
    doc.stages = extract_stages(doc, models.morph, load_stage_cues(str(path)))
