//! Excel binary workbooks (XLSB): an OOXML package whose sheets and shared strings are BIFF12
//! records rather than XML. The records are not read yet, so the workbook is reported as unread,
//! needing review; what the package holds in XML (the document properties) is read, and embedded
//! files are inspected as members, as for XLSX.

use mijian_core::{CoverageNote, DocumentSink};
use mijian_core::{Unread, Unsupported};

use crate::zipread::Archive;
use crate::{ooxml, ExtractError, Limits};

/// Reads what an XLSB package holds in XML and notes the binary workbook as unread.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    sink.coverage(CoverageNote::unread("xl/workbook.bin", Unread::UnsupportedFormat(Unsupported::Xlsb)))?;
    ooxml::read_properties(&mut archive, limits, sink)?;
    ooxml::account_for_every_entry(&mut archive, sink)
}
