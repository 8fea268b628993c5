#!/usr/bin/env python3
r"""PP-OCR next to Tesseract on the OCR bench set (issue 11: choose the engine by measurement).

Measurement only: mijian does not run PP-OCR. This reads the pages of make_set.py's set with the
PP-OCR v4 detection/recognition models (ONNX, run by onnxruntime through RapidOCR) and scores
the text the way score.py scores Tesseract's.

Install (the models ship inside the wheel; nothing is downloaded at run time):

    python3 -m venv /tmp/ppocr-venv
    /tmp/ppocr-venv/bin/pip install rapidocr-onnxruntime==1.4.4   # Apache-2.0; onnxruntime MIT

Read one condition (one process, one thread, page after page; /usr/bin/time gives CPU and RSS):

    OMP_NUM_THREADS=1 nice -n 19 /usr/bin/time -v \
        /tmp/ppocr-venv/bin/python benches/ocr/ppocr.py read /tmp/ocrset/clean /tmp/ppocr-out/ppocr/clean

writes one NAME.txt per page, lines in the engine's reading order. PPOCR_MAX_SIDE=N: the
detector sees the page scaled to at most N pixels a side (RapidOCR's default 2000). `read` on an
empty folder measures the start-up alone (imports, three ONNX sessions).

Score (any python3; mijian's rules decide what a mark is):

    python3 benches/ocr/ppocr.py score /tmp/ocrset /tmp/ppocr-out [MIJIAN]

For each condition: the share of marked pages whose raw text holds the mark verbatim
(whitespace removed, as score.py's "verbatim"); mark recall and false marks from
`MIJIAN -j 1 scan --format json` over the .txt files (a finding of kind "marking", block or
review, counts); character accuracy with score.py's measure. A folder OUT/tesseract/COND of the
`tesseract` command's text is scored the same way beside it (run.sh writes one under
its OCROUT, which it empties first, so run it before `read`; or alone:
`for f in SET/COND/*; do OMP_THREAD_LIMIT=1 tesseract "$f" stdout -l chi_sim --psm 3 \
> OUT/tesseract/COND/$(basename "$f").txt; done`), so both engines
go through the same text path (the .txt scan has none of mijian's OCR-stage repairs: no head
band, no star or phrase repair).
"""
import json
import os
import subprocess
import sys

from accuracy import accuracy, squeeze

CONDITIONS = ["clean", "scan300", "scan200", "photo"]


def read(pages_dir, out_dir):
    from rapidocr_onnxruntime import RapidOCR

    # PPOCR_MAX_SIDE: the longest side the detector is given (RapidOCR's default 2000).
    max_side = int(os.environ.get("PPOCR_MAX_SIDE", "2000"))
    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, max_side_len=max_side)
    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(os.listdir(pages_dir)):
        result, _ = engine(os.path.join(pages_dir, name))
        lines = [text for _box, text, _score in (result or [])]
        with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def marked_by_mijian(mijian, text_dir):
    """Page name → whether mijian reports a marking finding in its recognised text."""
    out = subprocess.run(
        [mijian, "-j", "1", "scan", "--format", "json", text_dir],
        capture_output=True,
        text=True,
    )
    if not out.stdout.strip():
        sys.exit(f"{mijian} scan {text_dir}: no report (exit {out.returncode}): {out.stderr[:500]}")
    found = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        name = os.path.basename(r["path"])[: -len(".txt")]
        found[name] = any(f["kind"] == "marking" for f in r.get("findings", []))
    return found


def score(set_dir, out, mijian):
    truth = json.load(open(os.path.join(set_dir, "truth.json"), encoding="utf-8"))
    print("| condition | engine | marked / unmarked | verbatim | mark recall (mijian on the text) | false marks | char. accuracy |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for cond in CONDITIONS:
        for engine in ["ppocr", "tesseract"]:
            text_dir = os.path.join(out, engine, cond)
            if not os.path.isdir(text_dir):
                continue
            names = sorted(n for n in truth if n.startswith(cond + "/") and os.path.exists(os.path.join(out, engine, n + ".txt")))
            if not names:
                continue
            text = {n: open(os.path.join(out, engine, n + ".txt"), encoding="utf-8").read() for n in names}
            found = marked_by_mijian(mijian, text_dir)
            marked = [n for n in names if truth[n]["mark"]]
            unmarked = [n for n in names if not truth[n]["mark"]]
            base = lambda n: n.split("/", 1)[1]
            verbatim = sum(squeeze(truth[n]["mark"]) in squeeze(text[n]) for n in marked) / max(1, len(marked))
            recall = sum(found.get(base(n), False) for n in marked) / max(1, len(marked))
            false = sum(found.get(base(n), False) for n in unmarked)
            acc = sum(accuracy(text[n], truth[n]["body"]) for n in names) / len(names)
            print(f"| {cond} | {engine} | {len(marked)} / {len(unmarked)} | {verbatim:.2f} | **{recall:.2f}** | {false} | {acc:.3f} |")
            missed = [(base(n), truth[n]["mark"], squeeze(text[n])[:20]) for n in marked if not found.get(base(n), False)]
            if missed:
                print(f"<!-- {cond} {engine} missed: {missed} -->")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else "target/release/mijian")
    else:
        sys.exit(__doc__)
