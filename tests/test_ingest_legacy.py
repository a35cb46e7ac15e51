"""Legacy office formats: RTF, Word 97–2003 (.doc) and ODT, all built by code here.

``make_doc`` writes a minimal Word 97 binary (FIB, piece table, PAPX page, style sheet, list
tables, field table) inside a minimal compound file (``cfb``). LibreOffice reads its text, styles
and list numbers as this reader does (not its table and field, which it wants more properties for).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from io import BytesIO

import pytest
from make_inputs import PARAGRAPHS

from indpol.config import IngestConfig
from indpol.errors import IngestError
from indpol.ingest import read_document, sniff_format

CONFIG = IngestConfig()


def blocks(data: bytes, name: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text.text) for block in read_document(data, name, CONFIG).blocks]


def error_of(data: bytes, name: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_document(data, name, CONFIG)
    assert "\n" not in caught.value.message and caught.value.message.startswith(f"{name}: ")
    return caught.value


# --- RTF ------------------------------------------------------------------------------------------

RTF_HEAD = (
    r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\froman\fcharset204 Times New Roman;}"
    r"{\f1\fswiss\fcharset0 Arial;}}{\colortbl;\red0\green0\blue0;}"
    r"{\stylesheet{\s0 Normal;}{\s1\sbasedon0 heading 1;}{\*\cs10 Default Paragraph Font;}}"
    r"{\info{\title \'d1\'eb\'f3\'e6\'e5\'e1\'ed\'fb\'e9}{\author Ivanov}}"
    r"{\header \pard \'ca\'ee\'eb\'ee\'ed\'f2\'e8\'f2\'f3\'eb\par}{\*\generator Writer;}"
)


RTF_NOISE = ("Times", "Normal", "Ivanov", "Колонтитул", "Сноска", "HYPERLINK", "89504e47", "Writer", "\\")


def cp1251(text: str) -> str:
    """``text`` as RTF ``\\'xx`` escapes of its cp1251 bytes."""
    return "".join(f"\\'{byte:02x}" if byte > 0x7F else chr(byte) for byte in text.encode("cp1251"))


def unicode_escapes(text: str) -> str:
    r"""``text`` as RTF ``\uN?`` escapes (signed 16-bit, UTF-16 surrogates for astral characters)."""
    out = []
    for unit in struct.unpack(f"<{len(text.encode('utf-16-le')) // 2}H", text.encode("utf-16-le")):
        out.append(chr(unit) if unit < 0x80 else f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)


def make_rtf(escape=cp1251) -> bytes:
    rows = [["Показатель", "2024", "2025"], ["Объем финансирования", "2 100,0", "2 300,0"]]
    table = "".join(
        r"\trowd\cellx3000\cellx5000\cellx7000"
        + "".join(rf"\pard\intbl {escape(cell)}\cell " for cell in row)
        + r"\row "
        for row in rows
    )
    return (
        RTF_HEAD
        + rf"\pard\plain\s1\f0 {escape('Паспорт союзной программы')}\par"
        + rf"\pard\plain\f0 {escape(PARAGRAPHS[0])}{{\*\bkmkstart x}}{{\pict\pngblip 89504e47}}\par"
        + rf"\pard {escape(PARAGRAPHS[1])}{{\footnote \pard {escape('Сноска')}\par}}\par"
        + rf"\pard\ls1{{\listtext\pard 1.\tab}}{escape('первый пункт;')}\par"
        + rf"\pard\ls1{{\listtext\pard\f1 \'b7\tab}}{escape('второй пункт.')}\par"
        + rf"\pard {{\field{{\*\fldinst HYPERLINK \"http://x.ru\"}}{{\fldrslt {escape('ссылка')}}}}}"
        + rf"\tab{escape('и')}\line{escape('строка')}\~\emdash\par"
        + rf"\pard {escape('Таблица 1. Финансирование, тыс. рублей')}\par"
        + table
        + rf"\pard {escape(PARAGRAPHS[2])}\par}}"
    ).encode("ascii")


