"""Build the PDF layout fixtures of this folder.

Seven DOCX twins are written with python-docx and converted to PDF by LibreOffice; two PDFs
(``garbage_layer.pdf``, ``numbers_table.pdf``) are drawn with fpdf2, and ``numbers_table.xlsx`` is
converted by LibreOffice Calc into ``numbers_table_calc.pdf``. Every sentence is invented.

Run from the repository root: ``python tests/data/pdf_layouts/build.py`` (needs ``soffice``, the
Liberation and DejaVu fonts and, for the hyphenated article, the Russian hyphenation patterns:
``apt-get install libreoffice-writer libreoffice-calc fonts-liberation fonts-dejavu-core hyphen-ru``).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Protocol
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
SERIF = "Liberation Serif"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU = FONT_DIR / "DejaVuSans.ttf"
DEJAVU_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FIXED_TIME = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
ZIP_TIME = (2024, 3, 1, 9, 0, 0)
TEXT_WIDTH = 16.5  # cm: A4 with 3 cm left and 1.5 cm right margins

J = WD_ALIGN_PARAGRAPH.JUSTIFY
C = WD_ALIGN_PARAGRAPH.CENTER
L = WD_ALIGN_PARAGRAPH.LEFT
R = WD_ALIGN_PARAGRAPH.RIGHT
INLINE = re.compile(r"(\*\*.+?\*\*|\[\[.+?\]\])")


class Container(Protocol):
    """Anything python-docx can add a paragraph to: a document, a cell, a header or footer."""

    def add_paragraph(self, text: str = ..., style: object = ...) -> Paragraph: ...


@dataclass(frozen=True)
class Fmt:
    """Paragraph look; lengths in cm, spacing in points, ``first`` < 0 is a hanging indent."""

    align: WD_ALIGN_PARAGRAPH = J
    first: float = 1.25
    left: float = 0.0
    size: float | None = None
    bold: bool = False
    italic: bool = False
    before: float = 0.0
    after: float = 0.0
    line: float | None = None
    tabs: tuple[tuple[float, WD_TAB_ALIGNMENT], ...] = ()
    keep_next: bool = False


BODY = Fmt()
PLAIN = Fmt(first=0.0)
TITLE = Fmt(align=C, first=0.0, bold=True)
APPROVAL = Fmt(align=L, first=0.0, left=8.5)


# ---------------------------------------------------------------- DOCX plumbing


class Footnotes:
    """Footnotes of one document; python-docx has no API for them, so the part is written here."""

    def __init__(self, size: float = 10) -> None:
        self.notes: list[str] = []
        self.size = size

    def reference(self, paragraph: Paragraph, text: str) -> None:
        """Append a superscript footnote mark to ``paragraph`` for a note reading ``text``."""
        self.notes.append(text)
        run = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{len(self.notes)}"/></w:r>'
        )
        paragraph._p.append(run)

    def attach(self, doc: DocxDocument) -> None:
        """Write word/footnotes.xml and relate it to the document part."""
        if not self.notes:
            return
        half_points = int(self.size * 2)
        doc.styles.element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
                f'<w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr>'
                f'<w:rPr><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr></w:style>'
            )
        )
        doc.styles.element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
                '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            )
        )
        spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        items = [
            f'<w:footnote w:type="separator" w:id="-1"><w:p>{spacing}<w:r><w:separator/></w:r></w:p></w:footnote>',
            f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{spacing}'
            "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>",
        ]
        for number, text in enumerate(self.notes, start=1):
            items.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            )
        xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>{"".join(items)}</w:footnotes>'
        part = Part(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            xml.encode("utf-8"),
            doc.part.package,
        )
        doc.part.relate_to(part, RT.FOOTNOTES)


def escape(text: str) -> str:
    """XML-escape text for a w:t element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def new_document(
    *, landscape: bool = False, size: float = 14, margins: tuple[float, ...] = (2, 1.5, 2, 3)
) -> DocxDocument:
    """An A4 document in Liberation Serif, Russian language, no spacing after paragraphs.

    ``margins`` are top, right, bottom, left in cm.
    """
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    half = int(size * 2)
    rpr.append(
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{SERIF}" w:hAnsi="{SERIF}" w:eastAsia="{SERIF}" w:cs="{SERIF}"/>'
        )
    )
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{half}"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{half}"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/>'))
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for name in ("Header", "Footer"):  # the template's US-letter tab stops would sit past the margin
        tabs = doc.styles[name].element.find(f"{qn('w:pPr')}/{qn('w:tabs')}")
        if tabs is not None:
            tabs.getparent().remove(tabs)
    settings = doc.settings.element
    settings.find(qn("w:defaultTabStop")).set(qn("w:val"), "708")
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    top, right, bottom, left = margins
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = section.footer_distance = Cm(1.0)
    props = doc.core_properties
    props.author = props.last_modified_by = "Департамент промышленной политики"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def auto_hyphenation(doc: DocxDocument) -> None:
    """Turn on automatic hyphenation (w:autoHyphenation belongs right after w:defaultTabStop)."""
    settings = doc.settings.element
    settings.find(qn("w:defaultTabStop")).addnext(parse_xml(f"<w:autoHyphenation {nsdecls('w')}/>"))


def add_numbering(doc: DocxDocument, num_id: int, kind: str, text: str, left: float, hanging: float) -> int:
    """Define a one-level Word list ("bullet" or "decimal") and return its numId."""
    twips_left, twips_hanging = round(left * 567), round(hanging * 567)
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
        f'<w:suff w:val="tab"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{twips_left}"/></w:tabs>'
        f'<w:ind w:left="{twips_left}" w:hanging="{twips_hanging}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{SERIF}" w:hAnsi="{SERIF}"/></w:rPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    )
    return num_id


def style_paragraph(paragraph: Paragraph, fmt: Fmt) -> None:
    """Apply ``fmt`` to the paragraph (not to its runs)."""
    pf = paragraph.paragraph_format
    pf.alignment = fmt.align
    pf.first_line_indent = Cm(fmt.first) if fmt.first else None
    pf.left_indent = Cm(fmt.left) if fmt.left else None
    pf.space_before = Pt(fmt.before)
    pf.space_after = Pt(fmt.after)
    if fmt.line is not None:
        pf.line_spacing = fmt.line
    if fmt.keep_next:
        pf.keep_with_next = True
    for position, alignment in fmt.tabs:
        pf.tab_stops.add_tab_stop(Cm(position), alignment)


def add_runs(paragraph: Paragraph, text: str, fmt: Fmt, notes: Footnotes | None = None) -> None:
    """Add ``text`` as runs: ``**bold**`` is bold, ``[[note]]`` becomes a footnote mark."""
    for piece in INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("[[") and notes is not None:
            notes.reference(paragraph, piece[2:-2])
            continue
        bold = piece.startswith("**")
        run = paragraph.add_run(piece[2:-2] if bold else piece)
        run.bold = fmt.bold or bold or None
        run.italic = fmt.italic or None
        if fmt.size:
            run.font.size = Pt(fmt.size)


def par(container: Container, text: str, fmt: Fmt = BODY, notes: Footnotes | None = None) -> Paragraph:
    """Add one paragraph."""
    paragraph = container.add_paragraph()
    style_paragraph(paragraph, fmt)
    add_runs(paragraph, text, fmt, notes)
    return paragraph


