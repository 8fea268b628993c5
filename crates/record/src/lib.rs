//! # mijian-record: the review record (信息发布保密审查记录)
//!
//! Before a file goes on a government website, the office that publishes it approves it in
//! writing (信息发布保密审查): who checked what, when, against which rules, with what result, and
//! who signed. `mijian scan --record FILE.html` and the staff page's record button both produce
//! that paper from one renderer, so the record of a file is the same whichever door it came in.
//!
//! The record is one self-contained HTML page: inline CSS, no script, no image, no link to
//! anything, laid out for A4 (`@page`), with table headers repeated on every page and findings
//! never split across pages. It carries:
//!
//! * the facts of the check ([`RecordFacts`]): local time with its UTC offset, host, mijian's
//!   version, where the check was made (command line or gateway request), the rules version,
//!   the files it was compiled from with their SHA-256, and the index of registered documents
//!   searched for excerpts (its file name, how many documents, its SHA-256; never a label);
//! * each file and member: name, format, size, SHA-256, verdict; its findings (rule id, kind,
//!   level, class, location, matched text), the reasons for `review`/`error`, what was not read;
//! * blank lines for the reviewer (审查人, 签字, 日期) and the approver (审批意见).
//!
//! ## What the record does not leak
//! A record is filed and copied; it must not become a list of the protected terms. Unless the
//! operator asks ([`MatchedText::Shown`]), matched text is masked ([`mijian_core::mask`]), the
//! context around it and the `why` signals (which quote it) are left out, and every name and
//! reason the record echoes goes through the caller's scrubber (`echo`), which masks protected
//! words in them. Everything is HTML-escaped, and control and bidirectional-override characters
//! in names are shown as `⟨U+202E⟩`, so a file name cannot inject markup nor disguise itself.

#![forbid(unsafe_code)]

mod html;
mod rules_identity;
mod words;

pub use rules_identity::{RegisteredIndex, RuleSource, RulesIdentity, RulesVersion};

pub(crate) use html::escape;
use html::visible;
use mijian_core::{mask, part_text, Finding, Lang, Location, Verdict};
use mijian_extract::format_text;
use mijian_inspect::FileReport;
use std::fmt::Write as _;
use words::Words;

/// Whether matched text appears in the record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatchedText {
    /// Masked (`机*★*年`), without context or signals: the default.
    #[default]
    Masked,
    /// As in the file, with its context: only when the operator asks.
    Shown,
}

/// Where the check was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `mijian scan` on this host.
    CommandLine,
    /// The gateway (staff page or API), with the request id found in its audit log.
    Gateway {
        /// The request id (`X-Request-Id`, the audit record's `request_id`).
        request_id: String,
    },
}

/// The facts of one check, besides the files.
#[derive(Clone, Debug)]
pub struct RecordFacts {
    /// The language of the record.
    pub lang: Lang,
    /// When the check was made: local time with its UTC offset ([`local_time_now`]).
    pub checked_at: String,
    /// The host that made it ([`host_name`]).
    pub host: String,
    /// Where the check was made.
    pub origin: Origin,
    /// The rules it was made with.
    pub rules: RulesIdentity,
    /// Whether matched text is shown.
    pub matched: MatchedText,
}

/// mijian's version, as the record states it.
pub const MIJIAN_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The CSS of every record, constant so that a page serving records can allow exactly it in its
/// Content-Security-Policy ([`style_hash`]).
pub const STYLE: &str = include_str!("record.css");

/// `'sha256-…'`: the hash source of [`STYLE`] for a `style-src` directive.
pub fn style_hash() -> String {
    use sha2::{Digest, Sha256};
    format!("'sha256-{}'", html::base64(&Sha256::digest(STYLE.as_bytes())))
}

