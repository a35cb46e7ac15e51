"""OCR for PDF pages without a text layer: pypdfium2 renders, the ``tesseract`` CLI reads.

Pages are rendered at 300 dpi in grayscale and piped to ``tesseract stdin stdout -l rus``
with ``OMP_THREAD_LIMIT=1`` (3–4× faster per page than tesseract's default threads on
2 cores, STACK.md §8; parallelism comes from our worker processes). Needs Debian
``tesseract-ocr`` and ``tesseract-ocr-rus`` (scripts/setup.sh installs them).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from io import BytesIO
from typing import Any

from indpol.errors import IngestError

DPI = 300
MAX_PIXELS_SIDE = 12_000  # huge page boxes are rendered smaller rather than exhausting memory
PAGE_TIMEOUT = 120.0  # seconds per page
E_OCR = "E_OCR_FAILED"
E_OCR_MISSING = "E_OCR_UNAVAILABLE"


def tesseract_path() -> str | None:
    """The ``tesseract`` executable on PATH, or None."""
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=8)
def installed_languages(executable: str) -> frozenset[str]:
    """Language packs ``tesseract --list-langs`` reports."""
    try:
        result = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (result.stdout + "\n" + result.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def check_tesseract(language: str) -> str:
    """The executable, or an :class:`IngestError` saying what to install."""
    executable = tesseract_path()
    if executable is None:
        raise IngestError(
            "OCR needs tesseract: apt-get install tesseract-ocr tesseract-ocr-rus", code=E_OCR_MISSING
        )
    missing = [part for part in language.split("+") if part not in installed_languages(executable)]
    if missing:
        raise IngestError(
            f"tesseract has no language pack {'+'.join(missing)}: apt-get install tesseract-ocr-{missing[0]}",
            code=E_OCR_MISSING,
        )
    return executable


def render_page(page: Any, dpi: int = DPI) -> bytes:
    """A pypdfium2 page as a grayscale PNG at ``dpi`` (capped at MAX_PIXELS_SIDE pixels a side)."""
    largest = max(page.get_width(), page.get_height(), 1.0)
    scale = min(dpi / 72, MAX_PIXELS_SIDE / largest)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        buffer = BytesIO()
        image.save(buffer, format="PNG", dpi=(dpi, dpi))
        return buffer.getvalue()
    finally:
        bitmap.close()


def recognise(image: bytes, language: str, timeout: float = PAGE_TIMEOUT) -> str:
    """Text of a PNG image by ``tesseract``; raises :class:`IngestError` on failure or timeout."""
    executable = check_tesseract(language)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [executable, "stdin", "stdout", "-l", language, "--dpi", str(DPI)]
    try:
        result = subprocess.run(
            command, input=image, capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise IngestError(f"OCR of a page took over {timeout:g} s", code=E_OCR) from None
    except OSError as exc:
        raise IngestError(f"cannot run tesseract ({exc})", code=E_OCR_MISSING) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise IngestError(f"tesseract failed: {detail[-1] if detail else result.returncode}", code=E_OCR)
    return result.stdout.decode("utf-8", errors="replace").replace("\f", "").replace("\r", "")


def ocr_page(page: Any, language: str = "rus") -> str:
    """Recognised text of a pypdfium2 page (lines joined by newlines, blank lines between blocks)."""
    check_tesseract(language)  # fail before spending time on rendering
    return recognise(render_page(page), language)
