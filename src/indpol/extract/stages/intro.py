"""The introduction of a stage list: the sentence before its ":" and whether it can
introduce stages, tasks or measures (read by :mod:`indpol.extract.stages.step`)."""

from __future__ import annotations

import re
from typing import Any

from indpol.data import word_list
from indpol.extract.stages.items import INTRO_WINDOW, StageCues, is_action, is_modifier
from indpol.extract.stages.status import compiled
from indpol.text.tokens import WORD

NAMING_CASES = ("nomn", "accs", "ablt")


def intro_kind(before: str, morph: Any, cues: StageCues) -> tuple[str, str | None] | None:
    """``("noun", lemma)``, ``("verb", None)``, ``("minutes", "мероприятие")`` or ``("bare", None)`` when the sentence
    before a ":" may introduce a stage list, ``None`` when it cannot; ``lemma`` is the
    cue noun that names the items.

    Only the last ``intro_words`` words count. Read back from the colon, the first cue
    noun that cannot be genitive decides ("Целевыми показателями реализации мероприятий"
    → показатель), else the nearest other one ("решения следующих задач" → задача): an
    intro noun (этап, задача, мероприятие …) makes a list, a stop noun (показатель,
    результат, литература …) does not. Without a cue noun, an intro verb ("необходимо:",
    "предусматривается:") gives ``"verb"``, a results verb ("позволит:") ``None``, and
    anything else ``"bare"`` (the items alone must show a stage list).
    """
    found = _intro_words(before, morph, cues)
    if not found or found[-1].lower() in cues.words("intro_stop_tails") | cues.words("result_verbs"):
        return None
    if found[-1].lower() in cues.words("minutes_forms"):
        return ("minutes", "мероприятие")  # "Решили: 1. Министерству … обеспечить …" (the decisions)
    if {w.lower() for w in found} & (cues.words("decree_forms") | cues.words("result_forms")):
        return None  # "Утвердить в пределах общего объема расходов:" is a decree
    full = WORD.findall(before)
    words = [w.lower() for w in full]
    norms = cues.words("norm_forms")
    if any(w in norms and words[i + 1 : i + 2] != ["быть"] for i, w in enumerate(words)):
        return None  # "Правительство вправе принимать меры:" states a right ("должны быть решены задачи:" a plan)
    # "должно быть направлено на:" without a cue noun is a norm too (checked once no cue noun names the items)
    norm_passive = any(w in norms for w in words)
    if {morph.lemma(word.lower()) for word in found} & cues.words("result_verbs"):
        return None  # "… позволит обеспечить:" introduces results
    nouns, stops = cues.words("intro_nouns"), cues.words("intro_stop_nouns")
    named = _named(before, morph) or _category(full, morph)
    if named in nouns | stops:  # "(далее – направление):", "К полномочиям … относится …:"
        return ("noun", named) if named in nouns else None
    announced = _announced(full, morph, nouns | stops)
    if announced is not None:  # "следующих показателей эффективности от реализации мероприятий"
        return ("noun", announced) if announced in nouns else None
    heads = _antecedent(found, morph, nouns | stops)
    context = full[: len(full) - len(found)]  # words before the window
    genitive: tuple[str, str | None] | None = None
    for index in range(len(heads) - 1, -1, -1):
        word = heads[index]
        parses = [
            p for p in morph.parse(word.lower()) if p.normal_form in nouns | stops and p.tag.POS == "NOUN"
        ]
        if not parses or word.lower() in cues.words("not_cue_forms"):  # "в полной мере", "по мере"
            continue
        if parses[0].normal_form in stops and (
            _governed(context + heads[:index], morph, cues) or _purpose(context + heads[:index], morph)
        ):
            continue  # "в целях управления рисками", "Для минимизации … рисков планируется:" name no items
        # a noun in the nominative, accusative or instrumental names the items ("Задачами
        # являются:", "включает следующие мероприятия:"); "На первом этапе проводится:" does not
        counted = index > 0 and morph.parse(heads[index - 1].lower())[0].tag.POS == "NUMR"  # "в три этапа:"
        naming = counted or any(p.tag.case in NAMING_CASES for p in parses)
        lemma = parses[0].normal_form
        if index >= 2 and heads[index - 1].lower() == "и":  # "Целями и задачами являются:" names goals first
            first = morph.parse(heads[index - 2].lower())[0]
            lemma = first.normal_form if first.normal_form in nouns and first.tag.POS == "NOUN" else lemma
        found_noun = ("stop" if lemma in stops else "noun", lemma if naming else None)
        if all(p.tag.case != "gent" for p in parses):
            return None if found_noun[0] == "stop" else found_noun
        genitive = genitive or found_noun
    if genitive is not None:
        return None if genitive[0] == "stop" else genitive
    if norm_passive:
        return None  # "образование ребенка должно быть направлено на:" states a norm, not a plan
    lemmas = {morph.lemma(word.lower()) for word in found}
    if lemmas & cues.words("intro_stop_verbs") or _duty_verb(found[-1], morph, cues):
        return None  # "Реализация программы позволит:" results, "Администрация осуществляет:" duties
    return ("verb", None) if lemmas & cues.words("intro_verbs") else ("bare", None)


