//! Reading a file from disk without trusting what the path turns out to be.
//!
//! A path found in a directory may name a FIFO (reading waits for a writer, forever), a device
//! (`/dev/zero` never ends), a file larger than the limit (a 2 GB sparse file costs nothing on
//! disk), or a file that grows or shrinks while it is read. So the file is opened without
//! blocking, checked to be a regular file *on the opened handle* (no window for the path to be
//! swapped in between), and read to at most one byte past the limit, whatever its size said.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a path was not read.
#[derive(Debug)]
pub enum ReadFailure {
    /// Not a regular file: a FIFO, a socket, a device… It has no content to inspect.
    NotAFile(&'static str),
    /// Larger than the limit (`seen` is at least the limit plus one).
    TooLarge { limit: u64, seen: u64 },
    /// The system refused (permission, I/O error…).
    Io(std::io::Error),
}

impl ReadFailure {
    /// The failure for people, in `lang` (English: as [`Display`](std::fmt::Display) writes it).
    pub fn text(&self, lang: mijian_core::Lang) -> String {
        match (self, lang) {
            (_, mijian_core::Lang::En) => self.to_string(),
            (ReadFailure::NotAFile(kind), _) => format!("不是普通文件（{}）：未读取", special_kind_text(kind)),
            (ReadFailure::TooLarge { limit, seen }, _) => {
                format!("超出限制：文件大小（字节）超过上限 {limit}（停止时为 {seen}）")
            }
            (ReadFailure::Io(e), lang) => format!("无法读取：{}", lang.io_error(e)),
        }
    }
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::NotAFile(kind) => write!(f, "not a regular file ({kind}): not read"),
            ReadFailure::TooLarge { limit, seen } => {
                write!(f, "limit exceeded: file size in bytes over the limit of {limit} (stopped at {seen})")
            }
            ReadFailure::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl ReadFailure {
    /// The kind of failure: a file over the size limit is `limit`, anything else `unreadable`.
    pub fn kind(&self) -> mijian_core::ErrorKind {
        match self {
            ReadFailure::TooLarge { .. } => mijian_core::ErrorKind::Limit,
            ReadFailure::NotAFile(_) | ReadFailure::Io(_) => mijian_core::ErrorKind::Unreadable,
        }
    }
}

/// A [`special_kind`] in Chinese.
/// What [`special_kind`] says, in Chinese.
pub fn special_kind_text(kind: &str) -> &'static str {
    match kind {
        "a FIFO" => "命名管道",
        "a socket" => "套接字",
        "a block device" => "块设备",
        "a character device" => "字符设备",
        "a directory" => "目录",
        _ => "特殊文件",
    }
}

/// What a non-regular file is, in words, or `None` for a regular file.
pub fn special_kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    Some("not a file")
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFailure> {
    let (file, meta) = open_regular_file(path, limit)?;
    read_opened(file, &meta, limit)
}

/// The bytes of a file [`open_regular_file`] opened, at most `limit` of them.
pub(crate) fn read_opened(file: File, meta: &std::fs::Metadata, limit: u64) -> Result<Vec<u8>, ReadFailure> {
    // The size may have changed since: never more than one byte past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadFailure::TooLarge { limit, seen: bytes.len() as u64 });
    }
    Ok(bytes)
}

/// The regular file at `path`, opened, and what it said about itself (its size is at most
/// `limit` then; it may change as it is read).
pub(crate) fn open_regular_file(path: &Path, limit: u64) -> Result<(File, std::fs::Metadata), ReadFailure> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file: File = options.open(path).map_err(ReadFailure::Io)?;
    let meta = file.metadata().map_err(ReadFailure::Io)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadFailure::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(ReadFailure::TooLarge { limit, seen: meta.len() });
    }
    Ok((file, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_and_a_directory_is_not() {
        let dir = std::env::temp_dir().join(format!("mijian-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.txt");
        std::fs::write(&f, b"hello").unwrap();
        assert_eq!(read_regular_file(&f, 5).unwrap(), b"hello");
        assert!(matches!(read_regular_file(&f, 4), Err(ReadFailure::TooLarge { limit: 4, seen: 5 })));
        // Opening a directory read-only succeeds on Linux; the check on the handle refuses it.
        assert!(matches!(read_regular_file(&dir, 100), Err(ReadFailure::NotAFile("a directory"))));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        // /dev/zero would never end; it must be refused before the first byte.
        assert!(matches!(
            read_regular_file(Path::new("/dev/zero"), 10),
            Err(ReadFailure::NotAFile("a character device"))
        ));
    }

    #[test]
    fn failures_read_in_chinese_without_english_words() {
        let zh = mijian_core::Lang::Zh;
        assert_eq!(ReadFailure::NotAFile("a FIFO").text(zh), "不是普通文件（命名管道）：未读取");
        let missing = ReadFailure::Io(std::io::Error::from(std::io::ErrorKind::NotFound)).text(zh);
        assert!(missing.starts_with("无法读取：文件或目录不存在"), "{missing}");
        assert!(!missing.chars().any(|c| c.is_ascii_alphabetic()), "{missing}");
    }
}
