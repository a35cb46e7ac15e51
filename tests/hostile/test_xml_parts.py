"""Issue 21, item 9: entities in any XML part are refused, however hidden; no text after one is lost.

The old check (expat over members named ``*.xml``, a byte search in an HTML page's first bytes) was
passed by a declaration after 1.5 MB of padding, by UTF-16 XML and by a main part renamed
``word/main.bin``, and the text after the entity was then dropped with status ``ok``. Each file is
built here and run (two worker processes with a memory cap, in a process of its own that measures the run's
time and the workers' peak memory) next to good files that must come out ``ok``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import NO_STEPS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from make_inputs import PARAGRAPHS, make_docx, make_html

from indpol.testing import read_jsonl

from .build import LAUGHS_DOCTYPE, PASSWD_MARK, XXE_DOCTYPE
from .measured import TIMEOUT, assert_bounded, run_in_a_process

CAP_MB = 500

PADDING = "<!--" + "x" * 1_500_000 + "-->"  # the old HTML check looked at the first megabyte only
INTERNAL = '<!DOCTYPE doc [<!ENTITY xxe "секрет">]>'
EXTERNAL = '<!DOCTYPE doc SYSTEM "file:///etc/passwd">'  # never loaded; an undeclared &xxe; would hide text
SVG = (  # a picture as drawing programs write it: a DOCTYPE that only names an external DTD
    b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>'
)
FORMULA = (  # a formula object of LibreOffice, in the same way
    b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE math:math PUBLIC "-//OpenOffice.org//DTD Modified W3C '
    b'MathML 1.01//EN" "math.dtd"><math:math xmlns:math="http://www.w3.org/1998/Math/MathML"/>'
)
MARK = "Паспорт союзной программы"  # a heading of make_docx(): the entity goes into it
MAIN = "word/document.xml"


##########  BUILDERS  ##########


def with_doctype(
    xml: bytes, doctype: str, *, root: str, pad: str = "", encoding: str = "utf-8", ref: bool = False
) -> bytes:
    """``xml`` with ``doctype`` (its root renamed ``root``) after the XML declaration, ``pad`` before it,
    ``&xxe;`` in the middle of its first text when ``doctype`` declares it (or ``ref``), re-encoded as
    ``encoding`` (declared too)."""
    head, _, body = xml.decode("utf-8").partition("?>")
    head = head.replace("UTF-8", encoding.upper()).replace("utf-8", encoding.upper())
    if "xxe" in doctype or ref:
        body = body.replace(MARK, "Паспорт &xxe; союзной программы", 1).replace("Отчёт", "Отчёт &xxe;", 1)
    return f"{head}?>{pad}{doctype.replace('doc', root, 1)}{body}".encode(encoding)


def docx(
    member: str = MAIN,
    change: Callable[[bytes], bytes] = lambda xml: xml,
    rename: str = "",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """make_docx() with ``member`` changed and ``extra`` members added; with ``rename`` the main part is
    stored under that name."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx())) as good,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bad,
    ):
        for info in good.infolist():
            name, data = info.filename, good.read(info)
            if name == member:
                data = change(data)
            if rename:
                name = rename if name == MAIN else name
                data = data.replace(f"/{MAIN}".encode(), f"/{rename}".encode())  # [Content_Types].xml
                data = data.replace(f'Target="{MAIN}"'.encode(), f'Target="{rename}"'.encode())  # _rels/.rels
            bad.writestr(name, data)
        for name, data in (extra or {}).items():
            bad.writestr(name, data)
    return buffer.getvalue()


