//! The gateway's shared state: everything a request handler reaches through one `Arc`.

use crate::audit::AuditLog;
use crate::config::Config;
use crate::error::RequestError;
use crate::metrics::{Metrics, RulesInfo};
use crate::ruleset::{LiveRules, LoadError, Reloaded};
use crate::scanner::Scanner;
use crate::tokens::{bearer, Identity, Role, Tokens};
use crate::upload::Budget;
use crate::upstream::Upstream;
use arc_swap::ArcSwap;
use hyper::header::{HeaderMap, AUTHORIZATION};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What every request shares.
pub struct Gateway {
    /// The operator's choices.
    pub config: Config,
    /// The rules in force.
    pub rules: LiveRules,
    /// The tokens in force (none: no token file, loopback only).
    pub tokens: Option<ArcSwap<Tokens>>,
    /// Counters.
    pub metrics: Metrics,
    /// The audit log.
    pub audit: AuditLog,
    /// The scans.
    pub scanner: Scanner,
    /// Upload requests admitted at once (the queue).
    pub admission: Arc<Semaphore>,
    /// Bytes of bodies held at once.
    pub budget: Budget,
    /// Proxy mode: the CMS.
    pub upstream: Option<Upstream>,
    /// Set once SIGTERM arrived.
    pub shutting_down: AtomicBool,
    ids: RequestIds,
}

impl Gateway {
    /// Puts the parts together.
    pub fn new(
        config: Config,
        rules: LiveRules,
        tokens: Option<Tokens>,
        audit: AuditLog,
        upstream: Option<Upstream>,
    ) -> Gateway {
        let opts = mijian_inspect::InspectOptions {
            limits: mijian_extract::Limits {
                max_file_bytes: config.limits.max_body,
                ocr: config.ocr.clone(),
                ..config.reading.clone()
            },
            scan: mijian_core::FindOptions { max_findings: config.max_findings, ..Default::default() },
            ..Default::default()
        };
        Gateway {
            scanner: Scanner::new(config.limits.workers, opts, audit.coming()),
            admission: Arc::new(Semaphore::new(config.limits.queue.max(1))),
            budget: Budget::new(config.limits.max_buffered),
            tokens: tokens.map(ArcSwap::from_pointee),
            metrics: Metrics::default(),
            shutting_down: AtomicBool::new(false),
            ids: RequestIds::new(),
            config,
            rules,
            audit,
            upstream,
        }
    }

    /// A fresh request id.
    pub fn next_request_id(&self) -> String {
        self.ids.next()
    }

    /// Checks the bearer token for an action needing `role`. Without a token file every request
    /// is let in (the server then listens on loopback only) and has no identity.
    pub fn authorize(
        &self,
        headers: &HeaderMap,
        role: Role,
        action: &'static str,
    ) -> Result<Option<Identity>, RequestError> {
        let Some(tokens) = &self.tokens else {
            return Ok(None);
        };
        let presented = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer)
            .ok_or(RequestError::Unauthorized)?;
        let tokens = tokens.load();
        let identity = tokens.identify(presented).ok_or(RequestError::Unauthorized)?;
        if identity.role < role {
            return Err(RequestError::Forbidden { name: identity.name.clone(), action });
        }
        Ok(Some(identity.clone()))
    }

    /// Reloads the token file (if any) and the dictionaries; either both are replaced or
    /// neither is.
    pub async fn reload(&self) -> Result<Reloaded, LoadError> {
        let result = self.reload_all().await;
        self.metrics.reloaded(result.is_ok());
        result
    }

    async fn reload_all(&self) -> Result<Reloaded, LoadError> {
        let tokens = match &self.config.tokens {
            Some(path) => {
                let path = path.clone();
                let loaded = tokio::task::spawn_blocking(move || Tokens::load(&path))
                    .await
                    .map_err(|e| LoadError::Stopped(e.to_string()))?;
                Some(loaded.map_err(LoadError::Tokens)?)
            }
            None => None,
        };
        let reloaded = self.rules.reload().await?;
        if let (Some(new), Some(live)) = (tokens, &self.tokens) {
            live.store(Arc::new(new));
        }
        Ok(reloaded)
    }

    /// The rules in force, for the metrics.
    pub fn render_metrics(&self) -> String {
        let r = self.rules.current();
        let loaded_at = r.loaded_at.duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
        self.metrics.render(
            &RulesInfo { version: &r.version, terms: r.term_count(), loaded_at },
            self.audit.records_and_syncs(),
        )
    }

    /// Whether SIGTERM arrived.
    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::Relaxed)
    }
}

/// Request ids: the start time of the process (so ids differ across restarts) and a counter.
struct RequestIds {
    boot: u64,
    next: AtomicU64,
}

impl RequestIds {
    fn new() -> Self {
        let boot =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        RequestIds { boot, next: AtomicU64::new(1) }
    }

    fn next(&self) -> String {
        format!("{:x}-{:06}", self.boot, self.next.fetch_add(1, Ordering::Relaxed))
    }
}
