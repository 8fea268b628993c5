//! What exactly was wrong with a refused request: the detail of a 400, 403, 408 or 502, typed.
//!
//! A refusal's detail is built deep inside the body readers (multipart framing, the
//! `Content-Type`, a content coding) but shown at the edge, in the client's language. So each
//! detail is a variant here with one Chinese and one English sentence, as `mijian-extract`'s
//! `Defect` is for files; a third-party library's own message (a decompressor's, hyper's) is
//! carried as a `cause` and follows the sentence in both languages. The English sentence is also
//! what [`Display`](std::fmt::Display) writes, and so what the audit log records.

use crate::content_coding::Coding;
use mijian_core::Lang;
use std::fmt;
use std::time::Duration;

/// Writes `Display` as the English text.
macro_rules! display_in_english {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text(Lang::En))
            }
        }
    )*};
}
display_in_english!(Ambiguity, MultipartFault, Malformed, Lateness, BadRequest, Policy, UpstreamFault);

/// A body that common server stacks (PHP, Java, Node, Go, Python) could read differently: refused
/// rather than forwarded with one reading unchecked. See the `multipart` module for the cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ambiguity {
    // --- the request's Content-Type ---
    /// Two `Content-Type` headers.
    TwoContentTypes,
    /// A `Content-Type` that is not ASCII.
    ContentTypeNotAscii,
    /// A `Content-Type` that is not one `type/subtype` token.
    ContentTypeNotOneType,

    // --- the Content-Type's parameters (the boundary, and the part's Content-Disposition) ---
    /// A decoy parameter whose name contains `boundary` (`xboundary=`): PHP finds it by substring.
    DecoyBoundaryName,
    /// `boundary` in the value of another parameter.
    BoundaryInOtherValue,
    /// `boundary` in the value of the boundary parameter spelt in other case (`BOUNDARY=`).
    BoundaryInMiscasedValue,
    /// Two boundary parameters.
    TwoBoundaries,
    /// A boundary of `len` characters (RFC 2046 allows 1 to `max`).
    BoundaryLength {
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A boundary with characters RFC 2046 does not allow.
    BoundaryCharacters,
    /// An unquoted boundary with characters that need quoting.
    BoundaryNeedsQuotes,
    /// A parameter without `=value`.
    ParameterWithoutValue,
    /// A parameter name that is empty or holds `;`, `"`, a space or a comma.
    ParameterName,
    /// A quoted parameter value without its closing quote.
    UnterminatedQuote,
    /// A backslash-escaped quote in a quoted value: parsers end the value at different places.
    EscapedQuote,
    /// A quote inside an unquoted value.
    StrayQuote,
    /// Text after a parameter's value, before the next `;`.
    TextAfterValue,

    // --- the framing of the parts ---
    /// Content before the first boundary.
    BeforeFirstBoundary,
    /// Content after the closing boundary.
    AfterClosingBoundary,
    /// A boundary followed neither by CRLF nor by `--`.
    BoundaryNotFollowed,
    /// The boundary text inside a part, not at the start of a line.
    BoundaryInsidePart,

    // --- one part's headers ---
    /// Part headers that do not end with an empty line.
    HeadersUnended,
    /// Part headers over `max` bytes.
    HeadersTooLong {
        /// The most allowed.
        max: usize,
    },
    /// A part header line ended by a bare LF.
    BareLf,
    /// A bare CR or a NUL inside a part header.
    BareCrOrNul,
    /// A folded (continued) part header.
    FoldedHeader,
    /// A part header without a colon.
    HeaderWithoutColon,
    /// A malformed part header name (a space before the colon?).
    HeaderName,
    /// A part header given twice: its name when mijian knows it, else `None` (the client's text
    /// is not repeated back).
    HeaderTwice {
        /// The header, if one of those mijian reads.
        header: Option<&'static str>,
    },
    /// A part `Content-Type` that is not UTF-8.
    PartTypeNotUtf8,
    /// A multipart part inside a multipart body.
    NestedMultipart,
    /// A `Content-Transfer-Encoding` other than 7bit, 8bit or binary.
    TransferEncoding,
    /// A part `Content-Length` that is not a number.
    PartLengthMalformed,
    /// A part `Content-Length` that disagrees with the part.
    PartLengthDisagrees,
    /// A part without `Content-Disposition`.
    NoDisposition,
    /// A `Content-Disposition` other than `form-data`.
    DispositionNotFormData,
    /// `filename*` twice.
    FilenameExtTwice,
    /// A `Content-Disposition` parameter other than name, filename, filename*.
    DispositionParameter,
    /// A `Content-Disposition` parameter given twice (two `name`s: which field is it?).
    DispositionParameterTwice,
    /// A part without a name.
    PartWithoutName,

    /// One of the above in part number `part` (1-based).
    InPart {
        /// The part, counted from 1.
        part: usize,
        /// What is wrong in it.
        what: Box<Ambiguity>,
    },
}

