//! `polsearch index`: build or update an index, with a progress bar on a terminal, Ctrl-C
//! handling (nothing half-done is committed) and `--rebuild` (build beside, then swap).
//! Used by `search` too, to bring the default index up to date.

use super::{default_corpus, IndexArg, EXIT_MATCH, EXIT_NONE};
use anyhow::Context;
use polsearch::index::writer::{index, IndexOptions, IndexReport, Progress};
use polsearch::index::{IndexError, PolIndex};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders to index [default: corpus]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexArg,
    /// Parsing threads (0 = all cores)
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Memory budget of the index writer, in MB (at least 16)
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
    /// Print nothing but errors and skipped files (no progress bar, no summary)
    #[arg(long, short)]
    quiet: bool,
}

/// Runs an index pass and prints its one-line summary. Exit code: 0 every file indexed,
/// 1 some files skipped or catalog entries malformed (listed on stderr).
pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
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
        registry: a.registry,
        ..Default::default()
    };
    opts.validate()?;
    let report = if a.rebuild {
        rebuild(&index_path, &opts, a.quiet)?
    } else {
        run_index(&index_path, &opts, a.quiet)?
    };
    Ok(
        if report.skipped.is_empty() && report.catalog_errors.is_empty() {
            EXIT_MATCH
        } else {
            EXIT_NONE
        },
    )
}

/// True while an index run is going on (Ctrl-C then stops it cleanly instead of exiting).
static INDEXING: AtomicBool = AtomicBool::new(false);

/// The flag Ctrl-C sets. During an index run the first Ctrl-C asks the run to stop without
/// committing and a second one exits at once (still safe: an uncommitted run leaves the index
/// as it was); at any other time Ctrl-C exits at once, as it would without a handler.
fn interrupt_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let f = flag.clone();
        // Failing to install the handler only loses the clean message: a killed run is safe.
        let _ = ctrlc::set_handler(move || {
            if !INDEXING.load(Ordering::SeqCst) {
                std::process::exit(i32::from(super::EXIT_INTERRUPTED));
            }
            if f.swap(true, Ordering::SeqCst) {
                eprintln!("polsearch: {}", IndexError::Interrupted);
                std::process::exit(i32::from(super::EXIT_INTERRUPTED));
            }
        });
        flag
    })
    .clone()
}

/// Builds a fresh index beside the old one and swaps it in when complete, so an interrupted
/// rebuild leaves the old index in place. The old index stays locked meanwhile, so no other
/// indexer writes to it.
fn rebuild(index_path: &Path, opts: &IndexOptions, quiet: bool) -> anyhow::Result<IndexReport> {
    let _lock = if index_path.exists() {
        if !PolIndex::is_ours(index_path) {
            anyhow::bail!(
                "{}: not a polsearch index; refusing to replace it",
                index_path.display()
            );
        }
        Some(lock_existing(index_path)?)
    } else {
        None
    };
    let name = index_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let tmp = index_path.with_file_name(format!(".{name}.rebuild"));
    if tmp.exists() && PolIndex::is_ours(&tmp) {
        std::fs::remove_dir_all(&tmp).with_context(|| format!("removing {}", tmp.display()))?;
    }
    let report = index_into(&tmp, index_path, opts, quiet)?;
    if index_path.exists() && swap_dirs(&tmp, index_path) {
        // The old index now sits at `tmp`; a kill before this removal leaves it there, ours
        // to remove on the next rebuild.
        std::fs::remove_dir_all(&tmp).with_context(|| format!("removing {}", tmp.display()))?;
    } else if index_path.exists() {
        let old = index_path.with_file_name(format!(".{name}.old"));
        if old.exists() && PolIndex::is_ours(&old) {
            std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
        }
        std::fs::rename(index_path, &old)
            .with_context(|| format!("{}: moving the old index aside", index_path.display()))?;
        std::fs::rename(&tmp, index_path)
            .with_context(|| format!("{}: moving the new index in", index_path.display()))?;
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    } else {
        std::fs::rename(&tmp, index_path)
            .with_context(|| format!("{}: moving the new index in", index_path.display()))?;
    }
    Ok(report)
}

