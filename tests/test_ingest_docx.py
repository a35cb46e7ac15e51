"""The DOCX reader reads what Word shows: text boxes, content controls, tracked changes, smart tags,
custom XML, nested tables, hyperlinks and fields; tracked deletions and field instructions stay out."""

from __future__ import annotations

import io
import zipfile

import pytest

from indpol.config import IngestConfig
from indpol.ingest.base import RawDocument
from indpol.ingest.docx import read_docx

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())


def p(*runs: str, style: str | None = None) -> str:
    """A paragraph of raw run-level XML; plain strings become runs."""
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def tbl(*rows: list[str]) -> str:
    """A table; each row a list of cell contents (block-level XML, or plain text made a paragraph)."""
    body = "".join(
        "<w:tr>"
        + "".join(f"<w:tc>{cell if cell.startswith('<') else p(r(cell))}</w:tc>" for cell in row)
        + "</w:tr>"
        for row in rows
    )
    grid = "".join("<w:gridCol/>" for _ in rows[0])
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def sdt(content: str) -> str:
    return f'<w:sdt><w:sdtPr><w:alias w:val="Поле"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'


def wps_box(content: str) -> str:
    """A DrawingML shape with a text box, inline in a run's drawing."""
    return (
        '<w:drawing><wp:anchor><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="Надпись 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )


def vml_box(content: str) -> str:
    """A VML shape with a text box (Word 2003 documents, and the Fallback of newer ones)."""
    return f'<w:pict><v:shape id="s1"><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>'


def alternate(content: str) -> str:
    """A text box as Word 2010+ writes it: the same text in Choice (DrawingML) and Fallback (VML)."""
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{wps_box(content)}</mc:Choice>'
        f"<mc:Fallback>{vml_box(content)}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def field(instruction: str, result: str) -> str:
    """A complex field: begin, instruction, separate, displayed result, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{result}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


INS = '<w:ins w:id="1" w:author="А" w:date="2024-01-01T00:00:00Z">{}</w:ins>'
DEL = (
    '<w:del w:id="2" w:author="А" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{}</w:delText></w:r></w:del>'
)


def make_docx(body: str, footnotes: list[str] | None = None) -> bytes:
    """A DOCX whose body is ``body`` (raw XML), with footnotes (raw paragraph XML each) if given."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    target = document.element.body
    for child in list(target):
        if not child.tag.endswith("sectPr"):
            target.remove(child)
    wrapper = parse_xml(f"<w:body {DECLARATIONS}>{body}</w:body>")
    for offset, child in enumerate(list(wrapper)):
        target.insert(offset, child)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_footnotes(buffer.getvalue(), footnotes) if footnotes else buffer.getvalue()


def _with_footnotes(data: bytes, notes: list[str]) -> bytes:
    w = NAMESPACES["w"]
    separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    body = "".join(f'<w:footnote w:id="{i}">{note}</w:footnote>' for i, note in enumerate(notes, start=1))
    part = f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{w}">{separator}{body}</w:footnotes>'
    relation = (
        '<Relationship Id="rIdNotes" Target="footnotes.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/>'
    )
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    )
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", part.encode())
    return out.getvalue()


def view(body: str, footnotes: list[str] | None = None) -> list[tuple]:
    """The reader's blocks as (kind, text), a table as ("table", rows) at its first row, footnotes
    as ("footnote", text)."""
    return view_raw(read_docx(make_docx(body, footnotes), "test.docx", IngestConfig()))


def view_raw(raw: RawDocument) -> list[tuple]:
    """See :func:`view`."""
    out: list[tuple] = []
    for block in raw.blocks:
        if block.kind == "table_row":
            if block.row == 0:
                out.append(("table", raw.tables[block.table_index].rows))
        else:
            out.append(("footnote" if block.role == "footnote" else block.kind, block.text.text))
    return out


