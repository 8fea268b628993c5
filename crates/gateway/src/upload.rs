//! Receiving an upload: the body within its limits, then the files in it.
//!
//! The whole body is held in memory: the scan needs all of a file (a ZIP's directory is at its
//! end) and proxy mode must forward exactly the bytes it scanned. What bounds memory is the
//! [`Budget`]: every body reserves, before it is read, its size (twice for multipart, whose
//! readings copy) and the working memory of its scan ([`SCAN_COPIES`] times its size), and a
//! request that does not fit is refused with 503 rather than queued. Reserving the scan's share
//! at admission, not when the scan starts, is what keeps it deadlock-free: a body admitted can
//! always be scanned, it never waits for memory that other bodies waiting for a scan hold.

use crate::config::RequestLimits;
use crate::error::RequestError;
use crate::refusal::{BadRequest, Lateness};
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Bytes of bodies that may be held at once, counted in KiB.
#[derive(Clone)]
pub struct Budget {
    kib: Arc<Semaphore>,
    total_kib: u64,
}

/// Memory reserved for one request; released when dropped.
#[derive(Default)]
pub struct Reservation {
    _permits: Vec<OwnedSemaphorePermit>,
    /// KiB reserved so far.
    kib: u64,
}

/// The working memory of scanning a file, in multiples of its size: the decoded text, its
/// normalised copy and the offset map between them (a 50 MB text file peaks at 200 MB in
/// `mijian scan`: the file and three times its size). What a compressed container inflates to is
/// not known before it is read; the engine's own limits bound it per file.
pub const SCAN_COPIES: u64 = 3;

/// How many times a body of this request is held as bytes: once, or twice when it is multipart
/// (the parts are copied out). Its scan's working memory ([`SCAN_COPIES`]) comes on top.
pub fn held_copies(headers: &HeaderMap) -> u64 {
    if is_multipart(headers) {
        2
    } else {
        1
    }
}

/// How long a client whose upload did not fit should wait before retrying.
pub const RETRY_AFTER: Duration = Duration::from_secs(2);

impl Budget {
    /// A budget of `bytes`.
    pub fn new(bytes: u64) -> Budget {
        let total_kib = (bytes / 1024).clamp(1, u32::MAX as u64);
        Budget { kib: Arc::new(Semaphore::new(total_kib as usize)), total_kib }
    }

    /// Reserves `bytes` held `held` times, and `working` times more for the scan's working
    /// memory. Bytes that could never be held within the whole budget are too large (413);
    /// what does not fit now must come back later (503). A request never reserves more than the
    /// whole budget: one whose working memory would take more gets it all, and runs alone.
    pub fn try_reserve(&self, bytes: u64, held: u64, working: u64, into: &mut Reservation) -> Result<(), RequestError> {
        if (bytes * held).div_ceil(1024) > self.total_kib {
            return Err(RequestError::TooLarge { limit: self.total_kib * 1024 / held.max(1) });
        }
        let kib = (bytes * (held + working)).div_ceil(1024).max(1).min(self.total_kib - into.kib);
        if kib == 0 {
            return Ok(()); // it holds the whole budget already
        }
        let p =
            self.kib.clone().try_acquire_many_owned(kib as u32).map_err(|_| RequestError::QueueFull(RETRY_AFTER))?;
        into._permits.push(p);
        into.kib += kib;
        Ok(())
    }
}

/// One file to scan.
pub struct UploadedFile {
    /// The name the client gave (file name, `X-Filename`, `?name=`, or `field:NAME` for a
    /// multipart field without a file name).
    pub name: String,
    /// Its bytes.
    pub bytes: Bytes,
}

/// Whether the request says it has a body.
pub fn has_body(headers: &HeaderMap, body: &Incoming) -> bool {
    use hyper::body::Body;
    if body.is_end_stream() {
        return false;
    }
    match headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok()) {
        Some(n) => n > 0,
        None => true,
    }
}

