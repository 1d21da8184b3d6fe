#!/bin/sh
# Expand the hunspell-no dictionaries (nb_NO, nn_NO) into sorted word lists.
# Output: build/wordlists/{nb,nn,no}.txt, lower-case, one form a line, byte-sorted.
# Without hunspell-no and unmunch this does nothing: the pipeline falls back to simplemma.
set -eu
out=${1:-build/wordlists}
dic=/usr/share/hunspell
if ! command -v unmunch >/dev/null 2>&1 || [ ! -f "$dic/nb_NO.dic" ] || [ ! -f "$dic/nn_NO.dic" ]; then
  echo "word lists: hunspell-no/unmunch not installed, repair uses simplemma's lists (fallback)"
  exit 0
fi
mkdir -p "$out"
for v in nb nn; do
  unmunch "$dic/${v}_NO.dic" "$dic/${v}_NO.aff" 2>/dev/null \
    | iconv -f "$(sed -n 's/^SET //p' "$dic/${v}_NO.aff" | tr -d '\r')" -t UTF-8 \
    | tr '[:upper:]ÆØÅ' '[:lower:]æøå' | LC_ALL=C sort -u > "$out/$v.tmp"
  mv "$out/$v.tmp" "$out/$v.txt"
done
LC_ALL=C sort -u -m "$out/nb.txt" "$out/nn.txt" > "$out/no.tmp" && mv "$out/no.tmp" "$out/no.txt"
echo "word lists: $(wc -l < "$out/no.txt") forms in $out"
