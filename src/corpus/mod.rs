//! The corpus side of indexing: walking roots, reading and decoding files, and the catalog
//! of document metadata a librarian edits.
//!
//! [`read`] is the file-type dispatch: a file's bytes become decoded text (parsed by format
//! later) or a document read from a binary format (Word). Depends on [`crate::model`] and
//! [`crate::parse`] (slugs, the Word parser). Every per-file problem is a [`SkipReason`] so
//! one bad document never stops a run.

pub mod catalog;
pub mod decode;
pub mod docx;

use std::path::{Path, PathBuf};

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// A 0-byte file.
    #[error("0-byte file")]
    Empty,
    /// A file holding only whitespace.
    #[error("empty: only whitespace, no text")]
    Blank,
    /// A binary format polsearch does not read.
    #[error("{0}")]
    Binary(String),
    /// The bytes are not text in any supported encoding.
    #[error("invalid bytes beyond repair: {0}")]
    Undecodable(String),
    /// A line too long to be prose (minified or binary data).
    #[error("a single line of {0} bytes (limit {1}): not prose")]
    HugeLine(usize, usize),
    /// The parser found nothing to index.
    #[error("no text passages found")]
    NoPassages,
    /// Walking failed (broken symlink, loop, permission).
    #[error("{0}")]
    Walk(String),
    /// A file in a supported binary format that cannot be read (bad zip, missing part,
    /// malformed XML, over the size bounds); the message names the format and the problem.
    #[error("{0}")]
    Damaged(String),
}

/// What a file's bytes hold, as the indexer reads them.
#[derive(Debug)]
pub enum Source {
    /// Text in a supported encoding, to be parsed by its format.
    Text(decode::Decoded),
    /// A Word document, parsed from its XML parts.
    Word(Box<crate::parse::docx::DocxParsed>),
}

/// Reads a file's bytes by extension first, then by content: Word documents (`.docx`, or a
/// zip holding `word/document.xml`), refused formats ([`decode::binary_extension`]), then
/// text ([`decode::decode`]).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Source, SkipReason> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let refused = decode::binary_extension(&ext);
    if docx::is_word_extension(&ext) || refused.is_none() && docx::looks_like_word(bytes) {
        if bytes.is_empty() {
            return Err(SkipReason::Empty);
        }
        return docx::read(bytes).map(|d| Source::Word(Box::new(d)));
    }
    if let Some(why) = refused {
        return Err(SkipReason::Binary(why.to_string()));
    }
    decode::decode(bytes).map(Source::Text)
}

/// A file found under one of the roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path to open.
    pub path: PathBuf,
    /// Path as shown in citations (as given, joined with the relative part).
    pub display: String,
    /// The root it was found under.
    pub root: PathBuf,
    /// Size in bytes when walked (for progress).
    pub size: u64,
}

/// Names that are never documents: the catalog and hidden files.
fn ignored(name: &str) -> bool {
    name.starts_with('.') || name == catalog::CATALOG_FILE
}

/// Walks files and folders; returns the files (sorted, deduplicated) and the entries that
/// could not be walked, each with its reason. Folders in `exclude` (the index being written)
/// are not entered.
pub fn walk(
    roots: &[PathBuf],
    exclude: &[PathBuf],
) -> (Vec<SourceFile>, Vec<(String, SkipReason)>) {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let excluded =
        |p: &Path| !exclude.is_empty() && p.canonicalize().is_ok_and(|c| exclude.contains(&c));
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root);
        match meta {
            Err(e) => {
                errors.push((
                    root.display().to_string(),
                    SkipReason::Walk(format!("cannot open: {e}")),
                ));
                continue;
            }
            Ok(m) if m.is_file() => {
                files.push(SourceFile {
                    path: root.clone(),
                    display: root.display().to_string(),
                    root: root.parent().map(Path::to_path_buf).unwrap_or_default(),
                    size: m.len(),
                });
                continue;
            }
            Ok(_) => {}
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(ignored(&e.file_name().to_string_lossy())
                        || e.file_type().is_dir() && excluded(e.path()))
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(SourceFile {
                    display: e.path().display().to_string(),
                    path: e.path().to_path_buf(),
                    root: root.clone(),
                    size: e.metadata().map_or(0, |m| m.len()),
                }),
                Ok(_) => {}
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let why = if e.loop_ancestor().is_some() {
                        "directory loop (a symlink points to a folder above it)".to_string()
                    } else if let Some(io) = e.io_error() {
                        match io.kind() {
                            std::io::ErrorKind::NotFound => "broken symlink".to_string(),
                            _ if e.depth() > 0 && e.path().is_some_and(Path::is_dir) => {
                                format!("cannot read folder: {io}")
                            }
                            _ => format!("cannot read: {io}"),
                        }
                    } else {
                        e.to_string()
                    };
                    errors.push((path, SkipReason::Walk(why)));
                }
            }
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    files.dedup_by(|a, b| a.display == b.display);
    (files, errors)
}
