//! Each kind of property field read where its format keeps it; damage noted, never a panic; a
//! compressed text too large refused. Pictures are built byte by byte here, so each test shows
//! the layout it relies on.

use std::io::Write;

use mijian_core::{Collected, CoverageNote, Location, Role, Unread};

use super::*;

const MARK: &str = "机密★1年";

fn fields(bytes: &[u8]) -> Properties {
    properties(bytes, &Limits::default()).unwrap()
}

fn has(found: &Properties, field: &str, text: &str) -> bool {
    found.fields().iter().any(|(f, t)| f == field && t == text)
}

fn utf16le_z(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).chain([0, 0]).collect()
}

/// A little-endian TIFF block with one IFD of `entries` (tag, type, value bytes), values that
/// do not fit in 4 bytes placed after the IFD, and `sub` (an Exif IFD of its own entries).
fn tiff(entries: &[(u16, u16, Vec<u8>)], sub: &[(u16, u16, Vec<u8>)]) -> Vec<u8> {
    fn ifd(out: &mut Vec<u8>, at: usize, entries: &[(u16, u16, Vec<u8>)], next: u32) {
        let mut data_at = at + 2 + 12 * entries.len() + 4;
        let mut data = Vec::new();
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            let unit = if *kind == 4 { 4 } else { 1 };
            out.extend_from_slice(&((value.len() / unit) as u32).to_le_bytes());
            if value.len() <= 4 {
                let mut inline = value.clone();
                inline.resize(4, 0);
                out.extend_from_slice(&inline);
            } else {
                out.extend_from_slice(&(data_at as u32).to_le_bytes());
                data.extend_from_slice(value);
                data_at += value.len();
            }
        }
        out.extend_from_slice(&next.to_le_bytes());
        out.extend_from_slice(&data);
    }
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let mut main: Vec<(u16, u16, Vec<u8>)> = entries.to_vec();
    if !sub.is_empty() {
        main.push((0x8769, 4, vec![0; 4]));
    }
    let mut first = Vec::new();
    ifd(&mut first, 8, &main, 0);
    if !sub.is_empty() {
        // Point the Exif entry at the end of the first IFD and its values.
        let sub_at = 8 + first.len();
        let entry = 2 + 12 * (main.len() - 1);
        first[entry + 8..entry + 12].copy_from_slice(&(sub_at as u32).to_le_bytes());
        out.extend_from_slice(&first);
        ifd(&mut out, sub_at, sub, 0);
    } else {
        out.extend_from_slice(&first);
    }
    out
}

/// A JPEG made of SOI, the `segments` (marker, data), and a scan that begins and ends at once.
fn jpeg(segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    for (marker, data) in segments {
        out.extend_from_slice(&[0xFF, *marker]);
        out.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(data);
    }
    out.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
    out
}

fn exif_segment(tiff: Vec<u8>) -> (u8, Vec<u8>) {
    (0xE1, [b"Exif\0\0".to_vec(), tiff].concat())
}

/// A PNG of its signature, the `chunks` (type, data) and IEND (CRCs are not checked here).
fn png(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks.iter().chain(&[(b"IEND", Vec::new())]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(*kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32fast::hash(&[&kind[..], data].concat()).to_be_bytes());
    }
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn xmp(body: &str) -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{body}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#
    )
}

#[test]
fn exif_text_tags_are_read_in_their_charsets() {
    let gbk = encoding_rs::GBK.encode("秘密★6个月").0.into_owned();
    let user_comment =
        [b"UNICODE\0".to_vec(), "绝密★启用前".encode_utf16().flat_map(u16::to_le_bytes).collect()].concat();
    let block = tiff(
        &[
            (0x010E, 2, [gbk, vec![0]].concat()),
            (0x013B, 2, "张三\0".as_bytes().to_vec()),
            (0x9C9B, 1, utf16le_z(MARK)),
            (0x9C9E, 1, utf16le_z("内部资料")),
        ],
        &[(0x9286, 7, user_comment)],
    );
    let found = fields(&jpeg(&[exif_segment(block)]));
    assert!(has(&found, "EXIF ImageDescription", "秘密★6个月"), "{found:?}");
    assert!(has(&found, "EXIF Artist", "张三"), "{found:?}");
    assert!(has(&found, "EXIF XPTitle", MARK), "{found:?}");
    assert!(has(&found, "EXIF XPKeywords", "内部资料"), "{found:?}");
    assert!(has(&found, "EXIF UserComment", "绝密★启用前"), "{found:?}");
    assert!(!found.damaged, "{found:?}");
}

