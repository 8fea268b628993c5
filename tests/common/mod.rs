//! Helpers for the end-to-end tests: run the real binary, build fixture documents in memory.
#![allow(dead_code)]

pub mod cff;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (rule, part, field) of every finding.
pub fn places(report: &serde_json::Value) -> Vec<(String, String, Option<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let l = &f["location"];
            (
                f["rule"].as_str().unwrap().to_owned(),
                l["part"].as_str().unwrap().to_owned(),
                l["field"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// The result of running `mijian`.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON Lines of stdout.
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
            .collect()
    }
}

/// The real `mijian` binary, speaking English: the tests that read its messages read English, and
/// say so here rather than depend on the locale of the machine (CI sets none: Chinese).
pub fn mijian_command() -> Command {
    mijian_command_through(&[])
}

/// The real `mijian` binary, in English, run through `wrapper`: a program and its arguments that
/// runs the rest of its command line (`setpriv …`); none when empty.
pub fn mijian_command_through(wrapper: &[&str]) -> Command {
    let mut c = match wrapper.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(env!("CARGO_BIN_EXE_mijian"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_mijian")),
    };
    c.env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "en_US.UTF-8");
    c
}

/// Runs the real `mijian` binary (in English, see [`mijian_command`]).
pub fn mijian(args: &[&str]) -> Run {
    run(mijian_command().args(args))
}

/// Runs the real `mijian` binary with exactly these locale variables (no other `LANG`, `LC_ALL`
/// or `LC_MESSAGES`), for the tests of the language choice.
pub fn mijian_in_locale(args: &[&str], locale: &[(&str, &str)]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mijian"));
    c.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG").envs(locale.iter().copied());
    run(c.args(args))
}

fn run(c: &mut Command) -> Run {
    let out = c.output().expect("run mijian");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the real `mijian` binary, killing it (and failing the test) if it has not ended within
/// `limit`: a test about something that could be read forever must fail, not hang the suite. The
/// pipes are drained on threads, or a full pipe would block the child.
pub fn mijian_within(args: &[&str], limit: std::time::Duration) -> Run {
    run_within(mijian_command().args(args), limit)
}

/// Runs `command` (the real binary, or a wrapper that runs it) as [`mijian_within`] does: killed,
/// failing the test, if it has not ended within `limit`.
pub fn run_within(command: &mut Command, limit: std::time::Duration) -> Run {
    use std::process::Stdio;
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run mijian");
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            pipe.read_to_end(&mut v).unwrap();
            String::from_utf8_lossy(&v).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let until = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > until {
            let _ = child.kill();
            panic!("mijian {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // A signal (a crash: abort, segfault, out of memory) has no exit code.
    Run { status: status.code().unwrap_or(-1), stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

/// Scans one path as JSON and returns (exit status, the report of that file).
/// Writes `bytes` as `name` in a fresh folder and scans it: (exit status, verdict, the location of
/// the first marking finding, or null).
pub fn scan_bytes_for_marking(name: &str, bytes: &[u8]) -> (i32, String, serde_json::Value) {
    let dir = tempdir();
    let p = write(dir.path(), name, bytes);
    let (status, r) = scan_json(&p, &[]);
    let location = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "marking")
        .map(|f| f["location"].clone())
        .unwrap_or_default();
    (status, r["verdict"].as_str().unwrap().to_owned(), location)
}

pub fn scan_json(path: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let p = path.to_str().unwrap();
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(p);
    let run = mijian(&args);
    let lines = run.json();
    assert!(!lines.is_empty(), "no output; stderr: {}", run.stderr);
    (run.status, lines[0].clone())
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A minimal DOCX: `body` is the inner XML of `<w:body>`; `extra` are further parts
/// (name, XML) such as headers, comments or docProps; relationships are generated for
/// header/footer/comments parts.
pub fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    );
    for (i, (name, _)) in extra.iter().enumerate() {
        let kind = if name.contains("header") {
            "header"
        } else if name.contains("footer") {
            "footer"
        } else if name.contains("comments") {
            "comments"
        } else if name.contains("footnotes") {
            "footnotes"
        } else {
            continue;
        };
        let target = name.trim_start_matches("word/");
        rels.push_str(&format!(
            r#"<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        ));
        types.push_str(&format!(r#"<Override PartName="/{name}" ContentType="application/xml"/>"#));
    }
    rels.push_str("</Relationships>");
    types.push_str("</Types>");
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}</w:body></w:document>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), types),
        ("_rels/.rels".into(), root_rels.into()),
        ("word/document.xml".into(), document),
        ("word/_rels/document.xml.rels".into(), rels),
    ];
    for (n, x) in extra {
        parts.push((n.to_string(), x.to_string()));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, xml) in parts {
            zip.start_file(name, opts).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// A paragraph with one run per piece of text.
pub fn para(runs: &[&str]) -> String {
    let mut s = String::from("<w:p>");
    for r in runs {
        s.push_str(&format!(r#"<w:r><w:t xml:space="preserve">{r}</w:t></w:r>"#));
    }
    s.push_str("</w:p>");
    s
}

/// A header or footer part holding one paragraph.
pub fn header_part(kind: &str, text: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:{kind} xmlns:w="{W}">{}</w:{kind}>"#, para(&[text]))
}

/// Ordinary public prose, to put marks in context.
pub const PROSE: &str = "为进一步加强政务公开工作，现将有关事项通知如下。各单位要高度重视，认真组织实施。";

/// A RAR 5 archive as WinRAR writes it (header checksums included): each entry is (name, data,
/// compressed); compressed entries carry their bytes with a non-store method, which no free
/// decoder reads.
#[allow(dead_code)] // not every test binary makes archives
pub fn rar5(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    fn vint(mut v: u64, out: &mut Vec<u8>) {
        while v >= 0x80 {
            out.push((v as u8 & 0x7F) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn header(kind: u64, fields: &[u8], data: &[u8]) -> Vec<u8> {
        let mut h = Vec::new();
        vint(kind, &mut h);
        vint(if data.is_empty() { 0 } else { 2 }, &mut h);
        if !data.is_empty() {
            vint(data.len() as u64, &mut h);
        }
        h.extend(fields);
        let mut sized = Vec::new();
        vint(h.len() as u64, &mut sized);
        sized.extend(h);
        let mut out = crc32fast::hash(&sized).to_le_bytes().to_vec();
        out.extend(sized);
        out.extend(data);
        out
    }
    let mut out = b"Rar!\x1A\x07\x01\x00".to_vec();
    out.extend(header(1, &[0], &[]));
    for (name, data, compressed) in entries {
        let mut f = Vec::new();
        for v in [0, data.len() as u64, 0x20, if *compressed { 3 << 7 } else { 0 }, 0, name.len() as u64] {
            vint(v, &mut f);
        }
        f.extend(name.as_bytes());
        out.extend(header(2, &f, data));
    }
    out.extend(header(5, &[0], &[]));
    out
}

/// A ZIP of (name, content) entries, the first one stored (as OpenDocument and EPUB want).
pub fn zip_of<N: AsRef<str>, D: AsRef<[u8]>>(entries: &[(N, D)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        for (i, (name, data)) in entries.iter().enumerate() {
            let method = if i == 0 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
            let opts = zip::write::SimpleFileOptions::default().compression_method(method);
            zip.start_file(name.as_ref(), opts).unwrap();
            zip.write_all(data.as_ref()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

pub const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// One (name, content) entry for [`zip_of`].
pub fn entry(name: &str, data: impl Into<String>) -> (String, String) {
    (name.to_owned(), data.into())
}

/// A one-sheet workbook: `strings` are the shared strings, `rows` the inner XML of `sheetData`,
/// `tail` what follows it (a `headerFooter`).
pub fn xlsx(strings: &[&str], rows: &str, tail: &str) -> Vec<u8> {
    let sst: String = strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    zip_of(&[
        entry(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        entry(
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        entry(
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        entry(
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        entry(
            "xl/sharedStrings.xml",
            format!(r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>"#),
        ),
        entry(
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{tail}</worksheet>"#
            ),
        ),
    ])
}

/// A presentation with one slide per entry of `slides`, each a list of text boxes (paragraphs).
pub fn pptx(slides: &[&[&str]]) -> Vec<u8> {
    let ns = format!(
        r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{REL}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#
    );
    let mut entries = vec![
        entry(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        entry(
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>"#
            ),
        ),
    ];
    let mut ids = String::new();
    let mut rels = format!(r#"<Relationships xmlns="{RELS}">"#);
    for (i, boxes) in slides.iter().enumerate() {
        let n = i + 1;
        ids.push_str(&format!(r#"<p:sldId id="{}" r:id="rId{n}"/>"#, 255 + n));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="{REL}/slide" Target="slides/slide{n}.xml"/>"#));
        let shapes: String = boxes
            .iter()
            .enumerate()
            .map(|(j, text)| {
                format!(
                    r#"<p:sp><p:nvSpPr><p:cNvPr id="{}" name="文本框 {j}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="838200" y="{}"/><a:ext cx="6000000" cy="400000"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN" altLang="en-US"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"#,
                    j + 2,
                    400_000 + j * 500_000
                )
            })
            .collect();
        entries.push(entry(
            &format!("ppt/slides/slide{n}.xml"),
            format!(r#"<p:sld {ns}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld></p:sld>"#),
        ));
    }
    rels.push_str("</Relationships>");
    entries.push(entry(
        "ppt/presentation.xml",
        format!(r#"<p:presentation {ns}><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>"#),
    ));
    entries.push(entry("ppt/_rels/presentation.xml.rels", rels));
    zip_of(&entries)
}

/// A one-page OFD whose lines are `(y in mm, text)`, one text object per line.
pub fn ofd(lines: &[(f64, &str)]) -> Vec<u8> {
    let objects: String = lines
        .iter()
        .enumerate()
        .map(|(i, (y, text))| {
            format!(
                r#"<ofd:TextObject ID="{}" Boundary="25 {y} 160 8" Font="3" Size="5.6"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="5">{text}</ofd:TextCode></ofd:TextObject>"#,
                10 + i
            )
        })
        .collect();
    ofd_page(&objects)
}

/// A one-page A4 OFD whose page layer holds `objects` (the `ofd:` prefix is declared).
pub fn ofd_page(objects: &str) -> Vec<u8> {
    let ns = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    zip_of(&[
        entry(
            "OFD.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0123456789abcdef</ofd:DocID><ofd:Title>通知</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            ),
        ),
        entry(
            "Doc_0/Document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#
            ),
        ),
        entry(
            "Doc_0/Pages/Page_0/Content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
            ),
        ),
    ])
}

pub const ODF_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0""#;

/// An OpenDocument package of `kind` (`text`, `spreadsheet`, `presentation`): `body` inside
/// `office:body`, `master` inside `office:master-styles`, `meta` inside `office:meta`.
pub fn odf(kind: &str, body: &str, master: &str, meta: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", format!("application/vnd.oasis.opendocument.{kind}")),
        (
            "content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}><office:body>{body}</office:body></office:document-content>"#
            ),
        ),
        (
            "styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NS}><office:master-styles>{master}</office:master-styles></office:document-styles>"#
            ),
        ),
        (
            "meta.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS}><office:meta>{meta}</office:meta></office:document-meta>"#
            ),
        ),
        (
            "META-INF/manifest.xml",
            r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#.to_owned(),
        ),
    ])
}

/// An EPUB book of one chapter holding `chapter`.
pub fn epub(chapter: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", "application/epub+zip".to_owned()),
        ("META-INF/container.xml", r#"<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/book.opf"/></rootfiles></container>"#.to_owned()),
        ("OEBPS/book.opf", r#"<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>汇编</dc:title></metadata><manifest><item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"#.to_owned()),
        ("OEBPS/text/ch1.xhtml", format!(r#"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>第一章</title></head><body><p>{chapter}</p><p>正文</p></body></html>"#)),
    ])
}

/// A TrueType font program with no outlines (for PDF and OFD fonts): a `cmap` (format 4, Windows Unicode) saying which
/// character each glyph id is, and `maxp`. What a viewer draws for a glyph id is this font's;
/// mijian never draws, and reads only these two tables.
pub fn truetype(glyphs: &[(char, u16)]) -> Vec<u8> {
    let mut glyphs = glyphs.to_vec();
    glyphs.sort();
    let be = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let seg_count = glyphs.len() as u16 + 1;
    let log = 15 - seg_count.leading_zeros() as u16;
    let search = 2 << log;
    let mut cmap = Vec::new();
    for x in [0, 1, 3, 1, 0, 12, 4, 16 + 8 * seg_count, 0, seg_count * 2, search, log, seg_count * 2 - search] {
        be(&mut cmap, x);
    }
    let ends = glyphs.iter().map(|(c, _)| *c as u16);
    ends.clone().chain([0xFFFF, 0]).chain(ends).chain([0xFFFF]).for_each(|x| be(&mut cmap, x));
    glyphs.iter().map(|(c, g)| g.wrapping_sub(*c as u16)).chain([1]).for_each(|x| be(&mut cmap, x));
    (0..seg_count).for_each(|_| be(&mut cmap, 0));
    let mut maxp = vec![0, 0, 0x50, 0];
    be(&mut maxp, glyphs.iter().map(|g| g.1).max().unwrap_or(0) + 1);
    let mut out = vec![0, 1, 0, 0, 0, 2, 0, 32, 0, 1, 0, 0];
    let mut offset = 12 + 32;
    for (tag, data) in [(b"cmap", &cmap), (b"maxp", &maxp)] {
        out.extend_from_slice(tag);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for data in [&cmap, &maxp] {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}
