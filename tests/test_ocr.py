"""OCR of image-only PDF pages with tesseract (skipped when tesseract or its rus pack is missing)."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import DEJAVU, NO_STEPS, needs_font

from indpol.errors import IngestError
from indpol.ingest import ocr
from indpol.pipeline import Pipeline

LINES = [
    "Государственная программа развития",
    "промышленности предусматривает",
    "создание новых производств станков",
    "и электронных компонентов в регионах.",
]


def _has_rus() -> bool:
    executable = shutil.which("tesseract")
    return bool(executable) and "rus" in ocr.installed_languages(executable)


needs_tesseract = pytest.mark.skipif(not _has_rus(), reason="tesseract with the rus pack is absent")


def scanned_pdf(lines: list[str]) -> bytes:
    """One A4 page that is a picture of ``lines`` (a 'scan' with no text layer)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    font = ImageFont.truetype(DEJAVU, 64)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((200, 300 + number * 110), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


@needs_font
def test_scan_without_ocr_needs_ocr(text_pipeline):
    doc = text_pipeline.process(scanned_pdf(LINES), name="scan.pdf")
    assert (doc.status, doc.error_code) == ("needs_ocr", "E_NO_TEXT_LAYER")


@needs_font
@needs_tesseract
def test_scan_with_ocr_is_read_and_marked():
    pipeline = Pipeline.from_config({**NO_STEPS, "ingest": {"ocr": True}})
    doc = pipeline.process(scanned_pdf(LINES), name="scan.pdf")
    assert doc.status == "ok" and doc.error is None
    assert doc.passages and all(passage.ocr for passage in doc.passages)
    assert all(passage.page == 1 for passage in doc.passages)
    words = {word.strip(".,").lower() for line in LINES for word in line.split()}
    found = {word.strip(".,").lower() for word in doc.text.split()}
    assert len(words & found) / len(words) >= 0.9


@pytest.mark.parametrize(
    ("which", "languages", "message"),
    [
        (None, frozenset(), "OCR needs tesseract"),
        ("/usr/bin/tesseract", frozenset({"eng", "osd"}), "no language pack rus"),
    ],
)
def test_missing_tesseract_or_pack_is_a_clear_error(monkeypatch, which, languages, message):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: which)
    monkeypatch.setattr(ocr, "installed_languages", lambda executable: languages)
    with pytest.raises(IngestError, match=message) as error:
        ocr.check_tesseract("rus")
    assert error.value.code == ocr.E_OCR_MISSING


@needs_font
def test_missing_tesseract_fails_the_document_with_reason(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    pipeline = Pipeline.from_config({**NO_STEPS, "ingest": {"ocr": True}})
    doc = pipeline.process(scanned_pdf(LINES), name="scan.pdf")
    assert (doc.status, doc.error_code) == ("failed", ocr.E_OCR_MISSING)
    assert "tesseract" in doc.error and "\n" not in doc.error


@needs_tesseract
def test_garbage_text_layers_are_recognised_with_ocr():
    from pathlib import Path

    path = Path(__file__).parent / "data" / "pdf_layouts" / "garbage_layer.pdf"
    pipeline = Pipeline.from_config({**NO_STEPS, "ingest": {"ocr": True}})
    doc = pipeline.process(path)
    assert doc.status == "ok" and doc.error is None
    recognised = [passage for passage in doc.passages if passage.ocr]
    assert {passage.page for passage in recognised} == {2, 3}
    assert all(not passage.ocr for passage in doc.passages if passage.page == 1)
    text = " ".join(passage.text for passage in recognised).lower()
    assert sum(word in text for word in ("требования", "постановление", "результаты")) >= 2, text[:300]