impl Ambiguity {
    /// `self`, said to be in part `part` (1-based).
    pub fn in_part(self, part: usize) -> Ambiguity {
        Ambiguity::InPart { part, what: Box::new(self) }
    }

    /// The detail for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Ambiguity as A;
        let s = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
        let zh = lang == Lang::Zh;
        match self {
            A::TwoContentTypes => s("有两个 Content-Type 头", "two Content-Type headers"),
            A::ContentTypeNotAscii => s("Content-Type 含有非 ASCII 字符", "a Content-Type that is not ASCII"),
            A::ContentTypeNotOneType => {
                s("Content-Type 不是单一的“类型/子类型”", "a Content-Type that is not one type/subtype")
            }
            A::DecoyBoundaryName => s(
                "有参数名中含有 boundary 的诱饵参数",
                "a decoy parameter whose name contains `boundary`",
            ),
            A::BoundaryInOtherValue => s("其他参数的值中含有 boundary", "`boundary` in the value of another parameter"),
            A::BoundaryInMiscasedValue => s(
                "大小写不同的 boundary 参数的值中又含有 boundary",
                "`boundary` in the value of a parameter named otherwise than `boundary`",
            ),
            A::TwoBoundaries => s("有两个 boundary 参数", "two boundary parameters"),
            A::BoundaryLength { len, max } => match zh {
                true => format!("boundary 长 {len} 个字符（允许 1 至 {max} 个）"),
                false => format!("a boundary of {len} characters (1 to {max} allowed)"),
            },
            A::BoundaryCharacters => {
                s("boundary 含有 RFC 2046 不允许的字符", "a boundary with characters RFC 2046 does not allow")
            }
            A::BoundaryNeedsQuotes => s(
                "boundary 含有须加引号的字符却未加引号",
                "an unquoted boundary with characters that need quoting",
            ),
            A::ParameterWithoutValue => s("有参数没有值", "a parameter without a value"),
            A::ParameterName => s("参数名格式错误", "a malformed parameter name"),
            A::UnterminatedQuote => s("带引号的参数值缺少结束引号", "an unterminated quoted parameter"),
            A::EscapedQuote => s("参数值中有反斜杠转义的引号", "a backslash-escaped quote in a parameter"),
            A::StrayQuote => s("参数值中有多余的引号", "a stray quote in a parameter"),
            A::TextAfterValue => s("参数值后还有多余文字", "text after a parameter value"),
            A::BeforeFirstBoundary => s("第一个 boundary 之前有内容", "content before the first boundary"),
            A::AfterClosingBoundary => s("结束 boundary 之后还有内容", "content after the closing boundary"),
            A::BoundaryNotFollowed => {
                s("boundary 之后既不是 CRLF 也不是 --", "a boundary not followed by CRLF or --")
            }
            A::BoundaryInsidePart => s(
                "某部分内含有 boundary 文字，且不在 CRLF 之后的行首",
                "the boundary text inside a part, not at the start of a line after CRLF",
            ),
            A::HeadersUnended => s("部分头之后没有空行", "a part whose headers do not end with an empty line"),
            A::HeadersTooLong { max } => match zh {
                true => format!("部分头超过 {} KiB", max >> 10),
                false => format!("part headers over {} KiB", max >> 10),
            },
            A::BareLf => s("部分头以单独的 LF 结尾", "a part header ended by a bare LF"),
            A::BareCrOrNul => s("部分头中有单独的 CR 或 NUL", "a bare CR or NUL in a part header"),
            A::FoldedHeader => s("部分头折行续写", "a folded part header"),
            A::HeaderWithoutColon => s("部分头缺少冒号", "a part header without a colon"),
            A::HeaderName => s(
                "部分头名称格式错误（冒号前有空格？）",
                "a malformed part header name (space before the colon?)",
            ),
            A::HeaderTwice { header: Some(h) } => match zh {
                true => format!("部分头重复出现（{h}）"),
                false => format!("a part header given twice ({h})"),
            },
            A::HeaderTwice { header: None } => s("部分头重复出现（其他头）", "a part header given twice (another header)"),
            A::PartTypeNotUtf8 => s("部分的 Content-Type 不是 UTF-8", "a part Content-Type that is not UTF-8"),
            A::NestedMultipart => s("部分内又嵌套 multipart", "a nested multipart part"),
            A::TransferEncoding => s(
                "部分的 Content-Transfer-Encoding 不是 7bit、8bit 或 binary（有的应用会解码，有的不会）",
                "a Content-Transfer-Encoding other than 7bit, 8bit or binary (some applications decode it, others do not)",
            ),
            A::PartLengthMalformed => s("部分的 Content-Length 格式错误", "a malformed part Content-Length"),
            A::PartLengthDisagrees => {
                s("部分的 Content-Length 与实际长度不符", "a part Content-Length that disagrees with the part")
            }
            A::NoDisposition => s("部分缺少 Content-Disposition", "a part without Content-Disposition"),
            A::DispositionNotFormData => {
                s("Content-Disposition 不是 form-data", "a Content-Disposition other than form-data")
            }
            A::FilenameExtTwice => s("filename* 出现两次", "filename* twice"),
            A::DispositionParameter => s(
                "Content-Disposition 含有 name、filename、filename* 以外的参数",
                "a Content-Disposition parameter other than name, filename, filename*",
            ),
            A::DispositionParameterTwice => {
                s("Content-Disposition 的参数重复出现", "a Content-Disposition parameter given twice")
            }
            A::PartWithoutName => s("部分缺少 name", "a part without a name"),
            A::InPart { part, what } => match zh {
                true => format!("第 {part} 部分：{}", what.text(lang)),
                false => format!("{} (part {part})", what.text(lang)),
            },
        }
    }
}

