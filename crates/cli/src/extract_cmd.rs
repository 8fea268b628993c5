//! `mijian extract`: what the matcher sees, part by part.

use crate::args::{ExtractArgs, Format};
use crate::files::{expand, Item};
use crate::{text, EXIT_ERROR, EXIT_PASS};
use mijian_core::{Collected, CoverageNote, DocumentSink, Flow, Role, Segment, Stop};
use mijian_extract::{extract, sniff, Limits};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    part: &'a str,
    location: &'a mijian_core::Location,
    role: mijian_core::Role,
    text: &'a str,
}

pub(crate) fn run(args: &ExtractArgs) -> i32 {
    let ocr = match args.ocr.setting() {
        Ok(ocr) => ocr,
        Err(e) => {
            eprintln!("{}", text::error(text::about_place("--ocr on", e)));
            return EXIT_ERROR;
        }
    };
    let limits = Limits { ocr, ..Limits::default() };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = EXIT_PASS;
    for item in expand(&args.paths) {
        let (path, bytes) = match item {
            Item::File(p) => match mijian_inspect::read_regular_file(&p, limits.max_file_bytes) {
                Ok(b) => (p.display().to_string(), b),
                Err(e) => {
                    eprintln!("{}", text::about(p.display(), e.text(crate::lang())));
                    status = EXIT_ERROR;
                    continue;
                }
            },
            Item::Skipped(p, why) => {
                eprintln!("{}", text::skipped(p.display(), why));
                continue;
            }
            Item::Unreadable(p, why) => {
                eprintln!("{}", text::about(p.display(), why));
                status = EXIT_ERROR;
                continue;
            }
        };
        // One budget for the file and everything nested in it.
        let limits = limits.for_file(bytes.len() as u64);
        let mut pending = vec![(path, bytes, 0usize)];
        while let Some((path, bytes, depth)) = pending.pop() {
            let format = sniff(&bytes);
            if args.format == Format::Text {
                let lang = crate::lang();
                let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
                let _ = writeln!(out, "=== {path}{open}{}{close}", format.text(lang));
            }
            // Segments are written as the reader hands them over, never held: a file of
            // millions of tiny values costs no more memory to extract than to read.
            let mut sink =
                Printing { out: &mut out, format: args.format, path: &path, closed: false, kept: Collected::default() };
            let extracted = extract(&bytes, format, &limits, &mut sink);
            if sink.closed {
                return status; // standard output went away (`| head`)
            }
            let Collected { coverage, members, .. } = sink.kept;
            if let Err(e) = extracted {
                eprintln!("{}", text::about(&path, e.text(crate::lang())));
                status = EXIT_ERROR;
                if limits.exhausted().is_some() {
                    break; // The file's budget is spent: nothing nested in it is read any more.
                }
            }
            for note in &coverage {
                if let Some(why) = &note.reason {
                    let lang = crate::lang();
                    let what = format!(
                        "{}{}{}{}",
                        text::t("未读取：", "not read: "),
                        mijian_core::part_text(&note.part, lang),
                        text::t("：", ": "),
                        why.text(lang)
                    );
                    eprintln!("{}", text::about(&path, what));
                }
            }
            if depth < limits.max_nesting {
                for (name, b) in members.into_iter().rev() {
                    pending.push((format!("{path}!{name}"), b, depth + 1));
                }
            }
        }
    }
    let _ = out.flush();
    status
}

/// The sink of `mijian extract`: writes each segment the moment the reader hands it over, keeps
/// the coverage notes and members for after the file, and stops the reader once standard output
/// is closed.
struct Printing<'a, W: Write> {
    out: &'a mut W,
    format: Format,
    path: &'a str,
    closed: bool,
    /// The coverage notes and members (no segment: those are written).
    kept: Collected,
}

impl<W: Write> DocumentSink for Printing<'_, W> {
    fn segment(&mut self, segment: Segment) -> Flow {
        if write_segment(self.out, self.format, self.path, &segment).is_err() {
            self.closed = true;
            return Err(Stop);
        }
        Ok(())
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.kept.coverage(note)
    }
    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow {
        self.kept.member(name, bytes)
    }
}

fn write_segment(out: &mut impl Write, format: Format, path: &str, seg: &Segment) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let line =
                Line { path, part: &seg.location.part, location: &seg.location, role: seg.role, text: &seg.text };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")
        }
        Format::Text => {
            let lang = crate::lang();
            match lang {
                mijian_core::Lang::En => writeln!(out, "--- {} ({:?})", seg.location, seg.role)?,
                mijian_core::Lang::Zh => writeln!(out, "--- {}（{}）", seg.location.text(lang), role_zh(seg.role))?,
            }
            writeln!(out, "{}", seg.text)
        }
    }
}

/// Where in the layout a segment sits, in Chinese.
fn role_zh(role: Role) -> &'static str {
    match role {
        Role::Body => "正文",
        Role::Header => "页眉",
        Role::Footer => "页脚",
        Role::Properties => "文档属性",
        Role::Note => "批注或脚注",
        Role::Other => "其他",
    }
}
