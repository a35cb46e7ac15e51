"""The figures step: figures of a document's prose passages and table rows, with provenance."""

from __future__ import annotations

import re
from typing import Any

from indpol.extract.figures.context import load_vocab
from indpol.extract.figures.enumerations import DateTuple, next_carry
from indpol.extract.figures.pairs import FUNDING_SOURCE
from indpol.extract.figures.prose import extract_figures
from indpol.extract.figures.tables import BREAKDOWN, CAPTION_LABEL, TableFrame, table_figures, table_frame
from indpol.extract.figures.totals import CONTINUATION, Breakdowns, Links, table_links
from indpol.extract.grammars.dates import parse_dates
from indpol.records import Figure, make_id
from indpol.text.tokens import fold


def figures_step(doc: Any, models: Any, config: Any) -> None:
    """Fill ``doc.figures`` from the Russian, non-reference passages (prose and table rows), totals and their
    parts marked (:mod:`indpol.extract.figures.totals`)."""
    morph, vocab = models.morph, load_vocab()
    tables = {table.table_id: table for table in doc.tables}
    dates_by_passage = _passage_dates(doc)
    names_by_passage = _passage_names(doc)
    figures, carry, breakdowns = [], None, Breakdowns()
    cells: dict[str, list[tuple[int, Any, dict[str, Any]]]] = {}  # table id → its figures (index, span, info)
    frames: dict[str, TableFrame] = {}
    titles: dict[str, list[str]] = {}
    lines: list[str] = []  # the short lines since the last long paragraph: a table's title when one follows
    lead: tuple[str, str | None] | None = None  # what the lines under a lead ending with ":" measure
    described: str | None = None  # the last sentence that refers to a table ("… приведены в таблице 4.1")
    for passage in doc.passages:
        table = tables.get(passage.table_id) if passage.kind == "table_row" else None
        # the lines above a table are its title, also when its first passage gives no frame
        if table is not None:
            titles.setdefault(table.table_id, lines)
        lines = [] if table is not None else _title_lines(lines, passage)
        described = (
            described if table is not None or not TABLE_REFERENCE.search(passage.text) else passage.text
        )
        # a table row is in its document's language ("10 X5 Group | 530,0 | 484,2" reads as English alone)
        language = doc.language if table is not None and passage.row is not None else passage.language
        if language != "ru" or passage.role == "references":
            carry = None
            breakdowns.close()
            continue
        if table is not None and passage.row is not None:
            if table.table_id not in frames:
                frames[table.table_id] = table_frame(table, morph, vocab, titles[table.table_id], described)
                described = None
            frame = frames[table.table_id]
            found, carry = table_figures(passage.text, table, passage.row, morph, vocab, frame), None
            breakdowns.close()
            cells.setdefault(table.table_id, []).extend(
                (len(figures) + i, item, info) for i, (item, info) in enumerate(found)
            )
        else:
            dates = dates_by_passage.get(passage.passage_id)
            names = names_by_passage.get(passage.passage_id)
            spans = extract_figures(passage.text, morph, dates, vocab, carry, names)
            _list_parts(passage.text, spans, carry, morph, vocab)
            lead = _lead(lead, passage, spans, carry)
            for item in spans if lead and passage.kind != "heading" else ():
                if item.indicator is None or (
                    lead[1] and item.indicator.startswith(lead[1])
                ):  # a source over "2014 год – …"
                    item.indicator, item.source = lead[0], "heading"
            carry = None if passage.kind == "heading" else next_carry(carry, passage.text, spans)
            breakdowns.passage(passage.text, passage.kind, spans, len(figures))
            found = [(item, None) for item in spans]
        for item, info in found:
            prov = doc.provenance(passage, item.start, item.end)
            figures.append(Figure(
                **prov, kind=item.kind or "quantity", value=item.value, value_max=item.value_max, unit=item.unit,
                approx=item.approx, change=item.change, indicator=item.indicator,
                indicator_source=item.source if item.indicator else None, period_start=item.period_start,
                period_end=item.period_end, table=info,
                figure_id=make_id(doc.doc_id, "figure", prov["start"], prov["end"], item.value),
            ))  # fmt: skip
    breakdowns.close()
    links, totals = breakdowns.links, set(breakdowns.links.values())
    for table_cells in cells.values():
        table_parts, table_totals = table_links(table_cells)
        links.update(table_parts)
        totals |= table_totals
    doc.figures = sorted(_with_totals(figures, links, totals), key=lambda f: (f.start, f.end, f.kind))


LIST_LABEL = re.compile(
    r"^\s*(?:[-–—•*]|\d{1,2}[.)])?\s*(?P<label>[а-яё][^–—:\d]{2,80}?)\s*(?:[-–—:]\s*)?(?:около|более|свыше|до)?\s*$"
)


def _list_parts(text: str, spans: list[Any], carry: Any, morph: Any, vocab: Any) -> None:
    """Lines of a list under a measured total name parts of its measure ("Протяженность дорог … составляет 343,9 км:"
    / "- гравийных дорог – 157,9 км" → "протяженность гравийных дорог"; "- с капитальным типом покрытия – 175 км" →
    "протяженность дорог … с капитальным типом покрытия")."""
    if not spans or carry is None or not CONTINUATION.match(text):
        return
    total = next((o for o in reversed(carry.items) if o.indicator), None)
    if total is None or total.kind not in ("quantity", "money") or not total.indicator:
        return
    measure = total.indicator.split()[0]
    if fold(morph.lemma(measure)) not in vocab.measures | vocab.generic_heads | vocab.table_measures:
        return
    for item in spans:
        label = LIST_LABEL.match(text[: item.start])
        if item.unit != total.unit or label is None:
            continue
        words = label.group("label").split()
        parse = morph.parse(words[0])[0]
        if words[0] in vocab.prepositions:
            item.indicator, item.source = f"{total.indicator} {label.group('label')}", "heading"
        elif "gent" in parse.tag and parse.tag.POS in ("ADJF", "NOUN", "PRTF"):
            item.indicator, item.source = f"{measure} {label.group('label')}", "heading"