/// Exchanges two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`), so a kill
/// at any moment leaves one complete index at `b`. False when the system cannot (then the
/// caller renames in two steps).
fn swap_dirs(a: &Path, b: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let (Ok(a), Ok(b)) = (
            std::ffi::CString::new(a.as_os_str().as_bytes()),
            std::ffi::CString::new(b.as_os_str().as_bytes()),
        ) else {
            return false;
        };
        // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        rc == 0
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        false
    }
}

/// Takes tantivy's writer lock of an existing index (of any format version).
fn lock_existing(path: &Path) -> anyhow::Result<tantivy::directory::DirectoryLock> {
    use tantivy::directory::{error::LockError, Directory, MmapDirectory, INDEX_WRITER_LOCK};
    let dir = MmapDirectory::open(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot open index: {e}", path.display()))?;
    dir.acquire_lock(&INDEX_WRITER_LOCK).map_err(|e| match e {
        LockError::LockBusy => IndexError::Locked(path.to_path_buf()).into(),
        other => anyhow::anyhow!("{}: cannot lock index: {other}", path.display()),
    })
}

/// Indexes and prints the report (used by `search` when the default index is stale).
pub fn run_index(
    index_path: &Path,
    opts: &IndexOptions,
    quiet: bool,
) -> anyhow::Result<IndexReport> {
    index_into(index_path, index_path, opts, quiet)
}

/// Brings an index up to date before a search; when another indexer holds the lock, says so
/// and lets the search use the last committed state.
pub fn refresh(index_path: &Path, opts: &IndexOptions) -> anyhow::Result<()> {
    match run_index(index_path, opts, false) {
        Err(e)
            if e.chain()
                .any(|c| matches!(c.downcast_ref::<IndexError>(), Some(IndexError::Locked(_)))) =>
        {
            eprintln!(
                "polsearch: {} is being indexed by another process; searching its last committed state",
                index_path.display()
            );
            Ok(())
        }
        other => other.map(|_| ()),
    }
}

/// Indexes into `index_path`, naming it `shown_as` in messages (a rebuild writes beside the
/// index it replaces).
fn index_into(
    index_path: &Path,
    shown_as: &Path,
    opts: &IndexOptions,
    quiet: bool,
) -> anyhow::Result<IndexReport> {
    for root in &opts.roots {
        if !root.exists() && root.symlink_metadata().is_err() {
            anyhow::bail!("{}: no such file or folder", root.display());
        }
    }
    opts.validate()?;
    let pol = PolIndex::open_or_create(index_path)?;
    let opts = IndexOptions {
        interrupt: Some(interrupt_flag()),
        ..opts.clone()
    };
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::with_draw_target(
            None,
            indicatif::ProgressDrawTarget::stderr_with_hz(8),
        );
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{bar:30}] {binary_bytes}/{binary_total_bytes} \
                 {binary_bytes_per_sec} ETA {eta} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        pb
    });
    let progress = |p: Progress| {
        if let Some(pb) = &bar {
            pb.set_length(p.bytes_total);
            pb.set_position(p.bytes_done);
            pb.set_message(format!("{}/{} files", p.files_done, p.files_total));
        }
    };
    INDEXING.store(true, Ordering::SeqCst);
    let result = index(&pol, &opts, &progress);
    INDEXING.store(false, Ordering::SeqCst);
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    let report = result.with_context(|| format!("indexing into {}", shown_as.display()))?;
    for e in &report.catalog_errors {
        eprintln!("polsearch: catalog: {e}");
    }
    for (path, why) in &report.skipped {
        eprintln!("polsearch: skipped {path}: {why}");
    }
    for (path, what) in &report.warnings {
        eprintln!("polsearch: warning: {path}: {what}");
    }
    if !quiet {
        let errors = if report.catalog_errors.is_empty() {
            String::new()
        } else {
            format!(" ({} catalog errors)", report.catalog_errors.len())
        };
        eprintln!(
            "indexed {} documents into {}: {} added, {} updated, {} removed, {} unchanged, {} skipped{errors}; {} passages, {:.1} MB parsed in {:.2}s ({:.1} MB/s)",
            report.documents,
            shown_as.display(),
            report.added,
            report.updated,
            report.removed,
            report.unchanged,
            report.skipped.len(),
            report.passages,
            report.bytes as f64 / 1e6,
            report.seconds,
            report.mb_per_s()
        );
    }
    Ok(report)
}
