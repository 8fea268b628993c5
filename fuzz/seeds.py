#!/usr/bin/env python3
"""Writes small hand-made seeds for the targets that have no real-world folder (RTF, JSON, CSV,
XML, SVG, e-mail, ODF, EPUB, tar, the compressed formats, 7z, audio and video, pictures) into
fuzz/corpus/<target>/.
Each seed is a valid file of its kind holding a marked line, so the fuzzer starts inside the
parser instead of at its first check. Usage: fuzz/seeds.py (seed.sh calls it)."""
import bz2, gzip, io, lzma, os, shutil, subprocess, sys, tarfile, tempfile, zipfile

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
# The text reader's second readings (session 18): quoted strings of lines of code read as values
# (`string_values.rs`), lines with backslash escapes, character references or `%XX` runs decoded
# (`escapes.rs`); without these the fuzzer starts from prose and must find a quote, a backslash
# and a character outside ASCII on one line of code by itself.
put("text", "code.js", 'var notice = "\\u673a\\u5bc6\\u2605\\u0031\\u5e74";\n'
    "title: '\\u673a\\u5bc6★1年'  # 注释\n"
    "echo '机密★1年';\nalert(`机` + \"密\\u{2605}\") // x\n"
    "body = '<p>关于通知</p>\\r\\n<p>机</p><p>密★1年</p>';\n")
put("text", "dump.sql", "INSERT INTO posts VALUES (1,'机密★1年\\n关于做好工作的通知','it''s'),(2,\"\\xe6\\x9c\\xba\\xe5\\xaf\\x86\");\n"
    "  - key: \"\\ud842\\udfb7\" -- c\n")
# A SQL dump is taken for a CSV file by its commas; its `'` strings are values there too.
put("csv", "dump.sql", "INSERT INTO posts VALUES (1,'机密★1年\\n关于','<p>机</p><p>密</p>'),(2,'\\u673a');\n")
put("text", "escapes.txt", "level=\\u673a\\u5bc6\\u2605\\u0031\\u5e74\n\\U0000673a \\u{5bc6}\n"
    "&#26426;&#x5BC6;&starf;1&#24180; &amp;\nq=%E6%9C%BA%E5%AF%86%E2%98%85 %BB%FA%C3%DC\n")
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

# media (audio and video properties) and picture (picture properties): one small file of each
# container, every text field holding the mark, so the fuzzer starts inside each walk.
import struct, zlib

MARK = "机密★1年"
be32 = lambda n: struct.pack(">I", n)
le32 = lambda n: struct.pack("<I", n)
box = lambda kind, data: be32(8 + len(data)) + kind + data


def exif_tiff(order=b"MM"):
    """A TIFF header and one directory: ImageDescription (ASCII) and XPTitle (UTF-16LE)."""
    p = ">" if order == b"MM" else "<"
    desc, xp = MARK.encode() + b"\0", MARK.encode("utf-16-le") + b"\0\0"
    head_len = 8 + 2 + 2 * 12 + 4
    entries = struct.pack(p + "HHII", 0x010E, 2, len(desc), head_len) + struct.pack(p + "HHII", 0x9C9B, 1, len(xp), head_len + len(desc))
    return order + struct.pack(p + "HI", 42, 8) + struct.pack(p + "H", 2) + entries + struct.pack(p + "I", 0) + desc + xp


def seg(marker, data):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data


xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="x"><dc:title><rdf:Alt><rdf:li>'
       + MARK + '</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>').encode()
iptc = b"\x1c\x02\x78" + struct.pack(">H", len(MARK.encode())) + MARK.encode()
irb = b"8BIM\x04\x04\0\0" + be32(len(iptc)) + iptc
jpeg = (b"\xff\xd8" + seg(0xE1, b"Exif\0\0" + exif_tiff()) + seg(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp)
        + seg(0xED, b"Photoshop 3.0\0" + irb) + seg(0xFE, MARK.encode("gb18030")) + b"\xff\xd9")
