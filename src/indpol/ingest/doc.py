"""Word 97–2003 binary documents (.doc): the main text through the piece table, with tables.

The FIB at the start of the ``WordDocument`` stream gives the text length and where the piece
table (CLX), the style sheet and the paragraph properties (PAPX pages) lie in the ``0Table`` or
``1Table`` stream. Pieces are 8-bit (cp1252) or UTF-16LE. Paragraph properties tell table cells,
row ends, list paragraphs and styles (headings). Fields keep only their result; pictures, footnote
marks and other objects are dropped. Headers, footers, footnotes and text boxes are not read.
"""

from __future__ import annotations

import contextlib
import re
import struct
from bisect import bisect_right
from io import BytesIO
from typing import NamedTuple

from indpol.config import IngestConfig
from indpol.errors import E_BROKEN, E_ENCRYPTED, E_UNSUPPORTED, IngestError
from indpol.ingest.base import Block, RawDocument, RawTable
from indpol.ingest.docx_numbering import format_number
from indpol.textmap import MappedText

WORD_IDENT = 0xA5EC
WORD97_NFIB = 0xC0  # Word 6.0 is 101, Word 95 104, Word 97 193 (0xC1) and up
OTHER_OLE = {"Workbook": "an Excel workbook", "Book": "an Excel 5.0/95 workbook", "VisioDocument": "a Visio drawing",
             "PowerPoint Document": "a PowerPoint presentation", "__properties_version1.0": "an Outlook message"}  # fmt: skip
NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter", 22: "decimalZero",
       58: "russianLower", 59: "russianUpper"}  # fmt: skip
HEADING_STYLES = ("heading", "заголовок", "title", "название")
TOKEN = re.compile(r"[^\x00-\x1f]+|[\x00-\x1f]")
CHARS = {"\t": "\t", "\x0b": "\n", "\x1e": "-"}  # line break, non-breaking hyphen
PARAGRAPH_ENDS = "\r\x07\x0c\x0e"  # paragraph, cell/row, page or section, column


class Props(NamedTuple):
    """What the PAPX of a paragraph says: style index, table cell, row end, list (1-based) and level."""

    istd: int = 0
    in_table: bool = False
    row_end: bool = False
    ilfo: int = 0
    ilvl: int = 0
    edges: tuple[int, ...] = ()  # a row end's cell boundaries (sprmTDefTable's rgdxaCenter, twips)


class Piece(NamedTuple):
    start: int  # offset in the assembled text
    fc: int  # byte offset in the WordDocument stream
    compressed: bool


def ole_kind(data: bytes) -> str:
    """``doc`` for a Word OLE2 file (or one too broken to tell), ``ole`` for any other."""
    import olefile

    try:
        with olefile.OleFileIO(BytesIO(data)) as ole:
            return "doc" if ole.exists("WordDocument") else "ole"
    except Exception:
        return "doc"


def read_doc(data: bytes, name: object, config: IngestConfig) -> RawDocument:
    """Read a Word 97–2003 document; encrypted, Word 6/95 and non-Word OLE files are refused."""
    import olefile

    try:
        with olefile.OleFileIO(BytesIO(data)) as ole:
            if ole.exists("EncryptedPackage"):  # a password-protected DOCX, XLSX or PPTX
                raise IngestError(
                    "encrypted Office document: a password is required", path=name, code=E_ENCRYPTED
                )
            if not ole.exists("WordDocument"):
                what = next(
                    (what for stream, what in OTHER_OLE.items() if ole.exists(stream)), "not a Word document"
                )
                raise IngestError(
                    f"unsupported format ({what} in an OLE2 file)", path=name, code=E_UNSUPPORTED
                )
            word = ole.openstream("WordDocument").read()
            fib = _fib(word, name)
            table_name = "1Table" if fib["flags"] & 0x0200 else "0Table"
            if not ole.exists(table_name):
                raise IngestError(f"broken DOC (no {table_name} stream)", path=name, code=E_BROKEN)
            table = ole.openstream(table_name).read()
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"broken DOC ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    try:
        text, pieces = _text(word, table, fib, name)
        runs = _paragraph_runs(word, table[fib["papx"] : fib["papx"] + fib["papx_len"]])
        styles = _styles(table[fib["stsh"] : fib["stsh"] + fib["stsh_len"]])
        lists = _Lists(table, fib)
    except (struct.error, IndexError, ValueError) as exc:
        raise IngestError(f"broken DOC ({type(exc).__name__}: {exc})", path=name, code=E_BROKEN) from None
    return _Builder(runs, styles, lists).build(text, pieces)


