"""Is a page's text layer usable? Detects empty pages, (cid:NN) runs, non-letters and mojibake."""

from __future__ import annotations

import re

CID = re.compile(r"\(cid:\d+\)|GLYPH<[^>]*>")
MOJIBAKE = re.compile("[ÐÑÃÂÊËÎÏ\ufffd]")
LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")  # cp1251 bytes shown as Latin-1: "Ñîþçíàÿ"
UTF8_AS_CP1251 = re.compile(
    "[РС][\u0400-\u040f\u0450-\u045f\u0490\u0491\u00a0-\u00bf\u2018-\u203a]"
)  # "РЎРѕСЋР·"
# cp1251 bytes 0x80–0xFF read as Latin-1 → what they mean: one character for one, so offsets stay
CP1251_FROM_LATIN1 = {b: bytes([b]).decode("cp1251", errors="replace") for b in range(0xC0, 0x100)}
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
    if (
        len(MOJIBAKE.findall(visible)) > 0.15 * letters
        or len(LATIN1_LETTERS.findall(visible)) > 0.3 * letters
        or len(UTF8_AS_CP1251.findall(visible)) > 0.2 * letters
    ):
        return "text layer is mojibake (wrongly decoded characters)"
    return None


def repair_latin1_mojibake(text: str) -> str | None:
    """Russian text whose cp1251 bytes were shown as Latin-1 ("Ñîþçíàÿ" → "Союзная"), else None.

    The repair maps one character to one, so offsets into the page text still hold.
    """
    visible = "".join(text.split())
    letters = sum(char.isalpha() for char in visible)
    if not letters or len(LATIN1_LETTERS.findall(visible)) <= 0.3 * letters:
        return None
    from indpol.ingest.encoding import russian_score

    repaired = text.translate(CP1251_FROM_LATIN1)
    return repaired if russian_score(repaired) > 0.6 else None
