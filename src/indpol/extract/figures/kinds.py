"""What kind of figure a number is: masks for non-figures, ranges, units, counted nouns, rates.

``classify_all(ctx, numbers)`` turns the numbers of a passage into :class:`FigureSpan` s with kind,
value, unit and scale (kind ``None`` for a bare number that may still join an enumeration).
"""

from __future__ import annotations

import re

from indpol.extract.figures.context import Context
from indpol.extract.figures.enumerations import FigureSpan, is_from_number, subset_cue
from indpol.extract.figures.nouns import NOUN_TAGS, agrees, counted_noun, has_pos, noun_phrase_after
from indpol.extract.grammars.numbers import NumberSpan, find_numbers

# regions whose digits are never figures: dates, codes, act numbers, phones, e-mails, links, outline numbers
MASKS = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    r"|(?:№|\bN[o°]?|\bномер)\s*[\w./-]*\d[\w./-]*(?:\s*[-/]\s*\d[\w.]*)*"
    r"|\d+\s*-\s*(?-i:[А-ЯA-Z]{1,4})\b"
    r"|\d+(?:\s*/\s*\d+)+"
    r"|(?:\+7|\b8)\s*\(\d{3,5}\)\s*[\d -]{5,}|\(\d{3,5}\)\s*\d[\d -]{4,}"
    r"|\S+@\S+|https?://\S+|www\.\S+"
    r"|(?<![\d\s\u00a0,.])\d{9,}(?![\d,.])|(?<![\d,.])\d{9,}(?=\s+[А-ЯЁA-Z])"
    r"|(?<![\d,.])\d{1,2}\.\d{1,2}\.?(?=\s+(?-i:[А-ЯЁ«]))"
    r"|(?m:^[ \t]*\d+(?:\s?\.\s?\d+)+\s?\.?(?=\s))"
    r"|(?m:^[ \t]*\d{1,3}\s?[.)](?=\s|$))"
    r"|(?<![(\d,.])\b\d{1,3}\s?\)"
    r"|(?<![\d,.])\b\d{1,3}\s?\.(?=\s+(?-i:[А-ЯЁA-Z«]))"
    r"|\b\d+\s?-\s?(?:й|го|му|м|ом|я|ая|ое|ые|ых|х|е|ий|ый)\b"
    r"|\b\d+(?:й|го|му|ом|я|ая|ое|ые|ых|х|ий|ый)\b"
    r"|\b(?:3|6|9|12)\s?(?-i:[МM])(?=\s*(?:19|20)\d\d\b)",  # "12М 2023": twelve months of 2023, a period
    re.I,
)
VALUE_CUES = ("–", "-", "—", ":", "=")
VALUE_VERBS = {"составить", "составлять", "достигнуть", "достичь", "равняться", "достигать"}
YEAR_RE = re.compile(r"(19|20)\d\d")
YEAR_LABEL = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:г\.?|год)?\s*[-–—:]\s*$")  # "2015- 45,0 тыс. рублей"


def classify_all(ctx: Context, numbers: list[NumberSpan]) -> list[FigureSpan]:
    """Each number of a passage as a FigureSpan (ranges joined); labels and non-figures dropped."""
    out: list[FigureSpan] = []
    skip_until = -1
    for i, number in enumerate(numbers):
        if number.start < skip_until or _is_label(ctx, number):
            continue
        partner = _range_partner(ctx, number, numbers[i + 1] if i + 1 < len(numbers) else None)
        last = partner or number
        item = _classify(ctx, number, last)
        if partner is not None:
            skip_until = partner.end
            if item is None:
                continue
            low, high = sorted((item.value, partner.value * item.scale))
            item.value, item.value_max = low, high
        if item is not None:
            out.append(item)
    return out


