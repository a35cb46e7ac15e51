"""The sample corpus's DOC, RTF and ODT files: three short documents we wrote, saved as DOCX with
python-docx and converted by LibreOffice (a development tool, not a dependency).

    python corpus/build_office.py      # needs soffice (apt-get install libreoffice-writer)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
TARGETS = {  # the DOCX we write → the format the corpus keeps
    "protokol_rabochey_gruppy_kompozit_sg.docx": "doc",
    "informaciya_importozameshchenie_stankostroenie.docx": "rtf",
    "pismo_soglasovanie_monitoring_sg.docx": "odt",
}


def doc(paragraphs: list[tuple[str, str]], table: list[list[str]] | None = None) -> docx.Document:
    """A Word document from (kind, text) pairs: t title, h heading, n numbered, b bulleted, table, else paragraph."""
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for kind, text in paragraphs:
        if kind == "h":
            d.add_heading(text, level=1)
        elif kind == "t":
            d.add_heading(text, level=0)
        elif kind == "n":
            d.add_paragraph(text, style="List Number")
        elif kind == "b":
            d.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            rows = table
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
        else:
            d.add_paragraph(text)
    return d


def write(folder: Path) -> None:
    """Write the three DOCX files into ``folder``."""
    doc(
        [
            ("t", "Протокол заседания рабочей группы по промышленной кооперации"),
            ("p", "г. Минск, 12 марта 2024 г."),
            (
                "p",
                "Рабочая группа Постоянного Комитета Союзного государства рассмотрела ход выполнения союзной программы «Композит-СГ» за 2023 год.",
            ),
            ("h", "Решили"),
            (
                "n",
                "Принять к сведению, что в 2023 году из бюджета Союзного государства профинансировано 70 120,8 тыс. рублей, или 94,1 процента от плана.",
            ),
            (
                "n",
                "Рекомендовать государственным заказчикам завершить I этап программы до 31 декабря 2024 года.",
            ),
            (
                "n",
                "Поручить секретариату подготовить предложения о включении в программу мероприятий по выпуску углеродного волокна до 1 июня 2024 года.",
            ),
            ("p", "Следующее заседание рабочей группы провести во II квартале 2024 года в Москве."),
        ]
    ).save(folder / "protokol_rabochey_gruppy_kompozit_sg.docx")
    doc(
        [
            ("t", "Информация о выполнении плана мероприятий по импортозамещению в станкостроении"),
            ("p", "Министерство промышленности Республики Беларусь сообщает следующее."),
            (
                "p",
                "В 2023 году предприятия отрасли освоили выпуск 14 новых моделей металлообрабатывающего оборудования, из них 9 моделей – с числовым программным управлением.",
            ),
            (
                "p",
                "Доля отечественных комплектующих в выпускаемых станках возросла с 38,5 процента в 2022 году до 44,2 процента в 2023 году.",
            ),
            ("b", "организовано производство шариковинтовых передач;"),
            ("b", "начато производство систем числового программного управления;"),
            ("b", "отнесено на 2025 год создание производства прецизионных подшипников."),
            ("table", None),
        ],
        table=[
            ["Показатель", "2022", "2023"],
            ["Выпуск станков, единиц", "1 250", "1 410"],
            ["Экспорт в Российскую Федерацию, млн долларов США", "86,4", "97,1"],
        ],
    ).save(folder / "informaciya_importozameshchenie_stankostroenie.docx")
    doc(
        [
            ("t", "Письмо о согласовании проекта союзной программы «Мониторинг-СГ»"),
            ("p", "Государственному секретарю Союзного государства"),
            (
                "p",
                "Министерство экономического развития Российской Федерации рассмотрело проект союзной программы «Мониторинг-СГ» на 2025–2029 годы и согласовывает его с учетом следующих замечаний.",
            ),
            (
                "n",
                "Объем финансирования программы из бюджета Союзного государства в размере 245 000,0 тыс. рублей обосновать расчетами по каждому мероприятию.",
            ),
            ("n", "Срок реализации II этапа (2027–2029 годы) уточнить после завершения I этапа."),
            (
                "p",
                "Предлагаем рассмотреть проект на заседании Совета Министров Союзного государства в июне 2024 года.",
            ),
        ]
    ).save(folder / "pismo_soglasovanie_monitoring_sg.docx")


def main() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer")
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp))
        for name, fmt in TARGETS.items():
            subprocess.run([soffice, "--headless", "--convert-to", fmt, "--outdir", str(HERE), str(Path(tmp) / name)],
                           check=True, capture_output=True)  # fmt: skip


if __name__ == "__main__":
    main()
