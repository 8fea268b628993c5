#!/usr/bin/env python3
"""A CMS attachment folder: N small mixed files (text, DOCX, PDF of 1-50 KB), for issue 13 §5.

    python3 benches/gen_small_files.py OUT_DIR [N=100000]

Writes OUT_DIR/NNN/FILE (1,000 files per sub-folder, as upload folders are split) and
OUT_DIR.truth.tsv (which files carry a planted mark or dictionary term). Nothing leaves the
machine; delete OUT_DIR after the run (the set is ~1.3 GB for 10^5 files).

- Text: 40% of the files (`.txt`, UTF-8 prose; a tenth of them GBK, as Chinese Windows saves).
- DOCX: 35% (`.docx`, a minimal WordprocessingML package: content types, relationships,
  document.xml with one paragraph per line, core properties), deflated like Word's.
- PDF: 25% (`.pdf`, one or more A4 pages of the same prose in the non-embedded CID font
  STSong-Light with UniGB-UCS2-H, as reportlab writes it, content streams deflated).
Sizes are log-uniform between 1 and 50 KB of *file* (compressed formats hold more text per byte).
1% of the files carry a mark (`机密★1年`) at the top, 2% a term of the dictionary in the middle.

UNIQUE=M (env) writes M distinct files and makes the others byte copies of them under their own
names (file i copies file i mod M): generating 10^5 files in Python takes an hour on a busy
2-core machine, and a scanner reads a copy exactly as it reads the original (no tool here
caches by content).

Prose comes from $BENCHDATA/prose.txt (../shared/bench/gen_data.py) when it is there, else it is
drawn from a fixed pool of common characters; the dictionary for the planted terms is DICT
(env, default $BENCHDATA/dict_sparse_100k.txt) when present.
"""
import io
import math
import os
import random
import shutil
import sys
import zipfile
import zlib

OUT = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
BENCH = os.environ.get("BENCHDATA", "/tmp/benchdata")
DICT = os.environ.get("DICT", os.path.join(BENCH, "dict_sparse_100k.txt"))
rng = random.Random(13)

POOL = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
    "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利"
)


def prose_source():
    path = os.path.join(BENCH, "prose.txt")
    if os.path.exists(path):
        with open(path, "rb") as f:
            data = f.read(64 << 20).decode("utf-8", "ignore")
        return data
    return "".join(rng.choice(POOL) + ("。\n" if rng.random() < 0.03 else "") for _ in range(4_000_000))


PROSE = prose_source()
TERMS = []
if os.path.exists(DICT):
    with open(DICT, encoding="utf-8") as f:
        TERMS = [t.strip() for _, t in zip(range(20000), f) if t.strip() and not t.startswith("#")]


def text_of(chars):
    at = rng.randrange(0, max(1, len(PROSE) - chars))
    return PROSE[at : at + chars]


def plant(text, kind):
    if kind == "mark":
        return "机密★1年\n" + text
    if kind == "term" and TERMS:
        mid = len(text) // 2
        return text[:mid] + rng.choice(TERMS) + text[mid:]
    return text


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def docx(text):
    paras = "".join(
        f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{xml_escape(line)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{paras}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>通知</dc:title><dc:creator>办公室</dc:creator>'
        "</cp:coreProperties>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("docProps/core.xml", core)
    return buf.getvalue()


def pdf(text):
    lines = []
    for para in text.split("\n"):
        while para:
            lines.append(para[:38])
            para = para[38:]
    pages = [lines[i : i + 48] for i in range(0, max(1, len(lines)), 48)] or [[]]
    objs = {}
    n_pages = len(pages)
    font_id = 3
    first_page = 4
    kids = []
    for k, page in enumerate(pages):
        page_id = first_page + 2 * k
        content_id = page_id + 1
        kids.append(f"{page_id} 0 R")
        ops = ["BT /F1 12 Tf 14 TL 50 800 Td"]
        for line in page:
            hexed = "".join(f"{ord(c):04X}" for c in line if ord(c) < 0x10000)
            ops.append(f"<{hexed}> Tj T*")
        ops.append("ET")
        stream = zlib.compress("\n".join(ops).encode("ascii"))
        objs[content_id] = (
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream"
        )
        objs[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {content_id} 0 R >>"
        ).encode()
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode()
    objs[font_id] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> "
        b"/DW 1000 >>] >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += f"{i} 0 obj\n".encode() + objs[i] + b"\nendobj\n"
    xref = len(out)
    count = max(objs) + 1
    out += f"xref\n0 {count}\n0000000000 65535 f \n".encode()
    for i in range(1, count):
        out += f"{offsets[i]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def sized(make, target, chars):
    """Grows the text until the file made of it reaches `target` bytes (two probes)."""
    data = make(text_of(chars))
    if len(data) < target:
        chars = int(chars * target / max(1, len(data)))
        data = make(text_of(chars))
    return data


def main():
    os.makedirs(OUT, exist_ok=True)
    counts = {"txt": 0, "docx": 0, "pdf": 0}
    total = 0
    unique = int(os.environ.get("UNIQUE", N))
    made = []
    with open(OUT.rstrip("/") + ".truth.tsv", "w", encoding="utf-8") as truth:
        for i in range(N):
            if i >= unique:
                src, ext, kind = made[i % unique]
                folder = os.path.join(OUT, f"{i // 1000:03d}")
                if i % 1000 == 0:
                    os.makedirs(folder, exist_ok=True)
                name = os.path.join(folder, f"f{i:06d}.{ext}")
                shutil.copyfile(src, name)
                counts[ext] += 1
                total += os.path.getsize(name)
                if kind:
                    truth.write(f"{name}\t{kind}\n")
                continue
            target = int(math.exp(rng.uniform(math.log(1024), math.log(50 * 1024))))
            kind = "mark" if rng.random() < 0.01 else "term" if rng.random() < 0.02 else ""
            r = rng.random()
            if r < 0.40:
                ext = "txt"
                chars = target // 3
                body = plant(text_of(chars), kind)
                data = body.encode("gbk", "ignore") if rng.random() < 0.1 else body.encode("utf-8")
            elif r < 0.75:
                ext = "docx"
                data = sized(lambda t: docx(plant(t, kind)), target, target // 2)
            else:
                ext = "pdf"
                data = sized(lambda t: pdf(plant(t, kind)), target, target // 3)
            folder = os.path.join(OUT, f"{i // 1000:03d}")
            if i % 1000 == 0:
                os.makedirs(folder, exist_ok=True)
            name = os.path.join(folder, f"f{i:06d}.{ext}")
            with open(name, "wb") as f:
                f.write(data)
            counts[ext] += 1
            total += len(data)
            made.append((name, ext, kind))
            if kind:
                truth.write(f"{name}\t{kind}\n")
            if i % 10000 == 0:
                print(f"{i} files, {total / 1e6:.0f} MB", file=sys.stderr)
    print(f"{N} files ({counts}), {total / 1e6:.1f} MB in {OUT}", file=sys.stderr)


main()
