//! Expanding the command line's paths into files.

use std::path::{Path, PathBuf};

use mijian_inspect::{special_kind, special_kind_text};

/// A file to inspect, a path that could not be walked, or one passed over with a reason.
pub(crate) enum Item {
    File(PathBuf),
    Unreadable(PathBuf, String),
    /// Found while walking a directory but holding no content to inspect: a FIFO, a socket, a
    /// device (reading them could wait or run forever), a symbolic link that loops. Said on
    /// stderr, never silently dropped; not an error, as there is nothing to publish in it.
    Skipped(PathBuf, String),
}

/// Every file under `paths`, recursively: hidden files included, no ignore files honoured,
/// symbolic links followed (walkdir stops at loops and reports them).
///
/// A path named on the command line is always inspected as given: if it is a FIFO or a device,
/// its inspection is an `error` (the user asked for it and it was not read).
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Item> {
    let mut out = Vec::new();
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            out.push(Item::Unreadable(
                p.clone(),
                crate::text::t("文件或目录不存在", "no such file or directory").into(),
            ));
            continue;
        }
        for entry in walkdir::WalkDir::new(p).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if e.depth() > 0 && !e.file_type().is_file() => {
                    let why = match special_kind(&e.file_type()) {
                        Some(kind) => crate::text::t(special_kind_text(kind), kind),
                        None => crate::text::t("不是普通文件", "not a regular file"),
                    };
                    out.push(Item::Skipped(
                        e.into_path(),
                        format!("{why}{}", crate::text::t("：未读取", ": not read")),
                    ));
                }
                Ok(e) => out.push(Item::File(e.into_path())),
                Err(err) => {
                    let path = err.path().map_or_else(|| p.clone(), Path::to_path_buf);
                    if let Some(ancestor) = err.loop_ancestor() {
                        let why = match crate::lang() {
                            mijian_core::Lang::Zh => format!("符号链接循环回到 {}：不再跟随", ancestor.display()),
                            mijian_core::Lang::En => {
                                format!("symbolic link loop back to {}: not followed again", ancestor.display())
                            }
                        };
                        out.push(Item::Skipped(path, why));
                    } else if err.depth() > 0 && is_link_loop(&err) {
                        out.push(Item::Skipped(
                            path,
                            crate::text::t("循环的符号链接：未读取", "symbolic link that loops: not read").into(),
                        ));
                    } else {
                        // The system's reason in this run's language (walkdir's own text is English).
                        let why = err.io_error().map_or_else(|| err.to_string(), |io| crate::lang().io_error(io));
                        out.push(Item::Unreadable(path, why));
                    }
                }
            }
        }
    }
    out
}

/// A link whose resolution loops (`a -> b -> a`): the system says ELOOP.
fn is_link_loop(err: &walkdir::Error) -> bool {
    #[cfg(unix)]
    {
        err.io_error().and_then(std::io::Error::raw_os_error) == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}
