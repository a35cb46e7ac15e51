"""Cleaning raw text: characters, line-break hyphens, running headers and footers.

Every step goes through :meth:`MappedText.rewrite`, so offsets still lead back to
the source.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from indpol.ingest.base import RawDocument
from indpol.ingest.running import PAGE_NUMBER, running_line_key
from indpol.nlp.morph import Morph
from indpol.textmap import MappedText

#####  CHARACTERS  #####

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# pdfium marks a hyphen at a line end with U+FFFE (text range) or U+0002 (bounded text)
LINE_END_HYPHEN_MARKS = "\ufffe\u0002"

NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x0b")
LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")
ODD_SPACE = re.compile("[" + ODD_SPACES + "]")
DROPPED = re.compile("[" + INVISIBLE + r"\x00\x01\x03-\x08\x0e-\x1f\x7f]")
SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ ]*\n[ \t]*")
SOFT_HYPHEN = re.compile("\u00ad")
HYPHEN_MARK = re.compile("[" + LINE_END_HYPHEN_MARKS + r"]\n?")
SPACE_RUN = re.compile(r"[ ]{2,}")
TRAILING_SPACE = re.compile(r"[ ]+(?=\n)|(?<=\n)[ ]+")


def normalise_characters(text: MappedText) -> MappedText:
    """Unify newlines and spaces, expand ligatures, drop invisible characters.

    Digit groups keep their (now plain) space: "12\u00a0345,6" → "12 345,6".
    """
    text = text.rewrite(NEWLINES, lambda m: "\n")
    text = text.rewrite(SOFT_HYPHEN_BREAK, lambda m: "")
    text = text.rewrite(SOFT_HYPHEN, lambda m: "")
    text = text.rewrite(HYPHEN_MARK, lambda m: "-\n")
    text = text.rewrite(LIGATURE, lambda m: LIGATURES[m.group()])
    text = text.rewrite(DROPPED, lambda m: "")
    text = text.rewrite(ODD_SPACE, lambda m: " ")
    text = text.rewrite(SPACE_RUN, lambda m: " ")
    return text.rewrite(TRAILING_SPACE, lambda m: "")


#####  HYPHENATION  #####

WORD_BEFORE = r"(?P<left>[^\W\d_]+(?:-[^\W\d_]+)*)"
LINE_BREAK_HYPHEN = re.compile(WORD_BEFORE + r"[-\u2010\u2011](?P<gap>[ ]*\n[ \n]*)(?P<right>[^\W\d_]+)")


DIGIT_HYPHEN_BREAK = re.compile(r"(?<=\d)-[ ]*\n[ ]*(?=[А-ЯЁA-Z\d])")


def dehyphenate(text: MappedText, morph: Morph) -> MappedText:
    """Re-join words split by a hyphen at a line break, deciding with the dictionary.

    "Рес-\\nпублики" → "Республики"; "научно-\\nтехнического" → "научно-технического".
    """

    def replace(match: re.Match[str]) -> str:
        left, right = match.group("left"), match.group("right")
        if not right[0].islower():
            return (
                match.group(0).replace(match.group("gap"), "", 1)
                if _keeps_hyphen(left, right, morph)
                else None
            )
        if match.string.startswith("-", match.end()):  # "Ростов-|на-Дону", "органи-|заций-исполнителей"
            last = left.rpartition("-")[2]
            joins = morph.is_known(last + right) and not morph.is_known(f"{last}-{right}")
        else:
            joins = _joins(left, right, morph)
        return left + (right if joins else "-" + right)

    text = text.rewrite(DIGIT_HYPHEN_BREAK, lambda m: "-")  # "488-\nФЗ" → "488-ФЗ"
    return text.rewrite(LINE_BREAK_HYPHEN, replace)


def _joins(left: str, right: str, morph: Morph) -> bool:
    """True when the line-break hyphen is a syllable break, not part of a compound.

    The hyphenated word wins when the dictionary knows it ("военно-промышленного": the dictionary
    also lists a glued variant); an abbreviation is never split ("ЕАЭС-стран"); an unknown joined
    word keeps the hyphen when both parts are words ("заказчиками-координаторами") or the first is
    a compound stem in -о/-е ("информационно-коммуникационный"). Latin words keep the hyphen
    ("-Wfloat-|conversion"): the dictionary is Russian, and Russian text hyphenates Russian words.
    """
    head, _, last = left.rpartition("-")
    if len(last) > 1 and last.isupper():
        return False
    if last.isascii() and right.isascii():  # Latin script: an identifier or compound keeps its hyphen
        return False
    if morph.is_known(f"{last}-{right}") or (head and morph.is_known(f"{head}-{last}-{right}")):
        return False
    joined = last + right
    if morph.is_known(joined) or (head and morph.is_known(f"{head}-{joined}")):
        return True
    known_parts = morph.is_known(last) and morph.is_known(right)
    compound = last[-1:].lower() in "ое" and len(last) > 3 and known_parts
    both_words = (
        last[:1].islower() and len(last) >= 3 and len(right) >= 3 and known_parts
    )  # not "Минпром-торг"
    return not (compound or both_words)


def _keeps_hyphen(left: str, right: str, morph: Morph) -> bool:
    # "Санкт-\nПетербург", "Северо-\nЗапад": the hyphen belongs to a compound name
    return len(left) > 1 and not left.isupper()


CELL_BREAK = re.compile(r"(?P<left>[^\W\d_]+)\n(?=(?P<right>[^\W\d_]+))|\n")
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})


def join_cell_lines(text: MappedText, morph: Morph) -> MappedText:
    """Line breaks inside table cells: a word a narrow column broke without a hyphen is re-joined
    when the joined form is a word and a part is not ("финансиров\\nания", "Собственны\\nе");
    other breaks become spaces."""

    def replace(match: re.Match[str]) -> str:
        left, right = match.group("left"), match.group("right")
        if left is None:
            return " "
        return left + ("" if _broken_in_cell(left, right, morph) else " ")

    return text.rewrite(CELL_BREAK, replace)


def _broken_in_cell(left: str, right: str, morph: Morph) -> bool:
    if not morph.is_known(left + right):
        return False
    if not (morph.is_known(left) and morph.is_known(right)):
        return True
    short = right if len(right) <= 2 else left if len(left) <= 2 else None
    return short is not None and not any(p.tag.POS in FUNCTION_POS for p in morph.parse(short)[:1])


#####  RUNNING HEADERS AND FOOTERS  #####

EDGE_LINES = 3


def remove_running_lines(raw: RawDocument, min_pages: int) -> list[str]:
    """Drop lines repeated at the top or bottom of pages, and bare page numbers.

    Returns the distinct removed lines (for the log). Works on paged documents only.
    """
    pages = [block for block in raw.blocks if block.kind == "text" and block.page is not None]
    if len(pages) < 2:
        return []
    edges = [_edge_lines(block.text.text) for block in pages]
    counts = Counter(
        key for page_edges in edges for key in {running_line_key(raw_line) for _, _, raw_line in page_edges}
    )
    threshold = max(2, min(min_pages, math.ceil(len(pages) / 2)))
    removed: set[str] = set()
    for block, page_edges in zip(pages, edges, strict=True):
        spans = []
        for start, end, line in page_edges:
            key = running_line_key(line)
            if (counts[key] >= threshold and len(key) > 1) or PAGE_NUMBER.match(line):
                spans.append((start, end))
                removed.add(line.strip())
        if spans:
            pattern = re.compile("|".join(f"(?<=^.{{{s}}}).{{{e - s}}}\n?" for s, e in spans), re.S)
            block.text = block.text.rewrite(pattern, lambda m: "")
    return sorted(removed)


def _edge_lines(text: str) -> list[tuple[int, int, str]]:
    lines = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def clean_document(
    raw: RawDocument, morph: Morph, *, dehyphenate_words: bool, running_lines: bool, min_pages: int
) -> None:
    """Clean every block of ``raw`` in place; table cells one by one (see :func:`clean_tables`)."""
    prose = [block for block in raw.blocks if block.kind != "table_row"]
    for block in prose:
        block.text = normalise_characters(block.text)
    if running_lines and raw.paged:
        remove_running_lines(raw, min_pages)
    if dehyphenate_words:
        for block in prose:
            block.text = dehyphenate(block.text, morph)
    clean_tables(raw, morph, dehyphenate_words=dehyphenate_words)


def clean_tables(raw: RawDocument, morph: Morph, *, dehyphenate_words: bool) -> None:
    """Clean each cell on its own and rebuild the row blocks from the clean cells.

    A row's text is its cells joined by the cell separator (it has no offsets into the page), so
    cleaning cell by cell keeps cell boundaries exact even around empty cells.
    """
    from indpol.ingest.base import header_rows
    from indpol.records import CELL_SEPARATOR

    for table in raw.tables:
        table.rows = [[clean_cell(cell, morph, dehyphenate_words) for cell in row] for row in table.rows]
        table.header_rows = header_rows(table.rows)
    for block in raw.blocks:
        if block.kind == "table_row" and block.table_index is not None and block.row is not None:
            cells = raw.tables[block.table_index].rows[block.row]
            block.text = MappedText.identity(CELL_SEPARATOR.join(cells))


def clean_cell(text: str, morph: Morph, dehyphenate_words: bool = True) -> str:
    """One table cell: characters normalised, broken words re-joined, on one line."""
    mapped = normalise_characters(MappedText.identity(text))
    if dehyphenate_words:
        mapped = dehyphenate(mapped, morph)
    return " ".join(join_cell_lines(mapped, morph).text.split())
