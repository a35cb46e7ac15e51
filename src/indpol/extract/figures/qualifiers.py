"""What narrows an indicator found in the figure's sentence, kept as written.

- a participial clause after a generic head: "доля граждан, систематически занимающихся физической культурой
  и спортом, составит 55 %" → "доля граждан, систематически занимающихся физической культурой и спортом";
- the name of a programme or project after its head: "на реализацию подпрограммы 2 «Развитие малого
  предпринимательства» предусмотрено …" → "реализация подпрограммы 2 «Развитие малого предпринимательства»";
- a share stated as "X % приходится на Y" (in the structure of Z): "в структуре отгруженной продукции 61,7 %
  приходится на производство пищевых продуктов" → "доля производства пищевых продуктов в структуре
  отгруженной продукции".
"""

from __future__ import annotations

import re

from indpol.extract.figures.context import Context
from indpol.extract.figures.enumerations import FigureSpan

NAMED_HEADS = frozenset({"программа", "подпрограмма", "проект", "мероприятие", "направление"})
SHARE_VERB = re.compile(r"^\s*(?:приходи(?:тся|лось|лся|лась|ться)|приходятся)\s+на\s+", re.I)
STRUCTURE = re.compile(r"(?i)\bв\s+(?:структуре|общем\s+объеме|общей\s+численности|общем\s+количестве)\s+")
# a per-capita base narrows a measure: "площадь жилых помещений в среднем на одного жителя"
PER_CAPITA = re.compile(
    r"(?:в\s+среднем\s+)?(?:в\s+расчете\s+)?на\s+(?:одного|одну|1|100|1\s?000|10\s?000|100\s?000)\s+"
    r"(?:жител[а-я]*|человек[а-я]*|душу\s+населения|ребен[а-я]*|детей|работающ[а-я]*|занят[а-я]*|пенсионер[а-я]*)",
    re.I,
)
NAME_AFTER = re.compile(r"^\s*(?:№\s*)?(?:\d+(?:\.\d+)*\s*)?[«\"][^»\"]{3,150}[»\"]")


def qualify(ctx: Context, item: FigureSpan, sentence: tuple[int, int]) -> str | None:
    """The figure's indicator with what narrows it (see the module's docstring), or None to keep it."""
    share = _share_of(ctx, item, sentence)
    if share:
        return share
    if not item.indicator:
        return None
    fuller = _fuller_before(ctx, item, sentence)
    if fuller:
        return fuller
    end = _phrase_end(ctx, item, sentence)
    if end is None:
        return None
    head = ctx.word_lemma(item.indicator.split()[-1].lower())
    name = NAME_AFTER.match(ctx.text[end : item.start])
    if name and head in NAMED_HEADS:
        return item.indicator + ctx.text[end : end + name.end()].rstrip()
    per = PER_CAPITA.search(ctx.text[end : item.start]) or PER_CAPITA.match(
        ctx.text[item.end : item.end + 60].lstrip()
    )
    if per and per.group(0).lower() not in item.indicator.lower():
        return f"{item.indicator} {' '.join(per.group(0).split())}"
    first = ctx.word_lemma(item.indicator.split()[0].lower())
    if first in ctx.vocab.generic_heads | ctx.vocab.measures:
        clause = _participle_clause(ctx, end, item.start)
        if clause:
            return item.indicator + clause
    return None


def _fuller_before(ctx: Context, item: FigureSpan, sentence: tuple[int, int]) -> str | None:
    """A short indicator named in full in an earlier sentence of the passage: "Инвестиции в основной капитал …
    снизились. В 2008 году инвестиции составили 1732,3 млн руб." → "инвестиции в основной капитал"."""
    from indpol.extract.figures.subjects import subject_phrase  # a cycle at import time otherwise

    words = item.indicator.split()
    if len(words) > 2 or sentence[0] == 0:
        return None
    head = ctx.word_lemma(words[-1].lower())
    best = None
    for index, token in enumerate(ctx.tokens):
        if token.start >= sentence[0]:
            break
        if token.is_word and ctx.lemma(token) == head and index not in ctx.names:
            phrase = subject_phrase(ctx, index, 0)
            if phrase and len(phrase.split()) > len(words) and _extends(ctx, phrase, item.indicator):
                best = phrase
    return best


