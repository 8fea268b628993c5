#!/usr/bin/env bash
# Throughput of the readers of issue 10, next to the command-line decompressors IN THE SAME RUN:
#   * a tarball of 200 text files (about 17 MB of Chinese prose) as .tar, .tar.gz, .tar.bz2,
#     .tar.xz and .tar.zst: `mijian scan` (reading every member and matching it) vs `gzip -dc`,
#     `bzip2 -dc`, `xz -dc`, `zstd -dc` merely decompressing it to /dev/null, and vs `mijian scan`
#     of the same 200 files unpacked (what the archive costs on top of the scan);
#   * an RTF file of the same prose as Chinese Word writes it (GBK `\'hh` escapes, one paragraph a
#     line): `mijian scan` alone (no RTF peer on this machine).
# Each command runs RUNS times (default 3); the table shows the median wall time and MB/s of the
# file on disk. The machine is shared: read the ratios, not the absolutes.
#
#   benches/archives_rtf.sh > /tmp/archives_rtf.md
#
# Needs: python3, gzip, bzip2, xz, zstd, tar, GNU time, optionally 7z (p7zip-full), and a release build (cargo build --release).
set -uo pipefail
RUNS="${RUNS:-3}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
MIJIAN="${MIJIAN:-$HERE/target/release/mijian}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
[ -x "$MIJIAN" ] || { echo "build first: cargo build --release" >&2; exit 2; }

# The data: 200 files of seeded random prose from a few hundred common characters and punctuation.
python3 - "$W" <<'EOF'
import os, random, sys
w = sys.argv[1]
random.seed(10)
chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质准确"
punct = "，。；、"
os.makedirs(f"{w}/docs", exist_ok=True)
lines_all = []
for i in range(200):
    lines = []
    for _ in range(700):
        n = random.randint(20, 60)
        line = "".join(random.choice(chars) for _ in range(n)) + random.choice(punct)
        lines.append(line)
    open(f"{w}/docs/f{i:03}.txt", "w", encoding="utf-8").write("\n".join(lines) + "\n")
    lines_all.extend(lines[:120])
def esc(s):
    return "".join(c if ord(c) < 128 else "".join(f"\\'{b:02x}" for b in c.encode("gbk")) for c in s)
with open(f"{w}/prose.rtf", "w", encoding="ascii") as f:
    f.write("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 " + esc("宋体") + ";}}\n")
    for line in lines_all:
        f.write("\\pard " + esc(line) + "\\par\n")
    f.write("}\n")
EOF
(cd "$W" && tar cf docs.tar docs && gzip -k docs.tar && bzip2 -k docs.tar && xz -k -T1 docs.tar && zstd -q -k docs.tar)
# 7z (LZMA2, one thread, as 7-Zip's default level): only when p7zip is installed (Debian p7zip-full).
HAVE_7Z=""
if command -v 7z >/dev/null; then (cd "$W" && 7z a -bd -mmt=1 docs.7z docs >/dev/null) && HAVE_7Z=1; fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() { # wall seconds of one run of "$@", output discarded
  /usr/bin/time -f %e "$@" >/dev/null 2>"$W/t" ; tail -1 "$W/t"
}
row() { # label file peer-command...
  local label=$1 file=$2; shift 2
  local mb m p=""
  mb=$(du -sb "$file" | cut -f1 | awk '{print $1/1e6}')
  m=$(for _ in $(seq "$RUNS"); do wall "$MIJIAN" scan "$file"; done | median)
  if [ $# -gt 0 ]; then p=$(for _ in $(seq "$RUNS"); do wall "$@" "$file"; done | median); fi
  python3 - "$label" "$mb" "$m" "$p" "$*" <<'EOF'
import sys
label, mb, m, p, peer = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
ps = f"{peer} {float(p):.2f} s ({mb/max(float(p),0.01):.0f} MB/s)" if p else "—"
ratio = f"{float(p)/max(m,0.01):.2f}" if p else "—"
print(f"| {label} | {mb:.1f} | {m:.2f} | {mb/max(m,0.01):.1f} | {ps} | {ratio} |")
EOF
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| file | MB on disk | mijian scan, wall s (median of $RUNS) | mijian MB/s | peer decompressing only | peer / mijian, wall |"
echo "| --- | --- | --- | --- | --- | --- |"
row "docs/ (the 200 files, unpacked)" "$W/docs"
row "docs.tar" "$W/docs.tar" cat
row "docs.tar.gz" "$W/docs.tar.gz" gzip -dc
row "docs.tar.bz2" "$W/docs.tar.bz2" bzip2 -dc
row "docs.tar.xz" "$W/docs.tar.xz" xz -dc
row "docs.tar.zst" "$W/docs.tar.zst" zstd -dc
if [ -n "$HAVE_7Z" ]; then row "docs.7z" "$W/docs.7z" 7z x -so -mmt=1; fi
row "prose.rtf (GBK escapes)" "$W/prose.rtf"
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
