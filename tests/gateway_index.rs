//! End-to-end tests of the gateway with registered documents: `mijian serve --index --key` on
//! 127.0.0.1 blocks an upload holding an excerpt, answers without its text, reloads the index
//! with the dictionaries on SIGHUP, and refuses to start with a damaged index or a wrong key.

mod gateway_support;
mod index_support;
use gateway_support::*;
use index_support::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn mijian(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mijian")).args(args).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "mijian {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A directory with `index.key`, `registered.idx` holding `2024-001` (机密), and its body.
fn registry() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    mijian(dir.path(), &["index", "key", "-o", "index.key"]);
    let body = paragraphs(11, 5, 200);
    std::fs::write(dir.path().join("report.txt"), gongwen("机密★10年", &body)).unwrap();
    mijian(
        dir.path(),
        &[
            "index",
            "add",
            "--level",
            "机密",
            "--label",
            "2024-001",
            "--key",
            "index.key",
            "--index",
            "registered.idx",
            "report.txt",
        ],
    );
    (dir, body.concat())
}

#[test]
fn an_upload_holding_an_excerpt_is_blocked_and_its_text_never_answered() {
    let (dir, text) = registry();
    let s = Server::start_in(dir, &["--index", "registered.idx", "--key", "index.key"]).unwrap();
    let excerpt = chars_of(&text, 300, 80);
    let upload = format!("新闻稿。\n{}\n以上。", rewrapped(&excerpt, 20));
    let r = post(s.addr, "/v1/scan?name=news.txt", &[], upload.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["verdict"], "block", "{j}");
    let f = &j["files"][0]["findings"][0];
    assert_eq!((f["kind"].as_str(), f["rule"].as_str()), (Some("excerpt"), Some("excerpt:2024-001")), "{j}");
    assert_eq!(f["excerpt"]["label"], "2024-001");
    assert!(f["excerpt"]["matched_chars"].as_u64().unwrap() >= 78, "{j}");
    let answer = r.text();
    for piece in [chars_of(&excerpt, 0, 6), chars_of(&excerpt, 40, 6)] {
        assert!(!answer.contains(&piece), "the excerpt leaked into the answer: {answer}");
    }
    let clean = post(s.addr, "/v1/scan?name=other.txt", &[], prose(12, 400).as_bytes()).json();
    assert_eq!(clean["verdict"], "pass", "{clean}");
}

#[test]
fn sighup_reloads_the_index_with_the_dictionaries() {
    let (dir, _) = registry();
    let second = paragraphs(13, 3, 200).concat();
    std::fs::write(dir.path().join("second.txt"), &second).unwrap();
    let s = Server::start_in(dir, &["--index", "registered.idx", "--key", "index.key"]).unwrap();
    let leak = chars_of(&second, 100, 90);
    let before = post(s.addr, "/v1/scan?name=leak.txt", &[], leak.as_bytes()).json();
    assert_eq!(before["verdict"], "pass", "not registered yet: {before}");
    mijian(
        s.dir.path(),
        &[
            "index",
            "add",
            "--level",
            "秘密",
            "--label",
            "2024-002",
            "--key",
            "index.key",
            "--index",
            "registered.idx",
            "second.txt",
        ],
    );
    s.signal("HUP");
    let until = Instant::now() + TIMEOUT;
    while !s.stderr().contains("SIGHUP: reloaded") {
        assert!(Instant::now() < until, "SIGHUP did not reload; stderr:\n{}", s.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    let after = post(s.addr, "/v1/scan?name=leak.txt", &[], leak.as_bytes()).json();
    assert_eq!(after["verdict"], "block", "{after}");
    assert_eq!(after["files"][0]["findings"][0]["rule"], "excerpt:2024-002");
    // A damaged index on the next reload keeps the index in force.
    std::fs::write(s.path("registered.idx"), b"MIJIANIX damaged").unwrap();
    s.signal("HUP");
    while !s.stderr().contains("reload failed") {
        assert!(Instant::now() < until, "no failed reload; stderr:\n{}", s.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(s.stderr().contains("registered.idx"), "{}", s.stderr());
    let still = post(s.addr, "/v1/scan?name=leak.txt", &[], leak.as_bytes()).json();
    assert_eq!(still["verdict"], "block", "{still}");
}

#[test]
fn the_gateway_does_not_start_with_a_wrong_key_or_a_damaged_index() {
    let (dir, _) = registry();
    mijian(dir.path(), &["index", "key", "-o", "other.key"]);
    let err = Server::start_in(dir, &["--index", "registered.idx", "--key", "other.key"]).err().expect("refused");
    assert!(err.contains("registered.idx") && err.contains("key does not open"), "{err}");
    let (dir, _) = registry();
    std::fs::write(dir.path().join("registered.idx"), b"not an index").unwrap();
    let err = Server::start_in(dir, &["--index", "registered.idx", "--key", "index.key"]).err().expect("refused");
    assert!(err.contains("registered.idx") && err.contains("not a mijian index"), "{err}");
}
