//! Audio and video files built by hand, byte by byte, the way their writers lay them out.

use mijian_core::{Collected, CoverageNote, Role, Unread};

use super::*;
use crate::{sniff, Format};

fn read(bytes: &[u8]) -> Found {
    properties(bytes, &Limits::default()).unwrap()
}

fn fields(found: &Found) -> Vec<(&str, &str)> {
    found.fields.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect()
}

fn syncsafe(n: usize) -> [u8; 4] {
    [(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F]
}

/// An ID3v2 tag of `version` with `flags` around `body` (frames, and an extended header if any).
fn id3(version: u8, flags: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![b'I', b'D', b'3', version, 0, flags];
    out.extend_from_slice(&syncsafe(body.len()));
    out.extend_from_slice(body);
    out
}

/// A 2.3 frame (plain size) or a 2.4 frame (syncsafe size) with `flags`.
fn frame(version: u8, id: &str, flags: [u8; 2], data: &[u8]) -> Vec<u8> {
    let mut out = id.as_bytes().to_vec();
    if version == 4 {
        out.extend_from_slice(&syncsafe(data.len()));
    } else {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    }
    out.extend_from_slice(&flags);
    out.extend_from_slice(data);
    out
}

/// A 2.2 frame: a 3-letter id, a 24-bit size.
fn frame22(id: &str, data: &[u8]) -> Vec<u8> {
    let mut out = id.as_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u32).to_be_bytes()[1..]);
    out.extend_from_slice(data);
    out
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn id3v2_3_text_frames_in_every_encoding() {
    let body = cat(&[
        &frame(3, "TIT2", [0, 0], &cat(&[&[1], &utf16le_bom("机密★1年")])),
        &frame(3, "TPE1", [0, 0], &cat(&[&[0], &gbk("某某局办公室")])),
        &frame(3, "TALB", [0, 0], &cat(&[&[2], &utf16be("情况通报")])),
        &frame(3, "TCOM", [0, 0], &cat(&[&[3], "张三".as_bytes()])),
        &frame(3, "TXXX", [0, 0], &cat(&[&[3], "密级\0".as_bytes(), "秘密".as_bytes()])),
        &frame(
            3,
            "COMM",
            [0, 0],
            &cat(&[&[1], b"chi", &utf16le_bom("说明"), &[0, 0], &utf16le_bom("内部资料 注意保存")]),
        ),
        &frame(3, "USLT", [0, 0], &cat(&[&[3], b"chi", b"\0", "歌词第一行\n第二行".as_bytes()])),
        &frame(3, "WXXX", [0, 0], &cat(&[&[0], b"home\0", b"http://example.gov.cn/"])),
        &frame(3, "PRIV", [0, 0], b"owner\0\x01\x02"),
        &[0; 20], // padding
    ]);
    let found = read(&cat(&[&id3(3, 0, &body), &[0xFF, 0xFB, 0x90, 0x64]]));
    assert_eq!(
        fields(&found),
        [
            ("ID3 TIT2", "机密★1年"),
            ("ID3 TPE1", "某某局办公室"),
            ("ID3 TALB", "情况通报"),
            ("ID3 TCOM", "张三"),
            ("ID3 TXXX", "密级\n秘密"),
            ("ID3 COMM", "说明\n内部资料 注意保存"),
            ("ID3 USLT", "歌词第一行\n第二行"),
            ("ID3 WXXX", "home"),
            ("ID3 WXXX", "http://example.gov.cn/"),
        ]
    );
    assert!(!found.damaged);
}

