//! `mijian index`: registering protected documents, and opening the index for `scan` and `serve`.

use crate::args::{Format, IndexAddArgs, IndexArgs, IndexCheckArgs, IndexListArgs, IndexRemoveArgs, IndexUse};
use crate::files::{expand, Item};
use crate::{text, EXIT_ERROR, EXIT_PASS};
use mijian_core::{Collected, Segment, Share};
use mijian_extract::{extract, sniff, Limits};
use mijian_index::{ExcerptPolicy, Index, IndexKey, IndexMatcher, Prepared, Registration};
use mijian_record::RulesVersion;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Documents read and fingerprinted at once by `index add`.
const BATCH: usize = 64;

pub(crate) fn run(args: &IndexArgs) -> i32 {
    let done = match args {
        IndexArgs::Key(a) => {
            IndexKey::generate().and_then(|k| k.write_new(&a.output)).map_err(|e| text::key_error(&e)).map(|()| {
                let path = a.output.display();
                eprintln!(
                    "{}",
                    match crate::lang() {
                        mijian_core::Lang::Zh =>
                            format!("mijian：新的索引密钥已写入 {path}（权限 0600）；请与索引分开保管"),
                        mijian_core::Lang::En => {
                            format!("mijian: wrote a new index key to {path} (mode 0600); keep it apart from the index")
                        }
                    }
                );
            })
        }
        IndexArgs::Add(a) => add(a),
        IndexArgs::Remove(a) => remove(a),
        IndexArgs::List(a) => list(a),
        IndexArgs::Check(a) => check(a),
    };
    match done {
        Ok(()) => EXIT_PASS,
        Err(e) => {
            eprintln!("{}", crate::text::error(e));
            EXIT_ERROR
        }
    }
}

/// The excerpt policy chosen on the command line.
pub(crate) fn policy(u: &IndexUse) -> Result<ExcerptPolicy, String> {
    let share = |pct: f64, name: &str| {
        if (0.0..=100.0).contains(&pct) {
            Ok(Share::from_basis_points((pct * 100.0).round() as u16))
        } else {
            Err(format!(
                "--{name}{}",
                text::t(" 须是 0 到 100 之间的百分数", " must be a percentage between 0 and 100")
            ))
        }
    };
    let p = ExcerptPolicy {
        block_chars: u.excerpt_block,
        block_share: share(u.excerpt_block_share, "excerpt-block-share")?,
        review_chars: u.excerpt_review,
        review_share: share(u.excerpt_review_share, "excerpt-review-share")?,
    };
    if p.review_chars > p.block_chars || p.review_share > p.block_share {
        return Err(text::t(
            "摘录的“需人工审核”门槛不得高于“不得发布”门槛",
            "the excerpt review floor must not be above the block threshold",
        )
        .into());
    }
    Ok(p)
}

/// Opens `--index` with `--key` for a scan, if given: a damaged index or a wrong key is an error.
/// The index is added to `version` (the rules it is part of) from the bytes loaded.
pub(crate) fn open(u: &IndexUse, version: &mut RulesVersion) -> Result<Option<Arc<IndexMatcher>>, String> {
    let (Some(index), Some(key)) = (&u.index, &u.key) else {
        return Ok(None);
    };
    let policy = policy(u)?;
    let key = IndexKey::load(key).map_err(|e| text::key_error(&e))?;
    let (loaded, file) = Index::open(index).map_err(|e| match e {
        mijian_index::IndexError::Io { source, .. } => crate::text::io_error(index.display(), &source),
        e => text::index_error(&e),
    })?;
    let name = index.file_name().map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    version.add_index_digest(&name, file.len, file.sha256, loaded.documents().len());
    let matcher = IndexMatcher::new(loaded, &key, index, policy).map_err(|e| text::index_error(&e))?;
    Ok(Some(Arc::new(matcher)))
}

/// The segments of a file and of everything nested in it, read as `scan` reads them, and its size.
/// A file that cannot be read or parsed is an error naming it: nothing half-read is registered.
fn read_document(path: &Path) -> Result<(Vec<Segment>, u64), String> {
    let limits = Limits::default();
    let bytes = mijian_inspect::read_regular_file(path, limits.max_file_bytes)
        .map_err(|e| text::about_place(path.display(), e.text(crate::lang())))?;
    let size = bytes.len() as u64;
    let limits = limits.for_file(size);
    let mut segments = Vec::new();
    let mut pending = vec![(path.display().to_string(), bytes, 0usize)];
    while let Some((name, bytes, depth)) = pending.pop() {
        let mut sink = Collected::default();
        extract(&bytes, sniff(&bytes), &limits, &mut sink)
            .map_err(|e| text::about_place(&name, e.text(crate::lang())))?;
        for note in sink.coverage.iter().filter(|n| n.needs_review) {
            let why = note.reason.as_ref().map(|r| r.text(crate::lang())).unwrap_or_default();
            eprintln!(
                "{}",
                crate::text::error(format!(
                    "{}{name}: {}: {why}",
                    crate::text::t("警告：未读取 ", "warning: not read: "),
                    note.part
                ))
            );
        }
        segments.extend(sink.segments);
        if depth < limits.max_nesting {
            for (member, b) in sink.members.into_iter().rev() {
                pending.push((format!("{name}!{member}"), b, depth + 1));
            }
        }
    }
    Ok((segments, size))
}

