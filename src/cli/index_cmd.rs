//! `polsearch index`: build or update an index.

use super::{default_corpus, default_index, EXIT_MATCH, EXIT_NONE};
use anyhow::Context;
use polsearch::index::writer::{index, IndexOptions, IndexReport};
use polsearch::index::PolIndex;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders to index [default: corpus]
    paths: Vec<PathBuf>,
    /// Index folder [default: index, or $POLSEARCH_INDEX]
    #[arg(long)]
    index: Option<PathBuf>,
    /// Parsing threads (0 = all cores)
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Memory budget of the index writer, in MB
    #[arg(long, default_value_t = 256)]
    memory: usize,
    /// Keep documents whose files are gone from the given paths
    #[arg(long)]
    keep_missing: bool,
    /// Print nothing but errors
    #[arg(long, short)]
    quiet: bool,
}

/// Runs an index pass and prints its one-line summary.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.unwrap_or_else(default_index);
    let roots = if a.paths.is_empty() {
        vec![default_corpus()]
    } else {
        a.paths
    };
    let opts = IndexOptions {
        roots,
        threads: a.threads,
        memory_mb: a.memory,
        keep_missing: a.keep_missing,
        allow_long_lines: false,
    };
    let report = run_index(&index_path, &opts, a.quiet)?;
    Ok(if report.skipped.is_empty() {
        EXIT_MATCH
    } else {
        EXIT_NONE
    })
}

/// Indexes and prints the report (used by `search` when the default index is stale).
pub fn run_index(
    index_path: &Path,
    opts: &IndexOptions,
    quiet: bool,
) -> anyhow::Result<IndexReport> {
    for root in &opts.roots {
        if !root.exists() {
            anyhow::bail!("{}: no such file or folder", root.display());
        }
    }
    let pol = PolIndex::open_or_create(index_path)?;
    let report = index(&pol, opts, &|_, _| {})
        .with_context(|| format!("indexing into {}", index_path.display()))?;
    for e in &report.catalog_errors {
        eprintln!("polsearch: catalog: {e}");
    }
    for (path, why) in &report.skipped {
        eprintln!("polsearch: skipped {path}: {why}");
    }
    if !quiet {
        eprintln!(
            "indexed {} documents into {}: {} added, {} updated, {} removed, {} unchanged, {} skipped; {} passages in {:.2}s ({:.1} MB/s)",
            report.documents,
            index_path.display(),
            report.added,
            report.updated,
            report.removed,
            report.unchanged,
            report.skipped.len(),
            report.passages,
            report.seconds,
            report.mb_per_s()
        );
    }
    Ok(report)
}
