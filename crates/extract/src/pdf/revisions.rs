//! Text that only an earlier revision of the file holds.
//!
//! An *incremental update* appends changed objects and a new cross-reference section to the end
//! of a PDF; the old objects stay in the file, byte for byte. A paragraph deleted in an editor,
//! or a mark "removed" before publication, is often still there: lopdf (like every viewer)
//! follows only the newest cross-reference section and never shows it.
//!
//! Every revision ends with `%%EOF`, and the bytes up to an earlier `%%EOF` are a complete PDF
//! of that revision. So each earlier revision (the last [`MAX_EARLIER_REVISIONS`] of them) is
//! loaded and read like a file of its own, and any line of text that the current revision does
//! not have is reported as a [`Role::Other`] segment in part `earlier-revision`, with the page
//! and the revision number (1 is the oldest) in the field.
//!
//! Files attached in an earlier revision and removed since are still in the file too: each one
//! the current revision does not hold (byte for byte) is handed to the sink as a member named
//! `revision N/name`.
//!
//! A linearized file also has two `%%EOF` markers without being updated; its first "revision"
//! is a fragment whose text is part of the whole file, so it adds nothing. A revision that does
//! not load is skipped: the current revision was read, and that is what viewers show.

use std::collections::HashSet;

use mijian_core::{Collected, CoverageNote, DocumentSink, Flow, Location, Role, Segment};

use super::document::{self, Streams};
use crate::{ExtractError, Limits};

/// Most earlier revisions read (the most recent ones).
const MAX_EARLIER_REVISIONS: usize = 4;

/// Where earlier revisions end: the offsets just past each `%%EOF` but the last, when real
/// content follows it.
pub(super) fn earlier_ends(bytes: &[u8]) -> Vec<usize> {
    let eofs: Vec<usize> = memchr::memmem::find_iter(bytes, b"%%EOF").map(|p| p + 5).collect();
    let Some((&last, earlier)) = eofs.split_last() else {
        return Vec::new();
    };
    let mut out: Vec<usize> =
        earlier.iter().copied().filter(|&end| bytes[end..last].iter().any(|b| !b.is_ascii_whitespace())).collect();
    if out.len() > MAX_EARLIER_REVISIONS {
        out.drain(..out.len() - MAX_EARLIER_REVISIONS);
    }
    out
}

/// A sink that passes everything on and remembers every line of text and every member it saw.
pub(super) struct Recording<'a> {
    inner: &'a mut dyn DocumentSink,
    lines: HashSet<String>,
    members: HashSet<u64>,
}

/// What the current revision showed, for the earlier ones to be compared with.
pub(super) struct Seen {
    lines: HashSet<String>,
    /// Hashes of the members' bytes.
    members: HashSet<u64>,
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl<'a> Recording<'a> {
    pub(super) fn new(inner: &'a mut dyn DocumentSink) -> Self {
        Recording { inner, lines: HashSet::new(), members: HashSet::new() }
    }

    pub(super) fn into_seen(self) -> Seen {
        Seen { lines: self.lines, members: self.members }
    }
}

impl DocumentSink for Recording<'_> {
    fn segment(&mut self, segment: Segment) -> Flow {
        self.lines.extend(segment.text.lines().map(|l| l.trim().to_owned()));
        self.inner.segment(segment)
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.inner.coverage(note)
    }
    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow {
        self.members.insert(hash(&bytes));
        self.inner.member(name, bytes)
    }
}

/// Reads the revisions ending at `ends` and pushes the lines the current revision lacks.
pub(super) fn read_earlier(
    bytes: &[u8],
    ends: &[usize],
    limits: &Limits,
    current: &Seen,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    for (k, &end) in ends.iter().enumerate() {
        let revision = k + 1;
        let Ok(doc) = document::load(&bytes[..end], limits) else {
            continue;
        };
        let streams = Streams::new(limits);
        let mut collected = Collected::default();
        if super::read(&doc, &streams, &mut collected).is_err() {
            continue;
        }
        for segment in collected.segments {
            let lines: Vec<&str> =
                segment.text.lines().map(str::trim).filter(|l| !l.is_empty() && !current.lines.contains(*l)).collect();
            if lines.is_empty() {
                continue;
            }
            let mut location = Location::part("earlier-revision").with_field(format!("revision {revision}"));
            location.page = segment.location.page;
            sink.segment(Segment::new(location, Role::Other, lines.join("\n")))?;
        }
        for (name, bytes) in collected.members {
            if !current.members.contains(&hash(&bytes)) {
                sink.member(format!("revision {revision}/{name}"), bytes)?;
            }
        }
    }
    Ok(())
}