@pytest.mark.parametrize("escape", [cp1251, unicode_escapes], ids=["cp1251", "unicode"])
def test_rtf_text_structure_and_table(escape):
    data = make_rtf(escape)
    assert sniff_format(data, "passport.doc") == "rtf" and sniff_format(data, "passport.txt") == "rtf"
    raw = read_document(data, "passport.rtf", CONFIG)
    got = [(block.kind, block.text.text) for block in raw.blocks]
    assert got[:7] == [
        ("heading", "Паспорт союзной программы"),
        ("text", PARAGRAPHS[0]),
        ("text", PARAGRAPHS[1]),
        ("list_item", "1. первый пункт;"),
        ("list_item", "второй пункт."),
        ("text", "ссылка\tи\nстрока\xa0—"),
        ("text", "Таблица 1. Финансирование, тыс. рублей"),
    ]
    assert got[-1] == ("text", PARAGRAPHS[2])
    (table,) = raw.tables
    assert table.rows == [["Показатель", "2024", "2025"], ["Объем финансирования", "2 100,0", "2 300,0"]]
    assert table.caption == "Таблица 1. Финансирование, тыс. рублей"
    text = " ".join(block.text.text for block in raw.blocks)
    assert not [noise for noise in RTF_NOISE if noise in text]


def test_rtf_code_page_from_font_charset_and_unicode_fallbacks():
    # \ansicpg1252 document, Cyrillic font (\fcharset204): \'xx bytes are cp1251; \uN has a fallback
    data = (
        r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fcharset0 Arial;}{\f1\fcharset204 Arial Cyr;}}"
        r"\pard\f1 " + cp1251("Минпромторг") + r" \f0 caf\'e9 \uc1\u1056\'3f\u1060\'3f, "
        r"\uc2\u1041\'3f\'3f\uc1\u-10179?\u-8704? {\*\unknown skipped}\par}"
    ).encode("ascii")
    assert blocks(data, "a.rtf") == [("text", "Минпромторг café РФ, Б😀")]


def test_rtf_pipeline_gives_passages_not_control_words(text_pipeline):
    doc = text_pipeline.process(make_rtf(), name="passport.rtf")
    assert doc.status == "ok" and doc.format == "rtf" and doc.language == "ru"
    assert "Союзная программа" in doc.text and "fonttbl" not in doc.text and "\\" not in doc.text
    assert [p.kind for p in doc.passages].count("table_row") == 2


def test_rtf_hostile_nesting_and_binary_data():
    deep = b"{\\rtf1 " + b"{" * 5000 + b"x" + b"}" * 5000 + b"}"
    assert error_of(deep, "deep.rtf").code == "E_BROKEN_FILE"
    binary = b"{\\rtf1\\ansi\\ansicpg1251 {\\pict\\bin6 }{}\\}x}" + cp1251("Текст").encode() + b"\\par}}}}"
    assert blocks(binary, "bin.rtf") == [("text", "Текст")]
    assert error_of(b"not rtf at all", "fake.rtf").code == "E_BROKEN_FILE"


# --- ODT ------------------------------------------------------------------------------------------

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)
ODT_BODY = f"""
<text:p text:style-name="P1">Паспорт союзной программы</text:p>
<text:h text:outline-level="1">1. Общие положения</text:h>
<text:p>{PARAGRAPHS[0]}<text:note><text:note-citation>1</text:note-citation><text:note-body>
<text:p>Сноска</text:p></text:note-body></text:note><office:annotation><text:p>Комментарий</text:p>
</office:annotation></text:p>
<text:p>Объем<text:s text:c="3"/>финансирования<text:tab/>программы<text:line-break/>в <text:span>2024</text:span>
году<draw:frame><draw:text-box><text:p>Надпись</text:p></draw:text-box></draw:frame>.</text:p>
<text:list text:style-name="L1"><text:list-item><text:p>первый пункт;</text:p>
<text:list><text:list-item><text:p>подпункт;</text:p></text:list-item></text:list></text:list-item>
<text:list-item><text:p>второй пункт.</text:p></text:list-item></text:list>
<text:section><text:p>Таблица 1. Финансирование, тыс. рублей</text:p></text:section>
<table:table><table:table-column table:number-columns-repeated="3"/><table:table-header-rows><table:table-row>
<table:table-cell><text:p>Показатель</text:p></table:table-cell>
<table:table-cell table:number-columns-spanned="2"><text:p>Годы</text:p></table:table-cell>
<table:covered-table-cell/></table:table-row></table:table-header-rows>
<table:table-row><table:table-cell><text:p>Объем</text:p><text:p>финансирования</text:p></table:table-cell>
<table:table-cell><text:p>2 100,0</text:p></table:table-cell><table:table-cell><text:p>2 300,0</text:p>
</table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="3"/></table:table-row></table:table>
"""
ODT_STYLES = (
    '<office:automatic-styles><style:style style:name="P1" style:family="paragraph" '
    'style:parent-style-name="Title"/><text:list-style style:name="L1">'
    '<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>'
    '<text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="а"/>'
    "</text:list-style></office:automatic-styles>"
)


