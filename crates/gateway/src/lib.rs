//! # mijian-gateway: the upload gateway (`mijian serve`)
//!
//! An HTTP pre-publication hook a CMS can trust: before an upload goes live the CMS asks "may
//! this be published?" and gets `pass`, `review`, `block` or `error`, with an audit trail.
//! It calls the same engine as the CLI ([`mijian_inspect::inspect_bytes`]); this crate only
//! receives, bounds, presents and records.
//!
//! ```text
//! request -> routes -> auth (tokens) -> intake: admit (queue) -> receive (upload: limits, budget)
//!        -> scanner: one task on a worker of its pool, within a deadline:
//!             readings (Content-Encoding, strict multipart, form, JSON, base64, HTML, charsets)
//!             -> scan each -> member names -> echoed names and reasons
//!        -> Decision (echoed names scrubbed)
//!        -> audit record (synced) -> answer (JSON, masked) | proxy: forward (stamped) or 403
//! ```
//!
//! * [`mask`] (from `mijian_core`): what a masked finding shows.
//! * `readings`: every reading an application makes of a request, as files to scan; with
//!   `multipart` (the strict validator), `json_strings`, `content_coding`, `charset` and `base64`.
//! * `echo`: protected text masked in the names and reasons a decision echoes.
//! * `tokens`: the token file and constant-time authentication.
//! * `ruleset`: the rules in force and their atomic reload.
//! * `audit`: the audit log, written and synced before any answer.
//! * `metrics`: the Prometheus exposition.
//!
//! Fail closed everywhere: a failure is an `error` or an HTTP error, never a `pass`, and in proxy
//! mode nothing is forwarded without a `pass` that is on record.

#![forbid(unsafe_code)]

mod answer;
mod api;
mod audit;
mod base64;
mod charset;
mod config;
mod content_coding;
mod decision;
mod echo;
mod error;
pub mod fuzzing;
mod http;
mod intake;
mod json_strings;
mod metrics;
mod multipart;
mod page;
mod proxy;
mod readings;
mod record;
mod refusal;
mod rfc2047;
mod routes;
mod ruleset;
mod scanner;
mod server;
mod state;
mod tokens;
mod upload;
mod upstream;
mod workers;
mod xml_text;

pub use config::{parse_duration, parse_size, Config, IndexSource, RequestLimits, ReviewPolicy};
pub use echo::{echoed_text, protected_in, Scrubber};
pub use error::GatewayError;
pub use mijian_core::mask;
pub use ruleset::{index_error_text, key_error_text, LoadError};
pub use server::{run, serve};
pub use tokens::{Role, TokenFileError, TokenProblem, Tokens};