#[test]
fn a_big_endian_block_and_an_ascii_user_comment_are_read() {
    // MM, one IFD of one ASCII entry whose 14 bytes lie after the IFD (at 26).
    let mut block = b"MM\0*\0\0\0\x08\0\x01".to_vec();
    block.extend_from_slice(&[0x01, 0x0E, 0, 2, 0, 0, 0, 14, 0, 0, 0, 26, 0, 0, 0, 0]);
    block.extend_from_slice("机密★1年\0".as_bytes());
    assert_eq!(block.len(), 26 + 14);
    assert!(has(&fields(&jpeg(&[exif_segment(block)])), "EXIF ImageDescription", MARK));
    assert_eq!(exif::coded(b"ASCII\0\0\0secret\0", true), "secret");
}

#[test]
fn a_value_or_directory_beyond_the_block_is_damage_not_a_panic() {
    let mut block = tiff(&[(0x010E, 2, "机密★1年 关于某事\0".as_bytes().to_vec())], &[]);
    // Cut the value off.
    block.truncate(block.len() - 4);
    let found = fields(&jpeg(&[exif_segment(block.clone())]));
    assert!(found.damaged && found.fields().is_empty(), "{found:?}");
    // A first IFD beyond the block.
    block[4..8].copy_from_slice(&9999u32.to_le_bytes());
    assert!(fields(&jpeg(&[exif_segment(block)])).damaged);
    // A segment whose length runs beyond the file.
    let mut cut = jpeg(&[(0xFE, b"a comment".to_vec())]);
    cut.truncate(8);
    assert!(fields(&cut).damaged);
}

#[test]
fn entries_that_share_one_value_read_it_no_more_than_the_block_holds() {
    // A TIFF of one IFD of 1,000 ImageDescription entries, every one pointing at the same
    // 3,250-byte text: read each time, 3 MB of text from a 15 KB file (fuzz target `picture`;
    // 4,000 entries at 200 KB took 800 MB and 137 s in `mijian scan`).
    let text = MARK.repeat(250);
    let k = 1000usize;
    let at = 8 + 2 + 12 * k + 4;
    let mut file = b"II*\0\x08\0\0\0".to_vec();
    file.extend_from_slice(&(k as u16).to_le_bytes());
    for _ in 0..k {
        file.extend_from_slice(&[0x0E, 0x01, 2, 0]);
        file.extend_from_slice(&(text.len() as u32).to_le_bytes());
        file.extend_from_slice(&(at as u32).to_le_bytes());
    }
    file.extend_from_slice(&0u32.to_le_bytes());
    file.extend_from_slice(text.as_bytes());
    let found = fields(&file);
    let chars: usize = found.fields().iter().map(|(_, t)| t.chars().count()).sum();
    assert!(chars <= file.len(), "{chars} characters from {} bytes", file.len());
    // What the block holds is read (the value once per 3,250 of its bytes), the rest is damage.
    assert!(found.damaged);
    assert_eq!(found.fields().len(), file.len() / text.len());
    assert!(has(&found, "TIFF ImageDescription", &text));
}

