//! Checking dictionaries before they are rolled out (`mijian dict check`).
//!
//! Loading a dictionary already refuses bad lines. A check goes further and finds what loads but is
//! wrong, looking at every file given as one rule set (the way `scan --dict A --dict B` loads them):
//!
//! | kind | severity | what |
//! | --- | --- | --- |
//! | `syntax` | error | a line that does not load (every one, with file:line) |
//! | `conflicting-levels` | error | one term (after normalisation) listed with different levels: mijian would silently keep the strongest (`allow` beats all), so the team must say which they mean |
//! | `duplicate` | warning | the same term twice at the same level, also when only normalisation makes them equal (`機密` and `机密`) |
//! | `shadowed` | warning | an entry that can never be reported itself: a weaker duplicate of a term, or a term that an `allow` entry covers wholly (a literal equal to it, or an allow pattern that matches the whole term) |
//! | `single-character` | error | a term of one character at a level that changes the verdict (a warning at `info`) |
//! | `short-term` | warning | a term of two characters |
//! | `regex-matches-empty` | error | a pattern that can match the empty string |
//! | `regex-large` | warning | a pattern whose compiled program is over [`LARGE_REGEX_BYTES`] |
//! | `regex-no-keyword` | warning | a pattern with no required literal: it runs on every segment |
//! | `regex-never-matches` | warning | a pattern with a literal that normalised text never contains (upper case, full-width, traditional characters) |
//!
//! Why one character is an error: a single Chinese character occurs in nearly every document
//! (`密` fires in every regulation about secrets), so a one-character term at a blocking or review
//! level would flag the whole corpus; it is almost always a slip (a truncated line, a stray
//! character). Two characters are often legitimate (a place or person name) but also hit inside
//! ordinary words (`黄片` inside `三黄片`), hence a warning that suggests an `allow` entry.
//!
//! The check is pure: it takes the bytes of each file, and never reads or writes anything.

use super::{Dictionary, Entry, Pattern};
use crate::level::{Class, Severity};
use crate::normalize::normalize_term;
use crate::policy::precedence;
use std::collections::HashMap;
use std::fmt;

/// A pattern whose compiled program is over this many bytes gets a `regex-large` warning: it
/// costs every scan time and memory (the hard limit, which refuses the line, is 1 MiB).
pub const LARGE_REGEX_BYTES: usize = 64 << 10;

/// How bad an issue is: errors make `dict check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueSeverity {
    /// Worth a look; the dictionary can be used.
    Warning,
    /// Must be fixed before rollout.
    Error,
}

/// What an issue is about (see the module's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    Syntax,
    ConflictingLevels,
    Duplicate,
    Shadowed,
    SingleCharacter,
    ShortTerm,
    RegexMatchesEmpty,
    RegexLarge,
    RegexNoKeyword,
    RegexNeverMatches,
}

impl IssueKind {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Syntax => "syntax",
            IssueKind::ConflictingLevels => "conflicting-levels",
            IssueKind::Duplicate => "duplicate",
            IssueKind::Shadowed => "shadowed",
            IssueKind::SingleCharacter => "single-character",
            IssueKind::ShortTerm => "short-term",
            IssueKind::RegexMatchesEmpty => "regex-matches-empty",
            IssueKind::RegexLarge => "regex-large",
            IssueKind::RegexNoKeyword => "regex-no-keyword",
            IssueKind::RegexNeverMatches => "regex-never-matches",
        }
    }
}

/// A line of a dictionary file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Place {
    /// The file, as given to the check.
    pub file: String,
    /// 1-based line (0: the whole file).
    pub line: u32,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One finding of the check.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Issue {
    /// Error or warning.
    pub severity: IssueSeverity,
    /// What kind of problem.
    pub kind: IssueKind,
    /// Where.
    #[serde(flatten)]
    pub place: Place,
    /// For people, in English; it quotes the term (the check is run by the dictionary's owners).
    pub message: String,
    /// The same in Chinese (see [`Issue::text`]); the JSON keeps `message`.
    #[serde(skip)]
    pub message_zh: String,
    /// Other lines involved (the other duplicates, the entry that wins).
    pub related: Vec<Place>,
}

