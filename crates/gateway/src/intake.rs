//! The path of one upload, shared by the API and proxy mode: admit, receive, read (every reading
//! an application makes of the request: [`crate::readings`]), scan, scrub what the answer echoes,
//! record. Presenting the decision (JSON, 403, forwarding) is the caller's.

use crate::audit::{Action, AuditRecord, RequestFacts};
use crate::decision::{Decision, Requester};
use crate::error::RequestError;
use crate::readings::{self, Intake, Mode};
use crate::state::Gateway;
use crate::upload::{self, Reservation, UploadedFile, RETRY_AFTER};
use bytes::Bytes;
use hyper::body::Incoming;
use hyper::http::request::Parts;
use std::time::Instant;
use tokio::sync::OwnedSemaphorePermit;

/// An upload received and judged, with what it holds until the answer is sent.
pub struct Judged {
    /// The decision.
    pub decision: Decision,
    /// The body exactly as received (proxy mode forwards it).
    pub body: Bytes,
    /// Memory reserved for the body.
    pub _reservation: Reservation,
    /// The place in the queue.
    pub _ticket: OwnedSemaphorePermit,
}

/// Who asked and what, for the audit log.
pub struct Context<'a> {
    /// The request id.
    pub request_id: &'a str,
    /// `api` or `proxy`.
    pub mode: &'static str,
    /// Who asked.
    pub requester: &'a Requester,
    /// When the request arrived.
    pub started: Instant,
}

impl Context<'_> {
    fn facts<'b>(&'b self, parts: &'b Parts) -> RequestFacts<'b> {
        RequestFacts {
            request_id: self.request_id,
            mode: self.mode,
            requester: self.requester,
            method: parts.method.as_str(),
            path: parts.uri.path(),
            elapsed: self.started.elapsed(),
        }
    }
}

/// Takes a place in the queue, or refuses with 503 when it is full.
pub fn admit(gw: &Gateway) -> Result<OwnedSemaphorePermit, RequestError> {
    gw.admission.clone().try_acquire_owned().map_err(|_| RequestError::QueueFull(RETRY_AFTER))
}

/// Receives the body, splits it into files and scans them. A failure after the body started to
/// arrive (over a limit, malformed, too slow) is recorded in the audit log before it is returned.
pub async fn receive_and_judge(
    gw: &Gateway,
    cx: &Context<'_>,
    parts: &Parts,
    body: Incoming,
    fallback_name: &str,
    ticket: OwnedSemaphorePermit,
) -> Result<Judged, RequestError> {
    let mode = if cx.mode == "proxy" { Mode::Proxy } else { Mode::Api };
    let received = async {
        let (bytes, reservation) = upload::read_body(&parts.headers, body, &gw.config.limits, &gw.budget).await?;
        let rules = gw.rules.current();
        let name = upload::raw_name(&parts.headers, parts.uri.query(), fallback_name);
        let (headers, query) = (parts.headers.clone(), parts.uri.query().map(str::to_string));
        let (allow_types, limits, budget) =
            (gw.config.allow_types.clone(), gw.config.limits.clone(), gw.budget.clone());
        let body = UploadedFile { name: name.clone(), bytes: bytes.clone() };
        // Decoding (decompression, JSON, base64) is CPU work, and makes copies of the body before
        // they can be counted: it runs on the scan worker, one body per worker at a time.
        let read = move |body: UploadedFile, mut reservation: Reservation| {
            let intake =
                Intake { headers: &headers, query: query.as_deref(), mode, allow_types: &allow_types, limits: &limits };
            let (name, body) = (body.name, body.bytes);
            let files = readings::readings(&intake, body.clone(), name)?;
            // Decoded readings are copies: they are held too, within the same budget (a reading
            // that is the body itself, or a slice of it, is counted as if it were one: an
            // overestimate), and the largest is what one scan at a time works on.
            let sizes = || files.iter().map(|f| f.bytes.len() as u64);
            let held = sizes().sum::<u64>() + upload::SCAN_COPIES * sizes().max().unwrap_or(0);
            let reserved = (upload::held_copies(&headers) + upload::SCAN_COPIES) * body.len() as u64;
            let extra = held.saturating_sub(reserved);
            if extra > 0 {
                budget.try_reserve(extra, 1, 0, &mut reservation)?;
            }
            Ok((files, reservation))
        };
        let judged = gw.scanner.judge(rules.clone(), body, reservation, read, gw.config.limits.scan_timeout).await?;
        Ok::<_, RequestError>((bytes, rules, judged))
    }
    .await;
    let (body, rules, judged) = match received {
        Ok(r) => r,
        Err(e) => {
            if e.is_upload_failure() {
                let record = AuditRecord::failure(&cx.facts(parts), e.status().as_u16(), e.to_string());
                if gw.audit.write(&record).await.is_err() {
                    gw.metrics.audit_error();
                }
            }
            return Err(e);
        }
    };
    let decision = Decision {
        request_id: cx.request_id.to_string(),
        files: judged.files,
        rules_version: rules.version.clone(),
        rules: rules.identity.clone(),
        scrubber: judged.scrubber,
    };
    Ok(Judged { decision, body, _reservation: judged.held, _ticket: ticket })
}

/// Writes the audit record of a decision; a record that cannot be written fails the request
/// (500), so that no decision is answered, and nothing forwarded, without its record.
pub async fn record(
    gw: &Gateway,
    cx: &Context<'_>,
    parts: &Parts,
    decision: &Decision,
    action: Action,
    status: Option<u16>,
    failure: Option<String>,
) -> Result<(), RequestError> {
    let mut record = AuditRecord::decision(&cx.facts(parts), decision, action, status);
    record.error = failure;
    gw.audit.write(&record).await.map_err(|e| {
        gw.metrics.audit_error();
        RequestError::Audit(e)
    })
}

/// The `X-Uploader` header, cleaned.
pub fn uploader(parts_headers: &hyper::HeaderMap) -> Option<String> {
    let v = parts_headers.get("x-uploader")?;
    let raw = match v.to_str() {
        Ok(s) => percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned(),
        Err(_) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
    };
    let s: String = raw.chars().filter(|c| !c.is_control()).take(200).collect();
    (!s.trim().is_empty()).then_some(s)
}
