//! The text output for people.

use crate::args::Color;
use mijian_core::{Finding, Severity, Verdict};
use mijian_scan::FileReport;
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
        let verdict = match r.verdict {
            Verdict::Block => self.paint(BOLD_RED, "BLOCK"),
            Verdict::Review => self.paint(YELLOW, "REVIEW"),
            Verdict::Pass => self.paint(GREEN, "PASS"),
            Verdict::Error => self.paint(MAGENTA, "ERROR"),
        };
        let plural = if r.findings_total == 1 { "" } else { "s" };
        let count = if r.truncated {
            format!("{} finding{plural}, {} listed", r.findings_total, r.findings.len())
        } else {
            format!("{} finding{plural}", r.findings_total)
        };
        writeln!(w, "{}  {verdict}  ({}, {count})", r.path, r.format)?;
        if let Some(e) = &r.error {
            writeln!(w, "  error: {e}")?;
        }
        for reason in &r.reasons {
            writeln!(w, "  reason: {reason}")?;
        }
        for f in &r.findings {
            self.finding(w, f)?;
        }
        for u in r.coverage.unread.iter().filter(|u| !u.needs_review) {
            writeln!(w, "  {}", self.paint(DIM, &format!("not read: {}: {}", u.part, u.reason)))?;
        }
        Ok(())
    }

    fn finding(&self, w: &mut impl Write, f: &Finding) -> std::io::Result<()> {
        let level = match f.severity {
            Severity::Block => self.paint(BOLD_RED, "block "),
            Severity::Review => self.paint(YELLOW, "review"),
            Severity::Info => self.paint(DIM, "info  "),
        };
        writeln!(w, "  {level} {} {} ({}) at {}", f.kind.as_str(), f.rule, f.class, f.location)?;
        let matched = self.paint(BOLD_RED, &one_line(&f.matched));
        writeln!(w, "         …{}{matched}{}…", one_line(&f.before), one_line(&f.after))?;
        if !f.why.is_empty() {
            writeln!(w, "         why: {}", f.why.join("; "))?;
        }
        Ok(())
    }
}

/// Shows line breaks and tabs inside a one-line context.
fn one_line(s: &str) -> String {
    s.replace('\n', "⏎").replace('\t', "→").replace('\r', "")
}

/// `4 files: 1 block, 1 review, 1 pass, 1 error`.
pub(crate) fn summary_line(counts: &[usize; 4]) -> String {
    let total: usize = counts.iter().sum();
    format!(
        "mijian: {total} file{}: {} block, {} review, {} pass, {} error",
        if total == 1 { "" } else { "s" },
        counts[Verdict::Block as usize],
        counts[Verdict::Review as usize],
        counts[Verdict::Pass as usize],
        counts[Verdict::Error as usize]
    )
}
