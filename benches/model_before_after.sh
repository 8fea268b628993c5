#!/bin/sh
# Two release binaries side by side, runs interleaved (before, after, before, after...), for a
# change that must not slow anything down (issue 9: one policy, one report tree). The commands are
# those of benches/text_vs_rg.sh (text) and of the DOCX section, plus a dense dictionary (many
# findings built), the default rules alone on prose_real.txt (the marking rules on 200 MiB of
# prose) and the real-world corpus. ROUNDS (default 3) sets how many rounds.
#
#   BEFORE=/tmp/main/mijian AFTER=target/release/mijian BENCHDATA=/tmp/benchdata \
#     OUT=/tmp/before_after.txt benches/model_before_after.sh
B="${BEFORE:?the binary before the change}"
A="${AFTER:?the binary after the change}"
D="${BENCHDATA:-/tmp/benchdata}"
OUT="${OUT:-/tmp/before_after.txt}"
REAL="${REAL:-$(cd "$(dirname "$0")/.." && pwd)/../shared/realworld}"
: > $OUT
run() { # label bin args...
  label=$1; shift; bin=$1; shift
  /usr/bin/time -f "$label %e s wall %U s user %M KB" "$bin" "$@" > /dev/null 2>>$OUT.err
  tail -1 $OUT.err >> $OUT
}
for i in $(seq "${ROUNDS:-3}"); do
  echo "uptime: $(uptime)" >> $OUT
  run "text-before" $B scan --no-default-rules --format json --dict $D/dict_sparse_100k.txt $D/prose.txt
  run "text-after " $A scan --no-default-rules --format json --dict $D/dict_sparse_100k.txt $D/prose.txt
  run "dense-before" $B scan --no-default-rules --format json --dict $D/dict_10k.txt $D/prose20.txt
  run "dense-after " $A scan --no-default-rules --format json --dict $D/dict_10k.txt $D/prose20.txt
  run "marks-before" $B scan --format json $D/prose_real.txt
  run "marks-after " $A scan --format json $D/prose_real.txt
  run "docx-before" $B scan --format json $D/docs/docx
  run "docx-after " $A scan --format json $D/docs/docx
  run "real-before" $B scan --format json "$REAL"
  run "real-after " $A scan --format json "$REAL"
done
echo "uptime: $(uptime)" >> $OUT
