"""Generates the benchmark files of benches/README.md, "Issue-10 readers: PDF places and RAR,
throughput": PDFs of synthetic Chinese prose (PAGES pages of 30 lines, default 500) set in the
places issue 10 names, next to a plain horizontal peer, and a folder of copies of RAR archives.
Output: $BENCHDATA/issue10_pdf/ and, when RARDIR (a folder of *.rar, e.g. the test archives of
`pip download rarfile==4.2 --no-binary :all:`, ISC licence, not committed) is set,
$BENCHDATA/issue10_rar/ (COPIES copies of each, default 20).

PDFs (uncompressed content streams, the non-embedded STSong-Light font addressed by UCS-2 codes):
- plain.pdf: 30 horizontal lines a page (the peer);
- actualtext.pdf: the same, each line a /Span whose /ActualText is that line reversed (so the
  reader reports it as text of its own, as it does when the replacement differs from the glyphs);
- vertical.pdf: the same text set with the vertical CMap UniGB-UCS2-V, one column per line;
- attachments.pdf: plain.pdf plus one attached text file per page in the EmbeddedFiles name tree;
- clips.pdf: plain.pdf plus a FileAttachment annotation (paper clip, with /Desc) on every page."""
import glob, os, random, shutil

random.seed(10)
chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府受至"
base = os.environ.get("BENCHDATA", "/tmp/benchdata")
pages = int(os.environ.get("PAGES", "500"))


def line():
    return "".join(random.choice(chars) for _ in range(24)) + "。"


def ucs2(s):
    return "".join(f"{ord(c):04X}" for c in s)


def song(direction):
    return (f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-{direction} "
            "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>")


def stream(d, data):
    return f"<< /Length {len(data)} {d} >>\nstream\n".encode() + data + b"\nendstream"


def write_pdf(path, objects):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode()) + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


text = [[line() for _ in range(30)] for _ in range(pages)]


def build(path, kind):
    """Objects: 1 catalog, 2 page tree, 3 font; then per page: page, content, and its extras."""
    objects = [None, None, song("V" if kind == "vertical" else "H")]
    kids, names = [], []
    for p, lines in enumerate(text):
        content = ""
        for i, l in enumerate(lines):
            if kind == "vertical":
                content += f"BT /F1 14 Tf {560 - 18 * i} 800 Td <{ucs2(l)}> Tj ET\n"
            elif kind == "actualtext":
                content += (f"/Span <</ActualText <FEFF{ucs2(l[::-1])}> /MCID {i}>> BDC "
                            f"BT /F1 14 Tf 40 {800 - 24 * i} Td <{ucs2(l)}> Tj ET EMC\n")
            else:
                content += f"BT /F1 14 Tf 40 {800 - 24 * i} Td <{ucs2(l)}> Tj ET\n"
        n = len(objects) + 1
        kids.append(f"{n} 0 R")
        annots = f"/Annots [{n + 2} 0 R]" if kind == "clips" else ""
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {n + 1} 0 R {annots} >>")
        objects.append(stream("", content.encode()))
        member = "\n".join(lines[:10]).encode()
        if kind == "attachments":
            objects.append(f"<< /Type /Filespec /F (p{p}.txt) /UF <FEFF{ucs2(f'附件{p}.txt')}> /EF << /F {n + 3} 0 R >> >>")
            objects.append(stream("/Type /EmbeddedFile", member))
            names.append(f"(p{p:05}.txt) {n + 2} 0 R")
        elif kind == "clips":
            objects.append(f"<< /Type /Annot /Subtype /FileAttachment /Rect [500 20 520 40] /FS << /Type /Filespec "
                           f"/F (p{p}.txt) /Desc <FEFF{ucs2(lines[0])}> /EF << /F {n + 3} 0 R >> >> >>")
            objects.append(stream("/Type /EmbeddedFile", member))
    tree = f"/Names << /EmbeddedFiles << /Names [{' '.join(names)}] >> >>" if names else ""
    objects[0] = f"<< /Type /Catalog /Pages 2 0 R {tree} >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    write_pdf(path, objects)


out = os.path.join(base, "issue10_pdf")
os.makedirs(out, exist_ok=True)
for kind in ["plain", "actualtext", "vertical", "attachments", "clips"]:
    build(os.path.join(out, f"{kind}.pdf"), kind)

rars = os.environ.get("RARDIR")
if rars:
    out = os.path.join(base, "issue10_rar")
    os.makedirs(out, exist_ok=True)
    files = sorted(glob.glob(os.path.join(rars, "*.rar")))
    for k in range(int(os.environ.get("COPIES", "20"))):
        for f in files:
            shutil.copy(f, os.path.join(out, f"{k:02}-{os.path.basename(f)}"))
