"""pdf_calls: the lean prototypes of pdfium functions give what pypdfium2's own bindings give."""

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from indpol.ingest import pdf_calls as calls

LAYOUTS = Path(__file__).parent / "data" / "pdf_layouts"


@pytest.fixture(
    scope="module", params=["table_merged_header.pdf", "landscape_stat_table.pdf", "two_column_article.pdf"]
)
def page(request):
    pdf = pdfium.PdfDocument(LAYOUTS / request.param)
    page = pdf[0]
    yield page
    page.close()
    pdf.close()


def test_page_objects_and_their_types(page):
    raw = calls.address(page.raw)
    assert calls.count_objects(raw) == pdfium_c.FPDFPage_CountObjects(page.raw) > 0
    for index in range(calls.count_objects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        assert calls.get_object(raw, index) == ctypes.cast(obj, ctypes.c_void_p).value
        assert calls.object_type(calls.get_object(raw, index)) == pdfium_c.FPDFPageObj_GetType(obj)


def test_path_bounds_and_segments(page):
    raw = calls.address(page.raw)
    paths = [
        calls.get_object(raw, i)
        for i in range(calls.count_objects(raw))
        if calls.object_type(calls.get_object(raw, i)) == calls.PATH_OBJECT
    ]
    bounds, point = (ctypes.c_float * 4)(), (ctypes.c_float * 2)()
    at, at_point = ctypes.addressof(bounds), ctypes.addressof(point)
    for obj in paths:
        bound = ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)
        expected = [ctypes.c_float() for _ in range(4)]
        assert pdfium_c.FPDFPageObj_GetBounds(bound, *expected)
        assert calls.object_bounds(obj, at, at + 4, at + 8, at + 12)
        assert list(bounds) == [value.value for value in expected]
        assert calls.count_segments(obj) == pdfium_c.FPDFPath_CountSegments(bound)
        for index in range(calls.count_segments(obj)):
            segment = calls.get_segment(obj, index)
            theirs = pdfium_c.FPDFPath_GetPathSegment(bound, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            pdfium_c.FPDFPathSegment_GetPoint(theirs, x, y)
            calls.segment_point(segment, at_point, at_point + 4)
            assert list(point) == [x.value, y.value]
            assert calls.segment_type(segment) == pdfium_c.FPDFPathSegment_GetType(theirs)
            assert calls.segment_close(segment) == pdfium_c.FPDFPathSegment_GetClose(theirs)


def test_text_boxes_and_bounded_text(page):
    textpage = page.get_textpage()
    try:
        raw = calls.address(textpage.raw)
        count = calls.count_rects(raw, 0, -1)
        assert count == textpage.count_rects() > 0
        corners = (ctypes.c_double * 4)()
        at = ctypes.addressof(corners)
        buffer = (ctypes.c_ushort * 2048)()
        for index in range(count):
            assert calls.get_rect(raw, index, at, at + 8, at + 16, at + 24)
            left, top, right, bottom = corners
            assert (left, bottom, right, top) == pytest.approx(textpage.get_rect(index), abs=0)
            length = calls.bounded_text(raw, left, top, right, bottom, ctypes.addressof(buffer), 2048)
            text = bytes(buffer)[: 2 * (length - 1)].decode("utf-16-le")
            assert text == textpage.get_text_bounded(left, bottom, right, top)
    finally:
        textpage.close()