CASES = {
    "plain paragraphs and a table": (
        p(r("Первый абзац.")) + tbl(["Показатель", "2024"], ["Выпуск", "12,5"]),
        [("text", "Первый абзац."), ("table", [["Показатель", "2024"], ["Выпуск", "12,5"]])],
    ),
    "text box read once (Choice, not Fallback) after its anchor": (
        p(r("Абзац с надписью."), alternate(p(r("Утверждено")) + p(r("приказом № 5")))) + p(r("Следующий.")),
        [
            ("text", "Абзац с надписью."),
            ("text", "Утверждено"),
            ("text", "приказом № 5"),
            ("text", "Следующий."),
        ],
    ),
    "VML text box in an empty anchor paragraph": (
        p(f"<w:r>{vml_box(p(r('Штамп организации')))}</w:r>") + p(r("Текст.")),
        [("text", "Штамп организации"), ("text", "Текст.")],
    ),
    "DrawingML text box holding a table and a heading": (
        p(r("Якорь."), f"<w:r>{wps_box(p(r('Итоги'), style='Heading1') + tbl(['А', 'Б']))}</w:r>"),
        [("text", "Якорь."), ("heading", "Итоги"), ("table", [["А", "Б"]])],
    ),
    "group of shapes: every text box once": (
        p(
            "<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wpg:wgp>"
            f"<wps:wsp><wps:txbx><w:txbxContent>{p(r('Первая'))}</w:txbxContent></wps:txbx></wps:wsp>"
            f"<wps:wsp><wps:txbx><w:txbxContent>{p(r('Вторая'))}</w:txbxContent></wps:txbx></wps:wsp>"
            "</wpg:wgp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
        ),
        [("text", "Первая"), ("text", "Вторая")],
    ),
    "body-level content control: paragraphs and a table in body order": (
        p(r("До."))
        + sdt(p(r("Оглавление"), style="Heading1") + p(r("Введение\t3")) + tbl(["x", "y"]))
        + p(r("После.")),
        [
            ("text", "До."),
            ("heading", "Оглавление"),
            ("text", "Введение\t3"),
            ("table", [["x", "y"]]),
            ("text", "После."),
        ],
    ),
    "inline content control and nested controls": (
        p(r("Дата: "), sdt(r("1 марта 2024")), r(" г.")) + sdt(sdt(p(r("Вложенное поле")))),
        [("text", "Дата: 1 марта 2024 г."), ("text", "Вложенное поле")],
    ),
    "tracked insertion read, deletion not": (
        p(r("Объем "), INS.format(r("составит 5 млрд")), DEL.format("составлял 3 млрд"), r(" рублей.")),
        [("text", "Объем составит 5 млрд рублей.")],
    ),
    "moved text read at its new place only": (
        p(r("Начало."), '<w:moveFrom w:id="3" w:author="А"><w:r><w:t>Перенос.</w:t></w:r></w:moveFrom>')
        + p('<w:moveTo w:id="4" w:author="А"><w:r><w:t>Перенос.</w:t></w:r></w:moveTo>'),
        [("text", "Начало."), ("text", "Перенос.")],
    ),
    "smart tags and custom XML around runs and paragraphs": (
        p(
            r("Город "),
            '<w:smartTag w:uri="urn:x" w:element="City"><w:smartTagPr/>' + r("Минск") + "</w:smartTag>",
            '<w:customXml w:element="amount">' + r(", 10 млн") + "</w:customXml>",
        )
        + '<w:customXml w:element="section">'
        + p(r("Раздел в разметке."))
        + "</w:customXml>",
        [("text", "Город Минск, 10 млн"), ("text", "Раздел в разметке.")],
    ),
    "hyperlink, simple field and complex field results; instructions left out": (
        p(
            r("См. "),
            '<w:hyperlink r:id="rId99">' + r("портал") + "</w:hyperlink>",
            r(", стр. "),
            '<w:fldSimple w:instr=" PAGE ">' + r("7") + "</w:fldSimple>",
            r(", "),
            field(" REF _Ref1 \\h ", r("таблица 2")),
            r("."),
        )
        + p(
            field(
                ' HYPERLINK \\l "_Toc1" ',
                '<w:hyperlink w:anchor="_Toc1">'
                + r("1. Введение")
                + field(" PAGEREF _Toc1 \\h ", r("\t3"))
                + "</w:hyperlink>",
            )
        ),
        [("text", "См. портал, стр. 7, таблица 2."), ("text", "1. Введение\t3")],
    ),
    "field without a result shows nothing of its instruction": (
        p(
            r("Итого"),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>=SUM(ABOVE)</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            r("."),
        ),
        [("text", "Итого.")],
    ),
    "breaks keep words apart": (
        p(
            r("Содержание"),
            '<w:r><w:br w:type="page"/></w:r>',
            r("Введение"),
            "<w:r><w:br/><w:t>Текст</w:t></w:r>",
        ),
        [("text", "Содержание\nВведение\nТекст")],
    ),
    "nested table: its cells join the outer cell's text": (
        tbl(["Мера", p(r("Субсидии:")) + tbl(["2024", "1,5"], ["2025", "2,0"]) + p(r("млрд рублей"))]),
        [("table", [["Мера", "Субсидии: 2024 1,5 2025 2,0 млрд рублей"]])],
    ),
    "cell with tracked changes, a content control and a text box": (
        tbl(
            [
                "Срок",
                p(INS.format(r("2026")), DEL.format("2025"), sdt(r(" год")), alternate(p(r("(уточн.)")))),
            ]
        ),
        [("table", [["Срок", "2026 год (уточн.)"]])],
    ),
    "rows and cells inside content controls stay on the grid": (
        tbl(["Год", "Сумма"]).replace(
            "</w:tbl>",
            sdt(
                "<w:tr><w:tc>" + p(r("2024")) + "</w:tc>" + sdt("<w:tc>" + p(r("10")) + "</w:tc>") + "</w:tr>"
            )
            + "</w:tbl>",
        ),
        [("table", [["Год", "Сумма"], ["2024", "10"]])],
    ),
    "merged cells stay on the grid": (
        tbl(
            ['<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' + p(r("Этап 1")), "2024"],
            ["<w:tcPr><w:vMerge/></w:tcPr>" + p(), "2025"],
        ),
        [("table", [["Этап 1", "2024"], ["", "2025"]])],
    ),
}


