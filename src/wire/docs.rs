//! `polsearch.docs.v1`: every indexed document with its catalog metadata and how it was
//! indexed.
//!
//! Depends on [`crate::index`] and [`super`].

use super::SchemaName;
use crate::index::{DocRecord, IndexError, PolIndex};
use crate::model::Lang;
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`DocsOutput`].
pub const SCHEMA: SchemaName = "polsearch.docs.v1";

/// One indexed document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DocOut {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication year.
    pub year: Option<u16>,
    /// Edition.
    pub edition: Option<String>,
    /// Language.
    pub lang: Lang,
    /// Passages indexed.
    pub passages: u32,
    /// Path of the source file as indexed.
    pub path: String,
    /// Content hash (BLAKE3, hex).
    pub hash: String,
    /// File size in bytes.
    pub bytes: u64,
    /// Encoding the file was read as.
    pub encoding: String,
    /// When it was indexed (RFC 3339, UTC).
    pub indexed_at: String,
    /// Where the document comes from (catalog).
    pub source: Option<String>,
    /// Its licence (catalog).
    pub licence: Option<String>,
}

impl From<&DocRecord> for DocOut {
    fn from(d: &DocRecord) -> Self {
        DocOut {
            id: d.meta.id.clone(),
            title: d.meta.title.clone(),
            publisher: d.meta.publisher.clone(),
            year: d.meta.year,
            edition: d.meta.edition.clone(),
            lang: d.meta.lang,
            passages: d.passages,
            path: d.path.clone(),
            hash: d.hash.clone(),
            bytes: d.bytes,
            encoding: d.encoding.clone(),
            indexed_at: d.indexed_at.clone(),
            source: d.meta.source.clone(),
            licence: d.meta.licence.clone(),
        }
    }
}

/// `polsearch docs --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DocsOutput {
    /// `polsearch.docs.v1`.
    pub schema: SchemaName,
    /// The documents, by path.
    pub documents: Vec<DocOut>,
}

/// Every indexed document.
pub fn docs(pol: &PolIndex) -> Result<DocsOutput, IndexError> {
    let reader = pol.reader()?;
    let docs = pol.documents(&reader.searcher())?;
    Ok(DocsOutput {
        schema: SCHEMA,
        documents: docs.iter().map(DocOut::from).collect(),
    })
}
