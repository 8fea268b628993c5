//! RAR archives: no library under a free licence decodes RAR (its decompression code is under
//! the unRAR licence, which forbids using it to write a RAR compressor and is not open source),
//! so a RAR file is not read. It is reported as unread, needing review, with that reason: a
//! person must unpack it and submit the contents.

use mijian_core::{CoverageNote, DocumentSink, Unread, Unsupported};

use crate::{ExtractError, Limits};

/// Notes the RAR archive as unread, needing review.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    sink.coverage(CoverageNote::unread("(archive)", Unread::UnsupportedFormat(Unsupported::Rar)));
    Ok(())
}
