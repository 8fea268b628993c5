//! Opening a PDF: parsing with lopdf under limits, decryption, stream decoding, the page tree.
//!
//! lopdf parses the whole file up front (every object, object streams decompressed), so the
//! limits that protect memory are checked *before* it runs where they can be: the file size, and
//! a rough count of `obj` keywords. Object streams are bounded by lopdf's own per-stream
//! decompression limit, which we set to [`Limits::max_part_bytes`]. After loading, every stream
//! this reader decodes goes through [`Streams`], which keeps a running total against
//! the file's decompression budget ([`Limits::decompressed_cap`]).
//!
//! lopdf is a general PDF library, not one hardened against every hostile file, so loading runs
//! under [`std::panic::catch_unwind`]: a panic inside it becomes [`crate::Defect::ParserFailed`] error
//! rather than taking the process down.
//!
//! Encryption: lopdf tries the empty user password by itself, which opens the many files that
//! only have an owner password ("permissions" protection). A file that still holds its
//! `/Encrypt` entry after loading needs a user password we do not have: that is
//! [`ExtractError::Encrypted`].

use std::borrow::Cow;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use crate::{ExtractError, LimitKind, Limits};

/// Deepest page, name or number tree (`/Kids` inside `/Kids`) walked; real trees are a few
/// levels deep.
const MAX_TREE_DEPTH: usize = 64;

/// Longest chain of indirect references followed to reach an object (`1 0 R` pointing at
/// `2 0 R`…); real files use one.
const MAX_REFERENCE_CHAIN: usize = 16;

/// Parses `bytes` with lopdf within `limits`, decrypting with the empty user password if needed.
pub(super) fn load(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    limits.check_file_size(bytes.len())?;
    // A complete file ends with `%%EOF` (junk after it is common, a file without it was cut).
    if memchr::memmem::find(&bytes[bytes.len().saturating_sub(1024)..], b"%%EOF").is_none() {
        return Err(ExtractError::corrupt(crate::Defect::PdfNoEof));
    }
    // Each object has `obj` and usually `endobj`: a cheap upper bound before lopdf allocates.
    // lopdf keeps every object in memory, roughly a hundred bytes each at least; the default two
    // million is far beyond real documents (a 3,000-page report has ~100,000).
    let max_objects = limits.max_pdf_objects;
    let keywords =
        memchr::memmem::find_iter(bytes, b"obj").take(max_objects.saturating_mul(2).saturating_add(2)).count();
    if keywords > max_objects.saturating_mul(2) {
        // Each object counts as two keywords here: `seen` is the objects they stand for.
        return Err(ExtractError::limit(LimitKind::PdfObjects, max_objects, keywords.div_ceil(2)));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.max_part_bytes).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    let loaded = catch_unwind(AssertUnwindSafe(|| Document::load_mem_with_options(bytes, options)));
    let doc = match loaded {
        Err(_) => return Err(ExtractError::corrupt(crate::Defect::ParserFailed { format: "PDF" })),
        Ok(Err(e)) => return Err(load_error(e)),
        Ok(Ok(doc)) => doc,
    };
    if doc.trailer.has(b"Encrypt") {
        return Err(ExtractError::encrypted(crate::Encryption::Password));
    }
    if doc.objects.len() > max_objects {
        return Err(ExtractError::limit(LimitKind::PdfObjects, max_objects, doc.objects.len()));
    }
    if doc.objects.is_empty() {
        return Err(ExtractError::corrupt(crate::Defect::PdfNoObjects));
    }
    Ok(doc)
}

fn load_error(e: lopdf::Error) -> ExtractError {
    use lopdf::Error as E;
    match e {
        E::InvalidPassword | E::Decryption(_) => {
            ExtractError::encrypted(crate::Encryption::CannotDecrypt { cause: e.to_string() })
        }
        // lopdf stops past `limit` without saying by how much: `seen` is the first byte over it.
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            ExtractError::limit(LimitKind::PartBytes, limit, (limit as u64).saturating_add(1))
                .in_part("(PDF object stream)")
        }
        other => ExtractError::corrupt(crate::Defect::PdfUnreadable { cause: other.to_string() }),
    }
}

