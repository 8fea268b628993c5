//! Single compressed streams: gzip, bzip2, xz and Zstandard, alone (`report.docx.gz`) or around
//! a tar (`.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`).
//!
//! The stream is inflated whole, within the limits (see [`inflate`]). If what comes out is a tar,
//! its entries are read here, so that a member of `outer.tar.gz` is reported as
//! `outer.tar.gz!dir/file.docx` rather than `outer.tar.gz!outer.tar!dir/file.docx` (which would
//! also spend a level of [`Limits::max_nesting`]). Otherwise the content is handed back as one
//! member, named by the file name gzip stores (`FNAME`), or `(decompressed)`: the other formats
//! store no name.
//!
//! A gzip stream's stored name and comment are shown by `gzip -lN` and archive managers, so they are
//! read as document properties. Concatenated streams (what `cat a.gz b.gz` and parallel
//! compressors produce) are read to the end, as the command-line tools do.
//!
//! The decoders are pure Rust: flate2 (zlib-rs), bzip2 (libbz2-rs-sys), lzma-rust2 and ruzstd.
//! LZMA2 dictionaries are checked before decoding by [`xz_guard`](crate::xz_guard); ruzstd
//! refuses windows above 100 MiB and grows its buffer as it writes; bzip2 blocks are at most
//! 900 kB.

use std::io::Read;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};

use crate::zipread::RATIO_FLOOR;
use crate::{tarball, text, xz_guard, ExtractError, LimitKind, Limits};

/// The compression formats read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Bzip2 => "bzip2",
            Codec::Xz => "xz",
            Codec::Zstd => "zstd",
        }
    }
}

/// The member name of a stream's content when the stream stores no name.
pub(crate) const UNNAMED: &str = "(decompressed)";

/// The part name of a gzip header's stored name and comment.
const HEADER_PART: &str = "(gzip header)";

/// Reads a compressed stream: a tar inside is read entry by entry; anything else is one member.
pub(crate) fn extract(
    bytes: &[u8],
    codec: Codec,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let (data, stored_name) = match codec {
        Codec::Gzip => {
            let mut decoder = flate2::read::MultiGzDecoder::new(bytes);
            let data = inflate(&mut decoder, codec, bytes.len(), limits)?;
            let name = match decoder.header() {
                Some(h) => read_gzip_header(h.filename(), h.comment(), sink)?,
                None => None,
            };
            (data, name)
        }
        Codec::Bzip2 => (inflate(bzip2::read::MultiBzDecoder::new(bytes), codec, bytes.len(), limits)?, None),
        Codec::Xz => {
            xz_guard::check(bytes, limits)?;
            (inflate(lzma_rust2::XzReader::new(bytes, true), codec, bytes.len(), limits)?, None)
        }
        Codec::Zstd => (inflate(ZstdFrames::new(bytes), codec, bytes.len(), limits)?, None),
    };
    sink.coverage(CoverageNote::read(format!("({} stream)", codec.name())))?;
    if tarball::looks_like_tar(&data) {
        return tarball::read_entries(&data, limits, sink);
    }
    if data.len() as u64 > limits.max_part_bytes {
        return Err(ExtractError::limit(LimitKind::PartBytes, limits.max_part_bytes, data.len())
            .in_part(format!("({} stream)", codec.name())));
    }
    sink.member(stored_name.unwrap_or_else(|| UNNAMED.to_owned()), data)?;
    Ok(())
}

/// Reads a gzip header's stored name (`FNAME`) and comment (`FCOMMENT`) as properties; returns the
/// name. The specification says ISO 8859-1, but tools store the bytes of the local file name:
/// UTF-8 on Linux and macOS, GBK on Chinese Windows, so the text is decoded as a text file is.
fn read_gzip_header(
    name: Option<&[u8]>,
    comment: Option<&[u8]>,
    sink: &mut dyn DocumentSink,
) -> Result<Option<String>, ExtractError> {
    let decode = |b: &[u8]| text::decode(b).text.into_owned();
    if let Some(c) = comment.filter(|c| !c.is_empty()) {
        sink.segment(Segment::new(Location::part(HEADER_PART).with_field("comment"), Role::Properties, decode(c)))?;
    }
    let Some(name) = name.filter(|n| !n.is_empty()).map(decode) else { return Ok(None) };
    sink.segment(Segment::new(Location::part(HEADER_PART).with_field("name"), Role::Properties, name.clone()))?;
    // The stored name may carry a path; the member is reported under its last component, as
    // `gunzip -N` would restore it.
    let base = name.rsplit(['/', '\\']).next().filter(|b| !b.is_empty()).unwrap_or(&name);
    Ok(Some(base.to_owned()))
}

