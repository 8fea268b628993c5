#!/usr/bin/env bash
# Peak RSS and wall time of `mijian scan` on files of many tiny values (issue 12: bounded memory).
#
#   python3 benches/tiny_values.py /tmp/tiny 30
#   MIJIAN_BIN=target/release/mijian benches/tiny_values.sh /tmp/tiny [EXTRA SCAN OPTIONS…]
#
# One line per file: name, file size, wall seconds, peak RSS (KB), RSS / file size, verdict and
# error kind (the file's own JSON line). Needs GNU time (`apt-get install time`). Files run one
# after the other, one thread each (`-j 1`): the figures are one file's inspection.
set -euo pipefail
dir=${1:?usage: tiny_values.sh DIR [scan options]}
shift
bin=${MIJIAN_BIN:-target/release/mijian}
printf '| file | bytes | wall s | peak RSS MB | RSS / bytes | verdict | error |\n| --- | --- | --- | --- | --- | --- | --- |\n'
for f in "$dir"/*; do
  size=$(stat -c %s "$f")
  out=$(mktemp)
  timeout 600 /usr/bin/time -o "$out.time" -f '%e %M' "$bin" -j 1 scan -f json "$@" "$f" >"$out" 2>/dev/null || true
  read -r wall kb < <(tail -1 "$out.time")
  verdict=$(head -1 "$out" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read() or "{}"); print(d.get("verdict","?"), d.get("error_kind","-"))')
  printf '| %s | %s | %s | %s | %.1f | %s | %s |\n' "$(basename "$f")" "$size" "$wall" "$((kb / 1024))" \
    "$(echo "$kb * 1024 / $size" | bc -l)" ${verdict}
  rm -f "$out" "$out.time"
done
