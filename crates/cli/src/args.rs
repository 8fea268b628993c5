//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// mijian (密检): stops protected material from being published.
///
/// Reads files (text, HTML, DOCX, XLSX, PPTX, OFD, PDF, DOC/WPS, ZIP) and says block, review or
/// pass for each, with every finding located precisely.
///
/// Six commands: `scan` judges files and directories; `extract` prints the text mijian reads;
/// `serve` runs the upload gateway for a CMS; `dict` checks or compiles dictionaries; `index`
/// registers protected documents so that excerpts of them are found; `bench` compares two rule
/// sets on a corpus.
#[derive(Parser, Debug)]
// `about` is spelled out: left bare, clap would take the crate's one-line description instead.
#[command(
    name = "mijian",
    version,
    about = "mijian (密检): stops protected material from being published. Six commands: scan, extract, serve, dict, index, bench.",
    long_about = None
)]
pub(crate) struct Cli {
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', global = true)]
    pub jobs: Option<usize>,
    /// Language of the messages for people: zh (default) or en. Default: LC_ALL, LC_MESSAGES, LANG,
    /// else zh. JSON fields and ids do not change with it.
    #[arg(long, global = true, value_name = "zh|en", value_parser = parse_lang)]
    pub lang: Option<mijian_core::Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Scan files and directories (recursively, hidden files too) and judge each file.
    Scan(ScanArgs),
    /// Print the text mijian reads from each file, part by part, before normalisation.
    Extract(ExtractArgs),
    /// Run the upload gateway: an HTTP pre-publication hook for a CMS (API, proxy mode, staff page).
    Serve(ServeArgs),
    /// Check dictionaries before rollout, or compile them for fast loading.
    #[command(subcommand)]
    Dict(DictArgs),
    /// Register protected documents in a fingerprint index (keyed, holds no text), so that
    /// `scan --index` and `serve --index` find excerpts of them.
    #[command(subcommand)]
    Index(IndexArgs),
    /// Compare two rule sets (old and new dictionaries) on the same corpus: speed, memory, findings.
    Bench(BenchArgs),
}

/// `mijian index`.
#[derive(Subcommand, Debug)]
pub(crate) enum IndexArgs {
    /// Make a new index key: 256 random bits in a file readable by its owner only. An existing
    /// file is never overwritten. Keep the key apart from the index (see the README).
    Key(IndexKeyArgs),
    /// Register protected documents (read like `scan` reads them); creates INDEX if absent.
    /// With --public, first learn fingerprints from documents known to be public: they are never
    /// evidence (and are dropped from documents registered already).
    Add(IndexAddArgs),
    /// Remove registered documents by label.
    Remove(IndexRemoveArgs),
    /// List the registered documents: label, level, size, characters, date. Never any text.
    List(IndexListArgs),
    /// Check an index: format, checksum, structure, and with --key that the key opens it.
    /// Exit 0 when sound, 2 otherwise.
    Check(IndexCheckArgs),
}

#[derive(Args, Debug)]
pub(crate) struct IndexKeyArgs {
    /// Where to write the key (a new file).
    #[arg(long, short = 'o', value_name = "KEYFILE")]
    pub output: PathBuf,
}

#[derive(Args, Debug)]
pub(crate) struct IndexAddArgs {
    /// The index (created if absent).
    #[arg(long, value_name = "INDEX")]
    pub index: PathBuf,
    /// The key (`mijian index key`).
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
    /// The level of the documents: 绝密, 机密, 秘密, 商密, 不予公开, 工作秘密, 内部 or 敏感.
    #[arg(long, value_name = "LEVEL", required_unless_present = "public", requires = "label", value_parser = parse_level)]
    pub level: Option<mijian_core::Class>,
    /// Their label: a register number, not a title (it is shown in findings and logs). Several
    /// files get LABEL#1, LABEL#2… in the order given.
    #[arg(long, value_name = "LABEL", requires = "level")]
    pub label: Option<String>,
    /// Documents known to be public (directories are walked); repeatable.
    #[arg(long, value_name = "DIR")]
    pub public: Vec<PathBuf>,
    /// New index only: k-gram length in content characters (default 10; see benches/README.md).
    #[arg(long, value_name = "K")]
    pub kgram: Option<u32>,
    /// New index only: winnowing window (default 24). Any shared run of k + window − 1 content
    /// characters is found.
    #[arg(long, value_name = "W")]
    pub window: Option<u32>,
    /// Protected documents to register.
    #[arg(value_name = "FILE", required_unless_present = "public", requires = "label")]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct IndexRemoveArgs {
    /// The index.
    #[arg(long, value_name = "INDEX")]
    pub index: PathBuf,
    /// Labels to remove (LABEL also removes LABEL#1, LABEL#2…).
    #[arg(required = true, value_name = "LABEL")]
    pub labels: Vec<String>,
}