fn files_of(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for item in expand(paths) {
        match item {
            Item::File(p) => out.push(p),
            Item::Unreadable(p, why) => return Err(text::about_place(p.display(), why)),
            Item::Skipped(p, why) => eprintln!("{}", crate::text::skipped(p.display(), why)),
        }
    }
    Ok(out)
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Registers (all or nothing: on any error the index file is left as it was).
fn add(a: &IndexAddArgs) -> Result<(), String> {
    let key = IndexKey::load(&a.key).map_err(|e| text::key_error(&e))?;
    let mut index = if a.index.exists() {
        if a.kgram.is_some() || a.window.is_some() {
            return Err(text::about_place(
                a.index.display(),
                text::t(
                    "索引已存在；--kgram 和 --window 只用于新建索引",
                    "exists; --kgram and --window only shape a new index",
                ),
            ));
        }
        let index = Index::load(&a.index).map_err(|e| text::index_error(&e))?;
        if !index.opens_with(&key) {
            return Err(text::index_error(&mijian_index::IndexError::WrongKey(a.index.clone())));
        }
        index
    } else {
        let k = a.kgram.unwrap_or(mijian_index::DEFAULT_K);
        let w = a.window.unwrap_or(mijian_index::DEFAULT_WINDOW);
        if !(4..=64).contains(&k) || !(1..=256).contains(&w) {
            return Err(text::t(
                "--kgram 须在 4 到 64 之间，--window 须在 1 到 256 之间",
                "--kgram must be 4 to 64 and --window 1 to 256",
            )
            .into());
        }
        Index::with_params(&key, k, w)
    };
    for file in files_of(&a.public)? {
        let (segments, _) = read_document(&file)?;
        let dropped = index.learn_public(&key, &a.index, &segments).map_err(|e| text::index_error(&e))?;
        if dropped > 0 {
            let file = file.display();
            eprintln!(
                "{}",
                match crate::lang() {
                    mijian_core::Lang::Zh => format!("mijian：{file}：公开文档；已从登记文档中去除 {dropped} 个指纹"),
                    mijian_core::Lang::En => {
                        format!("mijian: {file}: public; {dropped} fingerprints of registered documents dropped")
                    }
                }
            );
        }
    }
    let files = files_of(&a.files)?;
    if let (Some(label), Some(level)) = (&a.label, a.level) {
        // Read and fingerprinted in parallel, a batch at a time; inserted in the order given.
        for (b, batch) in files.chunks(BATCH).enumerate() {
            let prepared: Vec<Result<(Prepared, u64), String>> = batch
                .par_iter()
                .map(|file| {
                    let (segments, size) = read_document(file)?;
                    let p = index
                        .prepare(&key, &a.index, &segments)
                        .map_err(|e| text::about_place(file.display(), text::register_error(&e)))?;
                    Ok((p, size))
                })
                .collect();
            for (n, (file, p)) in batch.iter().zip(prepared).enumerate() {
                let (p, size) = p?;
                let n = b * BATCH + n;
                let label = if files.len() == 1 { label.clone() } else { format!("{label}#{}", n + 1) };
                let what = Registration { label: &label, level, size, added: now() };
                let added =
                    index.insert(what, p).map_err(|e| text::about_place(file.display(), text::register_error(&e)))?;
                if files.len() <= 20 {
                    let (chars, indexed, prints) = (added.chars, added.indexed, added.fingerprints);
                    eprintln!(
                        "{}",
                        match crate::lang() {
                            mijian_core::Lang::Zh => format!(
                                "mijian：已登记 {label}（{level}）：{chars} 字，其中 {indexed} 字不属于公文格式套语，{prints} 个指纹"
                            ),
                            mijian_core::Lang::En => format!(
                                "mijian: registered {label} ({level}): {chars} characters, {indexed} outside boilerplate, {prints} fingerprints"
                            ),
                        }
                    );
                }
            }
        }
    }
    index.save(&a.index).map_err(|e| text::index_error(&e))?;
    let (path, docs, prints, public) =
        (a.index.display(), index.documents().len(), index.fingerprints(), index.public_fingerprints());
    eprintln!(
        "{}",
        match crate::lang() {
            mijian_core::Lang::Zh => format!("mijian：{path}：{docs} 个文档，{prints} 个指纹，{public} 个公开指纹"),
            mijian_core::Lang::En => {
                format!("mijian: {path}: {docs} documents, {prints} fingerprints, {public} public fingerprints")
            }
        }
    );
    Ok(())
}

fn remove(a: &IndexRemoveArgs) -> Result<(), String> {
    let mut index = Index::load(&a.index).map_err(|e| text::index_error(&e))?;
    for label in &a.labels {
        let mut removed = index.remove(label);
        let numbered: Vec<String> = index
            .documents()
            .iter()
            .filter(|d| d.label.strip_prefix(label.as_str()).is_some_and(|rest| rest.starts_with('#')))
            .map(|d| d.label.clone())
            .collect();
        for l in numbered {
            removed += index.remove(&l);
        }
        if removed == 0 {
            return Err(match crate::lang() {
                mijian_core::Lang::Zh => format!("{}：没有标签为 `{label}` 的文档；未删除任何文档", a.index.display()),
                mijian_core::Lang::En => {
                    format!("{}: no document labelled `{label}`; nothing removed", a.index.display())
                }
            });
        }
        eprintln!(
            "{}",
            match crate::lang() {
                mijian_core::Lang::Zh => format!("mijian：已删除 {label}（{removed} 个文档）"),
                mijian_core::Lang::En => {
                    format!("mijian: removed {label} ({removed} document{})", if removed == 1 { "" } else { "s" })
                }
            }
        );
    }
    index.save(&a.index).map_err(|e| text::index_error(&e))
}

#[derive(serde::Serialize)]
struct Listed<'a> {
    label: &'a str,
    level: mijian_core::Class,
    size: u64,
    chars: u32,
    indexed_chars: u32,
    added: String,
}