#[test]
fn id3v2_4_syncsafe_sizes_multiple_values_and_itunes_plain_sizes() {
    // A 200-byte value: its syncsafe and plain sizes differ.
    let long = "甲".repeat(66);
    let body = cat(&[
        &frame(4, "TIT2", [0, 0], &cat(&[&[3], long.as_bytes(), b"\0", "绝密★启用前".as_bytes()])),
        &frame(4, "TPE1", [0, 0], &cat(&[&[3], "某某".as_bytes()])),
    ]);
    let found = read(&id3(4, 0, &body));
    assert_eq!(fields(&found), [("ID3 TIT2", format!("{long}\n绝密★启用前").as_str()), ("ID3 TPE1", "某某")]);
    // The same frames as iTunes wrote them: plain 32-bit sizes in a 2.4 tag.
    let itunes = cat(&[
        &frame(3, "TIT2", [0, 0], &cat(&[&[3], long.as_bytes()])),
        &frame(3, "TPE1", [0, 0], &cat(&[&[3], "某某".as_bytes()])),
    ]);
    let found = read(&id3(4, 0, &itunes));
    assert_eq!(fields(&found), [("ID3 TIT2", long.as_str()), ("ID3 TPE1", "某某")]);
    assert!(!found.damaged);
}

#[test]
fn id3v2_2_three_letter_frames() {
    let body = cat(&[
        &frame22("TT2", &cat(&[&[0], &gbk("机密★1年")])),
        &frame22("COM", &cat(&[&[0], b"chi", b"\0", &gbk("备注")])),
    ]);
    let found = read(&id3(2, 0, &body));
    assert_eq!(fields(&found), [("ID3 TT2", "机密★1年"), ("ID3 COM", "备注")]);
}

#[test]
fn unsynchronisation_is_undone_for_the_whole_tag_and_for_a_frame() {
    // A UTF-16 byte-order mark opens with 0xFF: unsynchronised, 0xFF 0x00 0xFE is written, so a
    // reader that does not undo it reads the title wrong and loses the next frame.
    let unsync =
        |b: &[u8]| b.iter().flat_map(|&x| if x == 0xFF { vec![0xFF, 0] } else { vec![x] }).collect::<Vec<u8>>();
    let title = frame(3, "TIT2", [0, 0], &cat(&[&[1], &utf16le_bom("机密★1年")]));
    let artist = frame(3, "TPE1", [0, 0], &cat(&[&[3], "某局".as_bytes()]));
    let found = read(&id3(3, 0x80, &unsync(&cat(&[&title, &artist]))));
    assert_eq!(fields(&found), [("ID3 TIT2", "机密★1年"), ("ID3 TPE1", "某局")]);
    assert!(!found.damaged);
    // 2.4: the frame's own flag (its size counts the unsynchronised bytes), and the tag's flag.
    let data = unsync(&cat(&[&[1], &utf16le_bom("秘密")]));
    let frames =
        cat(&[&frame(4, "TIT3", [0, 0x02], &data), &frame(4, "TPE1", [0, 0], &cat(&[&[3], "某局".as_bytes()]))]);
    assert_eq!(fields(&read(&id3(4, 0, &frames))), [("ID3 TIT3", "秘密"), ("ID3 TPE1", "某局")]);
    let found = read(&id3(4, 0x80, &frame(4, "TIT3", [0, 0], &data)));
    assert_eq!(fields(&found), [("ID3 TIT3", "秘密")]);
}

#[test]
fn an_extended_header_is_skipped() {
    let title = frame(3, "TIT2", [0, 0], &cat(&[&[3], "机密★1年".as_bytes()]));
    // 2.3: a size after itself (6), flags (2), padding size (4).
    let v23 = cat(&[&[0, 0, 0, 6, 0, 0, 0, 0, 0, 0], &title]);
    assert_eq!(fields(&read(&id3(3, 0x40, &v23))), [("ID3 TIT2", "机密★1年")]);
    // 2.4: a syncsafe size including itself (6), one flag byte count, flags.
    let title = frame(4, "TIT2", [0, 0], &cat(&[&[3], "机密★1年".as_bytes()]));
    let v24 = cat(&[&syncsafe(6), &[1, 0], &title]);
    assert_eq!(fields(&read(&id3(4, 0x40, &v24))), [("ID3 TIT2", "机密★1年")]);
    // An extended header longer than the tag: damage.
    assert!(read(&id3(3, 0x40, &[0, 0, 1, 0])).damaged);
}