def pars(container: Container, texts: Iterable[str], fmt: Fmt = BODY, notes: Footnotes | None = None) -> None:
    """Add several paragraphs of one look."""
    for text in texts:
        par(container, text, fmt, notes)


def block(container: Container, lines: Sequence[str], fmt: Fmt) -> None:
    """Lines typed as separate paragraphs (a title): spacing only before the first and after the last."""
    for index, line in enumerate(lines):
        before = fmt.before if index == 0 else 0.0
        after = fmt.after if index == len(lines) - 1 else 0.0
        par(container, line, replace(fmt, before=before, after=after))


def list_item(container: Container, text: str, num_id: int, fmt: Fmt = BODY) -> Paragraph:
    """A paragraph numbered by Word (indents come from the numbering definition)."""
    paragraph = par(container, text, Fmt(align=fmt.align, first=0.0, size=fmt.size))
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def add_field(paragraph: Paragraph, instruction: str, size: float | None = None) -> None:
    """Insert a field such as PAGE or NUMPAGES as Word writes it (begin, code, separate, result, end)."""
    pieces = [
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ]
    rpr = f'<w:rPr><w:sz w:val="{int(size * 2)}"/></w:rPr>' if size else ""
    for piece in pieces:
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{rpr}{piece}</w:r>"))


def bottom_border(paragraph: Paragraph) -> None:
    """A thin rule under the paragraph (added first so python-docx keeps pPr children in order)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>'
    )
    ppr.insert(0, border)


def set_widths(table: Table, widths: Sequence[float]) -> None:
    """Fixed column widths in cm (grid and every cell), as Word stores them."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(round(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def fill(cell: _Cell, text: str, fmt: Fmt) -> None:
    """Write text into a cell's first paragraph; ``\\n`` starts another paragraph."""
    first, *rest = text.split("\n")
    paragraph = cell.paragraphs[0]
    style_paragraph(paragraph, fmt)
    add_runs(paragraph, first, fmt)
    for line in rest:
        par(cell, line, fmt)


def repeat_header(row_element: object, *, cant_split: bool = True) -> None:
    """Mark a table row as a header row repeated on every page (Word's "repeat header row")."""
    trpr = row_element.get_or_add_trPr()
    if cant_split:
        trpr.append(OxmlElement("w:cantSplit"))
    trpr.append(OxmlElement("w:tblHeader"))


def save_docx(doc: DocxDocument, path: Path, notes: Footnotes | None = None) -> None:
    """Save with fixed zip timestamps so a rebuild gives the same bytes."""
    if notes is not None:
        notes.attach(doc)
    buffer = BytesIO()
    doc.save(buffer)
    write_fixed_zip(buffer.getvalue(), path)


def write_fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite an OOXML zip with fixed member times and a fixed dcterms:modified date."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with ZipFile(BytesIO(data)) as source, ZipFile(path, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            fixed = ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = ZIP_DEFLATED
            target.writestr(fixed, content)


# ---------------------------------------------------------------- 1. justified prose

APPROVED_BY_COUNCIL = (
    "УТВЕРЖДЕНО",
    "постановлением Совета Министров",
    "Союзного государства",
    "от 14 марта 2024 г. № 7",
)

PROSE = (
    "Станкоинструментальная промышленность является базовой отраслью машиностроительного комплекса Союзного государства, определяющей технологическую независимость обрабатывающих производств, оборонно-промышленного комплекса и энергетического машиностроения. Состояние парка металлообрабатывающего оборудования непосредственно влияет на производительность труда, себестоимость продукции и конкурентоспособность высокотехнологичных отраслей на внутреннем и внешних рынках.",
    "Анализ показывает, что в 2019–2023 годах доля импортного оборудования в общем объеме приобретаемых металлорежущих станков с числовым программным управлением сохранялась на уровне 70–75 процентов, а по отдельным группам высокоточного многокоординатного оборудования превышала 90 процентов. Значительная часть систем числового программного управления, электроприводов, шпиндельных узлов и измерительных преобразователей поставлялась производителями недружественных государств, что в условиях введенных ограничительных мер привело к приостановке поставок и сервисного обслуживания.",
    "Производственные мощности станкостроительных организаций Республики Беларусь и Российской Федерации загружены неравномерно. Наряду с предприятиями, осуществляющими серийный выпуск универсальных токарных и фрезерных станков, функционируют малые инжиниринговые компании, специализирующиеся на проектировании уникального оборудования, однако их производственно-технологическая кооперация носит преимущественно эпизодический характер и не опирается на долгосрочные межгосударственные заказы.",
    "Необходимость программно-целевого подхода обусловлена межотраслевым характером задач, требующих согласованного финансирования научно-исследовательских и опытно-конструкторских работ, модернизации испытательной инфраструктуры, создания производств электронной компонентной базы для систем управления, а также подготовки инженерно-технических кадров. Решение указанных задач исключительно за счет собственных средств организаций невозможно вследствие длительных сроков окупаемости и высоких технологических рисков.",
    "Реализация союзной программы позволит к 2028 году увеличить объем производства металлообрабатывающего оборудования в 2,3 раза по сравнению с 2023 годом, довести долю отечественных систем числового программного управления в выпускаемых станках до 60 процентов, создать не менее 1 200 высокопроизводительных рабочих мест и обеспечить выход на рынки государств – членов Евразийского экономического союза с продукцией, соответствующей требованиям международных стандартов точности и надежности.",
    "Государственными заказчиками-координаторами союзной программы предлагается определить Министерство промышленности и торговли Российской Федерации и Министерство промышленности Республики Беларусь. Исполнителями мероприятий выступят организации станкоинструментальной и радиоэлектронной промышленности, отобранные на конкурсной основе с учетом наличия производственной базы, квалифицированного персонала и подтвержденного опыта выполнения аналогичных проектов.",
    "Общий объем финансирования союзной программы составит 4 862 300,0 тыс. рублей, в том числе за счет средств бюджета Союзного государства – 3 651 100,0 тыс. рублей, за счет внебюджетных источников – 1 211 200,0 тыс. рублей. Распределение бюджетных ассигнований по годам реализации и направлениям расходов будет уточняться ежегодно при формировании проекта бюджета Союзного государства на очередной финансовый год.",
    "Основными рисками реализации союзной программы являются удорожание импортируемых материалов и комплектующих, отсутствие отдельных видов специализированного технологического оборудования, недостаточная численность конструкторов и технологов высшей квалификации. Для их минимизации предусматриваются поэтапное финансирование мероприятий с промежуточной экспертизой результатов, а также ежегодная корректировка целевых индикаторов с учетом фактически достигнутых показателей.",
)


