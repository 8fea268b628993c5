#!/usr/bin/env bash
# Issue 13 §6 without a stopwatch: the instructions the gateway executes per request against
# those `mijian scan` executes per file, counted by callgrind, so that the figure does not depend
# on the load of a shared machine (benches/README.md, "Session 9 ... branch gw9").
#
#   MIJIAN_BIN=target/release/mijian benches/gateway_instructions.sh [N1=20] [N2=60] [FILE.docx]
#
# `mijian serve -j 1` runs under `valgrind --tool=callgrind` (127.0.0.1, a port of its choosing, a
# temporary audit log) and gets N1 requests of FILE, then, in a second run, N2, on one keep-alive
# connection (python http.client, one request at a time); it is stopped with SIGTERM, which ends
# it cleanly and writes the counts. (I(N2) - I(N1)) / (N2 - N1) is its cost per request, start-up
# and shut-down cancelled out. The same for `mijian -j 1 scan -f json` over N1 and N2 copies.
# Without FILE, the synthetic 100 KB DOCX of gateway_pinned.sh.
#
# With MIJIAN_BIN_B=another/mijian, both builds. With DETAIL=1, also the functions whose own
# (self) instructions per request differ most between the gateway and the scan.
#
# What this does not count: the kernel (receiving the body, waking threads, the audit log's
# write and fdatasync), and what cache misses and thread switches cost; under valgrind the
# threads run one at a time and SHA-256 runs in software (the CPU has SHA-NI): for those, see
# gateway_pinned.sh (CPU time) and perf. Needs valgrind (callgrind_annotate for DETAIL) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
N1="${1:-20}"
N2="${2:-60}"
BINS=("${MIJIAN_BIN:-$PWD/target/release/mijian}")
[[ -n "${MIJIAN_BIN_B:-}" ]] && BINS+=("$MIJIAN_BIN_B")
for tool in valgrind python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 2; }
done
(( N2 > N1 )) || { echo "N2 must be larger than N1" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mijian-instr.XXXXXX")"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

FILE="${3:-}"
if [[ -z "$FILE" ]]; then
  # The generator of gateway_pinned.sh, so that both measure the same file.
  sed -n '/^  python3 - "\$WORK\/bench.docx" <<.EOF.$/,/^EOF$/p' benches/gateway_pinned.sh | sed '1d;$d' >"$WORK/gen.py"
  python3 "$WORK/gen.py" "$WORK/bench.docx"
  FILE="$WORK/bench.docx"
fi
[[ -s "$FILE" ]] || { echo "no file to send: $FILE" >&2; exit 2; }

cat >"$WORK/client.py" <<'EOF'
import http.client, sys
addr, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
host, port = addr.rsplit(":", 1)
body = open(path, "rb").read()
c = http.client.HTTPConnection(host, int(port), timeout=600)
for i in range(n):
    c.request("POST", "/v1/scan", body=body,
              headers={"Content-Type": "application/octet-stream", "X-Filename": "bench.docx"})
    r = c.getresponse()
    answer = r.read()
    if r.status != 200:
        sys.exit(f"request {i}: status {r.status}: {answer[:200]!r}")
EOF

# The instructions of one callgrind output file.
total() { awk '/^totals:/ {print $2}' "$1"; }

gateway_run() { # BIN N OUT
  local d="$WORK/gw-$2"
  rm -rf "$d"; mkdir -p "$d"
  valgrind --tool=callgrind --callgrind-out-file="$3" "$1" serve -j 1 --listen 127.0.0.1:0 \
    --audit "$d/audit.jsonl" >"$d/server.out" 2>"$d/server.err" &
  SERVER_PID=$!
  local addr=""
  for _ in $(seq 1 1200); do
    addr=$(awk 'NR==1{print $NF}' "$d/server.out" 2>/dev/null || true)
    [[ -n "$addr" ]] && break
    sleep 0.1
  done
  [[ -n "$addr" ]] || { echo "the server did not start:" >&2; cat "$d/server.err" >&2; exit 1; }
  python3 "$WORK/client.py" "$addr" "$FILE" "$2"
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
  local records
  records=$(wc -l <"$d/audit.jsonl")
  [[ "$records" == "$2" ]] || { echo "$records audit records for $2 requests" >&2; exit 1; }
}

scan_run() { # BIN N OUT
  local d="$WORK/scan-$2"
  rm -rf "$d"; mkdir -p "$d"
  for i in $(seq 1 "$2"); do cp "$FILE" "$d/c$i.docx"; done
  valgrind --tool=callgrind --callgrind-out-file="$3" "$1" -j 1 scan -f json "$d" >"$WORK/scan.json" 2>/dev/null || true
  local lines
  lines=$(wc -l <"$WORK/scan.json")
  [[ "$lines" == "$2" ]] || { echo "the scan reported $lines files of $2" >&2; exit 1; }
}

echo "file: $(basename "$FILE") ($(stat -c %s "$FILE") B); N1=$N1, N2=$N2; $(valgrind --version)"
echo
echo "| build | gateway, per request | scan -j 1, per file | gateway - scan | gateway / scan |"
echo "| --- | ---: | ---: | ---: | ---: |"
for b in "${!BINS[@]}"; do
  BIN="${BINS[$b]}"
  for n in "$N1" "$N2"; do
    gateway_run "$BIN" "$n" "$WORK/gw$b-$n.cg"
    scan_run "$BIN" "$n" "$WORK/scan$b-$n.cg"
  done
  python3 -c "
n = $N2 - $N1
gw = ($(total "$WORK/gw$b-$N2.cg") - $(total "$WORK/gw$b-$N1.cg")) / n
sc = ($(total "$WORK/scan$b-$N2.cg") - $(total "$WORK/scan$b-$N1.cg")) / n
print(f'| $b: $(basename "$BIN") | {gw/1e6:.3f} M | {sc/1e6:.3f} M | {(gw-sc)/1e6:+.3f} M | {gw/sc:.4f} |')"
done

if [[ "${DETAIL:-0}" == 1 ]]; then
  command -v callgrind_annotate >/dev/null || { echo "callgrind_annotate is missing" >&2; exit 2; }
  for b in "${!BINS[@]}"; do
    echo
    echo "build $b: the functions whose own instructions per request differ most (gateway - scan):"
    python3 - "$WORK" "$b" "$N1" "$N2" <<'EOF'
import re, subprocess, sys
from collections import Counter
work, b, n1, n2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def own(path):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", path],
                         capture_output=True, text=True, check=True).stdout
    c = Counter()
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*?)(?: \[.*\])?$", line)
        if m and ":" in m.group(2):
            # Recursion levels ('2) of one function are one function here.
            c[re.sub(r"'\d+$", "", m.group(2).split(":", 1)[1])] += int(m.group(1).replace(",", ""))
    return c
def per(kind):
    a, z = own(f"{work}/{kind}{b}-{n1}.cg"), own(f"{work}/{kind}{b}-{n2}.cg")
    return {k: (z[k] - a[k]) / (n2 - n1) for k in set(a) | set(z)}
gw, sc = per("gw"), per("scan")
d = {k: gw.get(k, 0) - sc.get(k, 0) for k in set(gw) | set(sc)}
print("| gateway - scan | gateway | scan | function |")
print("| ---: | ---: | ---: | --- |")
for k in sorted(d, key=lambda k: -abs(d[k]))[:25]:
    print(f"| {d[k]:+,.0f} | {gw.get(k, 0):,.0f} | {sc.get(k, 0):,.0f} | `{k[:110]}` |")
EOF
  done
fi
