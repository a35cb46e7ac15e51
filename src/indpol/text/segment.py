"""Segmentation: blocks → passages (paragraphs, list items, headings, table rows) → sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from razdel import sentenize

from indpol.data import load_abbreviations
from indpol.ingest.base import Block
from indpol.nlp.morph import Morph
from indpol.text.lang import CYRILLIC, CYRILLIC_LETTERS, LATIN, LATIN_LETTERS, count_letters, detect_language
from indpol.textmap import MappedText

LIST_MARKER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[а-яa-z][)]|[IVXLC]{1,5}[.)]|[-–—•·▪●◦*])\s+(?=\S)")
MARKDOWN_HEADING = re.compile(r"^#{1,6}[ ]+(?=\S)")
HEADING_WORD = re.compile(r"^(?:статья|глава|раздел|приложение|часть|паспорт)\s+[\dIVXLC]", re.I)
SENTENCE_END = re.compile(r"[.!?:;»)\]]\s*$")
REFERENCES_HEADING = re.compile(
    r"^\s*(?:список\s+(?:использованн\w+\s+)?(?:литературы|источников)|литература|библиографи\w+\s+список|"
    r"references|bibliography|источники)\s*:?\s*$",
    re.I,
)
KEYWORDS = re.compile(r"^\s*(?:ключевые\s+слова|keywords|key\s+words)\s*:", re.I)
ABSTRACT = re.compile(r"^\s*(?:аннотация|резюме|abstract|summary)\b", re.I)


@dataclass(slots=True)
class Piece:
    """A passage before it gets ids: mapped text, kind, page(s), flags."""

    text: MappedText
    kind: str
    page: int | None
    page_end: int | None = None
    table_index: int | None = None
    row: int | None = None
    ocr: bool = False
    language: str = "ru"
    role: str = "body"
    sentences: list[tuple[int, int]] | None = None  # local sentence spans, when already known

    def sentence_spans(self) -> list[tuple[int, int]]:
        """Sentence spans of this piece's text (computed once)."""
        if self.sentences is None:
            self.sentences = sentence_spans(self.text.text)
        return self.sentences


def split_block(block: Block) -> Iterator[Piece]:
    """Cut a ``text`` block into paragraphs, list items and headings; pass others through."""
    if block.kind != "text":
        yield Piece(
            _flatten(block.text),
            block.kind,
            block.page,
            table_index=block.table_index,
            row=block.row,
            ocr=block.ocr,
            role=block.role or "body",
        )
        return
    for paragraph in _paragraphs(block.text):
        heading = MARKDOWN_HEADING.match(paragraph.text)
        if heading:
            yield Piece(
                _flatten(paragraph.slice(heading.end(), len(paragraph))), "heading", block.page, ocr=block.ocr
            )
        else:
            yield Piece(
                _flatten(paragraph),
                _kind_of(paragraph.text),
                block.page,
                ocr=block.ocr,
                role=block.role or "body",
            )


def _paragraphs(text: MappedText) -> Iterator[MappedText]:
    """Blank lines and list markers start paragraphs; lines between them belong together.

    In text with one paragraph per line (long lines of varied length), a line that ends
    a sentence also ends its paragraph; in hard-wrapped text, a short line ending a
    sentence does.
    """
    lines = text.text.split("\n")
    one_per_line, width = _line_regime(lines)
    start = None
    offset = 0
    previous_script: str | None = None
    previous_line = ""
    for line in lines:
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            if start is not None:
                yield text.slice(start, line_start - 1)
                start = None
            continue
        script = _script(line)
        if start is not None and (
            LIST_MARKER.match(line)
            or (script and previous_script and script != previous_script)
            or _ends_paragraph(previous_line, line, one_per_line, width)
        ):
            yield text.slice(start, line_start - 1)
            start = None
        if start is None:
            start = line_start
        previous_script = script or previous_script
        previous_line = line
    if start is not None:
        yield text.slice(start, len(text.text))


