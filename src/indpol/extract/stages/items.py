"""Stage-list items: markers, head action (lemma) and short object of each item.

Vocabularies come from ``data/stage_cues.yaml`` (:func:`load_stage_cues`).
The morphology is :class:`indpol.nlp.morph.Morph` (``models.morph``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from indpol.data import STAGE_CUES
from indpol.records import Passage
from indpol.text.tokens import WORD

if TYPE_CHECKING:
    from indpol.extract.stages.status import StatusCue

INTRO_WINDOW = 300
CUES_PATH = STAGE_CUES


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
    inline = {  # after ".", ";", ":" — or after "," when the label is closed by ")" ("услуг , 2) …")
        name: re.compile(rf"(?:(?<=[.;:]\s)|(?<=,\s)(?=\s*\w{{1,4}}\s*\)))\s*(?:{rx})")
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
    if marker.style in ("decimal", "cue_label"):  # "1.2" → 2; "Задача 3" → 3
        return int(marker.label.rsplit(".", 1)[-1])
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

    Leading adjectives, also coordinated ones ("научное, организационное и техническое
    сопровождение"), and status verbs ("планируется") are skipped; the first
    nominalisation or infinitive among the first ``max_words`` other words is the head.
    "Мероприятия по содержанию дорог" → содержание, but "проведение на высоком уровне
    …" → проведение (a measure noun is skipped only when an action follows its link).
    """
    skip = cues.words("skip_verbs")
    measures, links = cues.words("measure_nouns"), cues.words("measure_links")
    found = words(text)
    counted = 0
    for index, match in enumerate(found[: max_words + 8]):
        word = match.group().lower()
        lemma = is_action(word, morph, cues)
        linked = index + 1 < len(found) and found[index + 1].group().lower() in links
        after = found[index + 2 : index + 5]
        if (linked and morph.lemma(word) in measures) and (
            lemma is None or lemma in skip or _action_after(after, morph, cues)
        ):
            counted += 1
            continue  # "Мероприятия по содержанию дорог" → содержание
        if lemma and lemma not in skip:
            return lemma, match.end()
        if is_modifier(word, morph) or (word in ("и", "или") and counted == 0):
            continue  # "совместная реализация", "организационное и техническое сопровождение"
        counted += 1
        if counted > max_words or not (lemma or morph.lemma(word) in skip or word in links):
            break  # "планируется разработка", "по содержанию"
    return None, 0


def _action_after(found: list[re.Match[str]], morph: Any, cues: StageCues) -> bool:
    """A nominalisation among ``found`` after adjectives ("по текущему содержанию")."""
    for match in found:
        if is_action(match.group(), morph, cues):
            return True
        if not is_modifier(match.group(), morph):
            return False
    return False


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
    rest = join_compounds(text[head_end:], morph)
    coordinated = re.match(r"\s*(?:,|и|или)\s+(\w+)", rest)
    if coordinated and is_action(coordinated.group(1), morph, cues, nominative=True):
        rest = rest[coordinated.end() :]
    rest = _skip_manner(rest, morph, cues)
    picked: list[str] = []
    joined: int | None = None  # length of ``picked`` before the first ", …"/"и …" continuation
    limit = int(cues.data["object_max_words"])
    for match in re.finditer(r"[^\s,;:()«»\".]+|[,;:()«»\".]", rest):
        token = match.group()
        if picked and token in (",", "и", "или") and _dangling(picked[-1], morph):
            joined = len(picked) if joined is None else joined
            picked[-1] += "," if token == "," else ""  # "районных, областных и всероссийских …"
            picked += [] if token == "," else [token]
            continue
        content = len([w for w in picked if w not in ("и", "или")])
        full = content >= limit + (4 if picked and _dangling(picked[-1], morph) else 0)
        if not WORD.fullmatch(token) or token.lower() in stop or full:
            break
        picked.append(token)
    if joined is not None and picked and _dangling(picked[-1], morph):
        picked = picked[:joined]  # "служащих, взаимодействующих": no noun after the comma
    while picked and (picked[-1] in ("и", "или") or picked[-1].endswith(",")):
        picked[-1:] = [] if picked[-1] in ("и", "или") else [picked[-1].rstrip(",")]
    return " ".join(picked) or None


def _dangling(word: str, morph: Any) -> bool:
    """An adjective whose noun is still to come ("районных, областных и всероссийских …")."""
    parses = morph.parse(word.rstrip(",").lower())
    return word not in ("и", "или") and any(p.tag.POS in ("ADJF", "PRTF") for p in parses)


COMPOUND = re.compile(r"\b([А-Яа-яЁё]+о)(?:\s+[-–—]\s*|\s*[-–—]\s+)(?=([А-Яа-яЁё]+))")


def join_compounds(text: str, morph: Any) -> str:
    """Compound adjectives split by spaced dashes written whole: "материально – технической"
    → "материально-технической" (first part an adverb-like stem in -о, second an adjective)."""

    def glue(match: re.Match[str]) -> str:
        first, second = morph.parse(match.group(1).lower())[0], morph.parse(match.group(2).lower())[0]
        if first.tag.POS in ("ADVB", "ADJS") and second.tag.POS in ("ADJF", "PRTF"):
            return match.group(1) + "-"
        return match.group()

    return COMPOUND.sub(glue, text)


def _skip_manner(rest: str, morph: Any, cues: StageCues) -> str:
    """Skip a phrase of manner between the head and its object ("проведение на высоком
    организационном уровне районных мероприятий"): a preposition, adjectives and one of
    ``manner_nouns``."""
    match = re.match(r"\s*(?:на|в|во)\s+((?:[А-Яа-яЁё-]+\s+){1,4})", rest)
    if match is None:
        return rest
    manner, offset = cues.words("manner_nouns"), match.start(1)
    for word in re.finditer(r"[А-Яа-яЁё-]+", match.group(1)):
        parse = morph.parse(word.group().lower())[0]
        if parse.normal_form in manner and parse.tag.POS == "NOUN":
            return rest[offset + word.end() :]
        if parse.tag.POS not in ("ADJF", "PRTF"):
            break
    return rest


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
    kind: str = "measure"  # stage, term, measure, task, goal, procedure or other (STAGE_KINDS)
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
