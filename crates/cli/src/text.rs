//! The command line's own words for people, in Chinese (the default) or English ([`crate::lang`]).
//! Texts of the engine's types (verdicts, reasons, signals) come from those types' `text` methods.

use crate::lang;
use mijian_core::Lang;
use mijian_index::{IndexError, KeyError, RegisterError};
use std::fmt::Display;

/// The text in this run's language.
pub(crate) fn t(zh: &'static str, en: &'static str) -> &'static str {
    lang().pick(zh, en)
}

/// A path passed over while walking, and why.
pub(crate) fn skipped(path: impl Display, why: impl Display) -> String {
    format!("{}{path}{}{why}", t("mijian：已跳过 ", "mijian: skipped "), t("：", ": "))
}

/// An error about one path.
pub(crate) fn about(path: impl Display, e: impl Display) -> String {
    format!("mijian{}{path}{}{e}", t("：", ": "), t("：", ": "))
}

/// Something said about one place (a file, an option): `PLACE：WHAT`.
pub(crate) fn about_place(place: impl Display, what: impl Display) -> String {
    format!("{place}{}{what}", t("：", ": "))
}

/// A general error.
pub(crate) fn error(e: impl Display) -> String {
    format!("mijian{}{e}", t("：", ": "))
}

/// The output could not be written.
pub(crate) fn cannot_write(e: impl Display) -> String {
    error(format!("{}{e}", t("无法写出结果：", "cannot write the results: ")))
}

/// A file could not be read.
pub(crate) fn cannot_read(path: impl Display, e: &std::io::Error) -> String {
    match lang() {
        mijian_core::Lang::Zh => format!("mijian：无法读取 {path}：{}", lang().io_error(e)),
        mijian_core::Lang::En => format!("mijian: cannot read {path}: {e}"),
    }
}

/// A system error about one path, in this run's language: `PATH：文件或目录不存在（系统错误码 2）`.
pub(crate) fn io_error(path: impl Display, e: &std::io::Error) -> String {
    about_place(path, lang().io_error(e))
}

/// An index that could not be opened, read or saved, in this run's language.
pub(crate) fn index_error(e: &IndexError) -> String {
    mijian_gateway::index_error_text(e, lang())
}

/// A key that could not be made, read or written, in this run's language.
pub(crate) fn key_error(e: &KeyError) -> String {
    mijian_gateway::key_error_text(e, lang())
}

/// A document that could not be registered, in this run's language.
pub(crate) fn register_error(e: &RegisterError) -> String {
    let lang = lang();
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        RegisterError::Index(e) => index_error(e),
        RegisterError::LabelTaken(label) => {
            format!("标签 `{label}` 已经登记过（请先用 `mijian index remove` 删除）")
        }
        RegisterError::Duplicate(label) => format!("同样的文字已登记为 `{label}`"),
        RegisterError::Level(class) => {
            format!("密级 `{class}` 不保护任何内容：请按绝密、机密、秘密、商密、不予公开、工作秘密、内部或敏感登记")
        }
        RegisterError::TooLittle { indexed, needed } => {
            format!("文字太少，无法登记：除套话外只有 {indexed} 个字，至少需要 {needed} 个")
        }
    }
}