def merge_compound(ctx: Context, items: list[FigureSpan]) -> list[FigureSpan]:
    """ "3 млн. 91 тысяча рублей", "5 млрд 200 млн рублей": one amount written with two scale words."""
    out: list[FigureSpan] = []
    for item in items:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind is None
            and previous.scale > item.scale
            and item.kind in ("money", "quantity")
            and item.value_max is None
            and not ctx.text[previous.end : item.start].strip()
        ):
            item.start, item.first = previous.start, previous.first
            item.value += previous.value
            item.tokens |= previous.tokens
            out[-1] = item
            continue
        if out and item.start < out[-1].end:
            continue  # the kopecks of the amount before
        out.append(item)
        _kopecks(ctx, item)
    return out


KOPECKS = re.compile(r"\s*(\d{1,2})\s*коп(?:еек|ейки|ейка|ейку|\.|\b)", re.I)


def _kopecks(ctx: Context, item: FigureSpan) -> None:
    """ "11 руб. 01 коп." is 11.01 RUB: the kopecks join the amount."""
    if item.unit != "RUB" or item.scale != 1.0 or item.value_max is not None:
        return
    found = KOPECKS.match(ctx.text, item.end)
    if found:
        item.value += int(found.group(1)) / 100
        item.end = found.end()
        item.tokens |= set(range(max(item.tokens, default=item.first) + 1, ctx.index_at(item.end)))


def _is_label(ctx: Context, number: NumberSpan) -> bool:
    """ "ст. 5", "№ 302", "п . 3", "Подпрограмма 1": a number naming something.

    After a full noun, a number with a unit of measure is a figure ("ширина проезжей части 4-10 м").
    """
    i = ctx.index_at(number.start)
    j = i - 1
    if j >= 0 and ctx.tokens[j].text == ".":
        j -= 1
    if j < 0:
        return False
    before = ctx.tokens[j]
    if before.low == "ч" and j >= 2 and ctx.tokens[j - 2].low == "т":
        return False  # "в т.ч. 1381 детей": "в том числе", not "часть"
    if before.low in ctx.vocab.label_words:
        return True
    if not (before.is_word and len(before.text) > 3 and ctx.lemma(before) in ctx.vocab.label_words):
        return False
    k = ctx.index_at(number.end)
    if k + 1 < len(ctx.tokens) and ctx.tokens[k].text in "-–—" and ctx.tokens[k + 1].text.isdigit():
        k = ctx.index_at(ctx.tokens[k + 1].end)  # "4-10 м"
    return _unit_after(ctx, k)[0] not in ("money", "percent", "quantity", "pp")


def _range_partner(ctx: Context, number: NumberSpan, following: NumberSpan | None) -> NumberSpan | None:
    """The upper bound of "5–10 %", "от 5 до 10 %", "2-3 раза" (None when not a range)."""
    if following is None or following.words != number.words:
        return None
    gap = ctx.text[number.end : following.start]
    if _year_like(number) != _year_like(following):
        return None
    if re.fullmatch(r"\s*[-–—‑]\s*", gap) and _ordered_or_alike(number, following):
        return following
    i = ctx.index_at(number.start)
    between = re.fullmatch(r"\s*(?:(\S+)\s+)?до\s+", gap)
    if between and i > 0 and ctx.tokens[i - 1].low == "от":
        unit = between.group(1)  # "от 40 % до 80 %": the same unit twice
        same = unit is None or re.match(rf"\s*{re.escape(unit)}(?!\w)", ctx.text[following.end :])
        return following if same else None
    return None


def _ordered_or_alike(low: NumberSpan, high: NumberSpan) -> bool:
    """ "5–10", or a descending pair of the same magnitude ("6312,5-6252,98" from a two-scenario forecast)."""
    if low.value <= high.value:
        return True
    return high.value > 0 and len(str(int(low.value))) == len(str(int(high.value)))


