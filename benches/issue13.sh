#!/usr/bin/env bash
# Every target of issue 13 in one run, each next to its peer, so that one quiet machine gives
# one comparable set of figures (benches/README.md, "Issue 13: all targets in one run"):
#
#   text     benches/text_vs_rg.sh, realistic 10^5 and 10^6 terms and dense 10^4 (§1, §2)
#   docx     the same script's python-docx section (§4)
#   pdf      `mijian scan` of the benchmark PDFs against `pdftotext` of each, whole process (§4)
#   small    benches/small_files.sh over DIR (§5; make it with gen_small_files.py, see that script)
#   gateway  benches/gateway_load.sh (§6: p99 at concurrency 16, requests/s against `mijian scan`)
#
#   BENCHDATA=/tmp/benchdata SMALL=/tmp/small benches/issue13.sh [SECTIONS...]
#
# The memory target (§3: 1 GiB text under 200 MB) is text_vs_rg.sh's `big` section; it takes a
# 1 GiB temporary file and is not run here unless asked (SECTIONS="big").
# Prints `uptime` before and after each section: quote the load with the figures.
set -uo pipefail
cd "$(dirname "$0")/.."
D="${BENCHDATA:-/tmp/benchdata}"
BIN="${MIJIAN_BIN:-$PWD/target/release/mijian}"
RUNS="${RUNS:-1}"
SECTIONS=("${@:-text docx pdf small gateway}")
read -r -a SECTIONS <<<"${SECTIONS[*]}"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }

load() { echo "load: $(uptime | sed 's/.*load average: //')"; }
for s in "${SECTIONS[@]}"; do
  echo "## $s"
  load
  case $s in
    text) MIJIAN="$BIN" BENCHDATA="$D" RUNS="$RUNS" DICTS="real_100k real_1m 10k" SECTIONS=text benches/text_vs_rg.sh ;;
    docx) MIJIAN="$BIN" BENCHDATA="$D" RUNS="$RUNS" SECTIONS=docx benches/text_vs_rg.sh ;;
    big) MIJIAN="$BIN" BENCHDATA="$D" RUNS="$RUNS" SECTIONS=big benches/text_vs_rg.sh ;;
    pdf)
      command -v pdftotext >/dev/null || { echo "pdftotext is missing: apt-get install -y poppler-utils" >&2; continue; }
      pdfs=("$D"/docs/rl_stsong.pdf "$D"/docs/pdf/*.pdf)
      T="$(mktemp -d)"
      for i in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$T/p" bash -c 'for f in "$@"; do pdftotext "$f" /dev/null; done' _ "${pdfs[@]}"
        echo "pdftotext, one after another: wall user sys KB = $(tail -1 "$T/p")"
        /usr/bin/time -f "%e %U %S %M" -o "$T/m" "$BIN" scan --format json "${pdfs[@]}" >"$T/out" || [[ $? -le 2 ]]
        echo "mijian scan, the same files:  wall user sys KB = $(tail -1 "$T/m")"
        python3 - "$T/p" "$T/m" <<'EOF'
import sys
p, m = ([float(x) for x in open(f).read().splitlines()[-1].split()] for f in sys.argv[1:3])
print(f"pdftotext / mijian: {p[0] / m[0]:.1f}x wall, {(p[1] + p[2]) / (m[1] + m[2]):.1f}x CPU")
EOF
      done
      rm -rf "$T"
      ;;
    small)
      [ -d "${SMALL:-}" ] || { echo "SMALL=DIR not set: make it with UNIQUE=5000 python3 benches/gen_small_files.py /tmp/small 100000" >&2; continue; }
      MIJIAN_BIN="$BIN" DICT="$D/dict_sparse_100k.txt" WARM="${WARM:-1}" benches/small_files.sh "$SMALL" "$RUNS"
      ;;
    gateway) MIJIAN_BIN="$BIN" benches/gateway_load.sh "${GATEWAY_SECONDS:-15}" ;;
    *) echo "unknown section $s (text docx big pdf small gateway)" >&2 ;;
  esac
  load
done
