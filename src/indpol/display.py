"""Showing untrusted text safely: a document's one-line ``repr``, text for a terminal, JSON inside a
``<script>`` element and HTML ids (the HTML views themselves are in :mod:`indpol.view`)."""

from __future__ import annotations

import json
import re
from typing import Any

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"[\t\n]")


def document_repr(doc: Any) -> str:
    counts = ", ".join(f"{name}={count}" for name, count in doc.fact_counts().items())
    return (
        f"Document({doc.source!r}, status={doc.status!r}, format={doc.format!r}, pages={doc.pages}, {counts})"
    )


def terminal_safe(text: Any, *, lines: bool = False) -> str:
    """Untrusted text (a file name, a document's words) for a terminal: control characters, escape
    sequences among them, shown as ``\\xNN`` and never run; tabs and line breaks too unless ``lines``."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
    return text if lines else LINE_BREAKS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
SCRIPT_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")
UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def json_for_script(data: Any) -> str:
    """JSON to sit inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left, so document
    text can never close the element or open a comment there; read back with ``JSON.parse``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return SCRIPT_UNSAFE_PATTERN.sub(lambda m: SCRIPT_UNSAFE[m.group()], text)


def safe_id(text: Any) -> str:
    """An HTML id / URL fragment made of ``[A-Za-z0-9_-]`` only (anything else becomes ``_``)."""
    return UNSAFE_ID.sub("_", str(text))
