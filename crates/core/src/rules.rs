//! Compiled rules: markings, the generic document number, and dictionaries, ready to scan.

use crate::compiled::{CompiledError, In, Out};
use crate::dictionary::{Dictionary, Entry, Pattern};
use crate::level::Class;
use crate::listed_numbers::ListedNumbers;
use crate::matcher::literal::LiteralMatcher;
use crate::matcher::patterns::PatternMatcher;
use rayon::slice::ParallelSliceMut;

/// Why rules could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The literal automaton could not be built.
    #[error(transparent)]
    Automaton(#[from] crate::matcher::literal::BuildError),
    /// The pattern set could not be built.
    #[error("cannot compile the dictionary patterns: {0}")]
    Patterns(#[from] regex::Error),
    /// A compiled rule set was refused.
    #[error(transparent)]
    Compiled(#[from] CompiledError),
}

/// Figures about a compiled rule set.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RulesStats {
    /// Dictionaries, by name.
    pub dictionaries: Vec<String>,
    /// Distinct literal terms in the automaton.
    pub terms: usize,
    /// `re:` entries.
    pub patterns: usize,
    /// `re:` entries with no keyword to prefilter on: they run on every segment.
    pub patterns_without_keyword: usize,
    /// `allow` entries.
    pub allow: usize,
    /// Entries that normalise to a term already listed (the strongest level wins).
    pub merged_duplicates: usize,
    /// Memory used by the literal automaton.
    pub automaton_bytes: usize,
    /// Whether the built-in markings and document-number rules are on.
    pub default_rules: bool,
}

/// Everything a scan needs, compiled once and shared by all threads.
pub struct Rules {
    pub(crate) entries: Vec<Entry>,
    pub(crate) literal: Option<LiteralMatcher>,
    pub(crate) patterns: Option<PatternMatcher>,
    /// Entries naming document numbers, matched by what a number says (see `listed_numbers`).
    pub(crate) listed: Option<ListedNumbers>,
    pub(crate) builtin: bool,
    /// Characters kept at each end of a paragraph to match across its boundary (see `junction`).
    pub(crate) junction_reach: usize,
    /// Registered documents to find excerpts of (see [`Rules::with_excerpts`]).
    pub(crate) excerpts: Option<std::sync::Arc<dyn crate::ExcerptMatcher>>,
    stats: RulesStats,
}

/// How far from a boundary a match across it can start or end: the longest literal term less
/// one character, and at least enough for a mark with a date (`秘密★2027年12月31日`) or a short
/// series pattern; at most 64 characters.
fn junction_reach(entries: &[Entry]) -> usize {
    let longest = entries
        .iter()
        .filter_map(|e| match &e.pattern {
            Pattern::Literal(t) => Some(t.chars().count()),
            Pattern::Regex(_) => None,
        })
        .max()
        .unwrap_or(0);
    longest.saturating_sub(1).clamp(16, 64)
}

impl Rules {
    /// The default rules: markings, document numbers and the shipped dictionary.
    pub fn builtin() -> Rules {
        RulesBuilder::new().build().expect("the built-in rules compile")
    }

    /// Starts a rule set.
    pub fn builder() -> RulesBuilder {
        RulesBuilder::new()
    }

    /// These rules, also finding excerpts of registered documents with `matcher` (a fingerprint
    /// index): its findings are counted and judged with the others. Compiled rules
    /// ([`Rules::to_compiled`]) never hold it; it is given again after loading.
    pub fn with_excerpts(mut self, matcher: std::sync::Arc<dyn crate::ExcerptMatcher>) -> Rules {
        self.excerpts = Some(matcher);
        self
    }

    /// Whether excerpts of registered documents are looked for.
    pub fn has_excerpts(&self) -> bool {
        self.excerpts.is_some()
    }

    /// Figures about this rule set.
    pub fn stats(&self) -> &RulesStats {
        &self.stats
    }

    /// Every entry, built-in ones first; a finding's rule id `dict:line` names one of them.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// An estimate of the memory held by the compiled rules: the literal matcher's arrays and the
    /// entries (their structs and strings). Compiled patterns are not counted.
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .map(|e| {
                let text = match &e.pattern {
                    Pattern::Literal(t) | Pattern::Regex(t) => t.capacity(),
                };
                std::mem::size_of::<Entry>() + text + e.category.as_ref().map_or(0, String::capacity)
            })
            .sum();
        self.stats.automaton_bytes + entries
    }

    /// Counts the occurrences of dictionary terms and patterns in text that is already
    /// normalised, without building findings: matching alone, for benchmarks.
    pub fn count_dictionary_matches(&self, normalized: &str) -> usize {
        let mut n = 0;
        if let Some(l) = &self.literal {
            l.for_each_match(normalized, |_| n += 1);
        }
        if let Some(p) = &self.patterns {
            p.for_each_match(normalized, |_| n += 1);
        }
        n
    }

    /// The compiled form of these rules (see the `compiled` module for the format): loaded by
    /// [`Rules::from_compiled`] without parsing or building anything but the patterns.
    pub fn to_compiled(&self) -> Vec<u8> {
        let mut out = Out(Vec::new());
        out.u8(self.builtin as u8);
        out.u32(self.stats.dictionaries.len() as u32);
        for d in &self.stats.dictionaries {
            out.str(d);
        }
        crate::compiled::write_entries(&mut out, &self.entries);
        out.u64(self.stats.merged_duplicates as u64);
        out.u64(self.stats.terms as u64);
        match &self.literal {
            Some(l) => {
                out.u8(1);
                l.write(&mut out);
            }
            None => out.u8(0),
        }
        crate::compiled::seal(self.entries.len(), out.0)
    }

    /// Loads rules written by [`Rules::to_compiled`], refusing a foreign, stale or corrupt file.
    ///
    /// ```
    /// use mijian_core::{Dictionary, Rules, RulesError};
    /// let d = Dictionary::parse("codes", "紫电计划\t机密\n".as_bytes()).unwrap();
    /// let bytes = Rules::builder().dictionary(d).build().unwrap().to_compiled();
    /// let rules = Rules::from_compiled(&bytes).unwrap();
    /// assert_eq!(rules.find_in_text("紫電計劃").findings[0].rule, "codes:1");
    /// let mut bad = bytes.clone();
    /// *bad.last_mut().unwrap() ^= 1;
    /// assert!(matches!(Rules::from_compiled(&bad), Err(RulesError::Compiled(_))));
    /// ```
    pub fn from_compiled(bytes: &[u8]) -> Result<Rules, RulesError> {
        let (count, payload) = crate::compiled::open(bytes)?;
        let mut inp = In::new(payload);
        let builtin = inp.u8()? != 0;
        let mut dictionaries = Vec::new();
        for _ in 0..inp.u32()? {
            dictionaries.push(inp.str()?.to_string());
        }
        let entries = crate::compiled::read_entries(&mut inp, count)?;
        let merged_duplicates = inp.u64()? as usize;
        let terms = inp.u64()? as usize;
        let literal = match inp.u8()? {
            0 => None,
            _ => Some(LiteralMatcher::read(&mut inp, entries.len())?),
        };
        if !inp.done() {
            return Err(crate::compiled::corrupt("trailing bytes").into());
        }
        let regexes: Vec<(&str, u32)> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match &e.pattern {
                Pattern::Regex(r) => Some((r.as_str(), i as u32)),
                Pattern::Literal(_) => None,
            })
            .collect();
        let patterns = PatternMatcher::new(&regexes)?;
        let stats = RulesStats {
            dictionaries,
            terms,
            patterns: regexes.len(),
            patterns_without_keyword: patterns.as_ref().map_or(0, |p| p.counts().1),
            allow: entries.iter().filter(|e| e.class == Class::Allow).count(),
            merged_duplicates,
            automaton_bytes: literal.as_ref().map_or(0, |l| l.heap_bytes()),
            default_rules: builtin,
        };
        drop(regexes);
        let junction_reach = junction_reach(&entries);
        let listed = ListedNumbers::new(&entries)?;
        Ok(Rules { entries, literal, patterns, listed, builtin, junction_reach, excerpts: None, stats })
    }
}

