//! The command line's own words for people, in Chinese (the default) or English ([`crate::lang`]).
//! Texts of the engine's types (verdicts, reasons, signals) come from those types' `text` methods.

use crate::lang;
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
    format!("{path}{}{}", t("：", ": "), lang().io_error(e))
}