def _fib(word: bytes, name: object) -> dict[str, int]:
    """The FIB fields used here; refuses non-Word, pre-97 and encrypted documents."""
    if len(word) < 0x200:
        raise IngestError("broken DOC (WordDocument stream too short)", path=name, code=E_BROKEN)
    ident, nfib, _, _, _, flags = struct.unpack_from("<6H", word, 0)
    if ident != WORD_IDENT or nfib < WORD97_NFIB:  # Word 6.0/95 files are 0xA5DC or nFib 101–104
        version = (
            f"a Word 6.0/95 or older document, nFib {nfib}"
            if ident in (WORD_IDENT, 0xA5DC)
            else "no Word FIB"
        )
        raise IngestError(f"unsupported format ({version})", path=name, code=E_UNSUPPORTED)
    if flags & 0x0100:
        raise IngestError("encrypted Word document: a password is required", path=name, code=E_ENCRYPTED)
    csw = struct.unpack_from("<H", word, 32)[0]
    lw = 34 + csw * 2
    cslw = struct.unpack_from("<H", word, lw)[0]
    ccp_text = struct.unpack_from("<i", word, lw + 2 + 12)[0]
    cb_fc_lcb = struct.unpack_from("<H", word, lw + 2 + cslw * 4)[0]
    blob = lw + 2 + cslw * 4 + 2

    def pair(index: int) -> tuple[int, int]:
        return struct.unpack_from("<II", word, blob + 8 * index)

    names = {"stsh": 1, "papx": 13, "clx": 33, "lst": 73, "lfo": 74}
    fields = {"flags": flags, "ccp_text": max(ccp_text, 0)}
    for field, index in names.items():
        fields[field], fields[f"{field}_len"] = pair(index) if index < cb_fc_lcb else (0, 0)
    return fields


def _text(word: bytes, table: bytes, fib: dict[str, int], name: object) -> tuple[str, list[Piece]]:
    """The main document text (``ccpText`` characters) assembled from the piece table."""
    clx = table[fib["clx"] : fib["clx"] + fib["clx_len"]]
    pos = 0
    while pos < len(clx) and clx[pos] == 1:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 2:
        raise IngestError("broken DOC (no piece table)", path=name, code=E_BROKEN)
    size = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    parts: list[str] = []
    pieces: list[Piece] = []
    length = 0
    for index in range(count):
        start, end = cps[index], min(cps[index + 1], fib["ccp_text"])
        if end <= start:
            continue
        raw_fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)[0]
        compressed = bool(raw_fc & 0x40000000)
        fc = (raw_fc & 0x3FFFFFFF) // 2 if compressed else raw_fc & 0x3FFFFFFF
        if compressed:
            part = word[fc : fc + end - start].decode("cp1252", errors="replace")
        else:
            part = word[fc : fc + 2 * (end - start)].decode("utf-16-le", errors="replace")
        pieces.append(Piece(length, fc, compressed))
        parts.append(part)
        length += len(part)
    if not pieces:
        raise IngestError("broken DOC (empty piece table)", path=name, code=E_BROKEN)
    return "".join(parts), pieces


