"""Text with an offset map: every character remembers where it came from.

Cleaning steps rewrite text through :func:`rewrite`, which keeps the map, so a
span of the final clean text can always be traced back to the raw source.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# the type of the offset maps: 4-byte offsets (a source of up to 2**31 - 1 characters, ten times the default
# ingest.max_bytes); 8-byte ones made a long text's maps 80 % of its memory
OFFSET = "i"


@dataclass(slots=True)
class MappedText:
    """``text`` plus ``origin[i]``: the source offset of ``text[i]``."""

    text: str
    origin: array

    @classmethod
    def identity(cls, text: str, offset: int = 0) -> MappedText:
        return cls(text, offsets(offset, offset + len(text)))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> MappedText:
        if start == 0 and end >= len(self.text):  # the whole is shared: nothing changes a map in place
            return self
        return MappedText(self.text[start:end], self.origin[start:end])

    def rewrite(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]) -> MappedText:
        """Replace matches of ``pattern`` by ``replace(match)`` (``None`` keeps the match).

        Each replacement character maps to the next equal character of the match
        (so deletions inside a match keep the map exact), else to the current one.
        """
        pieces: list[str] = []
        origin = array(OFFSET)
        last = 0
        for match in pattern.finditer(self.text):
            new = replace(match)
            if new is None:
                continue
            start, end = match.span()
            pieces.append(self.text[last:start])
            origin.extend(self.origin[last:start])
            pieces.append(new)
            origin.extend(self._align(new, start, end))
            last = end
        if last == 0 and not pieces:
            return self
        pieces.append(self.text[last:])
        origin.extend(self.origin[last:])
        return MappedText("".join(pieces), origin)

    def _align(self, new: str, start: int, end: int) -> list[int]:
        old = self.text[start:end]
        mapped = []
        pointer = 0
        for char in new:
            found = old.find(char, pointer)
            if found >= 0:
                pointer = found
            mapped.append(self._at(start + min(pointer, max(len(old) - 1, 0))))
            if found >= 0:
                pointer += 1
        return mapped

    def _at(self, index: int) -> int:
        if index < len(self.origin):
            return self.origin[index]
        return self.origin[-1] + 1 if len(self.origin) else 0


def join(parts: list[MappedText], separator: str) -> MappedText:
    """Concatenate mapped texts; separator characters map to the end of the previous part."""
    texts: list[str] = []
    origin = array(OFFSET)
    for index, part in enumerate(parts):
        if index:
            anchor = origin[-1] + 1 if len(origin) else 0
            texts.append(separator)
            origin.extend([anchor] * len(separator))
        texts.append(part.text)
        origin.extend(part.origin)
    return MappedText("".join(texts), origin)


OFFSETS_CHUNK = 1 << 20


def offsets(start: int, end: int) -> array:
    """``array(OFFSET, range(start, end))``, made by numpy when long (30 times faster for a page), a chunk at a
    time."""
    if end - start < 64:
        return array(OFFSET, range(start, end))
    out = array(OFFSET)
    for low in range(start, end, OFFSETS_CHUNK):  # by chunks: no second and third copy of a long map
        out.frombytes(np.arange(low, min(low + OFFSETS_CHUNK, end), dtype=np.int32).tobytes())
    return out
