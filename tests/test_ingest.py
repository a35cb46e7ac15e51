import re

import pytest
from conftest import NO_STEPS, needs_font, needs_seed

from indpol.ingest import sniff_format
from indpol.nlp.morph import load_morph
from indpol.pipeline import Pipeline

EXPECTED_STATUS = {
    "empty.txt": ("failed", "E_EMPTY_FILE"),
    "random.pdf": ("failed", "E_BROKEN_FILE"),
    "truncated.pdf": ("failed", "E_BROKEN_FILE"),
    "encrypted.pdf": ("failed", "E_ENCRYPTED_PDF"),
    "image_only.pdf": ("needs_ocr", "E_NO_TEXT_LAYER"),
    "good.pdf": ("ok", None),
    "cp1251.txt": ("ok", None),
    "koi8r.txt": ("ok", None),
    "report.docx": ("ok", None),
    "page.html": ("ok", None),
    "stray_byte.txt": ("ok", "E_ENCODING"),  # read, with a warning counting the stray byte
    "utf16_no_bom.txt": ("ok", None),
    "scripts_only.html": ("failed", "E_NO_TEXT_FOUND"),
}


@needs_font
@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_STATUS.items()))
def test_process_bad_and_good_inputs(text_pipeline, bad_inputs, name, expected):
    doc = text_pipeline.process(bad_inputs / name)
    assert (doc.status, doc.error_code) == expected
    if doc.status == "ok":
        assert doc.passages and doc.language == "ru"
        assert "Союзная программа" in doc.text
    else:
        assert doc.error and "\n" not in doc.error


@needs_font
def test_encoded_text_keeps_source_offsets(text_pipeline, bad_inputs):
    for name, encoding in (("cp1251.txt", "cp1251"), ("koi8r.txt", "koi8_r")):
        source = (bad_inputs / name).read_bytes().decode(encoding)
        doc = text_pipeline.process(bad_inputs / name)
        for passage in doc.passages:
            assert doc.text[passage.start : passage.end] == passage.text
            assert source[passage.source_start : passage.source_end] == passage.text
            assert passage.page is None


def test_utf8_bom_and_crlf_offsets(text_pipeline):
    source = "Первый абзац\r\nпродолжается.\r\n\r\nВторой абзац."
    doc = text_pipeline.process(b"\xef\xbb\xbf" + source.encode("utf-8"), name="bom.txt")
    first, second = doc.passages
    assert first.text == "Первый абзац продолжается."
    assert source[first.source_start : first.source_end] == "Первый абзац\r\nпродолжается."
    assert source[second.source_start : second.source_end] == "Второй абзац."


@needs_font
def test_docx_structure_and_table(text_pipeline, bad_inputs):
    doc = text_pipeline.process(bad_inputs / "report.docx")
    kinds = [p.kind for p in doc.passages]
    assert kinds[0] == "heading" and kinds.count("list_item") == 2 and kinds.count("table_row") == 2
    (table,) = doc.tables
    assert table.rows[1] == ("Финансирование", "2 100,0", "2 300,0")
    assert all(p.page is None for p in doc.passages)


def test_html_keeps_main_content_only(text_pipeline):
    from make_inputs import make_html

    for charset in ("utf-8", "windows-1251"):
        doc = text_pipeline.process(make_html(charset), name="page.html")
        assert "Взаимный товарооборот" in doc.text
        assert "cookie" not in doc.text and "Главная" not in doc.text and "Все права" not in doc.text


def test_html_line_breaks_end_lines(text_pipeline):
    """A list written with <br> inside one paragraph is a passage per line, as a reader sees it."""
    html = ("<html><body><p>Сеть учреждений здравоохранения района включает:<br>- 4 амбулатории;<br>"
            "- 14 фельдшерско-акушерских пунктов.</p></body></html>").encode()  # fmt: skip
    doc = text_pipeline.process(html, name="page.html")
    assert [p.text for p in doc.passages][-2:] == ["- 4 амбулатории;", "- 14 фельдшерско-акушерских пунктов."]


@needs_font
def test_pdf_running_lines_and_page_numbers_removed(text_pipeline, bad_inputs):
    doc = text_pipeline.process(bad_inputs / "good.pdf")
    assert doc.pages == 2
    assert "Вестник союзной интеграции" not in doc.text
    assert {p.page for p in doc.passages} == {1, 2}
    assert not re.search(r"(^|\n)\d\n", doc.text)


@needs_font
def test_pdf_table_is_structured_not_prose(text_pipeline):
    from make_inputs import PARAGRAPHS, make_pdf

    rows = [["Показатель", "2024", "2025"], ["Объем финансирования", "2 100,0", "2 300,0"]]
    doc = text_pipeline.process(make_pdf([PARAGRAPHS], table=rows), name="table.pdf")
    (table,) = doc.tables
    assert [list(r) for r in table.rows] == rows
    assert table.page == 1 and table.bbox and "тыс. рублей" in (table.caption or "")
    row_passages = [p for p in doc.passages if p.kind == "table_row"]
    assert [p.row for p in row_passages] == [0, 1] and row_passages[1].table_id == table.table_id


def test_sniff_format_by_content_not_name():
    assert sniff_format(b"%PDF-1.7 ...", "report.txt") == "pdf"
    assert sniff_format(b"<!DOCTYPE html><html>", "page.txt") == "html"
    assert sniff_format("текст".encode(), "notes.md") == "md"