def _paragraph_runs(word: bytes, plc: bytes) -> list[tuple[int, int, Props]]:
    """``(fc_start, fc_end, props)`` from the PAPX pages (FKPs) listed in PlcBtePapx."""
    count = (len(plc) - 4) // 8
    runs: list[tuple[int, int, Props]] = []
    if count <= 0:
        return runs
    for pn in struct.unpack_from(f"<{count}I", plc, 4 * (count + 1)):
        page = word[(pn & 0x3FFFFF) * 512 : (pn & 0x3FFFFF) * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        if 4 * (crun + 1) + 13 * crun > 511:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for index in range(crun):
            offset = 2 * page[4 * (crun + 1) + 13 * index]
            props = Props()
            if offset:
                cb = page[offset]
                grpprl = (
                    page[offset + 1 : offset + 2 * cb]
                    if cb
                    else page[offset + 2 : offset + 2 + 2 * page[offset + 1]]
                )
                props = _props(grpprl)
            runs.append((fcs[index], fcs[index + 1], props))
    runs.sort(key=lambda run: run[0])
    return runs


def _props(grpprl: bytes) -> Props:
    """Style index and the table/list sprms of one PAPX (``istd`` then sprms)."""
    if len(grpprl) < 2:
        return Props()
    istd = struct.unpack_from("<H", grpprl, 0)[0]
    in_table = row_end = False
    ilfo = ilvl = 0
    edges: tuple[int, ...] = ()
    pos = 2
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == 0xD608:  # sprmTDefTable: 2-byte size, plus one
                size = 2 + struct.unpack_from("<H", grpprl, pos)[0] - 1
            elif sprm == 0xC615 and pos < len(grpprl) and grpprl[pos] == 255:  # sprmPChgTabs, long form
                deleted = grpprl[pos + 1]
                size = 3 + 4 * deleted + 3 * grpprl[pos + 2 + 4 * deleted]
            else:
                size = 1 + grpprl[pos] if pos < len(grpprl) else 0
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        if pos + size > len(grpprl):
            break
        value = int.from_bytes(grpprl[pos : pos + min(size, 4)], "little") if size else 0
        if sprm == 0xD608 and size > 3:  # sprmTDefTable: itcMac, then itcMac + 1 cell boundaries
            count = grpprl[pos + 2] + 1
            if pos + 3 + 2 * count <= len(grpprl):
                edges = struct.unpack_from(f"<{count}h", grpprl, pos + 3)
        if sprm == 0x2416 or (sprm == 0x6649 and value):  # sprmPFInTable, sprmPItap
            in_table = in_table or bool(value)
        elif sprm == 0x2417:  # sprmPFTtp: the row-end mark
            row_end = bool(value)
        elif sprm == 0x460B:  # sprmPIlfo: a list paragraph (0xF801: none)
            ilfo = 0 if value == 0xF801 else value
        elif sprm == 0x260A:  # sprmPIlvl
            ilvl = min(value, 8)
        pos += size
    return Props(istd, in_table, row_end, ilfo, ilvl, edges)


def _styles(stsh: bytes) -> dict[int, str]:
    """Paragraph kind by style index: built-in headings (sti 1–9) and styles named like the DOCX ones."""
    kinds: dict[int, str] = {}
    if len(stsh) < 6:
        return kinds
    header = struct.unpack_from("<H", stsh, 0)[0]
    count, base = struct.unpack_from("<HH", stsh, 2)
    pos = 2 + header
    for istd in range(count):
        if pos + 2 > len(stsh):
            break
        size = struct.unpack_from("<H", stsh, pos)[0]
        std = stsh[pos + 2 : pos + 2 + size]
        pos += 2 + size
        if len(std) < base + 2:
            continue
        sti = struct.unpack_from("<H", std, 0)[0] & 0x0FFF
        chars = struct.unpack_from("<H", std, base)[0]
        name = std[base + 2 : base + 2 + 2 * chars].decode("utf-16-le", errors="replace").split(",")[0]
        name = name.strip().lower()
        if 1 <= sti <= 9 or name.startswith(HEADING_STYLES):
            kinds[istd] = "heading"
        elif "list" in name or "спис" in name:
            kinds[istd] = "list_item"
    return kinds


class _Lists:
    """Word's automatic list numbers from the list tables (PlfLst, PlfLfo): "1.", "2.3.", "а)"."""

    def __init__(self, table: bytes, fib: dict[str, int]) -> None:
        self.levels: dict[int, list[tuple[int, int, str]]] = {}  # lsid → per level (start, nfc, text)
        self.lfo: list[int] = []  # lsid of each list format override
        self.counters: dict[int, list[int]] = {}
        with contextlib.suppress(struct.error, IndexError, ValueError):  # broken list tables: no numbers
            self._read(table, fib)

    def _read(self, table: bytes, fib: dict[str, int]) -> None:
        if fib["lst_len"] >= 2:
            count = struct.unpack_from("<h", table, fib["lst"])[0]
            pos = fib["lst"] + 2 + 28 * count  # the levels follow the LSTF records
            for index in range(max(count, 0)):
                lstf = fib["lst"] + 2 + 28 * index
                lsid, simple = struct.unpack_from("<i", table, lstf)[0], table[lstf + 26] & 1
                levels = self.levels[lsid] = []
                for _ in range(1 if simple else 9):
                    start, nfc = struct.unpack_from("<iB", table, pos)
                    chpx, papx = table[pos + 24], table[pos + 25]
                    pos += 28 + chpx + papx
                    chars = struct.unpack_from("<H", table, pos)[0]
                    levels.append(
                        (start, nfc, table[pos + 2 : pos + 2 + 2 * chars].decode("utf-16-le", "replace"))
                    )
                    pos += 2 + 2 * chars
        if fib["lfo_len"] >= 4:
            count = struct.unpack_from("<i", table, fib["lfo"])[0]
            self.lfo = [
                struct.unpack_from("<i", table, fib["lfo"] + 4 + 16 * i)[0] for i in range(max(count, 0))
            ]

    def label(self, ilfo: int, ilvl: int) -> str:
        """The next label of list ``ilfo`` (1-based) at level ``ilvl``; counters advance."""
        if not 0 < ilfo <= len(self.lfo) or self.lfo[ilfo - 1] not in self.levels:
            return ""
        lsid = self.lfo[ilfo - 1]
        levels = self.levels[lsid]
        ilvl = min(ilvl, len(levels) - 1)
        counters = self.counters.setdefault(lsid, [0] * 9)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][0]
        counters[ilvl + 1 :] = [0] * (8 - ilvl)
        out = []
        for char in levels[ilvl][2]:
            if ord(char) < 9 and ord(char) < len(levels):  # a placeholder for level N's number
                level = ord(char)
                out.append(format_number(counters[level] or levels[level][0], NFC.get(levels[level][1], "")))
            else:
                out.append(char)
        label = "".join(out).strip()
        return label if any(char.isalnum() for char in label) and levels[ilvl][1] != 23 else ""


