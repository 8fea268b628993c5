//! The `mijian` command line: thin wiring between arguments, the engine and the printers.
//!
//! Exit status (the contract scripts rely on): 0 when every file is `pass`; 1 when some file is
//! `block` or `review`; 2 when some file is `error`, or on bad usage (2 wins over 1).

#![forbid(unsafe_code)]

mod args;
mod bench_cmd;
mod dict_cmd;
mod extract_cmd;
mod files;
mod help;
mod index_cmd;
mod print;
mod progress;
mod record;
mod rules;
mod scan_cmd;
mod serve_cmd;
mod text;

use mijian_core::Lang;
use std::sync::OnceLock;

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of this run's messages for people (`--lang`, else the locale, else Chinese).
pub(crate) fn lang() -> Lang {
    *LANG.get_or_init(Lang::from_env)
}

/// Exit status: every file passed.
pub const EXIT_PASS: i32 = 0;
/// Exit status: some file must be blocked or reviewed.
pub const EXIT_FLAGGED: i32 = 1;
/// Exit status: some file could not be inspected, or the command was wrong.
pub const EXIT_ERROR: i32 = 2;

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = *LANG.get_or_init(|| help::lang_in_args(&argv).unwrap_or_else(Lang::from_env));
    let parsed = help::command(lang)
        .try_get_matches_from(argv)
        .and_then(|m| <args::Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            match help::usage_error_zh(&e).filter(|_| lang == Lang::Zh && e.use_stderr()) {
                Some(message) => eprintln!("{message}"),
                None => {
                    let _ = e.print();
                }
            }
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_PASS };
        }
    };
    if let Some(jobs) = cli.jobs {
        // Only fails if the pool was already built, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global();
    }
    match cli.command {
        args::Command::Scan(a) => scan_cmd::run(&a),
        args::Command::Extract(a) => extract_cmd::run(&a),
        args::Command::Serve(a) => serve_cmd::run(&a),
        args::Command::Dict(a) => dict_cmd::run(&a),
        args::Command::Index(a) => index_cmd::run(&a),
        args::Command::Bench(a) => bench_cmd::run(&a),
    }
}
