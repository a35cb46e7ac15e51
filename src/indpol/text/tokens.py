"""Words: the one word pattern and the one normalisation every step uses.

>>> [m.group() for m in WORD.finditer("Северо-Западный ФО, IT-парк: 5 резидентов, Қазақстан")]
['Северо-Западный', 'ФО', 'IT-парк', 'резидентов', 'Қазақстан']
>>> fold("Объём")
'Объем'
"""

from __future__ import annotations

import re

LETTERS = r"[^\W\d_]"  # a letter of any script: Cyrillic with і, ў, ә, ү…, Latin
WORD = re.compile(rf"{LETTERS}+(?:-{LETTERS}+)*")  # letters joined by inner hyphens: "северо-западный"


def fold(text: str) -> str:
    """``ё`` read as ``е`` (documents write either), as every vocabulary and comparison does."""
    return text.replace("ё", "е")