def _classify(ctx: Context, number: NumberSpan, last: NumberSpan) -> FigureSpan | None:
    """Kind, unit and scale from the words after ``last`` (and a currency sign before ``number``)."""
    first, number_end = ctx.index_at(number.start), ctx.index_at(last.end)
    kind, unit, scale, after = _unit_after(ctx, number_end)
    start = number.start
    prefix = ctx.match_before(first, ctx.vocab.currency_prefixes)
    if prefix and kind in (None, "money"):
        kind, unit, start = "money", prefix[0], ctx.tokens[prefix[1]].start
    if kind is None:
        kind, unit, after = _noun_or_rate(ctx, number, last, after, scale)
    trailing, after = _trailing(ctx, after, after) if kind is not None else (None, after)  # "80 % и более"
    if _not_a_figure(ctx, number, last, kind, unit, scale, first, after):
        return None
    sign = -1.0 if _negative(ctx, number, first) else 1.0
    end = ctx.tokens[after - 1].end if after > number_end else last.end
    item = FigureSpan(start=start - (sign < 0), end=end, kind=kind, value=sign * number.value * scale, unit=unit,
                      scale=scale, first=first)  # fmt: skip
    item.tokens, item.trailing = set(range(first, after)), trailing
    item.value_like = kind is None and not number.words and _value_like(ctx, number, first, after)
    if kind is None and number.words:
        item.value_like = subset_cue(ctx, first, after)
    return item


UNIT_KINDS = ("pp", "percent", "money", "ratio", "permille", "quantity")


def _unit_after(ctx: Context, after: int) -> tuple[str | None, str | None, float, int]:
    """(kind, unit, scale, index after) for the words at token ``after``: "тыс. рублей", "%", "га"."""
    if (
        after + 1 < len(ctx.tokens)
        and ctx.tokens[after].text in "-–"
        and ctx.match(after + 1, ctx.vocab.scales)
    ):
        after += 1  # "0,00 - тыс. руб."
    short = ctx.match(after, ctx.vocab.thousand_money)
    if short:  # "1 600 т. р.": thousands of roubles, not tonnes
        return "money", short[0], 1000.0, short[1]
    scale = 1.0
    found = ctx.match(after, ctx.vocab.scales)
    if found:
        scale, after = found
    forms = {"pp": ctx.vocab.points, "percent": ctx.vocab.percent, "money": ctx.vocab.currencies,
             "ratio": ctx.vocab.ratio, "permille": ctx.vocab.permille, "quantity": ctx.vocab.units}  # fmt: skip
    for name in UNIT_KINDS:
        hit = ctx.match(after, forms[name])
        if hit:
            kind = "ratio" if name == "permille" else name
            unit, after = hit
            per = _per_unit(ctx, after) if name in ("money", "quantity") else None
            return kind, f"{unit}/{per[0]}" if per else unit, scale, per[1] if per else after
    return None, None, scale, after


def _per_unit(ctx: Context, index: int) -> tuple[str, int] | None:
    """The base of a price or rate after its unit: "руб./т", "ц/га", "долларов за баррель"."""
    if _slash(ctx, index):
        return ctx.match(index + 1, ctx.vocab.units)
    if index + 1 < len(ctx.tokens) and ctx.tokens[index].low == "за":
        j = index + 2 if ctx.tokens[index + 1].text == "1" else index + 1
        per = ctx.match(j, ctx.vocab.units)
        if per is not None and per[0] not in ctx.vocab.durations and per[0] != "человек":
            return per  # not "5 млн рублей за год": a total over a period
    if (
        index + 2 < len(ctx.tokens)
        and ctx.tokens[index].low in ("с", "на")
        and ctx.tokens[index + 1].text == "1"
    ):
        per = ctx.match(index + 2, ctx.vocab.units)  # "18,7 ц с 1 га", "99,3 км на 1 кв. км площади"
        if per is not None and per[0] not in ctx.vocab.durations and per[0] != "человек":
            base = noun_phrase_after(ctx, per[1], case="gent")
            return (per[0], base[1]) if base is not None else per
    return None


def _slash(ctx: Context, index: int) -> bool:
    return (
        index < len(ctx.tokens)
        and ctx.tokens[index].text == "/"
        and ctx.tokens[index].start - ctx.tokens[index - 1].end <= 1
    )


TRAILING = {"более": "min", "больше": "min", "свыше": "min", "выше": "min", "менее": "max", "меньше": "max",
            "ниже": "max"}  # fmt: skip


