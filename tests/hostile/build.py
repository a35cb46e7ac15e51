"""Build every hostile and broken input of issue 9 into a folder; nothing binary is committed.

Each builder returns bytes (or writes into the folder for links and paths). ``build_hostile``
writes them all, next to two good files, as a user's download folder might hold them;
``HOSTILE`` maps each file name to the status and error code a run must give it.

Run ``python tests/hostile/build.py OUT_DIR`` to look at the files by hand.
"""

from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from make_inputs import PARAGRAPHS, make_docx, make_html, make_image_pdf, make_pdf

BLANK_PAGES = 5000
BOMB_BYTES = 320 * 2**20  # over the default max_uncompressed_bytes (300 MB) once expanded
LONG_LINE_BYTES = 50 * 10**6
SCRIPT = "<script>alert(1)</script>"
PASSWD_MARK = "root:x:0:0"  # what /etc/passwd would leak through an external entity
SPACED_FOLDER = "папка с пробелами"
SPACED_NAME = "Отчёт министерства 2024.txt"

XXE_DOCTYPE = '<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS_DOCTYPE = (
    '<!DOCTYPE doc [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(2, 10)).replace(
        "&lol1;", "&lol;"
    )
    + "]>"
)
ENTITY_REF = {"xxe": "&xxe;", "laughs": "&lol9;"}
DOCTYPES = {"xxe": XXE_DOCTYPE, "laughs": LAUGHS_DOCTYPE}

