//! `polsearch check`: compares the index with the corpus (missing, stale, orphaned; files
//! that would be skipped) without changing anything. Exit 0 in sync, 1 out of sync.

use super::{default_corpus, IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::check::check;
use polsearch::index::writer::IndexOptions;
use polsearch::index::PolIndex;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders the index was built from [default: corpus]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexArg,
    /// Threads for reading and hashing (0 = all cores)
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Registry the index should have been built with [default: the shipped one]
    #[arg(long, env = "POLSEARCH_REGISTRY")]
    registry: Option<PathBuf>,
    /// Print JSON (schema polsearch.check.v1)
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let roots = if a.paths.is_empty() {
        vec![default_corpus()]
    } else {
        a.paths
    };
    for root in &roots {
        if !root.exists() && root.symlink_metadata().is_err() {
            anyhow::bail!("{}: no such file or folder", root.display());
        }
    }
    let pol = PolIndex::open(&index_path)?;
    let opts = IndexOptions {
        roots,
        threads: a.threads,
        registry: a.registry,
        ..Default::default()
    };
    let r = check(&pol, &opts)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        serde_json::to_writer(&mut out, &polsearch::wire::CheckOutput::from(r.clone()))?;
        writeln!(out)?;
    } else {
        for e in &r.catalog_errors {
            writeln!(out, "catalog   {e}")?;
        }
        for p in &r.missing {
            writeln!(out, "missing   {p}: not indexed")?;
        }
        for (p, why) in &r.stale {
            writeln!(out, "stale     {p}: {why}")?;
        }
        for (p, id) in &r.orphaned {
            writeln!(out, "orphaned  {p}: file gone (indexed as {id})")?;
        }
        for (p, why) in &r.skipped {
            writeln!(out, "skipped   {p}: {why}")?;
        }
        writeln!(
            out,
            "{}: {} up to date, {} missing, {} stale, {} orphaned, {} skipped{}",
            if r.in_sync() {
                "in sync"
            } else {
                "out of sync (run `polsearch index`)"
            },
            r.up_to_date,
            r.missing.len(),
            r.stale.len(),
            r.orphaned.len(),
            r.skipped.len(),
            if r.registry_changed {
                "; the index was built with another registry"
            } else {
                ""
            }
        )?;
    }
    out.flush()?;
    Ok(if r.in_sync() { EXIT_MATCH } else { EXIT_NONE })
}