/// Now, local time with its UTC offset (`2026-11-30 20:05:31 +08:00`); UTC when the system's
/// time zone cannot be read (then the offset says `+00:00`, never a wrong local time).
pub fn local_time_now() -> String {
    jiff::Zoned::now().strftime("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// This host's name (`/proc/sys/kernel/hostname`, `/etc/hostname`, `HOSTNAME`), or `-`.
pub fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .chain(std::env::var("HOSTNAME").ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "-".into())
}

/// Renders the record of one check.
///
/// `files` holds one slice per file checked: the file's report first, then its members'
/// (`outer!inner`), as [`mijian_inspect::inspect_path`] returns them. `echo` scrubs the names,
/// parts and reasons the record repeats (see the crate documentation); pass
/// `&|s| s.to_string()` when they need no scrubbing.
///
/// ```
/// use mijian_core::{Lang, Rules};
/// use mijian_record::*;
/// use mijian_inspect::{inspect_bytes, InspectOptions};
///
/// let reports = inspect_bytes("通知.txt", "000123\n机密★1年\n".as_bytes(), &Rules::builtin(), &InspectOptions::default());
/// let facts = RecordFacts {
///     lang: Lang::Zh,
///     checked_at: "2026-11-30 20:05:31 +08:00".into(),
///     host: "desk-1".into(),
///     origin: Origin::CommandLine,
///     rules: RulesIdentity::builtin_only(),
///     matched: MatchedText::Masked,
/// };
/// let page = render(&facts, &[&reports], &|s| s.to_string());
/// assert!(page.contains("信息发布保密审查记录") && page.contains(&reports[0].sha256));
/// assert!(page.contains("机*★*年") && !page.contains("机密★1年"));
/// ```
pub fn render(facts: &RecordFacts, files: &[&[FileReport]], echo: &dyn Fn(&str) -> String) -> String {
    let mut record = Sections::new(facts.lang, facts.matched);
    let (mut list, mut results) = (String::new(), String::new());
    for group in files {
        record.add(group, echo, &mut list, &mut results);
    }
    [record.head(facts), list, record.middle(), results, record.tail()].concat()
}

/// The record written as the files are checked, for runs too long to hold every report.
///
/// Each file's row of the file list and its section of results are rendered as its reports
/// arrive ([`Sections::add`]), into two spools the caller keeps (files, say); only the counts
/// the facts at the top need are kept here. The page is then [`Sections::head`], the list spool,
/// [`Sections::middle`], the results spool and [`Sections::tail`], in that order: the same page
/// [`render`] makes of the same reports.
#[derive(Clone, Debug)]
pub struct Sections {
    lang: Lang,
    matched: MatchedText,
    /// Files checked (groups added).
    files: usize,
    /// Reports numbered so far (files and members).
    numbered: usize,
    /// The files' own verdicts, counted by verdict.
    counts: [usize; 4],
}

impl Sections {
    /// An empty record in `lang`, with matched text shown or masked.
    pub fn new(lang: Lang, matched: MatchedText) -> Sections {
        Sections { lang, matched, files: 0, numbered: 0, counts: [0; 4] }
    }

    /// Adds one file's reports (the file first, then its members): its rows of the file list
    /// are appended to `list`, its sections of results to `results`.
    pub fn add(
        &mut self,
        group: &[FileReport],
        echo: &dyn Fn(&str) -> String,
        list: &mut String,
        results: &mut String,
    ) {
        let w = Words::of(self.lang);
        if let Some(first) = group.first() {
            self.files += 1;
            self.counts[first.verdict as usize] += 1;
        }
        for r in group {
            self.numbered += 1;
            file_row(list, self.numbered, r, echo, w);
            file_section(results, self.numbered, r, self.matched, echo, w);
        }
    }

    /// Files added so far.
    pub fn files(&self) -> usize {
        self.files
    }

    /// Whether matched text is shown.
    pub fn matched(&self) -> MatchedText {
        self.matched
    }

    /// The page up to the file list's rows: the facts of the check and the counts of verdicts.
    pub fn head(&self, facts: &RecordFacts) -> String {
        let w = Words::of(self.lang);
        let mut out = String::with_capacity(8 * 1024);
        let _ = write!(
            out,
            "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            w.html_lang, w.title
        );
        let _ = writeln!(out, "<h1>{}</h1>\n<p class=\"sub\">{}</p>", w.title, w.subtitle);
        facts_table(&mut out, facts, self.files, &self.counts, w);
        let _ = writeln!(out, "<h2>{}</h2>", w.files_heading);
        let _ = writeln!(
            out,
            "<table class=\"files\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>SHA-256</th><th>{}</th></tr></thead>\n<tbody>",
            w.number, w.file_name, w.format, w.size, w.verdict
        );
        out
    }

    /// Between the file list's rows and the sections of results.
    pub fn middle(&self) -> String {
        format!("</tbody>\n</table>\n<h2>{}</h2>\n", Words::of(self.lang).results_heading)
    }

    /// After the sections of results: the lines for the reviewer's and approver's signatures.
    pub fn tail(&self) -> String {
        let w = Words::of(self.lang);
        let mut out = String::new();
        signatures(&mut out, w);
        let masked_note = match self.matched {
            MatchedText::Masked => w.masked_note,
            MatchedText::Shown => w.shown_note,
        };
        let _ =
            writeln!(out, "<p class=\"foot\">{} {MIJIAN_VERSION}. {masked_note}</p>\n</body>\n</html>", w.generated_by);
        out
    }
}

fn facts_table(out: &mut String, facts: &RecordFacts, files: usize, counts: &[usize; 4], w: &Words) {
    let overall = [Verdict::Pass, Verdict::Review, Verdict::Block, Verdict::Error]
        .into_iter()
        .filter(|v| counts[*v as usize] > 0)
        .max();
    let origin = match &facts.origin {
        Origin::CommandLine => w.origin_cli.to_string(),
        Origin::Gateway { request_id } => format!("{} {}", w.origin_gateway, escape(&visible(request_id))),
    };
    let mut sources = String::new();
    for s in &facts.rules.sources {
        let _ = write!(
            sources,
            "<div>{} <span class=\"hash\">SHA-256 {}</span></div>",
            escape(&visible(&s.name)),
            escape(&s.sha256)
        );
    }
    if facts.rules.sources.is_empty() {
        sources.push_str(w.no_dictionaries);
    }
    let index = match &facts.rules.index {
        Some(i) => format!(
            "{} <span class=\"hash\">SHA-256 {}</span>",
            w.index(&escape(&visible(&i.name)), i.documents),
            escape(&i.sha256)
        ),
        None => w.no_index.to_string(),
    };
    let counts_text = w.counts(files, counts);
    let overall_cell = match overall {
        Some(v) => verdict_badge(v, w),
        None => w.no_files.to_string(),
    };
    let rows: [(&str, String); 10] = [
        (w.checked_at, escape(&facts.checked_at)),
        (w.host, escape(&visible(&facts.host))),
        (w.origin, origin),
        (w.tool, format!("mijian (密检) {MIJIAN_VERSION}")),
        (w.rules_version, format!("<span class=\"hash\">{}</span>", escape(&facts.rules.version))),
        (w.builtin_rules, if facts.rules.default_rules { w.on } else { w.off }.to_string()),
        (w.dictionaries, sources),
        (w.index_label, index),
        (w.matched_text, if facts.matched == MatchedText::Masked { w.masked } else { w.shown }.to_string()),
        (w.overall, format!("{overall_cell} <span class=\"counts\">{counts_text}</span>")),
    ];
    out.push_str("<table class=\"facts\">\n<tbody>\n");
    for (label, value) in rows {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{value}</td></tr>");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn file_row(out: &mut String, n: usize, r: &FileReport, echo: &dyn Fn(&str) -> String, w: &Words) {
    let sha = if r.sha256.is_empty() { w.not_read.to_string() } else { escape(&r.sha256) };
    let _ = writeln!(
        out,
        "<tr class=\"{}\"><td class=\"n\">{n}</td><td class=\"name\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"hash\">{sha}</td><td>{}</td></tr>",
        r.verdict.as_str(),
        name_cell(r, echo),
        escape(format_text(r.format, w.lang())),
        r.size,
        verdict_badge(r.verdict, w)
    );
}

/// A report's name: a member is shown under its container's name (`outer!inner`).
fn name_cell(r: &FileReport, echo: &dyn Fn(&str) -> String) -> String {
    escape(&visible(&echo(&r.path)))
}

fn verdict_badge(v: Verdict, w: &Words) -> String {
    format!("<span class=\"verdict {}\">{} ({})</span>", v.as_str(), w.verdict_word(v), v.as_str())
}

fn file_section(
    out: &mut String,
    n: usize,
    r: &FileReport,
    matched: MatchedText,
    echo: &dyn Fn(&str) -> String,
    w: &Words,
) {
    let _ = writeln!(
        out,
        "<section class=\"file\">\n<h3>{n}. <span class=\"name\">{}</span> {}</h3>",
        name_cell(r, echo),
        verdict_badge(r.verdict, w)
    );
    let _ = writeln!(
        out,
        "<p class=\"facts-line\">{}</p>",
        w.file_facts(format_text(r.format, w.lang()), r.size, r.findings_total)
    );
    // On a line of its own, unbroken: the hash is what ties the record to the file.
    if !r.sha256.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"facts-line\">SHA-256 <span class=\"hash whole\">{}</span></p>",
            escape(&r.sha256)
        );
    }
    // The English error is the contract's; the message for people is in the run's language.
    let error = if w.lang() == Lang::En { r.error.as_ref() } else { r.error_message.as_ref().or(r.error.as_ref()) };
    if let Some(e) = error {
        let _ = writeln!(out, "<p class=\"reason\"><b>{}</b>{}</p>", w.error_label, escape(&visible(&echo(e))));
    }
    for reason in &r.reasons {
        let text = reason.text(w.lang());
        let _ = writeln!(out, "<p class=\"reason\"><b>{}</b>{}</p>", w.reason_label, escape(&visible(&echo(&text))));
    }
    if !r.findings.is_empty() {
        findings_table(out, r, matched, echo, w);
    }
    if r.truncated {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", w.truncated(r.findings.len(), r.findings_total));
    }
    if r.findings_total > 0 && !r.findings_by_rule.is_empty() {
        let by_rule: Vec<String> =
            r.findings_by_rule.iter().map(|(rule, n)| format!("{} × {n}", escape(&visible(rule)))).collect();
        let _ = writeln!(out, "<p class=\"note\"><b>{}</b>{}</p>", w.by_rule, by_rule.join("; "));
    }
    coverage(out, r, echo, w);
    out.push_str("</section>\n");
}