# name → (status, error code) a run must give the file; None: no error code
HOSTILE: dict[str, tuple[str, str | None]] = {
    "empty.txt": ("failed", "E_EMPTY_FILE"),
    "random.pdf": ("failed", "E_BROKEN_FILE"),
    "random.docx": ("failed", "E_BROKEN_FILE"),
    "truncated.pdf": ("failed", "E_BROKEN_FILE"),
    "encrypted.pdf": ("failed", "E_ENCRYPTED_PDF"),
    "encrypted_empty_password.pdf": ("ok", None),
    "image_only.pdf": ("needs_ocr", "E_NO_TEXT_LAYER"),
    "blank_5000_pages.pdf": ("failed", "E_TOO_MANY_PAGES"),
    "zip_bomb.docx": ("failed", "E_TOO_BIG"),
    "xxe.docx": ("failed", "E_UNSAFE_CONTENT"),
    "laughs.docx": ("failed", "E_UNSAFE_CONTENT"),
    "xxe.html": ("failed", "E_UNSAFE_CONTENT"),
    "laughs.html": ("failed", "E_UNSAFE_CONTENT"),
    "cp1251_meta.html": ("ok", None),
    f"{SPACED_FOLDER}/{SPACED_NAME}": ("ok", None),
    "loop/self_loop.txt": ("failed", "E_UNREADABLE"),  # "symbolic link loop"
    "script.txt": ("ok", None),
    "good.pdf": ("ok", None),
    "good.docx": ("ok", None),
}
LONG_LINE = "one_line_50mb.txt"  # built only on request: 50 MB never goes into the repository


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def truncated_pdf() -> bytes:
    data = make_pdf([PARAGRAPHS, PARAGRAPHS[::-1]])
    return data[: len(data) // 3]


def blank_pages_pdf(pages: int = BLANK_PAGES) -> bytes:
    """A PDF of ``pages`` empty A4 pages (pypdfium2: ~0.1 s for 5,000)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    try:
        for _ in range(pages):
            pdf.new_page(595, 842).close()
        buffer = io.BytesIO()
        pdf.save(buffer)
        return buffer.getvalue()
    finally:
        pdf.close()


def zip_bomb_docx(size: int = BOMB_BYTES) -> bytes:
    """A DOCX whose extra member expands from ~0.3 MB to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx())) as good,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in good.infolist():
            bomb.writestr(info, good.read(info))
        chunk = b"\0" * 2**24
        with bomb.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def entity_docx(kind: str) -> bytes:
    """A DOCX whose document.xml declares an external entity or the billion-laughs chain."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx())) as good,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bad,
    ):
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, _, body = text.partition("?>")
                body = body.replace("Паспорт союзной программы", f"Паспорт {ENTITY_REF[kind]}", 1)
                data = f"{head}?>{DOCTYPES[kind].replace('doc', 'w:document', 1)}{body}".encode()
            bad.writestr(info, data)
    return buffer.getvalue()


def entity_html(kind: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{DOCTYPES[kind].replace("doc", "html", 1)}\n'
        f"<html><head><title>Отчёт</title></head><body><article><h1>Отчёт {ENTITY_REF[kind]}</h1>"
        f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>"
    ).encode()


def cp1251_meta_html() -> bytes:
    """Windows-1251 HTML whose encoding is declared only by an http-equiv meta tag."""
    page = make_html("utf-8").decode("utf-8")
    page = page.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    )
    return page.encode("cp1251")


def script_txt(value: str = "12 345,6") -> bytes:
    """A report whose figure sits next to a ``<script>`` fragment pasted from a web page."""
    return (
        f"Отчёт о ходе реализации программы\n\nНа сайте министерства размещён фрагмент {SCRIPT} "
        f"вместо текста; объем финансирования программы в 2024 году составит {value} тыс. рублей.\n\n"
        f"{PARAGRAPHS[0]}\n"
    ).encode()


MARKUP_NAME = 'отчёт "><svg onload=window.__pwned=1>.txt'  # a file name that would open markup
MARKUP_PIECES = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "' onmouseover='window.__pwned=1",
    '<a href="javascript:window.__pwned=1">ссылка</a>',
    "javascript:window.__pwned=1",
    "</script><script>window.__pwned=1</script><!--",
    "&lt;b&gt; &amp;amp; \u2028 \u2029",
)


def markup_txt() -> bytes:
    """A report whose facts stand among markup pasted from web pages: script elements, quotes that would
    end an attribute, ``javascript:`` links, a closing ``</script>``; a view must show them as text."""
    return (
        "Отчёт о ходе реализации программы\n\n"
        f"Министерство промышленности и торговли Российской Федерации {MARKUP_PIECES[0]} сообщает, что объем "
        f"финансирования программы {MARKUP_PIECES[1]} в 2024 году составит 12 345,6 тыс. рублей.\n\n"
        f"Федеральный закон от 31 декабря 2014 г. № 488-ФЗ «О промышленной политике {MARKUP_PIECES[2]}» "
        f"определяет меры поддержки; см. {MARKUP_PIECES[3]} и {MARKUP_PIECES[4]}.\n\n"
        f"Доля отечественной продукции выросла на 5,4 % {MARKUP_PIECES[5]} в 2023 году.\n\n"
        f"Примечание: {MARKUP_PIECES[6]}.\n\n{PARAGRAPHS[0]}\n"
    ).encode()


def long_line_txt(size: int = LONG_LINE_BYTES) -> bytes:
    """One line of ``size`` bytes (less a byte where the cut would split a letter): Russian sentences with no
    line break at all, valid UTF-8."""
    sentence = "Объем финансирования программы составит 12 345,6 тыс. рублей в 2024 году. ".encode()
    return (sentence * (size // len(sentence) + 1))[:size].decode("utf-8", "ignore").encode()


def word97_doc(text: str) -> bytes:
    """A minimal Word 97 binary document (a FIB and a piece table of one UTF-16 piece, in a compound file
    written by tests/test_ingest_legacy.py's ``cfb``) whose main text is ``text``: Word's marks as Word writes
    them (``\\r`` ends a paragraph, ``\\x01`` stands for a picture, ``\\x0c`` a page break)."""
    from test_ingest_legacy import cfb

    encoded, text_fc = text.encode("utf-16-le"), 0x400
    word = bytearray(max(0x600, text_fc + len(encoded)))
    word[text_fc : text_fc + len(encoded)] = encoded
    clx = (
        b"\x02"
        + struct.pack("<I", 4 * 2 + 8)
        + struct.pack("<II", 0, len(text))
        + struct.pack("<HIH", 0, text_fc, 0)
    )
    # FIB: Word 97 (nFib 0xC1), Russian, the table stream is 1Table; 14 words, 22 longs (ccpText the 4th),
    # 93 fc/lcb pairs of which only the piece table's (33) is set
    fib = bytearray(struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0419, 0, 0x0200)).ljust(32, b"\0")
    fib += struct.pack("<H", 14) + b"\0" * 28 + struct.pack("<H", 22)
    fib += struct.pack("<22i", len(word), 0, 0, len(text), *[0] * 18) + struct.pack("<H", 93)
    fib += struct.pack("<186I", *[0] * 66, 0, len(clx), *[0] * 118) + b"\0\0"
    word[: len(fib)] = fib
    return cfb({"WordDocument": bytes(word), "1Table": clx})


def good_pdf() -> bytes:
    return make_pdf([PARAGRAPHS, PARAGRAPHS[::-1]], header="Вестник союзной интеграции")


# name → builder of the bytes of every hostile file that is a plain file (links: build_hostile)
BUILDERS: dict[str, Callable[[], bytes]] = {
    "empty.txt": lambda: b"",
    "random.pdf": lambda: random_bytes(seed=7),
    "random.docx": lambda: random_bytes(seed=8),
    "truncated.pdf": truncated_pdf,
    "encrypted.pdf": lambda: make_pdf([PARAGRAPHS], encrypt="secret"),
    "encrypted_empty_password.pdf": lambda: make_pdf([PARAGRAPHS[::-1]], encrypt=""),
    "image_only.pdf": make_image_pdf,
    "blank_5000_pages.pdf": blank_pages_pdf,
    "zip_bomb.docx": zip_bomb_docx,
    "xxe.docx": lambda: entity_docx("xxe"),
    "laughs.docx": lambda: entity_docx("laughs"),
    "xxe.html": lambda: entity_html("xxe"),
    "laughs.html": lambda: entity_html("laughs"),
    "cp1251_meta.html": cp1251_meta_html,
    f"{SPACED_FOLDER}/{SPACED_NAME}": lambda: "\n\n".join(PARAGRAPHS[1:]).encode(),
    "script.txt": script_txt,
    "good.pdf": good_pdf,
    "good.docx": make_docx,
}


def write_files(folder: Path, names: Iterable[str]) -> Path:
    """Write the named files (keys of BUILDERS) into ``folder`` (created); return it."""
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(BUILDERS[name]())
    return folder


def build_hostile(folder: Path, *, long_line: bool = False) -> Path:
    """Write every hostile file into ``folder`` (created); return it.

    Adds a folder symlink loop (``loop/back`` → ``..``) and a file symlink pointing at
    itself (``loop/self_loop.txt``); with ``long_line`` also the 50 MB one-line TXT.
    """
    write_files(folder, BUILDERS)
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    os.symlink("..", loop / "back")
    os.symlink("self_loop.txt", loop / "self_loop.txt")
    if long_line:
        (folder / LONG_LINE).write_bytes(long_line_txt())
    return folder


if __name__ == "__main__":
    target = build_hostile(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-inputs"))
    print(f"built {target}")
