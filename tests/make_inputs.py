"""Build small test files (PDF, DOCX, HTML, TXT) and the bad-input folder; nothing binary is committed."""

from __future__ import annotations

import io
import os
import random
from datetime import UTC, datetime
from pathlib import Path

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

PARAGRAPHS = [
    "Союзная программа предусматривает создание совместных производств в станкостроении и "
    "микроэлектронике на территории Республики Беларусь и Российской Федерации.",
    "Объем финансирования программы составит 12 345,6 тыс. рублей, в том числе в 2024 году – "
    "2 100,0 тыс. рублей.",
    "Взаимный товарооборот в 2023 году достиг рекордного объема – около 50 млрд долларов США.",
]


def make_pdf(
    pages: list[list[str]],
    *,
    header: str | None = None,
    table: list[list[str]] | None = None,
    encrypt: str | None = None,
) -> bytes:
    """A simple A4 PDF with DejaVuSans; optional running header, ruled table and encryption."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=11)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        if table and number == 1:
            pdf.cell(0, 6, "Таблица 1. Финансирование программы, тыс. рублей", new_x="LMARGIN", new_y="NEXT")
            with pdf.table(first_row_as_headings=False) as grid:
                for row in table:
                    cells = grid.row()
                    for cell in row:
                        cells.cell(cell)
        pdf.set_auto_page_break(False)
        pdf.set_y(-15)
        pdf.cell(0, 6, str(number), align="C")
        pdf.set_auto_page_break(True, margin=20)
    if encrypt is not None:
        pdf.set_encryption(owner_password="owner", user_password=encrypt)
    return bytes(pdf.output())


def make_image_pdf() -> bytes:
    """A PDF whose only page is a picture (no text layer)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 180), outline="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Паспорт союзной программы", level=1)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_paragraph("создание условий для кооперации;", style="List Number")
    document.add_paragraph("согласование подходов к субсидиям.", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows, [["Показатель", "2024", "2025"], ["Финансирование", "2 100,0", "2 300,0"]], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.core_properties.created = datetime(2024, 1, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>Новости</title></head><body>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/news">Новости</a></li><li><a href="/docs">Документы</a></li></ul></nav>
<div class="cookie">Мы используем файлы cookie. Продолжая работу с сайтом, вы соглашаетесь.</div>
<main><article><h1>Итоги заседания Совета министров</h1>
<p>{p0}</p><p>{p1}</p><p>{p2}</p>
<p>Стороны договорились продолжить работу над новыми союзными программами на 2024–2026 годы и
рассмотреть их на следующем заседании.</p></article></main>
<footer>© 2024 Портал Союзного государства. Все права защищены. Карта сайта.</footer></body></html>"""


def make_html(charset: str = "utf-8") -> bytes:
    return HTML_PAGE.format(charset=charset, p0=PARAGRAPHS[0], p1=PARAGRAPHS[1], p2=PARAGRAPHS[2]).encode(
        charset
    )


def build_bad_inputs(folder: Path) -> None:
    """Good and bad files side by side, as a user's download folder might hold them."""
    rng = random.Random(7)
    good_pdf = make_pdf([PARAGRAPHS, PARAGRAPHS[::-1]], header="Вестник союзной интеграции")
    text = "\n\n".join(PARAGRAPHS)
    files = {
        "empty.txt": b"",
        "random.pdf": bytes(rng.randrange(256) for _ in range(4096)),
        "truncated.pdf": good_pdf[: len(good_pdf) // 3],
        "encrypted.pdf": make_pdf([PARAGRAPHS], encrypt="secret"),
        "image_only.pdf": make_image_pdf(),
        "good.pdf": good_pdf,
        "cp1251.txt": text.encode("cp1251"),
        "koi8r.txt": text.replace("–", "-").encode("koi8_r"),
        "report.docx": make_docx(),
        "page.html": make_html(),
        # UTF-8 with one stray byte (a damaged copy), UTF-16 without a byte-order mark, markup without text
        "stray_byte.txt": text.encode("utf-8") + b"\n\xff",
        "utf16_no_bom.txt": text.encode("utf-16-le"),
        "scripts_only.html": b"<html><body><script>var x = 1;</script></body></html>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    target = Path(os.environ.get("OUT", "bad-inputs"))
    target.mkdir(exist_ok=True)
    build_bad_inputs(target)
    print(f"built {target}")
