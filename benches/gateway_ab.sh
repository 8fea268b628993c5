#!/usr/bin/env bash
# Two builds of the gateway side by side: CPU per request, requests/s and latency at concurrency
# 16 on the synthetic 100 KB DOCX of gateway_load.sh and the real 110 KB one of the shared corpus,
# the two binaries alternated round by round so that both see the same load.
#
#   benches/gateway_ab.sh BEFORE_BIN AFTER_BIN [ROUNDS=2]
#
# Needs wrk and python3; everything on 127.0.0.1, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
A="$1"; B="$2"; ROUNDS="${3:-2}"
REAL="$PWD/../shared/realworld/docx/chatchat_核电厂定期安全评价_第12部分_设计_征求意见稿.docx"
[[ -f "$REAL" ]] || { echo "the shared corpus is missing: $REAL" >&2; exit 2; }
W="$(mktemp -d "${TMPDIR:-/tmp}/mijian-gwab.XXXXXX")"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$W"' EXIT
cp "$REAL" "$W/real.docx"
cd "$W"
python3 - <<'PY'
import random, zipfile, io
random.seed(4)
pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质色"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
paras=[]
while True:
    text = "".join(random.choice(pool) for _ in range(120)) + "。"
    paras.append(f'<w:p><w:r><w:t>{text}</w:t></w:r></w:p>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{"".join(paras)}</w:body></w:document>')
    if buf.tell() >= 100*1024:
        open("synth.docx","wb").write(buf.getvalue()); break
PY
for fx in synth real; do
cat > post_$fx.lua <<L
local f = io.open("$W/$fx.docx", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
wrk.headers["X-Filename"] = "bench.docx"
L
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| binary | fixture | round | requests | req/s | p50 | p99 | server CPU per request |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for r in $(seq 1 "$ROUNDS"); do
 for bin in "$A" "$B"; do
  rm -f ab_audit.jsonl
  $bin serve --listen 127.0.0.1:0 --audit $W/ab_audit.jsonl > ab_server.out 2>/dev/null &
  PID=$!
  for _ in $(seq 1 100); do ADDR=$(awk 'NR==1{print $NF}' ab_server.out); [[ -n "$ADDR" ]] && break; sleep 0.1; done
  for fx in synth real; do
   c0=$(awk -v hz=$(getconf CLK_TCK) '{print ($14+$15)*1000/hz}' /proc/$PID/stat)
   wrk -t2 -c16 -d10s --timeout 30s --latency -s post_$fx.lua http://$ADDR/v1/scan > ab_wrk.txt 2>&1
   c1=$(awk -v hz=$(getconf CLK_TCK) '{print ($14+$15)*1000/hz}' /proc/$PID/stat)
   n=$(awk '/requests in/ {print $1}' ab_wrk.txt); rps=$(awk '/Requests\/sec/ {print $2}' ab_wrk.txt)
   p50=$(awk '$1=="50%" {print $2}' ab_wrk.txt); p99=$(awk '$1=="99%" {print $2}' ab_wrk.txt)
   echo "| $(basename $bin) | $fx | $r | $n | $rps | $p50 | $p99 | $(python3 -c "print(f'{($c1-$c0)/max($n,1):.2f} ms')") |"
  done
  kill $PID; wait $PID 2>/dev/null || true; PID=""
 done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
