//! The rules in force, and their replacement without a restart.
//!
//! A scan takes an `Arc` of the current [`RuleSet`] when it starts and keeps it to the end, so a
//! reload never changes the rules under a scan in flight. A reload reads and compiles everything
//! off the async threads, and swaps the new set in with one atomic store only if all of it
//! compiled; a reload that fails changes nothing and says why.

use crate::config::IndexSource;
use arc_swap::ArcSwap;
use mijian_core::{Dictionary, Lang, NotLoaded, Rules, RulesError};
use mijian_index::{IndexError, KeyError};
use mijian_record::{RulesIdentity, RulesVersion};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Why rules could not be loaded (at start-up or on a reload), typed so that the operator reads
/// it in the gateway's language ([`LoadError::text`]).
#[derive(Debug)]
pub enum LoadError {
    /// A dictionary is missing or has bad lines (every one of them listed).
    Dictionaries(NotLoaded),
    /// The dictionaries parsed but could not be compiled together.
    Compile(RulesError),
    /// The index of registered documents cannot be read.
    IndexFile {
        /// The index file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The index is not usable (foreign, damaged, another key's).
    Index(IndexError),
    /// The index key is not usable.
    Key(KeyError),
    /// The token file is bad (a reload reads it again).
    Tokens(crate::tokens::TokenFileError),
    /// The loading thread stopped before it finished.
    Stopped(String),
}

impl LoadError {
    /// The error for people in `lang`. The words inside that come from elsewhere (a regex
    /// compiler's complaint, a token file's line) follow a lead-in in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let about = |path: &std::path::Path, what: String| format!("{}{}{what}", path.display(), lang.pick("：", ": "));
        match self {
            LoadError::Dictionaries(e) => e.text(lang),
            LoadError::Compile(e) => format!("{}{e}", lang.pick("词典无法编译：", "the dictionaries do not compile: ")),
            LoadError::IndexFile { path, source } => about(path, lang.io_error(source)),
            LoadError::Index(e) => index_error_text(e, lang),
            LoadError::Key(e) => key_error_text(e, lang),
            LoadError::Tokens(e) => e.text(lang),
            LoadError::Stopped(why) => {
                format!("{}{why}", lang.pick("加载中途停止：", "loading stopped before its end: "))
            }
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// An index that could not be opened, read or saved, in `lang`.
pub fn index_error_text(e: &IndexError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        IndexError::Io { path, source } => format!("{}：{}", path.display(), lang.io_error(source)),
        IndexError::Foreign(path) => format!("{}：不是 mijian 的索引文件", path.display()),
        IndexError::Version { path, found } if *found < mijian_index::INDEX_VERSION => format!(
            "{}：索引格式版本为 {found}，是旧版 mijian 建立的，这一版本的 mijian 读不了；请用同一把密钥以 `mijian index add` 重新登记文件、重建索引",
            path.display()
        ),
        IndexError::Version { path, found } => {
            format!("{}：索引格式版本为 {found}，是更新版本的 mijian 建立的，这一版本的 mijian 读不了", path.display())
        }
        IndexError::Corrupt { path, what } => {
            format!("{}：索引已损坏（{what}）；请从备份恢复，或重新建立索引", path.display())
        }
        IndexError::WrongKey(path) => {
            format!("{}：密钥打不开这个索引（索引是用另一把密钥建立的），无法比对任何摘录", path.display())
        }
    }
}

/// A key that could not be made, read or written, in `lang`.
pub fn key_error_text(e: &KeyError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        KeyError::Random(why) => format!("操作系统没有提供随机数：{why}"),
        KeyError::Exists(path) => {
            format!("{}：文件已存在；密钥从不覆盖（用它建立的索引将因此无法使用）", path.display())
        }
        KeyError::Io { path, source } => format!("{}：{}", path.display(), lang.io_error(source)),
        KeyError::NotAKey(path) => {
            format!("{}：不是 mijian 的索引密钥（应为一行 `mijian-index-key v1 <64 位十六进制数>`）", path.display())
        }
    }
}

/// Compiled rules with what identifies them.
pub struct RuleSet {
    /// The compiled rules.
    pub rules: Rules,
    /// A version: the first 16 hex digits of a SHA-256 over the dictionary files' names and bytes
    /// and the default-rules switch. Equal files, equal version ([`RulesVersion`]: `mijian scan
    /// --record` states the same version for the same files).
    pub version: String,
    /// The version with the files it names and their SHA-256, for the review record.
    pub identity: RulesIdentity,
    /// When they were loaded.
    pub loaded_at: SystemTime,
    /// Documents registered in the index in force (0 without an index).
    pub registered: usize,
}

impl RuleSet {
    /// Reads the dictionaries (every bad line of every file reported) and compiles them.
    #[cfg(test)]
    pub fn load(dicts: &[PathBuf], default_rules: bool) -> Result<RuleSet, LoadError> {
        Self::load_with(dicts, default_rules, None)
    }