/// A multipart body that cannot be parsed at all (as opposed to one read differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultipartFault {
    /// The content type is not `multipart/form-data`.
    NotFormData,
    /// No boundary parameter.
    NoBoundary,
    /// The delimiters found and the delimiters walked disagree (a bug in mijian, refused).
    OutOfStep,
    /// No closing boundary: the body is cut short.
    CutShort,
    /// No part in the body.
    NoPart,
}

impl MultipartFault {
    /// The detail for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            MultipartFault::NotFormData => {
                ("Content-Type 不是 multipart/form-data", "the content type is not multipart/form-data")
            }
            MultipartFault::NoBoundary => ("缺少 boundary 参数", "no boundary parameter"),
            MultipartFault::OutOfStep => ("内部错误：分隔符位置不一致", "internal: delimiter out of step"),
            MultipartFault::CutShort => {
                ("缺少结束 boundary（请求体被截断）", "no closing boundary (the body is cut short)")
            }
            MultipartFault::NoPart => ("请求体中没有任何部分", "no part in the body"),
        };
        lang.pick(zh, en).to_owned()
    }
}

/// A body that does not parse as its content type says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// Declared JSON (`media_type`), and not JSON.
    NotJson {
        /// The declared media type, as sent (lower-cased).
        media_type: String,
    },
}

impl Malformed {
    /// The detail for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Malformed::NotJson { media_type }, Lang::Zh) => format!("请求体不是 JSON（Content-Type 为 {media_type}）"),
            (Malformed::NotJson { media_type }, Lang::En) => {
                format!("the body is not JSON (Content-Type {media_type})")
            }
        }
    }
}

/// Which clock ran out while the body was arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    /// The whole body took longer than this.
    Whole(Duration),
    /// No data came for this long.
    Silent(Duration),
}

