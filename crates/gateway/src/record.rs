//! The review record of a decision (`POST /v1/scan?record=1`, the staff page's record button).
//!
//! The gateway keeps nothing after answering, so the record travels in the answer: the page
//! holds it and opens or saves it when asked. It is rendered by the same `mijian_record` as
//! `mijian scan --record`, in both languages (the page's switch may change after the check).
//!
//! The record is filed paper: its matched text is masked and its echoed names scrubbed whatever
//! the request may see on screen, unless the operator runs the gateway with `--show-matched`.

use crate::decision::Decision;
use mijian_core::Lang;
use mijian_record::{host_name, local_time_now, render, MatchedText, Origin, RecordFacts};
use serde::Serialize;

/// The record of one decision, in each language the page speaks.
#[derive(Serialize)]
pub struct RecordPages {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// Renders the record of `decision`.
pub fn pages(decision: &Decision, show_matched: bool) -> RecordPages {
    let matched = if show_matched { MatchedText::Shown } else { MatchedText::Masked };
    // One time and host for both languages: they are two copies of one record.
    let facts = RecordFacts {
        lang: Lang::Zh,
        checked_at: local_time_now(),
        host: host_name(),
        origin: Origin::Gateway { request_id: decision.request_id.clone() },
        rules: decision.rules.clone(),
        matched,
    };
    // The record lists each file's reports flat, the file first, as the CLI's record does.
    let flat: Vec<Vec<mijian_inspect::FileReport>> =
        decision.files.iter().map(|f| f.reports().cloned().collect()).collect();
    let groups: Vec<&[mijian_inspect::FileReport]> = flat.iter().map(Vec::as_slice).collect();
    let one = |lang| {
        let facts = RecordFacts { lang, ..facts.clone() };
        match matched {
            MatchedText::Shown => render(&facts, &groups, &|s| s.to_string()),
            MatchedText::Masked => render(&facts, &groups, &|s| decision.scrubber.scrub(s).into_owned()),
        }
    };
    RecordPages { zh: one(Lang::Zh), en: one(Lang::En) }
}
