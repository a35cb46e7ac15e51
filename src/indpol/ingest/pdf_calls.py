"""pdfium functions the PDF reader calls thousands of times a page, through lean ctypes prototypes.

pypdfium2's bindings type every handle as a pointer to its own struct, so each call checks its
arguments' types and each returned handle is a new pointer object: about half of the cost of a
short call such as "the type of this page object". Here the same C functions (taken from
pypdfium2's bindings by address, so the library is the one pypdfium2 loaded) take and return
handles as plain addresses (``int``); a result pointer is the address of a ctypes value. They
keep the GIL while pdfium works (microseconds; releasing and taking it back cost as much), so no
other thread enters pdfium meanwhile. Handles from these functions go only to functions of this
module.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

PATH_OBJECT, FORM_OBJECT = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_HANDLE = ctypes.c_void_p
_INT = ctypes.c_int


def _lean(function: Any, restype: Any, *argtypes: Any) -> Any:
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.PYFUNCTYPE(restype, *argtypes)(address)


def address(handle: Any) -> int:
    """The address of a pypdfium2 handle (``page.raw``, ``textpage.raw``) for the functions below."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


count_objects = _lean(pdfium_c.FPDFPage_CountObjects, _INT, _HANDLE)
get_object = _lean(pdfium_c.FPDFPage_GetObject, _HANDLE, _HANDLE, _INT)
object_type = _lean(pdfium_c.FPDFPageObj_GetType, _INT, _HANDLE)
form_count_objects = _lean(pdfium_c.FPDFFormObj_CountObjects, _INT, _HANDLE)
form_get_object = _lean(pdfium_c.FPDFFormObj_GetObject, _HANDLE, _HANDLE, ctypes.c_ulong)
object_bounds = _lean(pdfium_c.FPDFPageObj_GetBounds, _INT, _HANDLE, _HANDLE, _HANDLE, _HANDLE, _HANDLE)
object_matrix = _lean(pdfium_c.FPDFPageObj_GetMatrix, _INT, _HANDLE, _HANDLE)
count_segments = _lean(pdfium_c.FPDFPath_CountSegments, _INT, _HANDLE)
get_segment = _lean(pdfium_c.FPDFPath_GetPathSegment, _HANDLE, _HANDLE, _INT)
segment_point = _lean(pdfium_c.FPDFPathSegment_GetPoint, _INT, _HANDLE, _HANDLE, _HANDLE)
segment_type = _lean(pdfium_c.FPDFPathSegment_GetType, _INT, _HANDLE)
segment_close = _lean(pdfium_c.FPDFPathSegment_GetClose, _INT, _HANDLE)
count_rects = _lean(pdfium_c.FPDFText_CountRects, _INT, _HANDLE, _INT, _INT)
get_rect = _lean(pdfium_c.FPDFText_GetRect, _INT, _HANDLE, _INT, _HANDLE, _HANDLE, _HANDLE, _HANDLE)
bounded_text = _lean(
    pdfium_c.FPDFText_GetBoundedText,
    _INT,
    _HANDLE,
    ctypes.c_double,
    ctypes.c_double,
    ctypes.c_double,
    ctypes.c_double,
    _HANDLE,
    _INT,
)
