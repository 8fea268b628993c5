//! CFF font programs with no outlines, for the tests of what PDF fonts draw (the unit tests of
//! `crates/extract` include this file too, so both build the same fonts). Each glyph's
//! charstring is a bare `endchar`: the readers never draw, they read the charset (which CID or
//! glyph name each glyph has), the encoding and the `ROS`.
//!
//! Layout (Adobe Technical Note #5176): header, Name INDEX, Top DICT INDEX, String INDEX, an
//! empty Global Subr INDEX, then the charset, encoding or FDSelect, CharStrings, FDArray and an
//! empty Private DICT. Offsets in the DICTs are written as 5-byte integers, so the Top DICT's
//! size does not depend on them.

/// A CID-keyed CFF font of the collection `Adobe-<ordering>` whose glyph `i + 1` has CID
/// `cids[i]` (glyph 0 is `.notdef`, CID 0).
pub fn cid_keyed(ordering: &str, cids: &[u16]) -> Vec<u8> {
    let strings = [&b"Adobe"[..], ordering.as_bytes()];
    let glyphs = cids.len() + 1;
    let charset = charset(cids.iter().copied());
    let fd_select = [&[3u8, 0, 1, 0, 0, 0][..], &(glyphs as u16).to_be_bytes()].concat();
    let char_strings = index(&vec![&[14u8][..]; glyphs]);
    // The Top DICT with placeholder offsets: ROS, charset, CharStrings, FDArray, FDSelect.
    let top = |charset: i32, char_strings: i32, fd_array: i32, fd_select: i32| {
        [
            int(391),
            int(392),
            int(0),
            vec![12, 30],
            int(charset),
            vec![15],
            int(char_strings),
            vec![17],
            int(fd_array),
            vec![12, 36],
            int(fd_select),
            vec![12, 37],
        ]
        .concat()
    };
    let head_len = head(&top(0, 0, 0, 0), &strings).len() as i32;
    let charset_at = head_len;
    let fd_select_at = charset_at + charset.len() as i32;
    let char_strings_at = fd_select_at + fd_select.len() as i32;
    let fd_array_at = char_strings_at + char_strings.len() as i32;
    // One Font DICT pointing at an empty Private DICT just after the FDArray.
    let fd_array_len = index(&[&[int(0), int(0), vec![18]].concat()[..]]).len() as i32;
    let fd_array = index(&[&[int(0), int(fd_array_at + fd_array_len), vec![18]].concat()[..]]);
    let mut out = head(&top(charset_at, char_strings_at, fd_array_at, fd_select_at), &strings);
    for part in [charset, fd_select, char_strings, fd_array] {
        out.extend_from_slice(&part);
    }
    out
}

/// A name-keyed CFF font (as `/FontFile3 /Type1C` embeds) whose glyph `i + 1` is named
/// `names[i]`; with `codes` non-empty, a custom encoding gives glyph `i + 1` the code
/// `codes[i]`, else the font has the standard encoding.
pub fn name_keyed(names: &[&str], codes: &[u8]) -> Vec<u8> {
    let strings: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
    let glyphs = names.len() + 1;
    let charset = charset((0..names.len() as u16).map(|i| 391 + i));
    let encoding = [&[0u8, codes.len() as u8][..], codes].concat();
    let char_strings = index(&vec![&[14u8][..]; glyphs]);
    let top = |charset: i32, encoding: Option<i32>, char_strings: i32, private: i32| {
        let mut dict = [int(charset), vec![15], int(char_strings), vec![17], int(0), int(private), vec![18]].concat();
        if let Some(at) = encoding {
            dict.extend([int(at), vec![16]].concat());
        }
        dict
    };
    let custom = !codes.is_empty();
    let head_len = head(&top(0, custom.then_some(0), 0, 0), &strings).len() as i32;
    let charset_at = head_len;
    let encoding_at = charset_at + charset.len() as i32;
    let char_strings_at = encoding_at + if custom { encoding.len() as i32 } else { 0 };
    let private_at = char_strings_at + char_strings.len() as i32;
    let mut out = head(&top(charset_at, custom.then_some(encoding_at), char_strings_at, private_at), &strings);
    out.extend_from_slice(&charset);
    if custom {
        out.extend_from_slice(&encoding);
    }
    out.extend_from_slice(&char_strings);
    out
}

/// The header, Name INDEX, Top DICT INDEX, String INDEX and empty Global Subr INDEX.
fn head(top_dict: &[u8], strings: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![1, 0, 4, 4];
    out.extend(index(&[&b"Test"[..]]));
    out.extend(index(&[top_dict]));
    out.extend(index(strings));
    out.extend([0, 0]);
    out
}

/// A format 0 charset: the SID or CID of each glyph after `.notdef`.
fn charset(ids: impl Iterator<Item = u16>) -> Vec<u8> {
    let mut out = vec![0];
    ids.for_each(|id| out.extend(id.to_be_bytes()));
    out
}

/// An INDEX of `items` with 4-byte offsets.
fn index(items: &[&[u8]]) -> Vec<u8> {
    let mut out = (items.len() as u16).to_be_bytes().to_vec();
    if items.is_empty() {
        return out;
    }
    out.push(4);
    let mut offset = 1u32;
    out.extend(offset.to_be_bytes());
    for item in items {
        offset += item.len() as u32;
        out.extend(offset.to_be_bytes());
    }
    items.iter().for_each(|item| out.extend_from_slice(item));
    out
}

/// A DICT integer operand in its 5-byte form.
fn int(v: i32) -> Vec<u8> {
    [&[29u8][..], &v.to_be_bytes()].concat()
}
