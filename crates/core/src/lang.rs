//! The language of every text a person reads (machine fields, ids and the JSON contract do not change).

/// A language mijian speaks to people in. Chinese is the default: the staff at the desk read it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese (zh-CN).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language named by `--lang` (`zh`, `zh-CN`, `en`, `en-US`, …), if it is one mijian speaks.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let primary = s.split(['-', '_', '.', '@']).next().unwrap_or("");
        match primary {
            "zh" | "cn" | "chs" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale value (`LC_ALL`, `LC_MESSAGES`, `LANG`): `en_US.UTF-8` is
    /// English; `C`, `POSIX` and anything not English stay Chinese, the default.
    pub fn from_locale(value: &str) -> Option<Lang> {
        match value.trim() {
            "" => None,
            "C" | "POSIX" | "C.UTF-8" | "C.utf8" => None,
            v => Lang::parse(v),
        }
    }

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
    /// and names a language mijian speaks; otherwise Chinese.
    pub fn from_env() -> Lang {
        Lang::from_vars(|k| std::env::var(k).ok())
    }

    /// [`Lang::from_env`] over any lookup (tests pass their own).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(key) {
                if let Some(lang) = Lang::from_locale(&v) {
                    return lang;
                }
            }
        }
        Lang::Zh
    }

    /// The language preferred by an HTTP `Accept-Language` header (quality values honoured), if any
    /// of its ranges is one mijian speaks.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (i, item) in header.split(',').enumerate() {
            let mut parts = item.split(';');
            let range = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(lang) = Lang::parse(range) {
                // Higher quality wins; at equal quality, the one listed first.
                if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                    best = Some((q, i, lang));
                }
            }
        }
        best.map(|(_, _, l)| l)
    }

    /// The stable id: `zh` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// What the system said when a file could not be opened, read or written, for people in
    /// this language. The operating system words its errors in English (`No such file or
    /// directory (os error 2)`); in Chinese the kind of error is said in Chinese, with the system's
    /// error number for whoever looks it up. A kind without its own words keeps the system's.
    pub fn io_error(self, e: &std::io::Error) -> String {
        use std::io::ErrorKind as K;
        if self == Lang::En {
            return e.to_string();
        }
        let words = match e.kind() {
            K::NotFound => "文件或目录不存在",
            K::PermissionDenied => "没有访问权限",
            K::AlreadyExists => "已经存在",
            K::IsADirectory => "这是一个目录，不是文件",
            K::NotADirectory => "路径中有一段不是目录",
            K::DirectoryNotEmpty => "目录不是空的",
            K::ReadOnlyFilesystem => "文件系统只读",
            K::StorageFull | K::QuotaExceeded => "磁盘空间或配额已满",
            K::FileTooLarge => "文件过大",
            K::OutOfMemory => "内存不足",
            K::UnexpectedEof => "文件意外结束",
            K::InvalidFilename => "文件名无效",
            K::AddrInUse => "地址已被占用",
            K::AddrNotAvailable => "地址不可用（不是本机地址）",
            K::ConnectionRefused => "连接被拒绝",
            K::TimedOut => "超时",
            K::Interrupted => "被中断",
            K::BrokenPipe => "管道已关闭",
            _ => return format!("系统错误：{e}"),
        };
        match e.raw_os_error() {
            Some(code) => format!("{words}（系统错误码 {code}）"),
            None => words.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_locales() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            Lang::from_vars(move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()))
        };
        assert_eq!(env(&[]), Lang::Zh);
        assert_eq!(env(&[("LANG", "en_GB.UTF-8")]), Lang::En);
        assert_eq!(env(&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")]), Lang::Zh);
        assert_eq!(env(&[("LC_ALL", "C"), ("LANG", "en_US.UTF-8")]), Lang::En, "C names no language");
    }

    #[test]
    fn system_errors_are_said_in_the_language_with_their_number() {
        let missing = std::io::Error::from_raw_os_error(2);
        assert_eq!(Lang::En.io_error(&missing), missing.to_string());
        assert_eq!(Lang::Zh.io_error(&missing), "文件或目录不存在（系统错误码 2）");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(Lang::Zh.io_error(&denied), "没有访问权限");
        let other = std::io::Error::other("disk on fire");
        assert_eq!(Lang::Zh.io_error(&other), "系统错误：disk on fire");
    }

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, zh;q=0.5, en;q=0.4"), Some(Lang::Zh));
        assert_eq!(Lang::from_accept_language("en;q=0, zh-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
    }
}