/// Follows references from `object` to a direct object, or `None` for a dangling reference or a
/// chain that loops or runs too long.
pub(super) fn resolve<'a>(doc: &'a Document, mut object: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_REFERENCE_CHAIN {
        match object {
            Object::Reference(id) => object = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}

/// `dict[key]`, with references followed.
pub(super) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a dictionary (a stream's dictionary counts).
pub(super) fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

/// A dictionary, or the dictionary of a stream.
pub(super) fn as_dict(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The (key, value) pairs of a name tree (`leaf` = `/Names`) or a number tree (`/Nums`), PDF
/// 32000 §7.9.6–7, in key order: at most `max` (and a few more), cycles and runaway depth
/// guarded against.
pub(super) fn tree_leaves<'a>(
    doc: &'a Document,
    root: &'a Dictionary,
    leaf: &[u8],
    max: usize,
    out: &mut Vec<(&'a Object, &'a Object)>,
) {
    fn walk<'a>(
        doc: &'a Document,
        node: &'a Dictionary,
        leaf: &[u8],
        depth: usize,
        visited: &mut HashSet<ObjectId>,
        max: usize,
        out: &mut Vec<(&'a Object, &'a Object)>,
    ) {
        if depth > MAX_TREE_DEPTH {
            return;
        }
        if let Some(Object::Array(pairs)) = get(doc, node, leaf) {
            for pair in pairs.chunks(2) {
                if out.len() > max {
                    return;
                }
                if let [key, value] = pair {
                    out.push((key, value));
                }
            }
        }
        if let Some(Object::Array(kids)) = get(doc, node, b"Kids") {
            for kid in kids {
                if let Object::Reference(id) = kid {
                    if !visited.insert(*id) {
                        continue;
                    }
                }
                if let Some(kid) = resolve(doc, kid).and_then(as_dict) {
                    walk(doc, kid, leaf, depth + 1, visited, max, out);
                }
            }
        }
    }
    walk(doc, root, leaf, 0, &mut HashSet::new(), max, out);
}

/// `dict[key]` as a name.
pub(super) fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// `dict[key]` as a number.
pub(super) fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    number(get(doc, dict, key)?)
}

/// An integer or real as `f32`.
pub(super) fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A rectangle `[x0 y0 x1 y1]`, normalised so that x0 ≤ x1 and y0 ≤ y1.
pub(super) fn rect(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let Object::Array(a) = resolve(doc, object)? else {
        return None;
    };
    if a.len() != 4 {
        return None;
    }
    let mut v = [0f32; 4];
    for (o, item) in v.iter_mut().zip(a) {
        *o = number(resolve(doc, item)?)?;
    }
    Some([v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])])
}

/// Decodes streams, charging every decoded byte to the file's budget (see [`Limits::for_file`]):
/// a form drawn on every page is decoded, and charged, every time.
pub(super) struct Streams<'a> {
    limits: &'a Limits,
}

impl<'a> Streams<'a> {
    pub(super) fn new(limits: &'a Limits) -> Self {
        Streams { limits }
    }

