//! The signals that made a marking rule fire, as types: a stable id each, with the words they
//! saw as arguments, rendered for people in Chinese or English at the edge.
//!
//! A finding says *why* it is a mark (the star and a period, alone on its line, line 2 of the
//! 版头, under a 份号) or why it is only a mention (quoted as an example, an option of a quiz).
//! Tests and machines match the [`Signal`]; people read [`Signal::text`].

use crate::lang::Lang;
use serde::{Serialize, Serializer};
use std::fmt;

/// One signal a marking rule saw. The arguments are words of the mark itself (a level, a period),
/// so the signal's [`id`](Signal::id) is what logs and the JSON `signals` carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    /// A level word followed by a star (`机密★`).
    Star {
        /// The level as written.
        level: String,
    },
    /// A 保密期限, 解密时间 or 解密条件 after the star (`1年`, `启用前`).
    Period {
        /// The period or condition as written.
        period: String,
    },
    /// A star with nothing after it.
    NoPeriod,
    /// Quoted as an example in running text: in quotes, or after 如/例如/形式….
    QuotedExample {
        /// `in quotes` or the introducing word.
        cue: &'static str,
    },
    /// A mark talked about in a list (a quiz option, a price list, beside other marks).
    MarkTalkedAbout {
        /// What the list is.
        cue: &'static str,
    },
    /// A disclosure attribute (公开属性) talked about in a list.
    DisclosureTalkedAbout {
        /// What the list is.
        cue: &'static str,
    },
    /// A star mark without a period outside the places where marks stand.
    OutsideMarkPlaces,
    /// A commercial-secret level (`核心商密`, `普通商密`).
    CommercialLevel {
        /// The level as written.
        level: String,
    },
    /// `▲` and a period after a commercial-secret level.
    TriangleAndPeriod {
        /// The period as written.
        period: String,
    },
    /// `▲` after a commercial-secret level.
    Triangle,
    /// `▲` after a commercial-secret level inside running text.
    TriangleInText,
    /// `此件不予公开`: the document declares itself not for release.
    DeclaredNotForRelease,
    /// `不予公开` standing alone as a mark.
    NotForReleaseAlone,
    /// `此件依申请公开`, `此件删减后公开`: not to be published proactively as it stands.
    LimitedDisclosure {
        /// The attribute as written.
        attribute: String,
    },
    /// The level box of a 密级 field of a drafting form (发文稿纸) is ticked.
    TickedBox {
        /// The level ticked.
        level: &'static str,
    },
    /// The form's 保密期限 is filled in.
    PeriodFilledIn,
    /// The form's 保密期限 is empty.
    NoPeriodFilledIn,
    /// An internal mark (`内部资料 注意保存`, `工作秘密★`).
    InternalMark {
        /// The mark as written.
        mark: String,
    },
    /// A 密级 label (`密级：机密`).
    LevelLabel {
        /// The level as written.
        level: String,
    },
    /// The document states its own level in words (`本文件属机密级`).
    StatedLevel {
        /// The statement as written.
        statement: String,
    },
    /// A form answers yes to whether the document is classified (`是否涉密：是`).
    AnsweredClassified,
    /// A document property named for the level (`机密`, `是否涉密`) says yes.
    PropertySaysYes {
        /// The property's name.
        name: String,
    },
    /// A level word or internal mark alone on its line.
    LoneWord {
        /// The word.
        word: String,
    },
    /// Nothing else on its line (fillers, a 份号 and urgency aside).
    AloneOnLine,
    /// In a page header.
    InHeader,
    /// In a page footer.
    InFooter,
    /// In the document properties.
    InProperties,
    /// On a line of the document head (版头), 1-based.
    HeadLine {
        /// The line.
        line: u32,
    },
    /// On the line after a 份号.
    AfterCopyNumber,
    /// After a 份号 on the same line.
    CopyNumberOnLine,
    /// Found only once a paragraph, line or cell boundary was joined (`机` | `密★1年`).
    JoinedAcrossBoundary,
}

