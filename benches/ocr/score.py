#!/usr/bin/env python3
"""Scores one run of benches/ocr/run.sh: mark recall per condition, false marks on unmarked
pages, character accuracy of the body text; for mijian and for the tesseract command.

    python3 score.py SET RESULTS     # SET: make_set.py's folder; RESULTS: run.sh's folder
"""
import json
import os
import sys

from accuracy import accuracy, squeeze

SET, RESULTS = sys.argv[1], sys.argv[2]
truth = json.load(open(os.path.join(SET, "truth.json"), encoding="utf-8"))


# mijian: scan reports (JSON Lines) and extract segments (JSON Lines), per condition.
scan, text, extracted = {}, {}, set()
for cond in ["clean", "scan300", "scan200", "photo"]:
    if not os.path.exists(os.path.join(RESULTS, f"mijian-inspect-{cond}.jsonl")):
        continue
    for line in open(os.path.join(RESULTS, f"mijian-inspect-{cond}.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        scan[os.path.relpath(r["path"], SET)] = r
    if not os.path.exists(os.path.join(RESULTS, f"mijian-extract-{cond}.jsonl")):
        continue
    extracted.add(cond)
    for line in open(os.path.join(RESULTS, f"mijian-extract-{cond}.jsonl"), encoding="utf-8"):
        s = json.loads(line)
        key = os.path.relpath(s["path"], SET)
        text.setdefault(key, []).append(s["text"])

print("| condition | pages marked / unmarked | mijian mark recall | mijian false marks | tesseract command: mark text found verbatim | mijian char. accuracy | tesseract char. accuracy |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for cond in ["clean", "scan300", "scan200", "photo"]:
    names = sorted(n for n in truth if n.startswith(cond + "/") and n in scan)
    if not names:
        continue
    marked = [n for n in names if truth[n]["mark"]]
    unmarked = [n for n in names if not truth[n]["mark"]]
    found = lambda n: any(f["kind"] == "marking" for f in scan[n].get("findings", []))
    recall = sum(found(n) for n in marked) / max(1, len(marked))
    false = sum(found(n) for n in unmarked)
    peer_file = lambda n: os.path.join(RESULTS, "tesseract", n + ".txt")
    peer = {n: open(peer_file(n), encoding="utf-8").read() for n in names if os.path.exists(peer_file(n))}
    na = "n/a"
    verbatim = f"{sum(squeeze(truth[n]['mark']) in squeeze(peer[n]) for n in marked) / max(1, len(marked)):.2f}" if peer else na
    acc_m = f"{sum(accuracy(chr(10).join(text.get(n, [])), truth[n]['body']) for n in names) / len(names):.3f}" if cond in extracted else na
    acc_t = f"{sum(accuracy(peer[n], truth[n]['body']) for n in names) / len(names):.3f}" if peer else na
    print(f"| {cond} | {len(marked)} / {len(unmarked)} | **{recall:.2f}** | {false} | {verbatim} | {acc_m} | {acc_t} |")
    missed = [(n, truth[n]["mark"]) for n in marked if not found(n)]
    if missed:
        print(f"<!-- {cond} missed: {missed} -->")

# Per mark, over every condition.
print()
print("| mark | pages | mijian recall |")
print("| --- | --- | --- |")
by_mark = {}
for n, t in truth.items():
    if t["mark"] and n in scan:
        by_mark.setdefault(t["mark"], []).append(any(f["kind"] == "marking" for f in scan[n].get("findings", [])))
for mark, hits in sorted(by_mark.items()):
    print(f"| {mark} | {len(hits)} | {sum(hits) / len(hits):.2f} |")
