#!/usr/bin/env bash
# Whole-process figures for benches/README.md, mijian next to its peers IN THE SAME RUN:
#   * `mijian scan` vs `rg --count-matches -F -f` on prose.txt (200 MiB) with the sparse 100k/600k
#     and dense 10k/100k dictionaries, and the planted-term recall of each (plants.tsv);
#   * pyahocorasick (build + count) on a 20 MiB slice (prose20.txt) with the same dictionaries;
#   * python-docx merely extracting the text of the 50 benchmark DOCX vs `mijian scan` of them;
#   * loading 10^6 terms: from text and from the compiled form (`mijian dict compile`);
#   * the REALISTIC dictionaries real_100k / real_1m (../shared/bench/gen_realistic.py) on
#     prose_real.txt, with the default rules on, and how many of the planted occurrences
#     (plants_real.tsv) mijian found;
#   * section `big`: peak RSS of `mijian scan` on a 1 GiB text file (prose_real.txt five times,
#     made under $TMPDIR and deleted after), next to the same scan of the 200 MiB file.
# Each command runs RUNS times (default 3); the table shows medians of wall time, user CPU time
# and peak RSS, and ratios. The machine is shared: read the ratios, not the absolutes.
#
#   BENCHDATA=/tmp/benchdata benches/text_vs_rg.sh > /tmp/text_vs_rg.md
#
# DICTS (default "sparse_100k sparse_600k 10k 100k real_100k real_1m") and SECTIONS (default
# "text docx load big") choose
# what runs, for a machine too busy to run everything three times.
#
# Needs: ripgrep, GNU time, python3 with python-docx and pyahocorasick (pip install pyahocorasick),
# and a release build (cargo build --release).
set -uo pipefail
D="${BENCHDATA:-${TMPDIR:-/tmp}/benchdata}"
RUNS="${RUNS:-3}"
DICTS="${DICTS:-sparse_100k sparse_600k 10k 100k real_100k real_1m}"
SECTIONS="${SECTIONS:-text docx load big}"
has() { [[ " $SECTIONS " == *" $1 "* ]]; }
HERE="$(cd "$(dirname "$0")/.." && pwd)"
MIJIAN="${MIJIAN:-$HERE/target/release/mijian}"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
RAW="$W/raw.tsv"

[ -x "$MIJIAN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -f "$D/prose.txt" ] || { echo "no $D/prose.txt: run ../shared/bench/gen_data.py" >&2; exit 2; }

# run LABEL CMD...: one run, timed; its stdout kept in $W/LABEL.out. Callers loop over runs
# outside and over tools inside, so that each tool sees the same load on the shared machine.
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %M" -o "$W/time" "$@" >"$W/$label.out" 2>"$W/$label.err"
  printf '%s\t%s\n' "$label" "$(tail -1 "$W/time")" >>"$RAW"
  echo "  $label: $(tail -1 "$W/time")" >&2
}

cat >"$W/ac.py" <<'EOF'
import sys, ahocorasick
dict_path, text_path = sys.argv[1], sys.argv[2]
a = ahocorasick.Automaton()
for line in open(dict_path, encoding="utf-8"):
    t = line.rstrip("\n").split("\t")[0]
    if t:
        a.add_word(t, 1)
a.make_automaton()
n = sum(1 for _ in a.iter(open(text_path, encoding="utf-8").read()))
print(n)
EOF
# recall.py DICT PLANTS MIJIAN_JSON: planted occurrences of each term (plants_real.tsv) against
# mijian's count for the term's rule id (`dict_real_100k.txt:LINE`), capped at the planted count.
cat >"$W/recall.py" <<'EOF'
import json, sys
dict_path, plants_path, rep = sys.argv[1:4]
line_of = {}
for i, l in enumerate(open(dict_path, encoding="utf-8"), 1):
    line_of.setdefault(l.rstrip("\n").split("\t")[0], i)
name = dict_path.rsplit("/", 1)[-1]
by_rule = json.loads(open(rep).readline())["findings_by_rule"]
planted = found = 0
for l in open(plants_path, encoding="utf-8"):
    t, n = l.rstrip("\n").split("\t")
    planted += int(n)
    found += min(int(n), by_rule.get(f"{name}:{line_of[t]}", 0))
print(f"{found} of {planted}")
EOF
# (not docx.py: that name would shadow the python-docx module it imports)
cat >"$W/extract_docx.py" <<'EOF'
import sys, glob, docx
n = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.docx")):
    d = docx.Document(f)
    n += sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                n += len(c.text)
