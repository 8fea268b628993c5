//! The compiled rule set loader (`.mjd`) on hostile bytes:
//!
//! * arbitrary bytes: refused or loaded, never a panic; what loads scans without panicking;
//! * a real compiled rule set with the data's bytes XORed in at the data's offsets: refused (the
//!   checksum) or loaded to exactly the same matches;
//! * the same mutation with the checksum recomputed, as a forger would: refused or loaded, and
//!   scanning with it never panics.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::compiled::reseal;
use mijian_core::{Dictionary, Rules};
use std::sync::OnceLock;

const SAMPLE: &str = "000123\n机密★1年\n紫电计划二期，紫 電 計 劃，kj-3与KJ-33，三黄片，省厅密发〔2020〕3号。";

fn original() -> &'static (Rules, Vec<u8>) {
    static R: OnceLock<(Rules, Vec<u8>)> = OnceLock::new();
    R.get_or_init(|| {
        let dict = "紫电计划\t机密\t项目\n紫电\t敏感\nKJ-3型\t秘密\n黄片\n三黄片\tallow\n密\tinfo\n\
                    re:\\p{Han}{2}密发〔\\d{4}〕\\d+号\t秘密\tdoc-number\nre:kj-\\d+\t工作秘密\n";
        let d = Dictionary::parse("d", dict.as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(d).build().unwrap();
        let bytes = rules.to_compiled();
        (rules, bytes)
    })
}

fn summary(r: &Rules) -> Vec<(String, String, String)> {
    r.find_in_text(SAMPLE)
        .findings
        .into_iter()
        .map(|f| (f.rule.to_string(), f.matched, f.location.to_string()))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = Rules::from_compiled(data) {
        let _ = r.find_in_text(SAMPLE);
    }
    let (rules, bytes) = original();
    let mut mutated = bytes.clone();
    for pair in data.chunks(4) {
        if let [a, b, c, x] = *pair {
            let at = (a as usize) << 16 | (b as usize) << 8 | c as usize;
            let i = at % mutated.len();
            mutated[i] ^= x;
        }
    }
    if let Ok(r) = Rules::from_compiled(&mutated) {
        assert_eq!(summary(&r), summary(rules), "a mutated rule set loaded to other matches");
    }
    if let Some(forged) = reseal(&mutated) {
        if let Ok(r) = Rules::from_compiled(&forged) {
            let _ = r.find_in_text(SAMPLE);
        }
    }
});