    /// The limits of the file being read, with its budget.
    pub(super) fn limits(&self) -> &'a Limits {
        self.limits
    }

    /// The decoded bytes of `stream`. Image filters (DCT, JPX, CCITT, JBIG2) are not decoded:
    /// callers never need pixels. A damaged Flate stream yields what could be inflated, as other
    /// readers do.
    pub(super) fn decode<'s>(&self, stream: &'s Stream) -> Result<Cow<'s, [u8]>, ExtractError> {
        self.limits.check()?;
        let bytes: Cow<'s, [u8]> = if stream.dict.has(b"Filter") {
            let max = usize::try_from(self.limits.max_part_bytes).unwrap_or(usize::MAX);
            match fast_decode(stream, max) {
                Some(v) => Cow::Owned(v),
                None => match catch_unwind(AssertUnwindSafe(|| stream.decompressed_content_with_limit(max))) {
                    Ok(Ok(v)) => Cow::Owned(v),
                    Ok(Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }))) => {
                        return Err(ExtractError::limit(
                            LimitKind::PartBytes,
                            self.limits.max_part_bytes,
                            self.limits.max_part_bytes.saturating_add(1),
                        )
                        .in_part("(PDF stream)"))
                    }
                    // Unknown or broken filters: nothing readable in this stream.
                    Ok(Err(_)) | Err(_) => Cow::Borrowed(&[]),
                },
            }
        } else {
            Cow::Borrowed(&stream.content)
        };
        self.limits.charge_decompressed(bytes.len() as u64, "PDF streams")?;
        Ok(bytes)
    }
}

/// The decoded bytes of a stream whose filters are `FlateDecode` alone or after
/// `ASCII85Decode` (as reportlab writes), without a predictor: the streams of page content,
/// fonts and CMaps, nearly always. `None` for any other stream, or a damaged or oversized one:
/// lopdf then decodes it, recovers what it can, or reports the limit.
fn fast_decode(stream: &Stream, max: usize) -> Option<Vec<u8>> {
    if stream.dict.has(b"DecodeParms") {
        return None;
    }
    match stream.dict.get(b"Filter").ok()? {
        Object::Name(n) if n == b"FlateDecode" => inflate(&stream.content, max),
        Object::Array(a) => match a.as_slice() {
            [Object::Name(n)] if n == b"FlateDecode" => inflate(&stream.content, max),
            [Object::Name(a85), Object::Name(n)] if a85 == b"ASCII85Decode" && n == b"FlateDecode" => {
                inflate(&ascii85(&stream.content)?, max)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Decodes ASCII85 (PDF 32000 §7.4.3) up to its `~>`; `None` if it is malformed.
fn ascii85(input: &[u8]) -> Option<Vec<u8>> {
    let end = memchr::memchr(b'~', input).unwrap_or(input.len());
    let mut out = Vec::with_capacity(end / 5 * 4 + 4);
    let (mut group, mut count) = (0u32, 0);
    for &c in &input[..end] {
        match c {
            b'z' if count == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group.checked_mul(85)?.checked_add(u32::from(c - b'!'))?;
                count += 1;
                if count == 5 {
                    out.extend_from_slice(&group.to_be_bytes());
                    (group, count) = (0, 0);
                }
            }
            c if c.is_ascii_whitespace() || c == 0 => {}
            _ => return None,
        }
    }
    if count == 1 {
        return None;
    }
    if count > 1 {
        // A final group of n characters is padded with `u` and gives n - 1 bytes.
        for _ in count..5 {
            group = group.checked_mul(85)?.checked_add(84)?;
        }
        out.extend_from_slice(&group.to_be_bytes()[..count - 1]);
    }
    Some(out)
}

/// Inflates a zlib stream in one pass, straight into the output (lopdf's reader copies through
/// a small buffer). `None` when the stream is damaged or larger than `max`: lopdf then recovers
/// what it can, or reports the limit.
fn inflate(input: &[u8], max: usize) -> Option<Vec<u8>> {
    use flate2::{Decompress, FlushDecompress, Status};

    let mut z = Decompress::new(true);
    let mut out = Vec::with_capacity(input.len().saturating_mul(4).max(1024).min(max.max(1)));
    loop {
        let read = usize::try_from(z.total_in()).ok()?;
        let status = z.decompress_vec(input.get(read..)?, &mut out, FlushDecompress::Finish).ok()?;
        match status {
            Status::StreamEnd => return Some(out),
            // The output is full: grow it, up to the limit.
            _ if out.len() == out.capacity() && out.capacity() < max => {
                out.reserve(out.capacity().min(max - out.capacity()));
            }
            // The input ended before the stream did, or the limit is reached.
            _ => return None,
        }
    }
}

/// One page as the page tree gives it, with inherited attributes resolved.
pub(super) struct Page<'a> {
    /// The page dictionary.
    pub(super) dict: &'a Dictionary,
    /// Resources, inherited from an ancestor `Pages` node when the page has none.
    pub(super) resources: Option<&'a Dictionary>,
    /// The visible area: CropBox, else MediaBox, else US Letter.
    pub(super) area: [f32; 4],
    /// Rotation in degrees (0, 90, 180, 270).
    pub(super) rotate: i32,
}

#[derive(Clone, Copy, Default)]
struct Inherited<'a> {
    resources: Option<&'a Dictionary>,
    media: Option<[f32; 4]>,
    crop: Option<[f32; 4]>,
    rotate: Option<i32>,
}

/// The pages in order. The walk guards against cycles (a page tree whose `/Kids` lead back to
/// an ancestor), depth and count; a broken branch is skipped, not fatal. A tree deeper than
/// [`MAX_TREE_DEPTH`] or with more than [`Limits::max_pdf_pages`] pages is an error: reading
/// only its first pages would pass a mark put after them.
pub(super) fn pages<'a>(doc: &'a Document, limits: &Limits) -> Result<Vec<Page<'a>>, ExtractError> {
    let mut pages = Pages { out: Vec::new(), max: limits.max_pdf_pages };
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|r| resolve(doc, r))
        .and_then(as_dict)
        .and_then(|catalog| catalog.get(b"Pages").ok());
    let mut seen = HashSet::new();
    if let Some(root) = root {
        walk(doc, root, Inherited::default(), 0, &mut seen, &mut pages)?;
    }
    if pages.out.is_empty() {
        // A broken tree: fall back to every object typed /Page, in object order.
        for object in doc.objects.values() {
            if let Some(d) = as_dict(object) {
                if d.has_type(b"Page") {
                    pages.push(page(doc, d, Inherited::default()))?;
                }
            }
        }
    }
    Ok(pages.out)
}