#[test]
fn a_compressed_frame_is_inflated_and_an_encrypted_one_is_damage() {
    use std::io::Write;
    let data = cat(&[&[3], "机密★1年".as_bytes()]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&data).unwrap();
    let z = z.finish().unwrap();
    let compressed = cat(&[&(data.len() as u32).to_be_bytes(), &z]);
    let found = read(&id3(3, 0, &frame(3, "TIT2", [0, 0x80], &compressed)));
    assert_eq!(fields(&found), [("ID3 TIT2", "机密★1年")]);
    let found = read(&id3(3, 0, &frame(3, "TIT2", [0, 0x40], &cat(&[&[1], &data]))));
    assert!(found.fields.is_empty() && found.damaged);
}

#[test]
fn chapters_and_tables_of_contents_name_their_frames() {
    let title = |t: &str| frame(4, "TIT2", [0, 0], &cat(&[&[3], t.as_bytes()]));
    let chap = |id: &str, t: &str| frame(4, "CHAP", [0, 0], &cat(&[id.as_bytes(), b"\0", &[0; 16], &title(t)]));
    let ctoc = frame(4, "CTOC", [0, 0], &cat(&[b"toc\0", &[3, 2], b"c1\0c2\0", &title("目录")]));
    let body = cat(&[&ctoc, &chap("c1", "第一章 概述"), &chap("c2", "第二章 机密★1年")]);
    let found = read(&id3(4, 0, &body));
    assert_eq!(
        fields(&found),
        [("ID3 CTOC 1 TIT2", "目录"), ("ID3 CHAP 2 TIT2", "第一章 概述"), ("ID3 CHAP 3 TIT2", "第二章 机密★1年")]
    );
    // Chapters in chapters beyond the depth: damage, no recursion without end.
    let mut nested = title("深处");
    for _ in 0..10 {
        nested = frame(4, "CHAP", [0, 0], &cat(&[b"c\0", &[0; 16], &nested]));
    }
    let found = read(&id3(4, 0, &nested));
    assert!(found.damaged && found.fields.is_empty());
}

#[test]
fn synchronised_lyrics_pictures_and_objects() {
    let sylt = cat(&[
        &[3],
        b"chi",
        &[2, 1],
        b"\0",
        "第一句\0".as_bytes(),
        &[0, 0, 0, 1],
        "机密★1年\0".as_bytes(),
        &[0, 0, 0, 2],
    ]);
    let png = b"\x89PNG\r\n\x1a\nnot really";
    let apic = cat(&[&[3], b"image/png\0", &[3], "封面\0".as_bytes(), png]);
    let geob = cat(&[&[0], b"text/plain\0", b"a.txt\0", b"note\0", "秘密".as_bytes()]);
    let body =
        cat(&[&frame(3, "SYLT", [0, 0], &sylt), &frame(3, "APIC", [0, 0], &apic), &frame(3, "GEOB", [0, 0], &geob)]);
    let found = read(&id3(3, 0, &body));
    assert_eq!(
        fields(&found),
        [("ID3 SYLT", "第一句\n机密★1年"), ("ID3 APIC", "封面"), ("ID3 GEOB", "a.txt"), ("ID3 GEOB", "note")]
    );
    assert_eq!(found.pictures, [("ID3 APIC".to_owned(), png.to_vec())]);
    assert_eq!(found.objects, [("a.txt".to_owned(), "秘密".as_bytes().to_vec())]);
}

#[test]
fn id3v1_and_its_extension_at_the_end() {
    let mut v1 = b"TAG".to_vec();
    for (text, len) in
        [(gbk("机密★1年"), 30), (gbk("某局"), 30), (b"album".to_vec(), 30), (b"2024".to_vec(), 4), (gbk("注释"), 30)]
    {
        let mut field = text.clone();
        field.resize(len, 0);
        v1.extend_from_slice(&field);
    }
    v1.push(12);
    let mut plus = b"TAG+".to_vec();
    let mut long = gbk("很长的标题");
    long.resize(60, 0);
    plus.extend_from_slice(&long);
    plus.resize(227, 0);
    let audio = [0xFF, 0xFB, 0x90, 0x64].repeat(3);
    let found = read(&cat(&[&id3(3, 0, &[0; 10]), &audio, &plus, &v1]));
    assert_eq!(
        fields(&found),
        [
            ("ID3v1 title", "很长的标题"),
            ("ID3v1 title", "机密★1年"),
            ("ID3v1 artist", "某局"),
            ("ID3v1 album", "album"),
            ("ID3v1 year", "2024"),
            ("ID3v1 comment", "注释"),
        ]
    );
}