def _trailing(ctx: Context, index: int, default: int) -> tuple[str | None, int]:
    """ "… и более", "… и менее" right after a number or its unit: (approx, index after), else (None, ``default``)."""
    words = [t.low for t in ctx.tokens[index : index + 3]]
    if (
        len(words) >= 2
        and words[0] == "и"
        and words[1] in TRAILING
        and not (len(words) == 3 and words[2].isdigit())
    ):
        return TRAILING[words[1]], index + 2  # not "менее 5 % и более 95 %"
    return None, default


def _noun_or_rate(
    ctx: Context, number: NumberSpan, last: NumberSpan, after: int, scale: float = 1.0
) -> tuple[str | None, str | None, int]:
    """A counted noun ("28 союзных программ", "4,2 тыс. голов"), a decimal with a noun ("87,3 койки") or a
    rate ("15,1 на 1000")."""
    value = number.value * scale
    noun = counted_noun(ctx, after, value)
    if noun is not None and "\n" in ctx.text[last.end : ctx.tokens[noun[1] - 1].start]:
        noun = None
    if noun is not None:
        return ("quantity" if value != int(value) else "count"), noun[0], noun[1]
    base = rate_base(ctx, after) if scale == 1.0 else None
    if base is not None:
        return "ratio", f"на {base:g} человек", after
    return None, None, after


def rate_base(ctx: Context, index: int) -> float | None:
    """The base N of "на N тыс. населения" starting at token ``index`` (``None`` if none)."""
    if (
        index + 1 >= len(ctx.tokens)
        or ctx.tokens[index].low != "на"
        or not ctx.tokens[index + 1].text.isdigit()
    ):
        return None
    numbers = find_numbers(ctx.text[ctx.tokens[index + 1].start :])
    if not numbers or numbers[0].start != 0:
        return None
    after = ctx.index_at(ctx.tokens[index + 1].start + numbers[0].end)
    kind, unit, scale, after = _unit_after(ctx, after)
    noun = ctx.tokens[after] if after < len(ctx.tokens) and kind is None else None
    per_person = kind == "quantity" and unit == "человек"
    if not per_person and (noun is None or ctx.lemma(noun) not in ctx.vocab.rate_bases):
        return None
    return numbers[0].value * scale


def _not_a_figure(ctx: Context, number: NumberSpan, last: NumberSpan, kind: str | None, unit: str | None,
                  scale: float, first: int, after: int) -> bool:  # fmt: skip
    """Years ("2016 году", "с 2008 т года"), time windows ("за 5 лет") and ages ("в возрасте 80 лет")."""
    if (
        kind in (None, "count")
        and _looks_like_year(number, last, scale)
        and not _plural_count(ctx, kind, after)
    ):
        return True
    if _year_like(number) and any(ctx.lemma(t) == "год" for t in ctx.tokens[after : after + 2]):
        return True
    if kind == "quantity" and not number.decimal and not _unit_agrees(ctx, number, after):
        return True  # "занимает 5 место": a rank, not 5 places
    if kind == "quantity" and unit in ctx.vocab.durations:
        return _time_window(ctx, number, last, first, after)
    return False


