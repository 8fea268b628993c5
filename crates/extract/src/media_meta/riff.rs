//! RIFF files (WAV, AVI): chunks of a four-character id, a 32-bit little-endian size and the
//! data (padded to an even length). `LIST` chunks hold a list type and chunks: `INFO` lists hold
//! the properties (`INAM` title, `IART` artist, `ICMT` comment, `ISBJ` subject, `IKEY`
//! keywords…, NUL-ended strings). A Broadcast WAV `bext` chunk begins with a description, an
//! originator and its reference; AVI names its streams in `strn` chunks of `LIST strl`; some
//! writers put an ID3v2 tag in an `id3 ` chunk.

use super::{le32, Found, Walk};
use crate::ExtractError;

/// Lists nested deeper than this are not followed (AVI's go three deep).
const MAX_DEPTH: usize = 4;

/// Reads the chunks after the RIFF header.
pub(super) fn read(bytes: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    chunks(bytes.get(12..).unwrap_or_default(), None, 0, walk, found)
}

/// Whether a chunk `id` (of a list of type `list`) holds properties.
fn holds_properties(id: &[u8], list: Option<&[u8]>) -> bool {
    matches!(id, b"bext" | b"id3 " | b"ID3 " | b"strn") || list == Some(b"INFO")
}

fn chunks(
    data: &[u8],
    list: Option<&[u8]>,
    depth: usize,
    walk: &mut Walk,
    found: &mut Found,
) -> Result<(), ExtractError> {
    let mut at = 0usize;
    while at < data.len() {
        walk.step()?;
        let Some(head) = data.get(at..at + 8) else { return Ok(()) };
        let (id, len) = (&head[..4], le32(&head[4..8]));
        let body = match data.get(at + 8..(at + 8).saturating_add(len)) {
            Some(body) => body,
            None => {
                // Cut: a property is lost only if the chunk holds them (a cut `data` or `movi`
                // chunk is sound or pictures).
                let list_type = data.get(at + 8..at + 12);
                if holds_properties(id, list) || (id == b"LIST" && list_type != Some(b"movi")) {
                    found.damaged();
                }
                return Ok(());
            }
        };
        at += 8 + len + len % 2;
        match id {
            b"LIST" => {
                let Some((kind, inner)) = body.split_at_checked(4) else {
                    found.damaged();
                    continue;
                };
                if kind == b"movi" {
                    continue;
                }
                if depth >= MAX_DEPTH {
                    found.damaged();
                    continue;
                }
                chunks(inner, Some(kind), depth + 1, walk, found)?;
            }
            b"bext" => {
                for (name, range) in
                    [("Description", 0..256), ("Originator", 256..288), ("OriginatorReference", 288..320)]
                {
                    let text = body.get(range).unwrap_or_default();
                    let text = text.split(|&b| b == 0).next().unwrap_or_default();
                    found.add(format!("BWF bext {name}"), &crate::picture_meta::eight_bit(text));
                }
            }
            b"id3 " | b"ID3 " => {
                super::id3::read_v2(body, "ID3", walk, found)?;
            }
            b"strn" => found.add("AVI strn", &crate::picture_meta::eight_bit(body)),
            _ if list == Some(b"INFO") => {
                let field = format!("RIFF INFO {}", String::from_utf8_lossy(id));
                found.add(field, &crate::picture_meta::eight_bit(body));
            }
            _ => {}
        }
    }
    Ok(())
}
