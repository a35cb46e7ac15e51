"""Wrongly decoded and garbage text layers are caught or repaired, never passed on as text; tables pass."""

import random

import pytest
from conftest import (
    DEJAVU,
    FACTRU,
    NO_STEPS,
    RUREBUS,
    SEED,
    needs_factru,
    needs_font,
    needs_rurebus,
    needs_seed,
)

from indpol.ingest.encoding import decode
from indpol.ingest.quality import CODES, LATIN_CODES, LOOKALIKES, repair_latin1_mojibake, text_problem
from indpol.pipeline import E_PAGES_WITHOUT_TEXT, Pipeline

RUSSIAN = "Союзная программа развития станкостроения выполнена на восемьдесят процентов."
AS_LATIN1 = RUSSIAN.encode("cp1251").decode("latin-1")  # "Ñîþçíàÿ ïðîãðàììà …"
UTF8_AS_CP1251 = RUSSIAN.encode("utf-8").decode("cp1251", errors="replace")  # "РЎРѕСЋР·РЅР°СЏ …"


@pytest.mark.parametrize("text", [AS_LATIN1, UTF8_AS_CP1251])
def test_mojibake_is_a_text_problem(text):
    assert "mojibake" in text_problem(text)


@pytest.mark.parametrize(
    "text",
    [RUSSIAN, "Die Förderung der Industrie wächst in Österreich und in der Schweiz stärker als erwartet."],
)
def test_real_text_is_not_mojibake(text):
    assert text_problem(text) is None
    assert repair_latin1_mojibake(text) is None


def test_repair_latin1_mojibake_maps_one_to_one():
    repaired = repair_latin1_mojibake(AS_LATIN1)
    assert repaired == RUSSIAN and len(repaired) == len(AS_LATIN1)


def test_valid_utf8_wins_over_a_wrong_declaration():
    data = f"<html><head><meta charset='windows-1251'></head><body><p>{RUSSIAN}</p></body></html>".encode()
    text, encoding = decode(data, declared="windows-1251")
    assert encoding == "utf-8" and RUSSIAN in text
    text, encoding = decode(RUSSIAN.encode("cp1251"), declared="windows-1251")
    assert encoding == "cp1251" and text == RUSSIAN


@needs_font
def test_pdf_with_latin1_text_layer_is_repaired():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("D", "", str(DEJAVU))
    pdf.set_font("D", size=11)
    for _ in range(3):
        pdf.multi_cell(0, 6, AS_LATIN1, new_x="LMARGIN", new_y="NEXT")
    doc = Pipeline.from_config(NO_STEPS).process(bytes(pdf.output()), name="latin1.pdf")
    assert doc.status == "ok" and doc.language == "ru"
    assert RUSSIAN in doc.text


RUSSIAN_PAGE = (
    "Правительство Российской Федерации утвердило государственную программу развития промышленности "
    "и повышения её конкурентоспособности. В 2023 году объём производства станков вырос на 12,5 %, "
    "а доля отечественной продукции на внутреннем рынке достигла 40 процентов. Министерство "
    "промышленности и торговли подготовит отчёт о ходе реализации программы до 1 марта 2024 г."
)
ENGLISH_ABSTRACT = (
    "Abstract. The article examines the regional industrial policy of the Republic of Belarus and the "
    "Russian Federation within the Union State. The authors analyse the implementation of union programmes, "
    "the 2023 agreement on a unified industrial policy and the growth of mutual trade, which reached "
    "USD 50 billion. The findings show that joint projects in machine building, microelectronics and "
    "pharmaceuticals strengthen technological sovereignty. Keywords: industry; integration; real sector. "
    "JEL classification: L52, O25. DOI: 10.24412/2071-6435-2024-3-58-71."
)
TABLE_PAGE = "Показатели 2022 г. 2023 г. тыс. руб.\n" + "\n".join(
    f"{row}. {row * 1371 % 9000:,} {row * 733 % 500},{row % 10} {row * 17 % 120},5% (12,4) – ########".replace(
        ",", " ", 1
    )
    for row in range(1, 40)
)
SHIFT = {c: chr(ord(c) - 0x3D6) for c in "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"}
LOOKALIKE = dict(
    zip("АВСЕНКМОРТХУЗЧБаесорху", "ABCEHKMOPTXY346aecopxy", strict=True),
    **{
        "Л": "JI",
        "л": "JI",
        "П": "II",
        "п": "n",
        "И": "I4",
        "и": "u",
        "Ы": "bI",
        "ы": "bI",
        "Ь": "b",
        "ь": "b",
    },
    **{"в": "B", "н": "H", "т": "T", "к": "k", "м": "M", "д": "g", "з": "3", "б": "6", "г": "r", "я": "R"},
)
LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def substitute(table: dict[str, str], text: str) -> str:
    return "".join(table.get(char, char) for char in text)


