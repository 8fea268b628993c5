#!/usr/bin/env python3
"""Files of many tiny values, one per shape a reader turns into many segments (issue 12: bounded
memory), for `benches/tiny_values.sh`.

    python3 benches/tiny_values.py OUT_DIR [MB=30]

Each file holds about MB megabytes of markup or text (the payload a reader parses: for the ZIP
formats, the XML inside, deflated), made of one-character values: every value becomes a segment
if the reader keeps values apart (a JSON string, a cell, a paragraph, a shape, a line of a PDF).
The values are all `x`: nothing is found, so what is measured is holding and scanning segments.

| file | shape |
| --- | --- |
| json_array.json | `["x","x",…]` |
| js_strings.js | one line `var a=['x','x',…];` (strings of code read as values) |
| xml_elements.xml | `<e a="x">x</e>` repeated (an element and an attribute per value) |
| svg_text.svg | `<text>x</text>` repeated |
| html_p.html | `<p>x</p>` repeated |
| html_td.html | one table, `<td>x</td>` ×100 per row |
| csv_cells.csv | 100 one-character cells per record |
| md_table.md | a pipe table of 100 one-character columns |
| yaml_list.yaml, ini_keys.ini | `- x` / `k=x` lines (read as text: blocks of lines, for contrast) |
| xlsx_shared.xlsx | cells `t="s"`, each its own shared string `x` |
| xlsx_inline.xlsx | cells `t="inlineStr"` `<is><t>x</t></is>` |
| docx_paragraphs.docx | `<w:p><w:r><w:t>x</w:t></w:r></w:p>` repeated |
| docx_runs.docx | paragraphs of 100 runs `x` each |
| pptx_shapes.pptx | one slide of `<p:sp>` shapes holding `x` |
| odt_paragraphs.odt | `<text:p>x</text:p>` repeated |
| pdf_pages.pdf | up to 99,000 pages of one `(x) Tj` each (a page is one segment; 100,000 pages is the limit) |
| rtf_pars.rtf | `x\\par` repeated |
"""
import os
import sys
import zipfile

