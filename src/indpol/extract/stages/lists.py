"""Splitting a stage list into its items: inline ";" and "," lists, run-in numbered items,
and block lists of marked or plain lines (read by :mod:`indpol.extract.stages.step`)."""

from __future__ import annotations

import re
from typing import Any

from indpol.extract.stages.items import (
    WORD,
    Draft,
    Marker,
    StageCues,
    Unit,
    head_action,
    is_action,
    label_value,
    match_marker,
    strict_head,
)
from indpol.extract.stages.status import sentence_end
from indpol.records import Document, Passage

MAX_ITEMS = 60
NUMBERED = ("number", "roman", "decimal", "cue_label")
CITATION = re.compile(r"(?:\s*\[[\d,;\s–-]+\])+$")

#####  SPLITTING  #####


def split_heads(text: str, morph: Any, cues: StageCues) -> list[tuple[int, int]]:
    """(end of item, start of next item) where too many "и"-joined heads run on.

    "реализация проектов и подготовка планов и согласование подходов" → split
    before "согласование" when ``max_coordinated_heads`` is 2.
    """
    limit = int(cues.data["max_coordinated_heads"])
    action, _ = head_action(text, morph, cues)
    heads, cuts, depth = (1 if action else 0), [], 0
    for match in re.finditer(r"[()]|(,\s+а\s+также|\s+и)\s+(?=(\w+))", text):
        if match.group() in "()":
            depth += 1 if match.group() == "(" else -1
            continue
        if depth or not is_action(match.group(2), morph, cues, nominative=True):
            continue
        if _genitive_pair(text[: match.start()], match.group(2), morph):
            continue  # "аренды инвентаря и оборудования": a coordinated complement
        if not match.group(1).strip().startswith(",") and heads >= limit:
            cuts.append((match.start(), match.end()))
            heads = 1
        else:
            heads += 1
    return cuts


def _genitive_pair(before: str, word: str, morph: Any) -> bool:
    """``word`` after "и" can be genitive and so can the noun before "и": the two are
    coordinated complements ("спортивного инвентаря и оборудования"), not two heads."""
    found = WORD.findall(before)
    if not found:
        return False
    previous = morph.parse(found[-1].lower())[0]
    return (
        previous.tag.POS == "NOUN"
        and previous.tag.case == "gent"
        and any(p.tag.case == "gent" for p in morph.parse(word.lower())[:3] if p.tag.POS == "NOUN")
    )


def inline_numbered(text: str, start: int, cues: StageCues) -> list[tuple[int, int, str]]:
    """Items of a run-in numbered list "1. A. 2. B. 3. C." beginning at ``text[start:]``.

    Returns (body start, body end, label) in ``text`` offsets; the next marker must carry
    the next number and follow a ".", ";" or ":". Empty unless there are two items or more.
    """
    first = match_marker(text[start:], cues)
    if first is None or first.style == "bullet" or label_value(first, cues) != 1:
        return []
    pattern = cues.inline_markers[first.style]
    items: list[tuple[int, int, str]] = []
    body, label, expected = start + first.end, first.label or "", 2
    while True:
        nxt = next(
            (m for m in pattern.finditer(text, body) if match_value(m, first.style, cues) == expected), None
        )
        if nxt is None:
            items.append((body, len(text), label))
            break
        marker_start = nxt.start() + len(nxt.group()) - len(nxt.group().lstrip())
        items.append((body, marker_start, label))
        body, label, expected = nxt.end(), nxt.group("label"), expected + 1
    return items if len(items) >= 2 else []


def match_value(match: re.Match[str], style: str, cues: StageCues) -> int | None:
    """The position a marker match stands for."""
    return label_value(Marker(style, match.group("label"), match.end()), cues)


def trailing_marker(line: str, style: str | None, expected: int | None, cues: StageCues) -> Marker | None:
    """The next item's marker left at the end of a line ("… войны . 4.")."""
    if style not in cues.inline_markers or expected is None:
        return None
    for match in cues.inline_markers[style].finditer(line):
        marker = Marker(style, match.group("label"), 0)
        if match.end() >= len(line.rstrip()) and label_value(marker, cues) == expected:
            return marker
    return None


#####  ITEMS  #####