#[derive(Args, Debug)]
pub(crate) struct IndexListArgs {
    /// The index.
    #[arg(long, value_name = "INDEX")]
    pub index: PathBuf,
    /// Output format (json: one object per document).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub(crate) struct IndexCheckArgs {
    /// The index.
    #[arg(long, value_name = "INDEX")]
    pub index: PathBuf,
    /// The key: also check that it opens the index.
    #[arg(long, value_name = "KEYFILE")]
    pub key: Option<PathBuf>,
}

/// `--index` and `--key` of `scan` and `serve`, and the excerpt policy.
#[derive(Args, Debug, Clone)]
pub(crate) struct IndexUse {
    /// Find excerpts of the documents registered in this index (`mijian index add`).
    #[arg(long, value_name = "INDEX", requires = "key")]
    pub index: Option<PathBuf>,
    /// The key of the index.
    #[arg(long, value_name = "KEYFILE", requires = "index")]
    pub key: Option<PathBuf>,
    /// Excerpt policy: a contiguous run of this many characters (normalised, whitespace not
    /// counted) is `block` at the registered level.
    #[arg(long, default_value_t = 50, value_name = "CHARS")]
    pub excerpt_block: u32,
    /// Excerpt policy: this percentage of a registered document found is `block`.
    #[arg(long, default_value_t = 20.0, value_name = "PERCENT")]
    pub excerpt_block_share: f64,
    /// Excerpt policy: a run this long, or runs adding up to --excerpt-block, is `review`.
    #[arg(long, default_value_t = 25, value_name = "CHARS")]
    pub excerpt_review: u32,
    /// Excerpt policy: this percentage of a registered document found is `review`.
    #[arg(long, default_value_t = 5.0, value_name = "PERCENT")]
    pub excerpt_review_share: f64,
}

/// Output formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// For people: verdicts, findings and context.
    Text,
    /// JSON Lines: one object per file (scan) or per segment (extract).
    Json,
}

/// When to colour the text output.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Color {
    /// When standard output is a terminal.
    Auto,
    Always,
    Never,
}

/// `--ocr`: whether pictures are read.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ocr {
    /// Pictures are noted as not read.
    Off,
    /// Read when the engine is installed.
    Auto,
    /// Read; an absent engine is an error.
    On,
}

impl Ocr {
    /// The OCR setting of the readers, finding the engine; an error under `on` without it.
    pub(crate) fn setting(self) -> Result<mijian_extract::Ocr, mijian_extract::EngineAbsent> {
        mijian_extract::Ocr::for_mode(match self {
            Ocr::Off => mijian_extract::OcrMode::Off,
            Ocr::Auto => mijian_extract::OcrMode::Auto,
            Ocr::On => mijian_extract::OcrMode::On,
        })
    }
}

/// Bounds on the work and memory the readers may spend on one file, past which the file is
/// `error` (fail closed, never read in part). The defaults are `mijian_extract::Limits`'.
#[derive(Args, Debug, Clone)]
pub(crate) struct ReadLimits {
    /// Most pages of one PDF.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_pdf_pages)]
    pub max_pdf_pages: u64,
    /// Most objects one PDF may declare or hold.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_pdf_objects)]
    pub max_pdf_objects: usize,
    /// Most content operations (PDF operators) run for one file, members included.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_operations)]
    pub max_operations: u64,
    /// Most content operations run for one PDF page.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_page_operations)]
    pub max_page_operations: u64,
    /// Most glyphs one PDF page may show.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_page_glyphs)]
    pub max_page_glyphs: usize,
    /// Most mappings of one kind in a PDF font's CMap.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_cmap_entries)]
    pub max_cmap_entries: usize,
    /// Most characters of text in one Word 97-2003 (.doc) document.
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().max_doc_chars)]
    pub max_doc_chars: usize,
    /// Most memory the text segments of one file (members included) may hold until they are
    /// matched, each counted as its text plus a fixed overhead (1G, 512M, a number of bytes).
    #[arg(long, value_name = "SIZE", value_parser = mijian_gateway::parse_size,
          default_value_t = mijian_extract::Limits::default().max_segment_bytes)]
    pub max_segment_bytes: u64,
    /// Most memory the segments of one file may hold per byte read (the file and what was
    /// decompressed from it; never less than 64 MiB).
    #[arg(long, value_name = "N", default_value_t = mijian_extract::Limits::default().segment_ratio)]
    pub segment_ratio: u64,
}

