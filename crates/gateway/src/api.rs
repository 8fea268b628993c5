//! mijian's own endpoints: scan, reload, health, metrics (the page is in `page`).

use crate::answer::{Exposure, ScanAnswer};
use crate::audit::Action;
use crate::decision::Requester;
use crate::error::RequestError;
use crate::http::{self, Body};
use crate::intake::{self, Context};
use crate::record;
use crate::refusal::{BadRequest, Policy};
use crate::state::Gateway;
use crate::tokens::{Identity, Role};
use crate::upload;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use mijian_core::Lang;
use std::net::SocketAddr;
use std::time::Instant;

/// `POST /v1/scan`: the verdict on the uploaded files, HTTP 200 whatever it is; with `?record=1`,
/// also the review record (see `record`).
pub async fn scan(
    gw: &Gateway,
    req: Request<Incoming>,
    peer: SocketAddr,
    request_id: &str,
) -> Result<Response<Body>, RequestError> {
    let started = Instant::now();
    let lang = http::lang_of(req.headers());
    let identity = gw.authorize(req.headers(), Role::Client, "scan")?;
    let exposure = exposure(gw, &req, identity.as_ref(), peer)?;
    let wants_record = upload::query_param(req.uri().query(), "record").is_some_and(|v| v == "1" || v == "true");
    if !upload::has_body(req.headers(), req.body()) {
        return Err(RequestError::BadRequest(BadRequest::NoFile));
    }
    let ticket = intake::admit(gw)?;
    let requester = Requester {
        token: identity.map(|i| i.name),
        uploader: intake::uploader(req.headers()),
        client: peer.to_string(),
    };
    let cx = Context { request_id, mode: "api", requester: &requester, started };
    let (parts, body) = req.into_parts();
    let judged = intake::receive_and_judge(gw, &cx, &parts, body, "upload", ticket).await?;
    let decision = &judged.decision;
    intake::record(gw, &cx, &parts, decision, Action::Answered, Some(200), None).await?;
    let elapsed = started.elapsed();
    gw.metrics.decided(decision.verdict(), &decision.file_counts(), elapsed.as_secs_f64());
    let mut answer = ScanAnswer::new(decision, exposure, elapsed, lang);
    if wants_record {
        answer.record = Some(record::pages(decision, gw.config.show_matched));
    }
    Ok(http::json(StatusCode::OK, &answer))
}

/// Whether this request may see matched text.
///
/// The operator's `--show-matched` reveals it to everyone. Otherwise a request may ask for it
/// (`?reveal=1`, what the staff page does) and gets it only if it is the owner's own check: a
/// `staff` or `admin` token, or, when the server runs without a token file (and so only on
/// loopback), a client on this machine that no proxy relayed, outside proxy mode. A `client` token (a CMS) never gets it: a CMS stores and
/// logs answers, and the dictionary must not end up there.
fn exposure(
    gw: &Gateway,
    req: &Request<Incoming>,
    identity: Option<&Identity>,
    peer: SocketAddr,
) -> Result<Exposure, RequestError> {
    if gw.config.show_matched {
        return Ok(Exposure::Revealed);
    }
    let asked = upload::query_param(req.uri().query(), "reveal").is_some_and(|v| v == "1" || v == "true");
    if !asked {
        return Ok(Exposure::Masked);
    }
    let allowed = match identity {
        Some(i) => i.role >= Role::Staff,
        // A request relayed by a reverse proxy on this machine also comes from loopback, but
        // from anyone: it is not the machine's own user. The proxy says so in its headers; and
        // in proxy mode the gateway stands behind the public front by design, so without
        // tokens nobody can be told apart from a relayed stranger, and nobody gets the text.
        None => gw.tokens.is_none() && gw.upstream.is_none() && peer.ip().is_loopback() && !relayed(req.headers()),
    };
    if allowed {
        Ok(Exposure::Revealed)
    } else {
        Err(RequestError::NotAllowed(Policy::RevealNeedsStaff))
    }
}

/// Whether a proxy says it relayed the request (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`,
/// `Via` and the like).
fn relayed(headers: &hyper::HeaderMap) -> bool {
    ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "via", "x-client-ip", "true-client-ip"]
        .iter()
        .any(|h| headers.contains_key(*h))
}

/// `POST /v1/admin/reload`: reloads the dictionaries (and the token file) now.
pub async fn reload(gw: &Gateway, req: &Request<Incoming>) -> Result<Response<Body>, RequestError> {
    if gw.tokens.is_none() {
        return Err(RequestError::NotAllowed(Policy::ReloadNeedsTokens));
    }
    gw.authorize(req.headers(), Role::Admin, "reload the rules")?;
    match gw.reload().await {
        Ok(r) => {
            crate::server::log(
                gw.config.lang,
                format!("mijian：已通过 HTTP 重新载入规则：版本 {}（{} 个词条）", r.version, r.terms),
                format!("mijian: reloaded the rules over HTTP: version {} ({} terms)", r.version, r.terms),
            );
            Ok(http::json(
                StatusCode::OK,
                &serde_json::json!({"reloaded": true, "previous": r.previous, "version": r.version, "terms": r.terms, "took_ms": r.took_ms}),
            ))
        }
        Err(e) => {
            crate::server::log(
                gw.config.lang,
                format!("mijian：重新载入失败，现行规则不变：{}", e.text(Lang::Zh)),
                format!("mijian: reload failed, the rules in force are unchanged: {}", e.text(Lang::En)),
            );
            Err(RequestError::Reload(e))
        }
    }
}

/// `GET /healthz`: 200 while serving, 503 once shutting down.
pub fn healthz(gw: &Gateway) -> Response<Body> {
    let r = gw.rules.current();
    let (status, state) =
        if gw.is_shutting_down() { (StatusCode::SERVICE_UNAVAILABLE, "stopping") } else { (StatusCode::OK, "ok") };
    http::json(status, &serde_json::json!({"status": state, "rules_version": r.version, "terms": r.term_count()}))
}

/// `GET /metrics`: Prometheus text (any valid token when a token file is in use).
pub fn metrics(gw: &Gateway, req: &Request<Incoming>) -> Result<Response<Body>, RequestError> {
    gw.authorize(req.headers(), Role::Client, "read the metrics")?;
    Ok(http::respond(StatusCode::OK, "text/plain; version=0.0.4; charset=utf-8", gw.render_metrics()))
}
