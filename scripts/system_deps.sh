#!/bin/sh
# Install the system packages normalisation, repair and OCR use (and Chromium, for the
# browser tests of the HTML report), when they are missing and we
# may (root, or sudo without a password). Otherwise say once that the pipeline runs in
# fallback mode. Never fails the build: the fallback is pure Python.
set -u
need=""
command -v apertium >/dev/null 2>&1 || need="$need apertium"
[ -d /usr/share/apertium/apertium-nno-nob ] || need="$need apertium-nno-nob"
[ -f /usr/share/hunspell/nn_NO.dic ] || need="$need hunspell-no"
command -v unmunch >/dev/null 2>&1 || need="$need hunspell-tools"
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
[ -f /usr/share/tesseract-ocr/5/tessdata/nor.traineddata ] || [ -f /usr/share/tesseract-ocr/4.00/tessdata/nor.traineddata ] || need="$need tesseract-ocr-nor"
browser=""
command -v chromium >/dev/null 2>&1 || browser="chromium"
[ -z "$need$browser" ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
if [ "$sudo" != none ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing$need $browser"
  $sudo apt-get update -qq >/dev/null 2>&1
  # the browser apart: the pipeline's packages must not fail with it
  [ -n "$browser" ] && { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $browser >/dev/null 2>&1 \
    || echo "setup: NOTE could not install chromium; the browser tests are skipped"; }
  [ -z "$need" ] && exit 0
  if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need >/dev/null 2>&1; then
    exit 0
  fi
fi
echo "setup: NOTE could not install$need (needs root or sudo); normalisation runs in fallback mode"
echo "       (pure Python: marker words, simplemma lemmas) and scanned PDFs fail with 'no OCR'."
echo "       Install them and run 'make setup' again."
exit 0