print(n)
EOF
total() {  # the sum of findings_total in a JSON Lines output
  python3 -c 'import json,sys; print(sum(json.loads(l)["findings_total"] for l in open(sys.argv[1]) if l.strip()))' "$1"
}

planted=$(awk -F'\t' '$1=="prose" && $2=="'"'"'<sparse-term>'"'"'" {print $3}' "$D/plants.tsv")
touch "$W/counts.tsv"
has text && echo "== text" >&2
has text && for s in $DICTS; do
  prose="$D/prose.txt"
  [[ $s == real_* ]] && prose="$D/prose_real.txt"
  for i in $(seq "$RUNS"); do
    run "rg_$s" rg --count-matches -F -f "$D/dict_$s.txt" "$prose"
    # the realistic case runs with the default rules on too (marks, document numbers), as a user would
    if [[ $s == real_* ]]; then
      run "mijian_$s" "$MIJIAN" scan --format json --dict "$D/dict_$s.txt" "$prose"
    else
      run "mijian_$s" "$MIJIAN" scan --no-default-rules --format json --dict "$D/dict_$s.txt" "$prose"
      run "pyac_$s" python3 "$W/ac.py" "$D/dict_$s.txt" "$D/prose20.txt"
    fi
  done
  [[ $s == real_* ]] && python3 "$W/recall.py" "$D/dict_$s.txt" "$D/plants_real.tsv" "$W/mijian_$s.out" >"$W/recall_$s.txt"
  echo -e "$s\t$(cat "$W/rg_$s.out")\t$(total "$W/mijian_$s.out")\t$(cat "$W/pyac_$s.out" 2>/dev/null || echo -)" >>"$W/counts.tsv"
done
has big && echo "== 1 GiB text" >&2
if has big; then
  BIG="${TMPDIR:-/tmp}/mijian-big-$$.txt"
  for k in 1 2 3 4 5; do cat "$D/prose_real.txt"; done >"$BIG"
  for i in $(seq "$RUNS"); do
    run big_200m "$MIJIAN" scan --format json --dict "$D/dict_real_100k.txt" "$D/prose_real.txt"
    run big_1g "$MIJIAN" scan --format json --dict "$D/dict_real_100k.txt" "$BIG"
  done
  echo -e "$(stat -c %s "$BIG")\t$(total "$W/big_200m.out")\t$(total "$W/big_1g.out")" >"$W/big.tsv"
  rm -f "$BIG"
fi
has docx && echo "== docx" >&2
has docx && for i in $(seq "$RUNS"); do
  run python_docx python3 "$W/extract_docx.py" "$D/docs/docx"
  run mijian_docx "$MIJIAN" scan --format json "$D/docs/docx"
done
has load && echo "== 10^6 terms" >&2
has load && "$MIJIAN" dict compile --no-default-rules -o "$W/1m.mjd" "$D/dict_1m.txt" 2>/dev/null
echo x >"$W/one.txt"
has load && for i in $(seq "$RUNS"); do
  run load_1m_text "$MIJIAN" scan --no-default-rules --dict "$D/dict_1m.txt" "$W/one.txt"
  run load_1m_mjd "$MIJIAN" scan --rules "$W/1m.mjd" "$W/one.txt"
  run compile_1m "$MIJIAN" dict compile --no-default-rules -o "$W/1m-again.mjd" "$D/dict_1m.txt"
done