class _Builder:
    """Walks the text once: fields, special characters, paragraphs, cells and rows."""

    def __init__(self, runs: list[tuple[int, int, Props]], styles: dict[int, str], lists: _Lists) -> None:
        self.runs, self.starts, self.styles, self.lists = runs, [run[0] for run in runs], styles, lists
        self.raw = RawDocument(format="doc")
        self.cell: list[str] = []
        self.cells: list[str] = []
        self.rows: list[list[str]] = []
        self.edges: list[tuple[int, ...]] = []  # each row's cell boundaries, when the file gives them
        self.caption: str | None = None

    def props(self, fc: int) -> Props | None:
        index = bisect_right(self.starts, fc) - 1
        if index >= 0 and fc < self.runs[index][1]:
            return self.runs[index][2]
        return None

    def build(self, text: str, pieces: list[Piece]) -> RawDocument:
        starts = [piece.start for piece in pieces]
        fields: list[bool] = []  # per open field: still in its instruction part
        buffer: list[str] = []
        previous = ""
        for match in TOKEN.finditer(text):
            token = match.group()
            if len(token) == 1 and token in PARAGRAPH_ENDS:
                piece = pieces[bisect_right(starts, match.start()) - 1]
                offset = match.start() - piece.start
                props = self.props(piece.fc + (offset if piece.compressed else 2 * offset))
                self.paragraph("".join(buffer).strip(), token, props, previous)
                buffer.clear()
                previous = token
            elif token == "\x13":
                fields.append(True)
            elif token == "\x14" and fields:
                fields[-1] = False
            elif token == "\x15" and fields:
                fields.pop()
            elif not any(fields):
                buffer.append(CHARS.get(token, "") if len(token) == 1 and token < " " else token)
        if "".join(buffer).strip():
            self.paragraph("".join(buffer).strip(), "\r", None, previous)
        self.end_table()
        return self.raw

    def paragraph(self, text: str, mark: str, props: Props | None, previous: str) -> None:
        if mark == "\x07":
            if props.row_end if props is not None else (not text and previous == "\x07"):
                if any(self.cells):
                    self.rows.append(self.cells)
                    self.edges.append(props.edges if props is not None else ())
                self.cells = []
            else:
                self.cells.append(" ".join(" ".join([*self.cell, text]).split()))
                self.cell.clear()
            return
        if props is not None and props.in_table:
            self.cell.append(text)
            return
        self.end_table()
        label = self.lists.label(props.ilfo, props.ilvl) if props is not None and props.ilfo else ""
        if not text:
            return
        kind = self.styles.get(props.istd, "text") if props is not None else "text"
        if kind == "text" and props is not None and props.ilfo:
            kind = "list_item"
        text = f"{label} {text}" if label and not text.startswith(label) else text
        self.raw.blocks.append(Block(MappedText.identity(text), kind=kind))
        self.caption = text

    def end_table(self) -> None:
        if self.cells and any(self.cells):
            self.rows.append(self.cells)
            self.edges.append(())
        self.cells, self.cell = [], []
        if self.rows:
            self.raw.add_table(RawTable(rows=on_grid(self.rows, self.edges), caption=self.caption))
        self.rows, self.edges = [], []


def on_grid(rows: list[list[str]], edges: list[tuple[int, ...]]) -> list[list[str]]:
    """Rows laid on the table's column grid: a cell merged across columns (one cell of a row whose
    boundaries skip the grid's) stands in its first column and leaves the others empty, so header cells sit
    over the columns they head. Rows are kept as read when a row's boundaries are missing or do not fit."""
    if len(edges) != len(rows) or any(len(e) != len(r) + 1 for e, r in zip(edges, rows, strict=True)):
        return rows
    grid = sorted({x for row_edges in edges for x in row_edges})
    if all(len(row) == len(grid) - 1 for row in rows) or len(grid) > 64:
        return rows
    laid = []
    for row, row_edges in zip(rows, edges, strict=True):
        cells = [""] * (len(grid) - 1)
        for cell, left in zip(row, row_edges, strict=False):  # a cell starts at its left boundary
            cells[min(grid.index(left), len(cells) - 1)] = cell
        laid.append(cells)
    return laid