impl Issue {
    /// The issue's line for people, in `lang`: `file:line: 错误[重复]: …` or as [`Display`](fmt::Display) writes it.
    pub fn text(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::En => self.to_string(),
            crate::Lang::Zh => {
                let sev = match self.severity {
                    IssueSeverity::Error => "错误",
                    IssueSeverity::Warning => "警告",
                };
                format!("{}: {sev}[{}]: {}", self.place, self.kind.as_str(), self.message_zh)
            }
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            IssueSeverity::Error => "error",
            IssueSeverity::Warning => "warning",
        };
        write!(f, "{}: {sev}[{}]: {}", self.place, self.kind.as_str(), self.message)
    }
}

/// Everything the check found, in file and line order.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CheckReport {
    /// Files checked.
    pub files: usize,
    /// Entries that loaded.
    pub entries: usize,
    /// Errors among `issues`.
    pub errors: usize,
    /// Warnings among `issues`.
    pub warnings: usize,
    /// Every issue.
    pub issues: Vec<Issue>,
}

/// Checks dictionaries given as `(file name, bytes)`, as one rule set.
///
/// ```
/// use mijian_core::check::{check, IssueKind};
/// let report = check(&[("codes.txt", "機密文件\t机密\n机密文件\t机密\n".as_bytes())]);
/// assert_eq!(report.issues[0].kind, IssueKind::Duplicate);
/// assert_eq!(report.issues[0].place.line, 2);
/// ```
pub fn check(files: &[(&str, &[u8])]) -> CheckReport {
    let mut report = CheckReport { files: files.len(), ..Default::default() };
    // (entry, its raw term as written, its file)
    let mut all: Vec<(Entry, String, usize)> = Vec::new();
    for (fi, (name, bytes)) in files.iter().enumerate() {
        let (entries, errors) = parse_all(name, bytes);
        for e in errors {
            report.issues.push(issue(
                IssueSeverity::Error,
                IssueKind::Syntax,
                place(name, e.line),
                [e.kind.to_string(), format!("语法错误：{}", e.kind.text(crate::Lang::Zh))],
                vec![],
            ));
        }
        let raw_lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        for e in entries {
            let raw = raw_lines.get(e.source.line as usize - 1).map_or_else(String::new, |l| {
                let l = String::from_utf8_lossy(l);
                l.trim_end_matches('\r').split('\t').next().unwrap_or("").to_string()
            });
            all.push((e, raw, fi));
        }
    }
    report.entries = all.len();
    let at = |k: usize| place(files[all[k].2].0, all[k].0.source.line);
    same_pattern(&all, &at, &mut report.issues);
    covered_by_allow_patterns(&all, &at, &mut report.issues);
    for (k, (e, raw, _)) in all.iter().enumerate() {
        match &e.pattern {
            Pattern::Literal(t) => short_term(t, raw, e.class, at(k), &mut report.issues),
            Pattern::Regex(r) => regex_issues(r, at(k), &mut report.issues),
        }
    }
    report.issues.sort_by(|a, b| (&a.place, a.kind as u8).cmp(&(&b.place, b.kind as u8)));
    report.errors = report.issues.iter().filter(|i| i.severity == IssueSeverity::Error).count();
    report.warnings = report.issues.len() - report.errors;
    report
}

fn place(file: &str, line: u32) -> Place {
    Place { file: file.to_string(), line }
}

/// An issue, its message in English and Chinese.
fn issue(severity: IssueSeverity, kind: IssueKind, place: Place, message: [String; 2], related: Vec<Place>) -> Issue {
    let [message, message_zh] = message;
    Issue { severity, kind, place, message, message_zh, related }
}

/// The entries of every good line and the errors of every bad one: the bad lines are blanked
/// (keeping the line numbers) and the rest parsed again.
fn parse_all(name: &str, bytes: &[u8]) -> (Vec<Entry>, Vec<super::DictError>) {
    match Dictionary::parse(name, bytes) {
        Ok(d) => (d.into_entries(), vec![]),
        Err(e) => {
            let bad: std::collections::HashSet<u32> = e.errors.iter().map(|e| e.line).collect();
            let mut kept = Vec::with_capacity(bytes.len());
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                if i > 0 {
                    kept.push(b'\n');
                }
                if !bad.contains(&(i as u32 + 1)) {
                    kept.extend_from_slice(line);
                }
            }
            let entries = Dictionary::parse(name, &kept).map(Dictionary::into_entries).unwrap_or_default();
            (entries, e.errors)
        }
    }
}