def page_number_header(doc: DocxDocument, *, skip_first: bool) -> None:
    """Centred page number in the header, as in Russian orders (none on page 1 when ``skip_first``)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = skip_first
    paragraph = section.header.paragraphs[0]
    style_paragraph(paragraph, Fmt(align=C, first=0.0))
    add_field(paragraph, "PAGE")


def justified_prose() -> DocxDocument:
    """Justified 14 pt prose with long words, approval block top right, page numbers in the header."""
    doc = new_document()
    page_number_header(doc, skip_first=True)
    pars(doc, APPROVED_BY_COUNCIL, APPROVAL)
    par(doc, "ОБОСНОВАНИЕ", Fmt(align=C, first=0.0, bold=True, before=24))
    pars(
        doc,
        (
            "необходимости разработки союзной программы",
            "«Развитие станкоинструментальной промышленности",
            "и производства систем управления» на 2024–2028 годы",
        ),
        TITLE,
    )
    par(doc, "", PLAIN)
    pars(doc, PROSE)
    return doc


# ---------------------------------------------------------------- 2. numbered paragraphs, hanging indents

HANG = Fmt(first=-1.25, left=1.25, tabs=((1.25, WD_TAB_ALIGNMENT.LEFT),))
SUB = Fmt(first=-0.75, left=2.0, tabs=((2.0, WD_TAB_ALIGNMENT.LEFT),))
HEADING = Fmt(align=C, first=0.0, bold=True, before=12, after=6, keep_next=True)


def numbered_hanging() -> DocxDocument:
    """A regulation: "1.1.<TAB>" paragraphs with hanging indents, "а)" and Word-numbered "1)" sub-items."""
    doc = new_document()
    decimal = add_numbering(doc, 51, "decimal", "%1)", left=2.0, hanging=0.75)
    decimal_again = add_numbering(doc, 52, "decimal", "%1)", left=2.0, hanging=0.75)
    pars(
        doc,
        (
            "УТВЕРЖДЕНО",
            "постановлением Совета Министров",
            "Союзного государства",
            "от 5 февраля 2024 г. № 3",
        ),
        APPROVAL,
    )
    par(doc, "ПОЛОЖЕНИЕ", Fmt(align=C, first=0.0, bold=True, before=24))
    block(
        doc,
        ("о цифровой платформе промышленной кооперации", "Союзного государства"),
        Fmt(align=C, first=0.0, bold=True, after=12),
    )
    par(doc, "1. Общие положения", HEADING)
    pars(
        doc,
        (
            "1.1.\tНастоящее Положение определяет цели, задачи, порядок формирования и функционирования цифровой платформы промышленной кооперации Союзного государства (далее – Платформа), а также права и обязанности ее участников.",
            "1.2.\tПлатформа является межгосударственной информационной системой, предназначенной для поиска поставщиков промышленной продукции, размещения сведений о производственных мощностях и заключения договоров кооперационных поставок между организациями Республики Беларусь и Российской Федерации.",
            "1.3.\tПлатформа формируется на основе интеграции отраслевых информационных ресурсов министерств промышленности государств-участников и функционирует с использованием программно-аппаратных средств, размещенных на территории каждого из государств.",
            "1.4.\tДля целей настоящего Положения используются следующие основные понятия:",
        ),
        HANG,
    )
    pars(
        doc,
        (
            "а)\tучастник Платформы – юридическое лицо или индивидуальный предприниматель, зарегистрированный в установленном порядке и прошедший процедуру идентификации;",
            "б)\tкооперационная поставка – поставка комплектующих изделий, материалов или услуг по обработке, осуществляемая в рамках производства конечной промышленной продукции;",
            "в)\tкарточка производственных возможностей – электронный документ, содержащий сведения о выпускаемой продукции, технологическом оборудовании и свободных производственных мощностях участника.",
        ),
        SUB,
    )
    par(doc, "2. Задачи и функции Платформы", HEADING)
    par(doc, "2.1.\tОсновными задачами Платформы являются:", BODY)
    for text in (
        "сокращение сроков поиска поставщиков комплектующих изделий и материалов для организаций машиностроения, станкостроения и радиоэлектронной промышленности;",
        "повышение загрузки производственных мощностей за счет размещения заказов на свободном оборудовании организаций обоих государств;",
        "формирование достоверной картины кооперационных связей для подготовки предложений по мерам промышленной политики.",
    ):
        list_item(doc, text, decimal)
    par(
        doc,
        "2.2.\tПлатформа обеспечивает выполнение следующих функций, осуществляемых в автоматизированном режиме с применением электронной подписи:",
        BODY,
    )
    pars(
        doc,
        (
            "а)\tведение реестра участников и карточек производственных возможностей;",
            "б)\tразмещение запросов на поставку продукции и ценовых предложений участников;",
            "в)\tформирование аналитической отчетности о кооперационных поставках в разрезе отраслей, регионов и видов продукции.",
        ),
        SUB,
    )
    par(
        doc,
        "2.3.\tСведения, размещенные на Платформе, используются органами государственного управления при подготовке проектов союзных программ, а также при оценке эффективности мер государственной поддержки промышленных организаций.",
        BODY,
    )
    par(doc, "3. Порядок подключения участников", HEADING)
    pars(
        doc,
        (
            "3.1.\tПодключение к Платформе осуществляется на безвозмездной основе по заявлению организации, поданному через личный кабинет, с приложением документов, подтверждающих полномочия представителя.",
            "3.2.\tОператор Платформы в течение пяти рабочих дней со дня поступления заявления проверяет представленные сведения и принимает одно из следующих решений:",
        ),
        HANG,
    )
    for text in (
        "о регистрации организации в качестве участника Платформы;",
        "об отказе в регистрации с указанием причин отказа и срока, в течение которого недостатки могут быть устранены.",
    ):
        list_item(doc, text, decimal_again)
    pars(
        doc,
        (
            "3.3.\tУчастник обязан актуализировать карточку производственных возможностей не реже одного раза в квартал, а при изменении сведений о выпускаемой продукции – в течение десяти рабочих дней.",
            "3.4.\tЗа недостоверность размещенных сведений участник несет ответственность в соответствии с законодательством государства, на территории которого он зарегистрирован.",
        ),
        HANG,
    )
    return doc


# ---------------------------------------------------------------- 3. running header, footer, footnotes

NOTE_BODY = Fmt(line=1.5)
NOTE_HEADING = Fmt(align=C, first=0.0, bold=True, before=6, after=6, line=1.5, keep_next=True)


def header_footer_footnotes() -> tuple[DocxDocument, Footnotes]:
    """Three pages with a running header (text, TAB, text), a "Страница N из M" footer and footnotes."""
    doc = new_document()
    notes = Footnotes()
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    bottom_border(header)
    style_paragraph(header, Fmt(align=L, first=0.0, tabs=((TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT),)))
    add_runs(
        header, "Постоянный Комитет Союзного государства\tАналитическая записка", Fmt(size=10, italic=True)
    )
    footer = section.footer.paragraphs[0]
    style_paragraph(footer, Fmt(align=R, first=0.0))
    add_runs(footer, "Страница ", Fmt(size=10))
    add_field(footer, "PAGE", 10)
    add_runs(footer, " из ", Fmt(size=10))
    add_field(footer, "NUMPAGES", 10)

    par(doc, "АНАЛИТИЧЕСКАЯ ЗАПИСКА", TITLE)
    block(
        doc,
        (
            "о результатах реализации мер по энергосбережению",
            "и повышению энергетической эффективности",
            "в обрабатывающей промышленности в 2023 году",
        ),
        Fmt(align=C, first=0.0, bold=True, after=12),
    )
    par(doc, "1. Общая оценка", NOTE_HEADING)
    pars(
        doc,
        (
            "В 2023 году энергоемкость продукции обрабатывающих производств снизилась на 2,4 процента по сравнению с предыдущим годом[[По данным ведомственной статистической отчетности; показатели за 2023 год являются предварительными и подлежат уточнению в июне 2024 года.]] и составила 91,6 процента от уровня 2017 года, принятого в качестве базового для оценки целевых показателей. Наибольшее снижение отмечено в металлургическом производстве и производстве строительных материалов, где завершены проекты по замене обжиговых печей и компрессорного оборудования.",
            "Мероприятия по энергосбережению в отчетном периоде реализовывали 214 промышленных организаций, включенных в перечень крупных потребителей топливно-энергетических ресурсов[[Перечень организаций утвержден приказом министерства от 28 декабря 2022 г. № 5416 (в редакции от 14 августа 2023 г.).]]. Суммарная экономия составила 486,3 тыс. тонн условного топлива[[Здесь и далее объемы экономии приведены в пересчете на условное топливо с теплотворной способностью 7 000 ккал/кг.]], что на 11,8 процента превышает плановое значение.",
            "Основной вклад в достигнутую экономию обеспечили модернизация систем освещения производственных помещений, установка частотно-регулируемых приводов на насосном и вентиляционном оборудовании, а также утилизация вторичных энергетических ресурсов. Доля мероприятий, окупаемость которых не превышает трех лет, составила 63 процента от общего числа реализованных проектов.",
        ),
        NOTE_BODY,
        notes,
    )
    par(doc, "2. Финансовое обеспечение мероприятий", NOTE_HEADING)
    pars(
        doc,
        (
            "Общий объем затрат на реализацию энергосберегающих мероприятий составил 18 742,6 млн рублей, из которых 82,4 процента приходится на собственные средства организаций, 9,1 процента – на кредитные ресурсы и 8,5 процента – на средства республиканского и местных бюджетов. Средний срок окупаемости проектов, профинансированных с привлечением бюджетных средств, составил 4,2 года.",
            "Государственная поддержка предоставлялась в форме субсидий на возмещение части затрат на приобретение энергоэффективного оборудования и компенсации процентных ставок по инвестиционным кредитам. Эффективность бюджетных расходов, рассчитанная как отношение стоимости сэкономленных энергоресурсов к объему поддержки[[Расчет выполнен по методике, одобренной межведомственной рабочей группой (протокол от 6 октября 2023 г. № 3).]], составила 3,7 рубля на рубль бюджетных средств.",
            "Вместе с тем в ряде регионов субсидии распределялись без учета фактической энергоемкости производства, что привело к поддержке проектов с низким потенциалом экономии. В Витебской и Смоленской областях доля таких проектов превысила 20 процентов от общего объема выделенных средств.",
        ),
        NOTE_BODY,
        notes,
    )
    par(doc, "3. Проблемы и предложения", NOTE_HEADING)
    pars(
        doc,
        (
            "Сдерживающими факторами остаются высокая стоимость импортного энергоэффективного оборудования, ограниченная доступность долгосрочного кредитования и недостаточная квалификация энергетических служб организаций. По результатам обследования у 37 процентов организаций[[Без учета организаций, находящихся в процедуре банкротства, а также организаций, производственная деятельность которых приостановлена.]] отсутствуют утвержденные программы энергосбережения на период после 2024 года.",
            "В целях повышения результативности мер государственной поддержки предлагается установить в качестве обязательного условия предоставления субсидий проведение энергетического обследования не ранее чем за два года до подачи заявки, а также предусмотреть возврат средств при недостижении заявленного объема экономии более чем на 15 процентов.",
            "Целесообразно также рассмотреть возможность включения мероприятий по внедрению отечественных систем автоматизированного учета энергоресурсов в перечень направлений, финансируемых из бюджета Союзного государства в рамках программ на 2025–2027 годы, и поручить профильным министерствам подготовить соответствующие предложения до 1 июля 2024 года.",
        ),
        NOTE_BODY,
        notes,
    )
    return doc, notes


# ---------------------------------------------------------------- 4. financing table with merged headers

# (measure, budget of the Union State by year, other sources by year), thousand roubles
FINANCING = (
    (
        "1. Создание серийного производства многокоординатных обрабатывающих центров с числовым программным управлением",
        (152_300.0, 198_400.0, 176_900.0),
        (48_200.0, 61_500.0, 57_300.0),
    ),
    (
        "2. Разработка и освоение выпуска систем числового программного управления и электроприводов",
        (118_700.0, 143_600.0, 121_000.0),
        (39_500.0, 44_100.0, 41_800.0),
    ),
    (
        "3. Модернизация испытательной и метрологической базы станкостроительных организаций",
        (14_900.0, 16_200.0, 11_800.0),
        (6_100.0, 5_400.0, 3_900.0),
    ),
    (
        "4. Подготовка и повышение квалификации инженерных кадров",
        (2_600.0, 3_100.0, 3_100.0),
        (700.0, 800.0, 200.0),
    ),
)


def rub(value: float) -> str:
    """Russian money format: "1 073 600,0"."""
    whole, fraction = f"{value:,.1f}".split(".")
    return f"{whole.replace(',', ' ')},{fraction}"


def decimal_comma(value: float, digits: int = 1) -> str:
    """A number with a decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def table_merged_header() -> DocxDocument:
    """Financing table: vertically merged first columns, "в том числе по годам" merged over three years."""
    doc = new_document()
    pars(
        doc,
        (
            "Финансирование мероприятий союзной программы осуществляется за счет средств бюджета Союзного государства и внебюджетных источников, к которым относятся собственные средства организаций-исполнителей и привлеченные ими кредитные ресурсы.",
            "Объемы финансирования мероприятий по источникам и годам реализации приведены в таблице 2. Объемы средств бюджета Союзного государства подлежат ежегодному уточнению при формировании бюджета на очередной финансовый год.",
        ),
    )
    par(doc, "Таблица 2", Fmt(align=R, first=0.0, before=12))
    par(
        doc,
        "Объемы финансирования мероприятий союзной программы по источникам и годам реализации",
        Fmt(align=C, first=0.0, bold=True),
    )
    par(doc, "(тыс. рублей)", Fmt(align=R, first=0.0, after=3))

    rows = 3 + 3 * (len(FINANCING) + 1) + 1
    table = doc.add_table(rows=rows, cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, (4.2, 3.5, 2.5, 2.1, 2.1, 2.1))
    head = Fmt(align=C, first=0.0, size=12)
    cell_text = Fmt(align=L, first=0.0, size=12)
    number = Fmt(align=R, first=0.0, size=12)
    for column, title in enumerate(("Наименование мероприятия", "Источник финансирования", "Всего")):
        merged = table.cell(0, column).merge(table.cell(1, column))
        fill(merged, title, head)
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    fill(table.cell(0, 3).merge(table.cell(0, 5)), "в том числе по годам", head)
    for column, year in enumerate(("2024", "2025", "2026"), start=3):
        fill(table.cell(1, column), year, head)
    for column in range(6):
        fill(table.cell(2, column), str(column + 1), head)
    for row in table.rows[:3]:
        repeat_header(row._tr)

    totals = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    measures = [*FINANCING, ("Итого по союзной программе", (), ())]
    for index, (name, budget, other) in enumerate(measures):
        if not budget:
            budget, other = tuple(totals[0]), tuple(totals[1])
        else:
            for year in range(3):
                totals[0][year] += budget[year]
                totals[1][year] += other[year]
        top = 3 + 3 * index
        merged = table.cell(top, 0).merge(table.cell(top + 2, 0))
        fill(merged, name, Fmt(align=L, first=0.0, size=12, bold=not budget or index == len(FINANCING)))
        by_year = (tuple(b + o for b, o in zip(budget, other, strict=True)), budget, other)
        for offset, (source, values) in enumerate(
            zip(("всего", "бюджет Союзного государства", "внебюджетные источники"), by_year, strict=True)
        ):
            fill(table.cell(top + offset, 1), source, cell_text)
            fill(table.cell(top + offset, 2), rub(sum(values)), number)
            for year, value in enumerate(values):
                fill(table.cell(top + offset, 3 + year), rub(value), number)
    last = rows - 1
    fill(
        table.cell(last, 0).merge(table.cell(last, 1)),
        "Доля средств бюджета Союзного государства, процентов",
        cell_text,
    )
    budget_all, other_all = totals
    fill(
        table.cell(last, 2),
        decimal_comma(100 * sum(budget_all) / (sum(budget_all) + sum(other_all)), 2),
        number,
    )
    for year in range(3):
        share = 100 * budget_all[year] / (budget_all[year] + other_all[year])
        fill(table.cell(last, 3 + year), decimal_comma(share, 2), number)

    par(doc, "", PLAIN)
    pars(
        doc,
        (
            "Внебюджетные источники привлекаются организациями-исполнителями на условиях софинансирования в объеме не менее 25 процентов от стоимости соответствующего мероприятия, что подтверждается при заключении государственных контрактов.",
            "Перераспределение средств между мероприятиями допускается по решению государственного заказчика-координатора в пределах 10 процентов от годового объема финансирования без внесения изменений в союзную программу.",
        ),
    )
    return doc