NAMED = re.compile(r"\(\s*далее\s*(?:по\s+тексту\s*)?[-–—]?\s*[«\"]?([А-Яа-яЁё]+)[»\"]?\s*\)\s*$", re.I)


def _named(before: str, morph: Any) -> str | None:
    """The name the intro gives its items right before the colon: "… вопросов местного
    значения (далее - направление):" → направление."""
    match = NAMED.search(before)
    return morph.lemma(match.group(1).lower()) if match else None


def _category(found: list[str], morph: Any) -> str | None:
    """The category of a "К X … относится/относятся …:" sentence, read over the whole
    sentence: the first noun after "к" ("к полномочиям органов … относится …" → полномочие)."""
    lemmas = [morph.lemma(word.lower()) for word in found]
    verb = next((i for i, lemma in enumerate(lemmas) if lemma in word_list("category_verbs")), None)
    start = next((i for i, word in enumerate(found[:verb]) if word.lower() in ("к", "ко")), None)
    if verb is None or start is None:
        return None
    for word in found[start + 1 : verb]:
        parse = morph.parse(word.lower())[0]
        if parse.tag.POS == "NOUN":
            return parse.normal_form
        if parse.tag.POS not in ("ADJF", "PRTF", "NPRO", "ADVB", "CONJ"):
            return None
    return None


def single_announced(before: str, morph: Any, cues: StageCues) -> bool:
    """The intro announces one item: "следующую задачу:", "следующее мероприятие:"."""
    found = WORD.findall(before)
    starts = [i for i, word in enumerate(found) if word.lower().startswith("следующ")]
    if not starts or morph.parse(found[starts[-1]].lower())[0].tag.number != "sing":
        return False
    for word in found[starts[-1] + 1 :]:
        parse = morph.parse(word.lower())[0]
        if parse.tag.POS == "NOUN":
            return parse.normal_form in cues.words("intro_nouns") and parse.tag.number == "sing"
    return False


HEADING_NUMBER = re.compile(
    r"^\s*(?:(?:раздел|глава)\s+)?(?:\d{1,2}(?:\s*\.\s*\d{1,2})*\.?|[IVX]{1,4}\.)\s*", re.I
)


def cue_heading(text: str, morph: Any, cues: StageCues, max_words: int = 14) -> str | None:
    """The cue noun of a heading that names a list of goals, tasks or measures ("Основные
    задачи Подпрограммы" → задача, "Раздел 6. Перечень программных мероприятий" →
    мероприятие): after adjectives its first noun is a nominative cue noun, or
    "перечень"/"система"/"комплекс" of one; no stop noun ("Цели, задачи и показатели" also
    names indicators), no colon, verb or sentence end. ``None`` for any other line."""
    body = HEADING_NUMBER.sub("", text).strip()
    found = WORD.findall(body)
    if not found or len(found) > max_words or ":" in body or re.search(r"[.!?]\s+\S", body):
        return None
    nouns, stops = cues.words("intro_nouns"), cues.words("intro_stop_nouns")
    parses = [morph.parse(word.lower())[0] for word in found]
    if any(p.normal_form in stops for p in parses) or any(p.tag.POS in ("VERB", "INFN") for p in parses):
        return None
    wanted = False  # after a collective noun, its genitive cue noun
    for word, parse in zip(found, parses, strict=True):
        if parse.tag.POS in ("ADJF", "PRTF", "CONJ", "NUMR"):
            continue
        if parse.tag.POS != "NOUN":
            return None
        if parse.normal_form in nouns:  # "Задачи Подпрограммы" (nominative, not "задачи" genitive)
            nominative = any(p.tag.case in ("nomn", "accs") for p in morph.parse(word.lower())[:3])
            return parse.normal_form if wanted or nominative else None
        if wanted or parse.normal_form not in cues.words("collective_nouns"):
            return None
        wanted = True
    return None