/// Duplicates, conflicting levels and weaker duplicates among entries with the same pattern.
fn same_pattern(all: &[(Entry, String, usize)], at: &dyn Fn(usize) -> Place, out: &mut Vec<Issue>) {
    let mut groups: HashMap<&Pattern, Vec<usize>> = HashMap::new();
    for (k, (e, _, _)) in all.iter().enumerate() {
        groups.entry(&e.pattern).or_default().push(k);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for g in groups {
        let first = g[0];
        // The entry the rules keep: the first of the strongest rank.
        let winner = g
            .iter()
            .copied()
            .reduce(|a, b| if precedence(all[b].0.class) > precedence(all[a].0.class) { b } else { a })
            .unwrap();
        let shown = |k: usize| match &all[k].0.pattern {
            Pattern::Literal(t) if *t != all[k].1 => format!("{:?} (normalised: {t:?})", all[k].1),
            Pattern::Literal(t) => format!("{t:?}"),
            Pattern::Regex(r) => format!("re:{r}"),
        };
        if g.iter().any(|&k| all[k].0.class != all[first].0.class) {
            let levels: Vec<String> = g.iter().map(|&k| format!("{} at {}", all[k].0.class, at(k))).collect();
            let levels_zh: Vec<String> = g.iter().map(|&k| format!("{}（{}）", all[k].0.class, at(k))).collect();
            out.push(issue(
                IssueSeverity::Error,
                IssueKind::ConflictingLevels,
                at(first),
                [
                    format!(
                        "{} is listed with different levels ({}); {} at {} is the one that counts",
                        shown(first),
                        levels.join(", "),
                        all[winner].0.class,
                        at(winner)
                    ),
                    format!(
                        "{} 以不同级别列出（{}）；生效的是 {} 处的{}",
                        shown(first),
                        levels_zh.join("、"),
                        at(winner),
                        all[winner].0.class
                    ),
                ],
                g.iter().skip(1).map(|&k| at(k)).collect(),
            ));
        }
        for &k in &g {
            if k == winner {
                continue;
            }
            if all[k].0.class == all[winner].0.class {
                let how = if all[k].1 != all[winner].1 && matches!(all[k].0.pattern, Pattern::Literal(_)) {
                    [
                        format!(
                            "{} is the same term as {:?} at {} after normalisation",
                            shown(k),
                            all[winner].1,
                            at(winner)
                        ),
                        format!("{} 规范化后与 {} 处的 {:?} 是同一词条", shown(k), at(winner), all[winner].1),
                    ]
                } else {
                    [format!("{} duplicates {}", shown(k), at(winner)), format!("{} 与 {} 重复", shown(k), at(winner))]
                };
                out.push(issue(IssueSeverity::Warning, IssueKind::Duplicate, at(k), how, vec![at(winner)]));
            } else {
                out.push(issue(
                    IssueSeverity::Warning,
                    IssueKind::Shadowed,
                    at(k),
                    [
                        format!(
                            "{} at level {} is never reported: the same term at {} ({}) wins",
                            shown(k),
                            all[k].0.class,
                            at(winner),
                            all[winner].0.class
                        ),
                        format!(
                            "级别为{}的 {} 永远不会报告：{} 处的同一词条（{}）优先",
                            all[k].0.class,
                            shown(k),
                            at(winner),
                            all[winner].0.class
                        ),
                    ],
                    vec![at(winner)],
                ));
            }
        }
    }
}

/// Literal terms that an `allow` pattern matches whole: every finding of them is suppressed.
fn covered_by_allow_patterns(all: &[(Entry, String, usize)], at: &dyn Fn(usize) -> Place, out: &mut Vec<Issue>) {
    let (allows, anchored): (Vec<usize>, Vec<String>) = (0..all.len())
        .filter_map(|k| match &all[k].0.pattern {
            Pattern::Regex(r) if all[k].0.class == Class::Allow => Some((k, format!("^(?:{r})$"))),
            _ => None,
        })
        .unzip();
    if allows.is_empty() {
        return;
    }
    let Ok(set) = regex::RegexSetBuilder::new(&anchored).size_limit(64 << 20).build() else { return };
    for (k, (e, _, _)) in all.iter().enumerate() {
        let Pattern::Literal(t) = &e.pattern else { continue };
        if e.class == Class::Allow {
            continue;
        }
        if let Some(a) = set.matches(t).iter().next() {
            let by = allows[a];
            out.push(issue(
                IssueSeverity::Warning,
                IssueKind::Shadowed,
                at(k),
                [
                    format!("{t:?} is never reported: the allow pattern at {} matches the whole term", at(by)),
                    format!("{t:?} 永远不会报告：{} 处的放行模式匹配整个词条", at(by)),
                ],
                vec![at(by)],
            ));
        }
    }
}

fn short_term(term: &str, raw: &str, class: Class, at: Place, out: &mut Vec<Issue>) {
    if class == Class::Allow {
        return;
    }
    let n = term.chars().count();
    let raw_note = if raw != term { format!(" (written {raw:?})") } else { String::new() };
    let raw_note_zh = if raw != term { format!("（写作 {raw:?}）") } else { String::new() };
    if n == 1 {
        let severity = if class.severity() == Severity::Info { IssueSeverity::Warning } else { IssueSeverity::Error };
        out.push(issue(
            severity,
            IssueKind::SingleCharacter,
            at,
            [
                format!("{term:?}{raw_note} is a single character: it occurs in nearly every document"),
                format!("{term:?}{raw_note_zh} 只有一个字：几乎每份文件里都有"),
            ],
            vec![],
        ));
    } else if n == 2 {
        out.push(issue(
            IssueSeverity::Warning,
            IssueKind::ShortTerm,
            at,
            [
                format!(
                    "{term:?}{raw_note} has two characters: it may hit inside ordinary words (add allow entries for those)"
                ),
                format!("{term:?}{raw_note_zh} 只有两个字：可能命中普通词语的一部分（请为这些词语添加放行词条）"),
            ],
            vec![],
        ));
    }
}

fn regex_issues(source: &str, at: Place, out: &mut Vec<Issue>) {
    let Ok(hir) = regex_syntax::Parser::new().parse(source) else { return };
    if hir.properties().minimum_len() == Some(0) {
        out.push(issue(
            IssueSeverity::Error,
            IssueKind::RegexMatchesEmpty,
            at.clone(),
            [
                format!("re:{source} can match the empty string: it says nothing about the text"),
                format!("re:{source} 能匹配空字符串：对文本没有任何约束"),
            ],
            vec![],
        ));
    }
    if regex::RegexBuilder::new(source).size_limit(LARGE_REGEX_BYTES).build().is_err() {
        out.push(issue(
            IssueSeverity::Warning,
            IssueKind::RegexLarge,
            at.clone(),
            [
                format!(
                    "re:{source} compiles to more than {} KiB: it slows every scan (large counted repetitions, big classes)",
                    LARGE_REGEX_BYTES >> 10
                ),
                format!(
                    "re:{source} 编译后超过 {} KiB：会拖慢每次扫描（计数重复过大、字符类过大）",
                    LARGE_REGEX_BYTES >> 10
                ),
            ],
            vec![],
        ));
    }
    if crate::matcher::keywords::keywords(source).is_none() {
        out.push(issue(
            IssueSeverity::Warning,
            IssueKind::RegexNoKeyword,
            at.clone(),
            [
                format!("re:{source} has no literal that every match contains: it runs on every segment"),
                format!("re:{source} 没有每个匹配都包含的字面文字：它会在每个片段上运行"),
            ],
            vec![],
        ));
    }
    let mut bad = Vec::new();
    literal_chars(&hir, &mut bad);
    if !bad.is_empty() {
        let shown: String = bad.iter().collect();
        out.push(issue(
            IssueSeverity::Warning,
            IssueKind::RegexNeverMatches,
            at,
            [
                format!(
                    "re:{source} contains {shown:?}, which normalised text never contains (patterns run on lower-case, half-width, simplified text)"
                ),
                format!("re:{source} 含有 {shown:?}，规范化后的文本中从不出现（模式作用于小写、半角、简体的文本）"),
            ],
            vec![],
        ));
    }
}

/// Literal characters of `hir` that normalisation would change (and so never occur in the text
/// patterns run on).
fn literal_chars(hir: &regex_syntax::hir::Hir, bad: &mut Vec<char>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(l) => {
            for c in String::from_utf8_lossy(&l.0).chars() {
                let mut buf = [0u8; 4];
                let n = normalize_term(c.encode_utf8(&mut buf));
                if !n.is_empty() && n.chars().ne(std::iter::once(c)) && !bad.contains(&c) {
                    bad.push(c);
                }
            }
        }
        HirKind::Capture(c) => literal_chars(&c.sub, bad),
        HirKind::Repetition(r) => literal_chars(&r.sub, bad),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().for_each(|h| literal_chars(h, bad)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(u32, IssueKind, IssueSeverity)> {
        check(&[("d.txt", text.as_bytes())]).issues.iter().map(|i| (i.place.line, i.kind, i.severity)).collect()
    }

    #[test]
    fn a_clean_dictionary_has_no_issue() {
        let r =
            check(&[("d.txt", "紫电计划\t机密\n三黄片\tallow\nre:\\p{Han}密发〔\\d{4}〕\\d+号\t秘密\n".as_bytes())]);
        assert_eq!(r.entries, 3);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
    }

    #[test]
    fn syntax_errors_do_not_hide_the_other_issues() {
        let k = kinds("紫电计划\tTOP\n密\t机密\nre:(\n机密文件\n");
        assert_eq!(
            k,
            vec![
                (1, IssueKind::Syntax, IssueSeverity::Error),
                (2, IssueKind::SingleCharacter, IssueSeverity::Error),
                (3, IssueKind::Syntax, IssueSeverity::Error),
            ]
        );
    }

    #[test]
    fn duplicates_after_normalisation_and_across_files() {
        let r = check(&[("a.txt", "機密文件\t机密\n".as_bytes()), ("b.txt", "机密文件\t机密\n".as_bytes())]);
        assert_eq!(r.issues.len(), 1);
        let i = &r.issues[0];
        assert_eq!((i.kind, i.place.file.as_str(), i.place.line), (IssueKind::Duplicate, "b.txt", 1));
        assert_eq!(i.related, vec![place("a.txt", 1)]);
        assert!(i.message.contains("機密文件"), "{}", i.message);
    }

    #[test]
    fn conflicting_levels_and_the_weaker_entry_is_shadowed() {
        let k = kinds("紫电计划\t敏感\n紫 電 計 劃\t机密\n");
        assert_eq!(
            k,
            vec![
                (1, IssueKind::ConflictingLevels, IssueSeverity::Error),
                (1, IssueKind::Shadowed, IssueSeverity::Warning)
            ]
        );
        // An allow entry beats every level.
        let k = kinds("紫电计划\t机密\n紫电计划\tallow\n");
        assert_eq!(k[0].1, IssueKind::ConflictingLevels);
        assert_eq!(k[1], (1, IssueKind::Shadowed, IssueSeverity::Warning));
    }

    #[test]
    fn allow_patterns_shadow_the_terms_they_match_whole() {
        let k = kinds("re:试验\\d+号\tallow\n试验3号\t秘密\n试验3号楼\t秘密\n");
        assert!(k.contains(&(2, IssueKind::Shadowed, IssueSeverity::Warning)), "{k:?}");
        assert!(!k.iter().any(|x| x.0 == 3), "{k:?}");
    }

    #[test]
    fn short_terms() {
        assert_eq!(kinds("黄片\n"), vec![(1, IssueKind::ShortTerm, IssueSeverity::Warning)]);
        assert_eq!(kinds("密\tinfo\n"), vec![(1, IssueKind::SingleCharacter, IssueSeverity::Warning)]);
        assert!(kinds("密\tallow\n").is_empty());
        // Fillers do not count: `紫 ` is one character.
        assert_eq!(kinds("紫 \t秘密\n")[0].1, IssueKind::SingleCharacter);
    }

    #[test]
    fn regex_issues() {
        let k = kinds("re:(紫电)?\\d*\nre:KJ-\\d+\nre:\\p{Han}{50,200}\tinfo\n");
        assert!(k.contains(&(1, IssueKind::RegexMatchesEmpty, IssueSeverity::Error)), "{k:?}");
        assert!(k.contains(&(1, IssueKind::RegexNoKeyword, IssueSeverity::Warning)), "{k:?}");
        assert!(k.contains(&(2, IssueKind::RegexNeverMatches, IssueSeverity::Warning)), "{k:?}");
        assert!(!k.contains(&(2, IssueKind::RegexNoKeyword, IssueSeverity::Warning)), "{k:?}");
        assert!(k.contains(&(3, IssueKind::RegexLarge, IssueSeverity::Warning)), "{k:?}");
    }
}
