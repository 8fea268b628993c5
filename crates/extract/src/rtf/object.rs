//! Objects embedded in RTF (`{\object … {\*\objdata 0105000002000000…}}`): the hex in `\objdata`
//! is an OLE 1.0 object, whose native data is the embedded file itself (a workbook, a document as
//! an OLE compound file) or, for the "Package" class (a file dropped into Word), a packager record
//! holding the file's name and bytes. Either way the file is handed back as a member.
//!
//! Layout (MS-OLEDS 2.2.4 ObjectHeader and 2.2.5 EmbeddedObject): OLEVersion (u32),
//! FormatID (u32, 2 = embedded), ClassName, TopicName, ItemName (each a u32 length and that many
//! bytes), NativeDataSize (u32), NativeData. The packager record: a u16 signature, the label and
//! the source path (NUL-terminated), two u16s, the temporary path (u32 length and bytes), the data
//! size (u32) and the data.

/// An embedded object's file: its name where the object records one, and its bytes.
pub(super) struct Embedded {
    pub(super) name: Option<String>,
    pub(super) data: Vec<u8>,
}

/// Decodes `\objdata` contents: `hex` digits (whitespace ignored) followed by raw `\bin` bytes.
/// Unparseable object headers hand back the decoded bytes whole: the sniffer will decide.
pub(super) fn decode(hex: &str, raw: &[u8]) -> Embedded {
    let mut bytes = Vec::with_capacity(hex.len() / 2 + raw.len());
    let mut high: Option<u8> = None;
    for c in hex.bytes() {
        let Some(v) = (c as char).to_digit(16) else { continue };
        match high.take() {
            Some(h) => bytes.push(h << 4 | v as u8),
            None => high = Some(v as u8),
        }
    }
    bytes.extend_from_slice(raw);
    match native_data(&bytes) {
        Some((class, native)) if class.eq_ignore_ascii_case(b"Package") => match package(native) {
            Some((name, data)) => Embedded { name: Some(name), data: data.to_vec() },
            None => Embedded { name: None, data: native.to_vec() },
        },
        Some((_, native)) => Embedded { name: None, data: native.to_vec() },
        None => Embedded { name: None, data: bytes },
    }
}

/// The class name and native data of an OLE 1.0 embedded object.
fn native_data(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut r = Reader { bytes, at: 0 };
    r.u32()?; // OLEVersion
    if r.u32()? != 2 {
        return None;
    }
    let class = r.sized()?;
    r.sized()?; // TopicName
    r.sized()?; // ItemName
    let native = r.sized()?;
    Some((class.strip_suffix(&[0]).unwrap_or(class), native))
}

/// The file name (the label, or else the source path's last component) and the bytes of a
/// packager record.
fn package(bytes: &[u8]) -> Option<(String, &[u8])> {
    let mut r = Reader { bytes, at: 0 };
    r.take(2)?; // signature
    let label = r.c_string()?;
    let path = r.c_string()?;
    r.take(4)?; // two reserved u16s
    r.sized()?; // temporary path
    let data = r.sized()?;
    let label = String::from_utf8_lossy(label).into_owned();
    let name = if label.is_empty() {
        String::from_utf8_lossy(path).rsplit(['\\', '/']).next().unwrap_or_default().to_owned()
    } else {
        label
    };
    Some((name, data))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let got = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(got)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A u32 length and that many bytes.
    fn sized(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn c_string(&mut self) -> Option<&'a [u8]> {
        let rest = self.bytes.get(self.at..)?;
        let end = memchr::memchr(0, rest)?;
        self.at += end + 1;
        Some(&rest[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sized(b: &[u8]) -> Vec<u8> {
        let mut v = (b.len() as u32).to_le_bytes().to_vec();
        v.extend_from_slice(b);
        v
    }

    fn ole1(class: &[u8], native: &[u8]) -> Vec<u8> {
        let mut v = vec![1, 5, 0, 0, 2, 0, 0, 0];
        v.extend(sized(class));
        v.extend(sized(b""));
        v.extend(sized(b""));
        v.extend(sized(native));
        v
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().chunks(40).map(|c| c.concat() + "\r\n").collect()
    }

    #[test]
    fn a_packaged_file_keeps_its_name() {
        let mut pkg = vec![2, 0];
        pkg.extend_from_slice("通知.txt\0".as_bytes());
        pkg.extend_from_slice(b"C:\\tmp\\x.txt\0");
        pkg.extend_from_slice(&[0, 0, 3, 0]);
        pkg.extend(sized(b"C:\\tmp\\x.txt\0"));
        pkg.extend(sized("机密★1年".as_bytes()));
        let e = decode(&hex(&ole1(b"Package\0", &pkg)), b"");
        assert_eq!(e.name.as_deref(), Some("通知.txt"));
        assert_eq!(e.data, "机密★1年".as_bytes());
    }

    #[test]
    fn other_objects_hand_back_native_data_or_everything() {
        let e = decode(&hex(&ole1(b"Excel.Sheet.12\0", b"PK\x03\x04")), b"");
        assert_eq!((e.name, e.data), (None, b"PK\x03\x04".to_vec()));
        let e = decode("0102 03zz", b"\x04");
        assert_eq!(e.data, vec![1, 2, 3, 4]);
        let e = decode(&hex(&[1, 5, 0, 0, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]), b"");
        assert_eq!(e.data.len(), 12);
    }
}
