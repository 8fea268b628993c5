//! Helpers for the end-to-end tests: run the real binary, build fixture documents in memory.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

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
    let mut c = Command::new(env!("CARGO_BIN_EXE_mijian"));
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
    use std::process::Stdio;
    let mut child =
        mijian_command().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run mijian");
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
