#!/usr/bin/env bash
# Whole-process `mijian scan --format json PATH` (default rules) on the files of
# benches/issue10_pdf_rar_data.py: the PDFs with issue-10 places next to their plain peer, and the
# folder of RAR copies next to a peer folder of as many plain-text files of the same total size.
# RUNS interleaved rounds (default 3), medians of wall and CPU (user+sys). Prints a Markdown table.
# Usage: MIJIAN_BIN=target/release/mijian benches/issue10_pdf_rar.sh [RUNS]
set -euo pipefail
bin=${MIJIAN_BIN:-target/release/mijian}
base=${BENCHDATA:-/tmp/benchdata}
runs=${1:-3}
paths=()
for f in plain actualtext vertical attachments clips; do paths+=("$base/issue10_pdf/$f.pdf"); done
if [[ -d $base/issue10_rar ]]; then
  # The peer: as many text files as there are archives, of the same total size.
  peer=$base/issue10_rar_peer
  if [[ ! -d $peer ]]; then
    mkdir -p "$peer"
    n=$(ls "$base/issue10_rar" | wc -l)
    each=$(($(du -sb "$base/issue10_rar" | cut -f1) / n))
    line=$(printf '为进一步加强政务公开工作，现将有关事项通知如下。%.0s' {1..20})
    for ((i = 0; i < n; i++)); do (yes "$line" || true) | head -c "$each" >"$peer/$i.txt"; done
  fi
  paths+=("$base/issue10_rar" "$peer")
fi
declare -A wall cpu
for ((r = 0; r < runs; r++)); do
  for p in "${paths[@]}"; do
    out=$( { /usr/bin/time -f '%e %U %S' "$bin" scan --format json "$p" >/dev/null || true; } 2>&1 | tail -1)
    read -r w u s <<<"$out"
    wall[$p]+="$w "
    cpu[$p]+="$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| input | MB | wall s (median) | CPU s (user+sys) | MB/s (wall) | MB/s (CPU) |"
echo "| --- | --- | --- | --- | --- | --- |"
for p in "${paths[@]}"; do
  mb=$(awk -v b="$(du -sb --apparent-size "$p" | cut -f1)" 'BEGIN {printf "%.1f", b / 1e6}')
  w=$(echo "${wall[$p]}" | median)
  c=$(echo "${cpu[$p]}" | median)
  awk -v p="${p#"$base"/}" -v mb="$mb" -v w="$w" -v c="$c" \
    'BEGIN {printf "| `%s` | %s | %.2f | %.2f | %.1f | %.1f |\n", p, mb, w, c, mb / w, mb / c}'
done
