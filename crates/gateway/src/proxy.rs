//! Proxy mode: mijian in front of the CMS.
//!
//! Every request with a body or a query string is received whole (within the limits), every
//! reading of it scanned ([`crate::readings`]: what PHP, Django, Node, Go or Java will decode from
//! it), and the decision taken; the untouched request is forwarded upstream, stamped with
//! `X-Mijian-*` headers, if the verdict is `pass` (or `review` under `--review forward`), and
//! otherwise refused with 403 and recorded. A forwarded request is recorded once the upstream
//! answered, with its status. Fail closed: a limit, an ambiguous or unreadable body, a scan error
//! or an audit failure forwards nothing. Requests with neither a body nor a query string (page
//! views, downloads) are forwarded at once, unscanned and unrecorded.

use crate::answer::{Exposure, ScanAnswer};
use crate::audit::Action;
use crate::config::ReviewPolicy;
use crate::decision::{Decision, Requester};
use crate::error::RequestError;
use crate::http::{self, escape_html, Body};
use crate::intake::{self, Context};
use crate::state::Gateway;
use crate::upload;
use crate::upstream::Stamp;
use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{Request, Response, StatusCode};
use mijian_core::Verdict;
use std::net::SocketAddr;
use std::time::Instant;

/// Handles one request for the CMS.
pub async fn handle(
    gw: &Gateway,
    req: Request<Incoming>,
    peer: SocketAddr,
    request_id: &str,
) -> Result<Response<Body>, RequestError> {
    let upstream = gw.upstream.as_ref().expect("proxy::handle is called in proxy mode only");
    let started = Instant::now();
    let has_query = req.uri().query().is_some_and(|q| !q.is_empty());
    if !upload::has_body(req.headers(), req.body()) && !has_query {
        // Nothing the application reads from this request but its path: nothing to inspect.
        let (parts, _) = req.into_parts();
        let rules = gw.rules.current();
        let stamp = Stamp { verdict: Verdict::Pass, request_id, rules_version: &rules.version };
        return upstream.forward(&parts, Bytes::new(), &stamp).await.inspect_err(|_| gw.metrics.upstream_error());
    }
    let ticket = intake::admit(gw)?;
    let requester = Requester { token: None, uploader: intake::uploader(req.headers()), client: peer.to_string() };
    let cx = Context { request_id, mode: "proxy", requester: &requester, started };
    let (parts, body) = req.into_parts();
    let fallback = parts
        .uri
        .path()
        .rsplit('/')
        .find(|s| !s.is_empty())
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .unwrap_or_else(|| "upload".into());
    let judged = intake::receive_and_judge(gw, &cx, &parts, body, &fallback, ticket).await?;
    let decision = &judged.decision;
    let verdict = decision.verdict();
    let forward = verdict == Verdict::Pass || (verdict == Verdict::Review && gw.config.review == ReviewPolicy::Forward);
    gw.metrics.decided(verdict, &decision.file_counts(), started.elapsed().as_secs_f64());
    if !forward {
        intake::record(gw, &cx, &parts, decision, Action::Refused, Some(403), None).await?;
        gw.metrics.refused();
        return Ok(refusal(decision, http::prefers_html(&parts.headers), http::lang_of(&parts.headers), started));
    }
    gw.metrics.forwarded();
    let stamp = Stamp { verdict, request_id, rules_version: &decision.rules_version };
    let answer = upstream.forward(&parts, judged.body.clone(), &stamp).await;
    // The record of a forwarded request says how the upstream answered: it is written once
    // the upstream's status is known (or its failure), before that answer is passed on.
    let (status, failure) = match &answer {
        Ok(r) => (r.status().as_u16(), None),
        Err(e) => {
            gw.metrics.upstream_error();
            (e.status().as_u16(), Some(e.to_string()))
        }
    };
    intake::record(gw, &cx, &parts, decision, Action::Forwarded, Some(status), failure).await?;
    answer
}

/// The 403 answer: the JSON of `/v1/scan` under an `error`, or a short HTML page. Matched text
/// is always masked: the person at the browser may not be the file's owner.
fn refusal(decision: &Decision, html: bool, lang: mijian_core::Lang, started: Instant) -> Response<Body> {
    let answer = ScanAnswer::new(decision, Exposure::Masked, started.elapsed(), lang);
    if !html {
        let message = match lang {
            mijian_core::Lang::Zh => format!("mijian 拒绝了这次上传：结论为{}", answer.verdict.text(lang)),
            mijian_core::Lang::En => format!("the upload was refused by mijian: verdict {}", answer.verdict),
        };
        let body = serde_json::json!({
            "error": {"code": "refused", "message": message},
            "request_id": answer.request_id,
            "scan": answer,
        });
        return http::json(StatusCode::FORBIDDEN, &body);
    }
    let mut rows = String::new();
    for f in &answer.files {
        let findings: Vec<String> = f
            .findings
            .iter()
            .map(|x| {
                format!(
                    "{} {} {} ({})",
                    escape_html(x.level),
                    escape_html(&x.rule.to_string()),
                    escape_html(&x.matched),
                    escape_html(&x.location.to_string())
                )
            })
            .collect();
        rows.push_str(&format!(
            "<tr><td>{}</td><td class=\"{v}\">{v}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&f.name),
            escape_html(f.reason.as_deref().unwrap_or("")),
            findings.join("<br>"),
            v = f.verdict,
        ));
    }
    let page = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>上传被拒绝 · Upload refused</title>\
         <style>{REFUSAL_STYLE}</style></head>\
         <body><h1>上传被拒绝 · Upload refused</h1><p>mijian (密检) did not let this upload through: verdict <b>{}</b>. \
         Ask the security office with the request id <code>{}</code>.</p>\
         <table><tr><th>file</th><th>verdict</th><th>reason</th><th>findings</th></tr>{rows}</table></body></html>",
        answer.verdict,
        escape_html(answer.request_id),
    );
    let mut r = http::respond(StatusCode::FORBIDDEN, "text/html; charset=utf-8", page);
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&refusal_csp()) {
        h.insert("content-security-policy", v);
    }
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    r
}

/// The refusal page's style, allowed by its hash in the page's Content-Security-Policy.
const REFUSAL_STYLE: &str = "body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}\
     table{border-collapse:collapse}.block,.error{color:#b00;font-weight:bold}.review{color:#a60;font-weight:bold}";

/// Nothing but the page's own style: no script, no image, no form, no framing. A name or
/// reason that slipped markup past the escaping still could not run or load anything.
fn refusal_csp() -> String {
    use sha2::{Digest, Sha256};
    let hash = crate::base64::encode(&Sha256::digest(REFUSAL_STYLE.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}
