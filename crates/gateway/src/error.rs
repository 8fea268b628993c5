//! Errors: why the gateway could not start, and why a request failed (as opposed to a verdict).

use crate::content_coding::Coding;
use crate::metrics::Rejection;
use crate::refusal::{coding_name, Ambiguity, BadRequest, Lateness, Malformed, MultipartFault, Policy, UpstreamFault};
use hyper::StatusCode;
use mijian_core::Lang;
use std::time::Duration;

/// Why `mijian serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// A `--upstream URL` that cannot be used.
    #[error("{0}")]
    Upstream(crate::refusal::BadUpstream),
    /// Listening beyond loopback without a token file: anyone who can reach the port could use it.
    #[error(
        "refusing to listen on {0} without --tokens FILE: without a token file anyone who can reach the port could use the gateway. \
         Give a token file, or listen on loopback (127.0.0.1)"
    )]
    OpenWithoutTokens(std::net::SocketAddr),
    /// An upload as large as allowed could never be held.
    #[error("--max-body ({max_body}) is larger than --max-buffered ({max_buffered}): no upload that size could ever be held")]
    BodyOverBuffered {
        /// `--max-body`.
        max_body: u64,
        /// `--max-buffered`.
        max_buffered: u64,
    },
    /// A count that must be at least 1 is 0.
    #[error("--workers, --queue and --max-parts must be at least 1")]
    ZeroCount,
    /// The token file is bad.
    #[error(transparent)]
    Tokens(#[from] crate::tokens::TokenFileError),
    /// The dictionaries (or the index, or its key) cannot be loaded.
    #[error("{0}")]
    Rules(crate::ruleset::LoadError),
    /// The audit log cannot be opened.
    #[error("cannot open the audit log {path}: {source}")]
    Audit {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The address cannot be bound, or the runtime cannot start.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl GatewayError {
    /// The error for people, in `lang` (English: as [`Display`](std::fmt::Display) writes it). The
    /// details inside (an option's complaint, a system error) are not translated.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (GatewayError::Upstream(why), _) => format!("选项有误：{}", why.text(lang)),
            (GatewayError::OpenWithoutTokens(addr), _) => format!(
                "拒绝在 {addr} 上监听而不带 --tokens FILE：没有令牌文件，任何能访问该端口的人都能使用网关。\
                 请给出令牌文件，或只在回环地址（127.0.0.1）上监听"
            ),
            (GatewayError::BodyOverBuffered { max_body, max_buffered }, _) => {
                format!("--max-body（{max_body}）大于 --max-buffered（{max_buffered}）：这么大的上传永远无法放入内存")
            }
            (GatewayError::ZeroCount, _) => "--workers、--queue 和 --max-parts 至少为 1".into(),
            (GatewayError::Tokens(e), _) => e.text(lang),
            (GatewayError::Rules(why), _) => format!("规则无法加载：{}", why.text(lang)),
            (GatewayError::Audit { path, source }, _) => format!("无法打开审计日志 {path}：{source}"),
            (GatewayError::Io { what, source }, _) => format!("无法启动（{what}）：{source}"),
        }
    }
}

/// What a token may be refused, in Chinese (the English is what the code passes).
fn action_zh(action: &str) -> &str {
    match action {
        "scan" => "检查文件",
        "reload the rules" => "重新载入规则",
        "read the metrics" => "读取运行指标",
        other => other,
    }
}