/// Inflates `reader` whole, refusing more than `max_decompressed_bytes` in all or a ratio above
/// `max_ratio` to the `compressed` size (above [`RATIO_FLOOR`], as for ZIP entries).
///
/// Each level's ratio alone does not bound a nested stream (a 2 KB gzip holding a 1 MB gzip of
/// 1 GiB would pass its own 1000:1 and hand on a member allowed 1 GB), so the output is inflated
/// in chunks, each charged to the file's budget, shared by every nesting level (which also
/// notices cancellation and the time limit), as the ZIP layer does.
fn inflate(mut reader: impl Read, codec: Codec, compressed: usize, limits: &Limits) -> Result<Vec<u8>, ExtractError> {
    let ratio_cap = (compressed as u64).saturating_mul(limits.max_ratio).max(RATIO_FLOOR);
    let cap = limits.max_decompressed_bytes.min(ratio_cap);
    let mut data = Vec::new();
    let mut capped = (&mut reader).take(cap.saturating_add(1));
    loop {
        let got = Read::by_ref(&mut capped).take(crate::CHECK_EVERY).read_to_end(&mut data).map_err(|e| {
            if e.kind() == std::io::ErrorKind::OutOfMemory {
                ExtractError::limit(LimitKind::DecoderMemory, cap, data.len())
                    .in_part(format!("({} stream)", codec.name()))
            } else {
                ExtractError::corrupt(crate::Defect::CompressedData { format: codec.name(), cause: e.to_string() })
            }
        })?;
        if got == 0 {
            break;
        }
        // Past this level's own cap the loop ends with its more precise error below.
        if data.len() as u64 <= cap {
            limits.charge_decompressed(got as u64, &format!("({} stream)", codec.name()))?;
        }
    }
    if data.len() as u64 > cap {
        let stream = format!("({} stream)", codec.name());
        let error = if cap == limits.max_decompressed_bytes {
            ExtractError::limit(LimitKind::DecompressedBytes, cap, data.len())
        } else {
            // The ratio in whole decompressed bytes per compressed byte, rounded up.
            let ratio = (data.len() as u64).div_ceil((compressed as u64).max(1));
            ExtractError::limit(LimitKind::CompressionRatio, limits.max_ratio, ratio)
        };
        return Err(error.in_part(stream));
    }
    Ok(data)
}

/// Every frame of a Zstandard stream, one after another, skippable frames skipped (what `zstd -d`
/// does with concatenated frames).
struct ZstdFrames<'a> {
    rest: &'a [u8],
    frame: Option<ruzstd::decoding::StreamingDecoder<&'a [u8], ruzstd::decoding::FrameDecoder>>,
}

impl<'a> ZstdFrames<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        ZstdFrames { rest: bytes, frame: None }
    }

    /// Opens the next frame; `false` at the end of the input.
    fn next_frame(&mut self) -> std::io::Result<bool> {
        loop {
            if self.rest.is_empty() {
                return Ok(false);
            }
            match ruzstd::decoding::StreamingDecoder::new(self.rest) {
                Ok(frame) => {
                    self.frame = Some(frame);
                    return Ok(true);
                }
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame { length, .. })) => {
                    // A skippable frame: 4 bytes of magic, 4 of length, then `length` bytes.
                    self.rest = (length as usize)
                        .checked_add(8)
                        .and_then(|end| self.rest.get(end..))
                        .ok_or_else(|| invalid("a skippable frame runs past the end of the input"))?;
                }
                Err(e) => return Err(invalid(e)),
            }
        }
    }
}

