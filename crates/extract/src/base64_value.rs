//! Strings that are files in base64: an attachment in a JSON export or an XML message.
//!
//! An API or an export carries a file as base64 text, bare or as a `data:` URL
//! (`data:application/pdf;base64,…`). Read as characters it says nothing; decoded, it is a DOCX or
//! a PDF like any other, handed over as a member and inspected in its own right.

/// Shortest base64 value taken for a file: shorter ones are ids and words.
const MIN_BASE64: usize = 16;

/// Whether a line may start a file in base64 (a cheap test before [`file`]): a `data:` URL, or
/// nothing but base64 characters and padding.
pub(crate) fn may_start(line: &str) -> bool {
    line.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
        || line.trim_end_matches('=').bytes().all(in_alphabet)
}

/// A character of base64 (standard or URL-safe) or of the white space that wraps it.
fn in_alphabet(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'\r' | b'\n' | b' ')
}

/// The file a string holds in base64, bare or as a `data:` URL (`data:application/pdf;base64,…`):
/// a document, archive, picture or data file (JSON, XML, HTML, CSV) the sniffer knows, or UTF-8
/// text with a character outside ASCII or escapes. Tokens, hashes and ids that merely look like
/// base64 decode to none of them.
pub(crate) fn file(value: &str) -> Option<Vec<u8>> {
    let value = value.trim();
    let payload = match value.get(..5).filter(|p| p.eq_ignore_ascii_case("data:")) {
        Some(_) => {
            let (header, payload) = value[5..].split_once(',')?;
            header.to_ascii_lowercase().ends_with(";base64").then_some(payload)?
        }
        None => value,
    };
    let body = payload.trim_end_matches('=');
    if body.len() < MIN_BASE64 || !body.bytes().all(in_alphabet) || payload.len() - body.len() > 2 {
        return None;
    }
    let bytes = crate::html::data_url::base64_decode(payload.as_bytes())?;
    match crate::sniff(&bytes) {
        crate::Format::Binary | crate::Format::Empty => None,
        // Text says something only with characters outside ASCII or escapes of them.
        crate::Format::Text => std::str::from_utf8(&bytes)
            .is_ok_and(|t| !t.is_ascii() || crate::escapes::may_hold(t.as_bytes()))
            .then_some(bytes),
        _ => Some(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cheap_test_lets_every_file_through() {
        assert!(may_start("5py65a+G4piFMeW5tA=="));
        assert!(may_start("DATA:text/plain;base64,5py6"));
        assert!(may_start("5py6_-/+"));
        assert!(!may_start("机密"));
        assert!(!may_start("a=b"));
    }

    #[test]
    fn only_base64_of_a_known_file_or_of_text_is_a_file() {
        // "机密★1年" in UTF-8.
        assert_eq!(file("5py65a+G4piFMeW5tA==").as_deref(), Some("机密★1年".as_bytes()));
        assert_eq!(file("data:text/plain;base64,5py65a+G4piFMeW5tA==").as_deref(), Some("机密★1年".as_bytes()));
        // Not base64, too short, padded too much, a data URL not in base64, an ASCII sentence.
        for no in [
            "5py65a+G4piFMeW5tA!!",
            "5py65a+G",
            "5py65a+G4piFMeW5tA====",
            "data:text/plain,5py65a+G4piFMeW5tA==",
            "anVzdCBhbiBhc2NpaSBzZW50ZW5jZQ==",
        ] {
            assert_eq!(file(no), None, "{no}");
        }
    }
}
