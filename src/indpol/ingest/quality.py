"""Is a page's text layer usable? Detects empty pages, unmapped glyphs, mojibake and garbage letters.

A page of numbers with a few header words (a table) is usable. Garbage is a layer whose letters form
no words of any language: Cyrillic drawn with a font whose glyph codes are Latin ("Lj_[h\\Zgby"),
an old OCR layer in Latin look-alikes ("IIOCTAHOBJIEHI4E"), ``(cid:NN)`` runs, replacement characters.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from indpol.data import ENGLISH_WORDS

CID = re.compile(r"\(cid:\d+\)|GLYPH<[^>]*>")
MOJIBAKE = re.compile("[ÐÑÃÂÊËÎÏ]")
LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")  # cp1251 bytes shown as Latin-1: "Ñîþçíàÿ"
UTF8_AS_CP1251 = re.compile(
    "[РС][\u0400-\u040f\u0450-\u045f\u0490\u0491\u00a0-\u00bf\u2018-\u203a]"
)  # "РЎРѕСЋР·"
# cp1251 bytes 0x80–0xFF read as Latin-1 → what they mean: one character for one, so offsets stay
CP1251_FROM_LATIN1 = {b: bytes([b]).decode("cp1251", errors="replace") for b in range(0xC0, 0x100)}
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
CONTROL = re.compile("[\x00\x01\x03-\x08\x0e-\x1b\x7f]")  # \x02 is pdfium's line-end hyphen
MIN_CHARS = 20

NON_LETTERS = re.compile(r"[\W\d_]+")
LATIN = re.compile("[A-Za-z]")
CYRILLIC_UPPER = re.compile("[А-ЯЁ]")
FLIP = re.compile("[a-zа-яё][A-ZА-ЯЁ]")  # a capital after a small letter inside a word: "khklZ"
CODE_CHARS = "[\\]^_`{|}~@#$<=>"  # glyph codes of an unmapped font: "Lj_[h\Zgby"
CODE_CHAR = re.compile(f"[{re.escape(CODE_CHARS)}]")
EDGE = " \t.,;:!?()[]{}<>\"'«»“”„‘’…–—-*•·/%№§+=~"
URL = re.compile(r"://|^www\.|@\w+\.\w")
DIGIT_INSIDE = re.compile(r"[^\W\d_]\d+[^\W\d_]")
LOOKALIKE = re.compile(r"JI|bI|II[a-zA-HJ-UWYZ]|[A-Za-z][0346][A-Za-z]")  # Л, Ы, П, З/Ч/Б in Latin
ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
CAMEL = re.compile(r"[A-Z]?[a-z]+[A-Z][a-z]+|[a-z]{1,2}[A-Z][A-Za-z]{0,3}")  # JavaScript, iPhone, kWh
VOWELS = frozenset("aeiouyäöüéèêàâîôûëïçáíóúåæø")
CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{5,}")
# Letter pairs ("^"/"$": word start/end) found neither in English words nor in transliterated Russian
# (three schemes over pymorphy3's word forms), nor in common German and French words: a word with one
# is no word of a European language; letters of a Cyrillic font mapped onto Latin codes make many.
_RARE_BIGRAMS = """
    ^$ ^x aq bf bq bw bx cb cd cf cg cj cm cn cp cq cw cx cz df dq dw dx fb fc fd fg fh fj fk fp
    fq fv fw fx fz gb gf gj gp gq gw gx gz hf hj hq hx iw jb jf jh ji jj jp jq jv jw jx jy jz kf
    kg kj kp kq kw kx kz lq lx md mg mh mq mv mw mx nq nw nx oq pb pg pq pv pw px pz q$ qa qb qc
    qd qe qf qg qh qi qj qk ql qm qn qo qp qq qr qs qt qv qw qx qy qz rq rx sq sx sz tq tx uq uw
    vf vh vq vw vx wb wc wd wf wg wj wk wm wp wq wu wv ww wx wy wz xb xd xf xg xj xk xl xm xn xo
    xq xr xs xu xv xw xx xz yf yq yx zf zp zq zx
    """
RARE_BIGRAMS = frozenset(_RARE_BIGRAMS.split())
SUFFIXES = ("ies", "es", "s", "ed", "d", "ing", "ly", "er", "ers", "al", "ally", "ation", "ations")

MIN_WORD_LETTERS = 3
MIN_WORDS = 8  # fewer words (a table page's header) are not judged by share
MAX_TOKENS = 200
# Letter frequencies (%, a–z) of English, German, French and transliterated Russian: Latin letters of
# a page are words of a European language when their frequencies are close to one of these.
LETTER_PROFILES = [
    [float(share) for share in profile.split()]
    for profile in (
        "8.2 1.5 2.8 4.3 12.7 2.2 2.0 6.1 7.0 .15 .77 4.0 2.4 6.7 7.5 1.9 .1 6.0 6.3 9.1 2.8 1.0 2.4 .15 2.0 .07",
        "6.5 1.9 2.7 5.1 17.4 1.7 3.0 4.8 7.6 .27 1.2 3.4 2.5 9.8 2.6 .67 .02 7.0 7.3 6.2 4.4 .67 1.9 .03 .04 1.1",
        "7.6 .9 3.3 3.7 14.7 1.1 .9 .7 7.5 .6 .05 5.5 3.0 7.1 5.8 3.0 1.4 6.6 7.9 7.2 6.3 1.8 .05 .4 .3 .1",
        "8.8 1.2 1.4 2.5 8.0 .5 1.9 3.9 8.3 0 3.8 3.4 3.0 6.8 10.4 3.0 0 5.6 6.8 6.2 2.5 4.0 0 0 5.6 2.2",
    )
]
MIN_PROFILE_SIMILARITY = 0.75  # cosine; Cyrillic mapped onto Latin letters scores 0.45–0.8
COMMON_LETTERS = "aeiostnr"  # the most frequent in all four: about 60% of letters, a third in garbage
MIN_COMMON_SHARE = 0.45
MIN_PROFILE_LETTERS = 150
JUNK = frozenset('!"#$&*+<=>?@[\\]^_`{|}~')  # two of these in one token: glyph codes, not text
CODE_WORD = re.compile(r"(?<![\w\\])[a-z]{3,}(?!\w)")
CODE_KEYWORDS = frozenset(
    [
        "int",
        "char",
        "void",
        "return",
        "include",
        "define",
        "else",
        "elif",
        "for",
        "while",
        "break",
        "continue",
        "struct",
        "printf",
        "sizeof",
        "const",
        "static",
        "public",
        "private",
        "class",
        "new",
        "null",
        "true",
        "false",
        "string",
        "import",
        "from",
        "def",
        "function",
        "var",
        "let",
        "echo",
        "then",
        "done",
        "esac",
        "case",
        "switch",
        "grep",
        "exit",
        "try",
        "catch",
        "throw",
        "package",
        "xml",
        "version",
        "xmlns",
        "bean",
        "beans",
        "select",
        "where",
        "float",
        "double",
        "long",
        "unsigned",
        "bool",
        "auto",
        "main",
        "std",
        "cout",
        "endl",
        "namespace",
        "using",
        "template",
        "typename",
        "self",
    ]
)
STATEMENT = re.compile(
    r"[;{}]$|^[{}#<]|^//|\s==?\s|\w\(|</?\w+[ >/]|->|:=|\$\(|^\w+=\S|;\s*(?:do|then)$|^(?:fi|done|esac|else|end)$"
)
HEX = re.compile(r"0x[0-9a-fA-F]+:?")
OPERATORS = re.compile(r"[=!<>]=|&&|\|\||\w\[\w*\]|\w\.\w+\s*[=(]|^[{}]|[{}]$|\+\+|\s=\s")
IDENTIFIER_PART = re.compile(r"[A-Z]?[a-z]{3,}|[A-Z]{3,}(?![a-z])")
MARKUP = re.compile(r"<[A-Za-z][\w:-]*(?:\s+[\w:-]+=\"|\s*/?>)|</[A-Za-z][\w:-]*>|^[a-z][\w:-]*=\"[^\"]*\"")
GARBAGE = "text layer is garbage: letters form no words"
LATIN_CODES = f"{GARBAGE} (Cyrillic mapped to Latin codes?)"
LOOKALIKES = "old OCR layer in Latin look-alikes"
CODES = "text layer is garbage: glyph codes instead of letters"

_morph: Any = None


def text_problem(text: str, morph: Any = None) -> str | None:
    """A one-phrase reason why ``text`` is not usable, or ``None`` when it is fine.

    ``morph`` is an :class:`indpol.nlp.morph.Morph`; the process's one is loaded when a
    suspicious page needs Russian words checked.
    """
    visible = "".join(text.split())
    if len(visible) < MIN_CHARS:
        return "no text layer" if not visible else None
    if sum(len(m) for m in CID.findall(visible)) > 0.2 * len(visible):
        return "unmapped glyphs (cid:NN) in the text layer"
    if len(PRIVATE_USE.findall(visible)) > 0.2 * len(visible):
        return "unmapped glyphs (private-use characters) in the text layer"
    if len(CONTROL.findall(visible)) > 0.2 * len(visible):
        return "unmapped glyphs (control characters) in the text layer"
    letters = len(NON_LETTERS.sub("", visible))
    replaced = visible.count("\ufffd")
    if replaced >= 3 and replaced > 0.05 * (letters + replaced):
        return "replacement characters (U+FFFD) instead of letters in the text layer"
    if (
        len(MOJIBAKE.findall(visible)) > 0.15 * letters
        or len(LATIN1_LETTERS.findall(visible)) > 0.3 * letters
        or len(UTF8_AS_CP1251.findall(visible)) > 0.2 * letters
    ):
        return "text layer is mojibake (wrongly decoded characters)"
    return None if _looks_clean(visible, letters) else garbage_problem(text, morph)


def _looks_clean(visible: str, letters: int) -> bool:
    """Cheap signals: mostly Cyrillic, in ordinary case, with no glyph-code characters."""
    if letters < 0.3 * len(visible):  # numbers: a table
        return len(CODE_CHAR.findall(visible)) < 0.02 * len(visible)
    return (
        len(LATIN.findall(visible)) < 0.3 * letters
        and len(CODE_CHAR.findall(visible)) < 0.01 * letters
        and len(FLIP.findall(visible)) < 0.01 * letters
        and len(CYRILLIC_UPPER.findall(visible)) < 0.4 * letters
    )


def garbage_problem(text: str, morph: Any = None) -> str | None:
    """Check the words themselves: do letters form Russian or Latin-script words? A listing of
    program code or markup (identifiers, operators, keywords) is text, not glyph codes."""
    global _morph
    if morph is not None:
        _morph = morph
    problem = _word_problem(text)
    return None if problem is None or source_code(text) else problem  # code is checked only when needed


def _word_problem(text: str) -> str | None:
    """What the words of ``text`` say is wrong with it (see :func:`garbage_problem`), else None."""
    tokens = text.split()
    if len(tokens) > MAX_TOKENS:  # an even sample: garbage fills a page
        tokens = tokens[:: len(tokens) // MAX_TOKENS + 1]
    latin_like = european_letters(text)
    words = junk = bad = lookalike = plausible = latin = 0
    for token in tokens:
        counted, junky, script, verdict = _token_kind(token)
        junk += junky
        if not counted:
            continue
        words += 1
        if verdict == "pronounceable":
            verdict = "ok" if latin_like else "unknown"
        latin += script == "latin"
        bad += verdict in ("bad", "lookalike")
        lookalike += verdict == "lookalike"
        plausible += verdict == "ok"
    if (words >= 3 and bad >= 0.5 * words) or (words >= MIN_WORDS and plausible < 0.5 * words):
        if lookalike >= 0.3 * bad and lookalike >= 0.1 * words:
            return LOOKALIKES
        return LATIN_CODES if latin >= 0.5 * words else GARBAGE
    if junk >= 5 and junk >= 0.2 * len(tokens):
        return CODES
    return None


@lru_cache(maxsize=50_000)
def _token_kind(token: str) -> tuple[bool, bool, str, str]:
    """(counted as a word, junk, script, verdict) of one token of :func:`_word_problem`, worked out once
    per distinct token (a page repeats its words); a token that is not a word gets script and verdict ""."""
    if len(set(token)) == 1 or URL.search(token):  # "#####", "_____": fill, not codes
        return False, False, "", ""
    junk = len(JUNK.intersection(token)) >= 2
    core = token.strip(EDGE)
    if HEX.fullmatch(core):  # "0x7fffffffdf10": a number
        return False, junk, "", ""
    if len(NON_LETTERS.sub("", core)) < MIN_WORD_LETTERS:
        return False, junk, "", ""
    return (True, junk, *word_kind(core))


def source_code(text: str) -> bool:
    """Program code or markup: several keywords of programming languages as whole words, and a
    quarter of the lines shaped as statements (ending in ``;``, ``{``, ``}``, holding ``=``, ``(``
    or a tag). Letters of a font mapped onto Latin codes form no such keywords."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    if len(lines) >= 5 and sum(bool(MARKUP.search(line)) for line in lines) >= 0.4 * len(lines):
        return True
    statements = sum(bool(STATEMENT.search(line)) for line in lines)
    if statements < 0.25 * len(lines):
        return False
    keywords = {word for word in CODE_WORD.findall(text) if word in CODE_KEYWORDS}
    if len(keywords) >= 3:
        return True
    if sum(bool(OPERATORS.search(line)) for line in lines) < 0.25 * len(lines):
        return False  # ";" at line ends is a Russian list too; "&&", "==", "a[i]", "{" are code
    parts = [part.lower() for part in IDENTIFIER_PART.findall(text)]  # "setTextureRect" → set, texture, rect
    return len(parts) >= 20 and sum(is_english(part) or pronounceable(part) for part in parts) >= 0.7 * len(
        parts
    )


def european_letters(text: str) -> bool:
    """Do the page's Latin letters occur as often as in a European language (or too few to tell)?"""
    lower = text.lower()
    counts = [lower.count(char) for char in "abcdefghijklmnopqrstuvwxyz"]
    if sum(counts) < MIN_PROFILE_LETTERS:
        return True
    norm = math.sqrt(sum(count * count for count in counts))
    similarity = max(
        sum(c * p for c, p in zip(counts, profile, strict=True))
        / norm
        / math.sqrt(sum(p * p for p in profile))
        for profile in LETTER_PROFILES
    )
    common = sum(counts[ord(char) - ord("a")] for char in COMMON_LETTERS)
    return similarity >= MIN_PROFILE_SIMILARITY and common >= MIN_COMMON_SHARE * sum(counts)


@lru_cache(maxsize=100_000)
def word_kind(word: str) -> tuple[str, str]:
    """(script, verdict) of a token with letters: script ``cyrillic``/``latin``/``mixed``/``other``;
    verdict ``ok``, ``pronounceable`` (letters of a European word, not a known one), ``unknown``,
    ``bad`` (glyph codes, case flips) or ``lookalike``."""
    cyrillic = any("а" <= char <= "я" or char in "ёЁ" or "А" <= char <= "Я" for char in word)
    latin = LATIN.search(word) is not None
    if cyrillic and latin:
        parts = [part for part in word.split("-") if part]
        if len(parts) > 1 and all(word_kind(part)[1] != "bad" for part in parts):
            return "mixed", "ok"  # "IT-компания"
        return "mixed", "lookalike" if LOOKALIKE.search(word) or DIGIT_INSIDE.search(word) else "bad"
    script = "cyrillic" if cyrillic else "latin" if latin else "other"
    if CODE_CHAR.search(word):
        parts = [part for part in word.split("_") if part]
        snake = len(parts) > 1 and not CODE_CHAR.search(word.replace("_", ""))  # an identifier
        ok = snake and all(word_kind(part)[1] in ("ok", "pronounceable") for part in parts if len(part) > 2)
        return script, "ok" if ok else "bad"
    if script == "latin":
        return script, _latin_verdict(word)
    flips = len(FLIP.findall(word))
    if flips > 1 or (flips and not CAMEL.fullmatch(word.translate(CYR_TO_LAT_CASE))):
        return script, "bad"
    if script == "cyrillic":
        return script, _russian_verdict(word)
    return script, "ok"  # Greek, Armenian, …: not judged


CYR_TO_LAT_CASE = str.maketrans(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "a" * 33 + "A" * 33,
)


def _latin_verdict(word: str) -> str:
    letters = NON_LETTERS.sub("", word)
    if ROMAN.fullmatch(letters):
        return "ok"
    if LOOKALIKE.search(word):
        return "lookalike"
    flips = len(FLIP.findall(word))
    if flips > 1 or (flips and not CAMEL.fullmatch(letters)):
        return "bad"
    if DIGIT_INSIDE.search(word):
        return "ok" if letters.isupper() and len(letters) <= 5 else "bad"  # H2SO4, B2B, G20
    if letters.isupper():
        return "ok" if len(letters) <= 4 or is_english(letters.lower()) else "unknown"
    lower = letters.lower()
    return "ok" if is_english(lower) else "pronounceable" if pronounceable(lower) else "unknown"


def _russian_verdict(word: str) -> str:
    global _morph
    if _morph is None:
        from indpol.nlp.morph import load_morph

        _morph = load_morph()
    morph = _morph
    parts = [part for part in word.split("-") if len(part) >= MIN_WORD_LETTERS]
    if parts and all(morph.is_known(part) for part in parts):
        return "ok"
    letters = NON_LETTERS.sub("", word)
    if letters[0].isupper() and (letters[1:].islower() or len(letters) <= 5):
        return "ok"  # a name, an abbreviation
    return "unknown"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The most frequent English words (data/english_words.txt)."""
    text = ENGLISH_WORDS.read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


@lru_cache(maxsize=50_000)
def is_english(word: str) -> bool:
    """A frequent English word or one of its inflected forms (lower case)."""
    known = english_words()
    if word in known:
        return True
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if stem in known or stem + "e" in known or (suffix == "ies" and stem + "y" in known):
                return True
    return False


@lru_cache(maxsize=50_000)
def pronounceable(word: str) -> bool:
    """Letters that can be a word of a European language or a transliteration (lower case)."""
    vowels = sum(char in VOWELS for char in word)
    if not 0.2 <= vowels / len(word) <= 0.75 or CONSONANT_RUN.search(word):
        return False
    marked = f"^{word}$"
    return not any(marked[i : i + 2] in RARE_BIGRAMS for i in range(len(marked) - 1))


def repair_latin1_mojibake(text: str) -> str | None:
    """Russian text whose cp1251 bytes were shown as Latin-1 ("Ñîþçíàÿ" → "Союзная"), else None.

    The repair maps one character to one, so offsets into the page text still hold.
    """
    if not LATIN1_LETTERS.search(text):
        return None  # nothing to repair (the common page): no count of its letters
    visible = "".join(text.split())
    letters = sum(char.isalpha() for char in visible)
    if not letters or len(LATIN1_LETTERS.findall(visible)) <= 0.3 * letters:
        return None
    from indpol.ingest.encoding import russian_score

    repaired = text.translate(CP1251_FROM_LATIN1)
    return repaired if russian_score(repaired) > 0.6 else None
