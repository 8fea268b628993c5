#!/usr/bin/env python3
"""Agreement of mijian's PDF text with poppler's pdftotext, per file.

For every PDF in the corpus (default ../shared/realworld/pdf, with pdftotext's output in
../shared/realworld/pdftotext/NAME.txt), runs the `pdftext` example of mijian-extract in `--text`
mode and compares the CJK characters of both outputs as multisets (order and layout aside):

  recall    = share of pdftotext's CJK characters that mijian also produces
  precision = share of mijian's CJK characters that pdftotext also produces

Files where pdftotext is known to be WRONG (GBK codes without a Unicode map, fonts whose own
cmap is needed) are listed in POPPLER_WRONG and excluded from the overall figure; the table
shows how many CJK characters mijian gets there instead. Files whose pdftotext output was made
with a user password are expected to be `error: encrypted` for mijian, which has no password.

Usage:
  python3 benches/pdf_agreement.py [--corpus DIR] [--reference DIR] [--bin PATH]

Without --bin, the example is built with `cargo build --release -p mijian-extract --example
pdftext` and run from target/release/examples/pdftext.
"""

import argparse
import collections
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# pdftotext gets these wrong; mijian should do better (see ../shared/realworld/SOURCES.md).
POPPLER_WRONG = {
    "pdfjs_XiaoBiaoSong.pdf": "GBK codes in a non-embedded font named in GBK bytes, no ToUnicode",
    "pdfjs_SimFang-variant.pdf": "GBK codes in a non-embedded SimFang-like font, no ToUnicode",
    "pdfjs_issue3405r.pdf": "Identity-H TrueType without ToUnicode, and its font program has no cmap "
    "or glyph names either: nothing in the file says which characters the glyphs are; mijian "
    "flags the page for review instead of passing it as empty",
}
# pdftotext was given the user password for these; mijian must report `encrypted`.
NEEDS_PASSWORD = {
    "pyoffice_encrypted_aes_pw123456.pdf",
    "pyoffice_encrypted_rc4_pw123456.pdf",
    "pdfminer_aes-256-r6.pdf",
    "pdfminer_rc4-40.pdf",
}


def is_cjk(c):
    o = ord(c)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xAC00 <= o <= 0xD7AF
        or 0x20000 <= o <= 0x3FFFF
    ) and not (0x3000 <= o <= 0x303F)


def cjk(text):
    return collections.Counter(c for c in text if is_cjk(c))


def build():
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "mijian-extract", "--example", "pdftext"],
        cwd=ROOT,
        check=True,
    )
    return os.path.join(ROOT, "target", "release", "examples", "pdftext")


def run(binary, path):
    p = subprocess.run([binary, "--text", path], capture_output=True, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    notes = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if l.startswith(("??", "!!"))]
    if p.returncode not in (0,) and not notes:
        notes = [f"!! crashed with exit code {p.returncode}"]
    return out, notes


def status(notes):
    for n in notes:
        if n.startswith("!!"):
            return n[3:].strip()
    review = [n[3:] for n in notes if n.endswith("(needs review)")]
    if review:
        return "review: " + "; ".join(r.replace(" (needs review)", "") for r in review)
    return "ok"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "realworld", "pdf"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "realworld", "pdftotext"))
    ap.add_argument("--bin")
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    binary = args.bin or build()

    rows = []
    total_ref = total_common = total_ours = 0
    crashes = 0
    for name in sorted(os.listdir(args.corpus)):
        if not name.endswith(".pdf"):
            continue
        ref_path = os.path.join(args.reference, name[:-4] + ".txt")
        ref = open(ref_path, encoding="utf-8", errors="replace").read() if os.path.exists(ref_path) else ""
        ours, notes = run(binary, os.path.join(args.corpus, name))
        st = status(notes)
        if st.startswith("crashed"):
            crashes += 1
        r, o = cjk(ref), cjk(ours)
        common = sum((r & o).values())
        nr, no = sum(r.values()), sum(o.values())
        recall = f"{100 * common / nr:.1f}%" if nr else "-"
        precision = f"{100 * common / no:.1f}%" if no else "-"
        if name in POPPLER_WRONG:
            kind = "poppler wrong"
        elif name in NEEDS_PASSWORD:
            kind = "password"
            if "encrypted" not in st:
                st += "  (expected: encrypted)"
        else:
            kind = ""
            total_ref += nr
            total_common += common
            total_ours += no
        rows.append((name, nr, no, recall, precision, kind, st))

    w = max(len(r[0]) for r in rows)
    print(f"{'file':<{w}}  {'pdftotext':>9}  {'mijian':>6}  {'recall':>7}  {'precis.':>7}  note / status")
    for name, nr, no, recall, precision, kind, st in rows:
        extra = f"[{kind}] " if kind else ""
        print(f"{name:<{w}}  {nr:>9}  {no:>6}  {recall:>7}  {precision:>7}  {extra}{st}")
    print()
    if total_ref:
        print(
            f"overall (files where pdftotext is right, {total_ref} CJK chars): "
            f"recall {100 * total_common / total_ref:.2f}%, precision {100 * total_common / max(total_ours, 1):.2f}%"
        )
    for name, reason in POPPLER_WRONG.items():
        row = next((r for r in rows if r[0] == name), None)
        if row:
            print(f"poppler wrong: {name}: pdftotext {row[1]} CJK chars, mijian {row[2]} ({reason})")
    print(f"files: {len(rows)}, crashes: {crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