#[test]
fn a_frame_beyond_its_tag_or_a_tag_beyond_the_file_is_damage() {
    let good = frame(3, "TIT2", [0, 0], &cat(&[&[3], "标题".as_bytes()]));
    let mut bad = frame(3, "TPE1", [0, 0], b"\x03abc");
    bad[7] = 200; // Its size runs beyond the tag.
    let found = read(&id3(3, 0, &cat(&[&good, &bad])));
    assert_eq!(fields(&found), [("ID3 TIT2", "标题")]);
    assert!(found.damaged);
    // The file ends inside the tag.
    let whole = id3(3, 0, &cat(&[&good, &good]));
    let found = read(&whole[..whole.len() - 3]);
    assert!(found.damaged);
    assert_eq!(fields(&found), [("ID3 TIT2", "标题")]);
    // A frame id that is not one: damage.
    assert!(read(&id3(3, 0, b"ti t\0\0\0\x01\0\0x")).damaged);
}

/// An MP4 box.
fn atom(kind: &[u8], data: &[u8]) -> Vec<u8> {
    cat(&[&((data.len() + 8) as u32).to_be_bytes(), kind, data])
}

/// An iTunes `data` box of `kind` (1 UTF-8, 2 UTF-16BE, 13 JPEG…).
fn data(kind: u32, value: &[u8]) -> Vec<u8> {
    atom(b"data", &cat(&[&kind.to_be_bytes(), &[0; 4], value]))
}

fn mp4(moov: &[u8]) -> Vec<u8> {
    cat(&[&atom(b"ftyp", b"isom\0\0\x02\0isomiso2mp41"), &atom(b"mdat", &[0; 64]), &atom(b"moov", moov)])
}

#[test]
fn mp4_items_quicktime_atoms_chapters_and_track_names() {
    let ilst = atom(
        b"ilst",
        &cat(&[
            &atom(b"\xA9nam", &data(1, "培训视频".as_bytes())),
            &atom(b"\xA9cmt", &data(1, "绝密★启用前".as_bytes())),
            &atom(b"desc", &data(2, &utf16be("描述"))),
            &atom(b"\xA9lyr", &data(0, "歌词".as_bytes())),
            &atom(
                b"----",
                &cat(&[&atom(b"mean", b"\0\0\0\0com.apple.iTunes"), &atom(b"name", b"\0\0\0\0MJ"), &data(1, b"x")]),
            ),
            &atom(b"covr", &data(14, b"\x89PNG\r\n\x1a\n")),
            &atom(b"trkn", &data(0, &[0, 0, 0, 1, 0, 9, 0, 0])),
        ]),
    );
    let meta = atom(b"meta", &cat(&[&[0; 4], &atom(b"hdlr", &[0; 25]), &ilst]));
    let qt = atom(b"\xA9inf", &cat(&[&6u16.to_be_bytes(), &0x55C4u16.to_be_bytes(), "秘密".as_bytes()]));
    let chpl = atom(
        b"chpl",
        &cat(&[&[1, 0, 0, 0, 0, 0, 0, 0, 2], &[0; 8], &[6], "第一".as_bytes(), &[0; 8], &[6], "第二".as_bytes()]),
    );
    let titl = atom(b"titl", &cat(&[&[0; 4], &[0x15, 0xC7], "标题".as_bytes(), b"\0"]));
    let trak = atom(b"trak", &atom(b"udta", &atom(b"name", "画面".as_bytes())));
    let found =
        read(&mp4(&cat(&[&atom(b"mvhd", &[0; 100]), &trak, &atom(b"udta", &cat(&[&meta, &qt, &chpl, &titl]))])));
    assert_eq!(
        fields(&found),
        [
            ("QuickTime name", "画面"),
            ("MP4 ©nam", "培训视频"),
            ("MP4 ©cmt", "绝密★启用前"),
            ("MP4 desc", "描述"),
            ("MP4 ©lyr", "歌词"),
            ("MP4 ---- MJ", "x"),
            ("QuickTime ©inf", "秘密"),
            ("MP4 chpl", "第一"),
            ("MP4 chpl", "第二"),
            ("3GPP titl", "标题"),
        ]
    );
    assert_eq!(found.pictures, [("MP4 covr".to_owned(), b"\x89PNG\r\n\x1a\n".to_vec())]);
    assert!(!found.damaged);
}

