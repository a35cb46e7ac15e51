"""Word's automatic list numbers ("1.", "I.", "а)", "2.3."), which are not in the paragraph text.

A numbered paragraph names a list (``numId``) and a level (``ilvl``), directly or through its style;
``numbering.xml`` gives each level its start, format and label pattern ("%1.%2."). The label a
reader sees is rebuilt from counters kept per list, so stage labels and list markers survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower sequence (no ё, й, ъ, ы, ь)
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str


def _val(element: Any, tag: str, default: str | None = None) -> str | None:
    child = element.find(f"{W}{tag}") if element is not None else None
    return child.get(f"{W}val", default) if child is not None else default


def format_number(value: int, fmt: str) -> str:
    """``value`` in a Word number format ("upperRoman", "russianLower", "decimalZero" …)."""
    if fmt in ("upperRoman", "lowerRoman"):
        out, rest = "", max(value, 1)
        for amount, digits in ROMAN:
            while rest >= amount:
                out, rest = out + digits, rest - amount
        return out.upper() if fmt == "upperRoman" else out
    letters = RUSSIAN_LETTERS if fmt.startswith("russian") else LATIN_LETTERS
    if fmt in ("lowerLetter", "upperLetter", "russianLower", "russianUpper"):
        index = max(value, 1) - 1
        letter = letters[index % len(letters)] * (index // len(letters) + 1)
        return letter.upper() if fmt.endswith(("upperLetter", "Upper")) else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class Numbering:
    """Counters of a document's numbered lists; :meth:`label` gives the next paragraph's label."""

    def __init__(self, document: Any):
        self.lists: dict[str, tuple[dict[int, Level], dict[int, int]]] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read(root)
        for style in document.styles.element.findall(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = _val(num_pr, "numId")
            if num_id:
                self.style_numbers[style.get(f"{W}styleId", "")] = (
                    num_id,
                    int(_val(num_pr, "ilvl", "0") or 0),
                )

    def _read(self, root: Any) -> None:
        abstract: dict[str, dict[int, Level]] = {}
        for element in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in element.findall(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = Level(
                    int(_val(lvl, "start", "1") or 1), _val(lvl, "numFmt", "decimal") or "decimal",
                    _val(lvl, "lvlText", "") or "",
                )  # fmt: skip
            abstract[element.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            levels = abstract.get(_val(num, "abstractNumId") or "", {})
            starts = {}
            for override in num.findall(f"{W}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    starts[int(override.get(f"{W}ilvl", "0"))] = int(start)
            self.lists[num.get(f"{W}numId", "")] = (levels, starts)

    def label(self, paragraph: Any) -> str | None:
        """The number label of ``paragraph`` ("2.", "II.", "б)"), None for bullets and plain paragraphs."""
        num_id, level = self._numbering_of(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return None
        levels, starts = self.lists[num_id]
        counters = self.counters.setdefault(num_id, {})
        start = starts.get(level, levels[level].start if level in levels else 1)
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        spec = levels.get(level)
        if spec is None or spec.fmt in ("bullet", "none") or "%" not in spec.text:
            return None
        text = spec.text
        for index in range(level + 1):
            spec_at = levels.get(index, Level(1, "decimal", ""))
            value = counters.get(index, starts.get(index, spec_at.start))
            text = text.replace(f"%{index + 1}", format_number(value, spec_at.fmt))
        return text.strip() or None

    def _numbering_of(self, paragraph: Any) -> tuple[str | None, int]:
        properties = paragraph._p.pPr
        num_pr = properties.find(f"{W}numPr") if properties is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            level = _val(num_pr, "ilvl")
            style_id = _val(properties, "pStyle")
            style_num = self.style_numbers.get(style_id or "")
            if num_id is None and style_num:
                num_id = style_num[0]
            return num_id, int(level) if level is not None else (style_num[1] if style_num else 0)
        style_id = _val(properties, "pStyle") if properties is not None else None
        if style_id and style_id in self.style_numbers:
            return self.style_numbers[style_id]
        return None, 0
