#!/usr/bin/env bash
# Set up indpol on a fresh machine and run it on the sample corpus.
#   scripts/setup.sh            # install, then: indpol run corpus/ --out out/
#   scripts/setup.sh --no-run   # install only
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

# System tools: pdftotext (benchmarks), Tesseract with Russian (optional OCR), DejaVu fonts (corpus builder).
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr tesseract-ocr-rus"
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
  if [ -n "$missing" ]; then
    echo "installing system packages:$missing"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) \
      || echo "warning: could not install$missing (OCR and some benchmarks will be skipped)"
  fi
else
  echo "note: not root or no apt-get; install poppler-utils tesseract-ocr tesseract-ocr-rus yourself for OCR"
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q -U pip          # the venv's old pip leaves trafilatura broken
.venv/bin/python -m pip install -q -e ".[dev]"

if [ "${1:-}" != "--no-run" ]; then
  .venv/bin/indpol run corpus/ --out out/
fi