def make_odt(body: str = ODT_BODY, *, manifest: str = "", doctype: str = "") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content {ODT_NS}>{ODT_STYLES}'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", f"<manifest>{manifest}</manifest>")
    return buffer.getvalue()


def test_odt_text_structure_and_table():
    data = make_odt()
    assert sniff_format(data, "x.zip") == "odt" and sniff_format(data, None) == "odt"
    raw = read_document(data, "passport.odt", CONFIG)
    assert [(block.kind, block.text.text) for block in raw.blocks if block.kind != "table_row"] == [
        ("heading", "Паспорт союзной программы"),
        ("heading", "1. Общие положения"),
        ("text", PARAGRAPHS[0]),
        ("text", "Объем   финансирования\tпрограммы\nв 2024 году."),
        ("list_item", "1. первый пункт;"),
        ("list_item", "а) подпункт;"),
        ("list_item", "2. второй пункт."),
        ("text", "Таблица 1. Финансирование, тыс. рублей"),
    ]
    (table,) = raw.tables
    assert table.rows == [["Показатель", "Годы"], ["Объем финансирования", "2 100,0", "2 300,0"]]
    assert table.caption == "Таблица 1. Финансирование, тыс. рублей"


def test_odt_refusals():
    assert error_of(make_odt(manifest="<manifest:encryption-data/>"), "locked.odt").code == "E_ENCRYPTED_PDF"
    xxe = make_odt(
        "<text:p>&xxe;</text:p>", doctype='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )
    assert error_of(xxe, "xxe.odt").code == "E_UNSAFE_CONTENT"
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert error_of(buffer.getvalue(), "empty.odt").code == "E_BROKEN_FILE"
    assert error_of(make_odt()[:200], "cut.odt").code == "E_BROKEN_FILE"


# --- DOC: a minimal compound file and Word 97 binary ----------------------------------------------

END, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def cfb(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` at the root (each padded to 4096+ bytes)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n].ljust(max(4096, -(-len(streams[n]) // 512) * 512), b"\0") for n in names]
    fat = [FAT_SECTOR, END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for data in datas:
        first = len(fat)
        count = len(data) // 512
        fat.extend(range(first + 1, first + count))
        fat.append(END)
        starts.append(first)
    assert len(fat) <= 128, "one FAT sector only"

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, FREE, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))  # fmt: skip

    directory = entry("Root Entry", 5, 1, FREE, END, 0)
    for index, (name, data) in enumerate(zip(names, datas, strict=True)):
        right = index + 2 if index + 1 < len(names) else FREE
        directory += entry(name, 2, FREE, right, starts[index], len(data))
    directory = directory.ljust(512, b"\0")
    assert len(directory) == 512, "four directory entries at most"
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", 0, *([FREE] * 108))
    )  # fmt: skip
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_sector + directory + b"".join(datas)


def _papx(istd: int, sprms: bytes) -> bytes:
    grpprl = struct.pack("<H", istd) + sprms
    return (
        bytes([(len(grpprl) + 1) // 2]) + grpprl if len(grpprl) % 2 else bytes([0, len(grpprl) // 2]) + grpprl
    )


IN_TABLE = b"\x16\x24\x01" + b"\x49\x66" + struct.pack("<i", 1)  # sprmPFInTable, sprmPItap 1
# sprmPFTtp, then sprmTDefTable: 3 cells at 0, 2000, 4000, 6000 twips, 3 empty TC80s (size: 2 bytes, plus one)
ROW_END = b"\x17\x24\x01" + b"\x08\xd6" + struct.pack("<HB4h", 70, 3, 0, 2000, 4000, 6000) + bytes(60)


def _std(sti: int, name: str) -> bytes:
    std = struct.pack("<HHHHH", sti, 0x0001, 0, 0, 0) + struct.pack("<H", len(name))
    std += (name + "\0").encode("utf-16-le")
    return struct.pack("<H", len(std)) + std


def make_doc(*, flags: int = 0x0200, nfib: int = 0xC1, table_name: str = "1Table") -> bytes:
    """A Word 97 document: heading, user heading style, paragraphs (8-bit and UTF-16 pieces),
    a numbered list, a field, a 2×3 table with its row marks, a picture and a page break."""
    paragraphs: list[tuple[str, int, bytes]] = [  # (text with its end mark, istd, sprms)
        ("Паспорт союзной программы\r", 1, b""),
        ("Раздел о финансировании\r", 2, b""),
        (PARAGRAPHS[0] + "\r", 0, b""),
        ("Первый\x0bпункт;\r", 0, b"\x0b\x46\x01\x00"),  # sprmPIlfo 1
        ("Второй пункт.\x01\r", 0, b"\x0b\x46\x01\x00"),
        ('Подробнее: \x13 HYPERLINK "http://x.ru" \x14сайт\x15 министерства.\x0c', 0, b""),
        ("Таблица 1. Финансирование\r", 0, b""),
        ("Показатель\x07", 0, IN_TABLE),
        ("2024\x07", 0, IN_TABLE),
        ("2025\x07", 0, IN_TABLE),
        ("\x07", 0, IN_TABLE + ROW_END),
        ("Объем\r", 0, IN_TABLE),
        ("финансирования\x07", 0, IN_TABLE),
        ("2 100,0\x07", 0, IN_TABLE),
        ("2 300,0\x07", 0, IN_TABLE),
        ("\x07", 0, IN_TABLE + ROW_END),
    ]
    latin = "Summary in English.\r"  # an 8-bit (compressed) piece
    unicode_text = "".join(text for text, _, _ in paragraphs)
    text_fc, latin_fc, fkp_fc = 0x400, 0x1800, 0x1A00
    word = bytearray(0x1C00)
    encoded = unicode_text.encode("utf-16-le")
    word[text_fc : text_fc + len(encoded)] = encoded
    word[latin_fc : latin_fc + len(latin)] = latin.encode("cp1252")
    # PAPX page: one run per paragraph (FC of its first character to the FC after its mark)
    runs, fc = [], text_fc
    for text, istd, sprms in paragraphs:
        runs.append((fc, fc + 2 * len(text), _papx(istd, sprms)))
        fc += 2 * len(text)
    runs.append((latin_fc, latin_fc + len(latin), _papx(0, b"")))
    page = bytearray(512)
    crun = len(runs)
    struct.pack_into(f"<{crun + 1}I", page, 0, *[r[0] for r in runs], runs[-1][1])
    top, placed = 511, {}  # equal PAPXs are stored once
    for index, (_, _, papx) in enumerate(runs):
        if papx not in placed:
            top = placed[papx] = (top - len(papx)) & ~1
            page[top : top + len(papx)] = papx
        page[4 * (crun + 1) + 13 * index] = placed[papx] // 2
    assert top > 4 * (crun + 1) + 13 * crun, "the PAPX page is full"
    page[511] = crun
    word[fkp_fc : fkp_fc + 512] = page
    # table stream: style sheet, piece table, PlcBtePapx, list tables
    stshi = struct.pack("<HHHHHH6s", 3, 10, 1, 3, 0, 0, b"\0" * 6)
    stsh = struct.pack("<H", len(stshi)) + stshi + _std(0, "Normal") + _std(1, "heading 1")
    stsh += _std(0xFFE, "Заголовок раздела,ЗР")
    ccp = len(unicode_text) + len(latin)
    clx = b"\x02" + struct.pack("<I", 4 * 3 + 8 * 2) + struct.pack("<III", 0, len(unicode_text), ccp)
    clx += struct.pack("<HIH", 0, text_fc, 0) + struct.pack("<HIH", 0, (latin_fc * 2) | 0x40000000, 0)
    bte = struct.pack("<III", text_fc, latin_fc + len(latin), fkp_fc // 512)
    begin = unicode_text.index("\x13")  # the field table (PlcFld): begin, separator, end marks
    fld = struct.pack("<4I", begin, unicode_text.index("\x14"), unicode_text.index("\x15"), ccp)
    fld += bytes([0x13, 88, 0x14, 0xFF, 0x15, 0x80])  # 88: HYPERLINK
    lvl = struct.pack("<iBB9sBiiBBBB", 1, 0, 0, b"\x01" + b"\0" * 8, 0, 0, 0, 0, 0, 0, 0)
    lst = (
        struct.pack("<hii18sBB", 1, 7, 0, b"\xff\x0f" * 9, 1, 0)
        + lvl
        + b"\x02\x00"
        + "\x00.".encode("utf-16-le")
    )
    lfo = struct.pack("<iiiiBBBB", 1, 7, 0, 0, 0, 0, 0, 0) + b"\0" * 4
    table = bytearray()
    where = {}
    for key, blob in (("stsh", stsh), ("clx", clx), ("papx", bte), ("lst", lst), ("lfo", lfo), ("fld", fld)):
        where[key] = (len(table), len(blob))
        table += blob
    # FIB: base, 14 words, 22 longs (ccpText is the 4th), 93 fc/lcb pairs, no cswNew
    fib = bytearray(struct.pack("<HHHHHH", 0xA5EC, nfib, 0, 0x0419, 0, flags)).ljust(32, b"\0")
    fib += struct.pack("<H", 14) + b"\0" * 28 + struct.pack("<H", 22)
    longs = [0] * 22
    longs[0], longs[3] = len(word), ccp
    fib += struct.pack("<22i", *longs) + struct.pack("<H", 93)
    pairs = [0] * 186
    for key, index in (("stsh", 1), ("papx", 13), ("fld", 16), ("clx", 33), ("lst", 73), ("lfo", 74)):
        pairs[2 * index], pairs[2 * index + 1] = where[key]
    fib += struct.pack("<186I", *pairs) + b"\0\0"
    word[: len(fib)] = fib
    return cfb({"WordDocument": bytes(word), table_name: bytes(table)})


def test_doc_text_lists_fields_and_table():
    data = make_doc()
    assert sniff_format(data, "report.bin") == "doc"
    raw = read_document(data, "report.doc", CONFIG)
    assert raw.format == "doc"
    got = [(block.kind, block.text.text) for block in raw.blocks if block.kind != "table_row"]
    assert got == [
        ("heading", "Паспорт союзной программы"),
        ("heading", "Раздел о финансировании"),
        ("text", PARAGRAPHS[0]),
        ("list_item", "1. Первый\nпункт;"),
        ("list_item", "2. Второй пункт."),
        ("text", "Подробнее: сайт министерства."),
        ("text", "Таблица 1. Финансирование"),
        ("text", "Summary in English."),
    ]
    (table,) = raw.tables
    assert table.rows == [["Показатель", "2024", "2025"], ["Объем финансирования", "2 100,0", "2 300,0"]]
    assert table.caption == "Таблица 1. Финансирование"
    assert raw.blocks[-1].text.text == "Summary in English."  # the table ends before the next paragraph


def test_doc_pipeline(text_pipeline):
    doc = text_pipeline.process(make_doc(), name="report.doc")
    assert doc.status == "ok" and doc.format == "doc" and "Союзная программа" in doc.text
    assert [p.kind for p in doc.passages].count("table_row") == 2


def test_doc_refusals():
    error = error_of(make_doc(flags=0x0300), "locked.doc")
    assert error.code == "E_ENCRYPTED_PDF" and "encrypted Word document" in error.reason
    error = error_of(make_doc(nfib=104), "old.doc")
    assert error.code == "E_UNSUPPORTED_FORMAT" and "Word 6.0/95" in error.reason
    assert "no 1Table" in error_of(make_doc(table_name="0Table", flags=0x0200), "t.doc").reason
    sheet = cfb({"Workbook": b"\x09\x08" + b"\0" * 100})
    assert sniff_format(sheet, "book.doc") == "ole"
    error = error_of(sheet, "book.doc")
    assert error.code == "E_UNSUPPORTED_FORMAT" and "Excel" in error.reason
    locked = cfb({"EncryptedPackage": b"\0" * 100, "EncryptionInfo": b"\0" * 100})
    assert error_of(locked, "locked.docx").code == "E_ENCRYPTED_PDF"
    assert error_of(make_doc()[:1536], "cut.doc").code == "E_BROKEN_FILE"
    assert (
        error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8, "junk.doc").code
        == "E_BROKEN_FILE"
    )
    assert error_of(b"plain text, not Word", "fake.doc").code == "E_BROKEN_FILE"


def test_sniff_legacy_formats_by_content_first():
    from make_inputs import make_docx

    assert sniff_format(make_docx(), "saved-as.doc") == "docx"
    assert sniff_format(b"<html><body>Word web page</body></html>", "saved-as.doc") == "html"
    assert sniff_format(make_rtf(), "letter.doc") == "rtf"
    assert sniff_format(make_doc(), "report.rtf") == "doc"
    assert sniff_format(make_odt(), "report.docx") == "odt"
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 broken", "x.bin") == "doc"


def test_folders_pick_up_legacy_suffixes(tmp_path):
    from indpol.ingest.files import iter_input_files

    for name in ("a.doc", "b.RTF", "c.odt", "d.xls"):
        (tmp_path / name).write_bytes(b"x")
    assert [path.rsplit("/", 1)[1] for path, _ in iter_input_files([tmp_path])] == ["a.doc", "b.RTF", "c.odt"]


def test_special_files_are_named_for_what_they_are(tmp_path):
    import os

    from indpol.ingest.files import BROKEN_LINK, iter_input_files

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    found = dict(
        (p.rsplit("/", 1)[1], problem) for p, problem in iter_input_files([tmp_path], follow_links=True)
    )
    assert found == {
        "broken.txt": BROKEN_LINK,
        "loop1.txt": "symbolic link loop",
        "loop2.txt": "symbolic link loop",
        "pipe.txt": "a named pipe (FIFO), not a file",
        "zero.txt": "a device, not a file",
    }
    assert dict(iter_input_files([tmp_path / "pipe.txt"])) == {str(tmp_path / "pipe.txt"): found["pipe.txt"]}


def test_links_out_of_an_input_folder_are_reported_not_followed(tmp_path):
    from indpol.ingest.files import OUTSIDE, iter_input_files

    inputs, outside = tmp_path / "in", tmp_path / "outside"
    (inputs / "sub").mkdir(parents=True)
    outside.mkdir()
    (inputs / "report.txt").write_text("отчет", encoding="utf-8")
    (outside / "secret.txt").write_text("секрет", encoding="utf-8")
    (inputs / "link.txt").symlink_to(outside / "secret.txt")  # a file elsewhere
    (inputs / "folder").symlink_to(outside)  # a folder elsewhere
    (inputs / "sub" / "inside.txt").symlink_to(inputs / "report.txt")  # a link within the input folder
    found = {path.rsplit("/in/", 1)[1]: problem for path, problem in iter_input_files([inputs])}
    assert found == {"folder": OUTSIDE, "link.txt": OUTSIDE, "report.txt": None, "sub/inside.txt": None}
    followed = {
        path.rsplit("/in/", 1)[1]: problem for path, problem in iter_input_files([inputs], follow_links=True)
    }
    assert followed["link.txt"] is None and followed["folder/secret.txt"] is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_conversions_read_like_the_docx(tmp_path, text_pipeline):
    """Real-world check: LibreOffice's .doc, .rtf and .odt of a DOCX give the DOCX's passages and tables."""
    from make_inputs import make_docx

    (tmp_path / "report.docx").write_bytes(make_docx())
    expected = text_pipeline.process(tmp_path / "report.docx")
    for fmt in ("doc", "rtf", "odt"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", fmt,
             "--outdir", str(tmp_path), str(tmp_path / "report.docx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        doc = text_pipeline.process(tmp_path / f"report.{fmt}")
        assert doc.format == fmt and doc.status == "ok"
        assert [(p.kind, p.text) for p in doc.passages] == [(p.kind, p.text) for p in expected.passages]
        assert [t.rows for t in doc.tables] == [t.rows for t in expected.tables]
