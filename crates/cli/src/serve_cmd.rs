//! `mijian serve`: the upload gateway (the work is in the mijian-gateway crate).

use crate::args::{ReviewAction, ServeArgs};
use crate::{EXIT_ERROR, EXIT_PASS};
use mijian_gateway::{Config, RequestLimits, ReviewPolicy};

pub(crate) fn run(args: &ServeArgs) -> i32 {
    let mut config = Config::new(args.listen);
    config.ocr = match args.ocr.setting() {
        Ok(ocr) => ocr,
        Err(e) => {
            eprintln!("{}", crate::text::error(format!("--ocr on{}{e}", crate::text::t("：", ": "))));
            return EXIT_ERROR;
        }
    };
    eprintln!("{}", crate::text::error(config.ocr.describe_in(crate::lang())));
    config.dicts = args.dicts.clone();
    config.default_rules = !args.no_default_rules;
    if let (Some(index), Some(key)) = (&args.index.index, &args.index.key) {
        match crate::index_cmd::policy(&args.index) {
            Ok(policy) => {
                config.index = Some(mijian_gateway::IndexSource { index: index.clone(), key: key.clone(), policy })
            }
            Err(e) => {
                eprintln!("{}", crate::text::error(e));
                return EXIT_ERROR;
            }
        }
    }
    config.tokens = args.tokens.clone();
    config.audit = args.audit.clone();
    config.upstream = args.upstream.clone();
    config.review = match args.review {
        ReviewAction::Hold => ReviewPolicy::Hold,
        ReviewAction::Forward => ReviewPolicy::Forward,
    };
    config.allow_types = args.allow_types.clone();
    config.show_matched = args.show_matched;
    config.lang = crate::lang();
    config.max_findings = args.max_findings;
    config.reading = args.reading.apply(config.reading);
    let defaults = RequestLimits::default();
    config.limits = RequestLimits {
        max_body: args.max_body,
        max_buffered: args.max_buffered,
        max_parts: args.max_parts,
        max_header_bytes: usize::try_from(args.max_header).unwrap_or(usize::MAX),
        header_timeout: args.header_timeout,
        body_timeout: args.body_timeout,
        body_idle_timeout: args.body_idle_timeout,
        scan_timeout: args.scan_timeout,
        workers: args.workers.unwrap_or(defaults.workers),
        queue: args.queue,
        max_connections: args.max_connections,
        shutdown_timeout: args.shutdown_timeout,
        upstream_timeout: args.upstream_timeout,
    };
    match mijian_gateway::run(config) {
        Ok(()) => EXIT_PASS,
        Err(e) => {
            eprintln!("{}", crate::text::error(e.text(crate::lang())));
            EXIT_ERROR
        }
    }
}