impl Lateness {
    /// The detail for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Lateness::Whole(t), Lang::Zh) => format!("整个请求体限时 {} 秒", t.as_secs_f64()),
            (Lateness::Whole(t), Lang::En) => format!("{} s for the whole body", t.as_secs_f64()),
            (Lateness::Silent(t), Lang::Zh) => format!("{} 秒内没有收到数据", t.as_secs_f64()),
            (Lateness::Silent(t), Lang::En) => format!("{} s without data", t.as_secs_f64()),
        }
    }
}

/// Anything else wrong with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadRequest {
    /// A scan request without a body.
    NoFile,
    /// A `Content-Length` that is not one number.
    ContentLength,
    /// The body reader panicked (a bug in mijian; the request is refused, never passed).
    ReaderPanicked,
    /// Proxy mode: the upstream address cannot be built from the request's path.
    UpstreamAddress {
        /// The HTTP library's message.
        cause: String,
    },
    /// Proxy mode: the request to forward cannot be built.
    UpstreamRequest {
        /// The HTTP library's message.
        cause: String,
    },
}

impl BadRequest {
    /// The detail for people, in `lang`; a library's cause follows it.
    pub fn text(&self, lang: Lang) -> String {
        let (zh, en, cause) = match self {
            BadRequest::NoFile => (
                "没有文件：请将文件作为请求体发送（文件名放在 X-Filename 头或 ?name= 中），或以 multipart/form-data 发送",
                "no file: send the file as the request body (name in X-Filename or ?name=), or as multipart/form-data",
                None,
            ),
            BadRequest::ContentLength => ("Content-Length 格式错误", "bad Content-Length", None),
            BadRequest::ReaderPanicked => {
                ("读取请求体失败：读取程序出现内部错误", "reading the body failed: the reader panicked", None)
            }
            BadRequest::UpstreamAddress { cause } => {
                ("无法构造上游地址", "cannot build the upstream address", Some(cause))
            }
            BadRequest::UpstreamRequest { cause } => {
                ("无法构造转发给上游的请求", "cannot build the request to the upstream", Some(cause))
            }
        };
        with_cause(lang, lang.pick(zh, en), cause)
    }
}

/// Something refused by policy (not a token problem).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Matched text asked for (`reveal=1`) by a client that may not see it.
    RevealNeedsStaff,
    /// A reload over HTTP on a gateway without tokens.
    ReloadNeedsTokens,
}

impl Policy {
    /// The reason for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Policy::RevealNeedsStaff => (
                "命中原文只向 staff 和 admin 令牌显示（去掉 reveal=1 可得到遮盖后的答复）",
                "matched text is shown only to staff and admin tokens (ask without reveal=1 for a masked answer)",
            ),
            Policy::ReloadNeedsTokens => (
                "通过 HTTP 重新载入需要 admin 令牌：请以 --tokens FILE 启动，或发送 SIGHUP",
                "reloading over HTTP needs an admin token: start with --tokens FILE, or send SIGHUP",
            ),
        };
        lang.pick(zh, en).to_owned()
    }
}

/// Proxy mode: how the upstream CMS failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamFault {
    /// No answer within this time.
    NoAnswer(Duration),
    /// The connection or the exchange failed.
    Failed {
        /// The HTTP client's message.
        cause: String,
    },
}

impl UpstreamFault {
    /// The detail for people, in `lang`; the HTTP client's cause follows it.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (UpstreamFault::NoAnswer(t), Lang::Zh) => format!("{} 秒内没有答复", t.as_secs_f64()),
            (UpstreamFault::NoAnswer(t), Lang::En) => format!("no answer within {} s", t.as_secs_f64()),
            (UpstreamFault::Failed { cause }, _) => {
                with_cause(lang, lang.pick("连接或交换失败", "the exchange failed"), Some(cause))
            }
        }
    }
}

/// A `--upstream URL` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadUpstream {
    /// The URL as given.
    pub url: String,
    /// What is wrong with it.
    pub what: UpstreamUrl,
}