/// Collects dictionaries and options, then compiles them.
pub struct RulesBuilder {
    dictionaries: Vec<Dictionary>,
    defaults: bool,
}

impl Default for RulesBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl RulesBuilder {
    /// With the default rules on and no dictionary yet.
    pub fn new() -> Self {
        RulesBuilder { dictionaries: Vec::new(), defaults: true }
    }

    /// Turns the built-in markings, the document-number rule and the shipped dictionary on or off.
    pub fn default_rules(mut self, on: bool) -> Self {
        self.defaults = on;
        self
    }

    /// Adds a dictionary.
    pub fn dictionary(mut self, d: Dictionary) -> Self {
        self.dictionaries.push(d);
        self
    }

    /// Compiles the rules.
    pub fn build(self) -> Result<Rules, RulesError> {
        let mut dictionaries = self.dictionaries;
        if self.defaults {
            dictionaries.insert(0, Dictionary::builtin());
        }
        let mut stats = RulesStats { default_rules: self.defaults, ..Default::default() };
        let mut entries: Vec<Entry> = Vec::new();
        for d in dictionaries {
            stats.dictionaries.push(d.name().to_string());
            entries.extend(d.into_entries());
        }
        stats.allow = entries.iter().filter(|e| e.class == Class::Allow).count();
        let mut regexes: Vec<(&str, u32)> = Vec::new();
        // Each literal with whether it is one of its term's other spellings (`KJ3型` for `KJ-3型`).
        let mut literals: Vec<(&str, u32, bool)> = Vec::with_capacity(entries.len());
        // The other spellings, back to back in one string, each with where it ends there and its
        // entry: a quarter of a realistic list's terms have one to three (numbered designations),
        // and a `String` apiece cost 10^6 terms ~30 MB more at the peak (benches/README.md,
        // session 14).
        let mut spelled = String::new();
        let mut spelling_ends: Vec<(usize, u32)> = Vec::new();
        for (id, e) in entries.iter().enumerate() {
            match &e.pattern {
                Pattern::Literal(t) => {
                    literals.push((t.as_str(), id as u32, false));
                    for s in crate::dictionary::other_spellings(t) {
                        spelled.push_str(&s);
                        spelling_ends.push((spelled.len(), id as u32));
                    }
                }
                Pattern::Regex(r) => regexes.push((r.as_str(), id as u32)),
            }
        }
        literals.reserve_exact(spelling_ends.len());
        let mut from = 0;
        for &(to, id) in &spelling_ends {
            literals.push((&spelled[from..to], id, true));
            from = to;
        }
        drop(spelling_ends);
        // One matcher value per distinct normalised term: the strongest entry wins, and an allow
        // entry wins over all (an operator who allows a term means it); a term as written wins over
        // another term's other spelling.
        // Entry ids differ: the order is total, the same on any number of threads.
        literals.par_sort_unstable();
        let mut terms: Vec<(&str, u32)> = Vec::with_capacity(literals.len());
        for group in literals.chunk_by(|a, b| a.0 == b.0) {
            let written = group.iter().filter(|l| !l.2).count();
            stats.merged_duplicates += written.saturating_sub(1);
            stats.terms += usize::from(written > 0);
            let best = group.iter().copied().filter(|l| !l.2 || written == 0).reduce(|a, b| {
                if stronger(&entries[b.1 as usize], &entries[a.1 as usize]) {
                    b
                } else {
                    a
                }
            });
            terms.extend(best.map(|(t, id, _)| (t, id)));
        }
        // Not needed while the matcher is built, its peak of memory (24 bytes a literal).
        drop(literals);
        // The two matchers are built side by side (the regexes of the built-in rules compile
        // while the terms are filed).
        let (literal, patterns) = rayon::join(|| LiteralMatcher::new(&terms), || PatternMatcher::new(&regexes));
        let (literal, patterns) = (literal?, patterns?);
        stats.patterns = regexes.len();
        stats.patterns_without_keyword = patterns.as_ref().map_or(0, |p| p.counts().1);
        stats.automaton_bytes = literal.as_ref().map_or(0, |l| l.heap_bytes());
        drop(terms);
        drop(spelled);
        drop(regexes);
        let junction_reach = junction_reach(&entries);
        let listed = ListedNumbers::new(&entries)?;
        Ok(Rules { entries, literal, patterns, listed, builtin: self.defaults, junction_reach, excerpts: None, stats })
    }
}

fn stronger(a: &Entry, b: &Entry) -> bool {
    crate::policy::precedence(a.class) > crate::policy::precedence(b.class)
}
