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
    /// Rebuild from scratch (needed after a format change); the old index answers queries
    /// until the new one is complete
    #[arg(long)]
    rebuild: bool,
    /// Registry of ministries and programs to extract facets with [default: the shipped data/registry.toml]
    #[arg(long, env = "POLSEARCH_REGISTRY")]
    registry: Option<PathBuf>,
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
        registry: a.registry,
        force: false,
    };
    let report = if a.rebuild {
        rebuild(&index_path, &opts, a.quiet)?
    } else {
        run_index(&index_path, &opts, a.quiet)?
    };
    Ok(if report.skipped.is_empty() {
        EXIT_MATCH
    } else {
        EXIT_NONE
    })
}

/// Builds a fresh index beside the old one and swaps it in when complete, so an interrupted
/// rebuild leaves the old index in place.
fn rebuild(index_path: &Path, opts: &IndexOptions, quiet: bool) -> anyhow::Result<IndexReport> {
    if index_path.exists() && !PolIndex::is_ours(index_path) {
        anyhow::bail!(
            "{}: not a polsearch index; refusing to replace it",
            index_path.display()
        );
    }
    let name = index_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let tmp = index_path.with_file_name(format!(".{name}.rebuild"));
    if tmp.exists() && PolIndex::is_ours(&tmp) {
        std::fs::remove_dir_all(&tmp).with_context(|| format!("removing {}", tmp.display()))?;
    }
    let report = run_index(&tmp, opts, quiet)?;
    if index_path.exists() {
        let old = index_path.with_file_name(format!(".{name}.old"));
        if old.exists() && PolIndex::is_ours(&old) {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(index_path, &old)
            .with_context(|| format!("moving {} aside", index_path.display()))?;
        std::fs::rename(&tmp, index_path)
            .with_context(|| format!("moving the new index to {}", index_path.display()))?;
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&tmp, index_path)?;
    }
    Ok(report)
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