def docx_doctype(doctype: str = XXE_DOCTYPE, member: str = MAIN, rename: str = "", **options: Any) -> bytes:
    root = "w:document" if member == MAIN else "x"
    return docx(member, lambda xml: with_doctype(xml, doctype, root=root, **options), rename)


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def odt(
    change: Callable[[bytes], bytes] = lambda xml: xml,
    member: str = "content.xml",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A small OpenDocument text (a heading and two paragraphs) with ``member`` changed, ``extra`` added."""
    members = {
        "content.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}><office:body><office:text>'
            f"<text:h>{MARK}</text:h><text:p>{PARAGRAPHS[0]}</text:p><text:p>{PARAGRAPHS[1]}</text:p>"
            "</office:text></office:body></office:document-content>"
        ).encode(),
        "meta.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODT_NS}/>'.encode(),
        "styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS}/>'.encode(),
        "META-INF/manifest.xml": b'<?xml version="1.0" encoding="UTF-8"?><manifest/>',
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        for name, data in members.items():
            archive.writestr(name, change(data) if name == member else data)
    return buffer.getvalue()


def odt_doctype(doctype: str = XXE_DOCTYPE, member: str = "content.xml", **options: Any) -> bytes:
    return odt(lambda xml: with_doctype(xml, doctype, root="office:document", **options), member)


def xhtml(doctype: str = "", *, pad: str = "", encoding: str = "utf-8") -> bytes:
    page = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        f"<title>Отчёт</title></head><body><article><h1>Отчёт за 2024 год</h1><p>{PARAGRAPHS[0]}</p>"
        f"<p>{PARAGRAPHS[1]}</p></article></body></html>"
    ).encode()
    return with_doctype(page, doctype, root="html", pad=pad, encoding=encoding) if doctype else page


PUBLIC = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'

##########  CASES  ##########

UNSAFE = ("failed", "E_UNSAFE_CONTENT")
HTML_REASON = "a DOCTYPE with an internal subset"

# name → (builder, (status, code), words the reason must hold; for ``ok`` files: text that must be read)
CASES: dict[str, tuple[Callable[[], bytes], tuple[str, str | None], str]] = {
    # DOCX: every member, whatever its name or encoding
    "docx/padded.docx": (lambda: docx_doctype(pad=PADDING), UNSAFE, f"XML part {MAIN} declares entities"),
    "docx/padded_spaces.docx": (lambda: docx_doctype(pad=" " * 1_500_000), UNSAFE, f"XML part {MAIN}"),
    "docx/utf16.docx": (lambda: docx_doctype(INTERNAL, encoding="utf-16"), UNSAFE, f"XML part {MAIN}"),
    "docx/utf16le_no_bom.docx": (lambda: docx_doctype(INTERNAL, encoding="utf-16-le"), UNSAFE, MAIN),
    "docx/renamed_main.docx": (
        lambda: docx_doctype(rename="word/main.bin"),
        UNSAFE,
        "XML part word/main.bin declares entities in its DTD",
    ),
    "docx/side_part.docx": (
        lambda: docx_doctype(member="customXml/item1.xml"),
        UNSAFE,
        "XML part customXml/item1.xml",
    ),
    "docx/laughs_utf16.docx": (
        lambda: docx_doctype(LAUGHS_DOCTYPE, encoding="utf-16"),
        UNSAFE,
        f"XML part {MAIN} declares entities in its DTD",
    ),
    "docx/undeclared_entity.docx": (
        lambda: docx_doctype(EXTERNAL, ref=True),
        UNSAFE,
        f"XML part {MAIN} has a DTD that stops the parse (Entity 'xxe' not defined",  # standalone='yes'
    ),
    "docx/undeclared_entity_not_standalone.docx": (
        lambda: docx(
            change=lambda xml: with_doctype(
                xml.replace(b"standalone='yes'", b""), EXTERNAL, root="w:document", ref=True
            )
        ),
        UNSAFE,
        f"XML part {MAIN} refers to entities (&name;) that nothing here declares",
    ),
    # ODT: content.xml, styles.xml and the members nobody reads
    "odt/padded.odt": (lambda: odt_doctype(pad=PADDING), UNSAFE, "XML part content.xml declares entities"),
    "odt/utf16.odt": (lambda: odt_doctype(INTERNAL, encoding="utf-16"), UNSAFE, "XML part content.xml"),
    "odt/laughs_styles.odt": (
        lambda: odt_doctype(LAUGHS_DOCTYPE, member="styles.xml"),
        UNSAFE,
        "XML part styles.xml",
    ),
    "odt/meta_part.odt": (lambda: odt_doctype(member="meta.xml"), UNSAFE, "XML part meta.xml"),
    # HTML: the prolog is read however long, as decoded text
    "html/padded.html": (lambda: xhtml(XXE_DOCTYPE, pad=PADDING), UNSAFE, HTML_REASON),
    "html/utf16.html": (lambda: xhtml(INTERNAL, encoding="utf-16"), UNSAFE, HTML_REASON),
    # good files next to them: read whole
    "good/report.docx": (make_docx, ("ok", None), "Паспорт союзной программы"),
    "good/renamed_main.docx": (
        lambda: docx(rename="word/main.bin"),
        ("ok", None),
        "Паспорт союзной программы",
    ),
    "good/report.odt": (odt, ("ok", None), "Паспорт союзной программы"),
    "good/svg_picture.docx": (
        lambda: docx(extra={"word/media/image9.svg": SVG}),
        ("ok", None),
        "Паспорт союзной программы",
    ),
    "good/bare_doctype.docx": (
        lambda: docx_doctype("<!DOCTYPE doc>"),
        ("ok", None),
        "Паспорт союзной программы",
    ),
    "good/formula.odt": (lambda: odt(extra={"Object 1/content.xml": FORMULA}), ("ok", None), MARK),
    "good/page.html": (make_html, ("ok", None), "Итоги заседания Совета министров"),
    "good/public_doctype.html": (lambda: xhtml(PUBLIC), ("ok", None), "Отчёт за 2024 год"),
}


##########  RUN  ##########


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """(documents by name, passages by name, run folder, time and memory) of one run over every case."""
    base = tmp_path_factory.mktemp("xml")
    folder = base / "in"
    for name, (build, _expected, _words) in CASES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(build())
    out = base / "out"
    config = {**NO_STEPS, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": CAP_MB}}
    measured = run_in_a_process(folder, out, config, workers=2)
    documents = {
        str(Path(row["source"]).relative_to(folder)): row for row in read_jsonl(out / "documents.jsonl")
    }
    texts: dict[str, str] = {}
    for row in read_jsonl(out / "passages.jsonl"):
        name = next(name for name, doc in documents.items() if doc["doc_id"] == row["doc_id"])
        texts[name] = texts.get(name, "") + row["text"] + "\n"
    return documents, texts, out, measured


@pytest.mark.parametrize(("name", "case"), sorted(CASES.items()))
def test_xml_part_status_and_reason(run, name, case):
    documents, texts, _out, _measured = run
    _build, expected, words = case
    row = documents[name]
    assert (row["status"], row["error_code"]) == expected, row["error"]
    if expected[0] == "ok":
        assert row["error"] is None and words in texts[name]
    else:
        assert words in row["error"] and "\n" not in row["error"] and name not in texts


def test_nothing_expanded_or_fetched(run):
    _documents, _texts, out, _measured = run
    for path in out.glob("*.jsonl"):
        text = path.read_text(encoding="utf-8")
        assert PASSWD_MARK not in text and "секрет" not in text and "lollol" not in text, path.name


def test_time_and_peak_memory(run):
    *_rows, measured = run
    assert_bounded(measured, CAP_MB)
