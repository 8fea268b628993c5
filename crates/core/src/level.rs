//! Levels of protection and the verdicts they lead to.
//!
//! A dictionary entry or a marking carries a [`Class`]: the protection the security team (or the
//! document itself) claims for the text. The policy of mijian ([`crate::policy`]) turns a class
//! into a [`Severity`]: state-secret classes block publication, work secrets and sensitive terms
//! ask a reviewer, information (a public document number) never changes the verdict.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The protection class of a finding, as written in dictionaries and markings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Class {
    /// 绝密: top secret.
    #[serde(rename = "绝密")]
    TopSecret,
    /// 机密: secret.
    #[serde(rename = "机密")]
    Secret,
    /// 秘密: confidential.
    #[serde(rename = "秘密")]
    Confidential,
    /// 商密: a commercial secret of a state-owned enterprise (核心商密, 普通商密).
    #[serde(rename = "商密")]
    CommercialSecret,
    /// 不予公开: the document says it must not be published.
    #[serde(rename = "不予公开")]
    NotForRelease,
    /// 工作秘密: a work secret (not a state secret, harmful if leaked).
    #[serde(rename = "工作秘密")]
    WorkSecret,
    /// 内部: internal material (内部资料 注意保存 and the like).
    #[serde(rename = "内部")]
    Internal,
    /// 敏感: a sensitive term; the default for dictionary entries.
    #[serde(rename = "敏感")]
    Sensitive,
    /// 提示: information only, such as a public document number.
    #[serde(rename = "info")]
    Info,
    /// 放行: not a finding; an allow entry that suppresses findings inside its matches.
    #[serde(rename = "allow")]
    Allow,
}

impl Class {
    /// The severity mijian's policy gives this class (decided in [`crate::policy::severity`]).
    pub fn severity(self) -> Severity {
        crate::policy::severity(self)
    }

    /// The name used in dictionaries and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::TopSecret => "绝密",
            Class::Secret => "机密",
            Class::Confidential => "秘密",
            Class::CommercialSecret => "商密",
            Class::NotForRelease => "不予公开",
            Class::WorkSecret => "工作秘密",
            Class::Internal => "内部",
            Class::Sensitive => "敏感",
            Class::Info => "info",
            Class::Allow => "allow",
        }
    }

    /// The class for people: in Chinese, the two classes whose report names are English ids
    /// (`info`, `allow`) are said 提示 and 放行; otherwise the report name.
    pub fn text(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Class::Info, crate::Lang::Zh) => "提示",
            (Class::Allow, crate::Lang::Zh) => "放行",
            _ => self.as_str(),
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every class with the names a dictionary may give it in its level column: the name reports
/// use ([`Class::as_str`]), then its aliases. Each name means one class, so that the class a
/// report shows is the class the dictionary asked for (`internal` is 内部, not 工作秘密).
const LEVEL_NAMES: &[(Class, &[&str])] = &[
    (Class::TopSecret, &["绝密", "top-secret"]),
    (Class::Secret, &["机密", "secret"]),
    (Class::Confidential, &["秘密", "confidential"]),
    (Class::CommercialSecret, &["商密", "commercial-secret"]),
    (Class::NotForRelease, &["不予公开", "not-for-release"]),
    (Class::WorkSecret, &["工作秘密", "work-secret"]),
    (Class::Internal, &["内部", "internal"]),
    (Class::Sensitive, &["敏感", "sensitive", ""]),
    (Class::Info, &["info", "提示"]),
    (Class::Allow, &["allow", "放行"]),
];

/// The error for a level name a dictionary cannot use; it lists the names it can.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level {0:?} (expected one of {names})", names = level_names())]
pub struct UnknownLevel(pub String);

/// The names a level column may hold, for messages: `绝密 (top-secret), 机密 (secret), …`.
pub(crate) fn level_names() -> String {
    let name = |(_, names): &(Class, &[&str])| {
        let aliases: Vec<&str> = names[1..].iter().copied().filter(|a| !a.is_empty()).collect();
        if aliases.is_empty() {
            names[0].to_string()
        } else {
            format!("{} ({})", names[0], aliases.join(", "))
        }
    };
    LEVEL_NAMES.iter().map(name).collect::<Vec<_>>().join(", ")
}