chunk = lambda kind, data: be32(len(data)) + kind + data + be32(zlib.crc32(kind + data))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
       + chunk(b"tEXt", b"Title\0" + MARK.encode()) + chunk(b"zTXt", b"Comment\0\0" + zlib.compress(MARK.encode()))
       + chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp) + chunk(b"eXIf", exif_tiff(b"II"))
       + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))
gif = (b"GIF89a\1\0\1\0\0\0\0" + b"\x21\xfe" + bytes([len(MARK.encode())]) + MARK.encode() + b"\0"
       + b"\x21\xff\x0bXMP DataXMP" + b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>' + xmp + b'<?xpacket end="w"?>' + b"\x01" + bytes(range(255, -1, -1)) + b"\0"
       + b"\x2c\0\0\0\0\1\0\1\0\0\x02\x02\x44\x01\0\x3b")
riff_chunk = lambda kind, data: kind + le32(len(data)) + data + (b"\0" if len(data) % 2 else b"")
webp_body = b"WEBP" + riff_chunk(b"VP8X", bytes([0x0C, 0, 0, 0]) + b"\0\0\0\0\0\0") + riff_chunk(b"EXIF", exif_tiff()) + riff_chunk(b"XMP ", xmp)
for name, data in [("a.jpg", jpeg), ("a.png", png), ("a.gif", gif), ("a.tif", exif_tiff(b"II")),
                   ("a.webp", b"RIFF" + le32(len(webp_body)) + webp_body)]:
    put("picture", name, data)


def id3_frame(fid, data, flags=b"\0\0"):
    return fid + be32(len(data)) + flags + data


def syncsafe(n):
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


u16 = lambda s: b"\xff\xfe" + s.encode("utf-16-le")
z = MARK.encode()
frames = (id3_frame(b"TIT2", b"\x03" + z) + id3_frame(b"TPE1", b"\x01" + u16(MARK))
          + id3_frame(b"COMM", b"\x00chi" + b"d\0" + MARK.encode("gb18030"))
          + id3_frame(b"TXXX", b"\x03desc\0" + z) + id3_frame(b"USLT", b"\x03chi\0" + z)
          + id3_frame(b"WXXX", b"\x00u\0http://x/") + id3_frame(b"TALB", be32(len(z) + 1) + zlib.compress(b"\x03" + z), b"\0\x80")
          + id3_frame(b"APIC", b"\x03image/jpeg\0\x03" + z + b"\0" + jpeg)
          + id3_frame(b"GEOB", b"\x03text/plain\0a.txt\0" + z + b"\0" + TEXT.encode())
          + id3_frame(b"CHAP", b"c1\0" + bytes(16) + id3_frame(b"TIT2", b"\x03" + z)))
mp3_frame = b"\xff\xfb\x90\x64" + bytes(413)
v1 = b"TAG" + z.ljust(30, b"\0") + b"artist".ljust(30, b"\0") + b"album".ljust(30, b"\0") + b"2026" + z.ljust(30, b"\0") + b"\x0c"
put("media", "a.mp3", b"ID3\x03\0\0" + syncsafe(len(frames)) + frames + mp3_frame * 2 + v1)
f24 = id3_frame(b"TIT2", b"\x03" + z)
put("media", "v24.mp3", b"ID3\x04\0\0" + syncsafe(len(f24)) + f24 + mp3_frame * 2)
put("media", "bare.mp3", mp3_frame * 2 + v1)


def ilst_item(kind, text):
    return box(kind, box(b"data", be32(1) + be32(0) + text.encode()))


ilst = box(b"ilst", ilst_item(b"\xa9nam", MARK) + ilst_item(b"\xa9cmt", MARK) + ilst_item(b"desc", MARK)
           + box(b"----", box(b"mean", be32(0) + b"com.apple.iTunes") + box(b"name", be32(0) + b"X") + box(b"data", be32(1) + be32(0) + z))
           + box(b"covr", box(b"data", be32(13) + be32(0) + jpeg)))
