#!/usr/bin/env bash
# OCR bench (issue 11): mark recall, false marks, character accuracy, pages/s per core and memory,
# mijian next to the `tesseract` command on the same pages in the same run.
#
#   apt-get install -y tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei python3-pil time
#   cargo build --release
#   benches/ocr/run.sh [PAGES_PER_CONDITION]      # default 30; figures in benches/README.md
#
# PEER=0 skips the tesseract command, TEXT=0 the second pass that gathers mijian's text for the
# character accuracy (for a quick recall run); CONDITIONS="clean scan300" picks conditions.
#
# One core each: mijian with -j 1 (its tesseract children run one at a time, OMP_THREAD_LIMIT=1),
# the command with OMP_THREAD_LIMIT=1, page after page. /usr/bin/time gives wall and CPU time
# and peak RSS; mijian's RSS is its own process (each tesseract child is about the command's).
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${1:-30}
SET=${OCRSET:-${TMPDIR:-/tmp}/ocrset}
OUT=${OCROUT:-${TMPDIR:-/tmp}/ocrresults}
MIJIAN=${MIJIAN:-target/release/mijian}
[[ -f $SET/truth.json ]] || python3 benches/ocr/make_set.py "$SET" "$PAGES"
rm -rf "$OUT" && mkdir -p "$OUT/tesseract"
echo "load before: $(uptime)"
for cond in ${CONDITIONS:-clean scan300 scan200 photo}; do
  files=("$SET/$cond"/*)
  n=${#files[@]}
  /usr/bin/time -f "mijian $cond $n pages: %e s wall, %U s user, %S s sys, %M KB max RSS" \
    "$MIJIAN" -j 1 scan --ocr on --format json "${files[@]}" > "$OUT/mijian-inspect-$cond.jsonl" 2> "$OUT/time-mijian-$cond.txt" || true
  tail -1 "$OUT/time-mijian-$cond.txt"
  mkdir -p "$OUT/tesseract/$cond"
  [[ ${PEER:-1} == 0 ]] || /usr/bin/time -f "tesseract $cond $n pages: %e s wall, %U s user, %S s sys, %M KB max RSS (largest page)" bash -c '
    for f in "$@"; do
      OMP_THREAD_LIMIT=1 tesseract "$f" stdout -l chi_sim --psm 3 2>/dev/null > "'"$OUT"'/tesseract/'"$cond"'/$(basename "$f").txt"
    done' _ "${files[@]}" 2> "$OUT/time-tesseract-$cond.txt"
  [[ ${PEER:-1} == 0 ]] || tail -1 "$OUT/time-tesseract-$cond.txt"
  # The recognised text, for character accuracy (a second OCR pass, not timed).
  [[ ${TEXT:-1} == 0 ]] || "$MIJIAN" -j 1 extract --ocr on --format json "${files[@]}" > "$OUT/mijian-extract-$cond.jsonl" 2>/dev/null || true
done
echo "load after: $(uptime)"
python3 benches/ocr/score.py "$SET" "$OUT"
