//! Loading dictionaries and compiling the rules, with errors for people.

use mijian_core::{compiled, Dictionary, Rules};
use std::path::{Path, PathBuf};

/// Loads every dictionary (reporting every bad line of every file) and compiles the rules.
pub(crate) fn load(dicts: &[PathBuf], defaults: bool) -> Result<Rules, String> {
    let dictionaries = parse(dicts)?;
    build(dictionaries, defaults)
}

/// Parses every dictionary, reporting every bad line of every file.
pub(crate) fn parse(dicts: &[PathBuf]) -> Result<Vec<Dictionary>, String> {
    Dictionary::load_all(dicts, |_, _| {}).map_err(|e| e.to_string())
}

/// Compiles parsed dictionaries.
pub(crate) fn build(dictionaries: Vec<Dictionary>, defaults: bool) -> Result<Rules, String> {
    let mut builder = Rules::builder().default_rules(defaults);
    for d in dictionaries {
        builder = builder.dictionary(d);
    }
    builder.build().map_err(|e| e.to_string())
}

/// Loads a compiled rule set (`mijian dict compile`), refusing a foreign, stale or corrupt file.
pub(crate) fn load_compiled(path: &Path) -> Result<Rules, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Rules::from_compiled(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether `path` holds a compiled rule set (by its first bytes, not its name).
pub(crate) fn is_compiled(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && compiled::is_compiled(&head)
}