def _trim(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, trailing separators and citations from an item span."""
    text = doc.text[start:end]
    text = CITATION.sub("", text.rstrip(" \t\n;,.:"))
    text = text.rstrip(" \t\n;,.:")
    lead = len(text) - len(text.lstrip())
    return start + lead, start + len(text)


def inline_items(
    doc: Document,
    units: list[Unit],
    passage: Passage,
    begin: int,
    morph: Any,
    cues: StageCues,
    least: int = 2,
) -> list[Draft]:
    """Items from ``begin`` (after a colon) separated by ";", up to the sentence end; when the
    passage ends with ";", the following unmarked lines carry on the list. Fewer than
    ``least`` items make no list."""
    text = doc.text
    end = passage.start + sentence_end(passage.text, begin - passage.start)
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
    if len(parts) < least:
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


def block_items(
    doc: Document, units: list[Unit], index: int, cues: StageCues, morph: Any, least: int = 2
) -> list[Draft]:
    """Items on the lines after a line-final colon: marked, or plain lines ending with ";"
    (at least ``least`` of them). A lost label is skipped only right after an item's line."""
    drafts: list[Draft] = []
    style, expected, pending, last = None, None, None, index - 1
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
                if not (marker.style == style and value == (expected or 0) + 1 and last == j - 1):
                    break  # else: one label lost ("а) … в)"), not a heading after sub-lists ("4. Прогноз …")
            expected = value + 1 if value is not None else None
            start = unit.start + marker.end
            if not line[marker.end :].strip() and j + 1 < len(units):  # "1." alone on its line
                j += 1
                start = units[j].start
            for left, right, label in _run_in(doc, start, units[j].end, marker, expected, cues):
                drafts.append(Draft(left, right, unit.passage, label=label))
                expected = None if expected is None else expected + (left != start)
            last = j
        elif nested and style not in (None, "plain"):
            pass  # an unmarked sub-item of the previous item
        elif drafts and _continues(doc, drafts[-1], line, style):
            drafts[-1].end, last = unit.end, j
        elif style in NUMBERED and _resumes(doc, units, j, style, expected, cues):
            pass  # an explanation between numbered items
        elif style in (None, "plain") and _plain_item(doc, drafts, line, morph, cues):
            style, last = "plain", j
            drafts.append(Draft(unit.start, unit.end, unit.passage))
            if least == 1:
                break  # "следующую задачу:" announces one item
        else:
            break
        pending = trailing_marker(doc.text[units[j].start : units[j].end], style, expected, cues)
        j += 1
    if style == "plain" and len(drafts) < least:
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
    if len(line) >= 400 or strict_head(line.lstrip(" )"), morph, cues) is None:  # ") …": a lost label
        return False
    return not any(morph.parse(w.lower())[0].tag.POS == "VERB" for w in WORD.findall(line))


def _cut_item(doc: Document, draft: Draft, cues: StageCues) -> Draft:
    """End an item at its first sentence end (text glued after it is not part of it),
    or at a colon that opens its own ";"-separated sub-list."""
    local = doc.text[draft.start : draft.end]
    end = sentence_end(local, 0)
    colon = local.find(":", 0, end)
    if colon > 0 and ";" in local[colon:end]:
        end = colon
    draft.start, draft.end = _trim(doc, draft.start, draft.start + end)
    return draft


def is_duty(text: str, morph: Any) -> bool:
    """An item headed by an imperfective infinitive states a standing duty or rule
    ("обеспечивать уход за насаждениями", "проводить наблюдение"), not a measure."""
    found = WORD.search(text)
    if found is None:
        return False
    parse = morph.parse(found.group().lower())[0]
    return parse.tag.POS == "INFN" and parse.tag.aspect == "impf"


def genitive_head(text: str, morph: Any, cues: StageCues) -> bool:
    """An item headed by a genitive singular noun ("отклонения достигнутых значений"): a
    complement of the intro's last noun, not an item of its own ("профилактика …",
    "мероприятия по развитию …")."""
    for word in WORD.findall(text)[:4]:
        parses = morph.parse(word.lower())[:4]
        if parses and parses[0].tag.POS in ("ADJF", "PRTF", "ADVB"):
            continue
        if parses and parses[0].normal_form in cues.words("measure_nouns") | cues.words("intro_nouns"):
            return False
        cases = {(p.tag.case, p.tag.number) for p in parses if p.tag.POS == "NOUN"}
        return ("gent", "sing") in cases and ("nomn", "sing") not in cases
    return False


def is_outcome(text: str, morph: Any, cues: StageCues) -> bool:
    """An item that states an expected result: an outcome word ("достижение …"), or a
    change of an indicator ("снизить количество преступлений", "повышение уровня досуга")."""
    lemmas = [morph.lemma(w.lower()) for w in WORD.findall(text)[:4]]
    lemmas = [lemma for lemma in lemmas if not _is_adjective(lemma, morph)]
    if not lemmas:
        return False
    if lemmas[0] in cues.words("result_heads"):
        return True
    return (
        lemmas[0] in cues.words("change_words")
        and len(lemmas) > 1
        and lemmas[1] in cues.words("indicator_nouns")
    )


def _is_adjective(lemma: str, morph: Any) -> bool:
    return morph.parse(lemma)[0].tag.POS in ("ADJF", "PRTF", "ADVB")


def is_void(text: str, cues: StageCues) -> bool:
    """A repealed item ("абзац утратил силу. – Постановление …")."""
    return any(re.search(rx, text, re.I) for rx in cues.data.get("void_item_patterns", []))
