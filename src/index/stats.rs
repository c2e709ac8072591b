//! Figures about an index for librarians: documents, passages, languages, encodings, size
//! on disk, last indexed.
//!
//! Depends on [`super`] only.

use super::{IndexError, PolIndex, FORMAT_VERSION, REC_PASSAGE};
use std::collections::BTreeMap;
use tantivy::collector::Count;

/// Counts for one language.
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct LangCount {
    /// Documents.
    pub documents: usize,
    /// Passages.
    pub passages: usize,
}

/// Figures about an index.
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct IndexStats {
    /// Index folder.
    pub index: String,
    /// Index format version.
    pub format: u32,
    /// Documents.
    pub documents: usize,
    /// Passages.
    pub passages: usize,
    /// Per language code.
    pub languages: BTreeMap<String, LangCount>,
    /// Documents per source encoding.
    pub encodings: BTreeMap<String, usize>,
    /// Bytes of the indexed source files.
    pub source_bytes: u64,
    /// Bytes the index takes on disk.
    pub size_on_disk: u64,
    /// Segments of the tantivy index.
    pub segments: usize,
    /// When a document was last (re)indexed (RFC 3339, UTC), if any.
    pub last_indexed: Option<String>,
    /// When the last index run committed (RFC 3339, UTC).
    pub last_commit: Option<String>,
}

/// Computes the figures of an open index.
pub fn stats(pol: &PolIndex) -> Result<IndexStats, IndexError> {
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let docs = pol.documents(&searcher)?;
    let passages = searcher.search(&*pol.rec_query(REC_PASSAGE), &Count)?;
    let mut s = IndexStats {
        index: pol.path.display().to_string(),
        format: FORMAT_VERSION,
        documents: docs.len(),
        passages,
        segments: searcher.segment_readers().len(),
        ..Default::default()
    };
    for d in &docs {
        let l = s
            .languages
            .entry(d.meta.lang.code().to_string())
            .or_default();
        l.documents += 1;
        l.passages += d.passages as usize;
        *s.encodings.entry(d.encoding.clone()).or_default() += 1;
        s.source_bytes += d.bytes;
        if s.last_indexed.as_ref().is_none_or(|t| *t < d.indexed_at) {
            s.last_indexed = Some(d.indexed_at.clone());
        }
    }
    s.last_commit = std::fs::metadata(pol.path.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
        .map(super::rfc3339);
    s.size_on_disk = walkdir::WalkDir::new(&pol.path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    Ok(s)
}