meta = box(b"meta", be32(0) + box(b"hdlr", be32(0) + be32(0) + b"mdirappl" + bytes(9)) + ilst)
udta = box(b"udta", meta + box(b"\xa9nam", struct.pack(">HH", len(z), 0) + z) + box(b"titl", be32(0) + b"\x15\xc7" + z + b"\0")
           + box(b"chpl", be32(0x01000000) + b"\1" + be32(0) + bytes(8) + bytes([len(z)]) + z))
trak = box(b"trak", box(b"udta", box(b"name", z)))
put("media", "a.m4a", box(b"ftyp", b"M4A " + be32(0) + b"isomM4A ") + box(b"moov", udta + trak) + box(b"mdat", bytes(16)))
put("media", "a.mov", box(b"moov", box(b"udta", box(b"\xa9cmt", struct.pack(">HH", len(z), 0) + z))) + box(b"mdat", b""))


def vorbis_comment(framing=b""):
    items = [b"TITLE=" + z, b"ARTIST=" + z]
    return le32(3) + b"abc" + le32(len(items)) + b"".join(le32(len(i)) + i for i in items) + framing


streaminfo = bytes(34)
pic = be32(3) + be32(10) + b"image/jpeg" + be32(len(z)) + z + bytes(16) + be32(len(jpeg)) + jpeg
vc = vorbis_comment()
put("media", "a.flac", b"fLaC" + b"\0" + struct.pack(">I", 34)[1:] + streaminfo + b"\x04" + struct.pack(">I", len(vc))[1:] + vc
    + b"\x86" + struct.pack(">I", len(pic))[1:] + pic)