/// Why a request failed. Each maps to a status and a stable `code` in the JSON error body.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// No bearer token, or one not in the token file.
    #[error("a valid bearer token is required (Authorization: Bearer …)")]
    Unauthorized,
    /// A token without the role needed.
    #[error("the token {name:?} may not {action}")]
    Forbidden {
        /// The token's name.
        name: String,
        /// What it tried.
        action: &'static str,
    },
    /// Something refused by policy (not a token problem).
    #[error("{0}")]
    NotAllowed(Policy),
    /// The body is over the limit.
    #[error("the request body is over the limit of {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// Too many parts.
    #[error("the multipart body has more than {0} parts")]
    TooManyParts(usize),
    /// More readings (values holding markup, base64, JSON…) than one request may have.
    #[error("the body holds more than {0} values to read on their own (markup, base64, JSON)")]
    TooManyReadings(usize),
    /// The body did not arrive in time.
    #[error("the request body did not arrive in time ({0})")]
    BodyTimeout(Lateness),
    /// The multipart body cannot be parsed.
    #[error("malformed multipart body: {0}")]
    Multipart(MultipartFault),
    /// A body that common server stacks could read differently: refused rather than forwarded
    /// with one reading unchecked.
    #[error("ambiguous body, refused because applications could read it differently: {0}")]
    Ambiguous(Ambiguity),
    /// A body that does not parse as its content type says (JSON that is not JSON…).
    #[error("malformed body: {0}")]
    MalformedBody(Malformed),
    /// Proxy mode: a content type mijian cannot read, not allowed by the operator.
    #[error("mijian cannot read a body of type {0:?}; the operator may allow it with --allow-type")]
    UnsupportedMediaType(String),
    /// A `Content-Encoding` mijian does not decode.
    #[error("unsupported Content-Encoding: {0}")]
    UnsupportedEncoding(String),
    /// A `Content-Encoding` that does not decode.
    #[error("the body does not decode as its Content-Encoding ({}) says: {cause}", coding_name(*coding))]
    BadEncoding {
        /// The coding that failed.
        coding: Coding,
        /// The decoder's message.
        cause: String,
    },
    /// A compressed body that decodes past the size or ratio limit (a compression bomb).
    #[error("the decoded body is over the limit of {limit} bytes (size or compression ratio)")]
    DecodedTooLarge {
        /// The limit that applied.
        limit: u64,
    },
    /// Anything else wrong with the request.
    #[error("{0}")]
    BadRequest(BadRequest),
    /// The client went away or the connection broke while sending: hyper's message.
    #[error("cannot read the request body: {0}")]
    Body(String),
    /// Too many uploads at once.
    #[error("too many uploads at once; retry in {0:?}")]
    QueueFull(Duration),
    /// The audit record could not be written, so no decision is answered.
    #[error("the audit record could not be written ({0}); no decision is given")]
    Audit(String),
    /// Proxy mode: the upstream failed.
    #[error("the upstream CMS failed: {0}")]
    Upstream(UpstreamFault),
    /// No such endpoint.
    #[error("no such endpoint")]
    NotFound,
    /// The endpoint exists with other methods.
    #[error("method not allowed (allowed: {0})")]
    MethodNotAllowed(&'static str),
    /// A reload failed; the rules in force stay.
    #[error("the reload failed, the rules in force are unchanged: {0}")]
    Reload(crate::ruleset::LoadError),
}

