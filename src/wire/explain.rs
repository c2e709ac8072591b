//! `polsearch.explain.v1`: why each hit matched: the query's terms as analysed, each term's
//! contribution per field, the mentions that made the filters match, and the scorer's own
//! explanation tree.
//!
//! Depends on [`crate::search::explain`] and [`super`].

use super::search::FiltersOut;
use super::SchemaName;
use crate::search::explain::{Explained, FilterMatch, QueryTerm, TermMatch};
use crate::search::facets::Expansion;
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`ExplainOutput`].
pub const SCHEMA: SchemaName = crate::search::explain::SCHEMA;

/// The query as analysed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExplainQuery {
    /// The query as given.
    pub text: String,
    /// Each term: its kind, the fields it is searched in and its analysis.
    pub terms: Vec<QueryTerm>,
    /// Registry aliases searched.
    pub expansions: Vec<Expansion>,
    /// Filters applied.
    pub filters: FiltersOut,
}

/// Why one hit matched.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExplainHit {
    /// 1-based rank.
    pub rank: usize,
    /// Passage id.
    pub id: String,
    /// Final score (after re-ranking).
    pub score: f32,
    /// The BM25 score before re-ranking.
    pub bm25: f32,
    /// A ready-to-quote citation.
    pub citation: String,
    /// Each query term that matched, with its score per field.
    pub matched: Vec<TermMatch>,
    /// The facet mentions that made the filters match.
    pub filters: Vec<FilterMatch>,
    /// The scorer's explanation tree (tantivy's `Explanation` as JSON).
    pub explanation: serde_json::Value,
}

/// `polsearch explain --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExplainOutput {
    /// `polsearch.explain.v1`.
    pub schema: SchemaName,
    /// The query.
    pub query: ExplainQuery,
    /// What lenient parsing did.
    pub warnings: Vec<String>,
    /// Passages matching.
    pub total: usize,
    /// The hits explained.
    pub hits: Vec<ExplainHit>,
}

impl From<&Explained> for ExplainOutput {
    fn from(e: &Explained) -> Self {
        ExplainOutput {
            schema: SCHEMA,
            query: ExplainQuery {
                text: e.query.clone(),
                terms: e.terms.clone(),
                expansions: e.expansions.clone(),
                filters: FiltersOut::from(&e.filters),
            },
            warnings: e.warnings.clone(),
            total: e.total,
            hits: e
                .hits
                .iter()
                .map(|h| {
                    let p = &h.hit.passage;
                    ExplainHit {
                        rank: h.hit.rank,
                        id: p.passage.id.clone(),
                        score: h.hit.score,
                        bm25: h.bm25,
                        citation: crate::render::citation(p, h.hit.doc.as_ref()),
                        matched: h.terms.clone(),
                        filters: h.filters.clone(),
                        explanation: h.explanation.clone(),
                    }
                })
                .collect(),
        }
    }
}