#[test]
fn every_prefix_of_a_picture_with_properties_is_read_without_panic() {
    let block = tiff(
        &[(0x9C9B, 1, utf16le_z(MARK)), (0x013B, 2, b"author\0".to_vec())],
        &[(0x9286, 7, b"ASCII\0\0\0x".to_vec())],
    );
    let iptc = [&[0x1C, 2, 105, 0, 4][..], b"head"].concat();
    let whole = jpeg(&[
        exif_segment(block),
        (
            0xE1,
            [b"http://ns.adobe.com/xap/1.0/\0".to_vec(), xmp(r#"<rdf:Description dc:x="y"/>"#).into_bytes()].concat(),
        ),
        (0xED, [&b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x09"[..], &iptc, b"\0"].concat()),
        (0xFE, b"comment".to_vec()),
    ]);
    assert!(has(&fields(&whole), "IPTC Headline", "head"));
    for len in 0..whole.len() {
        let _ = fields(&whole[..len]);
    }
    let picture = png(&[(b"iTXt", b"Title\0\0\0\0\0text".to_vec()), (b"zTXt", [&b"C\0\0"[..], &zlib(b"zz")].concat())]);
    for len in 0..picture.len() {
        let _ = fields(&picture[..len]);
    }
}

#[test]
fn xmp_values_in_elements_and_attributes_are_read_and_named() {
    let packet = xmp(&format!(
        r#"<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Headline="内部资料 注意保存"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{MARK}</rdf:li></rdf:Alt></dc:title><dc:subject><rdf:Bag><rdf:li>紫电计划</rdf:li><rdf:li>风景</rdf:li></rdf:Bag></dc:subject></rdf:Description>"#
    ));
    let found = fields(&jpeg(&[(0xE1, [b"http://ns.adobe.com/xap/1.0/\0".to_vec(), packet.into_bytes()].concat())]));
    assert!(has(&found, "XMP dc:title", MARK), "{found:?}");
    assert!(has(&found, "XMP photoshop:Headline", "内部资料 注意保存"), "{found:?}");
    assert!(has(&found, "XMP dc:subject", "紫电计划"), "{found:?}");
    assert!(!found.fields().iter().any(|(_, t)| t == "x-default" || t.starts_with("http")), "{found:?}");
    // Malformed: what came before is kept, and the damage noted.
    let broken = fields(&png(&[(b"iTXt", [&b"XML:com.adobe.xmp\0\0\0\0\0"[..], b"<a t='1'>x</b>"].concat())]));
    assert!(broken.damaged && has(&broken, "XMP a", "x") && has(&broken, "XMP t", "1"), "{broken:?}");
}

#[test]
fn extended_xmp_is_joined_from_its_pieces() {
    let packet = xmp(&format!(r#"<rdf:Description><dc:description>{MARK}</dc:description></rdf:Description>"#));
    let (a, b) = packet.as_bytes().split_at(packet.find('★').unwrap() + 1);
    let piece = |offset: u32, data: &[u8]| {
        let head =
            [&b"http://ns.adobe.com/xmp/extension/\0"[..], &[b'0'; 32], &(packet.len() as u32).to_be_bytes()].concat();
        (0xE1, [head, offset.to_be_bytes().to_vec(), data.to_vec()].concat())
    };
    // The pieces in the file in the wrong order, as writers may leave them.
    let found = fields(&jpeg(&[piece(a.len() as u32, b), piece(0, a)]));
    assert!(has(&found, "XMP dc:description", MARK), "{found:?}");
}

#[test]
fn iptc_records_of_photoshop_resources_are_read() {
    let mut records = Vec::new();
    for (dataset, text) in [(0u8, &b"\0\x04"[..]), (105, "机密★1年".as_bytes()), (25, b"keyword"), (55, b"20261201")]
    {
        records.extend_from_slice(&[0x1C, 2, dataset]);
        records.extend_from_slice(&(text.len() as u16).to_be_bytes());
        records.extend_from_slice(text);
    }
    let mut resources = b"8BIM\x04\x04\0\0".to_vec();
    resources.extend_from_slice(&(records.len() as u32).to_be_bytes());
    resources.extend_from_slice(&records);
    // Split over two APP13 segments, as large blocks are.
    let (a, b) = resources.split_at(10);
    let found = fields(&jpeg(&[
        (0xED, [b"Photoshop 3.0\0".to_vec(), a.to_vec()].concat()),
        (0xED, [b"Photoshop 3.0\0".to_vec(), b.to_vec()].concat()),
    ]));
    assert_eq!(
        found.fields(),
        [("IPTC Headline".to_owned(), MARK.to_owned()), ("IPTC Keywords".to_owned(), "keyword".to_owned())],
        "{found:?}"
    );
    assert!(!found.damaged);
    // A record running beyond its resource.
    let mut cut = records.clone();
    cut.truncate(cut.len() - 3);
    let mut found = Properties::default();
    iptc::read(&cut, &mut found);
    assert!(found.damaged);
}

#[test]
fn a_gif_xmp_packet_without_its_wrapper_ends_where_the_magic_trailer_begins() {
    // GIF89a, a 1x1 screen without a colour table, an application extension `XMP DataXMP` whose
    // packet has no `<?xpacket …?>` wrapper, the 258-byte magic trailer (0x01, 0xFF down to 0x00,
    // the terminator), the trailer `;`. Read with the packet, the trailer's bytes made the packet
    // invalid UTF-8, so it was decoded as GB18030 and the title came out garbled.
    let packet = format!(
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{MARK}</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"#
    );
    let gif = |packet: &[u8]| {
        let mut gif = b"GIF89a\x01\0\x01\0\0\0\0\x21\xFF\x0BXMP DataXMP".to_vec();
        gif.extend_from_slice(packet);
        gif.push(1);
        gif.extend((0..=255u8).rev());
        gif.extend_from_slice(&[0, 0x3B]);
        gif
    };
    let found = fields(&gif(packet.as_bytes()));
    assert!(has(&found, "XMP dc:title", MARK) && !found.damaged, "{found:?}");
    assert_eq!(found.fields().len(), 1, "{found:?}");
    // With its wrapper, the packet ends at the wrapper's end, as before.
    let found =
        fields(&gif(xmp(&format!("<rdf:Description><dc:title>{MARK}</dc:title></rdf:Description>")).as_bytes()));
    assert!(has(&found, "XMP dc:title", MARK) && !found.damaged, "{found:?}");
}

#[test]
fn jpeg_and_gif_comments_are_read_in_gbk_too() {
    let gbk = encoding_rs::GBK.encode(MARK).0.into_owned();
    assert!(has(&fields(&jpeg(&[(0xFE, gbk.clone())])), "JPEG comment", MARK));
    // GIF89a, a 1x1 screen with a 2-colour table, a comment extension in two sub-blocks, an
    // image, the trailer.
    let mut gif = b"GIF89a\x01\0\x01\0\x80\0\0".to_vec();
    gif.extend_from_slice(&[0; 6]);
    gif.extend_from_slice(&[0x21, 0xFE, 3]);
    gif.extend_from_slice(&gbk[..3]);
    gif.push((gbk.len() - 3) as u8);
    gif.extend_from_slice(&gbk[3..]);
    gif.push(0);
    gif.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0, 0x3B]);
    let found = fields(&gif);
    assert!(has(&found, "GIF comment", MARK) && !found.damaged, "{found:?}");
    // Cut in its pixels: nothing is left unread. Cut in the comment: damaged.
    let found = fields(&gif[..gif.len() - 8]);
    assert!(has(&found, "GIF comment", MARK) && !found.damaged, "{found:?}");
    assert!(fields(&gif[..25]).damaged);
}

#[test]
fn png_text_chunks_and_exif_are_read() {
    let found = fields(&png(&[
        (b"tEXt", [&b"Title\0"[..], MARK.as_bytes()].concat()),
        (b"zTXt", [&b"Comment\0\0"[..], &zlib(encoding_rs::GBK.encode("秘密").0.as_ref())].concat()),
        (
            b"iTXt",
            [&b"Description\0\x01\0zh\0\xe8\xaf\xb4\xe6\x98\x8e\0"[..], &zlib("绝密★启用前".as_bytes())].concat(),
        ),
        (b"iTXt", b"Author\0\0\0\0\0Li Si".to_vec()),
        (b"eXIf", tiff(&[(0x9C9F, 1, utf16le_z("内部"))], &[])),
    ]));
    assert!(has(&found, "PNG tEXt Title", MARK), "{found:?}");
    assert!(has(&found, "PNG zTXt Comment", "秘密"), "{found:?}");
    assert!(has(&found, "PNG iTXt Description", "绝密★启用前"), "{found:?}");
    assert!(has(&found, "PNG iTXt Description", "说明"), "{found:?}");
    assert!(has(&found, "PNG iTXt Author", "Li Si"), "{found:?}");
    assert!(has(&found, "EXIF XPSubject", "内部"), "{found:?}");
    assert!(!found.damaged);
    // A corrupt compressed text and a chunk beyond the file are damage.
    assert!(fields(&png(&[(b"zTXt", b"Comment\0\0not zlib".to_vec())])).damaged);
    let mut cut = png(&[(b"tEXt", b"Title\0abc".to_vec())]);
    cut.truncate(cut.len() - 20);
    assert!(fields(&cut).damaged);
}

#[test]
fn a_compressed_text_bomb_is_refused_with_the_limit() {
    // 4 MiB of spaces in 4 KB: more than this limit allows one part.
    let bomb = zlib(&vec![b' '; 4 << 20]);
    let limits = Limits { max_part_bytes: 1 << 20, ..Limits::default() };
    for picture in [
        png(&[(b"zTXt", [&b"Comment\0\0"[..], &bomb].concat())]),
        png(&[(b"iTXt", [&b"Comment\0\x01\0\0\0"[..], &bomb].concat())]),
    ] {
        let error = properties(&picture, &limits).unwrap_err();
        assert!(
            matches!(error, ExtractError::LimitExceeded { kind: LimitKind::DecompressedBytes, limit, .. } if limit == 1 << 20),
            "{error:?}"
        );
    }
    // The file's budget counts it too: this file may expand a hundredfold, at least 1 MiB.
    let picture = png(&[(b"zTXt", [&b"C\0\0"[..], &bomb].concat())]);
    let limits = Limits { max_ratio: 100, min_decompressed_budget: 1 << 20, ..Limits::default() };
    let error = properties(&picture, &limits.for_file(picture.len() as u64)).unwrap_err();
    assert!(
        matches!(error, ExtractError::LimitExceeded { kind: LimitKind::DecompressedBytes, limit, .. } if limit == 1 << 20),
        "{error:?}"
    );
}

#[test]
fn webp_and_tiff_files_have_their_properties_read() {
    let block = tiff(&[(0x9C9B, 1, utf16le_z(MARK))], &[]);
    let packet = xmp(r#"<rdf:Description><dc:rights>内部资料</dc:rights></rdf:Description>"#);
    let mut webp = b"RIFF\0\0\0\0WEBP".to_vec();
    for (kind, data) in [
        (b"VP8 ", vec![0; 3]),
        (b"EXIF", [b"Exif\0\0".to_vec(), block.clone()].concat()),
        (b"XMP ", packet.into_bytes()),
    ] {
        webp.extend_from_slice(kind);
        webp.extend_from_slice(&(data.len() as u32).to_le_bytes());
        webp.extend_from_slice(&data);
        if data.len() % 2 == 1 {
            webp.push(0);
        }
    }
    let found = fields(&webp);
    assert!(
        has(&found, "EXIF XPTitle", MARK) && has(&found, "XMP dc:rights", "内部资料") && !found.damaged,
        "{found:?}"
    );
    assert!(has(&fields(&block), "TIFF XPTitle", MARK));
}

#[test]
fn the_pages_of_a_tiff_are_named() {
    let one = tiff(&[(0x013B, 2, b"first\0".to_vec())], &[]);
    // A second IFD after the first, linked from its next-IFD offset.
    let mut two = one.clone();
    let second_at = two.len() as u32;
    let next_at = 8 + 2 + 12;
    two[next_at..next_at + 4].copy_from_slice(&second_at.to_le_bytes());
    two.extend_from_slice(&[1, 0, 0x3B, 0x01, 2, 0, 3, 0, 0, 0, b'2', b'n', 0, 0, 0, 0, 0, 0]);
    let found = fields(&two);
    assert!(has(&found, "TIFF Artist", "first") && has(&found, "TIFF page 2 Artist", "2n"), "{found:?}");
    // A cycle of directories ends.
    let last = two.len() - 4;
    two[last..].copy_from_slice(&8u32.to_le_bytes());
    assert!(!fields(&two).damaged);
}

#[test]
fn a_picture_read_with_ocr_off_gives_its_properties_at_its_place() {
    let picture = jpeg(&[exif_segment(tiff(&[(0x9C9B, 1, utf16le_z(MARK))], &[]))]);
    let mut sink = Collected::default();
    let at = Location::part("word/media/image1.jpeg");
    crate::ocr::read_picture("word/media/image1.jpeg", &picture, &at, Role::Body, &Limits::default(), &mut sink)
        .unwrap();
    assert_eq!(sink.segments.len(), 1);
    let segment = &sink.segments[0];
    assert_eq!((segment.location.clone(), segment.role), (at.with_field("EXIF XPTitle"), Role::Properties));
    assert_eq!(segment.text, MARK);
    assert_eq!(sink.coverage, [CoverageNote::unread("word/media/image1.jpeg", Unread::Picture)]);
    // Damaged properties are noted beside the picture.
    let mut sink = Collected::default();
    crate::ocr::read_picture(
        "p.jpg",
        &picture[..30],
        &Location::part("p.jpg"),
        Role::Body,
        &Limits::default(),
        &mut sink,
    )
    .unwrap();
    assert!(sink.coverage.contains(&CoverageNote::unread("p.jpg properties", Unread::Damaged)), "{:?}", sink.coverage);
}

#[test]
fn a_picture_cut_in_its_image_data_loses_no_property_and_is_no_damage_of_them() {
    // A PNG cut inside its header chunk (a stub picture, a broken download): the picture reader
    // notes it cannot decode it; its properties lost nothing.
    let cut_header = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    assert!(!fields(&cut_header).damaged);
    // Cut inside a text chunk: a property is lost.
    let mut cut_text = png(&[(b"tEXt", b"Title\0\xe6\x9c\xba\xe5\xaf\x86".to_vec())]);
    cut_text.truncate(cut_text.len() - 12 - 4 - 2); // IEND, the CRC and two bytes of the text
    assert!(fields(&cut_text).damaged, "{:?}", fields(&cut_text));
    // A JPEG cut inside a segment that holds no property, and inside a comment.
    let quant = jpeg(&[(0xDB, vec![0; 64])]);
    assert!(!fields(&quant[..quant.len() - 6 - 4]).damaged);
    let comment = jpeg(&[(0xFE, b"a comment".to_vec())]);
    assert!(fields(&comment[..comment.len() - 6 - 4]).damaged); // the scan, then four bytes of the comment
}
