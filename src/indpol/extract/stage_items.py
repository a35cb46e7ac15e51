"""Stage-list items: markers, head action (lemma) and short object of each item.

Vocabularies come from ``resources/stage_cues.yaml`` (:func:`load_stage_cues`).
The morphology is :class:`indpol.annotate.morph.Morph` (``models.morph``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from indpol.records import Passage

if TYPE_CHECKING:
    from indpol.extract.status import StatusCue

INTRO_WINDOW = 300
CUES_PATH = Path(__file__).resolve().parents[1] / "resources" / "stage_cues.yaml"
WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")


@dataclass(frozen=True)
class StageCues:
    """The compiled vocabularies of ``stage_cues.yaml``."""

    data: dict[str, Any]
    markers: tuple[tuple[str, re.Pattern[str]], ...]
    inline_markers: dict[str, re.Pattern[str]]
    stage_patterns: tuple[re.Pattern[str], ...]
    single_stage: tuple[re.Pattern[str], ...]
    staging: tuple[re.Pattern[str], ...]
    timing: tuple[re.Pattern[str], ...]
    status: tuple[tuple[str, re.Pattern[str]], ...]
    completion: tuple[re.Pattern[str], ...]
    forecast: tuple[re.Pattern[str], ...] = ()

    def words(self, key: str) -> frozenset[str]:
        return frozenset(str(word) for word in self.data[key])


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.I) for pattern in patterns)


@lru_cache(maxsize=4)
def load_stage_cues(path: str | None = None) -> StageCues:
    """Read and compile the cue file (the packaged one by default)."""
    data = yaml.safe_load(Path(path or CUES_PATH).read_text(encoding="utf-8"))
    markers = tuple((name, re.compile(rf"^\s*(?:{rx})")) for name, rx in data["markers"].items())
    status = tuple(
        (name, re.compile(rx, re.I)) for name, patterns in data["status_patterns"].items() for rx in patterns
    )
    inline = {
        name: re.compile(rf"(?<=[.;:]\s)\s*(?:{rx})")
        for name, rx in data["markers"].items()
        if name != "bullet"
    }
    return StageCues(
        data=data,
        markers=markers,
        inline_markers=inline,
        stage_patterns=_compile(data["stage_patterns"]),
        single_stage=_compile(data["single_stage_patterns"]),
        staging=_compile(data["staging_patterns"]),
        timing=_compile(data["timing_patterns"]),
        status=status,
        completion=_compile(data["completion_patterns"]),
        forecast=_compile(data.get("forecast_patterns", [])),
    )


@dataclass(frozen=True)
class Marker:
    """An item marker at the start of a line: its style, label and length."""

    style: str
    label: str | None
    end: int


def match_marker(line: str, cues: StageCues) -> Marker | None:
    """The list marker that starts ``line`` ("1.", "а)", "II.", "–"), if any."""
    for style, pattern in cues.markers:
        match = pattern.match(line)
        if match is None:
            continue
        label = match.groupdict().get("label")
        if style == "roman" and label not in cues.data["roman_numerals"]:
            continue
        return Marker(style, label, match.end())
    return None


def label_value(marker: Marker, cues: StageCues) -> int | None:
    """The position a label stands for: "3" → 3, "IV" → 4, "в" → 3."""
    if marker.label is None:
        return None
    if marker.style == "number":
        return int(marker.label)
    if marker.style == "decimal":
        return int(marker.label.rsplit(".", 1)[1])
    if marker.style == "roman":
        return int(cues.data["roman_numerals"][marker.label])
    alphabet = (
        "абвгдежзиклмнопрстуфхцчшщэюя"
        if marker.label.lower() in "абвгдеёжзиклмнопрстуфхцчшщэюя"
        else ("abcdefghijklmnopqrstuvwxyz")
    )
    return alphabet.find(marker.label.lower()) + 1 or None


def is_action(word: str, morph: Any, cues: StageCues, *, nominative: bool = False) -> str | None:
    """The lemma of ``word`` when it is a nominalisation or an infinitive, else ``None``.

    A short passive participle ("обеспечено", "проведено") counts as its verb, as in
    report lists. A finite verb ("осуществляет") is not an action: items headed by one
    describe duties, not measures. With ``nominative`` only nominative (or
    accusative-ambiguous) noun readings count.
    """
    suffixes = tuple(cues.data["action_suffixes"])
    nouns, not_nouns = cues.words("action_nouns"), cues.words("not_action_nouns")
    for parse in morph.parse(word.lower())[:3]:
        tag, lemma = parse.tag, parse.normal_form
        if tag.POS in ("INFN", "PRTS") and not nominative:
            return lemma
        if tag.POS != "NOUN" or lemma in not_nouns:
            continue
        if nominative and tag.case not in ("nomn", "accs"):
            continue
        if lemma in nouns or lemma.endswith(suffixes):
            return lemma
    return None


def words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def head_action(text: str, morph: Any, cues: StageCues, max_words: int = 4) -> tuple[str | None, int]:
    """The action lemma of an item and the end of its head word (0 when none).

    Leading adjectives ("совместная реализация") and status verbs ("планируется") are
    skipped; the first nominalisation or infinitive among the first ``max_words`` words
    is the head.
    """
    skip = cues.words("skip_verbs")
    measures, links = cues.words("measure_nouns"), cues.words("measure_links")
    found = words(text)
    for index, match in enumerate(found[:max_words]):
        word = match.group().lower()
        lemma = is_action(word, morph, cues)
        if (
            morph.lemma(word) in measures
            and index + 1 < len(found)
            and found[index + 1].group().lower() in links
        ):
            continue  # "Мероприятия по содержанию дорог" → содержание
        if lemma and lemma not in skip:
            return lemma, match.end()
        if lemma or morph.lemma(word) in skip or word in links or is_modifier(word, morph):
            continue  # "совместная реализация", "планируется разработка"
        break
    return None, 0


def strict_head(text: str, morph: Any, cues: StageCues) -> str | None:
    """The action an item starts with, read strictly: its first word after adjectives is
    an infinitive, a short participle or a nominative/accusative nominalisation
    ("развитие …", "обеспечить …", "обеспечено …"); ``None`` for "в наличии …",
    "консервативный, предполагающий …" or "увеличению …"."""
    if not text.lstrip()[:1].isalpha():
        return None  # "«Развитие …»" (a name), "37,5 % – производство" (a share)
    skip, endings = cues.words("skip_verbs"), tuple(cues.data["not_action_endings"])
    for match in words(text)[:4]:
        word = match.group().lower()
        parse = morph.parse(word)[0]
        if parse.tag.POS in ("ADJF", "ADVB") or morph.lemma(word) in skip:
            continue
        if parse.tag.POS == "INFN":
            return parse.normal_form
        if parse.tag.POS == "PRTS":  # "проведено 15 мероприятий" is a result, not a measure
            rest = text[match.end() :].lstrip()
            return None if rest[:1].isdigit() else parse.normal_form
        lemma = is_action(word, morph, cues, nominative=True)
        return None if lemma is None or lemma.endswith(endings) else lemma
    return None


def is_definition(text: str, morph: Any, cues: StageCues, max_words: int = 8) -> bool:
    """A definition or value item, not a measure: a short term, a dash, then a class noun
    ("содержание дороги – комплекс работ по …") or a number ("дошкольное образование – 78",
    "для школ – не менее 50 Мбит/с"); "I этап – 2015–2017 годы" is neither."""
    match = re.search(r"\s[-–—]\s+(\w+)", text)
    if match is None or len(WORD.findall(text[: match.start()])) > max_words:
        return False
    if re.search(r"\d", text[match.start() : match.start() + 20]):
        return "этап" not in text[: match.start()].lower()
    return morph.lemma(match.group(1).lower()) in cues.words("definition_heads")


def is_modifier(word: str, morph: Any) -> bool:
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF", "ADVB", "NUMR", "ADJS")


def item_object(text: str, head_end: int, morph: Any, cues: StageCues) -> str | None:
    """The short surface phrase the head applies to ("базовых условий").

    Skips a coordinated second head ("создание и обеспечение базовых условий")
    and stops at a stop word, comma, bracket or after ``object_max_words`` words.
    """
    stop = cues.words("object_stop_words")
    rest = text[head_end:]
    coordinated = re.match(r"\s*(?:,|и|или)\s+(\w+)", rest)
    if coordinated and is_action(coordinated.group(1), morph, cues, nominative=True):
        rest = rest[coordinated.end() :]
    picked: list[str] = []
    for match in re.finditer(r"[^\s,;:()«»\"]+|[,;:()«»\"]", rest):
        token = match.group()
        if not WORD.fullmatch(token) or token.lower() in stop or len(picked) >= cues.data["object_max_words"]:
            break
        picked.append(token)
    return " ".join(picked) or None


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
        if not match.group(1).strip().startswith(",") and heads >= limit:
            cuts.append((match.start(), match.end()))
            heads = 1
        else:
            heads += 1
    return cuts


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


#####  UNITS AND DRAFTS  #####


@dataclass
class Unit:
    """A line of an eligible passage, in document offsets."""

    start: int
    end: int
    passage: Passage


@dataclass
class Draft:
    """A stage row before it becomes a record (document offsets)."""

    start: int
    end: int
    passage: Passage
    list_id: str | None = None
    order: int | None = None
    label: str | None = None
    period: tuple[str | None, str | None] = (None, None)
    single_stage: bool = False
    status: StatusCue | None = None
    intro: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def eligible(passage: Passage) -> bool:
    return passage.language == "ru" and passage.role != "references"


#####  LIST INTRODUCTIONS  #####
