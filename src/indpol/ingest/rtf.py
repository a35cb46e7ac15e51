"""RTF: body text with paragraphs, headings, list items and tables; fonts, styles, pictures skipped.

A compact tokenizer over the bytes (no recursion). ``\\'xx`` bytes are decoded in the code page of
the current font (``\\fcharset204`` → cp1251) or else the document's ``\\ansicpgNNNN``; ``\\uN``
escapes are Unicode (their ``\\ucN`` fallback characters are skipped). Destinations that are not
body text (font and colour tables, style sheet, info, pictures, headers, footers, footnotes, field
instructions and every ``\\*`` destination) are skipped; a field's result is kept.
"""

from __future__ import annotations

import codecs
import re

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, IngestError
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.textmap import MappedText

TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)|\\"
)
MAX_DEPTH = 2000
SKIP = frozenset(
    "colortbl info pict object header headerl headerr headerf footer footerl footerr footerf footnote "  # noqa: SIM905
    "annotation fldinst xe tc txe rxe themedata colorschememapping datastore latentstyles listtable "
    "listoverridetable revtbl rsidtbl generator filetbl pn pntxta pntxtb nonshppict shppict shpinst "
    "template userprops docvar ftnsep ftnsepc ftncn aftnsep aftnsepc aftncn bkmkstart bkmkend atnid "
    "atnauthor atntime atnref atrfstart atrfend mmathPr xmlnstbl pgdsctbl objdata background do "
    "protusertbl falt panose leveltext levelnumbers nonesttables".split()
)
CHARS = {"tab": "\t", "line": "\n", "page": "\n", "emdash": "—", "endash": "–", "bullet": "•",
         "lquote": "‘", "rquote": "’", "ldblquote": "“", "rdblquote": "”", "emspace": " ",
         "enspace": " ", "qmspace": " ", "zwj": "", "zwnj": ""}  # fmt: skip
SYMBOLS = {"~": "\xa0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}", "\n": "\n", "\r": "\n"}
CHARSETS = {77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "gbk", 136: "big5",
            161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
            204: "cp1251", 222: "cp874", 238: "cp1250", 255: "cp437"}  # fmt: skip
MAC_CODEPAGES = {10000: "mac_roman", 10007: "mac_cyrillic", 10029: "mac_latin2"}
HEADING_STYLES = ("heading", "заголовок", "title", "название")


class _State:
    """What a group carries: destination, Unicode fallback count, font and paragraph properties."""

    __slots__ = ("dest", "font", "intbl", "listed", "style", "uc")

    def __init__(self) -> None:
        self.dest, self.uc, self.font = "body", 1, None
        self.intbl, self.listed, self.style = False, False, 0

    def copy(self) -> _State:
        new = _State()
        new.dest, new.uc, new.font = self.dest, self.uc, self.font
        new.intbl, new.listed, new.style = self.intbl, self.listed, self.style
        return new


