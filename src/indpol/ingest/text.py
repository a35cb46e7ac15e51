"""Plain text and Markdown: decode and hand over the whole text as one block."""

from __future__ import annotations

import re

from indpol.ingest.base import Block, RawDocument
from indpol.ingest.encoding import decode
from indpol.textmap import MappedText

MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)")


def read_text(data: bytes, path: object = None, fmt: str = "txt") -> RawDocument:
    """Read TXT/MD bytes; offsets refer to the decoded text (BOM removed)."""
    text, _encoding = decode(data, path)
    pages = text.split("\f")
    doc = RawDocument(format=fmt, source_offsets=True)
    offset = 0
    for number, page in enumerate(pages, start=1):
        page_number = number if len(pages) > 1 else None
        text = MappedText.identity(page, offset)
        if fmt == "md":
            text = text.rewrite(MARKDOWN_LINK, lambda m: m.group(1))
            text = text.rewrite(MARKDOWN_EMPHASIS, lambda m: m.group(2))
        doc.blocks.append(Block(text, page=page_number))
        offset += len(page) + 1
    if len(pages) > 1:
        doc.pages = len(pages)
        doc.paged = True
    return doc
