//! Loading dictionaries and compiling the rules, with errors for people.

use mijian_core::{compiled, Dictionary, Rules};
use mijian_record::RulesVersion;
use std::path::{Path, PathBuf};

/// Loads every dictionary (reporting every bad line of every file) and compiles the rules; with
/// them, what identifies them in a review record (the same version the gateway states), open
/// for an index to be added.
pub(crate) fn load(dicts: &[PathBuf], defaults: bool) -> Result<(Rules, RulesVersion), String> {
    let (dictionaries, version) = read(dicts, defaults)?;
    Ok((build(dictionaries, defaults)?, version))
}

/// Parses every dictionary, reporting every bad line of every file.
pub(crate) fn parse(dicts: &[PathBuf]) -> Result<Vec<Dictionary>, String> {
    read(dicts, true).map(|(d, _)| d)
}

/// Reads each dictionary once (core's one loading path), hashing and parsing the same bytes: the
/// identity names what is compiled.
fn read(dicts: &[PathBuf], defaults: bool) -> Result<(Vec<Dictionary>, RulesVersion), String> {
    let mut version = RulesVersion::new(defaults);
    let dictionaries =
        Dictionary::load_all(dicts, |name, bytes| version.add(name, bytes)).map_err(|e| e.text(crate::lang()))?;
    Ok((dictionaries, version))
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
    load_compiled_identified(path).map(|(rules, _)| rules)
}

/// [`load_compiled`], with what identifies the rules in a review record: the version is over the
/// compiled file (its name and bytes), which names the dictionaries compiled into it.
pub(crate) fn load_compiled_identified(path: &Path) -> Result<(Rules, RulesVersion), String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!("{}{}", crate::text::t("无法读取 ", "cannot read "), crate::text::io_error(path.display(), &e))
    })?;
    let rules = Rules::from_compiled(&bytes).map_err(|e| {
        let why = match &e {
            mijian_core::RulesError::Compiled(c) => c.text(crate::lang()),
            other => other.to_string(),
        };
        format!("{}{}{why}", path.display(), crate::text::t("：", ": "))
    })?;
    let mut version = RulesVersion::new(rules.stats().default_rules);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    version.add(&name, &bytes);
    Ok((rules, version))
}

/// Whether `path` holds a compiled rule set (by its first bytes, not its name).
pub(crate) fn is_compiled(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && compiled::is_compiled(&head)
}
