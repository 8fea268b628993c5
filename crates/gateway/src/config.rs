//! What the operator chose: addresses, files, policy and limits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What proxy mode does with a `review` verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewPolicy {
    /// Refuse the upload (403) until a person has looked: the default.
    Hold,
    /// Forward it to the CMS (the CMS is then trusted to queue it for review).
    Forward,
}

/// A fingerprint index of registered documents, its key and the excerpt policy.
#[derive(Clone, Debug)]
pub struct IndexSource {
    /// The index file (`mijian index add`).
    pub index: PathBuf,
    /// Its key file.
    pub key: PathBuf,
    /// When an excerpt is `block` or `review`.
    pub policy: mijian_index::ExcerptPolicy,
}

/// Everything `mijian serve` needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// Dictionary files, compiled with the built-in rules unless `default_rules` is false.
    pub dicts: Vec<PathBuf>,
    /// Whether the built-in markings, document-number rule and shipped dictionary are on.
    pub default_rules: bool,
    /// Registered documents to find excerpts of (reloaded with the dictionaries).
    pub index: Option<IndexSource>,
    /// The token file (`name<TAB>token<TAB>role`); without it the server is loopback-only and open.
    pub tokens: Option<PathBuf>,
    /// The audit log (JSON Lines, appended); `-` for standard output.
    pub audit: Option<PathBuf>,
    /// Proxy mode: the CMS to forward passing uploads to (`http://host:port[/prefix]`).
    pub upstream: Option<String>,
    /// Proxy mode: what to do with `review`.
    pub review: ReviewPolicy,
    /// Proxy mode: body content types forwarded after a raw scan although mijian has no reader
    /// for what the application makes of them (`type/sub` or `type/*`); others are refused (415).
    pub allow_types: Vec<String>,
    /// Answer the matched text in full to every client (off: masked, see `mask`).
    pub show_matched: bool,
    /// Most review/info findings listed per file (all are counted and judged).
    pub max_findings: usize,
    /// The limits.
    pub limits: RequestLimits,
    /// Bounds on what the readers may do with one uploaded file (`mijian serve --max-pdf-pages`
    /// and the like: the same options as `mijian scan`). Its file size, OCR and cancel flag are
    /// set by the gateway (`max_body`, `ocr`, the scan timeout).
    pub reading: mijian_extract::Limits,
    /// Whether pictures are read by OCR (off unless set: `mijian serve --ocr` defaults to auto).
    /// OCR runs on the scan workers, within `scan_timeout`.
    pub ocr: mijian_extract::Ocr,
    /// The language of what the gateway says to its operator on standard error (answers follow
    /// each request's `Accept-Language`).
    pub lang: mijian_core::Lang,
}

impl Config {
    /// The defaults of `mijian serve` with no option.
    pub fn new(listen: SocketAddr) -> Config {
        Config {
            listen,
            dicts: Vec::new(),
            default_rules: true,
            index: None,
            tokens: None,
            audit: None,
            upstream: None,
            review: ReviewPolicy::Hold,
            allow_types: Vec::new(),
            show_matched: false,
            max_findings: 1_000,
            limits: RequestLimits::default(),
            reading: mijian_extract::Limits::default(),
            ocr: mijian_extract::Ocr::off(),
            lang: mijian_core::Lang::default(),
        }
    }
}

/// Bounds on what one request, and all of them together, may cost (named apart from
/// `mijian_extract::Limits`, the budget of one file's inspection).
///
/// Memory is bounded by `max_buffered`: bodies held at once, their decoded readings and their
/// scans' working memory (three times the body); time
/// by `body_timeout`, `header_timeout` and `scan_timeout`. Past a bound the answer is an error,
/// never a `pass`.
#[derive(Clone, Debug)]
pub struct RequestLimits {
    /// Largest request body (and so largest file), in bytes.
    pub max_body: u64,
    /// Most bytes of request bodies held in memory at once, over all requests, with the
    /// readings decoded from them and the working memory of their scans.
    pub max_buffered: u64,
    /// Most parts in a multipart body.
    pub max_parts: usize,
    /// Largest request head (request line and headers), in bytes.
    pub max_header_bytes: usize,
    /// Time allowed to receive the request head.
    pub header_timeout: Duration,
    /// Time allowed to receive the whole body (a slow-loris guard).
    pub body_timeout: Duration,
    /// Longest silence while receiving the body.
    pub body_idle_timeout: Duration,
    /// Time allowed to scan all the files of one request.
    pub scan_timeout: Duration,
    /// Scans running at once.
    pub workers: usize,
    /// Upload requests admitted at once (receiving, waiting for a worker or being scanned);
    /// past that the answer is 503 with `Retry-After`.
    pub queue: usize,
    /// Connections open at once; further clients wait in the kernel's backlog.
    pub max_connections: usize,
    /// Time given to requests in flight after SIGTERM.
    pub shutdown_timeout: Duration,
    /// Time allowed for the upstream's answer in proxy mode.
    pub upstream_timeout: Duration,
}

impl Default for RequestLimits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        RequestLimits {
            max_body: 100 << 20,
            max_buffered: 1 << 30,
            max_parts: 32,
            max_header_bytes: 64 << 10,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(120),
            body_idle_timeout: Duration::from_secs(30),
            scan_timeout: Duration::from_secs(60),
            workers: cores,
            queue: 256,
            max_connections: 1024,
            shutdown_timeout: Duration::from_secs(60),
            upstream_timeout: Duration::from_secs(120),
        }
    }
}

/// Parses a size: `1048576`, `512k`, `100M`, `100MiB`, `1G` (binary units, case-insensitive).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| format!("{s:?} is not a size (examples: 1048576, 512k, 100M, 1G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?}: unknown unit (use k, M or G)")),
    };
    n.checked_mul(1 << shift).ok_or_else(|| format!("{s:?} is too large"))
}

/// Parses a duration: `30s`, `500ms`, `2m`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if let Ok(secs) = t.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(t).map_err(|e| format!("{s:?} is not a duration (examples: 30s, 500ms, 2m): {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1048576").unwrap(), 1 << 20);
        assert_eq!(parse_size("512k").unwrap(), 512 << 10);
        assert_eq!(parse_size("100MiB").unwrap(), 100 << 20);
        assert_eq!(parse_size("1G").unwrap(), 1 << 30);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("soon").is_err());
    }
}