# ---------------------------------------------------------------- 5. landscape statistical table

PERIODS = (
    "Январь", "Февраль", "Март", "I квартал", "Апрель", "Май", "Июнь", "II квартал", "I полугодие",
    "Июль", "Август", "Сентябрь", "III квартал", "Январь–сентябрь", "Октябрь", "Ноябрь", "Декабрь",
    "IV квартал", "Год",
)  # fmt: skip
SEASONAL = (82.5, 101.5, 111.0, 96.0, 97.5, 97.8, 101.2, 101.9, 98.5, 100.6, 102.1, 100.4, 104.0,
            102.3, 104.6, 99.0, 113.4, 107.2, 102.9)  # fmt: skip
YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
YEAR_SHIFT = {2019: 0.4, 2020: -2.6, 2021: 3.4, 2022: -1.3, 2023: 1.5, 2024: 1.8}


def production_index() -> list[list[str]]:
    """Invented but plausible chain indices of industrial production, one row per period."""
    rng = random.Random(2024)
    rows = []
    for period, base in zip(PERIODS, SEASONAL, strict=True):
        cells = [period]
        for year in YEARS:
            value = base + YEAR_SHIFT[year] + rng.uniform(-1.4, 1.4)
            if year == 2020 and period in ("Апрель", "II квартал"):
                value -= 8.1
            cells.append(decimal_comma(value))
        rows.append(cells)
    return rows


