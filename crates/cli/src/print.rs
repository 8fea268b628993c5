//! The text output for people.

use crate::args::Color;
use crate::lang;
use mijian_core::{part_text, Finding, Lang, Severity, Verdict};
use mijian_extract::format_text;
use mijian_inspect::FileReport;
use std::io::{IsTerminal, Write};

const RESET: &str = "\x1b[0m";
const BOLD_RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const MAGENTA: &str = "\x1b[1;35m";
const DIM: &str = "\x1b[2m";

/// Prints reports as readable blocks, coloured on a terminal.
pub(crate) struct TextPrinter {
    color: bool,
}

impl TextPrinter {
    pub(crate) fn new(color: Color) -> Self {
        let color = match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        TextPrinter { color }
    }

    fn paint(&self, style: &str, s: &str) -> String {
        if self.color {
            format!("{style}{s}{RESET}")
        } else {
            s.to_string()
        }
    }

    pub(crate) fn report(&mut self, w: &mut impl Write, r: &FileReport) -> std::io::Result<()> {
        let lang = lang();
        let word = match lang {
            Lang::Zh => r.verdict.text(lang).to_string(),
            Lang::En => r.verdict.as_str().to_ascii_uppercase(),
        };
        // English keeps its two spaces around the verdict, as scripts have read it.
        let verdict = match r.verdict {
            Verdict::Block => self.paint(BOLD_RED, &word),
            Verdict::Review => self.paint(YELLOW, &word),
            Verdict::Pass => self.paint(GREEN, &word),
            Verdict::Error => self.paint(MAGENTA, &word),
        };
        let (total, listed) = (r.findings_total, r.findings.len());
        let count = match (lang, r.truncated) {
            (Lang::Zh, false) => format!("{total} 处发现"),
            (Lang::Zh, true) => format!("{total} 处发现，列出 {listed} 处"),
            (Lang::En, false) => format!("{total} finding{}", plural(total)),
            (Lang::En, true) => format!("{total} finding{}, {listed} listed", plural(total)),
        };
        let sep = lang.pick("，", ", ");
        let (open, close) = (lang.pick("（", "  ("), lang.pick("）", ")"));
        // English keeps the format's id, as scripts have read it; Chinese says what the format is.
        let format = match lang {
            Lang::Zh => format_text(r.format, lang),
            Lang::En => r.format,
        };
        writeln!(w, "{}  {verdict}{open}{format}{sep}{count}{close}", path_text(&r.path, lang))?;
        if let Some(e) = r.error_message.as_ref().or(r.error.as_ref()) {
            writeln!(w, "  {}{e}", lang.pick("错误：", "error: "))?;
        }
        for reason in &r.reasons {
            writeln!(w, "  {}{}", lang.pick("原因：", "reason: "), reason.text(lang))?;
        }
        for f in &r.findings {
            self.finding(w, f, lang)?;
        }
        for u in r.coverage.unread.iter().filter(|u| !u.needs_review) {
            let line = format!(
                "{}{}{}{}",
                lang.pick("未读取：", "not read: "),
                part_text(&u.part, lang),
                lang.pick("：", ": "),
                u.reason.text(lang)
            );
            writeln!(w, "  {}", self.paint(DIM, &line))?;
        }
        Ok(())
    }

    fn finding(&self, w: &mut impl Write, f: &Finding, lang: Lang) -> std::io::Result<()> {
        let word = match lang {
            Lang::Zh => f.severity.text(lang).to_string(),
            Lang::En => format!("{:<6}", f.severity.as_str()),
        };
        let level = match f.severity {
            Severity::Block => self.paint(BOLD_RED, &word),
            Severity::Review => self.paint(YELLOW, &word),
            Severity::Info => self.paint(DIM, &word),
        };
        match lang {
            Lang::Zh => writeln!(
                w,
                "  {level} {} {}（{}）位置：{}",
                f.kind.text(lang),
                f.rule,
                f.class.text(lang),
                f.location.text(lang)
            )?,
            Lang::En => writeln!(w, "  {level} {} {} ({}) at {}", f.kind.text(lang), f.rule, f.class, f.location)?,
        }
        let matched = self.paint(BOLD_RED, &one_line(&f.matched));
        writeln!(w, "         …{}{matched}{}…", one_line(&f.before), one_line(&f.after))?;
        if !f.signals.is_empty() {
            let why: Vec<String> = f.signals.iter().map(|s| s.text(lang)).collect();
            writeln!(w, "         {}{}", lang.pick("依据：", "why: "), why.join(lang.pick("；", "; ")))?;
        }
        Ok(())
    }
}

/// Shows line breaks and tabs inside a one-line context.
fn one_line(s: &str) -> String {
    s.replace('\n', "⏎").replace('\t', "→").replace('\r', "")
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A file's path for people: in Chinese, a member named after its place in the file (a second
/// archive inside it, `(ZIP archive at bytes 10-20)`) is said in Chinese; names are kept.
fn path_text(path: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    if lang == Lang::En || !path.contains("!(") {
        return path.into();
    }
    path.split('!').map(|member| part_text(member, lang)).collect::<Vec<_>>().join("!").into()
}

/// `4 files: 1 block, 1 review, 1 pass, 1 error`, or
/// `共 4 个文件：不得发布 1，需人工审核 1，未发现问题 1，无法检查 1` (the verdicts' own words).
pub(crate) fn summary_line(counts: &[usize; 4], lang: Lang) -> String {
    let total: usize = counts.iter().sum();
    let [block, review, pass, error] =
        [Verdict::Block, Verdict::Review, Verdict::Pass, Verdict::Error].map(|v| counts[v as usize]);
    match lang {
        Lang::Zh => format!(
            "mijian：共 {total} 个文件：{} {block}，{} {review}，{} {pass}，{} {error}",
            Verdict::Block.text(lang),
            Verdict::Review.text(lang),
            Verdict::Pass.text(lang),
            Verdict::Error.text(lang)
        ),
        Lang::En => format!(
            "mijian: {total} file{}: {block} block, {review} review, {pass} pass, {error} error",
            plural(total as u64)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_speaks_both_languages() {
        let counts = [1, 2, 3, 0];
        assert_eq!(summary_line(&counts, Lang::En), "mijian: 6 files: 3 block, 2 review, 1 pass, 0 error");
        assert_eq!(
            summary_line(&counts, Lang::Zh),
            "mijian：共 6 个文件：不得发布 3，需人工审核 2，未发现问题 1，无法检查 0"
        );
    }
}
