"""The package's data files, named in one place, and their loaders.

Vocabularies are YAML tables (``units.yaml``, ``stage_cues.yaml``, ``legal_types.yaml``,
``gazetteer.yaml``, ``taxonomy.yaml``) and word lists (one entry a line, ``#`` starts a comment):
``abbreviations.txt`` for the sentence splitter, and the small lists of ``words/``
that rules read through :func:`word_list`.
They travel inside the package and are found with :mod:`importlib.resources` (``indpol.resources.packaged``).
The shipped direction model and the default configuration stay in the repository's top-level
``models/`` and ``pipeline.yaml`` (``indpol.resources.own_file``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from indpol.resources import packaged

DATA_DIR = packaged("data")

UNITS = DATA_DIR / "units.yaml"  # figure units, scale words, indicator vocabularies
STAGE_CUES = DATA_DIR / "stage_cues.yaml"  # stage markers, status and timing patterns
LEGAL_TYPES = DATA_DIR / "legal_types.yaml"  # legal-act types and their nominative forms
GAZETTEER = DATA_DIR / "gazetteer.yaml"  # bodies, countries, programmes with canonical names
TAXONOMY = DATA_DIR / "taxonomy.yaml"  # industrial-policy directions
NOT_NAMES = DATA_DIR / "not_names.txt"  # lemmas that NER takes for names and are not
PERSON_TITLES = DATA_DIR / "person_titles.txt"  # job titles trimmed off person names
ENGLISH_WORDS = DATA_DIR / "english_words.txt"  # frequent English words (garbage-layer check)
REPORT_PAGE = DATA_DIR / "report_page.html"  # the compare report's page template
VIEW_CSS = DATA_DIR / "view.css"  # the run report's and document view's style
VIEW_JS = DATA_DIR / "view.js"  # … and script (tables, panel, links)
COLUMNS = DATA_DIR / "columns.yaml"  # one line per store column, for `indpol tables` and the workbook
ABBREVIATIONS = DATA_DIR / "abbreviations.txt"  # abbreviations whose dot ends no sentence
WORDS_DIR = DATA_DIR / "words"  # small word lists the rules read, one file each: words/<name>.txt


def load_words(path: str | Path) -> list[str]:
    """The lines of a word list, stripped, without blank lines and ``#`` comments."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def load_yaml(path: str | Path) -> Any:
    """A YAML data file (safe loader)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """The word list ``words/<name>.txt`` (loaded once)."""
    path = WORDS_DIR / f"{name}.txt"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in WORDS_DIR.glob("*.txt")))
        raise ValueError(f"no word list {name!r} (known: {known})")
    return frozenset(load_words(path))


@functools.cache
def load_abbreviations() -> tuple[str, ...]:
    """The abbreviations of ``abbreviations.txt``, in the file's order."""
    return tuple(load_words(ABBREVIATIONS))
