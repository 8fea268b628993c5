//! Expanding the command line's paths into files.

use std::path::{Path, PathBuf};

/// A file to inspect, or a path that could not be walked.
pub(crate) enum Item {
    File(PathBuf),
    Unreadable(PathBuf, String),
}

/// Every file under `paths`, recursively: hidden files included, no ignore files honoured,
/// symbolic links followed (walkdir stops at loops and reports them).
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Item> {
    let mut out = Vec::new();
    for p in paths {
        if !p.exists() {
            out.push(Item::Unreadable(p.clone(), "no such file or directory".into()));
            continue;
        }
        for entry in walkdir::WalkDir::new(p).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => out.push(Item::File(e.into_path())),
                Err(err) => {
                    let path = err.path().map_or_else(|| p.clone(), Path::to_path_buf);
                    out.push(Item::Unreadable(path, err.to_string()));
                }
            }
        }
    }
    out
}
