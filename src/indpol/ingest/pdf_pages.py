"""A PDF's pages as pdfium lists them, each page read once however often a broken page tree names it.

A page tree whose ``/Kids`` name a page twice, or that loops back to an ancestor, makes pdfium list
the same page at several indices, and its facts would be stored once per index. pdfium does not say
which object a page is, so each page read is marked (its ``/ArtBox``, in the in-memory copy only, set
to a value of this read) and a page that comes back marked is a repeat.
"""

from __future__ import annotations

import ctypes
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MARK_BOTTOM = -7.0  # with a nonce of this read as the top: no page of a real document has such an ArtBox


@dataclass
class PageTree:
    """What reading a page tree found: repeated pages (page → the page it repeats) and pages that failed
    to load."""

    count: int
    repeats: dict[int, int] = field(default_factory=dict)
    unloadable: list[int] = field(default_factory=list)

    def reason(self) -> str | None:
        """One line naming the pages left out, ``None`` when every page was read once."""
        parts = []
        if self.repeats:
            parts.append(
                f"the page tree lists {len(self.repeats)} of {self.count} pages again (a loop or a shared "
                f"page), each page read once: {_pages(sorted(self.repeats))} repeat an earlier page"
            )
        if self.unloadable:
            parts.append(f"{len(self.unloadable)} pages could not be loaded: {_pages(self.unloadable)}")
        return "; ".join(parts) or None


def distinct_pages(pdf: pdfium.PdfDocument, tree: PageTree) -> Iterator[tuple[int, pdfium.PdfPage]]:
    """``(index, page)`` of each page the first time pdfium lists it; the caller closes the page."""
    nonce = float(secrets.randbelow(1 << 20) + 1)  # exact as a float32, not guessable by the file
    for index in range(tree.count):
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            tree.unloadable.append(index + 1)
            continue
        first = _marked(page, nonce)
        if first is None:
            pdfium_c.FPDFPage_SetArtBox(page.raw, -float(index + 1), MARK_BOTTOM, 0.0, nonce)
            yield index, page
        else:
            tree.repeats[index + 1] = first + 1
            page.close()


def _marked(page: pdfium.PdfPage, nonce: float) -> int | None:
    """The index this page was read at before, from its mark; ``None`` for a page not seen yet."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPage_GetArtBox(page.raw, left, bottom, right, top):
        return None
    if (bottom.value, right.value, top.value) != (MARK_BOTTOM, 0.0, nonce):
        return None
    return int(-left.value) - 1


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:20])) + (" …" if len(numbers) > 20 else "")