#[test]
fn quicktime_metadata_items_are_named_by_their_keys() {
    let keys = atom(
        b"keys",
        &cat(&[
            &[0; 4],
            &2u32.to_be_bytes(),
            &atom(b"mdta", b"com.apple.quicktime.title"),
            &atom(b"mdta", b"com.apple.quicktime.comment"),
        ]),
    );
    let ilst = atom(b"ilst", &cat(&[&atom(&2u32.to_be_bytes(), &data(1, "机密★1年".as_bytes()))]));
    // QuickTime's meta: no version and flags, `hdlr` first.
    let meta = atom(b"meta", &cat(&[&atom(b"hdlr", &[0; 25]), &keys, &ilst]));
    let found = read(&mp4(&meta));
    assert_eq!(fields(&found), [("MP4 com.apple.quicktime.comment", "机密★1年")]);
}

#[test]
fn mp4_damage_is_a_cut_or_overlong_box_holding_properties() {
    let udta = atom(b"udta", &atom(b"\xA9nam", &cat(&[&4u16.to_be_bytes(), &[0, 0], b"abcd"])));
    let whole = mp4(&udta);
    assert!(!read(&whole).damaged);
    // A child running beyond moov.
    let mut bad = whole.clone();
    let at = bad.len() - udta.len();
    bad[at + 3] = 200;
    assert!(read(&bad).damaged);
    // Cut inside moov.
    assert!(read(&whole[..whole.len() - 2]).damaged);
    // Cut inside mdat, moov first (a "fast start" file): no property lost.
    let fast = cat(&[&atom(b"ftyp", b"isom\0\0\x02\0"), &atom(b"moov", &udta), &atom(b"mdat", &[0; 64])]);
    let found = read(&fast[..fast.len() - 10]);
    assert!(!found.damaged && found.fields.len() == 1);
    // Cut before moov: the properties are lost.
    let slow = mp4(&udta);
    assert!(read(&slow[..40]).damaged);
}

#[test]
fn a_million_tiny_boxes_end_at_the_limit() {
    let mut bytes = atom(b"ftyp", b"isom\0\0\x02\0");
    let free = atom(b"free", b"");
    bytes.extend(std::iter::repeat_n(free, 1_000_000).flatten());
    let err = properties(&bytes, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ExtractError::LimitExceeded { kind: LimitKind::Entries, limit, .. } if limit == MAX_STEPS as u64),
        "{err:?}"
    );
}

fn vorbis_comment(comments: &[&str]) -> Vec<u8> {
    let mut out = cat(&[&5u32.to_le_bytes(), b"libxx", &(comments.len() as u32).to_le_bytes()]);
    for c in comments {
        out.extend_from_slice(&(c.len() as u32).to_le_bytes());
        out.extend_from_slice(c.as_bytes());
    }
    out
}

#[test]
fn flac_vorbis_comments_and_pictures() {
    let comment = vorbis_comment(&["TITLE=机密★1年", "artist=某局", "METADATA_BLOCK_PICTURE=AAAA"]);
    let png = b"\x89PNG\r\n\x1a\n".to_vec();
    let picture = cat(&[
        &3u32.to_be_bytes(),
        &9u32.to_be_bytes(),
        b"image/png",
        &6u32.to_be_bytes(),
        "封面".as_bytes(),
        &[0; 16],
        &(png.len() as u32).to_be_bytes(),
        &png,
    ]);
    let block = |kind: u8, data: &[u8]| cat(&[&[kind], &(data.len() as u32).to_be_bytes()[1..], data]);
    let flac = cat(&[b"fLaC", &block(0, &[0; 34]), &block(4, &comment), &block(0x86, &picture), &[0xFF, 0xF8]]);
    let found = read(&flac);
    assert_eq!(fields(&found), [("Vorbis TITLE", "机密★1年"), ("Vorbis ARTIST", "某局"), ("FLAC PICTURE", "封面")]);
    assert_eq!(found.pictures, [("FLAC PICTURE".to_owned(), png)]);
    assert!(!found.damaged);
    // Cut in the comment block.
    assert!(read(&flac[..50]).damaged);
    // Behind an ID3v2 tag.
    let tagged = cat(&[&id3(3, 0, &[0; 10]), &flac]);
    assert_eq!(sniff(&tagged), Format::Media);
    assert_eq!(read(&tagged).fields.len(), 3);
}