def _time_window(ctx: Context, number: NumberSpan, last: NumberSpan, first: int, after: int) -> bool:
    """ "за 5 лет", "раз в 3 года", "рассчитана на 6 лет", "на срок до 7 лет", "детей от 3 до 7 лет"."""
    if _looks_like_year(number, last, 1.0):
        return True
    start = range_start(ctx, first)
    before = [t.low for t in ctx.tokens[max(0, start - 2) : start]]
    if before[-2:] == ["раз", "в"]:
        return True  # a frequency
    if start > 0 and ctx.lemma(ctx.tokens[start - 1]) in ctx.vocab.duration_windows:
        return True
    found = ctx.match_before(start, ctx.vocab.approx)
    start = found[1] if found else start  # "детей до 3 лет", "старше 60 лет", "на срок до 7 лет"
    if (
        start >= 3
        and ctx.lemma(ctx.tokens[start - 1]) in ctx.vocab.durations
        and ctx.tokens[start - 2].text.isdigit()
    ):
        start -= 1  # "детей от 1 года до 16 лет"
    if start >= 2 and ctx.tokens[start - 1].text.isdigit() and ctx.tokens[start - 2].low in ("с", "со", "от"):
        start -= 2  # "в возрасте с 14 до 17 лет"
        if start > 0 and ctx.lemma(ctx.tokens[start - 1]) in ctx.vocab.duration_windows:
            return True
    if start == 0:
        return False
    word = ctx.tokens[start - 1]
    if {word.low, ctx.lemma(word)} & ctx.vocab.age_holders or _loan_term(ctx, start - 1):
        return True
    if word.low != "на" or (after < len(ctx.tokens) and ctx.tokens[after].low in ctx.vocab.comparatives):
        return False
    # "на 6 лет" is a term unless a change word stands before: "увеличилась на 3,35 года"
    return not any(ctx.lemma(t) in ctx.vocab.change for t in ctx.tokens[max(0, start - 5) : start - 1])


def _loan_term(ctx: Context, index: int) -> bool:
    """ "на срок до 7 лет", "сроком более пяти лет": the term of a loan or contract (not "в срок не более 3 дней")."""
    word = ctx.tokens[index]
    return ctx.lemma(word) == "срок" and (
        word.low == "сроком" or (index > 0 and ctx.tokens[index - 1].low == "на")
    )


def _unit_agrees(ctx: Context, number: NumberSpan, after: int) -> bool:
    """A unit written as a full noun agrees with its (whole) number."""
    head = ctx.tokens[after - 1] if after > 0 else None
    if head is None or not head.is_word or len(head.text) < 4 or not has_pos(ctx, head, NOUN_TAGS):
        return True
    tag = ctx.tag(head)
    rank_form = tag is not None and "sing" in tag and tag.case in ("nomn", "accs")
    return not rank_form or agrees(ctx, head, number.value)  # "1537 человека" is a slip, "5 место" a rank


def _plural_count(ctx: Context, kind: str | None, after: int) -> bool:
    """ "1990 воспитанников": a year-like number before a lower-case genitive plural noun is a count."""
    if kind != "count" or after == 0:
        return False
    head = ctx.tokens[after - 1]
    tag = ctx.tag(head)
    return head.text.islower() and tag is not None and "plur" in tag and "gent" in tag


def _negative(ctx: Context, number: NumberSpan, first: int) -> bool:
    """A minus sign glued to the number after "(", "=" or a value verb: "(-38 человек)", "составила -4,6"."""
    if number.start == 0 or ctx.text[number.start - 1] not in "-−":
        return False
    dash = first - 1
    before = ctx.tokens[dash - 1] if dash > 0 else None
    return before is not None and (before.text in ("(", "=") or ctx.lemma(before) in VALUE_VERBS)


def _year_like(number: NumberSpan) -> bool:
    return not number.decimal and not number.grouped and 1900 <= number.value <= 2100


def _looks_like_year(number: NumberSpan, last: NumberSpan, scale: float) -> bool:
    plain = not number.decimal and not number.grouped and scale == 1.0
    return plain and 1900 <= number.value <= 2100 and 1900 <= last.value <= 2100


def _value_like(ctx: Context, number: NumberSpan, first: int, after: int) -> bool:
    if number.decimal or number.grouped or subset_cue(ctx, first, after) or is_from_number(ctx, first, after):
        return True
    before = ctx.tokens[first - 1] if first > 0 else None
    return before is not None and (
        before.text in VALUE_CUES or ctx.lemma(before) in VALUE_VERBS or before.low == "против"
    )


def range_start(ctx: Context, first: int) -> int:
    """The token where a figure's wording starts: "от" of "от 5 до 10 %", else the number."""
    return first - 1 if first > 0 and ctx.tokens[first - 1].low == "от" else first
