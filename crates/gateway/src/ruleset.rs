//! The rules in force, and their replacement without a restart.
//!
//! A scan takes an `Arc` of the current [`RuleSet`] when it starts and keeps it to the end, so a
//! reload never changes the rules under a scan in flight. A reload reads and compiles everything
//! off the async threads, and swaps the new set in with one atomic store only if all of it
//! compiled; a reload that fails changes nothing and says why.

use arc_swap::ArcSwap;
use mijian_core::{Dictionary, Rules};
use mijian_record::{RulesIdentity, RulesVersion};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

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
}

impl RuleSet {
    /// Reads the dictionaries (every bad line of every file reported) and compiles them.
    pub fn load(dicts: &[PathBuf], default_rules: bool) -> Result<RuleSet, String> {
        let mut builder = Rules::builder().default_rules(default_rules);
        let mut version = RulesVersion::new(default_rules);
        // Each file is read once, hashed and parsed from the same bytes: the version names what is
        // compiled.
        let dictionaries =
            Dictionary::load_all(dicts, |name, bytes| version.add(name, bytes)).map_err(|e| e.to_string())?;
        for d in dictionaries {
            builder = builder.dictionary(d);
        }
        let rules = builder.build().map_err(|e| e.to_string())?;
        let identity = version.finish();
        Ok(RuleSet { rules, version: identity.version.clone(), identity, loaded_at: SystemTime::now() })
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
            reloading: tokio::sync::Mutex::new(()),
        }
    }

    /// The rules in force now; hold the `Arc` for the whole scan.
    pub fn current(&self) -> Arc<RuleSet> {
        self.current.load_full()
    }

    /// Reads and compiles the dictionaries again on a blocking thread, then swaps them in.
    /// Reloads are serialised; on error the rules in force stay and the error says why.
    pub async fn reload(&self) -> Result<Reloaded, String> {
        let _one_at_a_time = self.reloading.lock().await;
        let started = std::time::Instant::now();
        let (dicts, defaults) = (self.dicts.clone(), self.default_rules);
        let loaded = tokio::task::spawn_blocking(move || RuleSet::load(&dicts, defaults))
            .await
            .map_err(|e| format!("the reload failed: {e}"))??;
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
        assert!(err.contains("codes.txt") && err.contains('2'), "{err}");
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
        assert_eq!(live.current().rules.scan_text("青龙工程").findings.len(), 1);
        assert_eq!(before.rules.scan_text("青龙工程").findings.len(), 0, "the old Arc still scans with the old rules");
    }
}
