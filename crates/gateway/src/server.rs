//! Starting, serving and stopping: the accept loop, signals and graceful shutdown.

use crate::audit::AuditLog;
use crate::config::{Config, ReviewPolicy};
use crate::error::GatewayError;
use crate::routes;
use crate::ruleset::{LiveRules, LoadError, RuleSet};
use crate::state::Gateway;
use crate::tokens::Tokens;
use crate::upstream::Upstream;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use mijian_core::Lang;
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
/// Prints `mijian: listening on ADDR` (`mijian：正在监听 ADDR` in Chinese) on standard output once
/// ready: the address is the line's last word.
pub async fn serve(config: Config) -> Result<(), GatewayError> {
    check(&config)?;
    let tokens = config.tokens.as_deref().map(Tokens::load).transpose()?;
    let (dicts, defaults, index) = (config.dicts.clone(), config.default_rules, config.index.clone());
    let first = tokio::task::spawn_blocking(move || RuleSet::load_with(&dicts, defaults, index.as_ref()))
        .await
        .map_err(|e| GatewayError::Rules(LoadError::Stopped(e.to_string())))?
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
        .map_err(GatewayError::Upstream)?;
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
                    let lang = gw.config.lang;
                    if let Err(e) = gw.audit.reopen().await {
                        log(
                            lang,
                            format!("mijian：SIGHUP：审计日志未能重新打开，仍写入原文件：{e}"),
                            format!("mijian: SIGHUP: the audit log was not reopened, still writing to the old file: {e}"),
                        );
                    }
                    match gw.reload().await {
                        Ok(r) => log(
                            lang,
                            format!("mijian：SIGHUP：已重新载入规则：版本 {}（{} 个词条，{} 毫秒）", r.version, r.terms, r.took_ms),
                            format!("mijian: SIGHUP: reloaded the rules: version {} ({} terms, {} ms)", r.version, r.terms, r.took_ms),
                        ),
                        Err(e) => log(
                            lang,
                            format!("mijian：SIGHUP：重新载入失败，现行规则不变：{}", e.text(Lang::Zh)),
                            format!("mijian: SIGHUP: reload failed, the rules in force are unchanged: {}", e.text(Lang::En)),
                        ),
                    }
                });
            }
            (permit, accepted) = accept => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        let lang = gw.config.lang;
                        log(lang, format!("mijian：接受连接失败：{}", lang.io_error(&e)), format!("mijian: accept failed: {e}"));
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
    let lang = gw.config.lang;
    log(
        lang,
        "mijian：正在停止：不再接受新连接，处理完进行中的请求".into(),
        "mijian: stopping: no new connections; finishing the requests in flight".into(),
    );
    let limit = gw.config.limits.shutdown_timeout;
    let secs = limit.as_secs();
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limit) => log(
            lang,
            format!("mijian：{secs} 秒后仍有请求在进行；照样停止"),
            format!("mijian: requests still in flight after {secs} s; stopping anyway"),
        ),
    }
    gw.audit.close();
    log(lang, "mijian：已停止".into(), "mijian: stopped".into());
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

/// Says something to the operator on standard error, in `lang`.
pub(crate) fn log(lang: mijian_core::Lang, zh: String, en: String) {
    eprintln!("{}", if lang == mijian_core::Lang::Zh { zh } else { en });
}

fn announce(gw: &Gateway, addr: std::net::SocketAddr) {
    let rules = gw.rules.current();
    let l = &gw.config.limits;
    let say = |zh: String, en: String| log(gw.config.lang, zh, en);
    let terms = rules.term_count();
    say(
        format!("mijian：规则版本 {}（{terms} 个词条和模式）", rules.version),
        format!("mijian: rules version {} ({terms} terms and patterns)", rules.version),
    );
    if gw.config.index.is_some() {
        let n = rules.registered;
        say(format!("mijian：索引中登记了 {n} 份文档"), format!("mijian: {n} registered documents in the index"));
    }
    match &gw.tokens {
        Some(t) => {
            let n = t.load().len();
            say(format!("mijian：已载入 {n} 个令牌"), format!("mijian: {n} tokens loaded"))
        }
        None => say(
            "mijian：没有令牌文件：只在回环地址上服务，不做身份验证".into(),
            "mijian: no token file: serving on loopback only, without authentication".into(),
        ),
    }
    match &gw.config.audit {
        Some(p) => say(format!("mijian：审计日志：{}", p.display()), format!("mijian: audit log: {}", p.display())),
        None => say(
            "mijian：警告：没有审计日志（--audit FILE）：决定不会被记录".into(),
            "mijian: WARNING: no audit log (--audit FILE): decisions are not recorded".into(),
        ),
    }
    if let Some(u) = &gw.upstream {
        let (review_zh, review_en) = match gw.config.review {
            ReviewPolicy::Hold => ("扣留（403）", "held (403)"),
            ReviewPolicy::Forward => ("转发", "forwarded"),
        };
        say(
            format!(
                "mijian：代理模式：通过的上传转发给 {}；“需人工审核”的上传{review_zh}；mijian 自己的接口在 /_mijian/ 下",
                u.describe()
            ),
            format!(
                "mijian: proxy mode: passing uploads go to {}; review is {review_en}; \
                 mijian's own endpoints are under /_mijian/",
                u.describe()
            ),
        );
    }
    if gw.config.show_matched {
        say(
            "mijian：--show-matched：回答中的匹配文字不遮蔽".into(),
            "mijian: --show-matched: answers carry the matched text unmasked".into(),
        );
    }
    let (body, buffered, parts, workers, queue) = (l.max_body, l.max_buffered, l.max_parts, l.workers, l.queue);
    let (body_time, scan_time) = (l.body_timeout.as_secs(), l.scan_timeout.as_secs());
    say(
        format!(
            "mijian：限制：请求体 {body} 字节，缓冲 {buffered} 字节，{parts} 个部分，{workers} 个扫描线程，\
             队列 {queue}，接收请求体时限 {body_time} 秒，扫描时限 {scan_time} 秒"
        ),
        format!(
            "mijian: limits: body {body} bytes, buffered {buffered} bytes, {parts} parts, {workers} workers, \
             queue {queue}, body time {body_time} s, scan time {scan_time} s"
        ),
    );
    // The line scripts wait for, in the run's language like every line for people; the
    // address is its last word in both, which is what scripts read.
    let mut out = std::io::stdout().lock();
    let _ = match gw.config.lang {
        mijian_core::Lang::Zh => writeln!(out, "mijian：正在监听 {addr}"),
        mijian_core::Lang::En => writeln!(out, "mijian: listening on {addr}"),
    };
    let _ = out.flush();
}
