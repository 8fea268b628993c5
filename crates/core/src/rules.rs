//! Compiled rules: markings, the generic document number, and dictionaries, ready to scan.

use crate::dictionary::{Dictionary, Entry, Pattern};
use crate::level::{Class, Severity};
use crate::matcher::literal::LiteralMatcher;
use crate::matcher::patterns::PatternMatcher;

/// Why rules could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The literal automaton could not be built.
    #[error(transparent)]
    Automaton(#[from] crate::matcher::literal::BuildError),
    /// The pattern set could not be built.
    #[error("cannot compile the dictionary patterns: {0}")]
    Patterns(#[from] regex::Error),
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
    pub(crate) builtin: bool,
    stats: RulesStats,
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

    /// Figures about this rule set.
    pub fn stats(&self) -> &RulesStats {
        &self.stats
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
        let mut literals: Vec<(&str, u32)> = Vec::with_capacity(entries.len());
        for (id, e) in entries.iter().enumerate() {
            match &e.pattern {
                Pattern::Literal(t) => literals.push((t.as_str(), id as u32)),
                Pattern::Regex(r) => regexes.push((r.as_str(), id as u32)),
            }
        }
        // One matcher value per distinct normalised term: the strongest entry wins, and an allow
        // entry wins over all (an operator who allows a term means it).
        literals.sort_unstable();
        let mut terms: Vec<(&str, u32)> = Vec::with_capacity(literals.len());
        for group in literals.chunk_by(|a, b| a.0 == b.0) {
            stats.merged_duplicates += group.len() - 1;
            let best = group.iter().copied().reduce(|a, b| if stronger(&entries[b.1 as usize], &entries[a.1 as usize]) { b } else { a });
            terms.extend(best);
        }
        let literal = LiteralMatcher::new(&terms)?;
        let patterns = PatternMatcher::new(&regexes)?;
        stats.terms = terms.len();
        stats.patterns = regexes.len();
        stats.automaton_bytes = literal.as_ref().map_or(0, |l| l.heap_bytes());
        drop(terms);
        drop(regexes);
        Ok(Rules { entries, literal, patterns, builtin: self.defaults, stats })
    }
}

fn stronger(a: &Entry, b: &Entry) -> bool {
    let rank = |e: &Entry| match e.class {
        Class::Allow => 10,
        c => match c.severity() {
            Severity::Block => 3,
            Severity::Review => 2,
            Severity::Info => 1,
        },
    };
    rank(a) > rank(b)
}
