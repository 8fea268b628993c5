//! Counters for `GET /metrics`, in the Prometheus text format (version 0.0.4).
//!
//! Plain atomics: a scrape reads them without locking out the requests it measures.

use mijian_core::Verdict;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};

/// Upper bounds (seconds) of the request latency histogram.
const BUCKETS: [f64; 14] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

const VERDICTS: [Verdict; 4] = [Verdict::Pass, Verdict::Review, Verdict::Block, Verdict::Error];

/// Why a request was refused before any verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// No token, or a token that is not in the file.
    Unauthorized,
    /// A valid token without the role needed.
    Forbidden,
    /// Too many uploads at once (503).
    QueueFull,
    /// Body, part count or header over a limit (413, 431).
    TooLarge,
    /// The body did not arrive in time (408).
    Timeout,
    /// A malformed request (400).
    BadRequest,
}

const REJECTIONS: [(Rejection, &str); 6] = [
    (Rejection::Unauthorized, "unauthorized"),
    (Rejection::Forbidden, "forbidden"),
    (Rejection::QueueFull, "queue_full"),
    (Rejection::TooLarge, "too_large"),
    (Rejection::Timeout, "timeout"),
    (Rejection::BadRequest, "bad_request"),
];

/// The gateway's counters.
#[derive(Default)]
pub struct Metrics {
    requests: [AtomicU64; 4],
    files: [AtomicU64; 4],
    rejected: [AtomicU64; 6],
    latency_buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    bytes_scanned: AtomicU64,
    in_flight: AtomicI64,
    forwarded: AtomicU64,
    refused: AtomicU64,
    upstream_errors: AtomicU64,
    audit_errors: AtomicU64,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
}

/// Counts a request in flight until dropped.
pub struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Relaxed);
    }
}

/// Figures about the rules in force, for the scrape.
pub struct RulesInfo<'a> {
    /// Version (hash of the dictionaries).
    pub version: &'a str,
    /// Terms and patterns.
    pub terms: usize,
    /// Seconds since the epoch when they were loaded.
    pub loaded_at: f64,
}