@pytest.mark.parametrize(("body", "expected"), CASES.values(), ids=CASES.keys())
def test_docx_reads_what_word_shows(body, expected):
    assert view(body) == expected


FOOTNOTE_CASES = {
    "footnote with tracked changes and a field": (
        [p(r("Сноска "), INS.format(r("новая")), DEL.format("старая"), field(" PAGE ", r(" 4")))],
        ["1 Сноска новая 4"],
    ),
    "footnote of two paragraphs and a tab, separators left out": (
        [p(r("Первая.")) + p(r("Вторая"), "<w:r><w:tab/></w:r>", r("часть.")), p(r("Ещё одна."))],
        ["1 Первая. Вторая часть.", "2 Ещё одна."],
    ),
}


@pytest.mark.parametrize(("notes", "expected"), FOOTNOTE_CASES.values(), ids=FOOTNOTE_CASES.keys())
def test_docx_footnotes(notes, expected):
    blocks = view(p(r("Текст.")), footnotes=notes)
    assert blocks == [("text", "Текст.")] + [("footnote", text) for text in expected]


NUMBERED = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr>'
LIST_CASES = {
    "a numbered paragraph in a text box continues the list": (
        f"<w:p>{NUMBERED}{r('Первый')}</w:p>" + p(alternate(f"<w:p>{NUMBERED}{r('Второй')}</w:p>")),
        [("list_item", "1. Первый"), ("list_item", "2. Второй")],
    ),
    "numbered cells show their numbers, counted in reading order": (
        tbl([f"<w:p>{NUMBERED}{r('Субсидии')}</w:p>", "10,0"], [f"<w:p>{NUMBERED}{r('Займы')}</w:p>", "5,0"])
        + f"<w:p>{NUMBERED}{r('Гарантии')}</w:p>",
        [("table", [["1. Субсидии", "10,0"], ["2. Займы", "5,0"]]), ("list_item", "3. Гарантии")],
    ),
}