def ogg_page(serial, seq, packet, flags):
    lacing = bytes([255] * (len(packet) // 255) + [len(packet) % 255])
    return b"OggS\0" + bytes([flags]) + bytes(8) + le32(serial) + le32(seq) + le32(0) + bytes([len(lacing)]) + lacing + packet


ident = b"\x01vorbis" + bytes(23)
comment = b"\x03vorbis" + vorbis_comment(b"\x01")
put("media", "a.ogg", ogg_page(7, 0, ident, 2) + ogg_page(7, 1, comment, 0) + ogg_page(7, 2, b"\x05vorbis", 4))
opus = b"OpusTags" + vorbis_comment()
put("media", "a.opus", ogg_page(9, 0, b"OpusHead" + bytes(11), 2) + ogg_page(9, 1, opus, 0))
info = b"INFO" + riff_chunk(b"INAM", z + b"\0") + riff_chunk(b"ICMT", MARK.encode("gb18030") + b"\0")
bext = z.ljust(256, b"\0") + b"orig".ljust(32, b"\0") + bytes(602 - 288)
wave = b"WAVE" + riff_chunk(b"fmt ", bytes(16)) + riff_chunk(b"LIST", info) + riff_chunk(b"bext", bext) + riff_chunk(b"data", bytes(8))
put("media", "a.wav", b"RIFF" + le32(len(wave)) + wave)
avi = b"AVI " + riff_chunk(b"LIST", b"hdrl" + riff_chunk(b"LIST", b"strl" + riff_chunk(b"strn", z + b"\0"))) + riff_chunk(b"LIST", info)
put("media", "a.avi", b"RIFF" + le32(len(avi)) + avi)


# font_program: the bytes are a font program (see the target). Hand-made ones of each kind the
# readers know (the builders follow tests/common/cff.rs and crates/extract/src/testing.rs), then
# the programs embedded in the real-world PDFs (seed.sh passes the folder).
def be16(x):
    return struct.pack(">H", x & 0xFFFF)


def cff_index(items):
    if not items:
        return be16(0)
    out, off = be16(len(items)) + b"\x04" + struct.pack(">I", 1), 1
    for item in items:
        off += len(item)
        out += struct.pack(">I", off)
    return out + b"".join(items)


def cff_int(v):
    return b"\x1d" + struct.pack(">i", v)


def cff_head(top, strings):
    return b"\x01\x00\x04\x04" + cff_index([b"Test"]) + cff_index([top]) + cff_index(strings) + b"\0\0"


def cff_cid_keyed(ordering, cids):
    glyphs = len(cids) + 1
    charset = b"\0" + b"".join(be16(c) for c in cids)
    fd_select = b"\x03\x00\x01\x00\x00\x00" + be16(glyphs)
    char_strings = cff_index([b"\x0e"] * glyphs)
    top = lambda cs, chs, fda, fds: (cff_int(391) + cff_int(392) + cff_int(0) + b"\x0c\x1e" + cff_int(cs) + b"\x0f"
                                     + cff_int(chs) + b"\x11" + cff_int(fda) + b"\x0c\x24" + cff_int(fds) + b"\x0c\x25")
    strings = [b"Adobe", ordering.encode()]
    cs = len(cff_head(top(0, 0, 0, 0), strings))
    fds = cs + len(charset)
    chs = fds + len(fd_select)
    fda = chs + len(char_strings)
    fda_len = len(cff_index([cff_int(0) + cff_int(0) + b"\x12"]))
    fd_array = cff_index([cff_int(0) + cff_int(fda + fda_len) + b"\x12"])
    return cff_head(top(cs, chs, fda, fds), strings) + charset + fd_select + char_strings + fd_array


def cff_name_keyed(names, codes, charset_format=0):
    glyphs = len(names) + 1
    sids = list(range(391, 391 + len(names)))
    if charset_format == 0:
        charset = b"\0" + b"".join(be16(s) for s in sids)
    else:  # one range (format 1: a byte of glyphs left; format 2: two bytes)
        charset = bytes([charset_format]) + be16(391) + (bytes([len(names) - 1]) if charset_format == 1 else be16(len(names) - 1))
    encoding = bytes([0, len(codes)]) + bytes(codes)
    char_strings = cff_index([b"\x0e"] * glyphs)
    top = lambda cs, enc, chs, priv: (cff_int(cs) + b"\x0f" + cff_int(chs) + b"\x11" + cff_int(0) + cff_int(priv) + b"\x12"
                                      + (cff_int(enc) + b"\x10" if enc is not None else b""))
    strings = [n.encode() for n in names]
    custom = bool(codes)
    cs = len(cff_head(top(0, 0 if custom else None, 0, 0), strings))
    enc = cs + len(charset)
    chs = enc + (len(encoding) if custom else 0)
    priv = chs + len(char_strings)
    return (cff_head(top(cs, enc if custom else None, chs, priv), strings) + charset + (encoding if custom else b"")
            + char_strings)


def sfnt(tables):
    out = struct.pack(">IHHHH", 0x00010000, len(tables), 32, 1, 0)
    off = 12 + 16 * len(tables)
    body = b""
    for tag, data in tables:
        out += tag + bytes(4) + struct.pack(">II", off, len(data))
        padded = data + bytes(-len(data) % 4)
        body += padded
        off += len(padded)
    return out + body


def cmap_format4(pairs):  # pairs: (char, glyph), sorted
    n = len(pairs) + 1
    ends = b"".join(be16(ord(c)) for c, _ in pairs) + be16(0xFFFF)
    starts = b"".join(be16(ord(c)) for c, _ in pairs) + be16(0xFFFF)
    deltas = b"".join(be16(g - ord(c)) for c, g in pairs) + be16(1)
    return (be16(4) + be16(16 + 8 * n) + be16(0) + be16(2 * n) + be16(0) * 3 + ends + be16(0) + starts + deltas
            + be16(0) * n)


def cmap_groups(fmt, groups):
    return be16(fmt) + be16(0) + struct.pack(">III", 16 + 12 * len(groups), 0, len(groups)) + b"".join(
        struct.pack(">III", *g) for g in groups)


def cmap_table(records, subtables):
    offs, at = [], 4 + 8 * len(records)
    for s in subtables:
        offs.append(at)
        at += len(s)
    return be16(0) + be16(len(records)) + b"".join(struct.pack(">HHI", p, e, offs[i]) for p, e, i in records) + b"".join(subtables)


def post_v2(indexes, names):
    return struct.pack(">I", 0x00020000) + bytes(28) + be16(len(indexes)) + b"".join(be16(i) for i in indexes) + b"".join(
        bytes([len(n)]) + n.encode() for n in names)


maxp = struct.pack(">IH", 0x00005000, 8)
pairs = [("A", 1), ("机", 2), ("密", 3)]
symbolic = cmap_format4([(chr(0xF041), 1), (chr(0xF042), 2)])
put("font_program", "format4.ttf", sfnt([(b"cmap", cmap_table([(3, 1, 0), (0, 3, 0), (3, 0, 1), (1, 0, 1)],
                                                                [cmap_format4(pairs), symbolic])), (b"maxp", maxp),
                                          (b"post", post_v2([0, 36, 258, 259, 300], ["uni673A", "g7"]))]))
put("font_program", "format12.ttf", sfnt([(b"cmap", cmap_table([(3, 10, 0), (0, 4, 1)], [
    cmap_groups(12, [(0x673A, 0x673A, 2), (0x5BC6, 0x5BC6, 3), (0x20000, 0x20001, 4)]),
    cmap_groups(13, [(0x2F00, 0x2F00, 5), (0xF900, 0xF90A, 6)])])), (b"maxp", maxp)]))
cff_gb1 = cff_cid_keyed("GB1", [2063, 2785, 174])
put("font_program", "cid_keyed.cff", cff_gb1)
put("font_program", "name_keyed.cff", cff_name_keyed(["uni673A", "uni5BC6", "g7"], [65, 66, 67]))
put("font_program", "name_keyed_ranges.cff", cff_name_keyed(["uni673A", "uni5BC6"], [], charset_format=2))
put("font_program", "name_keyed_range1.cff", cff_name_keyed(["uni673A", "uni5BC6"], [1, 2], charset_format=1))
put("font_program", "opentype.otf", sfnt([(b"CFF ", cff_gb1), (b"cmap", cmap_table([(3, 1, 0)], [cmap_format4(pairs)])),
                                          (b"maxp", maxp)]).replace(b"\x00\x01\x00\x00", b"OTTO", 1))
put("font_program", "type1.pfa", "%!PS-AdobeFont-1.0: Test 001.000\n/FontName /Test def\n/Encoding 256 array\n"
    "0 1 255 {1 index exch /.notdef put} for\ndup 65 /uni673A put\ndup 66 /uni5BC6 put\ndup 67 /A put\n"
    "readonly def\ncurrentfile eexec\n\xd9\xd6")
type1 = b"%!FontType1-1.0: T\n/Encoding 256 array\ndup 1 /uni673A put\nreadonly def\ncurrentfile eexec"
put("font_program", "type1.pfb", b"\x80\x01" + struct.pack("<I", len(type1)) + type1)


def pdf_font_programs(path):
    """The font programs (`/FontFile`, `/FontFile2`, `/FontFile3` streams: a dictionary with
    `/Length1` or a font `/Subtype`) of a PDF, inflated where they are Flate-compressed."""
    data = open(path, "rb").read()
    import re
    for m in re.finditer(rb"<<((?:(?!>>\s*stream).){0,600}?)>>\s*stream\r?\n", data, re.S):
        d = m.group(1)
        if not (b"/Length1" in d or re.search(rb"/Subtype\s*/(Type1C|CIDFontType0C|OpenType)", d)):
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        raw = data[m.end():end]
        if b"/FlateDecode" in d:
            try:
                raw = zlib.decompressobj().decompress(raw)
            except zlib.error:
                continue
        elif b"/Filter" in d:
            continue
        yield raw


realworld = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "realworld")
seen = set()
for name in sorted(os.listdir(os.path.join(realworld, "pdf"))) if os.path.isdir(os.path.join(realworld, "pdf")) else []:
    for i, font in enumerate(pdf_font_programs(os.path.join(realworld, "pdf", name))):
        if 16 <= len(font) <= 256 * 1024 and font not in seen:
            seen.add(font)
            put("font_program", f"{name}.{i}", font)


# List labels (session 20): numbered and bulleted lists whose labels print words, in every
# number format, so that the docx, rtf and odf targets start inside the list-label code
# (`list_labels.rs`, `docx/numbering.rs`, `rtf/lists.rs`, `odf/lists.rs`) and pptx in
# `drawingml/bullets.rs`.
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
word_formats = ["decimal", "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                "ideographZodiac", "upperRoman", "lowerLetter", "decimalEnclosedCircle", "none"]
levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{[1, 9, 99, 4000, 0][i % 5]}"/><w:numFmt w:val="{f}"/>'
                 f'<w:lvlText w:val="机密★%{i + 1}年"/><w:suff w:val="nothing"/></w:lvl>' for i, f in enumerate(word_formats[:9]))
numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>')
items = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{i % 9}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>项{i}</w:t></w:r></w:p>'
                for i in range(12))