impl FromStr for Class {
    type Err = UnknownLevel;

    /// Parses the level column of a dictionary line: the names reports use and their aliases
    /// (an empty column is 敏感).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        LEVEL_NAMES
            .iter()
            .find(|(_, names)| names.contains(&s))
            .map(|(class, _)| *class)
            .ok_or_else(|| UnknownLevel(s.to_string()))
    }
}

/// What a finding means for publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Never changes the verdict.
    Info,
    /// A person must look before the file is published.
    Review,
    /// The file must not be published.
    Block,
}

impl Severity {
    /// `block`, `review` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::Block => "block",
        }
    }

    /// The level's word for people: 不得发布/需人工审核/提示, or block/review/info. The Chinese
    /// words are the verdicts' own (see [`Verdict::text`]): one vocabulary at the desk.
    pub fn text(self, lang: crate::Lang) -> &'static str {
        match self {
            Severity::Info => lang.pick("提示", "info"),
            Severity::Review => lang.pick("需人工审核", "review"),
            Severity::Block => lang.pick("不得发布", "block"),
        }
    }
}

/// The decision for one file.
///
/// `Error` outranks everything: a file that could not be fully inspected is never `Pass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Everything was read and nothing was found that stops publication.
    Pass,
    /// A person must look: an internal mark, a sensitive term, content that could not be read.
    Review,
    /// Must not be published.
    Block,
    /// The file could not be inspected (corrupt, encrypted, over a limit).
    Error,
}

impl Verdict {
    /// `pass`, `review`, `block` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Review => "review",
            Verdict::Block => "block",
            Verdict::Error => "error",
        }
    }

    /// The verdict's word for people: 不得发布/需人工审核/未发现问题/无法检查, or
    /// block/review/pass/error. One vocabulary for every place a person reads a verdict (the CLI,
    /// the staff page, the review record, the gateway's messages), in the words of a 信息发布保密审查:
    /// the tool never approves publication, so `pass` is "nothing found", not "approved", and
    /// `error` is "could not be checked" (which the policy treats as not publishable).
    pub fn text(self, lang: crate::Lang) -> &'static str {
        match self {
            Verdict::Pass => lang.pick("未发现问题", "pass"),
            Verdict::Review => lang.pick("需人工审核", "review"),
            Verdict::Block => lang.pick("不得发布", "block"),
            Verdict::Error => lang.pick("无法检查", "error"),
        }
    }

    /// The verdict a single finding of this severity leads to.
    pub fn from_severity(s: Severity) -> Verdict {
        match s {
            Severity::Info => Verdict::Pass,
            Severity::Review => Verdict::Review,
            Severity::Block => Verdict::Block,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_aliases_parse() {
        assert_eq!("绝密".parse::<Class>().unwrap(), Class::TopSecret);
        assert_eq!("secret".parse::<Class>().unwrap(), Class::Secret);
        assert_eq!("internal".parse::<Class>().unwrap(), Class::Internal);
        assert_eq!("work-secret".parse::<Class>().unwrap(), Class::WorkSecret);
        assert_eq!("放行".parse::<Class>().unwrap(), Class::Allow);
        assert_eq!("".parse::<Class>().unwrap(), Class::Sensitive);
        assert!("机要".parse::<Class>().is_err());
    }

    #[test]
    fn every_class_parses_back_from_the_name_reports_give_it() {
        for (class, _) in LEVEL_NAMES {
            assert_eq!(class.as_str().parse::<Class>(), Ok(*class), "{class}");
        }
        let err = "机要".parse::<Class>().unwrap_err().to_string();
        assert!(err.contains("内部 (internal)") && err.contains("工作秘密 (work-secret)"), "{err}");
    }

    #[test]
    fn policy_maps_classes_to_severity() {
        assert_eq!(Class::Confidential.severity(), Severity::Block);
        assert_eq!(Class::WorkSecret.severity(), Severity::Review);
        assert_eq!(Class::Sensitive.severity(), Severity::Review);
        assert_eq!(Class::Info.severity(), Severity::Info);
        assert!(Verdict::Error > Verdict::Block && Verdict::Block > Verdict::Review);
    }
}
