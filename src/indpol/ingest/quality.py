"""Is a page's text layer usable? Detects empty pages, (cid:NN) runs, non-letters and mojibake."""

from __future__ import annotations

import re

CID = re.compile(r"\(cid:\d+\)|GLYPH<[^>]*>")
MOJIBAKE = re.compile("[ÐÑÃÂÊËÎÏ\ufffd]")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
MIN_CHARS = 20


def text_problem(text: str) -> str | None:
    """A one-phrase reason why ``text`` is not usable, or ``None`` when it is fine."""
    visible = "".join(text.split())
    if len(visible) < MIN_CHARS:
        return "no text layer" if not visible else None
    cid_chars = sum(len(m) for m in CID.findall(visible))
    if cid_chars > 0.2 * len(visible):
        return "unmapped glyphs (cid:NN) in the text layer"
    if len(PRIVATE_USE.findall(visible)) > 0.2 * len(visible):
        return "unmapped glyphs (private-use characters) in the text layer"
    letters = sum(char.isalpha() for char in visible)
    if letters < 0.4 * len(visible):
        return "text layer is mostly non-letters"
    if len(MOJIBAKE.findall(visible)) > 0.15 * letters:
        return "text layer is mojibake (wrongly decoded characters)"
    return None
