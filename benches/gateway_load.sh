#!/usr/bin/env bash
# Load benchmark of the upload gateway (`mijian serve`), on loopback only.
#
#   1. requests/s and p50/p99 latency for a 100 KB DOCX at concurrency 1, 16 and 64 (wrk);
#   2. proxy mode, the clean-article flow: an editor's article posted as a form (decoded: every
#      value percent-decoded, the HTML read as HTML) against the same bytes as octet-stream;
#   3. peak RSS of the server with 16 concurrent 50 MB uploads, with the default memory budget
#      and with a small one (--max-buffered 256M), to show that memory follows the limits.
#
# Needs: wrk and curl (apt-get install -y wrk curl), python3. Every request goes to 127.0.0.1;
# every run is bounded in time. Usage: [MIJIAN_BIN=path] benches/gateway_load.sh [SECONDS per wrk run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 2; }

# MIJIAN_BIN=path uses a binary already built (with `cargo build --release`).
if [[ -z "${MIJIAN_BIN:-}" ]]; then
  cargo build --release --locked --quiet
fi
BIN="${MIJIAN_BIN:-$PWD/target/release/mijian}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mijian-gwbench.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- fixtures ---------------------------------------------------------------------------------
python3 - "$WORK" <<'EOF'
import random, sys, zipfile, io
work = sys.argv[1]
random.seed(4)
# Common characters of official prose, drawn at random so the DOCX does not compress away.
pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质色"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
def docx(target):
    paras = []
    size = 0
    while True:
        text = "".join(random.choice(pool) for _ in range(120)) + "。"
        paras.append(f'<w:p><w:r><w:t>{text}</w:t></w:r></w:p>')
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
            z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
            z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{"".join(paras)}</w:body></w:document>')
        if buf.tell() >= target:
            return buf.getvalue()
open(f"{work}/bench.docx", "wb").write(docx(100 * 1024))
# 50 MB of text for the memory run.
with open(f"{work}/big.txt", "w", encoding="utf-8") as f:
    line = lambda: "".join(random.choice(pool) for _ in range(60)) + "。\n"
    block = "".join(line() for _ in range(2000))
    written = 0
    while written < 50 * 1000 * 1000:
        f.write(block)
        written += len(block.encode())
EOF
BIG_BYTES=$(stat -c %s "$WORK/big.txt")

# A real 100 KB DOCX when the shared corpus is there: a Chinese draft standard (tables, styles,
# ~110 KB), beside the synthetic one (100 KB of compressed random prose: far more text per byte
# than a real document, so the worst case).
REAL="../shared/realworld/docx/chatchat_核电厂定期安全评价_第12部分_设计_征求意见稿.docx"
FIXTURES=("$WORK/bench.docx")
[[ -f "$REAL" ]] && FIXTURES+=("$REAL")

lua_for() {
  cat > "$WORK/post.lua" <<EOF
local f = io.open("$1", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
wrk.headers["X-Filename"] = "bench.docx"
EOF
}

start_server() {
  "$BIN" serve --listen 127.0.0.1:0 --audit "$WORK/audit.jsonl" "$@" >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    ADDR=$(awk 'NR==1{print $NF}' "$WORK/server.out")
    [[ -n "$ADDR" ]] && return 0
    sleep 0.05
  done
  echo "the server did not start:" >&2; cat "$WORK/server.err" >&2; exit 1
}
# User + system CPU time of the server so far, in ms (load-independent: what a request costs).
server_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$SERVER_PID/stat"; }
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""; }

echo "machine: $(nproc) cores, $(uname -r); wrk on the same machine"
start_server
echo
echo "| fixture | verdict | concurrency | wrk threads | requests/s | p50 | p99 | failed (socket errors + non-2xx) | server CPU per request |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for fx in "${FIXTURES[@]}"; do
  name="$(basename "$fx") ($(stat -c %s "$fx") B)"
  verdict=$(curl -s -H 'X-Filename: bench.docx' --data-binary @"$fx" "http://$ADDR/v1/scan" | python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')
  lua_for "$fx"
  for c in 1 16 64; do
    t=$(( c < 2 ? 1 : 2 ))
    cpu0=$(server_cpu_ms)
    wrk -t"$t" -c"$c" -d"${DURATION}s" --timeout 30s --latency -s "$WORK/post.lua" "http://$ADDR/v1/scan" >"$WORK/wrk.$c" 2>&1
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.$c")
    p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.$c")
    p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.$c")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.$c"); non2xx=${non2xx:-0}
    sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$WORK/wrk.$c"); sockerr=${sockerr:-0}
    cpu1=$(server_cpu_ms)
    total=$(awk '/requests in/ {print $1}' "$WORK/wrk.$c")
    per=$(python3 -c "print(f'{($cpu1 - $cpu0) / max($total, 1):.2f} ms')")
    echo "| $name | $verdict | $c | $t | $rps | $p50 | $p99 | $((non2xx + sockerr)) | $per |"
  done