document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{items}</w:body></w:document>'
ooxml_rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
rel = '<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" Target="{}"/>'
put("docx", "numbering.docx", zipped([
    ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    ("_rels/.rels", ooxml_rels.format(rel.format("rId1", "officeDocument", "word/document.xml"))),
    ("word/_rels/document.xml.rels", ooxml_rels.format(rel.format("rId1", "numbering", "numbering.xml"))),
    ("word/document.xml", document), ("word/numbering.xml", numbering)]))
rtf_levels = "".join(f"{{\\listlevel\\levelnfc{c}\\levelstartat{s}\\levelfollow{i % 3}{{\\leveltext\\'05\\u26426?\\u23494?\\u9733?\\'0{i}\\u24180?;}}}}"
                     for i, (c, s) in enumerate([(0, 1), (37, 9), (39, 99), (38, 1), (30, 11), (31, 13), (32, 61), (1, 3999), (23, 1)]))
rtf_items = "".join(f"\\pard\\ls1\\ilvl{i % 9} \\u36890?{i}\\par " for i in range(12))
put("rtf", "lists.rtf", f"{{\\rtf1\\ansi{{\\*\\listtable{{\\list{rtf_levels}\\listid7}}}}{{\\*\\listoverridetable{{\\listoverride\\listid7\\ls1}}}}"
    f"{rtf_items}{{\\listtext 机\\tab}}密\\par}}")
