#!/usr/bin/env bash
# Time and peak memory of `mijian scan` on the adversarial corpus's bombs (issue 12), and the
# gateway's CPU after scans that outlive --scan-timeout (issue 9 §4).
#
#   1. each hostile file alone: wall time, peak RSS (/usr/bin/time -v), verdict and error;
#   2. the nested bomb sent four times to `mijian serve --workers 2 --scan-timeout 2s`: when the
#      answers come, and the server's CPU in the two seconds after the last one (/proc/PID/stat).
#
# The tests in tests/adversarial.rs prove the verdicts and bounds by construction; this script
# gives the figures for benches/README.md. Needs python3, curl and GNU time (apt-get install -y
# time curl). Loopback only, every run bounded. Usage: [MIJIAN_BIN=path] benches/adversarial.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 2; }
if [[ -z "${MIJIAN_BIN:-}" ]]; then
  cargo build --release --locked --quiet
fi
BIN="${MIJIAN_BIN:-$PWD/target/release/mijian}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mijian-adversarial.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 - "$WORK" <<'PY'
import struct, sys, zlib
work = sys.argv[1]

def entry_bytes(name, data, method, crc, size):
    return name.encode(), data, method, crc, size

def raw_zip(entries, shared=False):
    """entries: (name, stored bytes, method, crc, size). shared: all entries point at entry 0's data."""
    out, offsets = bytearray(), []
    for i, (name, data, method, crc, size) in enumerate(entries):
        if shared and i > 0:
            offsets.append(offsets[0]); continue
        offsets.append(len(out))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0)
        out += name + data
    cd = len(out)
    for (name, data, method, crc, size), off in zip(entries, offsets):
        src = entries[0] if shared else (name, data, method, crc, size)
        out += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, src[2], 0, 0x21, src[3], len(src[1]), src[4],
                           len(name), 0, 0, 0, 0, 0, off)
        out += name
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(out) - cd, cd, 0)
    return bytes(out)

def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()

mib = b"\0" * (1 << 20)
one = deflate(mib)
crc = zlib.crc32(mib)
# 42.zip's shape: 4 levels, 16 members each, 1 MiB of zeros at the bottom (64 GiB in all).
level = raw_zip([(f"{i}.txt".encode(), one, 8, crc, 1 << 20) for i in range(16)])
for _ in range(3):
    d = deflate(level)
    level = raw_zip([(f"{i}.zip".encode(), d, 8, zlib.crc32(level), len(level)) for i in range(16)])
open(f"{work}/42.zip", "wb").write(level)
# One entry of 1 GiB of zeros.
c = zlib.compressobj(9, zlib.DEFLATED, -15)
big = b"".join(c.compress(mib) for _ in range(1024)) + c.flush()
open(f"{work}/deflate-bomb.zip", "wb").write(raw_zip([(b"zeros.txt", big, 8, 0, 1 << 30)]))
# 19,000 entries (under the entry limit) sharing one MiB of zeros.
open(f"{work}/overlap.zip", "wb").write(raw_zip([(f"{i}.txt".encode(), one, 8, crc, 1 << 20) for i in range(19000)], shared=True))

def pdf(objs):
    out, offs = bytearray(b"%PDF-1.7\n"), []
    for i, b in enumerate(objs):
        offs.append(len(out)); out += f"{i+1} 0 obj\n".encode() + b + b"\nendobj\n"
    x = len(out)
    out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    for o in offs: out += f"{o:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return bytes(out)

def pages_pdf(n, content):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            ("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] >>" % (" ".join(f"{4+i} 0 R" for i in range(n)), n)).encode(),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    objs += [b"<</Type/Page/Parent 2 0 R/Contents 3 0 R>>"] * n
    return pdf(objs)
# 100,000 empty pages; 1,000 pages drawing 500,000 no-op operators each (over the per-file budget).
open(f"{work}/pages.pdf", "wb").write(pages_pdf(100_000, b""))
open(f"{work}/operators.pdf", "wb").write(pages_pdf(1000, b"q Q " * 250_000))
# XML: a million siblings.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
doc = f'<w:document xmlns:w="{W}"><w:body>{"<w:p/>" * 1_000_000}</w:body></w:document>'.encode()
types = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
rels = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
parts = [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", doc)]
open(f"{work}/siblings.docx", "wb").write(raw_zip([(n.encode(), deflate(d), 8, zlib.crc32(d), len(d)) for n, d in parts]))
PY
truncate -s 2G "$WORK/sparse.txt"

printf '%-18s %10s %8s %12s  %s\n' file bytes "wall s" "peak RSS MB" "verdict / error"
for f in 42.zip deflate-bomb.zip overlap.zip pages.pdf operators.pdf siblings.docx sparse.txt; do
  /usr/bin/time -v -o "$WORK/time.txt" "$BIN" scan --format json "$WORK/$f" > "$WORK/out.jsonl" 2>/dev/null || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt")
  what=$(head -1 "$WORK/out.jsonl" | python3 -c 'import json,sys; j=json.loads(sys.stdin.read()); print(j["verdict"], "/", (j.get("error") or "")[:90])')
  printf '%-18s %10s %8s %12s  %s\n' "$f" "$(stat -c %s "$WORK/$f")" "$wall" "$rss" "$what ($(wc -l < "$WORK/out.jsonl") reports)"
done

# --- the gateway: four slow scans against a 2 s scan limit -----------------------------------------
"$BIN" serve --listen 127.0.0.1:0 --workers 2 --scan-timeout 2s > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do [[ -s "$WORK/serve.out" ]] && break; sleep 0.1; done
ADDR=$(awk 'NR==1{print $NF}' "$WORK/serve.out")
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
start=$(date +%s.%N)
for i in 1 2 3 4; do
  curl -s -o "$WORK/answer$i.json" --data-binary "@$WORK/operators.pdf" "http://$ADDR/v1/scan?name=slow$i.pdf" &
done
wait $(jobs -p | grep -v "^$SERVER_PID$") 2>/dev/null || true
answered=$(python3 -c "import time; print(round(time.time() - $start, 2))")
t0=$(ticks); sleep 2; t1=$(ticks)
echo
echo "gateway, 4 x operators.pdf, --workers 2 --scan-timeout 2s: all answered after ${answered} s:" \
  "$(cat "$WORK"/answer*.json | python3 -c 'import json,sys; print(sorted(json.loads(l)["verdict"] for l in sys.stdin.read().replace("}{","}\n{").splitlines()))')"
echo "server CPU in the 2 s after the last answer: $(( (t1 - t0) * 10 )) ms"
