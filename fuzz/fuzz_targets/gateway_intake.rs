//! The gateway's request intake (content coding, multipart, forms, JSON, text and XML bodies,
//! the query string) as a function from bytes to readings: readings or a refusal, never a panic.
//!
//! The first byte picks the request: its low three bits the content type (multipart with a
//! boundary taken from the next bytes, form, JSON, text in GBK, XML, none, octet-stream,
//! `text/html`), bit 3 `Content-Encoding: gzip`, bit 4 API mode rather than proxy mode, bit 5 a
//! query string (the input up to the first `#`). Oracles: at most 1000 readings, whose bytes add
//! up to a bounded multiple of the input; a multipart body that is accepted has every part's
//! content lying exactly between two real delimiters, with the boundary nowhere inside it.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_gateway::fuzzing;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let (boundary, rest) = if pick & 7 == 0 {
        let n = rest.iter().take(8).take_while(|b| b.is_ascii_alphanumeric()).count();
        let b = if n == 0 { "b".to_string() } else { String::from_utf8_lossy(&rest[..n]).into_owned() };
        (b, &rest[n..])
    } else {
        (String::new(), rest)
    };
    let (query, body) = match (pick & 0x20 != 0, rest.iter().position(|&b| b == b'#')) {
        (true, Some(i)) => (Some(String::from_utf8_lossy(&rest[..i]).into_owned()), &rest[i + 1..]),
        _ => (None, rest),
    };
    let content_type = match pick & 7 {
        0 => Some(format!("multipart/form-data; boundary={boundary}")),
        1 => Some("application/x-www-form-urlencoded".to_string()),
        2 => Some("application/json".to_string()),
        3 => Some("text/plain; charset=gbk".to_string()),
        4 => Some("application/xml".to_string()),
        5 => None,
        6 => Some("application/octet-stream".to_string()),
        _ => Some("text/html".to_string()),
    };
    let gzip = pick & 8 != 0;
    let api = pick & 0x10 != 0;
    let result = fuzzing::readings(content_type.as_deref(), gzip.then_some("gzip"), query.as_deref(), api, body);
    if let Ok(readings) = &result {
        assert!(readings.len() <= 1000, "{} readings", readings.len());
        if !gzip {
            let total: usize = readings.iter().map(|r| r.1.len()).sum();
            let input = body.len() + query.as_ref().map_or(0, |q| q.len());
            assert!(total <= 64 * input + 4096, "{total} bytes of readings from {input} bytes");
        }
    }
    if let (Some(ct), false) = (content_type.as_deref().filter(|_| pick & 7 == 0), gzip) {
        let parsed = fuzzing::multipart_contents(ct, body, 32);
        if result.is_ok() && !body.is_empty() {
            assert!(parsed.is_ok(), "readings accepted a multipart body that the parser refuses");
        }
        if let Ok(contents) = parsed {
            let delimiter = format!("--{boundary}");
            let delimiter = delimiter.as_bytes();
            assert!(body.starts_with(delimiter));
            let mut previous_end = 0;
            for c in &contents {
                assert!(previous_end <= c.start && c.start <= c.end && c.end <= body.len());
                assert!(body[..c.start].ends_with(b"\r\n"), "a part's content not after a line break");
                assert!(body[c.end..].starts_with(b"\r\n") && body[c.end + 2..].starts_with(delimiter));
                assert!(!body[c.start..c.end].windows(delimiter.len()).any(|w| w == delimiter));
                previous_end = c.end;
            }
            let last = &body[previous_end..];
            let closing = [b"\r\n".as_slice(), delimiter, b"--"].concat();
            assert!(last == closing || last == [closing.as_slice(), b"\r\n"].concat());
        }
    }
});
