"""Decoding bytes of Russian text: BOMs, UTF-8, cp1251, KOI8-R, cp866."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from indpol.errors import E_ENCODING, IngestError

CYRILLIC_CANDIDATES = ("cp1251", "koi8_r", "cp866")
# Frequent Russian letters in lower case: a correct decoding has many of them.
FREQUENT = set("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def russian_score(text: str) -> float:
    """Share of non-ASCII, non-space characters that are frequent lower-case Russian letters."""
    chars = [char for char in text if ord(char) >= 0x80 and not char.isspace()]
    if not chars:
        return 0.0
    return sum(char in FREQUENT for char in chars) / len(chars)


def decode(data: bytes, path: object = None, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``.

    Order: BOM, strict UTF-8 when the bytes are valid UTF-8 (whatever is declared), a declared
    encoding (HTML meta), then the Cyrillic
    single-byte encoding whose result looks most like Russian, then
    charset-normalizer for anything else.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data[:4096] and (encoding := utf16_without_bom(data)):
        return data[: len(data) // 2 * 2].decode(encoding, errors="replace"), encoding
    if declared and _normal(declared) not in ("utf-8", "utf8") and not data.isascii():
        try:  # valid multi-byte UTF-8 is not an accident of cp1251 text: the declaration is wrong
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return data.decode(_normal(declared)), _normal(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if (text := _utf8_with_stray_bytes(data, path)) is not None:
        return text, "utf-8"
    sample = data[:200_000]
    if sum(byte >= 0x80 for byte in sample) > len(sample) * 0.05:
        best = max(CYRILLIC_CANDIDATES, key=lambda enc: russian_score(sample.decode(enc, errors="replace")))
        if russian_score(sample.decode(best, errors="replace")) > 0.6:
            return data.decode(best, errors="replace"), best
    match = charset_normalizer.from_bytes(sample).best()
    if match is None or match.encoding is None:
        raise IngestError("cannot detect the text encoding", path=path, code=E_ENCODING)
    return data.decode(match.encoding, errors="replace"), match.encoding


UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1][\x80-\xbf]")


def _utf8_with_stray_bytes(data: bytes, path: object) -> str | None:
    """UTF-8 Russian text with a few bytes that are not UTF-8 (a cut-off download, one bad copy): decoded with
    U+FFFD for them (:func:`stray_bytes_warning` counts them for the document's warning); ``None`` when the
    bytes are of another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad > max(16, len(data) // 1000) or len(UTF8_CYRILLIC.findall(data[:200_000])) < 10 * bad:
        return None
    return text


def stray_bytes_warning(data: bytes, text: str, encoding: str) -> str | None:
    """The warning for bytes that were not UTF-8 in a text read as UTF-8 (each became U+FFFD), or ``None``."""
    bad = text.count("\ufffd") - data.count("\ufffd".encode()) if encoding == "utf-8" else 0
    return f"{bad:,} byte{' is' if bad == 1 else 's are'} not UTF-8, read as U+FFFD" if bad > 0 else None


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes read as text in it (letters, digits, spaces and
    punctuation), though no byte-order mark says so; ``None`` otherwise."""
    sample = data[:4096][: len(data[:4096]) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        readable = sum(ch.isalnum() or ch.isspace() or ch in ".,;:!?()«»\"'-–—%№/" for ch in text)
        if len(text) >= 20 and readable >= 0.95 * len(text):
            return encoding
    return None


def _normal(name: str) -> str:
    name = name.strip().lower()
    return {"windows-1251": "cp1251", "koi8-r": "koi8_r", "x-cp1251": "cp1251"}.get(name, name)