/// Ogg pages of one stream carrying `packets` (each split into 255-byte segments).
fn ogg(serial: u32, packets: &[Vec<u8>], per_page: usize) -> Vec<u8> {
    let mut segments: Vec<Vec<u8>> = Vec::new();
    for p in packets {
        let mut chunks: Vec<Vec<u8>> = p.chunks(255).map(<[u8]>::to_vec).collect();
        if p.len() % 255 == 0 {
            chunks.push(Vec::new());
        }
        segments.extend(chunks);
    }
    let mut out = Vec::new();
    for (n, page) in segments.chunks(per_page).enumerate() {
        out.extend_from_slice(b"OggS\0");
        out.push(if n == 0 { 2 } else { 0 });
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&serial.to_le_bytes());
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.push(page.len() as u8);
        out.extend(page.iter().map(|s| s.len() as u8));
        out.extend(page.iter().flatten());
    }
    out
}

#[test]
fn ogg_comments_across_pages() {
    let long = format!("DESCRIPTION={}", "长".repeat(200));
    let comment = cat(&[b"\x03vorbis", &vorbis_comment(&["TITLE=绝密★启用前", &long]), &[1]]);
    let packets = [b"\x01vorbis identification".to_vec(), comment, b"\x05vorbis setup".to_vec(), vec![0; 10]];
    let file = ogg(7, &packets, 1);
    assert_eq!(sniff(&file), Format::Media);
    let found = read(&file);
    assert_eq!(found.fields[0], ("Vorbis TITLE".to_owned(), "绝密★启用前".to_owned()));
    assert_eq!(found.fields[1].1, "长".repeat(200));
    assert!(!found.damaged);
    let opus = ogg(9, &[b"OpusHead\x01".to_vec(), cat(&[b"OpusTags", &vorbis_comment(&["title=秘密"])])], 4);
    assert_eq!(fields(&read(&opus)), [("Vorbis TITLE", "秘密")]);
    // Cut before the comment packet ends.
    assert!(read(&file[..100]).damaged);
}