def landscape_stat_table() -> DocxDocument:
    """Rosstat-like landscape table of months × years running onto page 2 with its header row repeated."""
    doc = new_document(landscape=True, margins=(2.0, 2.0, 2.0, 2.0))
    par(doc, "Индекс промышленного производства", Fmt(align=C, first=0.0, bold=True))
    par(doc, "в процентах к предыдущему периоду", Fmt(align=C, first=0.0, italic=True, size=12, after=8))
    data = production_index()
    table = doc.add_table(rows=1 + len(data), cols=1 + len(YEARS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, (7.0, *(3.1,) * len(YEARS)))
    header = table.rows[0]
    repeat_header(header._tr)
    header.height, header.height_rule = Cm(1.0), WD_ROW_HEIGHT_RULE.AT_LEAST
    fill(header.cells[0], "", Fmt(first=0.0))
    for cell, year in zip(header.cells[1:], YEARS, strict=True):
        fill(cell, str(year), Fmt(align=C, first=0.0, bold=True))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row, cells in zip(table.rows[1:], data, strict=True):
        row.height, row.height_rule = Cm(0.85), WD_ROW_HEIGHT_RULE.AT_LEAST
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        summary = "квартал" in cells[0] or cells[0] in ("I полугодие", "Январь–сентябрь", "Год")
        fill(row.cells[0], cells[0], Fmt(align=L, first=0.0, bold=summary))
        for cell, value in zip(row.cells[1:], cells[1:], strict=True):
            fill(cell, value, Fmt(align=C, first=0.0, bold=summary))
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    par(doc, "", PLAIN)
    par(
        doc,
        "Примечание. Данные за 2024 год предварительные. Индексы за кварталы, полугодие и девять месяцев рассчитаны к соответствующему периоду предыдущего года, за год – к предыдущему году.",
        Fmt(size=12),
    )
    return doc


# ---------------------------------------------------------------- 6. two-column article

ABSTRACT = "**Аннотация.** В статье рассматриваются результаты реализации союзных программ в области микроэлектроники за 2018–2023 годы. На основе данных о финансировании и выпуске продукции 46 организаций-исполнителей оценен вклад бюджетных инвестиций в технологическое развитие отрасли. Показано, что каждый рубль средств бюджета Союзного государства обеспечил привлечение 0,42 рубля внебюджетных средств и прирост выручки организаций на 2,8 рубля в течение трех лет после завершения мероприятий. Сформулированы предложения по совершенствованию механизма отбора проектов."
ARTICLE = (
    ("Введение", None),
    (
        None,
        "Микроэлектронная промышленность относится к числу отраслей, определяющих технологический суверенитет государства. Разработка и производство электронной компонентной базы требуют значительных капиталовложений, длительных сроков окупаемости и концентрации научно-технических компетенций, которые не могут быть обеспечены отдельными организациями без государственного участия.",
    ),
    (
        None,
        "Союзные программы являются основным инструментом совместного финансирования высокотехнологичных проектов Республики Беларусь и Российской Федерации. С 2018 года в области микроэлектроники реализованы четыре программы общим объемом финансирования 9,7 млрд рублей, однако комплексная оценка их результативности до настоящего времени не проводилась.",
    ),
    ("Методика исследования", None),
    (
        None,
        "Информационной базой исследования послужили отчеты государственных заказчиков о ходе реализации программ, данные бухгалтерской отчетности организаций-исполнителей и сведения таможенной статистики о взаимной торговле электронными компонентами. Для оценки эффекта применялся метод разности разностей: в качестве контрольной группы использованы 58 организаций радиоэлектронной промышленности, не участвовавших в программах, но сопоставимых по численности персонала и объему выручки.",
    ),
    (
        None,
        "Зависимой переменной выступал темп прироста выручки от реализации продукции собственного производства, объясняющими – объем бюджетного финансирования, доля внебюджетных средств и продолжительность реализации мероприятия. Устойчивость оценок проверялась на подвыборках организаций различного размера.",
    ),
    ("Результаты", None),
    (
        None,
        "Расчеты показали, что участие в союзных программах статистически значимо связано с ускорением роста выручки: в течение трех лет после завершения мероприятий выручка организаций-исполнителей увеличивалась в среднем на 14,6 процентного пункта быстрее, чем в контрольной группе. Наибольший эффект получен по проектам создания производств силовой электроники и микросхем управления электроприводами.",
    ),
    (
        None,
        "Вместе с тем по проектам, завершившимся созданием опытных образцов без последующего освоения серийного производства, значимого эффекта не выявлено. На такие проекты пришлось 27 процентов бюджетных средств, что свидетельствует о необходимости включать в условия финансирования обязательства по выпуску продукции.",
    ),
    (
        None,
        "Межгосударственная кооперация по результатам программ развивалась неравномерно: объем взаимных поставок электронных компонентов организациями-исполнителями вырос в 1,9 раза, однако более 70 процентов прироста обеспечили три крупнейшие организации.",
    ),
    ("Заключение", None),
    (
        None,
        "Союзные программы в области микроэлектроники в целом обеспечили положительный экономический эффект. Повышению их результативности будут способствовать отбор проектов с учетом наличия подтвержденного спроса, включение показателей серийного выпуска в перечень целевых индикаторов и поэтапное финансирование с промежуточной экспертизой.",
    ),
)
REFERENCES = (
    "Корнилов А.В. Программно-целевое управление промышленной кооперацией в Союзном государстве // Вопросы отраслевой экономики. 2021. № 4. С. 37–52.",
    "Савицкая Е.Н., Мартынюк О.Г. Финансирование союзных программ: итоги и перспективы // Экономический вестник Союзного государства. 2022. Т. 12, № 2. С. 18–29.",
    "Лебединский П.А. Микроэлектроника в условиях внешних ограничений: монография. М.: Промиздат, 2023. 214 с.",
    "Гринев Д.С. Оценка мультипликативных эффектов государственных инвестиций в высокотехнологичные отрасли // Прикладная эконометрика промышленности. 2020. № 3. С. 5–21.",
    "Отчет о ходе реализации союзных программ в 2023 году / Постоянный Комитет Союзного государства. М., 2024. 96 с.",
)


def set_columns(section_element: object, count: int, space_cm: float) -> None:
    """Set the number of text columns of a section (w:cols in its sectPr)."""
    cols = section_element.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section_element.append(cols)
    cols.set(qn("w:num"), str(count))
    cols.set(qn("w:space"), str(round(space_cm * 567)))


def two_column_article() -> DocxDocument:
    """A journal article: full-width title and abstract, then a continuous section of two hyphenated columns."""
    doc = new_document(size=11, margins=(2.0, 2.0, 2.0, 2.0))
    auto_hyphenation(doc)
    par(doc, "УДК 338.45:621.38", Fmt(align=L, first=0.0, size=10, after=6))
    title = Fmt(align=C, first=0.0, bold=True, size=14)
    pars(
        doc,
        ("ОЦЕНКА ВКЛАДА СОЮЗНЫХ ПРОГРАММ", "В ТЕХНОЛОГИЧЕСКОЕ РАЗВИТИЕ", "МИКРОЭЛЕКТРОННОЙ ПРОМЫШЛЕННОСТИ"),
        title,
    )
    par(doc, "А.В. Корнилов, Е.Н. Савицкая", Fmt(align=C, first=0.0, bold=True, before=8))
    par(
        doc,
        "Научно-исследовательский центр промышленной политики, г. Минск",
        Fmt(align=C, first=0.0, italic=True, after=8),
    )
    par(doc, ABSTRACT, Fmt(first=1.0, left=1.0, size=10))
    par(
        doc,
        "**Ключевые слова:** союзная программа, микроэлектроника, импортозамещение, бюджет Союзного государства, оценка эффективности.",
        Fmt(first=1.0, left=1.0, size=10, after=10),
    )
    body = doc.add_section(WD_SECTION.CONTINUOUS)
    set_columns(body._sectPr, 2, 0.8)
    for heading, text in ARTICLE:
        if heading:
            par(doc, heading, Fmt(align=C, first=0.0, bold=True, before=6, after=3, keep_next=True))
        else:
            par(doc, text or "", Fmt(first=0.75))
    par(doc, "Список литературы", Fmt(align=C, first=0.0, bold=True, before=6, after=3, keep_next=True))
    for number, reference in enumerate(REFERENCES, start=1):
        par(
            doc,
            f"{number}.\t{reference}",
            Fmt(first=-0.6, left=0.6, size=10, tabs=((0.6, WD_TAB_ALIGNMENT.LEFT),)),
        )
    return doc


# ---------------------------------------------------------------- 7. ministry letter

LETTERHEAD = (
    "МИНИСТЕРСТВО ПРОМЫШЛЕННОСТИ",
    "И ТОРГОВЛИ",
    "РОССИЙСКОЙ ФЕДЕРАЦИИ",
    "(МИНПРОМТОРГ РОССИИ)",
    "",
    "ЗАМЕСТИТЕЛЬ МИНИСТРА",
    "",
    "Пресненская наб., д. 10, стр. 2, Москва, 123112",
    "Тел. 8 (495) 123-45-00",
    "",
    "12.02.2024 № ЕД-8814/12",
    "На № ПК-412 от 18.01.2024",
)
ADDRESSEE = ("Государственному секретарю", "Союзного государства", "", "П.С. Сергееву")
MEMO_BULLETS = (
    "включить в перечень мероприятие по созданию центра коллективного пользования для испытаний электронной компонентной базы с учетом требований Федерального закона от 26 июня 2008 г. № 102-ФЗ «Об обеспечении единства измерений»;",
    "предусмотреть софинансирование из внебюджетных источников в объеме не менее 20 процентов по каждому мероприятию, предполагающему выпуск серийной продукции;",
    "использовать опыт реализации совместных проектов ПРООН-РТФ в области энергоэффективности при подготовке методики оценки результативности программы;",
    "уточнить значения целевых индикаторов на 2024–2026 годы с учетом фактически достигнутого уровня загрузки производственных мощностей.",
)


def mixed_memo() -> DocxDocument:
    """A ministry letter: letterhead and addressee side by side, "–" bullets, signature with a right TAB."""
    doc = new_document()
    page_number_header(doc, skip_first=True)
    bullet = add_numbering(doc, 53, "bullet", "–", left=1.9, hanging=0.65)
    table = doc.add_table(rows=1, cols=2)
    set_widths(table, (8.0, 8.5))
    left, right = table.rows[0].cells
    fill(left, "\n".join(LETTERHEAD), Fmt(align=C, first=0.0, size=11))
    fill(right, "\n".join(ADDRESSEE), Fmt(align=L, first=0.0, left=1.5))
    par(doc, "", PLAIN)
    par(doc, "О проекте перечня мероприятий", Fmt(align=L, first=0.0, size=12))
    par(doc, "союзной программы", Fmt(align=L, first=0.0, size=12, after=18))
    par(doc, "Уважаемый Петр Сергеевич!", Fmt(align=C, first=0.0, after=12))
    pars(
        doc,
        (
            "Минпромторг России рассмотрел проект перечня мероприятий союзной программы «Развитие электронной компонентной базы и станкостроения» на 2024–2026 годы, направленный письмом Постоянного Комитета Союзного государства от 18 января 2024 г. № ПК-412, и сообщает следующее.",
            "Предлагаемые мероприятия в целом соответствуют приоритетам социально-экономического развития Союзного государства и направлены на снижение зависимости организаций машиностроения от поставок импортных систем управления. Вместе с тем для повышения результативности программы полагаем целесообразным:",
        ),
    )
    for text in MEMO_BULLETS:
        list_item(doc, text, bullet)
    par(
        doc,
        "Замечания к паспорту программы и расчеты объемов финансирования по мероприятиям, реализуемым с участием российских организаций, прилагаются.",
    )
    par(doc, "", PLAIN)
    par(doc, "Приложение: на 4 л. в 1 экз.", Fmt(first=-3.2, left=3.2))
    par(doc, "", PLAIN)
    par(doc, "", PLAIN)
    par(
        doc,
        "Заместитель министра\tИ.И. Иванов",
        Fmt(align=L, first=0.0, tabs=((TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT),)),
    )
    for _ in range(4):
        par(doc, "", PLAIN)
    pars(doc, ("Петрова Анна Сергеевна", "8 (495) 123-45-67, доб. 2104"), Fmt(align=L, first=0.0, size=10))
    return doc


# ---------------------------------------------------------------- fpdf2 PDFs

GARBAGE_PAGE_1 = (
    "Об итогах работы отрасли за 2023 год",
    "В 2023 году индекс производства машин и оборудования составил 108,4 процента к уровню предыдущего года. Рост выпуска обеспечен прежде всего за счет станкостроения и производства подъемно-транспортного оборудования.",
    "Объем инвестиций в основной капитал организаций отрасли увеличился на 12,6 процента и достиг 214,7 млрд рублей. Более половины вложений направлено на приобретение технологического оборудования.",
    "Численность работников списочного состава организаций отрасли на конец года составила 312,4 тыс. человек, среднемесячная начисленная заработная плата выросла на 15,2 процента.",
)
GARBAGE_PAGE_2 = (
    "Требования к составляющей программы энергосбережения",
    "Программа энергосбережения организации разрабатывается на срок не менее трех лет и содержит целевые показатели снижения удельного расхода топливно-энергетических ресурсов на единицу продукции.",
    "Мероприятия программы включают замену устаревшего оборудования, внедрение приборов учета, оптимизацию режимов работы котельных и компрессорных станций, а также обучение персонала.",
    "Ответственность за достижение целевых показателей несет руководитель организации, ежегодный отчет о выполнении программы представляется в отраслевое министерство до 1 марта.",
)
GARBAGE_PAGE_3 = (
    "ПОСТАНОВЛЕНИЕ",
    "Результаты мониторинга реализации региональных программ развития промышленности",
    "Областному исполнительному комитету обеспечить выполнение показателей по выпуску продукции машиностроения и представлять информацию ежеквартально.",
    "Финансирование мероприятий осуществляется за счет средств областного бюджета и собственных средств организаций в пределах утвержденных лимитов.",
)
# Old OCR engines without a Russian model read Cyrillic as Latin look-alikes.
OCR_LOOKALIKE = {
    "А": "A", "Б": "E", "В": "B", "Г": "I'", "Д": "D", "Е": "E", "Ё": "E", "Ж": ">K", "З": "3", "И": "I4",
    "Й": "I4", "К": "K", "Л": "JI", "М": "M", "Н": "H", "О": "O", "П": "II", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Ф": "<D", "Х": "X", "Ц": "U", "Ч": "4", "Ш": "III", "Щ": "III", "Ъ": "b", "Ы": "bI", "Ь": "b",
    "Э": "3", "Ю": "IO", "Я": "R", "а": "a", "б": "6", "в": "B", "г": "r", "д": "g", "е": "e", "ё": "e",
    "ж": ">K", "з": "3", "и": "u", "й": "u", "к": "k", "л": "JI", "м": "M", "н": "H", "о": "o", "п": "n",
    "р": "p", "с": "c", "т": "T", "у": "y", "ф": "cp", "х": "x", "ц": "u", "ч": "4", "ш": "w", "щ": "w",
    "ъ": "b", "ы": "bI", "ь": "b", "э": "3", "ю": "I0", "я": "R",
}  # fmt: skip


def legacy_code(char: str) -> str:
    """What a legacy font without a Unicode map yields: the cp1251 byte less 0x86 ("Т" → "L", "р" → "j")."""
    if char in "Ёё":
        char = "Е" if char == "Ё" else "е"
    if "А" <= char <= "я":
        return chr(char.encode("cp1251")[0] - 0x86)
    return char


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap by measured width."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and measure(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def garbage_layer() -> bytes:
    """Page 1 good text; page 2 Russian glyphs whose ToUnicode map is legacy garbage; page 3 a scan with Latin OCR."""
    from fpdf import FPDF
    from fpdf.enums import TextMode
    from PIL import Image, ImageDraw, ImageFont

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_compression(False)  # the ToUnicode map of page 2's font is patched in the bytes below
    pdf.set_margins(25, 20, 20)
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.add_font("Legacy", "", str(DEJAVU))
    for family, texts in (("DejaVu", GARBAGE_PAGE_1), ("Legacy", GARBAGE_PAGE_2)):
        pdf.add_page()
        pdf.set_font(family, size=14)
        pdf.multi_cell(0, 8, texts[0], align="C")
        pdf.ln(4)
        pdf.set_font(family, size=12)
        for text in texts[1:]:
            pdf.multi_cell(0, 6.5, text, align="J")
            pdf.ln(3)

    # Page 3: a 100 dpi bilevel "scan" of the text, with an invisible OCR layer in Latin look-alikes.
    dpi = 100
    px = dpi / 25.4
    image = Image.new("1", (round(210 * px), round(297 * px)), 1)
    draw = ImageDraw.Draw(image)
    font_px = round(12 / 72 * dpi)
    regular = ImageFont.truetype(str(DEJAVU), font_px)
    bold = ImageFont.truetype(str(DEJAVU_BOLD), round(14 / 72 * dpi))
    pdf.add_page()
    placed: list[tuple[float, float, str, float]] = []  # x mm, baseline mm, text, size pt
    y = 22.0
    for index, text in enumerate(GARBAGE_PAGE_3):
        font = bold if index == 0 else regular
        size = 14 if index == 0 else 12
        for line in wrap(text, 165 * px, lambda s, f=font: f.getlength(s)):
            width = font.getlength(line) / px
            x = (210 - width) / 2 if index < 2 else 25.0
            draw.text((x * px, y * px), line, font=font, fill=0)
            placed.append((x, y + size * 0.3528 * 0.8, line, size))
            y += 6.5
        y += 4
    png = BytesIO()
    image.save(png, format="PNG", optimize=True)
    pdf.image(png, 0, 0, 210, 297)
    pdf.set_font("Helvetica", size=12)
    pdf.text_mode = TextMode.INVISIBLE
    for x, baseline, line, size in placed:
        pdf.set_font_size(size)
        pdf.text(x, baseline, "".join(OCR_LOOKALIKE.get(char, char) for char in line))
    data = bytes(pdf.output())
    return patch_second_tounicode(data)


def patch_second_tounicode(data: bytes) -> bytes:
    """Rewrite the second ToUnicode CMap (the "Legacy" font) to legacy codes, keeping every byte offset."""
    starts = [match.start() for match in re.finditer(rb"begincmap", data)]
    if len(starts) < 2:
        raise RuntimeError("expected two ToUnicode maps in the garbage PDF")
    start = starts[1]
    end = data.index(b"endcmap", start)

    def swap(match: re.Match[bytes]) -> bytes:
        char = chr(int(match.group(2), 16))
        return match.group(1) + f"<{ord(legacy_code(char)):04X}>".encode()

    block = re.sub(rb"(<[0-9A-F]{2,4}> )<([0-9A-F]{4})>", swap, data[start:end])
    assert len(block) == end - start
    return data[:start] + block + data[end:]


def numbers_grid() -> tuple[list[str], list[list[float | int]], list[str]]:
    """Header words, 20 rows × 8 columns of values and the number format kind of each row."""
    rng = random.Random(75)
    header = ["Код", "2019", "2020", "2021", "2022", "2023", "2024", "2024/2023, %"]
    kinds = ["int", "one", "two", "one", "one", "int", "one", "big"] * 3
    rows: list[list[float | int]] = []
    for index in range(20):
        kind = kinds[index]
        scale = {
            "int": rng.choice((20, 145, 1_870, 36_400)),
            "two": rng.uniform(40, 99),
            "one": rng.uniform(900, 95_000),
            "big": rng.uniform(1_000_000, 12_500_000),
        }[kind]
        values: list[float | int] = [10 + index if index < 14 else 20 + index]
        previous = scale
        for _ in YEARS:
            previous = previous * rng.uniform(0.88, 1.19)
            values.append(round(previous) if kind == "int" else round(previous, 2 if kind == "two" else 1))
        values.append(round(100 * values[-1] / values[-2], 2))
        rows.append(values)
    rows[2][1] = 75.09  # the brief's sample values, placed in rows of their own kind
    rows[3][1] = 1_234.5
    return header, rows, kinds[:20]


def format_number(value: float | int, kind: str, column: int) -> str:
    """Spreadsheet-style Russian formatting with a space as the thousands separator."""
    if column == 0 or (kind == "int" and column < 7):
        return f"{int(value):,}".replace(",", " ")
    digits = 2 if kind == "two" or column == 7 else 1
    whole, fraction = f"{value:,.{digits}f}".split(".")
    return f"{whole.replace(',', ' ')},{fraction}"


def numbers_table() -> bytes:
    """A ruled grid of numbers as a spreadsheet exports it: lines drawn apart, numbers right-aligned tight."""
    from fpdf import FPDF

    header, rows, kinds = numbers_grid()
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED_TIME)
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 10)
    pdf.text(15, 18, "Таблица 5. Отгружено продукции собственного производства")
    pdf.set_font("DejaVu", "", 8)
    pdf.text(15, 23, "(миллионов рублей)")
    widths = [12.0] + [24.0] * 6 + [24.0]
    left, top, height = 15.0, 27.0, 6.0
    edges = [left]
    for width in widths:
        edges.append(edges[-1] + width)
    count = len(rows) + 1
    pdf.set_line_width(0.2)
    for row in range(count + 1):
        pdf.line(left, top + row * height, edges[-1], top + row * height)
    for edge in edges:
        pdf.line(edge, top, edge, top + count * height)
    pdf.set_font("DejaVu", "B", 7.5)
    for column, word in enumerate(header):
        width = pdf.get_string_width(word)
        pdf.text(edges[column] + (widths[column] - width) / 2, top + 4.2, word)
    pdf.set_font("DejaVu", "", 8)
    for index, values in enumerate(rows):
        baseline = top + (index + 1) * height + 4.2
        for column, value in enumerate(values):
            text = format_number(value, kinds[index], column)
            gap = 0.3 if (index + column) % 3 == 0 else 0.8  # some numbers almost touch the right rule
            pdf.text(edges[column + 1] - gap - pdf.get_string_width(text), baseline, text)
    return bytes(pdf.output())


