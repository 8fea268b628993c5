//! The path of one upload, shared by the API and proxy mode: admit, receive, read (every reading
//! an application makes of the request: [`crate::readings`]), scan, scrub what the answer echoes,
//! record. Presenting the decision (JSON, 403, forwarding) is the caller's.

use crate::audit::{Action, AuditRecord, RequestFacts};
use crate::decision::{Decision, Requester, ScannedFile};
use crate::echo::Scrubber;
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
        let (bytes, mut reservation) = upload::read_body(&parts.headers, body, &gw.config.limits, &gw.budget).await?;
        let name = upload::raw_name(&parts.headers, parts.uri.query(), fallback_name);
        // Decoding (decompression, JSON, base64) is CPU work: off the async threads.
        let (headers, query) = (parts.headers.clone(), parts.uri.query().map(str::to_string));
        let (allow_types, limits) = (gw.config.allow_types.clone(), gw.config.limits.clone());
        let body = bytes.clone();
        // One decoding per worker at a time: the copies it makes are counted only once it is done.
        let decoding = tokio::time::timeout(limits.scan_timeout, gw.decoding.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or(RequestError::QueueFull(RETRY_AFTER))?;
        let files = tokio::task::spawn_blocking(move || {
            let _decoding = decoding;
            let intake =
                Intake { headers: &headers, query: query.as_deref(), mode, allow_types: &allow_types, limits: &limits };
            readings::readings(&intake, body, name)
        })
        .await
        .map_err(|e| RequestError::BadRequest(format!("reading the body failed: {e}")))??;
        // Decoded readings are copies: they are held too, within the same budget (a reading that
        // is the body itself, or a slice of it, is counted as if it were one: an overestimate),
        // and the largest is what one scan at a time works on.
        let sizes = || files.iter().map(|f| f.bytes.len() as u64);
        let held = sizes().sum::<u64>() + upload::SCAN_COPIES * sizes().max().unwrap_or(0);
        let reserved = (upload::held_copies(&parts.headers) + upload::SCAN_COPIES) * bytes.len() as u64;
        let extra = held.saturating_sub(reserved);
        if extra > 0 {
            gw.budget.try_reserve(extra, 1, 0, &mut reservation)?;
        }
        Ok::<_, RequestError>((bytes, reservation, files))
    }
    .await;
    let (body, reservation, files) = match received {
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
    let decision = judge(gw, cx, files).await;
    Ok(Judged { decision, body, _reservation: reservation, _ticket: ticket })
}

/// Scans the readings of a request: the readings themselves, then the names of the archive
/// members found in them (text a site publishes as link text), then what the answer will echo
/// (for [`Scrubber`]).
pub async fn judge(gw: &Gateway, cx: &Context<'_>, files: Vec<UploadedFile>) -> Decision {
    let rules = gw.rules.current();
    let limits = &gw.config.limits;
    let deadline = tokio::time::Instant::now() + limits.scan_timeout;
    let timeout_text = format!("{} s", limits.scan_timeout.as_secs_f64());
    let mut files = gw.scanner.scan(rules.clone(), files, deadline, &timeout_text).await;
    let members: Vec<&str> = files.iter().flat_map(ScannedFile::member_reports).map(|r| r.path.as_str()).collect();
    if !members.is_empty() {
        let text = members.join("\n") + "\n";
        let reading = UploadedFile { name: "member names".into(), bytes: text.into() };
        let more = gw.scanner.scan(rules.clone(), vec![reading], deadline, &timeout_text).await;
        files.extend(more);
    }
    let echoed = crate::echo::echoed_text(files.iter().flat_map(ScannedFile::reports));
    // The echoed text is a few names and reasons: a scan that ran out of time still gets a short
    // grace to scrub them, so a timed-out upload is told why instead of getting a reason masked whole.
    let echo_deadline = deadline.max(tokio::time::Instant::now() + std::time::Duration::from_millis(500));
    let scrubber = match gw.scanner.protected_in(rules.clone(), echoed, echo_deadline).await {
        Some(found) => Scrubber::new(found),
        None => Scrubber::withholding(),
    };
    Decision {
        request_id: cx.request_id.to_string(),
        files,
        rules_version: rules.version.clone(),
        rules: rules.identity.clone(),
        scrubber,
    }
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
