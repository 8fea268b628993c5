//! The staff page: plain HTML, CSS and JavaScript compiled into the binary, no build step.
//!
//! The page holds no data; it posts the chosen files to `v1/scan?reveal=1&record=1` (a relative
//! address, so it works at `/` and under `/_mijian/`) and shows the answer. Whether the answer
//! carries the matched text is decided by the server (see `api::exposure`), not by the page.
//!
//! It speaks Chinese (the default) and English: the page is served in the language the browser's
//! `Accept-Language` prefers, and a switch on the page changes it (and is remembered in the
//! browser). The review record comes in the answer, rendered by `mijian_record` as the CLI's
//! is; the page opens it from a `blob:` address, which inherits the page's Content-Security-Policy,
//! so the policy allows the record's one inline style by its hash.

use crate::http::{self, Body};
use hyper::header::HeaderValue;
use hyper::{Response, StatusCode};
use mijian_core::Lang;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A file of the page.
pub struct Asset {
    content_type: &'static str,
    body: &'static str,
}

const INDEX: Asset = Asset { content_type: "text/html; charset=utf-8", body: include_str!("page/index.html") };
const SCRIPT: Asset = Asset { content_type: "text/javascript; charset=utf-8", body: include_str!("page/app.js") };
const STYLE: Asset = Asset { content_type: "text/css; charset=utf-8", body: include_str!("page/style.css") };

/// The asset at `path`, if any.
pub fn asset(path: &str) -> Option<&'static Asset> {
    match path {
        "/" | "/index.html" => Some(&INDEX),
        "/app.js" => Some(&SCRIPT),
        "/style.css" => Some(&STYLE),
        _ => None,
    }
}

/// The page's content security policy: scripts and styles from this origin only (and the review
/// record's style, by its hash), no inline script, no framing.
fn policy() -> &'static str {
    static POLICY: OnceLock<String> = OnceLock::new();
    POLICY.get_or_init(|| {
        format!(
            "default-src 'none'; script-src 'self'; style-src 'self' {}; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
            mijian_record::style_hash()
        )
    })
}

/// The language the page opens in: the browser's preference, else Chinese.
pub fn language(accept_language: Option<&str>) -> Lang {
    accept_language.and_then(Lang::from_accept_language).unwrap_or_default()
}

/// Serves an asset under the page's content security policy. The HTML opens in `lang`.
pub fn serve(asset: &Asset, lang: Lang) -> Response<Body> {
    let body: Cow<'static, str> = if std::ptr::eq(asset, &INDEX) && lang == Lang::En {
        Cow::Owned(asset.body.replacen(
            r#"<html lang="zh-CN" data-lang="zh">"#,
            r#"<html lang="en" data-lang="en">"#,
            1,
        ))
    } else {
        Cow::Borrowed(asset.body)
    };
    let mut r = match body {
        Cow::Borrowed(b) => http::respond(StatusCode::OK, asset.content_type, b),
        Cow::Owned(b) => http::respond(StatusCode::OK, asset.content_type, b),
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(policy()) {
        h.insert("content-security-policy", v);
    }
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("vary", HeaderValue::from_static("Accept-Language"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_opens_in_the_browser_s_language_chinese_by_default() {
        assert_eq!(language(None), Lang::Zh);
        assert_eq!(language(Some("de-DE,fr;q=0.8")), Lang::Zh);
        assert_eq!(language(Some("en-US,en;q=0.9,zh-CN;q=0.8")), Lang::En);
        assert_eq!(language(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::Zh);
        assert!(INDEX.body.contains(r#"<html lang="zh-CN" data-lang="zh">"#), "serve() swaps this tag for English");
    }

    #[test]
    fn the_policy_allows_the_record_style_and_no_inline_script() {
        let p = policy();
        assert!(p.contains(&mijian_record::style_hash()) && p.contains("script-src 'self';"), "{p}");
        assert!(!p.contains("unsafe-inline"));
    }
}
