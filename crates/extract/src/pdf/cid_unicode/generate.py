#!/usr/bin/env python3
"""Builds the CID -> Unicode tables in this folder from Adobe's CMap resources.

Input: the Unicode CMaps of Adobe's cmap-resources (BSD-3-Clause, see NOTICE), as Debian's
poppler-data package installs them: /usr/share/poppler/cMap/Adobe-*/Uni*-UTF32-H and -V.
Those map Unicode -> CID; this script inverts them. Where several code points reach one CID
(a radical and the unified ideograph, a compatibility ideograph), the unified ideograph wins,
then the lowest code point. Horizontal entries win over vertical ones.

Output, one file per character collection (little-endian):
    u16 N, then N x u16: the BMP code point of CID 0..N-1 (0: none, 0xFFFF: see below)
    u16 M, then M x (u16 CID, u32 code point): CIDs whose code point is outside the BMP

Run: python3 generate.py [CMAP_DIR]   (default /usr/share/poppler/cMap)
"""
import os
import re
import struct
import sys

COLLECTIONS = {
    "Adobe-GB1": "UniGB-UTF32",
    "Adobe-CNS1": "UniCNS-UTF32",
    "Adobe-Japan1": "UniJIS-UTF32",
    "Adobe-Korea1": "UniKS-UTF32",
}


def preference(cp):
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF:
        return 0
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
        return 3
    if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF:
        return 2
    return 1


def read(path):
    text = open(path, encoding="latin-1").read()
    pairs = []
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for lo, hi, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", block):
            lo, hi, cid = int(lo, 16), int(hi, 16), int(cid)
            for k in range(hi - lo + 1):
                pairs.append((cid + k, lo + k))
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s*(\d+)", block):
            pairs.append((int(cid), int(code, 16)))
    return pairs


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap"
    here = os.path.dirname(os.path.abspath(__file__))
    for collection, stem in COLLECTIONS.items():
        best = {}
        for suffix, rank in (("-H", 0), ("-V", 1)):
            for cid, cp in read(os.path.join(src, collection, stem + suffix)):
                key = (rank, preference(cp), cp)
                if cid not in best or key < best[cid][0]:
                    best[cid] = (key, cp)
        n = max(best) + 1
        dense = [0] * n
        supp = []
        for cid, (_, cp) in sorted(best.items()):
            if cp <= 0xFFFF:
                dense[cid] = cp
            else:
                dense[cid] = 0xFFFF
                supp.append((cid, cp))
        out = struct.pack("<H", n) + struct.pack(f"<{n}H", *dense)
        out += struct.pack("<H", len(supp)) + b"".join(struct.pack("<HI", c, v) for c, v in supp)
        name = collection.split("-")[1].lower() + ".bin"
        open(os.path.join(here, name), "wb").write(out)
        print(f"{name}: {n} CIDs, {len(supp)} outside the BMP, {len(out)} bytes")


if __name__ == "__main__":
    main()