fn findings_table(out: &mut String, r: &FileReport, matched: MatchedText, echo: &dyn Fn(&str) -> String, w: &Words) {
    let _ = writeln!(
        out,
        "<table class=\"findings\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        w.number, w.level, w.kind, w.class, w.rule, w.location, w.matched_column
    );
    for (i, f) in r.findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td class=\"n\">{}</td><td class=\"level\">{}</td><td>{}</td><td>{}</td><td class=\"rule\">{}</td><td class=\"location\">{}</td><td class=\"matched\">{}</td></tr>",
            f.severity.as_str(),
            i + 1,
            w.level_word(f.severity),
            w.kind_word(f.kind),
            escape(f.class.text(w.lang)),
            escape(&visible(&f.rule.to_string())),
            location(&f.location, echo, w),
            matched_cell(f, matched, w)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn matched_cell(f: &Finding, matched: MatchedText, w: &Words) -> String {
    match matched {
        MatchedText::Masked => format!("<span class=\"hit\">{}</span>", escape(&visible(&mask(&f.matched)))),
        MatchedText::Shown => {
            let mut s = format!(
                "<span class=\"ctx\">…{}</span><mark class=\"hit\">{}</mark><span class=\"ctx\">{}…</span>",
                escape(&visible(&f.before)),
                escape(&visible(&f.matched)),
                escape(&visible(&f.after))
            );
            if let Some(c) = &f.category {
                let _ = write!(s, "<div class=\"why\">{}{}</div>", w.category_label, escape(&visible(c)));
            }
            if !f.signals.is_empty() {
                // The signals in the record's own language (the finding's `why` is the contract's English).
                let why: Vec<String> = f.signals.iter().map(|g| g.text(w.lang())).collect();
                let sep = if w.lang() == Lang::Zh { "；" } else { "; " };
                let _ = write!(s, "<div class=\"why\">{}{}</div>", w.why_label, escape(&visible(&why.join(sep))));
            } else if !f.why.is_empty() {
                let _ = write!(s, "<div class=\"why\">{}{}</div>", w.why_label, escape(&visible(&f.why.join("; "))));
            }
            s
        }
    }
}

fn location(l: &Location, echo: &dyn Fn(&str) -> String, w: &Words) -> String {
    let mut s = escape(&visible(&echo(&part_text(&l.part, w.lang()))));
    if let Some(p) = l.page {
        let _ = write!(s, " {}", w.page(p));
    }
    if let Some(p) = l.paragraph {
        let _ = write!(s, " {}", w.paragraph(p));
    }
    if let Some(p) = l.line {
        let _ = write!(s, " {}", w.line(p));
    }
    if let Some(c) = l.column {
        let _ = write!(s, " {}", w.column(c));
    }
    if let Some(x) = &l.field {
        let _ = write!(s, " [{}]", escape(&visible(&echo(x))));
    }
    s
}

fn coverage(out: &mut String, r: &FileReport, echo: &dyn Fn(&str) -> String, w: &Words) {
    let c = &r.coverage;
    let _ = write!(
        out,
        "<p class=\"coverage\"><b>{}</b>{}",
        w.coverage_label,
        w.coverage(c.read.len(), c.read_generically.len(), c.unread.len())
    );
    out.push_str("</p>\n");
    if c.unread.is_empty() {
        return;
    }
    out.push_str("<ul class=\"unread\">\n");
    for u in &c.unread {
        let flag = if u.needs_review { w.needs_review } else { "" };
        let _ = writeln!(
            out,
            "<li><span class=\"part\">{}</span>: {}{flag}</li>",
            escape(&visible(&echo(&part_text(&u.part, w.lang())))),
            escape(&visible(&echo(&u.reason.text(w.lang()))))
        );
    }
    out.push_str("</ul>\n");
}

fn signatures(out: &mut String, w: &Words) {
    let _ = writeln!(out, "<section class=\"sign\">\n<h2>{}</h2>", w.sign_heading);
    let _ = writeln!(
        out,
        "<table class=\"sign\"><tbody>\n<tr><th>{}</th><td colspan=\"5\" class=\"opinion\"></td></tr>\n<tr><th>{}</th><td class=\"blank\"></td><th>{}</th><td class=\"blank\"></td><th>{}</th><td class=\"blank\"></td></tr>\n<tr><th>{}</th><td colspan=\"5\" class=\"opinion\"></td></tr>\n<tr><th>{}</th><td class=\"blank\"></td><th>{}</th><td class=\"blank\"></td><th>{}</th><td class=\"blank\"></td></tr>\n</tbody></table>\n</section>",
        w.review_opinion, w.reviewer, w.signature, w.date, w.approval_opinion, w.approver, w.signature, w.date
    );
}

#[cfg(test)]
mod tests;