@pytest.mark.parametrize(("body", "expected"), LIST_CASES.values(), ids=LIST_CASES.keys())
def test_docx_list_numbers_outside_body_paragraphs(body, expected):
    import docx
    from docx.oxml import parse_xml
    from test_docx_numbering import _add_list

    document = docx.Document()
    _add_list(document, 90, 90, [("decimal", "%1.")])
    target = document.element.body
    for child in parse_xml(f"<w:body {DECLARATIONS}>{body}</w:body>"):
        target.insert(len(target) - 1, child)
    buffer = io.BytesIO()
    document.save(buffer)
    assert view_raw(read_docx(buffer.getvalue(), "list.docx", IngestConfig())) == expected


def _paged_docx(first_page: bool, sections: int = 1, break_kind: str = "page") -> bytes:
    """A letter made with python-docx: a letterhead in the first-page header, "Москва, 2022" in the
    first-page footer, a running header and footer on every page, two pages of text per section
    (split by a hard page break, or by a paragraph Word marked as starting a page)."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for number in range(1, sections + 1):
        section = document.sections[0] if number == 1 else document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = first_page
        if number == 1:
            section.first_page_header.paragraphs[0].text = "МИНИСТЕРСТВО ПРОМЫШЛЕННОСТИ И ТОРГОВЛИ"
            section.first_page_footer.paragraphs[0].text = "Москва, 2022"
            section.header.paragraphs[0].text = "Колонтитул каждой страницы"
            section.footer.paragraphs[0].text = "Нижний колонтитул"
        document.add_paragraph(f"Раздел {number}, первая страница.")
        ending = document.add_paragraph(f"Раздел {number}, конец первой страницы.")
        if break_kind == "page":
            ending.add_run().add_break(WD_BREAK.PAGE)
        second = document.add_paragraph()
        if break_kind == "rendered":
            second._p.add_r().append(
                docx.oxml.parse_xml(f"<w:lastRenderedPageBreak {DECLARATIONS.split()[0]}/>")
            )
        second.add_run(f"Раздел {number}, вторая страница.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


LETTERHEAD, TOWN = "МИНИСТЕРСТВО ПРОМЫШЛЕННОСТИ И ТОРГОВЛИ", "Москва, 2022"
PAGE_CASES = {
    "first page header and footer": (
        _paged_docx(True),
        [LETTERHEAD, "Раздел 1, первая страница.", "Раздел 1, конец первой страницы.", TOWN,
         "Раздел 1, вторая страница."],
    ),
    "page end where Word last broke the page": (
        _paged_docx(True, break_kind="rendered"),
        [LETTERHEAD, "Раздел 1, первая страница.", "Раздел 1, конец первой страницы.", TOWN,
         "Раздел 1, вторая страница."],
    ),
    "no distinct first page: running header only, not read": (
        _paged_docx(False),
        ["Раздел 1, первая страница.", "Раздел 1, конец первой страницы.", "Раздел 1, вторая страница."],
    ),
    "a second section inherits the first page parts, read once": (
        _paged_docx(True, sections=2),
        [LETTERHEAD, "Раздел 1, первая страница.", "Раздел 1, конец первой страницы.", TOWN,
         "Раздел 1, вторая страница.", "Раздел 2, первая страница.", "Раздел 2, конец первой страницы.",
         "Раздел 2, вторая страница."],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("data", "expected"), PAGE_CASES.values(), ids=PAGE_CASES.keys())
def test_docx_first_page_header_and_footer_not_running_ones(data, expected):
    raw = read_docx(data, "letter.docx", IngestConfig())
    assert [block.text.text for block in raw.blocks] == expected