odf_formats = ["1", "一, 二, 三, ...", "壹, 贰, 叁, ...", "甲, 乙, 丙, ...", "子, 丑, 寅, ...", "甲子, 乙丑, 丙寅, ...", "I", "a", "①, ②, ③, ..."]
odf_levels = "".join(f'<text:list-level-style-number text:level="{i + 1}" style:num-prefix="机密★" style:num-suffix="年" '
                     f'style:num-format="{f}" text:start-value="{[1, 9, 99][i % 3]}" text:display-levels="{1 + i % 3}"/>'
                     for i, f in enumerate(odf_formats))
odf_styles = (f'<office:styles><text:list-style style:name="L1">{odf_levels}<text:list-level-style-bullet text:level="10" text:bullet-char="机"/>'
              '</text:list-style><text:outline-style style:name="O"><text:outline-level-style text:level="1" style:num-prefix="第" '
              'style:num-suffix="章" style:num-format="一, 二, 三, ..."/></text:outline-style></office:styles>')


def nested(depth):
    inner = nested(depth - 1) if depth > 1 else ""
    return f'<text:list><text:list-item><text:p>项{depth}</text:p>{inner}</text:list-item></text:list>'


odf_body = f'<office:text><text:h text:outline-level="1">总则</text:h><text:list text:style-name="L1"><text:list-item text:start-value="3"><text:p>一</text:p>{nested(9)}</text:list-item></text:list></office:text>'
odf_ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
put("odf", "lists.fodt", f'<?xml version="1.0"?><office:document {odf_ns}>{odf_styles}<office:body>{odf_body}</office:body></office:document>')