OUT = sys.argv[1]
MB = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
SIZE = int(MB * (1 << 20))
os.makedirs(OUT, exist_ok=True)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def repeat(unit, head="", tail=""):
    return head + unit * max(1, (SIZE - len(head) - len(tail)) // len(unit)) + tail


def package(name, parts):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            z.writestr(part, data)


write("json_array.json", repeat('"x",', "[", '"x"]\n'))
write("js_strings.js", repeat("'x',", "var a=[", "'x'];\n"))
write("xml_elements.xml", repeat('<e a="x">x</e>', '<?xml version="1.0" encoding="UTF-8"?>\n<r>', "</r>\n"))
write("svg_text.svg", repeat("<text>x</text>", '<svg xmlns="http://www.w3.org/2000/svg">', "</svg>\n"))
write("html_p.html", repeat("<p>x</p>", "<!DOCTYPE html><html><head><title>t</title></head><body>", "</body></html>\n"))
write(
    "html_td.html",
    repeat("<tr>" + "<td>x</td>" * 100 + "</tr>\n", "<!DOCTYPE html><html><body><table>", "</table></body></html>\n"),
)
write("csv_cells.csv", repeat(",".join(["x"] * 100) + "\n"))
row = "|" + "|".join(["x"] * 100) + "|\n"
write("md_table.md", repeat(row, "# t\n\n" + row + "|" + "|".join(["-"] * 100) + "|\n"))
write("yaml_list.yaml", repeat("- x\n", "items:\n"))
write("ini_keys.ini", repeat("k=x\n", "[s]\n"))

CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{}</Types>'
REL = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
R = '<Relationship Id="{}" Type="http://schemas.openxmlformats.org/{}" Target="{}"/>'
OFFDOC = "officeDocument/2006/relationships/officeDocument"


def docx(name, body_unit):
    doc = repeat(
        body_unit,
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
        "</w:body></w:document>",
    )
    ct = CT.format('<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>')
    package(name, [("[Content_Types].xml", ct), ("_rels/.rels", REL.format(R.format("rId1", OFFDOC, "word/document.xml"))), ("word/document.xml", doc)])


docx("docx_paragraphs.docx", "<w:p><w:r><w:t>x</w:t></w:r></w:p>")
docx("docx_runs.docx", "<w:p>" + "<w:r><w:t>x</w:t></w:r>" * 100 + "</w:p>")


def xlsx(name, inline):
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    cell = '<c t="inlineStr"><is><t>x</t></is></c>' if inline else '<c t="s"><v>{}</v></c>'
    cols, parts = 100, []
    if inline:
        n = SIZE // (len(cell) * cols + 11)
        rows = ["<row>" + cell * cols + "</row>" for _ in range(n)]
    else:
        n = SIZE // 2 // ((len(cell) + 4) * cols + 11)
        rows = ["<row>" + "".join(cell.format(r * cols + c) for c in range(cols)) + "</row>" for r in range(n)]
        sst = "<si><t>x</t></si>" * (n * cols)
        parts.append(("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {main} count="{n * cols}">{sst}</sst>'))
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {main}><sheetData>{"".join(rows)}</sheetData></worksheet>'
    wb = f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    rels = R.format("rId1", "officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml")
    if not inline:
        rels += R.format("rId2", "officeDocument/2006/relationships/sharedStrings", "sharedStrings.xml")
    ct = CT.format(
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + ('' if inline else '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    )
    package(
        name,
        [("[Content_Types].xml", ct), ("_rels/.rels", REL.format(R.format("rId1", OFFDOC, "xl/workbook.xml"))),
         ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", REL.format(rels)), ("xl/worksheets/sheet1.xml", sheet)] + parts,
    )


xlsx("xlsx_shared.xlsx", False)
xlsx("xlsx_inline.xlsx", True)

P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
shape = '<p:sp><p:txBody><a:p><a:r><a:t>x</a:t></a:r></a:p></p:txBody></p:sp>'
slide = repeat(shape, f'<?xml version="1.0" encoding="UTF-8"?><p:sld {P}><p:cSld><p:spTree>', "</p:spTree></p:cSld></p:sld>")
pres = f'<?xml version="1.0" encoding="UTF-8"?><p:presentation {P}><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>'
package(
    "pptx_shapes.pptx",
    [("[Content_Types].xml", CT.format(
        '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
        '<Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>')),
     ("_rels/.rels", REL.format(R.format("rId1", OFFDOC, "ppt/presentation.xml"))),
     ("ppt/presentation.xml", pres),
     ("ppt/_rels/presentation.xml.rels", REL.format(R.format("rId1", "officeDocument/2006/relationships/slide", "slides/slide1.xml"))),
     ("ppt/slides/slide1.xml", slide)],
)

odt_content = repeat(
    "<text:p>x</text:p>",
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>',
    "</office:text></office:body></office:document-content>",
)
with zipfile.ZipFile(os.path.join(OUT, "odt_paragraphs.odt"), "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
    z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>', zipfile.ZIP_DEFLATED)
    z.writestr("content.xml", odt_content, zipfile.ZIP_DEFLATED)


def pdf(name):
    # A page's lines are one segment, and a page holds at most max_page_glyphs glyphs: the shape
    # that makes most segments is many pages of one glyph each, up to the page limit (100,000).
    pages = min(SIZE // 140, 99_000)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length 31 >>stream\nBT /F1 12 Tf 72 700 Td (x) Tj ET\nendstream"]
    kids = []
    for _ in range(pages):
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + (o if isinstance(o, bytes) else o.encode()) + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    write(name, bytes(out))


pdf("pdf_pages.pdf")
write("rtf_pars.rtf", repeat("x\\par\n", "{\\rtf1\\ansi ", "}"))