def _extends(ctx: Context, phrase: str, short: str) -> bool:
    """Every word of ``short`` is in ``phrase`` (by lemma)."""
    lemmas = {ctx.word_lemma(w.lower()) for w in phrase.split()}
    return all(ctx.word_lemma(w.lower()) in lemmas for w in short.split())


def _phrase_end(ctx: Context, item: FigureSpan, sentence: tuple[int, int]) -> int | None:
    """Where the indicator's last word stands in the sentence before the figure (its last occurrence)."""
    last = ctx.word_lemma(item.indicator.split()[-1].lower().strip('»"'))
    found = None
    for token in ctx.tokens:
        if token.start < sentence[0] or token.end > item.start:
            continue
        if token.is_word and ctx.lemma(token) == last:
            found = token.end
    return found


def _participle_clause(ctx: Context, end: int, limit: int) -> str | None:
    """ ", систематически занимающихся физической культурой и спортом" right after ``end``, closed by a comma
    before the figure."""
    text = ctx.text[end:limit]
    match = re.match(r"\s*,\s*", text)
    if not match:
        return None
    close = text.find(",", match.end())
    if close < 0:
        return None
    words = re.findall(r"[А-Яа-яЁё-]+", text[match.end() : close])
    if not 1 <= len(words) <= 10:
        return None
    for word in words[:2]:  # an adverb may come first: "систематически занимающихся"
        if any(parse.tag.POS == "PRTF" for parse in ctx.morph.parse(word.lower())[:2]):
            return text[:close].rstrip()
        if not any(parse.tag.POS == "ADVB" for parse in ctx.morph.parse(word.lower())[:1]):
            return None
    return None


def _share_of(ctx: Context, item: FigureSpan, sentence: tuple[int, int]) -> str | None:
    """ "61,7 % приходится на производство пищевых продуктов" → "доля производства пищевых продуктов" (in what)."""
    if item.kind != "percent":
        return None
    after = ctx.text[item.end : sentence[1]]
    verb = SHARE_VERB.match(after)
    if not verb:
        return None
    rest = after[verb.end() :]
    object_text = re.split(r"[,.;:(]|\s+(?:и|а|что|при)\s+", rest, maxsplit=1)[0].strip()
    if not object_text or len(object_text.split()) > 8:
        return None
    share = "доля " + _genitive(ctx, object_text)
    before = ctx.text[sentence[0] : item.start]
    whole = STRUCTURE.search(before)
    if whole:  # "в структуре отгруженной продукции обрабатывающих производств"
        share += (
            " "
            + before[whole.start() :].strip(" ,–—-")[0].lower()
            + before[whole.start() :].strip(" ,–—-")[1:]
        )
    return share


RELATION_ONLY = re.compile(
    r"(?:темп\s+(?:прироста|роста|снижения)|прирост|рост|снижение|увеличение|уменьшение)"
)


def relate(ctx: Context, items: list[FigureSpan]) -> None:
    """A figure labelled by a relation alone speaks of the figure before it: "Уровень безработицы … составил 2,1 %
    (темп прироста - 425 %)" → "темп прироста уровня безработицы"."""
    for index, item in enumerate(items):
        if not item.indicator or not RELATION_ONLY.fullmatch(item.indicator):
            continue
        before = [o for o in items[:index] if o.indicator and not RELATION_ONLY.fullmatch(o.indicator)
                  and item.start - o.end < 300 and "\n\n" not in ctx.text[o.end : item.start]]  # fmt: skip
        if before:
            item.indicator = f"{item.indicator} {_genitive(ctx, before[-1].indicator)}"


def _genitive(ctx: Context, phrase: str) -> str:
    """The phrase with its words up to the first noun in the genitive ("производство пищевых продуктов" →
    "производства пищевых продуктов", "обрабатывающие производства" → "обрабатывающих производств")."""
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        parse = ctx.morph.parse(word.lower())[0]
        form = (
            parse.inflect({"gent", parse.tag.number or "sing"})
            if parse.tag.POS in ("NOUN", "ADJF", "PRTF")
            else None
        )
        out.append(form.word if form else word)
        if parse.tag.POS == "NOUN":
            return " ".join(out + words[i + 1 :])
    return phrase
