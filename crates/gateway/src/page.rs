//! The staff page: plain HTML, CSS and JavaScript compiled into the binary, no build step.
//!
//! The page holds no data; it posts the chosen files to `v1/scan?reveal=1` (a relative address,
//! so it works at `/` and under `/_mijian/`) and shows the answer. Whether the answer carries the
//! matched text is decided by the server (see `api::exposure`), not by the page.

use crate::http::{self, Body};
use hyper::header::HeaderValue;
use hyper::{Response, StatusCode};

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

/// Serves an asset with a strict content security policy: scripts and styles from this origin
/// only, no inline script, no framing.
pub fn serve(asset: &Asset) -> Response<Body> {
    let mut r = http::respond(StatusCode::OK, asset.content_type, asset.body);
    let h = r.headers_mut();
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    r
}