/// What is wrong with a `--upstream URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamUrl {
    /// It does not parse (the parser's message).
    NotUrl(String),
    /// A scheme other than http.
    Scheme(String),
    /// No scheme.
    NoScheme,
    /// No host.
    NoHost,
    /// A query string.
    Query,
}

impl BadUpstream {
    /// The problem for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let url = &self.url;
        match (&self.what, lang) {
            (UpstreamUrl::NotUrl(cause), Lang::Zh) => format!("--upstream {url:?} 不是 URL：{cause}"),
            (UpstreamUrl::NotUrl(cause), Lang::En) => format!("--upstream {url:?} is not a URL: {cause}"),
            (UpstreamUrl::Scheme(s), Lang::Zh) => {
                format!("--upstream {url:?}：只支持 http://（不支持 {s}）；请将 CMS 放在内网地址或回环地址上")
            }
            (UpstreamUrl::Scheme(s), Lang::En) => format!(
                "--upstream {url:?}: only http:// is supported (not {s}); put the CMS on a private address or loopback"
            ),
            (UpstreamUrl::NoScheme, Lang::Zh) => format!("--upstream {url:?}：请写明协议，例如 http://127.0.0.1:8080"),
            (UpstreamUrl::NoScheme, Lang::En) => {
                format!("--upstream {url:?}: give the scheme, e.g. http://127.0.0.1:8080")
            }
            (UpstreamUrl::NoHost, Lang::Zh) => format!("--upstream {url:?}：缺少主机"),
            (UpstreamUrl::NoHost, Lang::En) => format!("--upstream {url:?}: no host"),
            (UpstreamUrl::Query, Lang::Zh) => format!("--upstream {url:?}：不允许带查询字符串"),
            (UpstreamUrl::Query, Lang::En) => format!("--upstream {url:?}: a query string is not allowed"),
        }
    }
}

display_in_english!(BadUpstream);

/// The content coding's name as HTTP spells it.
pub fn coding_name(coding: Coding) -> &'static str {
    match coding {
        Coding::Gzip => "gzip",
        Coding::Deflate => "deflate",
        Coding::Brotli => "br",
        Coding::Zstd => "zstd",
    }
}

