//! Which handler answers a request.
//!
//! mijian's own endpoints are at the root (`/v1/scan`, `/healthz`, `/metrics`, `/`) and also
//! under `/_mijian/` (`/_mijian/v1/scan`…). In proxy mode the root belongs to the CMS: every
//! path outside `/_mijian/` is proxied, and mijian's endpoints are reached under `/_mijian/`.

use crate::error::RequestError;
use crate::http::{self, Body};
use crate::state::Gateway;
use crate::{api, page, proxy};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use std::net::SocketAddr;
use std::sync::Arc;

/// The prefix of mijian's own endpoints in proxy mode.
pub const PREFIX: &str = "/_mijian";

/// Answers one request. Never fails: a failed request gets its JSON error.
pub async fn handle(gw: Arc<Gateway>, req: Request<Incoming>, peer: SocketAddr) -> Response<Body> {
    let request_id = gw.next_request_id();
    let _in_flight = gw.metrics.enter();
    let path = req.uri().path().to_string();
    let own = match path.strip_prefix(PREFIX) {
        Some("") => return redirect(&format!("{PREFIX}/")),
        Some(rest) if rest.starts_with('/') => Some(rest.to_string()),
        _ if gw.upstream.is_some() => None,
        _ => Some(path),
    };
    let result = match own {
        Some(p) => own_endpoint(&gw, req, &p, peer, &request_id).await,
        None => proxy::handle(&gw, req, peer, &request_id).await,
    };
    let mut resp = match result {
        Ok(r) => r,
        Err(e) => {
            if let Some(why) = e.rejection() {
                gw.metrics.rejected(why);
            }
            http::error(&e, &request_id)
        }
    };
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

async fn own_endpoint(
    gw: &Gateway,
    req: Request<Incoming>,
    path: &str,
    peer: SocketAddr,
    request_id: &str,
) -> Result<Response<Body>, RequestError> {
    let method = req.method().clone();
    let allow = |allowed: &'static str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(RequestError::MethodNotAllowed(allowed))
        }
    };
    match path {
        "/v1/scan" => {
            allow("POST", method == Method::POST)?;
            api::scan(gw, req, peer, request_id).await
        }
        "/v1/admin/reload" => {
            allow("POST", method == Method::POST)?;
            api::reload(gw, &req).await
        }
        "/healthz" => {
            allow("GET, HEAD", method == Method::GET || method == Method::HEAD)?;
            Ok(api::healthz(gw))
        }
        "/metrics" => {
            allow("GET", method == Method::GET)?;
            api::metrics(gw, &req)
        }
        _ => match page::asset(path) {
            Some(asset) => {
                allow("GET, HEAD", method == Method::GET || method == Method::HEAD)?;
                let accept = req.headers().get(hyper::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
                Ok(page::serve(asset, page::language(accept)))
            }
            None => Err(RequestError::NotFound),
        },
    }
}

fn redirect(to: &str) -> Response<Body> {
    let mut r = http::respond(StatusCode::PERMANENT_REDIRECT, "text/plain; charset=utf-8", "");
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(LOCATION, v);
    }
    r
}