impl Signal {
    /// The stable id (`star`, `period`, `alone_on_line`, `head_line`, …).
    pub fn id(&self) -> &'static str {
        match self {
            Signal::Star { .. } => "star",
            Signal::Period { .. } => "period",
            Signal::NoPeriod => "no_period",
            Signal::QuotedExample { .. } => "quoted_example",
            Signal::MarkTalkedAbout { .. } => "mark_talked_about",
            Signal::DisclosureTalkedAbout { .. } => "disclosure_talked_about",
            Signal::OutsideMarkPlaces => "outside_mark_places",
            Signal::CommercialLevel { .. } => "commercial_level",
            Signal::TriangleAndPeriod { .. } => "triangle_and_period",
            Signal::Triangle => "triangle",
            Signal::TriangleInText => "triangle_in_text",
            Signal::DeclaredNotForRelease => "declared_not_for_release",
            Signal::NotForReleaseAlone => "not_for_release_alone",
            Signal::LimitedDisclosure { .. } => "limited_disclosure",
            Signal::TickedBox { .. } => "ticked_box",
            Signal::PeriodFilledIn => "period_filled_in",
            Signal::NoPeriodFilledIn => "no_period_filled_in",
            Signal::InternalMark { .. } => "internal_mark",
            Signal::LevelLabel { .. } => "level_label",
            Signal::StatedLevel { .. } => "stated_level",
            Signal::AnsweredClassified => "answered_classified",
            Signal::PropertySaysYes { .. } => "property_says_yes",
            Signal::LoneWord { .. } => "lone_word",
            Signal::AloneOnLine => "alone_on_line",
            Signal::InHeader => "in_header",
            Signal::InFooter => "in_footer",
            Signal::InProperties => "in_properties",
            Signal::HeadLine { .. } => "head_line",
            Signal::AfterCopyNumber => "after_copy_number",
            Signal::CopyNumberOnLine => "copy_number_on_line",
            Signal::JoinedAcrossBoundary => "joined_across_boundary",
        }
    }

    /// The wording for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.to_string(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Signal::Star { level } => format!("{level}后接★"),
            Signal::Period { period } => format!("并有保密期限或解密条件（{period}）"),
            Signal::NoPeriod => "★后没有保密期限".into(),
            Signal::QuotedExample { cue } => format!("在正文中作为示例引用（{}）", cue_zh(cue)),
            Signal::MarkTalkedAbout { cue } => format!("{}：是在谈论密级标志，不是本文件自己的标志", cue_zh(cue)),
            Signal::DisclosureTalkedAbout { cue } => {
                format!("{}：是在谈论公开属性，不是本文件自己的公开属性", cue_zh(cue))
            }
            Signal::OutsideMarkPlaces => "不在版头、页眉页脚或文档属性中".into(),
            Signal::CommercialLevel { level } => level.clone(),
            Signal::TriangleAndPeriod { period } => format!("带▲和保密期限（{period}）"),
            Signal::Triangle => "带▲".into(),
            Signal::TriangleInText => "▲出现在正文行文中".into(),
            Signal::DeclaredNotForRelease => "文件声明自身不予公开（此件……）".into(),
            Signal::NotForReleaseAlone => "“不予公开”单独成行，作为标志".into(),
            Signal::LimitedDisclosure { attribute } => format!("公开属性{attribute}：不能原样主动公开"),
            Signal::TickedBox { level } => format!("发文稿纸密级栏勾选了“{level}”"),
            Signal::PeriodFilledIn => "并填写了保密期限".into(),
            Signal::NoPeriodFilledIn => "未填写保密期限".into(),
            Signal::InternalMark { mark } => format!("内部标志{mark}"),
            Signal::LevelLabel { level } => format!("标注“密级：{level}”"),
            Signal::StatedLevel { statement } => format!("文件声明自身的密级（{statement}）"),
            Signal::AnsweredClassified => "表单“是否涉密”一栏答“是”".into(),
            Signal::PropertySaysYes { name } => format!("文档属性“{name}”的值为“是”"),
            Signal::LoneWord { word } => format!("{word}单独成行"),
            Signal::AloneOnLine => "单独成行".into(),
            Signal::InHeader => "位于页眉".into(),
            Signal::InFooter => "位于页脚".into(),
            Signal::InProperties => "位于文档属性".into(),
            Signal::HeadLine { line } => format!("位于版头第 {line} 行"),
            Signal::AfterCopyNumber => "位于份号之后".into(),
            Signal::CopyNumberOnLine => "与份号同行，位于其后".into(),
            Signal::JoinedAcrossBoundary => "跨段落、行或单元格拼接后才出现".into(),
        }
    }
}

