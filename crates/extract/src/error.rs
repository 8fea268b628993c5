use thiserror::Error;

/// Why a file could not be read. Each variant names the part and, where known, the place.
#[derive(Debug, Error)]
pub enum ExtractError {
    /// The container (ZIP) structure is broken.
    #[error("corrupt archive: {0}")]
    CorruptArchive(String),
    /// An XML part is malformed.
    #[error("malformed XML in {part} at byte {position}: {message}")]
    Xml { part: String, position: u64, message: String },
    /// A part the format requires is missing.
    #[error("missing part {0}")]
    MissingPart(String),
    /// A limit from [`Limits`](crate::Limits) was exceeded.
    #[error("limit exceeded: {0}")]
    Limit(String),
    /// The text could not be decoded in any supported encoding.
    #[error("undecodable text: {0}")]
    Encoding(String),
    /// The file is encrypted and cannot be read.
    #[error("encrypted: {0}")]
    Encrypted(String),
    /// Any other structural problem.
    #[error("{0}")]
    Malformed(String),
}
