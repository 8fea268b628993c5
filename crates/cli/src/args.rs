//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// mijian (密检): stops protected material from being published.
///
/// Reads files (text, DOCX; more formats to come) and says block, review or pass for each, with
/// every finding located precisely.
#[derive(Parser, Debug)]
#[command(name = "mijian", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', global = true)]
    pub jobs: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Scan files and directories (recursively, hidden files too) and judge each file.
    Scan(ScanArgs),
    /// Print the text mijian reads from each file, part by part, before normalisation.
    Extract(ExtractArgs),
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

#[derive(Args, Debug)]
pub(crate) struct ScanArgs {
    /// A dictionary file (term<TAB>level<TAB>category per line); repeatable.
    #[arg(long = "dict", short = 'd', value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
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
    /// Colour in the text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Files and directories to scan.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct ExtractArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Files and directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}
