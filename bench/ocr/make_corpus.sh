#!/usr/bin/env bash
# One command for the parallel OCR corpus: installs Tesseract (eng, vie) and a
# Times-like font with Vietnamese glyphs from Debian, Pillow into a venv, then
# renders, OCRs and writes clean/ eng/ vie/ docs.jsonl queries.jsonl.
#   bench/ocr/make_corpus.sh [--out DIR] [--seed N] [--congbao N] [--laocai N] [--pages N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VANBAN_OCR_VENV:-$HOME/.cache/vanban-ocr-venv}"
if ! command -v tesseract >/dev/null || [ ! -d /usr/share/tesseract-ocr/5/tessdata ] \
   || ! ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1 \
   || [ ! -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie fonts-liberation2 >/dev/null
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import PIL' 2>/dev/null || "$venv/bin/pip" install -q 'pillow>=10'
exec "$venv/bin/python" "$here/make_corpus.py" "$@"