/// Reads the whole body within the limits: size (413 before reading if `Content-Length` says
/// so), total time and silence (408), and the memory budget (503).
pub async fn read_body(
    headers: &HeaderMap,
    mut body: Incoming,
    limits: &RequestLimits,
    budget: &Budget,
) -> Result<(Bytes, Reservation), RequestError> {
    let declared = match headers.get(CONTENT_LENGTH) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .ok_or(RequestError::BadRequest(BadRequest::ContentLength))?,
        ),
    };
    if let Some(n) = declared {
        if n > limits.max_body {
            return Err(RequestError::TooLarge { limit: limits.max_body });
        }
    }
    let held = held_copies(headers);
    let mut reservation = Reservation::default();
    let mut reserved = 0u64;
    if let Some(n) = declared {
        budget.try_reserve(n, held, SCAN_COPIES, &mut reservation)?;
        reserved = n;
    }
    let deadline = Instant::now() + limits.body_timeout;
    let mut buf = BytesMut::with_capacity(declared.unwrap_or(0) as usize);
    loop {
        let idle = Instant::now() + limits.body_idle_timeout;
        let frame = match tokio::time::timeout_at(deadline.min(idle), body.frame()).await {
            Err(_) if Instant::now() >= deadline => {
                return Err(RequestError::BodyTimeout(Lateness::Whole(limits.body_timeout)))
            }
            Err(_) => return Err(RequestError::BodyTimeout(Lateness::Silent(limits.body_idle_timeout))),
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(RequestError::Body(e.to_string())),
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        let len = (buf.len() + data.len()) as u64;
        if len > limits.max_body {
            drop(buf);
            drain(body, deadline.min(Instant::now() + LINGER)).await;
            return Err(RequestError::TooLarge { limit: limits.max_body });
        }
        if len > reserved {
            // A body without Content-Length (chunked) reserves as it grows, 1 MiB at a time.
            let step = (len - reserved).max(1 << 20).min(limits.max_body - reserved);
            budget.try_reserve(step, held, SCAN_COPIES, &mut reservation)?;
            reserved += step;
        }
        buf.extend_from_slice(&data);
    }
    Ok((buf.freeze(), reservation))
}

/// How long an over-long body is still read (and thrown away) before the 413 is sent.
const LINGER: Duration = Duration::from_secs(1);
/// How much of it, at most.
const LINGER_BYTES: usize = 4 << 20;

/// Reads and discards the rest of a body that went over the limit, for a little while: a client
/// still sending when the connection closes gets a TCP reset instead of the 413 it should read.
async fn drain(mut body: Incoming, until: Instant) {
    let mut thrown = 0usize;
    while thrown < LINGER_BYTES {
        match tokio::time::timeout_at(until, body.frame()).await {
            Ok(Some(Ok(frame))) => thrown += frame.data_ref().map_or(0, |d| d.len()),
            _ => return,
        }
    }
}

/// Whether the body is multipart (its readings may copy it: it reserves twice its size).
pub fn is_multipart(headers: &HeaderMap) -> bool {
    content_type(headers).is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"))
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
}

/// A file name as reported: control characters dropped, 255 characters at most.
pub fn clean_name(raw: &str) -> String {
    let s: String = raw.chars().filter(|c| !c.is_control()).take(255).collect();
    if s.trim().is_empty() {
        "upload".to_string()
    } else {
        s
    }
}

/// The name of a raw upload: `X-Filename` (percent-encoded UTF-8 and RFC 2047 encoded words
/// allowed), else the request's own `Content-Disposition` file name, else `?name=`, else
/// `fallback`.
pub fn raw_name(headers: &HeaderMap, query: Option<&str>, fallback: &str) -> String {
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let words = |s: String| crate::rfc2047::decode(&s).unwrap_or(s);
    if let Some(v) = headers.get("x-filename") {
        let s = match v.to_str() {
            Ok(s) => decode(s),
            Err(_) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
        };
        return clean_name(&words(s));
    }
    if let Some(name) =
        headers.get(CONTENT_DISPOSITION).and_then(|v| disposition_filenames(v.as_bytes()).into_iter().next())
    {
        return clean_name(&words(name));
    }
    if let Some(q) = query_param(query, "name") {
        return clean_name(&words(q));
    }
    clean_name(fallback)
}

/// The file names of a request's own `Content-Disposition` (`attachment; filename="…";
/// filename*=UTF-8''…`), read leniently, as a server framework would: `filename*` (and its
/// RFC 2231 continuations) decoded first, then `filename` as sent and percent-decoded.
pub fn disposition_filenames(value: &[u8]) -> Vec<String> {
    let text = crate::charset::readings_of(value, None).into_iter().next().unwrap_or_default();
    let mut ext = Vec::new();
    let mut plain = Vec::new();
    let mut continued = Vec::new();
    for param in text.split(';').skip(1) {
        let Some((k, v)) = param.split_once('=') else {
            continue;
        };
        let k = k.trim().to_ascii_lowercase();
        let v = v.trim();
        let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
        if !k.starts_with("filename") {
            continue;
        }
        if let Some(n) = k.strip_prefix("filename*").map(|n| n.trim_end_matches('*')).filter(|n| !n.is_empty()) {
            // A continuation (`filename*0*=UTF-8''%E6%9C`, `filename*1*=%BA`): joined, then decoded.
            continued.push((n.parse::<u32>().unwrap_or(u32::MAX), v.to_string()));
        } else if k.ends_with('*') {
            ext.push(crate::multipart::decode_ext_value(v));
        } else {
            plain.push(percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned());
            plain.push(v.to_string());
        }
    }
    if !continued.is_empty() {
        continued.sort_by_key(|(n, _)| *n);
        let joined: String = continued.into_iter().map(|(_, v)| v).collect();
        ext.push(crate::multipart::decode_ext_value(&joined));
    }
    ext.extend(plain);
    ext.retain(|n| !n.trim().is_empty());
    ext
}