/// `sentence` followed by a library's `cause`, punctuated for `lang`.
pub fn with_cause(lang: Lang, sentence: &str, cause: Option<&String>) -> String {
    match cause {
        None => sentence.to_owned(),
        Some(c) => format!("{sentence}{}{c}", lang.pick("：", ": ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RequestError;
    use std::collections::HashSet;

    /// One sample of every [`Ambiguity`]; the match below is exhaustive on purpose, so a new
    /// variant fails to compile here until it has a sample (and so its sentences are checked).
    fn every_ambiguity() -> Vec<Ambiguity> {
        use Ambiguity as A;
        let all = vec![
            A::TwoContentTypes,
            A::ContentTypeNotAscii,
            A::ContentTypeNotOneType,
            A::DecoyBoundaryName,
            A::BoundaryInOtherValue,
            A::BoundaryInMiscasedValue,
            A::TwoBoundaries,
            A::BoundaryLength { len: 71, max: 70 },
            A::BoundaryCharacters,
            A::BoundaryNeedsQuotes,
            A::ParameterWithoutValue,
            A::ParameterName,
            A::UnterminatedQuote,
            A::EscapedQuote,
            A::StrayQuote,
            A::TextAfterValue,
            A::BeforeFirstBoundary,
            A::AfterClosingBoundary,
            A::BoundaryNotFollowed,
            A::BoundaryInsidePart,
            A::HeadersUnended,
            A::HeadersTooLong { max: 16 << 10 },
            A::BareLf,
            A::BareCrOrNul,
            A::FoldedHeader,
            A::HeaderWithoutColon,
            A::HeaderName,
            A::HeaderTwice { header: Some("content-disposition") },
            A::HeaderTwice { header: None },
            A::PartTypeNotUtf8,
            A::NestedMultipart,
            A::TransferEncoding,
            A::PartLengthMalformed,
            A::PartLengthDisagrees,
            A::NoDisposition,
            A::DispositionNotFormData,
            A::FilenameExtTwice,
            A::DispositionParameter,
            A::DispositionParameterTwice,
            A::PartWithoutName,
            A::HeaderName.in_part(3),
        ];
        for a in &all {
            match a {
                A::TwoContentTypes
                | A::ContentTypeNotAscii
                | A::ContentTypeNotOneType
                | A::DecoyBoundaryName
                | A::BoundaryInOtherValue
                | A::BoundaryInMiscasedValue
                | A::TwoBoundaries
                | A::BoundaryLength { .. }
                | A::BoundaryCharacters
                | A::BoundaryNeedsQuotes
                | A::ParameterWithoutValue
                | A::ParameterName
                | A::UnterminatedQuote
                | A::EscapedQuote
                | A::StrayQuote
                | A::TextAfterValue
                | A::BeforeFirstBoundary
                | A::AfterClosingBoundary
                | A::BoundaryNotFollowed
                | A::BoundaryInsidePart
                | A::HeadersUnended
                | A::HeadersTooLong { .. }
                | A::BareLf
                | A::BareCrOrNul
                | A::FoldedHeader
                | A::HeaderWithoutColon
                | A::HeaderName
                | A::HeaderTwice { .. }
                | A::PartTypeNotUtf8
                | A::NestedMultipart
                | A::TransferEncoding
                | A::PartLengthMalformed
                | A::PartLengthDisagrees
                | A::NoDisposition
                | A::DispositionNotFormData
                | A::FilenameExtTwice
                | A::DispositionParameter
                | A::DispositionParameterTwice
                | A::PartWithoutName
                | A::InPart { .. } => {}
            }
        }
        all
    }

    /// Every refusal whose detail is typed here, one per variant of each detail type (again
    /// exhaustive: a new variant of `MultipartFault`, `BadRequest`… fails to compile until listed).
    fn every_refusal() -> Vec<RequestError> {
        let cause = || "CAUSE-TEXT".to_owned();
        let mut all: Vec<RequestError> = every_ambiguity().into_iter().map(RequestError::Ambiguous).collect();
        for m in [
            MultipartFault::NotFormData,
            MultipartFault::NoBoundary,
            MultipartFault::OutOfStep,
            MultipartFault::CutShort,
            MultipartFault::NoPart,
        ] {
            match m {
                MultipartFault::NotFormData
                | MultipartFault::NoBoundary
                | MultipartFault::OutOfStep
                | MultipartFault::CutShort
                | MultipartFault::NoPart => all.push(RequestError::Multipart(m)),
            }
        }
        all.push(RequestError::MalformedBody(Malformed::NotJson { media_type: "application/json".into() }));
        for late in [Lateness::Whole(Duration::from_secs(30)), Lateness::Silent(Duration::from_millis(2500))] {
            all.push(RequestError::BodyTimeout(late));
        }
        for bad in [
            BadRequest::NoFile,
            BadRequest::ContentLength,
            BadRequest::ReaderPanicked,
            BadRequest::UpstreamAddress { cause: cause() },
            BadRequest::UpstreamRequest { cause: cause() },
        ] {
            match bad {
                BadRequest::NoFile
                | BadRequest::ContentLength
                | BadRequest::ReaderPanicked
                | BadRequest::UpstreamAddress { .. }
                | BadRequest::UpstreamRequest { .. } => all.push(RequestError::BadRequest(bad)),
            }
        }
        for policy in [Policy::RevealNeedsStaff, Policy::ReloadNeedsTokens] {
            all.push(RequestError::NotAllowed(policy));
        }
        for fault in [UpstreamFault::NoAnswer(Duration::from_secs(5)), UpstreamFault::Failed { cause: cause() }] {
            all.push(RequestError::Upstream(fault));
        }
        for coding in [Coding::Gzip, Coding::Deflate, Coding::Brotli, Coding::Zstd] {
            all.push(RequestError::BadEncoding { coding, cause: cause() });
        }
        all.push(RequestError::Body(cause()));
        all
    }

    /// The English words left in a Chinese text once what it carries and the protocol's own
    /// tokens (header and parameter names, codings, MIME types, RFC, CRLF…) are taken out.
    fn english_words(zh: &str) -> Vec<String> {
        const TOKENS: &[&str] = &[
            "CAUSE-TEXT",
            "content-transfer-encoding",
            "content-disposition",
            "content-length",
            "content-type",
            "Content-Transfer-Encoding",
            "Content-Disposition",
            "Content-Encoding",
            "Content-Length",
            "Content-Type",
            "multipart/form-data",
            "application/json",
            "X-Filename",
            "form-data",
            "multipart",
            "boundary",
            "filename*",
            "filename",
            "name=",
            "name",
            "reveal=1",
            "--tokens FILE",
            "SIGHUP",
            "staff",
            "admin",
            "gzip",
            "deflate",
            "br",
            "zstd",
            "7bit",
            "8bit",
            "binary",
            "KiB",
            "JSON",
            "ASCII",
            "UTF-8",
            "CMS",
            "RFC",
        ];
        let mut text = zh.to_owned();
        for t in TOKENS {
            text = text.replace(t, " ");
        }
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2 && w.chars().any(|c| c.is_ascii_lowercase()))
            .map(str::to_owned)
            .collect()
    }

    /// Every typed refusal has its own English and its own Chinese message, both non-empty; the
    /// Chinese one holds no English word but the protocol's tokens, the English one no Chinese;
    /// a library's cause follows the sentence; Display (what the audit log keeps) is the English.
    #[test]
    fn every_refusal_is_said_once_in_each_language() {
        let han = |s: &str| s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        let (mut ens, mut zhs) = (HashSet::new(), HashSet::new());
        let all = every_refusal();
        assert!(all.len() > 60, "{}", all.len());
        for err in &all {
            let (en, zh) = (err.text(Lang::En), err.text(Lang::Zh));
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{err:?}");
            assert_eq!(err.to_string(), en, "Display is the English text");
            assert!(han(&zh) && !han(&en), "{err:?}: {zh} / {en}");
            assert_eq!(english_words(&zh), Vec::<String>::new(), "{err:?}: {zh}");
            if en.contains("CAUSE-TEXT") {
                assert!(en.ends_with(": CAUSE-TEXT") && zh.ends_with("：CAUSE-TEXT"), "{en} / {zh}");
            }
            assert!(ens.insert(en.clone()), "two refusals say {en}");
            assert!(zhs.insert(zh.clone()), "two refusals say {zh}");
        }
        // The checker itself catches English in Chinese text.
        assert_eq!(english_words("请求体格式错误：the body is bad"), ["the", "body", "is", "bad"]);
    }

    /// Every way a `--upstream URL` is refused at start-up is said in each language.
    #[test]
    fn every_bad_upstream_is_said_in_each_language() {
        let all = [
            UpstreamUrl::NotUrl("CAUSE-TEXT".into()),
            UpstreamUrl::Scheme("ftp".into()),
            UpstreamUrl::NoScheme,
            UpstreamUrl::NoHost,
            UpstreamUrl::Query,
        ];
        let mut seen = HashSet::new();
        for what in all {
            match what {
                UpstreamUrl::NotUrl(_)
                | UpstreamUrl::Scheme(_)
                | UpstreamUrl::NoScheme
                | UpstreamUrl::NoHost
                | UpstreamUrl::Query => {}
            }
            let bad = BadUpstream { url: "URL-GIVEN".into(), what };
            let (zh, en) = (bad.text(Lang::Zh), bad.text(Lang::En));
            assert_eq!(bad.to_string(), en);
            let carried =
                zh.replace("\"URL-GIVEN\"", " ").replace("--upstream", " ").replace("http://127.0.0.1:8080", " ");
            let carried = carried.replace("http://", " ").replace("ftp", " ");
            assert_eq!(english_words(&carried), Vec::<String>::new(), "{zh}");
            assert!(seen.insert(zh.clone()) && seen.insert(en.clone()), "{zh} / {en}");
        }
    }

    #[test]
    fn a_part_number_is_said_in_each_language() {
        let a = Ambiguity::HeaderTwice { header: Some("content-type") }.in_part(2);
        assert_eq!(a.text(Lang::En), "a part header given twice (content-type) (part 2)");
        assert_eq!(a.text(Lang::Zh), "第 2 部分：部分头重复出现（content-type）");
    }
}