prose_mb=$(du -m "$D/prose.txt" | cut -f1)
export PROSE_REAL="$D/prose_real.txt"
slice_mb=$(du -m "$D/prose20.txt" | cut -f1)
docx_mb=$(du -cm "$D"/docs/docx/*.docx | tail -1 | cut -f1)
python3 - "$RAW" "$W/counts.tsv" "$prose_mb" "$slice_mb" "$docx_mb" "$planted" "$(stat -c %s "$W/1m.mjd" 2>/dev/null || echo 0)" <<'EOF'
import glob, os, sys, statistics as st
raw, counts, prose_mb, slice_mb, docx_mb, planted, mjd_bytes = sys.argv[1:]
prose_mb, slice_mb, docx_mb = float(prose_mb), float(slice_mb), float(docx_mb)
runs = {}
for line in open(raw):
    label, fig = line.rstrip("\n").split("\t")
    w, u, m = fig.split()
    runs.setdefault(label, []).append((float(w), float(u), int(m)))
med = {k: (st.median(x[0] for x in v), st.median(x[1] for x in v), st.median(x[2] for x in v) / 1024) for k, v in runs.items()}
print(f"Medians of {max((len(v) for v in runs.values()), default=0)} runs, interleaved, one run of this script (wall s / user CPU s / peak RSS MB).\n")
if any(k.startswith("rg_") for k in med):
    print("| dictionary | rg wall | rg user | rg RSS | mijian wall | mijian user | mijian RSS | **rg/mijian wall** | rg/mijian user | pyahocorasick (20 MiB) MB/s | mijian/pyac MB/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in ["sparse_100k", "sparse_600k", "10k", "100k", "real_100k", "real_1m"]:
        if f"rg_{s}" not in med:
            continue
        rg, mj = med[f"rg_{s}"], med[f"mijian_{s}"]
        pa = med.get(f"pyac_{s}")
        mj_mbs = prose_mb / mj[0]
        pa_cells = f"{slice_mb / pa[0]:.1f} | {mj_mbs / (slice_mb / pa[0]):.0f}×" if pa else "- | -"
        print(f"| {s} | {rg[0]:.1f} | {rg[1]:.1f} | {rg[2]:.0f} | {mj[0]:.1f} | {mj[1]:.1f} | {mj[2]:.0f} | **{rg[0]/mj[0]:.1f}×** | {rg[1]/mj[1]:.1f}× | {pa_cells} |")
    print("\nMatches counted (whole prose.txt for rg and mijian, the 20 MiB slice for pyahocorasick):\n")
    print("| dictionary | rg --count-matches | mijian findings_total | pyahocorasick (slice) |")
    print("| --- | --- | --- | --- |")
    for line in open(counts):
        s, rg, mj, pa = line.rstrip("\n").split("\t")
        print(f"| {s} | {rg} | {mj} | {pa} |")
    print(f"\nPlanted sparse terms (plants.tsv): {planted}; found with dict_sparse_100k: see the first row above (rg counts only matches on one line).")
    for f in sorted(glob.glob(os.path.join(os.path.dirname(raw), "recall_*.txt"))):
        print(f"Planted realistic terms (plants_real.tsv) found by mijian with dict_{f.rsplit('recall_', 1)[1][:-4]}: {open(f).read().strip()}")
if "python_docx" in med:
    py, md = med["python_docx"], med["mijian_docx"]
    print("\n| 50 DOCX ({:.0f} MB) | wall s | user s | RSS MB | MB/s |".format(docx_mb))
    print("| --- | --- | --- | --- | --- |")
    print(f"| python-docx, extracting text only | {py[0]:.2f} | {py[1]:.2f} | {py[2]:.0f} | {docx_mb/py[0]:.1f} |")
    print(f"| mijian scan (extract + normalise + match + judge) | {md[0]:.2f} | {md[1]:.2f} | {md[2]:.0f} | {docx_mb/md[0]:.1f} |")
    print(f"| **ratio python-docx / mijian** | **{py[0]/md[0]:.1f}×** | {py[1]/md[1]:.1f}× | | |")
if "big_1g" in med:
    b2, b1 = med["big_200m"], med["big_1g"]
    size, t2, t1 = open(os.path.join(os.path.dirname(raw), "big.tsv")).read().split()
    print("\n| mijian scan, real_100k + default rules | bytes | wall s | user s | **peak RSS MB** | findings_total |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| prose_real.txt | {os.path.getsize(os.environ['PROSE_REAL'])} | {b2[0]:.1f} | {b2[1]:.1f} | {b2[2]:.0f} | {t2} |")
    print(f"| prose_real.txt × 5 | {size} | {b1[0]:.1f} | {b1[1]:.1f} | **{b1[2]:.0f}** | {t1} |")
if "load_1m_text" in med:
    lt, lm, c = med["load_1m_text"], med["load_1m_mjd"], med["compile_1m"]
    print("\n| 10^6 terms | wall s | user s | peak RSS MB |")
    print("| --- | --- | --- | --- |")
    print(f"| scan of a 2-byte file, dictionary from text (parse + normalise + build) | {lt[0]:.2f} | {lt[1]:.2f} | {lt[2]:.0f} |")
    print(f"| scan of a 2-byte file, compiled form ({int(mjd_bytes)/1e6:.0f} MB .mjd) | {lm[0]:.2f} | {lm[1]:.2f} | {lm[2]:.0f} |")
    print(f"| dict compile (text -> .mjd) | {c[0]:.2f} | {c[1]:.2f} | {c[2]:.0f} |")
EOF
