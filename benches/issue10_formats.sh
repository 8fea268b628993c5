#!/usr/bin/env bash
# Whole-process `mijian scan --format json FILE` (default rules) on the issue-10 benchmark files
# (benches/issue10_data.py), next to the same prose as plain text, in one run: RUNS interleaved
# rounds (default 3), medians. Prints a Markdown table for benches/README.md.
# Usage: MIJIAN_BIN=target/release/mijian benches/issue10_formats.sh [RUNS]
set -euo pipefail
bin=${MIJIAN_BIN:-target/release/mijian}
dir=${BENCHDATA:-/tmp/benchdata}/issue10
runs=${1:-3}
files=(prose.txt export.json export.csv export.xml glyphs.svg mail.eml doc.odt book.epub)
declare -A wall user
for ((r = 0; r < runs; r++)); do
  for f in "${files[@]}"; do
    out=$( { /usr/bin/time -f '%e %U' "$bin" scan --format json "$dir/$f" >/dev/null; } 2>&1 | tail -1)
    wall[$f]+="${out% *} "
    user[$f]+="${out#* } "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${wall[prose.txt]}" | median)
echo "| file | MB | wall s (median) | user s | MB/s (wall) | wall / prose.txt |"
echo "| --- | --- | --- | --- | --- | --- |"
for f in "${files[@]}"; do
  mb=$(awk -v b="$(stat -c %s "$dir/$f")" 'BEGIN {printf "%.1f", b / 1e6}')
  w=$(echo "${wall[$f]}" | median)
  u=$(echo "${user[$f]}" | median)
  awk -v f="$f" -v mb="$mb" -v w="$w" -v u="$u" -v base="$base" \
    'BEGIN {printf "| %s | %s | %.2f | %.2f | %.1f | %.1f× |\n", f, mb, w, u, mb / w, w / base}'
done
