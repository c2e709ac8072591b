//! `polsearch.check.v1`: what `polsearch check` found comparing an index with its corpus.
//!
//! Depends on [`crate::index::check`] and [`super`].

use super::SchemaName;
use crate::index::check::CheckReport;
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`CheckOutput`].
pub const SCHEMA: SchemaName = "polsearch.check.v1";

/// `polsearch check --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CheckOutput {
    /// `polsearch.check.v1`.
    pub schema: SchemaName,
    /// True when the index holds exactly what the corpus would give.
    pub in_sync: bool,
    /// The findings.
    #[serde(flatten)]
    pub report: CheckReport,
}

impl From<CheckReport> for CheckOutput {
    fn from(report: CheckReport) -> Self {
        CheckOutput {
            schema: SCHEMA,
            in_sync: report.in_sync(),
            report,
        }
    }
}
