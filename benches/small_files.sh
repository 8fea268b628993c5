#!/usr/bin/env bash
# Many small files (issue 13 §5): a CMS attachment folder of 10^5 text, DOCX and PDF files of
# 1-50 KB (benches/gen_small_files.py), scanned by `mijian scan` next to `rg -F -f DICT` over
# the same folder (rg reads the text files only: it skips binary ones, which DOCX and PDF are).
# Both use every core (mijian's default --jobs, rg's default --threads). Runs are interleaved
# tool by tool, after one untimed pass of each to warm the page cache (WARM=0: none); figures are files/second
# of wall time, with user and system CPU from GNU time.
#
#   MIJIAN_BIN=target/release/mijian DICT=/tmp/benchdata/dict_sparse_100k.txt \
#     benches/small_files.sh DIR [RUNS=3]
#
# Needs ripgrep and GNU time (apt-get install -y ripgrep time). Make DIR with
#   UNIQUE=5000 python3 benches/gen_small_files.py /tmp/small 100000
# and delete it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="$1"
RUNS="${2:-3}"
BIN="${MIJIAN_BIN:-target/release/mijian}"
DICT="${DICT:-${BENCHDATA:-/tmp/benchdata}/dict_sparse_100k.txt}"
command -v rg >/dev/null || { echo "ripgrep is missing: apt-get install -y ripgrep" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }
FILES=$(find "$DIR" -type f | wc -l)
BYTES=$(du -sb "$DIR" | cut -f1)
OUT="$(mktemp -d "${TMPDIR:-/tmp}/mijian-small.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

echo "folder: $DIR, $FILES files, $((BYTES / 1000000)) MB; dictionary: $DICT ($(wc -l <"$DICT") lines); $(nproc) cores"
for ext in txt docx pdf; do echo "  .$ext: $(find "$DIR" -type f -name "*.$ext" | wc -l) files"; done

mijian() { "$BIN" scan --format json --dict "$DICT" "$DIR" >"$OUT/mijian.json" 2>"$OUT/mijian.err" || [[ $? -le 2 ]]; }
ripgrep() { rg --count-matches -F -f "$DICT" "$DIR" >"$OUT/rg.txt" 2>"$OUT/rg.err" || [[ $? -le 1 ]]; }
timed() {
  local name="$1"
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" bash -c "$(declare -f "$name"); BIN='$BIN' DICT='$DICT' DIR='$DIR' OUT='$OUT' $name"
  read -r wall user sys rss <"$OUT/time"
  echo "| $name | $run | $wall | $user | $sys | $((rss / 1024)) | $(python3 -c "print(f'{$FILES / max($wall, 0.001):.0f}')") |"
}

# Warm the page cache (untimed; WARM=0 when the folder was just written and is cached).
if [[ "${WARM:-1}" != 0 ]]; then mijian; ripgrep; fi
echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | run | wall s | user s | sys s | peak RSS MB | files/s (wall) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for run in $(seq "$RUNS"); do
  timed mijian
  timed ripgrep
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT/mijian.json" "$OUT/rg.txt" <<'EOF'
import collections, json, sys
verdicts = collections.Counter()
formats = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if "verdict" in r and "!" not in r.get("path", ""):
        verdicts[r["verdict"]] += 1
        formats[r.get("format")] += 1
rg_files = sum(1 for _ in open(sys.argv[2], encoding="utf-8", errors="replace"))
print(f"mijian: {sum(verdicts.values())} files judged {dict(verdicts)}, formats {dict(formats)}")
print(f"rg: {rg_files} files with a match (of the text files it reads)")
EOF
