"""Wrongly decoded text is caught or repaired, never passed on as Russian."""

import pytest
from conftest import DEJAVU, NO_STEPS, needs_font

from indpol.ingest.encoding import decode
from indpol.ingest.quality import repair_latin1_mojibake, text_problem
from indpol.pipeline import Pipeline

RUSSIAN = "Союзная программа развития станкостроения выполнена на восемьдесят процентов."
AS_LATIN1 = RUSSIAN.encode("cp1251").decode("latin-1")  # "Ñîþçíàÿ ïðîãðàììà …"
UTF8_AS_CP1251 = RUSSIAN.encode("utf-8").decode("cp1251", errors="replace")  # "РЎРѕСЋР·РЅР°СЏ …"


@pytest.mark.parametrize("text", [AS_LATIN1, UTF8_AS_CP1251])
def test_mojibake_is_a_text_problem(text):
    assert "mojibake" in text_problem(text)


@pytest.mark.parametrize(
    "text",
    [RUSSIAN, "Die Förderung der Industrie wächst in Österreich und in der Schweiz stärker als erwartet."],
)
def test_real_text_is_not_mojibake(text):
    assert text_problem(text) is None
    assert repair_latin1_mojibake(text) is None


def test_repair_latin1_mojibake_maps_one_to_one():
    repaired = repair_latin1_mojibake(AS_LATIN1)
    assert repaired == RUSSIAN and len(repaired) == len(AS_LATIN1)


def test_valid_utf8_wins_over_a_wrong_declaration():
    data = f"<html><head><meta charset='windows-1251'></head><body><p>{RUSSIAN}</p></body></html>".encode()
    text, encoding = decode(data, declared="windows-1251")
    assert encoding == "utf-8" and RUSSIAN in text
    text, encoding = decode(RUSSIAN.encode("cp1251"), declared="windows-1251")
    assert encoding == "cp1251" and text == RUSSIAN


@needs_font
def test_pdf_with_latin1_text_layer_is_repaired():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("D", "", str(DEJAVU))
    pdf.set_font("D", size=11)
    for _ in range(3):
        pdf.multi_cell(0, 6, AS_LATIN1, new_x="LMARGIN", new_y="NEXT")
    doc = Pipeline.from_config(NO_STEPS).process(bytes(pdf.output()), name="latin1.pdf")
    assert doc.status == "ok" and doc.language == "ru"
    assert RUSSIAN in doc.text
