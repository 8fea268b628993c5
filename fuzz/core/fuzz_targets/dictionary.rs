//! The dictionary parser and checker on arbitrary bytes: a dictionary or every bad line reported,
//! never a panic. A dictionary that loads must compile, round-trip through the compiled form
//! (`.mjd`) to the same matches, and scan without panicking.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::{check, Dictionary, Rules};

const SAMPLE: &str = "000123\n机密★1年\n紫电计划二期，紫 電 計 劃，kj-3与KJ-33，省厅密发〔2020〕3号。";

fuzz_target!(|data: &[u8]| {
    let _ = check::check(&[("fuzz.txt", data)]);
    let Ok(d) = Dictionary::parse("fuzz", data) else { return };
    let Ok(rules) = Rules::builder().default_rules(false).dictionary(d).build() else { return };
    let text = String::from_utf8_lossy(data);
    let loaded = Rules::from_compiled(&rules.to_compiled()).expect("a compiled rule set loads");
    for t in [SAMPLE, text.as_ref()] {
        let a: Vec<_> = rules.find_in_text(t).findings.into_iter().map(|f| (f.rule, f.matched, f.location)).collect();
        let b: Vec<_> = loaded.find_in_text(t).findings.into_iter().map(|f| (f.rule, f.matched, f.location)).collect();
        assert_eq!(a, b, "the compiled form matches differently");
    }
});