fn list(a: &IndexListArgs) -> Result<(), String> {
    let index = Index::load(&a.index).map_err(|e| text::index_error(&e))?;
    let rows: Vec<Listed> = index
        .documents()
        .iter()
        .map(|d| Listed {
            label: &d.label,
            level: d.level,
            size: d.size,
            chars: d.chars,
            indexed_chars: d.indexed,
            added: utc(d.added),
        })
        .collect();
    match a.format {
        Format::Json => {
            for r in &rows {
                println!("{}", serde_json::to_string(r).map_err(|e| e.to_string())?);
            }
        }
        Format::Text => {
            let t = crate::text::t;
            println!(
                "{:<24} {:<8} {:>12} {:>10} {:>10}  {}",
                t("标签", "label"),
                t("密级", "level"),
                t("字节", "bytes"),
                t("字数", "chars"),
                t("计入字数", "indexed"),
                t("登记时间（UTC）", "added (UTC)")
            );
            for r in &rows {
                println!(
                    "{:<24} {:<8} {:>12} {:>10} {:>10}  {}",
                    r.label,
                    r.level.as_str(),
                    r.size,
                    r.chars,
                    r.indexed_chars,
                    r.added
                );
            }
            let (docs, prints) = (rows.len(), index.fingerprints());
            eprintln!(
                "{}",
                match crate::lang() {
                    mijian_core::Lang::Zh => format!("mijian：{docs} 个文档，{prints} 个指纹"),
                    mijian_core::Lang::En => format!("mijian: {docs} documents, {prints} fingerprints"),
                }
            );
        }
    }
    Ok(())
}

fn check(a: &IndexCheckArgs) -> Result<(), String> {
    let index = Index::load(&a.index).map_err(|e| text::index_error(&e))?;
    if let Some(key) = &a.key {
        let key = IndexKey::load(key).map_err(|e| text::key_error(&e))?;
        if !index.opens_with(&key) {
            return Err(text::index_error(&mijian_index::IndexError::WrongKey(a.index.clone())));
        }
    }
    let (k, w) = index.params();
    let (path, docs, prints, public, run) = (
        a.index.display(),
        index.documents().len(),
        index.fingerprints(),
        index.public_fingerprints(),
        index.guarantee(),
    );
    match crate::lang() {
        mijian_core::Lang::Zh => println!(
            "{path}：完好：{docs} 个文档，{prints} 个指纹，{public} 个公开指纹，k={k}，窗口={w}（任何连续相同的 {run} 个字都能发现）{}",
            if a.key.is_some() { "，密钥可以打开它" } else { "" }
        ),
        mijian_core::Lang::En => println!(
            "{path}: sound: {docs} documents, {prints} fingerprints, {public} public fingerprints, k={k}, window={w} (any shared run of {run} characters is found){}",
            if a.key.is_some() { ", the key opens it" } else { "" }
        ),
    }
    Ok(())
}

/// `2024-03-01 08:30` from Unix seconds (UTC).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (h, m) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(super::utc(0), "1970-01-01 00:00");
        assert_eq!(super::utc(1_709_282_000), "2024-03-01 08:33");
        assert_eq!(super::utc(951_782_400), "2000-02-29 00:00");
    }
}