def koi8_7bit(text: str) -> str:
    """KOI8-R with the high bit stripped: "Правительство" → "pRAWITELXSTWO"."""
    return "".join(chr(c.encode("koi8-r")[0] & 0x7F) if c.lower() in LOWER else c for c in text)


def letter_permutation(seed: int) -> dict[str, str]:
    """Cyrillic onto Latin letters, case kept: the hardest mapping (no code characters, no case flips)."""
    rng = random.Random(seed)
    table = {c: rng.choice("abcdefghijklmnopqrstuvwxyz") for c in LOWER}
    return table | {c.upper(): v.upper() for c, v in table.items()}


def ascii_codes(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    return {c: chr(rng.randint(0x21, 0x7E)) for c in LOWER + LOWER.upper()}


def first_use_codes(text: str) -> dict[str, str]:
    """A subset font numbering its glyphs in order of first use from "!"."""
    table: dict[str, str] = {}
    for char in text:
        if char.lower() in LOWER and char not in table:
            table[char] = chr(0x21 + len(table))
    return table


def cid_run(text: str) -> str:
    return "".join(c if c.isspace() else f"(cid:{ord(c) % 200 + 3})" for c in text)


def replaced(text: str, share: float) -> str:
    rng = random.Random(0)
    return "".join("\ufffd" if c.isalpha() and rng.random() < share else c for c in text)


C_LISTING = """
for (int row = 0; row < height; row++) {
    if (grid[row][col] == 'K' && !enemy[row].alive) {
        grid[row][col] = ' ';
        score += bonus;
    }
    else if (grid[row][col] == 'B') {
        tile.setTextureRect(IntRect(size * 2, 0, size, size));
    }
}
window.draw(tile);
offsetX = player.rect.left - width / 2;
"""
SHELL_LISTING = """
#!/bin/bash
passed=0
files="../data/pos_??_in.txt"
for file_in in $files; do
    if [ -f "$file_in" ]; then
        number=$(echo "$file_in" | grep -o "[0-9]*")
    else
        echo "No positive tests"
        continue
    fi
done
exit 0
"""
XML_LISTING = """
<beans xmlns="http://www.springframework.org/schema/beans">
<context:component-scan base-package="org.example.calculator"/>
<bean id="dataSource" class="org.example.DataSource">
<property name="driverClassName" value="org.postgresql.Driver"/>
<property name="url" value="jdbc:postgresql://localhost/calc"/>
</bean>
</beans>
"""
GDB_DUMP = """
(gdb) x /4xb &value
0x7fffffffdf30: 0x9c 0xff 0xff 0xff
(gdb) x /8xb &total
0x7fffffffdf38: 0x64 0x00 0x00 0x00 0x00 0x00 0x00 0x00
(gdb) info locals
value = -100
total = 100
"""

GARBAGE = {
    "shifted font codes": lambda text: substitute(SHIFT, text),
    "koi8 7-bit": koi8_7bit,
    "letter permutation": lambda text: substitute(letter_permutation(0), text),
    "ascii codes": lambda text: substitute(ascii_codes(1), text),
    "first-use codes": lambda text: substitute(first_use_codes(text), text),
    "look-alikes": lambda text: substitute(LOOKALIKE, text),
    "look-alikes, capitals": lambda text: substitute(LOOKALIKE, text.upper()),
    "cid": cid_run,
    "U+FFFD 10%": lambda text: replaced(text, 0.1),
    "U+FFFD 100%": lambda text: replaced(text, 1.0),
}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (RUSSIAN_PAGE, None),
        (RUSSIAN_PAGE.upper(), None),  # a title page in capitals
        (ENGLISH_ABSTRACT, None),
        (ENGLISH_ABSTRACT.upper(), None),
        (RUSSIAN_PAGE + "\n" + ENGLISH_ABSTRACT, None),
        (TABLE_PAGE, None),  # numbers under a few header words
        ("12 345 678 ... ### ;;; 999 000 111 222 333", None),  # no letters at all: still a table
        ("Die Förderung der Industrie wächst in Österreich und in der Schweiz stärker als erwartet.", None),
        ("Lj_[h\\Zgby khklZ\\eyxs_c ihebl\\bdb \\ h[eZklb ijhfure_gghklb ijh]jZffu", LATIN_CODES),
        (substitute(SHIFT, RUSSIAN_PAGE), LATIN_CODES),
        (koi8_7bit(RUSSIAN_PAGE), LATIN_CODES),
        (substitute(letter_permutation(0), RUSSIAN_PAGE), LATIN_CODES),
        (substitute(first_use_codes(RUSSIAN_PAGE), RUSSIAN_PAGE), CODES),
        ("IIOCTAHOBJIEHI4E IIPABI4TEJIbCTBA POCCI4I4CKOI4 (t)EDEPAU,I4I4 Pe3yJIbTaTbI pa3BuTuR", LOOKALIKES),
        (substitute(LOOKALIKE, RUSSIAN_PAGE), LOOKALIKES),
        (cid_run(RUSSIAN_PAGE), "unmapped glyphs (cid:NN) in the text layer"),
        (replaced(RUSSIAN_PAGE, 0.2), "replacement characters (U+FFFD) instead of letters in the text layer"),
        ("", "no text layer"),
        (RUSSIAN_PAGE + C_LISTING, None),  # a report with a program listing
        (C_LISTING * 3, None),
        (SHELL_LISTING * 2, None),
        (XML_LISTING * 2, None),
        (GDB_DUMP * 3, None),
    ],
    ids=lambda value: value[:24] if isinstance(value, str) else value,
)
def test_text_problem(text, reason):
    assert text_problem(text) == reason


