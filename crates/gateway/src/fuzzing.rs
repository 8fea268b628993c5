//! The request intake as a function from bytes to parts, for the fuzz target
//! `fuzz/fuzz_targets/gateway_intake.rs`: what the intake (`readings.rs`, `multipart.rs`) makes
//! of a body without a server, a socket or a scan. Not an interface for applications; it may
//! change with the intake.

use crate::config::RequestLimits;
use crate::readings::{Intake, Mode};
use bytes::Bytes;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_ENCODING, CONTENT_TYPE};
use std::ops::Range;

/// Largest decoded body here (the server's default is 100 MiB): a fuzzer's gzip bomb is then
/// refused in milliseconds instead of being inflated for each input.
const MAX_BODY: u64 = 16 << 20;

/// The readings a request would be scanned as (`(name, bytes)`, as the scanner gets them), or
/// the refusal's message. `api` picks `POST /v1/scan` over proxy mode; a header value that is not
/// a valid HTTP header value is a refusal too.
pub fn readings(
    content_type: Option<&str>,
    content_encoding: Option<&str>,
    query: Option<&str>,
    api: bool,
    body: &[u8],
) -> Result<Vec<(String, Bytes)>, String> {
    let mut headers = HeaderMap::new();
    for (name, value) in [(CONTENT_TYPE, content_type), (CONTENT_ENCODING, content_encoding)] {
        if let Some(v) = value {
            headers.insert(name, HeaderValue::from_str(v).map_err(|e| e.to_string())?);
        }
    }
    let limits = RequestLimits { max_body: MAX_BODY, ..RequestLimits::default() };
    let intake = Intake {
        headers: &headers,
        query,
        mode: if api { Mode::Api } else { Mode::Proxy },
        allow_types: &[],
        limits: &limits,
    };
    crate::readings::readings(&intake, Bytes::copy_from_slice(body), "body".into())
        .map(|files| files.into_iter().map(|f| (f.name, f.bytes)).collect())
        .map_err(|e| e.to_string())
}

/// Where each part's content lies in a `multipart/form-data` body the intake accepts (at most
/// `max_parts` parts), or the refusal's message.
pub fn multipart_contents(content_type: &str, body: &[u8], max_parts: usize) -> Result<Vec<Range<usize>>, String> {
    crate::multipart::parse(content_type, body, max_parts)
        .map(|parts| parts.into_iter().map(|p| p.content).collect())
        .map_err(|e| e.to_string())
}