class _Reader:
    def __init__(self, name: object) -> None:
        self.name = name
        self.raw = RawDocument(format="rtf")
        self.ansi = "cp1252"
        self.default_font: int | None = None
        self.fonts: dict[int, str] = {}
        self.styles: dict[int, list[str]] = {}
        self.style_id = 0  # the style sheet entry being read
        self.font_id = 0  # the font table entry being read
        self.text: list[str] = []  # the paragraph being read
        self.label: list[str] = []  # its list label (\listtext)
        self.cell: list[str] = []  # paragraphs of the table cell being read
        self.cells: list[str] = []
        self.rows: list[list[str]] = []
        self.caption: str | None = None
        self.pending = bytearray()  # \'xx bytes not yet decoded
        self.pending_cp = "cp1252"

    def codepage(self, state: _State) -> str:
        font = state.font if state.font is not None else self.default_font
        return self.fonts.get(font, self.ansi) if font is not None else self.ansi

    def flush_bytes(self, dest: str) -> None:
        if self.pending:
            self.put(dest, bytes(self.pending).decode(self.pending_cp, errors="replace"))
            self.pending.clear()

    def put(self, dest: str, text: str) -> None:
        if dest == "body":
            self.text.append(text)
        elif dest == "listtext":
            self.label.append(text)
        elif dest == "style":
            self.styles.setdefault(self.style_id, []).append(text)

    def end_paragraph(self, state: _State) -> None:
        text = _clean("".join(self.text))
        label = _clean("".join(self.label)).strip()
        self.text.clear()
        self.label.clear()
        if state.intbl:
            self.cell.append(text)
            return
        self.end_table()
        if not text:
            return
        style = "".join(self.styles.get(state.style, ())).split(";")[0].strip().lower()
        kind = "text"
        if style.startswith(HEADING_STYLES):
            kind = "heading"
        elif state.listed or label or "list" in style or "спис" in style:
            kind = "list_item"
        if label and any(char.isalnum() for char in label) and not text.startswith(label):
            text = f"{label} {text}"
        self.raw.blocks.append(Block(MappedText.identity(text), kind=kind))
        self.caption = text

    def end_cell(self) -> None:
        self.cell.append(_clean("".join(self.text)))
        self.text.clear()
        self.label.clear()
        self.cells.append(" ".join(" ".join(self.cell).split()))
        self.cell.clear()

    def end_row(self) -> None:
        if any(self.cells):
            self.rows.append(self.cells)
        self.cells = []

    def end_table(self) -> None:
        if self.cells:
            self.end_row()
        if self.rows:
            self.raw.add_table(RawTable(rows=self.rows, caption=self.caption))
        self.rows = []

    def control(self, state: _State, word: str, arg: int | None, first: bool) -> None:
        """Act on a control word; destinations count only as the first word of their group."""
        dest = state.dest
        if first and word in SKIP:
            state.dest = "skip"
        elif dest == "skip":
            return
        elif first and word in ("fonttbl", "stylesheet", "listtext", "pntext", "fldrslt"):
            state.dest = {"pntext": "listtext", "fldrslt": "body"}.get(word, word)
        elif dest == "fonttbl":
            if word == "f" and arg is not None:
                self.font_id = arg
            elif word == "fcharset" and arg in CHARSETS:
                self.fonts[self.font_id] = CHARSETS[arg]
            elif word == "cpg" and _codepage(arg):
                self.fonts[self.font_id] = _codepage(arg) or ""
        elif dest == "style" and word == "s" and arg is not None:
            self.style_id = arg
            self.styles[arg] = []
        elif word in CHARS:
            self.put(dest, CHARS[word])
        elif word == "u" and arg is not None:
            self.put(dest, chr(arg % 65536))  # a signed 16-bit UTF-16 unit
        elif dest != "body":
            self.property(state, word, arg)
        elif word in ("par", "sect"):
            self.end_paragraph(state)
        elif word == "cell":
            self.end_cell()
        elif word == "nestcell":  # a nested table's cell: its text stays in the outer cell
            self.cell.append(_clean("".join(self.text)))
            self.text.clear()
        elif word == "row":
            self.end_row()
        else:
            self.property(state, word, arg)

    def property(self, state: _State, word: str, arg: int | None) -> None:
        if word == "f":
            state.font = arg
        elif word == "plain":
            state.font = None
        elif word == "pard":
            state.intbl, state.listed, state.style = False, False, 0
        elif word == "intbl":
            state.intbl = True
        elif word == "s" and arg is not None:
            state.style = arg
        elif word == "ls":
            state.listed = True
        elif word == "uc" and arg is not None:
            state.uc = max(arg, 0)
        elif word == "ansicpg" and _codepage(arg):
            self.ansi = _codepage(arg) or self.ansi
        elif word in ("mac", "pc", "pca"):
            self.ansi = {"mac": "mac_roman", "pc": "cp437", "pca": "cp850"}[word]
        elif word == "deff":
            self.default_font = arg

    def run(self, data: bytes) -> RawDocument:
        state = _State()
        stack: list[_State] = []
        skip = 0  # fallback characters still to skip after \uN
        first = False  # nothing yet in the current group but \*: a destination may follow
        pos, size = 0, len(data)
        while pos < size:
            match = TOKEN.match(data, pos)
            assert match is not None  # the last alternative matches any backslash
            pos = match.end()
            word, arg, hexbyte, symbol, brace, text = match.groups()
            was_first = first
            first = brace == b"{" or (first and (symbol == b"*" or match.lastindex is None))
            if hexbyte is not None:
                if skip:
                    skip -= 1
                elif state.dest != "skip":
                    codepage = self.codepage(state)
                    if codepage != self.pending_cp:
                        self.flush_bytes(state.dest)
                        self.pending_cp = codepage
                    self.pending.append(int(hexbyte, 16))
                continue
            self.flush_bytes(state.dest)
            if text is not None:
                chunk = text.decode("latin-1")
                if skip:
                    chunk, skip = chunk[skip:], max(skip - len(chunk), 0)
                if chunk and state.dest != "skip":
                    if max(chunk) > "\x7f":
                        chunk = chunk.encode("latin-1").decode(self.codepage(state), errors="replace")
                    self.put(state.dest, chunk)
            elif brace == b"{":
                skip = 0
                stack.append(state)
                state = state.copy()
                if state.dest == "stylesheet":  # one style per group; \sN names it (none: style 0)
                    state.dest, self.style_id = "style", 0
                if len(stack) > MAX_DEPTH:
                    raise IngestError(
                        f"RTF groups nested over {MAX_DEPTH} deep", path=self.name, code=E_BROKEN
                    )
            elif brace == b"}":
                skip = 0
                if stack:
                    state = stack.pop()
            elif word is not None:
                if skip:
                    skip -= 1
                    continue
                name, value = word.decode("ascii"), int(arg) if arg else None
                if name == "bin":
                    pos += max(value or 0, 0)
                    continue
                self.control(state, name, value, was_first)
                if name == "u":
                    skip = state.uc
            elif symbol is not None:
                if skip:
                    skip -= 1
                elif symbol == b"*":
                    state.dest = "skip" if was_first else state.dest  # mid-group \* (StarWriter): ignored
                elif state.dest != "skip":
                    char = symbol.decode("latin-1")
                    if char in ("\n", "\r") and state.dest == "body":
                        self.end_paragraph(state)
                    else:
                        self.put(state.dest, SYMBOLS.get(char, ""))
        self.flush_bytes(state.dest)
        if "".join(self.text).strip():
            self.end_paragraph(state)
        self.end_table()
        return self.raw


def _codepage(number: int | None) -> str | None:
    """Python's codec for a Windows or Mac code page number, if it has one."""
    name = MAC_CODEPAGES.get(number or 0, f"cp{number}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _clean(text: str) -> str:
    """Join UTF-16 surrogate pairs written as two ``\\u`` escapes; strip the edges."""
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", errors="replace")
    return text.strip()


def read_rtf(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Read an RTF document (``config`` limits are checked by the caller: the file size)."""
    start = data.find(b"{\\rtf")
    if start < 0 or start > 1024:
        raise IngestError("broken RTF (no {\\rtf header)", path=name, code=E_BROKEN)
    return _Reader(name).run(data[start:])