impl ReadLimits {
    /// `limits` with these bounds.
    pub(crate) fn apply(&self, limits: mijian_extract::Limits) -> mijian_extract::Limits {
        mijian_extract::Limits {
            max_pdf_pages: self.max_pdf_pages,
            max_pdf_objects: self.max_pdf_objects,
            max_operations: self.max_operations,
            max_page_operations: self.max_page_operations,
            max_page_glyphs: self.max_page_glyphs,
            max_cmap_entries: self.max_cmap_entries,
            max_doc_chars: self.max_doc_chars,
            max_segment_bytes: self.max_segment_bytes,
            segment_ratio: self.segment_ratio,
            ..limits
        }
    }
}

#[derive(Args, Debug)]
pub(crate) struct ScanArgs {
    /// A dictionary file (term<TAB>level<TAB>category per line); repeatable.
    #[arg(long = "dict", short = 'd', value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// A compiled rule set (`mijian dict compile`), instead of --dict and --no-default-rules.
    #[arg(long, value_name = "FILE.mjd", conflicts_with_all = ["dicts", "no_default_rules"])]
    pub rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Turn off the built-in markings, document-number rule and shipped dictionary.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Most review/info findings listed per file (all are counted and judged; markings and block
    /// findings are always listed). 0: no limit.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub max_findings: usize,
    /// Longest time one file (with everything nested in it) may take; past it, `error`. Off by
    /// default, so that results never depend on the machine's speed.
    #[arg(long, value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub file_timeout: Option<std::time::Duration>,
    /// Colour in the text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Also write the review record of this run (信息发布保密审查记录) to FILE: one printable HTML
    /// page with the files, their SHA-256, verdicts and findings, the rules, and lines to sign.
    #[arg(long, value_name = "FILE.html")]
    pub record: Option<PathBuf>,
    /// Put the matched text, with its context, in the review record (default: masked, e.g. 机*★*年).
    #[arg(long, requires = "record")]
    pub show_matched: bool,
    #[command(flatten)]
    pub index: IndexUse,
    #[command(flatten)]
    pub reading: ReadLimits,
    /// Read the text of pictures (image files, scanned PDF pages, pictures in documents) with
    /// Tesseract: auto = when it is installed (with chi_sim); on = it must be.
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    pub ocr: Ocr,
    /// Files and directories to scan.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct ExtractArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read the text of pictures with Tesseract (see `scan --ocr`).
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    pub ocr: Ocr,
    /// Files and directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// `mijian dict`.
#[derive(Subcommand, Debug)]
pub(crate) enum DictArgs {
    /// Check dictionaries as one rule set: syntax errors, duplicates (also after normalisation),
    /// shadowed entries, conflicting levels, too-short terms, risky patterns. Exit 1 on errors.
    Check(DictCheckArgs),
    /// Compile dictionaries (and the default rules) into one file that scan, serve and bench load
    /// in milliseconds.
    Compile(DictCompileArgs),
}

#[derive(Args, Debug)]
pub(crate) struct DictCheckArgs {
    /// Output format (json: one object with every issue).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Dictionary files, checked together.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct DictCompileArgs {
    /// Where to write the compiled rules.
    #[arg(long, short = 'o', value_name = "FILE.mjd")]
    pub output: PathBuf,
    /// Leave out the built-in markings, document-number rule and shipped dictionary.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Dictionary files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct BenchArgs {
    /// The rule set in use: a dictionary, or one compiled .mjd file; repeat `--dict` for more.
    /// Without it (comparing indexes only), the default rules.
    // One value per flag: with several, `--against NEW CORPUS` would swallow the corpus.
    #[arg(long = "dict", required_unless_present_any = ["index", "against_index"], value_name = "OLD")]
    pub old: Vec<PathBuf>,
    /// The rule set to roll out: a dictionary, or one compiled .mjd file; repeat `--against` for more.
    /// Without it, the same rules as the old side.
    #[arg(long = "against", value_name = "NEW")]
    pub new: Vec<PathBuf>,
    /// The index of registered documents in use (old side), opened with --key.
    #[arg(long, value_name = "INDEX", requires = "key")]
    pub index: Option<PathBuf>,
    /// The index to roll out (new side), opened with --against-key, else --key.
    #[arg(long, value_name = "INDEX")]
    pub against_index: Option<PathBuf>,
    /// The key of --index (and of --against-index unless --against-key is given).
    #[arg(long, value_name = "KEYFILE")]
    pub key: Option<PathBuf>,
    /// The key of --against-index.
    #[arg(long, value_name = "KEYFILE")]
    pub against_key: Option<PathBuf>,
    /// Documents known to be publishable: a flagged one is a false positive.
    #[arg(long, value_name = "DIR")]
    pub clean: Vec<PathBuf>,
    /// Documents known to be protected: one that passes is a missed detection.
    #[arg(long, value_name = "DIR")]
    pub marked: Vec<PathBuf>,
    /// Leave out the built-in markings, document-number rule and shipped dictionary (both sides).
    #[arg(long)]
    pub no_default_rules: bool,
    /// Show rule ids instead of dictionary terms in the findings difference.
    #[arg(long)]
    pub hide_terms: bool,
    /// Rows in the tables of new and lost findings (0: all).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Further files and directories (unlabelled).
    #[arg(value_name = "CORPUS")]
    pub corpus: Vec<PathBuf>,
}

/// What `review` does in proxy mode.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReviewAction {
    /// Refuse the upload (403) until a person has looked.
    Hold,
    /// Forward it to the CMS.
    Forward,
}

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    /// Address to listen on. Without --tokens only a loopback address is accepted.
    #[arg(long, default_value = "127.0.0.1:8700", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Read the text of pictures with Tesseract, within each scan's time and the worker pool:
    /// auto = when it is installed (with chi_sim); on = it must be.
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    pub ocr: Ocr,
    /// A dictionary file (term<TAB>level<TAB>category per line); repeatable. Reloaded on SIGHUP.
    #[arg(long = "dict", short = 'd', value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Turn off the built-in markings, document-number rule and shipped dictionary.
    #[arg(long)]
    pub no_default_rules: bool,
    #[command(flatten)]
    pub index: IndexUse,
    #[command(flatten)]
    pub reading: ReadLimits,
    /// Bearer tokens, one `name<TAB>token<TAB>role` per line (role: client, staff or admin).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Audit log: one JSON line per decision, appended and synced before the answer (`-`: stdout).
    #[arg(long, value_name = "FILE")]
    pub audit: Option<PathBuf>,
    /// Proxy mode: forward passing uploads to this CMS (http://host:port[/prefix]).
    #[arg(long, value_name = "URL")]
    pub upstream: Option<String>,
    /// Proxy mode: what to do with `review`.
    #[arg(long, value_enum, default_value_t = ReviewAction::Hold)]
    pub review: ReviewAction,
    /// Proxy mode: forward bodies of this content type (`type/sub` or `type/*`) after scanning
    /// their raw bytes, although mijian cannot read them as the CMS will; repeatable. Other
    /// unreadable types are refused (415).
    #[arg(long = "allow-type", value_name = "TYPE")]
    pub allow_types: Vec<String>,
    /// Answer the matched text unmasked to every client (default: masked, e.g. 机*★*年).
    #[arg(long)]
    pub show_matched: bool,
    /// Most review/info findings listed per file (all are counted and judged).
    #[arg(long, default_value_t = 1_000, value_name = "N")]
    pub max_findings: usize,
    /// Largest request body, i.e. largest upload (k, M, G suffixes).
    #[arg(long, default_value = "100M", value_parser = mijian_gateway::parse_size, value_name = "SIZE")]
    pub max_body: u64,
    /// Most bytes of request bodies held in memory at once; past it, 503 with Retry-After.
    #[arg(long, default_value = "1G", value_parser = mijian_gateway::parse_size, value_name = "SIZE")]
    pub max_buffered: u64,
    /// Most parts in a multipart body.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub max_parts: usize,
    /// Largest request head (request line and headers).
    #[arg(long, default_value = "64k", value_parser = mijian_gateway::parse_size, value_name = "SIZE")]
    pub max_header: u64,
    /// Time allowed to receive the request head.
    #[arg(long, default_value = "30s", value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub header_timeout: std::time::Duration,
    /// Time allowed to receive a whole body (slow clients are cut off).
    #[arg(long, default_value = "120s", value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub body_timeout: std::time::Duration,
    /// Longest silence while receiving a body.
    #[arg(long, default_value = "30s", value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub body_idle_timeout: std::time::Duration,
    /// Time allowed to scan the files of one request; past it, `error`.
    #[arg(long, default_value = "60s", value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub scan_timeout: std::time::Duration,
    /// Scans at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Uploads admitted at once (receiving, waiting or scanning); past it, 503 with Retry-After.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub queue: usize,
    /// Connections open at once.
    #[arg(long, default_value_t = 1024, value_name = "N")]
    pub max_connections: usize,
    /// Time given to requests in flight after SIGTERM.
    #[arg(long, default_value = "60s", value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub shutdown_timeout: std::time::Duration,
    /// Proxy mode: time allowed for the CMS to answer.
    #[arg(long, default_value = "120s", value_parser = mijian_gateway::parse_duration, value_name = "TIME")]
    pub upstream_timeout: std::time::Duration,
}

fn parse_level(s: &str) -> Result<mijian_core::Class, String> {
    s.parse().map_err(|_| format!("unknown level `{s}`"))
}

fn parse_lang(s: &str) -> Result<mijian_core::Lang, String> {
    mijian_core::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (zh or en)"))
}