impl Read for ZstdFrames<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(frame) = &mut self.frame {
                let n = frame.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                // The frame is done: continue after it.
                self.rest = *frame.get_ref();
                self.frame = None;
            }
            if !self.next_frame()? {
                return Ok(0);
            }
        }
    }
}

fn invalid(e: impl ToString) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{tar_of, xz_of};
    use mijian_core::Collected;
    use std::io::Write;

    fn gzip_of(name: Option<&str>, comment: Option<&str>, data: &[u8]) -> Vec<u8> {
        let mut b = flate2::GzBuilder::new();
        if let Some(n) = name {
            b = b.filename(n.as_bytes());
        }
        if let Some(c) = comment {
            b = b.comment(c.as_bytes());
        }
        let mut w = b.write(Vec::new(), flate2::Compression::default());
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    fn bzip2_of(data: &[u8]) -> Vec<u8> {
        let mut w = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    fn zstd_of(data: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
    }

    fn read(bytes: &[u8], codec: Codec) -> Collected {
        let mut sink = Collected::default();
        extract(bytes, codec, &Limits::default(), &mut sink).unwrap();
        sink
    }

    #[test]
    fn a_single_file_is_one_member_named_as_stored() {
        let gz = gzip_of(Some("docs/通知.txt"), Some("机密★1年"), "正文".as_bytes());
        let sink = read(&gz, Codec::Gzip);
        assert_eq!(sink.members, vec![("通知.txt".to_owned(), "正文".as_bytes().to_vec())]);
        let texts: Vec<_> = sink.segments.iter().map(|s| (s.location.field.as_deref(), s.text.as_str())).collect();
        assert_eq!(texts, vec![(Some("comment"), "机密★1年"), (Some("name"), "docs/通知.txt")]);

        let gz = gzip_of(None, None, b"plain");
        assert_eq!(read(&gz, Codec::Gzip).members, vec![(UNNAMED.to_owned(), b"plain".to_vec())]);
    }

    #[test]
    fn a_gbk_stored_name_is_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("机密文件.txt");
        let mut b = flate2::GzBuilder::new().filename(gbk.into_owned()).write(Vec::new(), flate2::Compression::fast());
        b.write_all(b"x").unwrap();
        let sink = read(&b.finish().unwrap(), Codec::Gzip);
        assert_eq!(sink.members[0].0, "机密文件.txt");
    }

    #[test]
    fn every_codec_reads_a_tarball_entry_by_entry() {
        let tar = tar_of(&[("dir/", b""), ("dir/a.txt", "机密★1年".as_bytes())]);
        for (codec, bytes) in [
            (Codec::Gzip, gzip_of(Some("x.tar"), None, &tar)),
            (Codec::Bzip2, bzip2_of(&tar)),
            (Codec::Xz, xz_of(&tar)),
            (Codec::Zstd, zstd_of(&tar)),
        ] {
            let sink = read(&bytes, codec);
            assert_eq!(sink.members, vec![("dir/a.txt".to_owned(), "机密★1年".as_bytes().to_vec())], "{codec:?}");
            assert!(sink.segments.iter().any(|s| s.text == "dir/\ndir/a.txt"), "{codec:?}");
        }
    }

    #[test]
    fn concatenated_streams_are_read_to_the_end() {
        let mut gz = gzip_of(None, None, b"one ");
        gz.extend(gzip_of(None, None, b"two"));
        assert_eq!(read(&gz, Codec::Gzip).members[0].1, b"one two");
        let mut bz = bzip2_of(b"one ");
        bz.extend(bzip2_of(b"two"));
        assert_eq!(read(&bz, Codec::Bzip2).members[0].1, b"one two");
        let mut xz = xz_of(b"one ");
        xz.extend(xz_of(b"two"));
        assert_eq!(read(&xz, Codec::Xz).members[0].1, b"one two");
        // A skippable frame between two frames (magic 0x184D2A50, 3 bytes of payload).
        let mut zst = zstd_of(b"one ");
        zst.extend([0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3]);
        zst.extend(zstd_of(b"two"));
        assert_eq!(read(&zst, Codec::Zstd).members[0].1, b"one two");
    }

    #[test]
    fn bombs_and_garbage_are_errors() {
        let zeros = vec![0u8; 4 << 20];
        let limits = Limits { max_ratio: 10, ..Limits::default() };
        for (codec, bytes) in [
            (Codec::Gzip, gzip_of(None, None, &zeros)),
            (Codec::Bzip2, bzip2_of(&zeros)),
            (Codec::Zstd, zstd_of(&zeros)),
        ] {
            let err = extract(&bytes, codec, &limits, &mut Collected::default()).unwrap_err();
            assert!(
                matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::CompressionRatio, limit: 10, seen, .. } if *seen > 10),
                "{codec:?}: {err:?}"
            );
        }
        let limits = Limits { max_decompressed_bytes: 1000, ..Limits::default() };
        let err = extract(&xz_of(&[b'a'; 5000]), Codec::Xz, &limits, &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::DecompressedBytes, limit: 1000, .. }),
            "{err:?}"
        );

        for codec in [Codec::Gzip, Codec::Bzip2, Codec::Xz, Codec::Zstd] {
            let err = extract(b"\x1f\x8bBZhnot a stream", codec, &Limits::default(), &mut Collected::default());
            assert!(
                matches!(
                    err,
                    Err(ExtractError::Corrupt {
                        what: crate::Defect::CompressedData { format, .. } | crate::Defect::ArchiveHeader { format },
                        ..
                    }) if format == codec.name()
                ),
                "{codec:?}: {err:?}"
            );
        }
        // A truncated stream is an error, not a short member.
        let gz = gzip_of(None, None, "机密★1年".repeat(100).as_bytes());
        let err = extract(&gz[..gz.len() - 10], Codec::Gzip, &Limits::default(), &mut Collected::default());
        assert!(err.is_err());
    }

    /// A nested stream (a gzip of a gzip, issue 12's adversarial corpus) must be bounded by the
    /// file's budget, shared by every level, not by each level's own ratio: here a stream within
    /// its ratio (1 MiB, the floor) is refused for the 64 KiB its file may inflate in all, of
    /// which an outer level has already taken half.
    #[test]
    fn every_level_draws_on_the_files_budget() {
        let limits = Limits { min_decompressed_budget: 64 << 10, ..Limits::default() }.for_file(10);
        limits.charge_decompressed(32 << 10, "outer").unwrap();
        for (codec, bytes) in [
            (Codec::Gzip, gzip_of(None, None, &[0u8; 1 << 20])),
            (Codec::Xz, xz_of(&[0u8; 1 << 20])),
            (Codec::Zstd, zstd_of(&[0u8; 1 << 20])),
        ] {
            let err = extract(&bytes, codec, &limits, &mut Collected::default()).unwrap_err();
            assert!(
                matches!(&err, ExtractError::LimitExceeded { kind: crate::LimitKind::DecompressedBytes, .. }),
                "{codec:?}: {err}"
            );
        }
        // Under the default limits, the same stream is read.
        assert_eq!(read(&gzip_of(None, None, &[0u8; 1 << 20]), Codec::Gzip).members[0].1.len(), 1 << 20);
    }

    #[test]
    fn mutated_streams_never_panic() {
        let tar = tar_of(&[("d/a.txt", "机密★1年".repeat(50).as_bytes())]);
        let readers: [crate::testing::Reader; 4] = [
            |b, l, s| extract(b, Codec::Gzip, l, s),
            |b, l, s| extract(b, Codec::Bzip2, l, s),
            |b, l, s| extract(b, Codec::Xz, l, s),
            |b, l, s| extract(b, Codec::Zstd, l, s),
        ];
        let seeds = [gzip_of(Some("n"), Some("c"), &tar), bzip2_of(&tar), xz_of(&tar), zstd_of(&tar)];
        for (read, seed) in readers.into_iter().zip(seeds) {
            crate::testing::mutations(&seed, 150, read, |_, sink| {
                assert!(sink.members.iter().all(|m| m.1.len() <= RATIO_FLOOR as usize));
            });
        }
    }
}