impl RequestError {
    /// The message for people, in `lang` (English: as [`Display`](std::fmt::Display) writes it).
    /// The details carried inside (a parser's words, a limit) stay as they are.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            RequestError::Unauthorized => "需要有效的持有者令牌（Authorization: Bearer …）".into(),
            RequestError::Forbidden { name, action } => format!("令牌 {name:?} 无权执行：{}", action_zh(action)),
            RequestError::NotAllowed(why) => format!("不允许：{}", why.text(lang)),
            RequestError::TooLarge { limit } => format!("请求体超过 {limit} 字节的上限"),
            RequestError::TooManyParts(n) => format!("multipart 请求体超过 {n} 个部分"),
            RequestError::TooManyReadings(n) => format!("请求体中需单独读取的值（标记、base64、JSON）超过 {n} 个"),
            RequestError::BodyTimeout(t) => format!("请求体未能按时到达（{}）", t.text(lang)),
            RequestError::Multipart(why) => format!("multipart 请求体格式错误：{}", why.text(lang)),
            RequestError::Ambiguous(why) => format!("请求体有歧义，不同应用可能读法不同，已拒绝：{}", why.text(lang)),
            RequestError::MalformedBody(why) => format!("请求体格式错误：{}", why.text(lang)),
            RequestError::UnsupportedMediaType(t) => {
                format!("mijian 无法读取类型为 {t:?} 的请求体；运维人员可用 --allow-type 放行")
            }
            RequestError::UnsupportedEncoding(e) => format!("不支持的 Content-Encoding：{e}"),
            RequestError::BadEncoding { coding, cause } => {
                format!("请求体无法按其 Content-Encoding（{}）解码：{cause}", coding_name(*coding))
            }
            RequestError::DecodedTooLarge { limit } => format!("解码后的请求体超过 {limit} 字节的上限（大小或压缩比）"),
            RequestError::BadRequest(why) => format!("请求有误：{}", why.text(lang)),
            RequestError::Body(why) => format!("无法读取请求体：{why}"),
            RequestError::QueueFull(after) => format!("同时上传过多；请在 {} 秒后重试", after.as_secs().max(1)),
            RequestError::Audit(why) => format!("审计记录无法写入（{why}），因此不给出决定"),
            RequestError::Upstream(why) => format!("上游 CMS 出错：{}", why.text(lang)),
            RequestError::NotFound => "没有这个接口".into(),
            RequestError::MethodNotAllowed(allowed) => format!("不允许此方法（允许：{allowed}）"),
            RequestError::Reload(why) => format!("重新加载失败，现行规则不变：{}", why.text(lang)),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            RequestError::Unauthorized => StatusCode::UNAUTHORIZED,
            RequestError::Forbidden { .. } | RequestError::NotAllowed(_) => StatusCode::FORBIDDEN,
            RequestError::TooLarge { .. } | RequestError::TooManyParts(_) => StatusCode::PAYLOAD_TOO_LARGE,
            RequestError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            RequestError::Multipart(_)
            | RequestError::Ambiguous(_)
            | RequestError::MalformedBody(_)
            | RequestError::BadEncoding { .. }
            | RequestError::BadRequest(_)
            | RequestError::Body(_) => StatusCode::BAD_REQUEST,
            RequestError::UnsupportedMediaType(_) | RequestError::UnsupportedEncoding(_) => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            RequestError::DecodedTooLarge { .. } | RequestError::TooManyReadings(_) => StatusCode::PAYLOAD_TOO_LARGE,
            RequestError::QueueFull(_) => StatusCode::SERVICE_UNAVAILABLE,
            RequestError::Audit(_) => StatusCode::INTERNAL_SERVER_ERROR,
            RequestError::Upstream(_) => StatusCode::BAD_GATEWAY,
            RequestError::NotFound => StatusCode::NOT_FOUND,
            RequestError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            RequestError::Reload(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Unauthorized => "unauthorized",
            RequestError::Forbidden { .. } => "forbidden",
            RequestError::NotAllowed(_) => "not_allowed",
            RequestError::TooLarge { .. } => "body_too_large",
            RequestError::TooManyParts(_) => "too_many_parts",
            RequestError::BodyTimeout(_) => "body_timeout",
            RequestError::Multipart(_) => "malformed_multipart",
            RequestError::Ambiguous(_) => "ambiguous_body",
            RequestError::MalformedBody(_) => "malformed_body",
            RequestError::UnsupportedMediaType(_) => "unsupported_media_type",
            RequestError::UnsupportedEncoding(_) => "unsupported_encoding",
            RequestError::BadEncoding { .. } => "bad_encoding",
            RequestError::DecodedTooLarge { .. } => "decoded_too_large",
            RequestError::TooManyReadings(_) => "too_many_readings",
            RequestError::BadRequest(_) => "bad_request",
            RequestError::Body(_) => "body_error",
            RequestError::QueueFull(_) => "queue_full",
            RequestError::Audit(_) => "audit_failed",
            RequestError::Upstream(_) => "upstream_failed",
            RequestError::NotFound => "not_found",
            RequestError::MethodNotAllowed(_) => "method_not_allowed",
            RequestError::Reload(_) => "reload_failed",
        }
    }

    /// How the metrics count it, if it is a refusal.
    pub fn rejection(&self) -> Option<Rejection> {
        Some(match self {
            RequestError::Unauthorized => Rejection::Unauthorized,
            RequestError::Forbidden { .. } | RequestError::NotAllowed(_) => Rejection::Forbidden,
            RequestError::TooLarge { .. }
            | RequestError::TooManyParts(_)
            | RequestError::DecodedTooLarge { .. }
            | RequestError::TooManyReadings(_) => Rejection::TooLarge,
            RequestError::BodyTimeout(_) => Rejection::Timeout,
            RequestError::QueueFull(_) => Rejection::QueueFull,
            RequestError::Multipart(_)
            | RequestError::Ambiguous(_)
            | RequestError::MalformedBody(_)
            | RequestError::UnsupportedMediaType(_)
            | RequestError::UnsupportedEncoding(_)
            | RequestError::BadEncoding { .. }
            | RequestError::BadRequest(_)
            | RequestError::Body(_) => Rejection::BadRequest,
            _ => return None,
        })
    }

    /// Whether the request carried an upload that was refused: such failures are audited too.
    pub fn is_upload_failure(&self) -> bool {
        matches!(
            self,
            RequestError::TooLarge { .. }
                | RequestError::TooManyParts(_)
                | RequestError::BodyTimeout(_)
                | RequestError::Multipart(_)
                | RequestError::Ambiguous(_)
                | RequestError::MalformedBody(_)
                | RequestError::UnsupportedMediaType(_)
                | RequestError::UnsupportedEncoding(_)
                | RequestError::BadEncoding { .. }
                | RequestError::DecodedTooLarge { .. }
                | RequestError::TooManyReadings(_)
                | RequestError::Body(_)
                | RequestError::BadRequest(_)
        )
    }
}

#[cfg(test)]
mod lang_tests {
    use super::*;

    #[test]
    fn refusals_of_policy_and_token_are_in_chinese_too() {
        let reload = RequestError::NotAllowed(Policy::ReloadNeedsTokens);
        assert!(reload.text(Lang::Zh).contains("需要 admin 令牌"), "{}", reload.text(Lang::Zh));
        assert!(reload.text(Lang::En).contains("needs an admin token"));
        let reveal = RequestError::NotAllowed(Policy::RevealNeedsStaff);
        assert!(!reveal.text(Lang::Zh).contains("shown only"), "{}", reveal.text(Lang::Zh));
        for action in ["scan", "reload the rules", "read the metrics"] {
            let e = RequestError::Forbidden { name: "desk".into(), action };
            assert!(!e.text(Lang::Zh).contains(action), "{}", e.text(Lang::Zh));
        }
    }

    #[test]
    fn messages_follow_the_language_and_the_code_does_not() {
        let e = RequestError::TooLarge { limit: 100 };
        assert_eq!(e.text(Lang::En), "the request body is over the limit of 100 bytes");
        assert_eq!(e.text(Lang::Zh), "请求体超过 100 字节的上限");
        assert_eq!(e.code(), "body_too_large");
    }
}
