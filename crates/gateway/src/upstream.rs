//! Proxy mode's client: forwards a request to the CMS exactly as it came.
//!
//! "Exactly" means method, path, query, headers (the `Host` and `Authorization` the client sent
//! included) and body bytes. Only what RFC 9110 says a proxy must not pass on is dropped: the
//! hop-by-hop headers (`Connection` and those it names, `Keep-Alive`, `TE`, `Trailer`,
//! `Transfer-Encoding`, `Upgrade`, `Proxy-*`) and `Expect` (the body is sent whole); the body,
//! already received in full, goes with its `Content-Length`.

use crate::error::RequestError;
use crate::http::Body;
use crate::refusal::{BadRequest, BadUpstream, UpstreamFault, UpstreamUrl};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderMap, HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH};
use hyper::http::request::Parts;
use hyper::{Request, Response, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// The CMS behind the gateway.
pub struct Upstream {
    scheme_authority: String,
    prefix: String,
    client: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl Upstream {
    /// `http://host:port[/prefix]`; the request path is appended to the prefix.
    pub fn parse(url: &str, timeout: Duration) -> Result<Upstream, BadUpstream> {
        let bad = |what: UpstreamUrl| BadUpstream { url: url.to_owned(), what };
        let uri: Uri =
            url.parse().map_err(|e: hyper::http::uri::InvalidUri| bad(UpstreamUrl::NotUrl(e.to_string())))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some(other) => return Err(bad(UpstreamUrl::Scheme(other.to_owned()))),
            None => return Err(bad(UpstreamUrl::NoScheme)),
        }
        let authority = uri.authority().ok_or_else(|| bad(UpstreamUrl::NoHost))?;
        if uri.query().is_some() {
            return Err(bad(UpstreamUrl::Query));
        }
        let prefix = uri.path().trim_end_matches('/').to_string();
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(30)).build(connector);
        Ok(Upstream { scheme_authority: format!("http://{authority}"), prefix, client, timeout })
    }

    /// Where requests go, for the start-up message.
    pub fn describe(&self) -> String {
        format!("{}{}", self.scheme_authority, self.prefix)
    }

    /// Sends the request upstream, stamped with mijian's decision, and returns its answer,
    /// streamed.
    pub async fn forward(&self, parts: &Parts, body: Bytes, stamp: &Stamp<'_>) -> Result<Response<Body>, RequestError> {
        let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let uri: Uri = format!("{}{}{}", self.scheme_authority, self.prefix, path_and_query).parse().map_err(
            |e: hyper::http::uri::InvalidUri| {
                RequestError::BadRequest(BadRequest::UpstreamAddress { cause: e.to_string() })
            },
        )?;
        let mut req = Request::builder().method(parts.method.clone()).uri(uri).version(hyper::Version::HTTP_11);
        let headers = req.headers_mut().expect("a fresh builder has headers");
        copy_end_to_end(&parts.headers, headers);
        headers.remove(hyper::header::EXPECT);
        stamp.apply(headers);
        if !body.is_empty() || parts.headers.contains_key(CONTENT_LENGTH) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        let req = req
            .body(Full::new(body))
            .map_err(|e| RequestError::BadRequest(BadRequest::UpstreamRequest { cause: e.to_string() }))?;
        let resp = tokio::time::timeout(self.timeout, self.client.request(req))
            .await
            .map_err(|_| RequestError::Upstream(UpstreamFault::NoAnswer(self.timeout)))?
            .map_err(|e| RequestError::Upstream(UpstreamFault::Failed { cause: e.to_string() }))?;
        let (mut head, incoming) = resp.into_parts();
        let mut clean = HeaderMap::with_capacity(head.headers.len());
        copy_end_to_end(&head.headers, &mut clean);
        head.headers = clean;
        Ok(Response::from_parts(head, incoming.boxed()))
    }
}