/// The cues are the introducing words themselves (如, 例如, 形式…) or a few English phrases.
fn cue_zh(cue: &str) -> &str {
    match cue {
        "in quotes" => "加了引号",
        "an option of a quiz" => "试题的选项",
        "a row of a price list" => "价目表中的一行",
        "listed with other marks" => "与其他标志并列",
        "inside a sentence" => "在句子中间",
        word => word,
    }
}

/// The English wording: the JSON `why`, as it always read.
impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Signal::Star { level } => write!(f, "{level} followed by a star"),
            Signal::Period { period } => write!(f, "and a period or condition ({period})"),
            Signal::NoPeriod => f.write_str("no period after the star"),
            Signal::QuotedExample { cue } => write!(f, "quoted as an example in running text ({cue})"),
            Signal::MarkTalkedAbout { cue } => write!(f, "{cue}: a mark talked about, not the document's own"),
            Signal::DisclosureTalkedAbout { cue } => {
                write!(f, "{cue}: a disclosure attribute talked about, not the document's own")
            }
            Signal::OutsideMarkPlaces => f.write_str("outside the head, headers and properties"),
            Signal::CommercialLevel { level } => f.write_str(level),
            Signal::TriangleAndPeriod { period } => write!(f, "with ▲ and a period ({period})"),
            Signal::Triangle => f.write_str("with ▲"),
            Signal::TriangleInText => f.write_str("with ▲ inside running text"),
            Signal::DeclaredNotForRelease => f.write_str("the document declares itself not for release (此件…)"),
            Signal::NotForReleaseAlone => f.write_str("不予公开 standing alone as a mark"),
            Signal::LimitedDisclosure { attribute } => {
                write!(f, "disclosure attribute {attribute}: not to be published proactively as it stands")
            }
            Signal::TickedBox { level } => write!(f, "the {level} box of a 密级 field is ticked"),
            Signal::PeriodFilledIn => f.write_str("and a 保密期限 is filled in"),
            Signal::NoPeriodFilledIn => f.write_str("no 保密期限 filled in"),
            Signal::InternalMark { mark } => write!(f, "internal mark {mark}"),
            Signal::LevelLabel { level } => write!(f, "labelled 密级 {level}"),
            Signal::StatedLevel { statement } => write!(f, "the document states its own level ({statement})"),
            Signal::AnsweredClassified => f.write_str("a form answers yes to 是否涉密"),
            Signal::PropertySaysYes { name } => write!(f, "the document property {name} says yes"),
            Signal::LoneWord { word } => write!(f, "{word} alone on its line"),
            Signal::AloneOnLine => f.write_str("alone on its line"),
            Signal::InHeader => f.write_str("in a page header"),
            Signal::InFooter => f.write_str("in a page footer"),
            Signal::InProperties => f.write_str("in the document properties"),
            Signal::HeadLine { line } => write!(f, "on line {line} of the document head"),
            Signal::AfterCopyNumber => f.write_str("after a 份号"),
            Signal::CopyNumberOnLine => f.write_str("after a 份号 on the same line"),
            Signal::JoinedAcrossBoundary => f.write_str("joined across a paragraph, line or cell boundary"),
        }
    }
}

/// Serialised as its id: the words it carries are the mark's own, which JSON consumers get
/// (masked or not) through `matched` and `why`.
impl Serialize for Signal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_reads_in_both_languages_and_serialises_as_its_id() {
        let s = Signal::HeadLine { line: 2 };
        assert_eq!(s.text(Lang::En), "on line 2 of the document head");
        assert_eq!(s.text(Lang::Zh), "位于版头第 2 行");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"head_line\"");
        let q = Signal::QuotedExample { cue: "in quotes" };
        assert_eq!(q.text(Lang::Zh), "在正文中作为示例引用（加了引号）");
        assert_eq!(Signal::QuotedExample { cue: "例如" }.text(Lang::Zh), "在正文中作为示例引用（例如）");
    }
}
