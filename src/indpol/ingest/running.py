"""Running headers, footers and page numbers: the keys by which repeated lines are recognised."""

from __future__ import annotations

import re

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:стр\.?|с\.|page)?\s*\d{1,4}\s*(?:[-–—]|из\s+\d+|/\s*\d+)?\s*$", re.I
)


def running_line_key(line: str) -> str:
    """A line with its digits and spacing folded, so "Страница 3 из 12" repeats as "страница # из #"."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))
