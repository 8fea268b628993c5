//! The gateway's scan time limit stops the scan, not only the wait for it (issue 9 §4).
//!
//! Before, a scan past `--scan-timeout` was answered `error` and abandoned: it ran on, holding
//! its worker and a core, so a few crafted uploads kept every worker busy. Now the deadline
//! raises the scan's cancel flag and the readers stop within milliseconds.

mod gateway_support;
mod hostile;

use gateway_support::*;
use std::time::Duration;

/// CPU time (user + system) the process `pid` has used, in clock ticks (1/100 s on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/PID/stat");
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let after = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// A PDF that takes seconds to read while staying inside every limit but the operation count:
/// 1000 pages drawing one shared content stream of 500,000 no-op operators each.
fn slow_pdf() -> Vec<u8> {
    hostile::pdf_pages(1000, &b"q Q ".repeat(250_000), "")
}

#[cfg(target_os = "linux")]
#[test]
fn a_timed_out_scan_is_stopped_and_its_worker_serves_the_next_upload() {
    let s = Server::with("", false, &["--workers", "1", "--scan-timeout", "1s"]);
    let slow = post(s.addr, "/v1/scan?name=slow.pdf", &[], &slow_pdf());
    assert_eq!(slow.status, 200, "{}", slow.text());
    let j = slow.json();
    assert_eq!(j["verdict"], "error", "{j}");
    assert!(j.to_string().contains("longer than the limit"), "answered at the deadline: {j}");
    assert_eq!(j["files"][0]["error_kind"], "limit", "a CMS tells a limit from a broken file: {j}");

    // The only worker is free again: an abandoned scan would hold it for seconds more, and this
    // upload would get "no scanner free within the scan time limit".
    let clean = post(s.addr, "/v1/scan?name=clean.txt", &[], CLEAN.as_bytes());
    let j = clean.json();
    assert_eq!(j["verdict"], "pass", "the next upload waited for the abandoned scan: {j}");

    // Within a second the gateway is idle: over the following second it uses (nearly) no CPU,
    // where an abandoned scan would use a whole core.
    std::thread::sleep(Duration::from_secs(1));
    let before = cpu_ticks(s.child.id());
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_ticks(s.child.id()) - before;
    assert!(used <= 20, "the gateway used {used} ticks of CPU in the second after a timed-out scan");
}