/// What the application is told about a forwarded request, in `X-Mijian-*` headers. Any
/// `X-Mijian-*` header the client sent is removed first: the decision cannot be forged.
pub struct Stamp<'a> {
    /// `pass`, or `review` under `--review forward`.
    pub verdict: mijian_core::Verdict,
    /// The request id (in the audit log and mijian's answers).
    pub request_id: &'a str,
    /// The rules the scan used.
    pub rules_version: &'a str,
}

impl Stamp<'_> {
    fn apply(&self, headers: &mut HeaderMap) {
        let forged: Vec<HeaderName> = headers.keys().filter(|k| k.as_str().starts_with("x-mijian-")).cloned().collect();
        for name in forged {
            headers.remove(name);
        }
        let mut set = |name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(name, v);
            }
        };
        set("x-mijian-verdict", self.verdict.as_str());
        set("x-mijian-request-id", self.request_id);
        set("x-mijian-rules-version", self.rules_version);
    }
}

const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
];

/// Copies the end-to-end headers (all but the hop-by-hop ones, and those `Connection` names).
fn copy_end_to_end(from: &HeaderMap, to: &mut HeaderMap) {
    let named: Vec<HeaderName> = from
        .get_all(CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    for (name, value) in from {
        if HOP_BY_HOP.contains(&name.as_str()) || name == hyper::header::UPGRADE || named.contains(name) {
            continue;
        }
        to.append(name.clone(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_upstreams_are_accepted() {
        let t = Duration::from_secs(1);
        assert_eq!(Upstream::parse("http://127.0.0.1:8080/", t).unwrap().describe(), "http://127.0.0.1:8080");
        assert_eq!(Upstream::parse("http://cms.local/base/", t).unwrap().describe(), "http://cms.local/base");
        assert!(Upstream::parse("https://cms.local", t).is_err());
        assert!(Upstream::parse("cms.local:80", t).is_err());
        assert!(Upstream::parse("http://cms.local/?a=1", t).is_err());
    }

    #[test]
    fn the_stamp_replaces_what_the_client_sent() {
        let mut h = HeaderMap::new();
        h.append("x-mijian-verdict", HeaderValue::from_static("pass"));
        h.append("X-Mijian-Verdict", HeaderValue::from_static("pass"));
        h.insert("x-mijian-anything", HeaderValue::from_static("1"));
        h.insert("x-other", HeaderValue::from_static("kept"));
        let stamp = Stamp { verdict: mijian_core::Verdict::Review, request_id: "r-1", rules_version: "v9" };
        stamp.apply(&mut h);
        assert_eq!(h.get_all("x-mijian-verdict").iter().collect::<Vec<_>>(), ["review"]);
        assert_eq!(h["x-mijian-request-id"], "r-1");
        assert_eq!(h["x-mijian-rules-version"], "v9");
        assert!(h.get("x-mijian-anything").is_none());
        assert_eq!(h["x-other"], "kept");
    }

    #[test]
    fn hop_by_hop_headers_are_dropped() {
        let mut from = HeaderMap::new();
        from.insert(CONNECTION, HeaderValue::from_static("keep-alive, x-secret-hop"));
        from.insert("x-secret-hop", HeaderValue::from_static("1"));
        from.insert("keep-alive", HeaderValue::from_static("timeout=5"));
        from.insert("authorization", HeaderValue::from_static("Bearer cms-session"));
        from.insert("host", HeaderValue::from_static("cms.example"));
        from.append("x-multi", HeaderValue::from_static("a"));
        from.append("x-multi", HeaderValue::from_static("b"));
        let mut to = HeaderMap::new();
        copy_end_to_end(&from, &mut to);
        assert!(to.get("x-secret-hop").is_none() && to.get(CONNECTION).is_none() && to.get("keep-alive").is_none());
        assert_eq!(to["authorization"], "Bearer cms-session");
        assert_eq!(to["host"], "cms.example");
        assert_eq!(to.get_all("x-multi").iter().count(), 2);
    }
}
