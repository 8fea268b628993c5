//! Which byte encoding RTF text is in.
//!
//! Bytes in RTF text (raw, or as `\'hh`) are in the code page of the current font: the font table
//! gives each font a character set (`\fcharset134` is GB2312/GBK) or a code page (`\cpg936`), and
//! the header gives the document's ANSI code page (`\ansicpg936`). Chinese Word writes both; some
//! generators give every font `\fcharset0` and rely on `\ansicpg936` alone, so a font whose charset
//! is ANSI (0) or DEFAULT (1) takes the document's code page.

use encoding_rs::Encoding;

/// The encoding of Windows code page `cp`; Windows-1252 for code pages encoding_rs lacks (the
/// DOS ones, 437 and 850, differ from it only in the high half, where RTF writers use `\u`).
pub(super) fn encoding(cp: u32) -> &'static Encoding {
    use encoding_rs::*;
    match cp {
        936 | 20936 | 54936 | 10008 => GB18030,
        950 | 10002 => BIG5,
        932 | 10001 => SHIFT_JIS,
        949 | 10003 => EUC_KR,
        874 => WINDOWS_874,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        866 => IBM866,
        10000 => MACINTOSH,
        65001 => UTF_8,
        _ => WINDOWS_1252,
    }
}

/// The code page of font character set `charset` (`\fcharsetN`), or `None` for ANSI and
/// DEFAULT, which mean the document's code page.
pub(super) fn of_charset(charset: i32) -> Option<u32> {
    Some(match charset {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}
