"""Generates the issue-10 benchmark files (benches/README.md, "Issue-10 readers"): the same
~20 MB of synthetic Chinese prose as plain text, JSON (ASCII-escaped, as CMS exports are), CSV,
XML, SVG with one <text> per glyph in shuffled order, an e-mail with a base64 GBK body, an ODT and
an EPUB of 100 chapters. Output: $BENCHDATA/issue10/ (default /tmp/benchdata/issue10/)."""
import json, random, zipfile, base64, io, os
random.seed(7)
chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府受至"
def sentence(n=30):
    return "".join(random.choice(chars) for _ in range(n)) + "。"
out = os.path.join(os.environ.get("BENCHDATA", "/tmp/benchdata"), "issue10")
os.makedirs(out, exist_ok=True)
target = 20_000_000
# plain text baseline
lines = []
size = 0
while size < target:
    s = sentence(random.randint(20, 60)); lines.append(s); size += len(s.encode())
text = "\n".join(lines)
open(f"{out}/prose.txt", "w").write(text)
# JSON: records with escaped non-ASCII (as CMS exports do)
recs = [{"id": i, "title": lines[i % len(lines)][:20], "body": lines[i % len(lines)], "tags": ["a", "通知"]} for i in range(len(lines))]
open(f"{out}/export.json", "w").write(json.dumps(recs, ensure_ascii=True))
# CSV
with open(f"{out}/export.csv", "w") as f:
    f.write("id,title,body\n")
    for i, l in enumerate(lines):
        f.write(f'{i},"{l[:20]}","{l}"\n')
# XML
with open(f"{out}/export.xml", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<records xmlns="urn:x">\n')
    for i, l in enumerate(lines):
        f.write(f'  <record id="{i}"><title>{l[:20]}</title><body>{l}</body></record>\n')
    f.write('</records>\n')
# SVG: one <text> per glyph, shuffled
glyphs = []
for row, l in enumerate(lines[: len(lines) // 8]):
    for col, c in enumerate(l):
        glyphs.append(f'<text x="{col*16}" y="{row*20}">{c}</text>')
random.shuffle(glyphs)
open(f"{out}/glyphs.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg">' + "".join(glyphs) + "</svg>")
# EML: GBK base64 body
body = base64.encodebytes(text.encode("gbk")).decode()
open(f"{out}/mail.eml", "w").write(f"From: a@example.cn\r\nTo: b@example.cn\r\nSubject: test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}")
# ODT
ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>' + "".join(f"<text:p>{l[:10]}<text:span>{l[10:]}</text:span></text:p>" for l in lines) + "</office:text></office:body></office:document-content>"
with zipfile.ZipFile(f"{out}/doc.odt", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
    z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
# EPUB: 100 chapters
with zipfile.ZipFile(f"{out}/book.epub", "w") as z:
    z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/container.xml", '<container><rootfiles><rootfile full-path="OEBPS/b.opf"/></rootfiles></container>')
    n = 100; per = len(lines) // n
    items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(n))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(n))
    z.writestr("OEBPS/b.opf", f'<package xmlns="http://www.idpf.org/2007/opf"><metadata/><manifest>{items}</manifest><spine>{spine}</spine></package>')
    for i in range(n):
        z.writestr(f"OEBPS/c{i}.xhtml", '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>' + "".join(f"<p>{l}</p>" for l in lines[i*per:(i+1)*per]) + "</body></html>", compress_type=zipfile.ZIP_DEFLATED)
for f in sorted(os.listdir(out)):
    print(f, os.path.getsize(f"{out}/{f}"))