/// The pages found so far, and how many there may be.
struct Pages<'a> {
    out: Vec<Page<'a>>,
    max: u64,
}

impl<'a> Pages<'a> {
    fn push(&mut self, page: Page<'a>) -> Result<(), ExtractError> {
        if self.out.len() as u64 >= self.max {
            let (kind, limit, seen) = (crate::LimitKind::Pages, self.max, self.max + 1);
            return Err(ExtractError::LimitExceeded { kind, limit, seen, part: None, at: None });
        }
        self.out.push(page);
        Ok(())
    }
}

fn walk<'a>(
    doc: &'a Document,
    node: &'a Object,
    inherited: Inherited<'a>,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Pages<'a>,
) -> Result<(), ExtractError> {
    if depth > MAX_TREE_DEPTH {
        return Err(ExtractError::corrupt(crate::Defect::PdfPageTreeTooDeep { max: MAX_TREE_DEPTH as u64 }));
    }
    if let Object::Reference(id) = node {
        if !seen.insert(*id) {
            return Ok(());
        }
    }
    let Some(dict) = resolve(doc, node).and_then(as_dict) else {
        return Ok(());
    };
    let mut here = inherited;
    if let Some(r) = get_dict(doc, dict, b"Resources") {
        here.resources = Some(r);
    }
    if let Some(r) = dict.get(b"MediaBox").ok().and_then(|o| rect(doc, o)) {
        here.media = Some(r);
    }
    if let Some(r) = dict.get(b"CropBox").ok().and_then(|o| rect(doc, o)) {
        here.crop = Some(r);
    }
    if let Some(r) = get_number(doc, dict, b"Rotate") {
        here.rotate = Some(r as i32);
    }
    match get(doc, dict, b"Kids") {
        Some(Object::Array(kids)) if !dict.has_type(b"Page") => {
            for kid in kids {
                walk(doc, kid, here, depth + 1, seen, out)?;
            }
            Ok(())
        }
        // A leaf is a page if it says so or has content; anything else (a broken tree pointing
        // at an action dictionary, say) is not.
        _ if dict.has_type(b"Page") || dict.has(b"Contents") => out.push(page(doc, dict, here)),
        _ => Ok(()),
    }
}