def test_garbage_text_layer_is_not_passed_on():
    from indpol.ingest.quality import text_problem

    assert text_problem("(cid:12)(cid:13)(cid:14)(cid:15)(cid:16)(cid:17)(cid:18)") is not None
    assert text_problem("Ð¡Ð¾ÑŽÐ·Ð½Ð°Ñ Ð¿Ñ€Ð¾Ð³Ñ€Ð°Ð¼Ð¼Ð° Ð¿Ñ€ÐµÐ´") is not None
    assert text_problem("12 345 678 ... ### ;;; 999 000 111 222 333") is None  # numbers: a table page
    assert text_problem("Союзная программа предусматривает создание производств.") is None


def test_english_abstract_is_tagged_and_references_role(text_pipeline):
    text = (
        "Аннотация на русском языке про промышленную политику.\n"
        "The article presents an analysis of the industrial policy of two states.\n\n"
        "Keywords: industry; integration.\n\nСписок литературы\n\n1. Иванов И. И. Политика. 2020. С. 5."
    )
    doc = text_pipeline.process(text.encode(), name="a.txt")
    languages = [(p.language, p.role) for p in doc.passages]
    assert ("en", "body") in languages and ("en", "keywords") in languages
    assert doc.passages[-1].role == "references"


@needs_seed
def test_seed_no_dictionary_word_left_broken(text_pipeline):
    from conftest import SEED

    doc = text_pipeline.process(SEED)
    morph = load_morph()
    broken = [
        m.group()
        for m in re.finditer(r"\b([^\W\d_]+)-([^\W\d_]+)\b", doc.text)
        if morph.is_known(m.group(1) + m.group(2)) and not morph.is_known(m.group())
    ]
    assert broken == []
    assert "научно-технического" in doc.text and "Республики Беларусь" in doc.text
    assert "межправительственному" in doc.text
    source = SEED.read_text(encoding="utf-8")
    for passage in doc.passages:
        quoted = source[passage.source_start : passage.source_end]
        assert quoted[:10].split()[0] == passage.text[:10].split()[0]


def test_pipeline_from_dict_rejects_unknown_keys():
    from indpol.errors import ConfigError

    with pytest.raises(ConfigError):
        Pipeline.from_config({**NO_STEPS, "nonsense": 1})


def test_lone_year_at_page_edge_is_not_a_page_number():
    from indpol.ingest.pdf import Line, _is_running

    assert not _is_running(Line(100, 10, 130, 20, "2023"), 842, set())
    assert _is_running(Line(290, 820, 300, 830, "7"), 842, set())
    assert _is_running(Line(290, 820, 330, 830, "- 12 -"), 842, set())
    assert not _is_running(Line(290, 400, 300, 410, "7"), 842, set())


def test_docx_with_corrupt_deflate_stream_is_a_broken_file(text_pipeline):
    import io
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("Союзная программа реализуется.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start : start + 40] = bytes(40)
    doc = text_pipeline.process(bytes(data), name="corrupt.docx")
    assert (doc.status, doc.error_code) == ("failed", "E_BROKEN_FILE") and "broken DOCX" in doc.error


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        (b'<!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>', "declares entities"),  # entity expansion
        (b'<!DOCTYPE d [<!ENTITY a SYSTEM "file:///etc/passwd">]><d>&a;</d>', "declares entities"),  # XXE
        (
            b'<!DOCTYPE d [<!ENTITY % p SYSTEM "http://x/p.dtd"> %p;]><d/>',
            "declares entities",
        ),  # parameter entity
        (b'<!DOCTYPE d SYSTEM "x.dtd"><d>a &e; b</d>', "refers to entities"),  # "b" would be lost
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>'.encode(
                "utf-16"
            ),
            "declares",
        ),
        (b'<!DOCTYPE d SYSTEM "file:///etc/passwd"><d/>', None),  # names a DTD that is never loaded
        (
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
            None,
        ),
        (b"<!DOCTYPE d><d/>", None),
        (b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:t>&lt;!ENTITY&gt;</w:t></w:document>', None),
    ],
)
def test_xml_with_entities_is_refused(data, refused):
    from indpol.errors import IngestError
    from indpol.ingest.safety import parse_xml

    if refused:
        with pytest.raises(IngestError, match=rf"XML part word/x\.xml {refused}"):
            parse_xml(data, "x.docx", "word/x.xml")
    else:
        assert parse_xml(data, "x.docx", "word/x.xml") is not None


def test_xml_not_well_formed_is_left_to_the_reader():
    from lxml import etree

    from indpol.ingest.safety import parse_xml

    with pytest.raises(etree.XMLSyntaxError):
        parse_xml(b"<d><unclosed></d>", "x.docx", "word/x.xml")


def test_html_about_entities_is_read_but_a_declaring_prolog_is_refused(text_pipeline):
    page = (
        "<html><body><article><h1>Безопасность XML</h1><p>Союзная программа предусматривает защиту "
        'систем обработки документов.</p><pre><!ENTITY example "x"></pre></article></body></html>'
    )
    assert text_pipeline.process(page.encode(), name="xml.html").status == "ok"
    hostile = '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + page
    doc = text_pipeline.process(hostile.encode(), name="xxe.html")
    assert (doc.status, doc.error_code) == ("failed", "E_UNSAFE_CONTENT")