def numbers_workbook(path: Path) -> None:
    """The same grid as an .xlsx with Russian number formats and thin borders, for LibreOffice Calc."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    header, rows, kinds = numbers_grid()
    book = Workbook()
    sheet = book.active
    sheet.title = "Таблица 5"
    sheet["A1"] = "Таблица 5. Отгружено продукции собственного производства"
    sheet["A1"].font = Font(name=SERIF, bold=True, size=11)
    sheet["A2"] = "(миллионов рублей)"
    sheet["A2"].font = Font(name=SERIF, size=9)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, word in enumerate(header, start=1):
        cell = sheet.cell(row=4, column=column, value=word)
        cell.font = Font(name=SERIF, bold=True, size=9)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for index, values in enumerate(rows):
        for column, value in enumerate(values):
            cell = sheet.cell(row=5 + index, column=column + 1, value=value)
            cell.font = Font(name=SERIF, size=9)
            cell.border = border
            if column == 0 or (kinds[index] == "int" and column < 7):
                cell.number_format = "[$-419]#,##0"
            elif kinds[index] == "two" or column == 7:
                cell.number_format = "[$-419]#,##0.00"
            else:
                cell.number_format = "[$-419]#,##0.0"
    for letter, width in zip("ABCDEFGH", (6, 12, 12, 12, 12, 12, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_area = f"A1:H{4 + len(rows)}"
    sheet.oddHeader.center.text = ""
    sheet.oddFooter.center.text = ""
    book.properties.creator = "Департамент промышленной политики"
    book.properties.created = book.properties.modified = FIXED_TIME.replace(tzinfo=None)
    buffer = BytesIO()
    book.save(buffer)
    write_fixed_zip(buffer.getvalue(), path)


# ---------------------------------------------------------------- conversion and main

DOCX_LAYOUTS: dict[str, Callable[[], DocxDocument | tuple[DocxDocument, Footnotes]]] = {
    "justified_prose": justified_prose,
    "numbered_hanging": numbered_hanging,
    "header_footer_footnotes": header_footer_footnotes,
    "table_merged_header": table_merged_header,
    "landscape_stat_table": landscape_stat_table,
    "two_column_article": two_column_article,
    "mixed_memo": mixed_memo,
}


def convert(sources: Sequence[Path], outdir: Path) -> None:
    """Convert office files to PDF with LibreOffice, using a throw-away profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer libreoffice-calc")
    with tempfile.TemporaryDirectory() as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=600)


def main() -> None:
    """Write every fixture into this folder."""
    sources = []
    for name, build in DOCX_LAYOUTS.items():
        built = build()
        doc, notes = built if isinstance(built, tuple) else (built, None)
        path = HERE / f"{name}.docx"
        save_docx(doc, path, notes)
        sources.append(path)
    (HERE / "garbage_layer.pdf").write_bytes(garbage_layer())
    (HERE / "garbage_layer.expected.json").write_text(json.dumps({"garbage_pages": [2, 3]}) + "\n")
    (HERE / "numbers_table.pdf").write_bytes(numbers_table())
    workbook = HERE / "numbers_table.xlsx"
    numbers_workbook(workbook)
    with tempfile.TemporaryDirectory() as out:
        convert([*sources, workbook], Path(out))
        for source in sources:
            shutil.move(Path(out) / f"{source.stem}.pdf", HERE / f"{source.stem}.pdf")
        shutil.move(Path(out) / "numbers_table.pdf", HERE / "numbers_table_calc.pdf")
    for path in sorted(HERE.glob("*.pdf")):
        print(f"{path.name}: {path.stat().st_size // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