done
# The same files through `mijian scan` (both cores, one process), in the same run: what the
# engine alone does per second, which the gateway's requests/s at concurrency 16 is set against.
echo
echo "| fixture | \`mijian scan\` of 500 copies: files/s | CPU per file | gateway c=16: requests/s | gateway / scan |"
echo "| --- | --- | --- | --- | --- |"
for fx in "${FIXTURES[@]}"; do
  mkdir -p "$WORK/copies"
  for i in $(seq 1 500); do cp "$fx" "$WORK/copies/c$i.docx"; done
  /usr/bin/time -f "%e %U %S" -o "$WORK/scan.time" "$BIN" scan --format json "$WORK/copies" >/dev/null 2>&1 || true
  read -r wall user sys < <(tail -1 "$WORK/scan.time") # (GNU time first notes a non-zero exit)
  lua_for "$fx"
  wrk -t2 -c16 -d"${DURATION}s" --timeout 30s -s "$WORK/post.lua" "http://$ADDR/v1/scan" >"$WORK/wrk.again" 2>&1
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.again")
  python3 -c "w,u,s,r=$wall,$user,$sys,$rps; f=500/w; print(f'| $(basename "$fx") | {f:.0f} | {(u+s)*1000/500:.2f} ms | {r:.0f} | {r/f:.2f} |')"
  rm -rf "$WORK/copies"
done
records=$(wc -l <"$WORK/audit.jsonl")
echo
echo "audit records written (one per request, each synced before its answer): $records"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
stop_server

# --- proxy mode: the clean-article flow -------------------------------------------------------
# A CMS editor's article (HTML, ~6 KB of prose) posted as a browser posts it
# (application/x-www-form-urlencoded: every name and value percent-decoded, the HTML field read as
# HTML) against the very same bytes posted as application/octet-stream (one raw reading, nothing
# decoded): the difference is what decoding costs. The upstream is a small threaded Python server
# answering 204 at once.
python3 - "$WORK" <<'EOF2'
import random, sys, urllib.parse
random.seed(7)
pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
paras = "".join("<p>" + "".join(random.choice(pool) for _ in range(100)) + "。</p>" for _ in range(20))
body = urllib.parse.urlencode({"title": "关于做好年度政务公开工作的通知", "author": "办公室", "content": paras})
open(sys.argv[1] + "/article.form", "w").write(body)
EOF2
cat > "$WORK/upstream.py" <<'EOF2'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
EOF2
python3 "$WORK/upstream.py" >"$WORK/upstream.port" &
UPSTREAM_PID=$!
for _ in $(seq 1 100); do [[ -s "$WORK/upstream.port" ]] && break; sleep 0.05; done
start_server --upstream "http://127.0.0.1:$(cat "$WORK/upstream.port")"
echo
echo "proxy mode, clean article ($(stat -c %s "$WORK/article.form") B), concurrency 16, ${DURATION}s each:"
echo
echo "| posted as | status | requests/s | p50 | p99 | failed | server CPU per request |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for ct in application/x-www-form-urlencoded application/octet-stream; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Content-Type: $ct" --data-binary @"$WORK/article.form" "http://$ADDR/cms/save")
  cat > "$WORK/article.lua" <<EOF2
local f = io.open("$WORK/article.form", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "$ct"
EOF2
  cpu0=$(server_cpu_ms)
  wrk -t2 -c16 -d"${DURATION}s" --timeout 30s --latency -s "$WORK/article.lua" "http://$ADDR/cms/save" >"$WORK/wrk.article" 2>&1
  cpu1=$(server_cpu_ms)
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.article")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.article")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.article")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.article"); non2xx=${non2xx:-0}
  sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$WORK/wrk.article"); sockerr=${sockerr:-0}
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.article")
  per=$(python3 -c "print(f'{($cpu1 - $cpu0) / max($total, 1):.2f} ms')")
  echo "| $ct | $status | $rps | $p50 | $p99 | $((non2xx + sockerr)) | $per |"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
stop_server
kill "$UPSTREAM_PID" 2>/dev/null || true

rss_run() {
  local label="$1"; shift
  start_server "$@"
  local base
  base=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
  local pids=()
  for i in $(seq 1 16); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 300 -H "X-Filename: big$i.txt" \
      --data-binary @"$WORK/big.txt" "http://$ADDR/v1/scan" >"$WORK/code.$i" &
    pids+=($!)
  done
  wait "${pids[@]}"
  local hwm codes
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
  codes=$(cat "$WORK"/code.* | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
  echo "| $label | $((base / 1024)) MiB | $((hwm / 1024)) MiB | $codes|"
  stop_server
}
echo
echo "16 concurrent uploads of $BIG_BYTES bytes (text):"
echo
echo "| server | RSS idle | peak RSS (VmHWM) | answers |"
echo "| --- | --- | --- | --- |"
rss_run "defaults (--max-buffered 1G)"
rss_run "--max-buffered 256M" --max-buffered 256M
