//! `polsearch.stats.v1`: documents, passages, languages, encodings, size on disk and when the
//! index was last written.
//!
//! Depends on [`crate::index::stats`] and [`super`].

use super::SchemaName;
use crate::index::stats::IndexStats;
use crate::index::{IndexError, PolIndex};
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`StatsOutput`].
pub const SCHEMA: SchemaName = "polsearch.stats.v1";

/// `polsearch stats --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StatsOutput {
    /// `polsearch.stats.v1`.
    pub schema: SchemaName,
    /// The figures.
    #[serde(flatten)]
    pub stats: IndexStats,
}

/// The figures of an open index.
pub fn stats(pol: &PolIndex) -> Result<StatsOutput, IndexError> {
    Ok(StatsOutput {
        schema: SCHEMA,
        stats: crate::index::stats::stats(pol)?,
    })
}
