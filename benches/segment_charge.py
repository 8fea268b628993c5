#!/usr/bin/env python3
"""What each file's segments charge the per-file segment budget, as the inspection sink counts it
(192 bytes plus the bytes of text, part and field per segment; members counted to their
top-level file), from `mijian extract -f json` output: the margin of the default budget.

    mijian -j 1 extract -f json PATHS… > segments.jsonl
    python3 benches/segment_charge.py segments.jsonl

Prints the largest charges, the highest charge per byte of file among files over 20 KB (below
that the 64 MiB floor is the budget), and the largest charge of all.
"""
import collections
import json
import os
import sys

charge, count = collections.Counter(), collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    top = d["path"].split("!")[0]
    loc = d.get("location", {})
    strings = len(d.get("text", "").encode()) + len(loc.get("part", "").encode()) + len((loc.get("field") or "").encode())
    charge[top] += 192 + strings
    count[top] += 1
for c, p in sorted(((c, p) for p, c in charge.items()), reverse=True)[:5]:
    print(f"{c / 2**20:8.2f} MiB {count[p]:8d} segments {os.path.getsize(p):>11} bytes  {p}")
big = sorted(((c / os.path.getsize(p), p) for p, c in charge.items() if os.path.getsize(p) > 20_000), reverse=True)
for r, p in big[:3]:
    print(f"charge per byte of file {r:.1f}  {p}")
print(f"{len(charge)} files; largest charge {max(charge.values()) / 2**20:.2f} MiB")
