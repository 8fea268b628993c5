//! Starting, serving and stopping: the accept loop, signals and graceful shutdown.

use crate::audit::AuditLog;
use crate::config::{Config, ReviewPolicy};
use crate::error::GatewayError;
use crate::routes;
use crate::ruleset::{LiveRules, RuleSet};
use crate::state::Gateway;
use crate::tokens::Tokens;
use crate::upstream::Upstream;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::Semaphore;

/// Runs the gateway until SIGTERM or SIGINT, on a runtime of its own.
pub fn run(config: Config) -> Result<(), GatewayError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("mijian-gateway")
        .build()
        .map_err(|source| GatewayError::Io { what: "cannot start the runtime".into(), source })?;
    runtime.block_on(serve(config))
}

/// Checks the configuration, loads everything, listens, and serves until SIGTERM or SIGINT.
/// Prints `mijian: listening on ADDR` on standard output once ready.
pub async fn serve(config: Config) -> Result<(), GatewayError> {
    check(&config)?;
    let tokens = config.tokens.as_deref().map(Tokens::load).transpose()?;
    let (dicts, defaults, index) = (config.dicts.clone(), config.default_rules, config.index.clone());
    let first = tokio::task::spawn_blocking(move || RuleSet::load_with(&dicts, defaults, index.as_ref()))
        .await
        .map_err(|e| GatewayError::Rules(e.to_string()))?
        .map_err(GatewayError::Rules)?;
    let rules = LiveRules::new(first, config.dicts.clone(), config.default_rules).with_index(config.index.clone());
    let audit = match &config.audit {
        Some(path) => {
            AuditLog::open(path).map_err(|source| GatewayError::Audit { path: path.display().to_string(), source })?
        }
        None => AuditLog::disabled(),
    };
    let upstream = config
        .upstream
        .as_deref()
        .map(|u| Upstream::parse(u, config.limits.upstream_timeout))
        .transpose()
        .map_err(GatewayError::Config)?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| GatewayError::Io { what: format!("cannot listen on {}", config.listen), source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| GatewayError::Io { what: "cannot read the bound address".into(), source })?;
    let gw = Arc::new(Gateway::new(config, rules, tokens, audit, upstream));
    announce(&gw, addr);
    let mut term = signal(SignalKind::terminate())
        .map_err(|source| GatewayError::Io { what: "cannot handle SIGTERM".into(), source })?;
    let mut int = signal(SignalKind::interrupt())
        .map_err(|source| GatewayError::Io { what: "cannot handle SIGINT".into(), source })?;
    let mut hup = signal(SignalKind::hangup())
        .map_err(|source| GatewayError::Io { what: "cannot handle SIGHUP".into(), source })?;
    let graceful = GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(gw.config.limits.max_connections.max(1)));
    let mut conn = http1::Builder::new();
    conn.timer(TokioTimer::new())
        .header_read_timeout(gw.config.limits.header_timeout)
        .max_buf_size(gw.config.limits.max_header_bytes.max(8192))
        .keep_alive(true);
    loop {
        let accept = async {
            let permit = connections.clone().acquire_owned().await;
            (permit, listener.accept().await)
        };
        tokio::select! {
            _ = term.recv() => break,
            _ = int.recv() => break,
            _ = hup.recv() => {
                let gw = gw.clone();
                tokio::spawn(async move {
                    // logrotate moved the audit file away: records go to a new one from now on.
                    if let Err(e) = gw.audit.reopen().await {
                        eprintln!("mijian: SIGHUP: the audit log was not reopened, still writing to the old file: {e}");
                    }
                    match gw.reload().await {
                        Ok(r) => eprintln!("mijian: SIGHUP: reloaded the rules: version {} ({} terms, {} ms)", r.version, r.terms, r.took_ms),
                        Err(e) => eprintln!("mijian: SIGHUP: reload failed, the rules in force are unchanged: {e}"),
                    }
                });
            }
            (permit, accepted) = accept => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        eprintln!("mijian: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let gw = gw.clone();
                let service = service_fn(move |req| {
                    let gw = gw.clone();
                    async move { Ok::<_, Infallible>(routes::handle(gw, req, peer).await) }
                });
                let connection = graceful.watch(conn.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    let _ = connection.await;
                    drop(permit);
                });
            }
        }
    }
    drop(listener);
    gw.shutting_down.store(true, Ordering::Relaxed);
    eprintln!("mijian: stopping: no new connections; finishing the requests in flight");
    let limit = gw.config.limits.shutdown_timeout;
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limit) => eprintln!("mijian: requests still in flight after {} s; stopping anyway", limit.as_secs()),
    }
    gw.audit.close();
    eprintln!("mijian: stopped");
    Ok(())
}

/// Refuses what cannot be safe or cannot work.
fn check(config: &Config) -> Result<(), GatewayError> {
    if config.tokens.is_none() && !config.listen.ip().is_loopback() {
        return Err(GatewayError::OpenWithoutTokens(config.listen));
    }
    let l = &config.limits;
    if l.max_body > l.max_buffered {
        return Err(GatewayError::BodyOverBuffered { max_body: l.max_body, max_buffered: l.max_buffered });
    }
    if l.workers == 0 || l.queue == 0 || l.max_parts == 0 {
        return Err(GatewayError::ZeroCount);
    }
    Ok(())
}

fn announce(gw: &Gateway, addr: std::net::SocketAddr) {
    let rules = gw.rules.current();
    let l = &gw.config.limits;
    eprintln!("mijian: rules version {} ({} terms and patterns)", rules.version, rules.term_count());
    if gw.config.index.is_some() {
        eprintln!("mijian: {} registered documents in the index", rules.registered);
    }
    match &gw.tokens {
        Some(t) => eprintln!("mijian: {} tokens loaded", t.load().len()),
        None => {
            eprintln!("mijian: no token file: serving on loopback only, without authentication")
        }
    }
    match &gw.config.audit {
        Some(p) => eprintln!("mijian: audit log: {}", p.display()),
        None => {
            eprintln!("mijian: WARNING: no audit log (--audit FILE): decisions are not recorded")
        }
    }
    if let Some(u) = &gw.upstream {
        let review = match gw.config.review {
            ReviewPolicy::Hold => "held (403)",
            ReviewPolicy::Forward => "forwarded",
        };
        eprintln!(
            "mijian: proxy mode: passing uploads go to {}; review is {review}; \
             mijian's own endpoints are under /_mijian/",
            u.describe()
        );
    }
    if gw.config.show_matched {
        eprintln!("mijian: --show-matched: answers carry the matched text unmasked");
    }
    eprintln!(
        "mijian: limits: body {} bytes, buffered {} bytes, {} parts, {} workers, queue {}, body time {} s, scan time {} s",
        l.max_body,
        l.max_buffered,
        l.max_parts,
        l.workers,
        l.queue,
        l.body_timeout.as_secs(),
        l.scan_timeout.as_secs()
    );
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "mijian: listening on {addr}");
    let _ = out.flush();
}
