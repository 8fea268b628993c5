/// Bounds on what a reader will do with one file, so that a hostile file gets an error instead
/// of exhausting memory or time.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of decompressed bytes read from one archive (all parts together).
    pub max_decompressed_bytes: u64,
    /// Largest single decompressed part.
    pub max_part_bytes: u64,
    /// Most entries an archive may list.
    pub max_entries: usize,
    /// Deepest XML element nesting.
    pub max_xml_depth: usize,
    /// Deepest nesting of containers (a DOCX inside a ZIP inside a ZIP…).
    pub max_nesting: usize,
    /// Largest compression ratio of one archive entry (decompressed / compressed), a zip-bomb guard.
    pub max_ratio: u64,
}

impl Limits {
    /// Refuses a file of `len` bytes if it is over `max_file_bytes`.
    pub(crate) fn check_file_size(&self, len: usize) -> Result<(), crate::ExtractError> {
        if len as u64 > self.max_file_bytes {
            return Err(crate::ExtractError::Limit(format!(
                "file of {len} bytes is larger than the limit of {} bytes",
                self.max_file_bytes
            )));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_decompressed_bytes: 1 << 30,
            max_part_bytes: 512 << 20,
            max_entries: 20_000,
            max_xml_depth: 256,
            max_nesting: 4,
            max_ratio: 1_000,
        }
    }
}