/// A query parameter, percent- and plus-decoded.
pub fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = percent_encoding::percent_decode_str(&k.replace('+', " ")).decode_utf8_lossy().into_owned();
        (k == key).then(|| percent_encoding::percent_decode_str(&v.replace('+', " ")).decode_utf8_lossy().into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    #[test]
    fn content_disposition_file_names_are_read_leniently() {
        let v = b"attachment; filename*=UTF-8''%E6%9C%BA%E5%AF%86.docx; filename=\"a%20b.docx\"";
        assert_eq!(disposition_filenames(v), ["机密.docx", "a b.docx", "a%20b.docx"]);
        let cont = b"attachment; filename*1*=%AF%86.txt; filename*0*=UTF-8''%E6%9C%BA%E5";
        assert_eq!(disposition_filenames(cont), ["机密.txt"]);
        assert!(disposition_filenames(b"inline").is_empty());
        let mut h = HeaderMap::new();
        h.insert(CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"=?UTF-8?B?5py65a+G?=.txt\""));
        assert_eq!(raw_name(&h, Some("name=other"), "upload"), "机密.txt");
    }

    #[test]
    fn names_come_from_the_header_then_the_query() {
        let mut h = HeaderMap::new();
        assert_eq!(raw_name(&h, Some("a=1&name=%E9%80%9A%E7%9F%A5.docx"), "upload"), "通知.docx");
        assert_eq!(raw_name(&h, None, "upload"), "upload");
        h.insert("x-filename", HeaderValue::from_static("r%C3%A9sum%C3%A9.txt"));
        assert_eq!(raw_name(&h, Some("name=other"), "upload"), "résumé.txt");
        assert_eq!(clean_name("a\u{0}b\nc"), "abc");
        assert_eq!(query_param(Some("reveal=1&x"), "x").as_deref(), Some(""));
    }

    #[test]
    fn the_budget_refuses_what_does_not_fit() {
        let b = Budget::new(10 << 10);
        let mut r1 = Reservation::default();
        b.try_reserve(8 << 10, 1, 0, &mut r1).unwrap();
        let mut r2 = Reservation::default();
        assert!(matches!(b.try_reserve(4 << 10, 1, 0, &mut r2), Err(RequestError::QueueFull(_))));
        drop(r1);
        b.try_reserve(4 << 10, 1, 0, &mut r2).unwrap();
        let mut r3 = Reservation::default();
        assert!(
            matches!(b.try_reserve(6 << 10, 2, 0, &mut r3), Err(RequestError::TooLarge { limit }) if limit == 5 << 10),
            "a multipart body that could never fit is too large, not queued"
        );
    }

    #[test]
    fn the_scans_working_memory_is_reserved_with_the_body() {
        let b = Budget::new(100 << 10);
        // 10 KiB held once and three times more for its scan: 40 KiB of the 100.
        let mut r1 = Reservation::default();
        b.try_reserve(10 << 10, 1, SCAN_COPIES, &mut r1).unwrap();
        assert_eq!(r1.kib, 40);
        let mut r2 = Reservation::default();
        b.try_reserve(10 << 10, 1, SCAN_COPIES, &mut r2).unwrap();
        let mut r3 = Reservation::default();
        assert!(
            matches!(b.try_reserve(10 << 10, 1, SCAN_COPIES, &mut r3), Err(RequestError::QueueFull(_))),
            "a third body of 10 KiB would fit alone, its scan would not"
        );
        drop((r1, r2));
        // A body whose scan needs more than the whole budget gets all of it, and runs alone.
        let mut big = Reservation::default();
        b.try_reserve(60 << 10, 1, SCAN_COPIES, &mut big).unwrap();
        assert_eq!(big.kib, 100);
        b.try_reserve(1 << 10, 1, SCAN_COPIES, &mut big).unwrap();
        assert_eq!(big.kib, 100, "growing (a chunked body) never takes more than the whole budget");
        assert!(matches!(b.try_reserve(1, 1, 0, &mut r3), Err(RequestError::QueueFull(_))));
    }
}