    /// Reads the dictionaries and, if given, the index of registered documents with its key;
    /// compiles them into one rule set. A damaged index or a wrong key fails the whole load.
    pub fn load_with(
        dicts: &[PathBuf],
        default_rules: bool,
        index: Option<&IndexSource>,
    ) -> Result<RuleSet, LoadError> {
        let mut builder = Rules::builder().default_rules(default_rules);
        let mut version = RulesVersion::new(default_rules);
        // Each file is read once, hashed and parsed from the same bytes: the version names what is
        // compiled.
        let dictionaries =
            Dictionary::load_all(dicts, |name, bytes| version.add(name, bytes)).map_err(LoadError::Dictionaries)?;
        for d in dictionaries {
            builder = builder.dictionary(d);
        }
        let mut rules = builder.build().map_err(LoadError::Compile)?;
        let mut registered = 0;
        if let Some(source) = index {
            // Read once: parsed, checked and hashed on the way (the version names the file).
            let (loaded, file) = mijian_index::Index::open(&source.index).map_err(|e| match e {
                mijian_index::IndexError::Io { path, source } => LoadError::IndexFile { path, source },
                e => LoadError::Index(e),
            })?;
            let key = mijian_index::IndexKey::load(&source.key).map_err(LoadError::Key)?;
            registered = loaded.documents().len();
            let matcher = mijian_index::IndexMatcher::new(loaded, &key, &source.index, source.policy)
                .map_err(LoadError::Index)?;
            rules = rules.with_excerpts(Arc::new(matcher));
            // The index is named in the version, and in the review record.
            let name = source.index.file_name().map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
            version.add_index_digest(&name, file.len, file.sha256, registered);
        }
        let identity = version.finish();
        Ok(RuleSet { rules, version: identity.version.clone(), identity, loaded_at: SystemTime::now(), registered })
    }

    /// Literal terms plus patterns.
    pub fn term_count(&self) -> usize {
        let s = self.rules.stats();
        s.terms + s.patterns
    }
}

/// The rule set in force, shared by every request.
pub struct LiveRules {
    current: ArcSwap<RuleSet>,
    dicts: Vec<PathBuf>,
    default_rules: bool,
    index: Option<IndexSource>,
    reloading: tokio::sync::Mutex<()>,
}

/// What a successful reload did.
#[derive(Debug, serde::Serialize)]
pub struct Reloaded {
    /// The version before.
    pub previous: String,
    /// The version now in force.
    pub version: String,
    /// Terms and patterns now in force.
    pub terms: usize,
    /// Milliseconds spent reading and compiling.
    pub took_ms: u128,
}

impl LiveRules {
    /// Starts with rules already loaded.
    pub fn new(first: RuleSet, dicts: Vec<PathBuf>, default_rules: bool) -> LiveRules {
        LiveRules {
            current: ArcSwap::from_pointee(first),
            dicts,
            default_rules,
            index: None,
            reloading: tokio::sync::Mutex::new(()),
        }
    }

    /// Reloads also read this index (and key) again.
    pub fn with_index(mut self, index: Option<IndexSource>) -> LiveRules {
        self.index = index;
        self
    }

    /// The rules in force now; hold the `Arc` for the whole scan.
    pub fn current(&self) -> Arc<RuleSet> {
        self.current.load_full()
    }

    /// Reads and compiles the dictionaries again on a blocking thread, then swaps them in.
    /// Reloads are serialised; on error the rules in force stay and the error says why.
    pub async fn reload(&self) -> Result<Reloaded, LoadError> {
        let _one_at_a_time = self.reloading.lock().await;
        let started = std::time::Instant::now();
        let (dicts, defaults, index) = (self.dicts.clone(), self.default_rules, self.index.clone());
        let loaded = tokio::task::spawn_blocking(move || RuleSet::load_with(&dicts, defaults, index.as_ref()))
            .await
            .map_err(|e| LoadError::Stopped(e.to_string()))??;
        let version = loaded.version.clone();
        let terms = loaded.term_count();
        let previous = self.current.swap(Arc::new(loaded));
        Ok(Reloaded { previous: previous.version.clone(), version, terms, took_ms: started.elapsed().as_millis() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_follows_the_bytes_and_bad_lines_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("codes.txt");
        std::fs::write(&p, "紫电计划\t机密\n").unwrap();
        let a = RuleSet::load(std::slice::from_ref(&p), true).unwrap();
        let again = RuleSet::load(std::slice::from_ref(&p), true).unwrap();
        assert_eq!(a.version, again.version);
        assert_eq!(a.version.len(), 16);
        std::fs::write(&p, "紫电计划\t机密\n青龙工程\t秘密\n").unwrap();
        let b = RuleSet::load(std::slice::from_ref(&p), true).unwrap();
        assert_ne!(a.version, b.version);
        assert_eq!(b.term_count(), a.term_count() + 1);
        std::fs::write(&p, "好词\t机密\n坏词\t机要\n").unwrap();
        let err = RuleSet::load(std::slice::from_ref(&p), true).err().unwrap();
        let (en, zh) = (err.text(Lang::En), err.text(Lang::Zh));
        assert!(en.contains("codes.txt") && en.contains('2'), "{en}");
        assert!(zh.contains("codes.txt") && zh.contains('2') && zh != en, "{zh}");
    }

    #[tokio::test]
    async fn a_failed_reload_keeps_the_rules_in_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.txt");
        std::fs::write(&p, "紫电计划\t机密\n").unwrap();
        let live = LiveRules::new(RuleSet::load(std::slice::from_ref(&p), false).unwrap(), vec![p.clone()], false);
        let before = live.current();
        std::fs::write(&p, "re:(\t机密\n").unwrap();
        assert!(live.reload().await.is_err());
        assert!(Arc::ptr_eq(&before, &live.current()));
        std::fs::write(&p, "青龙工程\t秘密\n").unwrap();
        let r = live.reload().await.unwrap();
        assert_eq!(r.previous, before.version);
        assert_ne!(r.version, before.version);
        assert_eq!(live.current().rules.find_in_text("青龙工程").findings.len(), 1);
        assert_eq!(
            before.rules.find_in_text("青龙工程").findings.len(),
            0,
            "the old Arc still scans with the old rules"
        );
    }
}