def _announced(found: list[str], morph: Any, cue_nouns: frozenset[str]) -> str | None:
    """The cue noun that the last "следующие" of the sentence announces: the first noun
    after it or the genitive noun it governs ("следующих показателей эффективности от
    реализации мероприятий" → показатель, "следующих значений показателей" → показатель)."""
    starts = [i for i, word in enumerate(found) if word.lower().startswith("следующ")]
    if not starts:
        return None
    nouns = []
    for word in found[starts[-1] + 1 :]:
        parse = morph.parse(word.lower())[0]
        if parse.tag.POS == "NOUN":
            nouns.append(parse)
            if parse.normal_form in cue_nouns or len(nouns) == 2:
                break
    return next((p.normal_form for p in nouns if p.normal_form in cue_nouns), None)


def _antecedent(found: list[str], morph: Any, cue_nouns: frozenset[str]) -> list[str]:
    """The words before a subject or object relative clause ("мероприятий, которые
    необходимо провести") when they hold a cue noun: the clause's nouns do not name the
    list ("функциями которого являются" is a possessive clause and is kept)."""
    for index in range(len(found) - 1, 0, -1):
        if found[index].lower() in word_list("relative_pronouns"):
            head = found[:index]
            if any(p.normal_form in cue_nouns for w in head for p in morph.parse(w.lower())[:1]):
                return head
            break
    return found


def _duty_verb(word: str, morph: Any, cues: StageCues) -> bool:
    """A finite imperfective verb other than an intro verb ends the intro: what someone
    does or what something provides ("Администрация осуществляет:", "Платформа обеспечивает:")."""
    parse = morph.parse(word.lower())[0]
    return (
        parse.tag.POS == "VERB"
        and parse.tag.aspect == "impf"
        and parse.tag.tense == "pres"
        and not word.lower().endswith(("ся", "сь"))
        and morph.is_known(word.lower())  # "Программавключает" (glued words) is a guess
        and parse.normal_form not in cues.words("intro_verbs")
    )


def _purpose(before: list[str], morph: Any) -> bool:
    """The words before a noun are a purpose phrase still open: "для"/"в целях" and no verb since."""
    for word in reversed(before):
        lower = word.lower()
        if lower in ("для", "целях"):
            return True
        if morph.parse(lower)[0].tag.POS in ("VERB", "INFN", "PRTS"):
            return False
    return False


def _governed(before: list[str], morph: Any, cues: StageCues) -> bool:
    """The words before a cue noun end with a genitive nominalisation governing it, maybe
    through adjectives ("управления указанными рисками")."""
    for word in reversed(before):
        if is_modifier(word, morph):
            continue
        parse = morph.parse(word.lower())[0]
        return (
            parse.tag.POS == "NOUN" and parse.tag.case == "gent" and is_action(word, morph, cues) is not None
        )
    return False


def _intro_words(before: str, morph: Any, cues: StageCues) -> list[str]:
    """The intro's last words, from a capitalised function word that starts a glued sentence
    ("… Подпрограммы К рискам … отнести") and from "следующие" when present."""
    found = WORD.findall(before)[-int(cues.data["intro_words"]) :]
    for index in range(len(found) - 1, 0, -1):
        word = found[index]
        if word[:1].isupper() and morph.parse(word.lower())[0].tag.POS in ("PREP", "CONJ", "PRCL", "NPRO"):
            found = found[index:]
            break
    for index, word in enumerate(found[:-1]):  # "… стали следующие:" keeps the noun before it
        if word.lower().startswith("следующ"):
            return found[index:]
    return found


def intro_sentence(text: str, colon: int) -> int:
    """Start of the sentence that ends with the colon at ``colon`` (local offsets)."""
    window_start = max(0, colon - INTRO_WINDOW)
    ends = list(re.finditer(r"[.!?;](?=\s+\S)", text[window_start:colon]))
    return window_start + ends[-1].end() if ends else window_start


def list_kind(noun: str | None, intro: str, cues: StageCues) -> str:
    """What a list's items are (``records.STAGE_KINDS``): named by the intro's cue noun
    ("Задачами программы являются:" → task), a procedure list by its intro ("включает
    следующие административные процедуры:"), else measures."""
    if any(pattern.search(intro) for pattern in compiled(cues, "procedure_patterns")):
        return "procedure"
    for kind, nouns in cues.data["list_kinds"].items():
        if noun in nouns:
            return str(kind)
    return "measure"
