//! Building responses: JSON, text, errors, and the headers every answer carries.

use crate::error::RequestError;
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use hyper::{Response, StatusCode};
use serde::Serialize;

/// The body type of every answer (full bodies, and upstream bodies streamed in proxy mode).
pub type Body = BoxBody<Bytes, hyper::Error>;

/// A full body.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).map_err(|never| match never {}).boxed()
}

/// An answer with a body of the given type. Answers are never cached (they concern one upload).
pub fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(full(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

/// A JSON answer.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(v) => respond(status, "application/json", v),
        Err(e) => respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "application/json",
            format!("{{\"error\":{{\"code\":\"internal\",\"message\":{:?}}}}}", e.to_string()),
        ),
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
    request_id: &'a str,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
}

/// The JSON answer to a failed request, with `Retry-After`, `WWW-Authenticate` or `Allow` where
/// the status calls for it.
/// The language of the client's `Accept-Language` (quality values honoured), Chinese when it
/// names none mijian speaks: the language of every message the gateway writes for people.
pub fn lang_of(headers: &hyper::HeaderMap) -> mijian_core::Lang {
    headers
        .get(hyper::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(mijian_core::Lang::from_accept_language)
        .unwrap_or_default()
}

/// `message` is in `lang` (the client's `Accept-Language`); `code` is the stable id.
pub fn error(e: &RequestError, request_id: &str, lang: mijian_core::Lang) -> Response<Body> {
    let body = ErrorBody { error: ErrorDetail { code: e.code(), message: e.text(lang) }, request_id };
    let mut r = json(e.status(), &body);
    let h = r.headers_mut();
    match e {
        RequestError::QueueFull(after) => {
            h.insert(RETRY_AFTER, HeaderValue::from(after.as_secs().max(1)));
        }
        RequestError::Unauthorized => {
            h.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"mijian\""));
        }
        RequestError::MethodNotAllowed(allowed) => {
            h.insert(ALLOW, HeaderValue::from_static(allowed));
        }
        _ => {}
    }
    if matches!(
        e,
        RequestError::TooLarge { .. }
            | RequestError::TooManyParts(_)
            | RequestError::BodyTimeout(_)
            | RequestError::Body(_)
    ) {
        // The rest of the body was not read: the connection cannot carry another request.
        h.insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    }
    r
}

/// Whether the client prefers HTML to JSON (`Accept` lists `text/html` before any JSON type).
pub fn prefers_html(headers: &hyper::HeaderMap) -> bool {
    let accept = headers.get(hyper::header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    match (accept.find("text/html"), accept.find("json")) {
        (Some(h), Some(j)) => h < j,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_choose_html_or_json() {
        let mut h = hyper::HeaderMap::new();
        assert!(!prefers_html(&h));
        h.insert(hyper::header::ACCEPT, HeaderValue::from_static("text/html,application/xhtml+xml,*/*;q=0.8"));
        assert!(prefers_html(&h));
        h.insert(hyper::header::ACCEPT, HeaderValue::from_static("application/json, text/html;q=0.5"));
        assert!(!prefers_html(&h));
        assert_eq!(escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