fn page<'a>(doc: &'a Document, dict: &'a Dictionary, inherited: Inherited<'a>) -> Page<'a> {
    let resources = get_dict(doc, dict, b"Resources").or(inherited.resources);
    let media = dict.get(b"MediaBox").ok().and_then(|o| rect(doc, o)).or(inherited.media);
    let crop = dict.get(b"CropBox").ok().and_then(|o| rect(doc, o)).or(inherited.crop);
    let mut area = crop.or(media).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    if area[2] - area[0] < 1.0 || area[3] - area[1] < 1.0 {
        area = media.unwrap_or([0.0, 0.0, 612.0, 792.0]);
    }
    let rotate = get_number(doc, dict, b"Rotate").map(|r| r as i32).or(inherited.rotate).unwrap_or(0);
    Page { dict, resources, area, rotate: rotate.rem_euclid(360) }
}

/// The content streams of a page (`/Contents` is a stream or an array of them).
pub(super) fn contents<'a>(doc: &'a Document, page: &'a Dictionary) -> Vec<&'a Stream> {
    let mut out = Vec::new();
    match page.get(b"Contents").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Stream(s)) => out.push(s),
        Some(Object::Array(parts)) => {
            for part in parts {
                if let Some(Object::Stream(s)) = resolve(doc, part) {
                    out.push(s);
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn decodes_ascii85() {
        assert_eq!(ascii85(b"87cURD_*#TDfTZ)+T~>").unwrap(), b"Hello, world!");
        assert_eq!(ascii85(b"z@:E^\n~>").unwrap(), b"\0\0\0\0abc");
        assert_eq!(ascii85(b"87cU RD_*\r\n#TDfTZ)+T"), Some(b"Hello, world!".to_vec()));
        assert_eq!(ascii85(b"87cURD{~>"), None, "a byte outside the alphabet");
        assert_eq!(ascii85(b"uuuuu~>"), None, "a group over 2^32");
        assert_eq!(ascii85(b"8~>"), None, "a final group of one character");
    }

    /// The fast path gives what lopdf gives, and leaves what it cannot do to lopdf.
    #[test]
    fn fast_decode_agrees_with_lopdf() {
        let text: Vec<u8> = (0..20_000u32).flat_map(|i| format!("BT ({i}) Tj ET\n").into_bytes()).collect();
        let flate = zlib(&text);
        let a85 = {
            // ASCII85 of the compressed bytes, as reportlab writes page content.
            let mut s = Vec::new();
            for chunk in flate.chunks(4) {
                let mut b = [0u8; 4];
                b[..chunk.len()].copy_from_slice(chunk);
                let mut v = u32::from_be_bytes(b);
                let mut digits = [0u8; 5];
                for d in digits.iter_mut().rev() {
                    *d = (v % 85) as u8 + b'!';
                    v /= 85;
                }
                s.extend_from_slice(&digits[..chunk.len() + 1]);
            }
            s.extend_from_slice(b"~>");
            s
        };
        let both = Object::Array(vec![Object::Name(b"ASCII85Decode".to_vec()), Object::Name(b"FlateDecode".to_vec())]);
        for (filter, content) in [(Object::Name(b"FlateDecode".to_vec()), flate.clone()), (both, a85)] {
            let mut dict = Dictionary::new();
            dict.set("Filter", filter);
            let stream = Stream::new(dict, content);
            assert_eq!(fast_decode(&stream, 1 << 20).as_deref(), Some(text.as_slice()));
            assert_eq!(stream.decompressed_content().unwrap(), text);
            // Over the limit: left to lopdf, which reports it.
            assert_eq!(fast_decode(&stream, 1000), None);
        }
        // Damaged: the first half of the stream.
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        assert_eq!(fast_decode(&Stream::new(dict, flate[..flate.len() / 2].to_vec()), 1 << 20), None);
    }
}
