"""Build the statistical-table fixtures of this folder: a short-term indicators page as DOCX, converted to PDF,
and ``merged_header.doc``: ``../pdf_layouts/table_merged_header.docx`` saved by LibreOffice as Word 97 (a header
cell merged across the year columns is one wider cell there).

The layout follows the tables of Russian statistical bulletins (a period column, a column "в % к" that period
a year earlier, a "в том числе" breakdown under a row with its unit, a unit line above a second table); every
number is invented. Run from the repository root: ``python tests/data/stat_tables/build.py`` (needs ``soffice``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
INDICATORS = (
    (
        "",
        "Октябрь 2023 г.",
        "В % к октябрю 2022 г.",
        "Январь–октябрь 2023 г.",
        "В % к январю–октябрю 2022 г.",
    ),
    ("Индекс промышленного производства", "", "105,3", "", "103,5"),
    (
        "Объем отгруженных товаров собственного производства, млрд рублей",
        "9 120,4",
        "112,6",
        "80 412,7",
        "106,1",
    ),
    ("в том числе: добыча полезных ископаемых", "2 101,5", "98,4", "19 876,0", "94,2"),
    ("обрабатывающие производства", "5 950,3", "118,7", "51 220,9", "111,3"),
    ("Ввод в действие жилых домов, млн м2 общей площади", "8,9", "101,2", "87,6", "107,4"),
    ("Численность безработных, млн человек", "2,5", "85,1", "2,6", "87,0"),
)
INVESTMENT = (
    ("", "2021", "2022", "2023"),
    ("Инвестиции в основной капитал", "22 945,4", "27 865,0", "34 036,8"),
    ("Индекс потребительских цен, в % к декабрю предыдущего года", "108,4", "111,9", "107,4"),
)


def build() -> None:
    for name, ruled in (("short_term_indicators", True), ("short_term_unruled", False)):
        _build(name, ruled)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", tmp,
                        str(HERE.parent / "pdf_layouts" / "table_merged_header.docx")], check=True, capture_output=True)  # fmt: skip
        shutil.copy(Path(tmp) / "table_merged_header.doc", HERE / "merged_header.doc")


def _build(name: str, ruled: bool) -> None:
    """The page as DOCX and PDF; without rulings ("unruled") like the tables of statistical bulletins, whose
    row labels wrap over several lines."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.styles["Normal"].font.name = "Liberation Serif"
    doc.styles["Normal"].font.size = Pt(
        11 if ruled else 10
    )  # one page: an unruled table is not followed over pages
    doc.add_paragraph("Основные экономические и социальные показатели")
    _table(doc, INDICATORS, ruled, first=Cm(9.5), other=Cm(3.6))
    doc.add_paragraph("Инвестиции и цены")
    doc.add_paragraph("млрд рублей")
    _table(doc, INVESTMENT, ruled, first=Cm(12), other=Cm(3.5))
    doc.save(HERE / f"{name}.docx")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(HERE / f"{name}.docx")],
                       check=True, capture_output=True)  # fmt: skip
        shutil.copy(Path(tmp) / f"{name}.pdf", HERE / f"{name}.pdf")
    if not ruled:
        (HERE / f"{name}.docx").unlink()  # the DOCX twin is short_term_indicators.docx


def _table(doc, rows, ruled: bool, first, other) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    if ruled:
        table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            cell.width = first if c == 0 else other


if __name__ == "__main__":
    build()
