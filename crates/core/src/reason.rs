//! Why a file's verdict is worse than its own findings say: a part left unread, or a member.

use crate::lang::Lang;
use crate::level::Verdict;
use crate::policy::ErrorKind;
use crate::unread::Unread;
use serde::{Serialize, Serializer};
use std::fmt;

/// One reason for a verdict beyond the findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A part was not read, and its kind says a person must look.
    Unread {
        /// The part.
        part: String,
        /// Why it was not read.
        why: Unread,
    },
    /// An embedded file (`outer!inner`) got a worse verdict than the container's own.
    Member {
        /// The member's path.
        path: String,
        /// Its verdict.
        verdict: Verdict,
    },
    /// The file could not be inspected, or not completely: its verdict is `error`.
    Error {
        /// What kind of failure, for programs.
        kind: ErrorKind,
        /// What went wrong, rendered once from the typed error, in English (the contract's
        /// `error`); the report's `error_message` says it in the language chosen for people.
        message: String,
    },
}

impl Reason {
    /// The stable id: the unread kind's id (`no_text_layer`, …), or `member`.
    pub fn id(&self) -> &'static str {
        match self {
            Reason::Unread { why, .. } => why.id(),
            Reason::Member { .. } => "member",
            Reason::Error { kind, .. } => kind.as_str(),
        }
    }

    /// The wording for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Unread { part, why }, Lang::Zh) => format!("{}：{}", crate::part_text(part, lang), why.text(lang)),
            (Reason::Unread { .. }, Lang::En) => self.to_string(),
            (Reason::Member { path, verdict }, Lang::Zh) => format!("内嵌文件 {path}：{}", verdict.text(lang)),
            (Reason::Member { .. }, Lang::En) => self.to_string(),
            (Reason::Error { message, .. }, _) => message.clone(),
        }
    }
}

/// The English wording, as the JSON `reasons` always said it.
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Unread { part, why } => write!(f, "{part}: {why}"),
            Reason::Member { path, verdict } => write!(f, "embedded {path}: {verdict}"),
            Reason::Error { message, .. } => f.write_str(message),
        }
    }
}

/// Serialised as its English wording (the `reasons` of the JSON contract).
impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_in_both_languages() {
        let r = Reason::Unread { part: "page 1".into(), why: Unread::NoTextLayer };
        assert_eq!(r.id(), "no_text_layer");
        assert_eq!(r.to_string(), "page 1: no text layer (image only, needs OCR)");
        assert_eq!(r.text(Lang::Zh), "第 1 页：没有文字层（仅有图片，需 OCR 识别）");
        let m = Reason::Member { path: "a.zip!b.docx".into(), verdict: Verdict::Block };
        assert_eq!(m.text(Lang::En), "embedded a.zip!b.docx: block");
        assert_eq!(m.text(Lang::Zh), "内嵌文件 a.zip!b.docx：不得发布");
    }
}
