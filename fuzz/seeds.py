#!/usr/bin/env python3
"""Writes small hand-made seeds for the targets that have no real-world folder (RTF, JSON, CSV,
XML, SVG, e-mail, ODF, EPUB, tar, the compressed formats, 7z) into fuzz/corpus/<target>/.
Each seed is a valid file of its kind holding a marked line, so the fuzzer starts inside the
parser instead of at its first check. Usage: fuzz/seeds.py (seed.sh calls it)."""
import bz2, gzip, io, lzma, os, shutil, subprocess, tarfile, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = "000123\n机密★1年\n关于加强管理的通知\n各单位：现将有关事项通知如下。\n"
XML_TEXT = TEXT.replace("\n", " ")


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def zipped(files, stored_first=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            z.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1], zipfile.ZIP_STORED)
        for name, data in files:
            z.writestr(name, data)
    return b.getvalue()


def gbk_rtf(s):
    return "".join(c if ord(c) < 0x80 else "".join(f"\\'{b:02x}" for b in c.encode("gbk")) for c in s)


body = "".join(f"\\pard {gbk_rtf(line)}\\par\n" for line in TEXT.splitlines())
put("rtf", "gbk.rtf", "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}"
    "{\\info{\\title T}}{\\header \\pard H\\par}{\\*\\generator x;}" + body + "{\\field{\\*\\fldinst HYPERLINK \"x\"}{\\fldrslt link}}\\u26426?\\uc1\\u23494?}")
put("rtf", "plain.rtf", "{\\rtf1\\ansi{\\b bold}\\tab {\\pict\\pngblip 89504e47}\\line text\\par}")
put("json", "doc.json", '{"title":"\\u673a\\u5bc6","body":[1,2.5,true,null,{"x":"' + XML_TEXT + '"}],"n":{"m":[[]]}}')
put("json", "lines.jsonl", '{"a":"b"}\n{"c":["d"]}\n')
put("csv", "a.csv", "编号,标题,密级\n000123,关于加强管理的通知,\"机密★1年\"\n2,\"a,b\",\"x\"\"y\"\n")
put("csv", "a.tsv", "a\tb\tc\n1\t机密★1年\t3\n")
put("xml", "doc.xml", '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE r [<!ENTITY e "x">]><r a="1"><t>'
    + XML_TEXT + "</t><![CDATA[cdata]]><!-- c --><x:y xmlns:x=\"u\">&e;&#26426;&amp;</x:y></r>")
put("xml", "gbk.xml", '<?xml version="1.0" encoding="GBK"?><r>'.encode() + XML_TEXT.encode("gbk") + b"</r>")
put("svg", "a.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><g transform="translate(10 20) rotate(30)">'
    '<text x="1" y="2" transform="scale(2)">机密<tspan x="5" dy="1">★1年</tspan></text></g>'
    '<text><textPath href="#p">路径</textPath></text><title>标题</title></svg>')
put("mail", "a.eml", "From: a@b\r\nTo: c@d\r\nSubject: =?UTF-8?B?5py65a+G?=\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=gbk\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nu/rD3CoxxOo=\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>" + XML_TEXT +
    "</p>\r\n--b\r\nContent-Type: application/octet-stream; name=\"a.txt\"\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\n"
    + XML_TEXT + "\r\n--b--\r\n")
put("mail", "a.mht", "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: file:///a.htm\r\n\r\n<html><body>=E6=9C=BA=E5=AF=86</body></html>\r\n--x--\r\n")
content = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>' + XML_TEXT +
           '<text:s/><text:tab/><text:span>x</text:span></text:p><text:h>标题</text:h></office:text></office:body></office:document-content>')
put("odf", "a.odt", zipped([("content.xml", content), ("styles.xml", content.replace("document-content", "document-styles")),
                            ("meta.xml", "<office:document-meta><dc:title>t</dc:title></office:document-meta>")],
                           stored_first=("mimetype", "application/vnd.oasis.opendocument.text")))
put("odf", "flat.fodt", content.replace("document-content", "document"))
opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><metadata><dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">t</dc:title></metadata>'
       '<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/><item id="s" href="s.svg" media-type="image/svg+xml"/></manifest>'
       '<spine><itemref idref="c"/><itemref idref="s"/></spine></package>')
put("epub", "a.epub", zipped([("META-INF/container.xml", '<container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>'),
                              ("OEBPS/content.opf", opf), ("OEBPS/c.xhtml", "<html><body><p>" + XML_TEXT + "</p></body></html>"),
                              ("OEBPS/s.svg", '<svg xmlns="http://www.w3.org/2000/svg"><text>机密</text></svg>')],
                             stored_first=("mimetype", "application/epub+zip")))

tb = io.BytesIO()
with tarfile.open(fileobj=tb, mode="w", format=tarfile.PAX_FORMAT) as t:
    for name, data in [("docs/a.txt", TEXT.encode()), ("docs/长名字" * 12 + ".txt", b"x" * 600)]:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    t.addfile(tarfile.TarInfo("docs/dir/"))
tar = tb.getvalue()
put("tar", "a.tar", tar)
tb = io.BytesIO()
with tarfile.open(fileobj=tb, mode="w", format=tarfile.GNU_FORMAT) as t:
    info = tarfile.TarInfo("gnu/" + "n" * 120)
    info.size = len(TEXT.encode())
    t.addfile(info, io.BytesIO(TEXT.encode()))
put("tar", "gnu.tar", tb.getvalue())
# compressed: the first byte picks gzip, bzip2, xz or zstd (see the target).
for i, (name, data) in enumerate([("gz", gzip.compress(tar)), ("bz2", bz2.compress(tar)), ("xz", lzma.compress(tar))]):
    put("compressed", f"tar.{name}", bytes([i]) + data)
    put("compressed", f"text.{name}", bytes([i]) + {0: gzip.compress, 1: bz2.compress, 2: lzma.compress}[i](TEXT.encode()))
if shutil.which("zstd"):
    put("compressed", "text.zst", b"\x03" + subprocess.run(["zstd", "-c", "-q"], input=tar, capture_output=True, check=True).stdout)
if shutil.which("7z"):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "a.txt")
        with open(src, "w") as f:
            f.write(TEXT)
        for args, name in [([], "lzma2.7z"), (["-m0=bzip2"], "bzip2.7z"), (["-m0=ppmd"], "ppmd.7z"), (["-m0=copy"], "copy.7z"),
                           (["-pkey", "-mhe=on"], "aes.7z")]:
            out = os.path.join(d, name)
            subprocess.run(["7z", "a", "-bd", "-y", *args, out, src], capture_output=True, check=True)
            with open(out, "rb") as f:
                put("sevenz", name, f.read())