def _line_regime(lines: list[str]) -> tuple[bool, int]:
    """``(one_paragraph_per_line, usual_width)`` from the lengths of non-blank lines."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 3:
        return False, lengths[-1] if lengths else 0
    median = lengths[len(lengths) // 2]
    high = lengths[int(len(lengths) * 0.9)]
    return median > 120 or high > 250, high


def _ends_paragraph(previous: str, line: str, one_per_line: bool, width: int) -> bool:
    if not SENTENCE_END.search(previous):
        return False
    starts_new = line[:1].isupper() or line[:1].isdigit() or line[:1] in '«"('
    if one_per_line:
        return True
    return starts_new and len(previous.rstrip()) < 0.7 * width


def _script(line: str) -> str | None:
    """``cyr`` or ``lat`` when a line is clearly in one script (a language switch starts a paragraph)."""
    cyrillic = count_letters(CYRILLIC, CYRILLIC_LETTERS, line)
    latin = count_letters(LATIN, LATIN_LETTERS, line)
    if cyrillic + latin < 12:
        return None
    if cyrillic > 4 * latin:
        return "cyr"
    if latin > 4 * cyrillic:
        return "lat"
    return None


def _flatten(text: MappedText) -> MappedText:
    """Strip the edges and turn inner line breaks into spaces."""
    stripped = text.text.strip()
    lead = len(text.text) - len(text.text.lstrip())
    text = text.slice(lead, lead + len(stripped))
    text = text.rewrite(re.compile(r"[ ]*\n[ \n]*"), lambda m: " ")
    return text.rewrite(re.compile(r"[ ]{2,}"), lambda m: " ")


def _kind_of(text: str) -> str:
    line = text.strip()
    marker = LIST_MARKER.match(line)
    if marker:
        rest = line[marker.end() :]
        if (
            rest[:1].isupper()
            and rest.count("\n") <= 1
            and len(rest.split()) <= 10
            and not SENTENCE_END.search(rest)
            and marker.group().strip()[:1].isalnum()
        ):
            return "heading"
        return "list_item"
    if line.endswith(";") and line[:1].islower():
        return "list_item"  # an item of an enumeration written without markers
    if "\n" in line or len(line) > 120:
        return "paragraph"
    letters = [c for c in line if c.isalpha()]
    if HEADING_WORD.match(line) or (len(letters) >= 3 and all(c.isupper() for c in letters)):
        return "heading"
    if (
        len(line.split()) <= 12
        and line[:1].isupper()
        and not SENTENCE_END.search(line)
        and not line.endswith(",")
    ):
        return "heading"
    return "paragraph"


def merge_continuations(pieces: list[Piece], morph: Morph) -> list[Piece]:
    """Re-join a paragraph broken by a page break or a stray blank line.

    The first piece must not end a sentence and the second must start in lower case, or
    across a page break, follow a lower-case word or a comma.
    A line-break hyphen between them is resolved with the dictionary.
    """
    from indpol.text.clean import _joins

    merged: list[Piece] = []
    notes: list[Piece] = []  # footnotes wait until the paragraph they interrupt is whole
    for piece in pieces:
        if piece.role == "footnote":
            notes.append(piece)
            continue
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind in ("paragraph", "list_item")
            and piece.kind in ("paragraph", "heading")
            and previous.table_index is None
            and not SENTENCE_END.search(previous.text.text)
            and (piece.text.text[:1].islower() or _breaks_mid_sentence(previous, piece))
        ):
            joined = _join_pieces(previous.text, piece.text, morph, _joins)
            previous.text = joined
            if piece.page is not None and piece.page != previous.page:
                previous.page_end = piece.page
            continue
        merged += notes
        notes = []
        merged.append(piece)
    return merged + notes


def _breaks_mid_sentence(previous: Piece, piece: Piece) -> bool:
    """A page break after a lower-case word or a comma: the sentence goes on ("из бюджета | Союзного")."""
    crosses_page = previous.page is not None and piece.page is not None and piece.page != previous.page
    return crosses_page and bool(re.search(r"[а-яё,]$", previous.text.text.rstrip()))


def _join_pieces(left: MappedText, right: MappedText, morph: Morph, joins) -> MappedText:
    from indpol.textmap import join

    match = re.search(r"([^\W\d_]+)[-\u2010]$", left.text)
    word = re.match(r"[^\W\d_]+", right.text)
    if match and word:
        if joins(match.group(1), word.group(), morph):
            return join([left.slice(0, len(left.text) - 1), right], "")
        return join([left, right], "")
    return join([left, right], " ")


def tag_pieces(pieces: list[Piece], default_language: str = "ru") -> None:
    """Set language and role (body / abstract / keywords / references) on each piece."""
    in_references = False
    for piece in pieces:
        text = piece.text.text
        piece.language = detect_language(text, default_language)
        if piece.role == "footnote":
            continue
        if piece.kind == "heading" or len(text) < 60:
            if REFERENCES_HEADING.match(text):
                in_references = True
                piece.role = "references"
                continue
            if in_references and piece.kind == "heading" and not _looks_like_reference(text):
                in_references = False
        if in_references:
            piece.role = "references"
        elif KEYWORDS.match(text):
            piece.role = "keywords"
        elif ABSTRACT.match(text):
            piece.role = "abstract"
    _tag_abstract_bodies(pieces)


def _tag_abstract_bodies(pieces: list[Piece]) -> None:
    """The paragraphs under an "Аннотация"/"Abstract" heading: up to the keywords when they follow
    within three pieces, else the first paragraph only."""
    for index, piece in enumerate(pieces):
        if piece.role != "abstract" or len(piece.text.text) > 30:  # a heading line, not an inline abstract
            continue
        following = pieces[index + 1 : index + 4]
        keywords = next(
            (i for i, p in enumerate(following) if p.role == "keywords" or p.kind == "heading"), None
        )
        body = (
            following[:keywords]
            if keywords is not None and following[keywords].role == "keywords"
            else following[:1]
        )
        for part in body:
            if part.role == "body" and part.kind != "heading":
                part.role = "abstract"


def _looks_like_reference(text: str) -> bool:
    return bool(re.search(r"\b(?:19|20)\d{2}\b|\bС\.\s*\d|\bpp?\.\s*\d|//", text))


def split_long(piece: Piece, max_chars: int) -> list[Piece]:
    """Split a passage longer than ``max_chars`` at sentence boundaries (each part keeps its sentences); a
    part still longer (no sentence break for ``max_chars``: one-line lists, tables flattened into prose) is
    cut by size with :func:`hard_cuts`, so that no step ever sees a passage much longer than ``max_chars``."""
    if len(piece.text.text) <= max_chars:
        return [piece]
    spans = piece.sentence_spans()
    parts: list[Piece] = []
    start = first = 0
    for index, span in enumerate(spans):
        if span[1] - start > max_chars and span[0] > start:
            parts.extend(_cut_part(piece, start, span[0], spans[first:index], max_chars))
            start, first = span[0], index
    parts.extend(_cut_part(piece, start, len(piece.text.text), spans[first:], max_chars))
    return [part for part in parts if part.text.text.strip()]


def _cut_part(
    piece: Piece, start: int, end: int, spans: list[tuple[int, int]], max_chars: int
) -> Iterator[Piece]:
    """The sub-piece ``start:end`` of ``piece``, cut by size when it is longer than ``max_chars``; a sentence
    that crosses a cut is clipped to each side."""
    cuts = hard_cuts(piece.text.text, start, end, max_chars)
    first = 0
    for cut_start, cut_end in zip(cuts, [*cuts[1:], end], strict=True):
        while first < len(spans) and spans[first][1] <= cut_start:
            first += 1
        inside = []
        for span in spans[first:]:
            if span[0] >= cut_end:
                break
            inside.append((max(span[0], cut_start), min(span[1], cut_end)))
        yield _sub_piece(piece, cut_start, cut_end, inside)


# matched from a position: ends after the last whitespace before endpos
LAST_SPACE = re.compile(r".*\s", re.S)


def hard_cuts(text: str, start: int, end: int, max_chars: int) -> list[int]:
    """The starts of the parts of ``text[start:end]`` when it is cut into parts of at most ``max_chars``.

    A part ends at the last line break in its second half, else after its last whitespace, so no word or
    number is cut; a run of ``max_chars`` characters without whitespace (no word) is cut where it reaches the
    size. Linear in ``end - start``.
    """
    cuts = [start]
    while end - cuts[-1] > max_chars:
        low, high = cuts[-1], cuts[-1] + max_chars
        line_break = text.rfind("\n", low + max_chars // 2, high)
        space = LAST_SPACE.match(text, low + 1, high) if line_break < 0 else None
        cut = line_break + 1 if line_break >= 0 else space.end() if space else high
        while cut < end and text[cut].isspace():  # the next part starts at a word
            cut += 1
        if cut >= end:
            break
        cuts.append(cut)
    return cuts


def _sub_piece(piece: Piece, start: int, end: int, spans: list[tuple[int, int]]) -> Piece:
    text = piece.text.slice(start, end)
    stripped = text.text.rstrip()
    local = [(a - start, min(b - start, len(stripped))) for a, b in spans if a - start < len(stripped)]
    return Piece(text.slice(0, len(stripped)), piece.kind, piece.page, piece.page_end, piece.table_index,
                 piece.row, piece.ocr, piece.language, piece.role, local)  # fmt: skip


#####  SENTENCES  #####

# razdel breaks wrongly after these abbreviations when lower case or a digit follows
NO_BREAK_AFTER = re.compile(rf"(?:\b(?:{'|'.join(map(re.escape, load_abbreviations()))})\.)\s*$", re.I)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries within ``text`` (razdel, with fixes for abbreviations)."""
    spans: list[tuple[int, int]] = []
    for sentence in sentenize(text):
        if spans and _continues(text, spans[-1], sentence.start):
            spans[-1] = (spans[-1][0], sentence.stop)
        else:
            spans.append((sentence.start, sentence.stop))
    return spans


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as spans that cover it, each running to the next one's start (the
    spaces between sentences belong to the one before): where an offset's sentence is looked up."""
    starts = [start for start, _ in sentence_spans(text)[1:]]
    return list(zip([0, *starts], [*starts, len(text)], strict=True))


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    head = text[start : start + 4]
    if not head:
        return False
    if not NO_BREAK_AFTER.search(text[previous[0] : previous[1]]):
        return False
    return head[0].islower() or head[0].isdigit() or head.startswith("США")
