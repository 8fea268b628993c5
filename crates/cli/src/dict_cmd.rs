//! `mijian dict check` and `mijian dict compile`.
//!
//! `check` exits 0 when there is no error (warnings are printed), 1 when there is one, and 2 when
//! a file cannot be read. `compile` exits 0 or 2.

use crate::args::{DictArgs, DictCheckArgs, DictCompileArgs, Format};
use crate::{rules, text, EXIT_ERROR, EXIT_FLAGGED, EXIT_PASS};
use mijian_core::check::{check, IssueSeverity};
use std::io::Write;
use std::time::Instant;

pub(crate) fn run(args: &DictArgs) -> i32 {
    match args {
        DictArgs::Check(a) => run_check(a),
        DictArgs::Compile(a) => run_compile(a),
    }
}

fn run_check(args: &DictCheckArgs) -> i32 {
    let mut contents = Vec::new();
    for p in &args.files {
        match std::fs::read(p) {
            Ok(b) => contents.push((p.display().to_string(), b)),
            Err(e) => {
                eprintln!("{}", text::cannot_read(p.display(), &e));
                return EXIT_ERROR;
            }
        }
    }
    let files: Vec<(&str, &[u8])> = contents.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let report = check(&files);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from).and_then(|_| writeln!(out))
        }
        Format::Text => (|| {
            for i in &report.issues {
                writeln!(out, "{}", i.text(crate::lang()))?;
                for r in &i.related {
                    writeln!(out, "    {}{r}", text::t("参见 ", "see "))?;
                }
            }
            match crate::lang() {
                mijian_core::Lang::Zh => writeln!(
                    out,
                    "{} 个文件，{} 个词条：错误 {} 处，警告 {} 处",
                    report.files, report.entries, report.errors, report.warnings
                ),
                mijian_core::Lang::En => writeln!(
                    out,
                    "{} file(s), {} entries: {} error(s), {} warning(s)",
                    report.files, report.entries, report.errors, report.warnings
                ),
            }
        })(),
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("{}", text::cannot_write(e));
            return EXIT_ERROR;
        }
    }
    if report.issues.iter().any(|i| i.severity == IssueSeverity::Error) {
        EXIT_FLAGGED
    } else {
        EXIT_PASS
    }
}

fn run_compile(args: &DictCompileArgs) -> i32 {
    let t = Instant::now();
    let compiled = rules::parse(&args.files).and_then(|d| rules::build(d, !args.no_default_rules));
    let rules = match compiled {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", text::error(e));
            return EXIT_ERROR;
        }
    };
    let built = t.elapsed();
    let bytes = rules.to_compiled();
    if let Err(e) = std::fs::write(&args.output, &bytes) {
        eprintln!("{}", text::about(args.output.display(), format!("{}{e}", text::t("无法写入：", "cannot write: "))));
        return EXIT_ERROR;
    }
    let s = rules.stats();
    let (out, secs) = (args.output.display(), built.as_secs_f64());
    match crate::lang() {
        mijian_core::Lang::Zh => eprintln!(
            "mijian：已写入 {out}：{} 个词条，{} 个模式，{} 字节（由文本编译，用时 {secs:.2} 秒）",
            s.terms,
            s.patterns,
            bytes.len()
        ),
        mijian_core::Lang::En => eprintln!(
            "mijian: {out} written: {} terms, {} patterns, {} bytes (compiled from text in {secs:.2} s)",
            s.terms,
            s.patterns,
            bytes.len()
        ),
    }
    EXIT_PASS
}