def chunks(text: str, size: int = 3000) -> list[str]:
    """Pages of about ``size`` characters, cut at line ends."""
    pages, start = [], 0
    while start < len(text):
        end = len(text) if start + size >= len(text) else text.rfind("\n", start + size // 2, start + size)
        end = end if end > start else min(len(text), start + size)
        pages.append(text[start:end])
        start = end
    return pages


@pytest.fixture(scope="module")
def real_pages() -> list[str]:
    pages = [page for path in sorted(RUREBUS.glob("*.txt")) for page in chunks(path.read_text())]
    pages += [path.read_text() for path in sorted(FACTRU.glob("*.txt"))]
    return pages + chunks(SEED.read_text())


@needs_rurebus
@needs_factru
@needs_seed
def test_real_text_is_never_garbage(real_pages):
    alarms = [(problem, page[:80]) for page in real_pages if (problem := text_problem(page))]
    assert alarms == []


@needs_rurebus
@needs_factru
@needs_seed
@pytest.mark.parametrize("kind", list(GARBAGE))
def test_garbage_made_from_real_text_is_caught(real_pages, kind):
    sample = [page for page in real_pages[::15] if sum(c.lower() in LOWER for c in page) >= 200]
    missed = [page[:80] for page in sample if not text_problem(GARBAGE[kind](page))]
    assert missed == []


@needs_font
def test_pdf_with_a_garbage_page_needs_ocr_and_keeps_the_good_page():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("D", "", str(DEJAVU))
    for text in (RUSSIAN_PAGE, substitute(SHIFT, RUSSIAN_PAGE)):
        pdf.add_page()
        pdf.set_font("D", size=11)
        pdf.multi_cell(0, 6, text)
    doc = Pipeline.from_config(NO_STEPS).process(bytes(pdf.output()), name="garbage_page.pdf")
    assert (doc.status, doc.error_code) == ("needs_ocr", E_PAGES_WITHOUT_TEXT)
    assert "pages 2" in doc.error and LATIN_CODES in doc.error and "\n" not in doc.error
    assert {passage.page for passage in doc.passages} == {1}
    assert "государственную программу развития промышленности" in doc.text