def _lead(lead: Any, passage: Any, spans: list[Any], carry: Any) -> tuple[str, str | None] | None:
    """The indicator a lead line gives the lines under it, and the total's indicator it replaces: a short
    passage without figures ending with ":" ("Объем финансирования программы по годам:"; a funding source
    under a total: "за счет средств федерального бюджета:" → the total's indicator with the source); kept
    over continuation lines, dropped at anything else."""
    text = passage.text.strip()
    if not spans and text.endswith(":") and len(text.split()) <= 12:
        phrase = re.sub(r"^\s*(?:[-–—•*]|\d{1,2}[.)])\s*", "", text[:-1]).strip()
        phrase = re.sub(r"^(?:в\s+том\s+числе|в\s+т\.\s?ч\.|из\s+них)\s*[:,]?\s*", "", phrase, flags=re.I)
        total = next((o.indicator for o in reversed(carry.items) if o.indicator), None) if carry else None
        total = lead[1] if lead and lead[1] else total  # the next source under the same total
        if FUNDING_SOURCE.fullmatch(phrase) and total:
            return f"{total} {phrase}", total
        phrase = BREAKDOWN.sub("", phrase)
        if not re.search(r"[а-яё]", phrase) or re.search(r"\d", phrase):
            return None
        return (phrase[0].lower() + phrase[1:] if not phrase[:2].isupper() else phrase), None
    return lead if lead and CONTINUATION.match(text) and len(text) <= 300 else None


# a full stop between sentences, not after a scale or unit ("…, тыс. ДФЭ", "млн. руб.")
SENTENCE_BREAK = re.compile(
    r"(?<!\bтыс)(?<!\bмлн)(?<!\bмлрд)(?<!\bруб)(?<!\bкв)(?<!\bкуб)(?<!\bг)(?<!\bгг)[.!?]\s+[А-ЯЁA-Z]"
)
TABLE_REFERENCE = re.compile(
    r"(?i)\b(?:в|из|по)\s+(?:таблиц[еыу]|табл\.)\s*(?:N|№)?\s*\d|\(\s*(?:таблица|табл\.)\s*\d"
)
# "4 КВ. 2024 12M 2024": a table's period header read as a heading (caps), not a title of its own
PERIOD_LABELS = re.compile(
    r"(?i)(?:\s*(?:\d{1,4}|\d{1,2}[мm]|кв\.?|квартал|мес\.?|г\.?|гг\.?|год|[–—-]))+\s*"
)
ANNEX_LINE = re.compile(
    r"(?i)^\s*(?:приложение|утвержден[аоы]?|к\s+(?:постановлению|приказу|решению|программе))\b"
)


def _title_lines(lines: list[str], passage: Any) -> list[str]:
    """The last three short lines before a table ("Таблица 2", its title, "(тыс. рублей)"); a paragraph of
    several sentences or one that introduces a list (":") breaks the chain."""
    text = passage.text.strip()
    if len(text) > 200 or SENTENCE_BREAK.search(text) or text.endswith(":"):
        return []
    if (text.endswith(".") and len(text.split()) > 8) or TABLE_REFERENCE.search(text):
        return []  # a sentence about the table ("… указанными в таблице N 1."), not its title
    if ANNEX_LINE.match(text):
        return (
            lines  # "Приложение № 7 к Территориальной программе": where the table belongs, not what it holds
        )
    if passage.kind == "heading" and not CAPTION_LABEL.match(text) and not PERIOD_LABELS.fullmatch(text):
        return [text]  # a heading starts the title: the lines before it (a chart's legend) belong elsewhere
    return [*lines, text][-3:]


def _with_totals(figures: list[Figure], links: Links, totals: set[int]) -> list[Figure]:
    """The figures with ``is_total`` and ``part_of`` set (``links``: part index → total index)."""
    return [
        figure.replace(is_total=i in totals, part_of=figures[links[i]].figure_id if i in links else None)
        if i in totals or i in links
        else figure
        for i, figure in enumerate(figures)
    ]


def _passage_names(doc: Any) -> dict[str, list[tuple[int, int]]]:
    """LOC/ORG/PER entity spans per passage (local offsets): never an indicator's head."""
    starts = {passage.passage_id: passage.start for passage in doc.passages}
    out: dict[str, list[tuple[int, int]]] = {}
    for entity in doc.entities:
        if entity.label in ("LOC", "ORG", "PER") and entity.passage_id in starts:
            offset = starts[entity.passage_id]
            out.setdefault(entity.passage_id, []).append((entity.start - offset, entity.end - offset))
    return out


def _passage_dates(doc: Any) -> dict[str, list[DateTuple]]:
    """DATE entities per passage (local offsets); passages without any fall back to ``parse_dates``."""
    out: dict[str, list[DateTuple]] = {}
    by_id = {passage.passage_id: passage for passage in doc.passages}
    for entity in doc.entities:
        passage = by_id.get(entity.passage_id)
        if entity.label != "DATE" or passage is None:
            continue
        attrs = entity.attrs or {}
        out.setdefault(passage.passage_id, []).append((
            entity.start - passage.start, entity.end - passage.start,
            attrs.get("start", attrs.get("date_start")), attrs.get("end", attrs.get("date_end")),
        ))  # fmt: skip
    for passage in doc.passages:
        if passage.passage_id not in out:
            out[passage.passage_id] = [
                (d.start, d.end, d.date_start, d.date_end) for d in parse_dates(passage.text)
            ]
    return out