impl Metrics {
    /// Marks a request in flight.
    pub fn enter(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Relaxed);
        InFlight(self)
    }

    /// Counts a decided request: its overall verdict, its files' verdicts and bytes, its latency.
    pub fn decided(&self, verdict: Verdict, files: &[(Verdict, u64)], seconds: f64) {
        self.requests[verdict as usize].fetch_add(1, Relaxed);
        for (v, bytes) in files {
            self.files[*v as usize].fetch_add(1, Relaxed);
            self.bytes_scanned.fetch_add(*bytes, Relaxed);
        }
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                self.latency_buckets[i].fetch_add(1, Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Relaxed);
        self.latency_sum_micros.fetch_add((seconds * 1e6) as u64, Relaxed);
    }

    /// Counts a refused request.
    pub fn rejected(&self, why: Rejection) {
        if let Some(i) = REJECTIONS.iter().position(|(r, _)| *r == why) {
            self.rejected[i].fetch_add(1, Relaxed);
        }
    }

    /// Proxy mode: an upload forwarded to the upstream.
    pub fn forwarded(&self) {
        self.forwarded.fetch_add(1, Relaxed);
    }

    /// Proxy mode: an upload refused (403).
    pub fn refused(&self) {
        self.refused.fetch_add(1, Relaxed);
    }

    /// Proxy mode: the upstream could not be reached or failed.
    pub fn upstream_error(&self) {
        self.upstream_errors.fetch_add(1, Relaxed);
    }

    /// An audit record that could not be written.
    pub fn audit_error(&self) {
        self.audit_errors.fetch_add(1, Relaxed);
    }

    /// A reload, done or failed.
    pub fn reloaded(&self, ok: bool) {
        if ok { &self.reloads_ok } else { &self.reloads_failed }.fetch_add(1, Relaxed);
    }

    /// The Prometheus text exposition; `audit` is the audit writer's records and syncs.
    pub fn render(&self, rules: &RulesInfo<'_>, audit: (u64, u64)) -> String {
        let mut s = String::with_capacity(4096);
        let get = |a: &AtomicU64| a.load(Relaxed);
        s.push_str("# HELP mijian_requests_total Upload requests decided, by overall verdict.\n# TYPE mijian_requests_total counter\n");
        for v in VERDICTS {
            let _ = writeln!(s, "mijian_requests_total{{verdict=\"{v}\"}} {}", get(&self.requests[v as usize]));
        }
        s.push_str("# HELP mijian_files_total Files scanned, by verdict.\n# TYPE mijian_files_total counter\n");
        for v in VERDICTS {
            let _ = writeln!(s, "mijian_files_total{{verdict=\"{v}\"}} {}", get(&self.files[v as usize]));
        }
        s.push_str("# HELP mijian_rejected_total Requests refused before a verdict, by reason.\n# TYPE mijian_rejected_total counter\n");
        for (i, (_, name)) in REJECTIONS.iter().enumerate() {
            let _ = writeln!(s, "mijian_rejected_total{{reason=\"{name}\"}} {}", get(&self.rejected[i]));
        }
        s.push_str("# HELP mijian_request_duration_seconds Time from request to decision.\n# TYPE mijian_request_duration_seconds histogram\n");
        for (i, le) in BUCKETS.iter().enumerate() {
            let _ =
                writeln!(s, "mijian_request_duration_seconds_bucket{{le=\"{le}\"}} {}", get(&self.latency_buckets[i]));
        }
        let count = get(&self.latency_count);
        let _ = writeln!(s, "mijian_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(s, "mijian_request_duration_seconds_sum {}", get(&self.latency_sum_micros) as f64 / 1e6);
        let _ = writeln!(s, "mijian_request_duration_seconds_count {count}");
        let counters = [
            ("mijian_scanned_bytes_total", "Bytes of files scanned.", get(&self.bytes_scanned)),
            ("mijian_proxy_forwarded_total", "Proxy mode: uploads forwarded upstream.", get(&self.forwarded)),
            ("mijian_proxy_refused_total", "Proxy mode: uploads refused.", get(&self.refused)),
            (
                "mijian_upstream_errors_total",
                "Proxy mode: upstream unreachable or failing.",
                get(&self.upstream_errors),
            ),
            ("mijian_audit_errors_total", "Audit records that could not be written.", get(&self.audit_errors)),
            ("mijian_audit_records_total", "Audit records appended.", audit.0),
            ("mijian_audit_syncs_total", "Syncs of the audit log (one covers several records under load).", audit.1),
        ];
        for (name, help, value) in counters {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        }
        s.push_str("# HELP mijian_reloads_total Rule reloads, by result.\n# TYPE mijian_reloads_total counter\n");
        let _ = writeln!(s, "mijian_reloads_total{{result=\"ok\"}} {}", get(&self.reloads_ok));
        let _ = writeln!(s, "mijian_reloads_total{{result=\"failed\"}} {}", get(&self.reloads_failed));
        let _ = writeln!(
            s,
            "# HELP mijian_in_flight_requests Requests being handled.\n# TYPE mijian_in_flight_requests gauge\nmijian_in_flight_requests {}",
            self.in_flight.load(Relaxed)
        );
        let _ = writeln!(
            s,
            "# HELP mijian_rules_info The rules in force (version: hash of the dictionary files).\n# TYPE mijian_rules_info gauge\nmijian_rules_info{{version=\"{}\"}} 1",
            rules.version
        );
        let _ = writeln!(s, "# HELP mijian_rules_terms Dictionary terms and patterns in force.\n# TYPE mijian_rules_terms gauge\nmijian_rules_terms {}", rules.terms);
        let _ = writeln!(
            s,
            "# HELP mijian_rules_loaded_timestamp_seconds When the rules in force were loaded.\n# TYPE mijian_rules_loaded_timestamp_seconds gauge\nmijian_rules_loaded_timestamp_seconds {:.3}",
            rules.loaded_at
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_counts_what_happened() {
        let m = Metrics::default();
        {
            let _g = m.enter();
            m.decided(Verdict::Block, &[(Verdict::Block, 100), (Verdict::Pass, 50)], 0.003);
            m.rejected(Rejection::QueueFull);
            let text = m.render(&RulesInfo { version: "abc", terms: 7, loaded_at: 1.0 }, (0, 0));
            assert!(text.contains("mijian_in_flight_requests 1"), "{text}");
        }
        let text = m.render(&RulesInfo { version: "abc", terms: 7, loaded_at: 1.0 }, (12, 5));
        assert!(text.contains("mijian_requests_total{verdict=\"block\"} 1"));
        assert!(text.contains("mijian_files_total{verdict=\"pass\"} 1"));
        assert!(text.contains("mijian_scanned_bytes_total 150"));
        assert!(text.contains("mijian_rejected_total{reason=\"queue_full\"} 1"));
        assert!(text.contains("mijian_request_duration_seconds_bucket{le=\"0.0025\"} 0"));
        assert!(text.contains("mijian_request_duration_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("mijian_request_duration_seconds_count 1"));
        assert!(text.contains("mijian_rules_info{version=\"abc\"} 1"));
        assert!(text.contains("mijian_rules_terms 7"));
        assert!(text.contains("mijian_in_flight_requests 0"));
        assert!(text.contains("mijian_audit_records_total 12\n") && text.contains("mijian_audit_syncs_total 5\n"));
    }
}
