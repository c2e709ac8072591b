//! Verifying an index against its corpus without changing either: which files are not
//! indexed (missing), which changed since they were indexed (stale), which indexed documents
//! lost their files (orphaned), and which files `index` would skip.
//!
//! Depends on [`super::writer`] (the same survey and comparison the indexer uses, so `check`
//! reports exactly what the next `index` run would do) and [`super`].

use super::writer::{document_from_bytes, staleness, survey, IndexOptions, StaleWhy};
use super::{IndexError, PolIndex};
use crate::corpus::SkipReason;
use rayon::prelude::*;

/// What `check` found.
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct CheckReport {
    /// Documents whose files are unchanged.
    pub up_to_date: usize,
    /// Files not in the index that `index` would add.
    pub missing: Vec<String>,
    /// Indexed documents whose file or catalog entry changed: path and why.
    pub stale: Vec<(String, String)>,
    /// Indexed documents whose files are gone: path and document id.
    pub orphaned: Vec<(String, String)>,
    /// Files `index` skips, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Malformed catalog entries.
    pub catalog_errors: Vec<String>,
    /// True when the index was built with another registry than the one given.
    pub registry_changed: bool,
}

impl CheckReport {
    /// True when the index holds exactly what the corpus would give.
    pub fn in_sync(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.orphaned.is_empty()
    }
}

enum Finding {
    UpToDate,
    Missing(String),
    Stale(String, String),
    Skipped(String, String),
}

/// Compares the index with the files under `opts.roots` (reads and hashes every file; parses
/// only files the index does not hold, to tell missing from skipped).
pub fn check(pol: &PolIndex, opts: &IndexOptions) -> Result<CheckReport, IndexError> {
    let s = survey(
        pol,
        &IndexOptions {
            keep_missing: false,
            ..opts.clone()
        },
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.thread_count())
        .build()
        .map_err(|e| IndexError::Options(format!("--threads: {e}")))?;
    let findings: Vec<Finding> = pool.install(|| {
        s.files
            .par_iter()
            .map(|p| {
                let path = p.file.display.clone();
                let bytes = match std::fs::read(&p.file.path) {
                    Ok(b) => b,
                    Err(e) => {
                        return Finding::Skipped(
                            path,
                            SkipReason::Unreadable(e.to_string()).to_string(),
                        )
                    }
                };
                let hash = blake3::hash(&bytes).to_hex().to_string();
                let old = s.existing.get(&path);
                match staleness(old, &hash, p, s.registry_changed) {
                    None => Finding::UpToDate,
                    Some(StaleWhy::New) => match document_from_bytes(
                        p,
                        &bytes,
                        hash,
                        &s.catalog,
                        &s.registry,
                        opts.allow_long_lines,
                    ) {
                        Ok(_) => Finding::Missing(path),
                        Err(why) => Finding::Skipped(path, why.to_string()),
                    },
                    Some(why) => Finding::Stale(path, why.describe().to_string()),
                }
            })
            .collect()
    });
    let mut r = CheckReport {
        catalog_errors: s.catalog_errors.clone(),
        registry_changed: s.registry_changed,
        ..Default::default()
    };
    for (path, why) in &s.walk_errors {
        r.skipped.push((path.clone(), why.to_string()));
    }
    for f in findings {
        match f {
            Finding::UpToDate => r.up_to_date += 1,
            Finding::Missing(p) => r.missing.push(p),
            Finding::Stale(p, why) => r.stale.push((p, why)),
            Finding::Skipped(p, why) => r.skipped.push((p, why)),
        }
    }
    r.orphaned = s
        .gone
        .iter()
        .map(|d| (d.path.clone(), d.meta.id.clone()))
        .collect();
    Ok(r)
}
