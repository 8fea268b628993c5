#!/usr/bin/env bash
# Issue 13 §6, "throughput within 15% of `mijian scan` on the same files (the HTTP layer is not
# the bottleneck)", measured so that the load generator does not take the gateway's CPU.
#
# On a 2-core machine `benches/gateway_load.sh` runs wrk on the same two cores as the gateway, so
# its requests/s are set against a `mijian scan` that had both cores to itself. Here each side
# gets the same single core: the gateway is pinned to core 0 with one scan worker (its HTTP
# threads share that core), wrk to core 1; `mijian -j 1 scan` of the same file's copies is pinned
# to core 0. Rounds alternate scan and gateway. Also printed: the CPU each side spends per file
# (the gateway's from /proc, all its threads), which does not depend on the load.
#
#   MIJIAN_BIN=target/release/mijian benches/gateway_pinned.sh [SECONDS=10] [ROUNDS=3] [FILE.docx]
#
# With MIJIAN_BIN_B=another/mijian, two builds side by side: both servers run (one idle while the
# other is measured), and each round measures scan and gateway of one build, then of the other,
# the order alternating round by round, so that both see the same load.
#
# Needs wrk, curl, taskset (util-linux), GNU time, python3 and at least 2 cores. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-10}"
ROUNDS="${2:-3}"
BINS=("${MIJIAN_BIN:-$PWD/target/release/mijian}")
[[ -n "${MIJIAN_BIN_B:-}" ]] && BINS+=("$MIJIAN_BIN_B")
for tool in wrk curl taskset python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }
[[ $(nproc) -ge 2 ]] || { echo "needs 2 cores" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mijian-pinned.XXXXXX")"
SERVER_PIDS=()
cleanup() {
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

FILE="${3:-}"
if [[ -z "$FILE" ]]; then
  # The synthetic 100 KB DOCX of gateway_load.sh (random prose, the worst case for inflate).
  python3 - "$WORK/bench.docx" <<'EOF'
import io, random, sys, zipfile
random.seed(4)
pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质色"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
paras = []
while True:
    paras.append("<w:p><w:r><w:t>" + "".join(random.choice(pool) for _ in range(120)) + "。</w:t></w:r></w:p>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{"".join(paras)}</w:body></w:document>')
    if buf.tell() >= 100 * 1024:
        open(sys.argv[1], "wb").write(buf.getvalue())
        break
EOF
  FILE="$WORK/bench.docx"
fi
COPIES=1000
mkdir -p "$WORK/copies"
for i in $(seq 1 "$COPIES"); do cp "$FILE" "$WORK/copies/c$i.docx"; done
cat >"$WORK/post.lua" <<EOF
local f = io.open("$FILE", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
wrk.headers["X-Filename"] = "bench.docx"
EOF

ADDRS=()
for b in "${!BINS[@]}"; do
  taskset -c 0 "${BINS[$b]}" serve -j 1 --listen 127.0.0.1:0 --audit "$WORK/audit$b.jsonl" >"$WORK/server$b.out" 2>"$WORK/server$b.err" &
  SERVER_PIDS+=($!)
  ADDR=""
  for _ in $(seq 1 200); do
    ADDR=$(awk 'NR==1{print $NF}' "$WORK/server$b.out" 2>/dev/null || true)
    [[ -n "$ADDR" ]] && break
    sleep 0.05
  done
  [[ -n "$ADDR" ]] || { echo "the server did not start:" >&2; cat "$WORK/server$b.err" >&2; exit 1; }
  ADDRS+=("$ADDR")
  # Warm-up: the server's first requests and the page cache of the copies.
  taskset -c 1 wrk -t1 -c16 -d2s -s "$WORK/post.lua" "http://$ADDR/v1/scan" >/dev/null 2>&1
  taskset -c 0 "${BINS[$b]}" -j 1 scan --format json "$WORK/copies" >/dev/null 2>&1 || true
done
server_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }

echo "file: $(basename "$FILE") ($(stat -c %s "$FILE") B); $(nproc) cores; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "${!BINS[@]}"; do echo "build $b: ${BINS[$b]}"; done
echo
echo "| round | build | scan -j 1 on core 0: files/s | scan CPU per file | gateway -j 1 on core 0, wrk c=16 on core 1: requests/s | p99 | gateway CPU per request | gateway / scan, files/s | gateway / scan, CPU per file | load |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  order=("${!BINS[@]}")
  (( round % 2 == 0 && ${#BINS[@]} == 2 )) && order=(1 0)
  for b in "${order[@]}"; do
    BIN="${BINS[$b]}"; ADDR="${ADDRS[$b]}"; SERVER_PID="${SERVER_PIDS[$b]}"
    /usr/bin/time -f "%e %U %S" -o "$WORK/scan.time" taskset -c 0 "$BIN" -j 1 scan --format json "$WORK/copies" >/dev/null 2>&1 || true
    read -r wall user sys < <(tail -1 "$WORK/scan.time")
    cpu0=$(server_cpu_ms "$SERVER_PID")
    taskset -c 1 wrk -t1 -c16 -d"${SECONDS_EACH}s" --timeout 30s --latency -s "$WORK/post.lua" "http://$ADDR/v1/scan" >"$WORK/wrk.out" 2>&1
    cpu1=$(server_cpu_ms "$SERVER_PID")
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
    p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.out")
    total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
    bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out"); bad=${bad:-0}
    [[ "$bad" == 0 ]] || echo "round $round, build $b: $bad answers were not 2xx" >&2
    load=$(cut -d' ' -f1 /proc/loadavg)
    python3 -c "
w, u, s, r, n, c0, c1 = $wall, $user, $sys, $rps, $total, $cpu0, $cpu1
fs = $COPIES / w
scan_cpu = (u + s) * 1000 / $COPIES
gw_cpu = (c1 - c0) / max(n, 1)
print(f'| $round | $b | {fs:.0f} | {scan_cpu:.2f} ms | {r:.0f} | $p99 | {gw_cpu:.2f} ms | {r / fs:.2f} | {scan_cpu / gw_cpu:.2f} | $load |')"
  done
done
echo
for b in "${!BINS[@]}"; do echo "build $b: $(wc -l <"$WORK/audit$b.jsonl") audit records"; done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