/// A RIFF chunk.
fn chunk(id: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = cat(&[id, &(data.len() as u32).to_le_bytes(), data]);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

#[test]
fn wav_and_avi_info_lists() {
    let info = chunk(
        b"LIST",
        &cat(&[b"INFO", &chunk(b"INAM", &cat(&[&gbk("机密★1年"), b"\0"])), &chunk(b"ICMT", "说明\0".as_bytes())]),
    );
    let mut bext = gbk("广播稿");
    bext.resize(320, 0);
    let wav = |tail: &[u8]| {
        let body = cat(&[b"WAVE", &chunk(b"fmt ", &[0; 16]), &chunk(b"bext", &bext), &info, tail]);
        cat(&[b"RIFF", &(body.len() as u32).to_le_bytes(), &body])
    };
    let file = wav(&chunk(b"data", &[0; 100]));
    assert_eq!(sniff(&file), Format::Media);
    let found = read(&file);
    assert_eq!(
        fields(&found),
        [("BWF bext Description", "广播稿"), ("RIFF INFO INAM", "机密★1年"), ("RIFF INFO ICMT", "说明")]
    );
    assert!(!found.damaged);
    // Cut in the sound: nothing lost; cut in the INFO list: damage.
    assert!(!read(&file[..file.len() - 50]).damaged);
    let early = wav(&[]);
    assert!(read(&early[..early.len() - 4]).damaged);
    // AVI: a stream name inside hdrl/strl, the movi list skipped.
    let strl = chunk(b"LIST", &cat(&[b"strl", &chunk(b"strh", &[0; 56]), &chunk(b"strn", "讲话视频\0".as_bytes())]));
    let hdrl = chunk(b"LIST", &cat(&[b"hdrl", &chunk(b"avih", &[0; 56]), &strl]));
    let body = cat(&[b"AVI ", &hdrl, &chunk(b"LIST", &cat(&[b"movi", &chunk(b"00dc", b"INAMxxxx")])), &info]);
    let avi = cat(&[b"RIFF", &(body.len() as u32).to_le_bytes(), &body]);
    assert_eq!(
        fields(&read(&avi)),
        [("AVI strn", "讲话视频"), ("RIFF INFO INAM", "机密★1年"), ("RIFF INFO ICMT", "说明")]
    );
}

#[test]
fn sniffing_tells_media_from_pictures_and_text() {
    assert_eq!(sniff(&id3(3, 0, &[0; 10])), Format::Media);
    assert_eq!(sniff(&mp4(&[])), Format::Media);
    assert_eq!(sniff(&atom(b"ftyp", b"heic\0\0\0\0mif1heic")), Format::Binary);
    // A bare MP3: two MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each).
    let mut frames = vec![0u8; 417 * 2];
    frames[..4].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
    frames[417..421].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
    assert_eq!(sniff(&frames), Format::Media);
    frames[417] = 0;
    assert_eq!(sniff(&frames), Format::Binary);
    // UTF-16LE text opens with FF FE: text, not audio.
    assert_eq!(sniff(&utf16le_bom("机密★1年，这是文字。")), Format::Text);
}

#[test]
fn no_cut_of_any_fixture_panics() {
    let title = frame(4, "TIT2", [0, 0x02], &cat(&[&[3], "机密".as_bytes(), &[0xFF, 0]]));
    let chap = frame(4, "CHAP", [0, 0], &cat(&[b"c\0", &[0; 16], &title]));
    let files = [
        id3(4, 0x80, &cat(&[&chap, &title])),
        mp4(&atom(b"udta", &cat(&[&atom(b"chpl", &[0, 0, 0, 0, 3, 1, 2]), &atom(b"\xA9nam", &[0, 9, 0, 0, 1])]))),
        ogg(1, &[b"\x01vorbis".to_vec(), cat(&[b"\x03vorbis", &vorbis_comment(&["A=b"])])], 1),
    ];
    for file in &files {
        for cut in 0..file.len() {
            let _ = properties(&file[..cut], &Limits::default()).unwrap();
        }
        for at in 0..file.len() {
            let mut flipped = file.clone();
            flipped[at] ^= 0xFF;
            let _ = properties(&flipped, &Limits::default());
        }
    }
}

#[test]
fn extract_pushes_properties_and_notes_what_it_plays_as_unread() {
    let body = frame(3, "TIT2", [0, 0], &cat(&[&[3], "机密★1年".as_bytes()]));
    let mut sink = Collected::default();
    crate::extract(&id3(3, 0, &body), Format::Media, &Limits::default(), &mut sink).unwrap();
    assert_eq!(sink.segments.len(), 1);
    let s = &sink.segments[0];
    assert_eq!((s.text.as_str(), s.role, s.location.part.as_str()), ("机密★1年", Role::Properties, "media"));
    assert_eq!(s.location.field.as_deref(), Some("ID3 TIT2"));
    assert_eq!(sink.coverage, [CoverageNote::unread("(file)", Unread::AudioVideo)]);
    assert!(Unread::AudioVideo.needs_review());
    // Damaged properties are noted too.
    let mut sink = Collected::default();
    let whole = id3(3, 0, &cat(&[&body, &body]));
    crate::extract(&whole[..whole.len() - 3], Format::Media, &Limits::default(), &mut sink).unwrap();
    assert!(sink.coverage.contains(&CoverageNote::unread("media properties", Unread::Damaged)), "{:?}", sink.coverage);
}
