"""Word's automatic list numbers come back as the labels a reader sees."""

import io

import pytest
from conftest import NO_STEPS

from indpol.ingest.docx_numbering import format_number
from indpol.pipeline import Pipeline

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "decimal", "4"),
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (2, "russianLower", "б"),
        (10, "russianUpper", "К"),  # Word skips й
        (27, "lowerLetter", "aa"),
        (3, "decimalZero", "03"),
    ],
)
def test_format_number(value, fmt, expected):
    assert format_number(value, fmt) == expected


def _add_list(document, abstract_id: int, num_id: int, levels: list[tuple[str, str]]) -> None:
    from docx.oxml import parse_xml

    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'),
    )
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )


def _numbered(document, text: str, num_id: int, level: int = 0) -> None:
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_docx_list_numbers_become_labels():
    import docx

    document = docx.Document()
    _add_list(document, 90, 90, [("upperRoman", "%1 этап"), ("decimal", "%1.%2.")])
    _add_list(document, 91, 91, [("russianLower", "%1)")])
    document.add_paragraph("Программа реализуется в два этапа:")
    _numbered(document, "– 2024–2026 годы;", 90)
    _numbered(document, "создание совместных производств;", 90, 1)
    _numbered(document, "запуск проектов;", 90, 1)
    _numbered(document, "– 2027–2030 годы.", 90)
    _numbered(document, "переход к единым правилам.", 90, 1)
    document.add_paragraph("Меры поддержки:")
    _numbered(document, "субсидии;", 91)
    _numbered(document, "льготные займы.", 91)
    document.add_paragraph("Задачи:", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)

    doc = Pipeline.from_config(NO_STEPS).process(buffer.getvalue(), name="numbered.docx")
    texts = [p.text for p in doc.passages]
    assert texts[1:6] == [
        "I этап – 2024–2026 годы;",
        "I.1. создание совместных производств;",
        "I.2. запуск проектов;",
        "II этап – 2027–2030 годы.",
        "II.1. переход к единым правилам.",
    ]
    assert texts[7:9] == ["а) субсидии;", "б) льготные займы."]
    assert texts[9] == "Задачи:"  # a bullet gets no label
    assert {p.kind for p in doc.passages[1:6]} == {"list_item"}
