//! Loading dictionaries and compiling the rules, with errors for people.

use mijian_core::{Dictionary, Rules};
use std::path::PathBuf;

/// Loads every dictionary (reporting every bad line of every file) and compiles the rules.
pub(crate) fn load(dicts: &[PathBuf], defaults: bool) -> Result<Rules, String> {
    let mut builder = Rules::builder().default_rules(defaults);
    let mut errors = Vec::new();
    for path in dicts {
        match Dictionary::load(path) {
            Ok(d) => builder = builder.dictionary(d),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(format!("bad dictionary, nothing loaded:\n{}", errors.join("\n")));
    }
    builder.build().map_err(|e| e.to_string())
}
