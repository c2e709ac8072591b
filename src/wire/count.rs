//! `polsearch.count.v1`: matching passages per fiscal year, ministry, program, document year
//! or document, or per pair of them (a cross table).
//!
//! Depends on [`crate::search`] (counting, timelines) and [`super`].

use super::SchemaName;
use crate::facets::Registry;
use crate::index::{IndexError, PolIndex};
use crate::search::facets::{query_lang, Expansion, FacetNames, Name};
use crate::search::timeline::{self, CrossError, Key};
use crate::search::Filters;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// Schema name of [`CountOutput`].
pub const SCHEMA: SchemaName = "polsearch.count.v1";

/// What to count.
#[derive(Debug, Clone, Default)]
pub struct CountRequest {
    /// The query (empty: every passage that passes the filters).
    pub query: String,
    /// One key, or two for a cross table (first down, second across).
    pub by: Vec<Key>,
    /// Filters, resolved.
    pub filters: Filters,
    /// Expand registry aliases.
    pub expand: bool,
    /// Match unquoted Japanese words loosely.
    pub loose: bool,
}

/// Why a count could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CountError {
    /// No key, or more than two.
    #[error("by: one or two keys (got {0})")]
    Keys(usize),
    /// A cross table whose first key is also filtered.
    #[error(transparent)]
    Cross(#[from] CrossError),
    /// Reading the index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The query of a count.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CountQuery {
    /// The query as given.
    pub text: String,
    /// Registry aliases searched for its words.
    pub expansions: Vec<Expansion>,
}

/// The key(s) counted by: `"fy"`, or `["fy", "ministry"]` for a cross table.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum By {
    /// One key: `fy`, `ministry`, `program`, `year` or `doc`.
    One(String),
    /// Two keys.
    Two([String; 2]),
}

/// One row of the counts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CountRow {
    /// A value of one key.
    One {
        /// The value: a fiscal year, id or year as a string.
        value: String,
        /// Its name in the query's language (a ministry's or program's name, a document's
        /// title; null for years).
        name: Option<String>,
        /// Its names in both languages (ministries and programs; null otherwise).
        names: Option<Name>,
        /// Matching passages.
        passages: u64,
    },
    /// A pair of values (cross table).
    Two {
        /// The values of the two keys.
        values: [String; 2],
        /// Matching passages.
        passages: u64,
    },
}

impl CountRow {
    /// Matching passages of the row.
    pub fn passages(&self) -> u64 {
        match self {
            CountRow::One { passages, .. } | CountRow::Two { passages, .. } => *passages,
        }
    }
}

/// `polsearch count --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CountOutput {
    /// `polsearch.count.v1`.
    pub schema: SchemaName,
    /// The query.
    pub query: CountQuery,
    /// The key(s).
    pub by: By,
    /// Matching passages in all (a passage may count under several values, or none).
    pub total: usize,
    /// What lenient parsing or the loose retry did.
    pub warnings: Vec<String>,
    /// The rows, in the key's order (years ascending, most passages first otherwise).
    pub counts: Vec<CountRow>,
}

/// Counts matching passages by one key or a pair of keys.
pub fn count(
    pol: &PolIndex,
    reg: &Registry,
    req: &CountRequest,
) -> Result<CountOutput, CountError> {
    let rg = req.expand.then_some(reg);
    let (counts, total, compiled) =
        crate::search::count(pol, rg, &req.query, &req.filters, req.loose)?;
    let query = CountQuery {
        text: req.query.clone(),
        expansions: compiled.expansions.clone(),
    };
    match req.by.as_slice() {
        [key] => {
            let key = *key;
            let docs = match key {
                Key::Year | Key::Doc => pol.documents(&pol.reader()?.searcher())?,
                _ => Vec::new(),
            };
            let rows = timeline::rows(&counts, key, &docs, &req.filters);
            let names = match key {
                Key::Ministry => FacetNames::lookup(pol, reg, rows.iter().map(|r| &r.0), [])?,
                Key::Program => FacetNames::lookup(pol, reg, [], rows.iter().map(|r| &r.0))?,
                _ => FacetNames::default(),
            };
            let titles: BTreeMap<&str, &str> = docs
                .iter()
                .map(|d| (d.meta.id.as_str(), d.meta.title.as_str()))
                .collect();
            let lang = query_lang(&req.query, req.filters.lang);
            let counts = rows
                .into_iter()
                .map(|(value, passages)| {
                    let (name, names) = match key {
                        Key::Ministry => (
                            Some(names.ministry_name(&value, lang)),
                            names.ministry.get(&value).cloned(),
                        ),
                        Key::Program => (
                            Some(names.program_name(&value, lang)),
                            names.program.get(&value).cloned(),
                        ),
                        Key::Doc => (titles.get(value.as_str()).map(|t| t.to_string()), None),
                        Key::Fy | Key::Year => (None, None),
                    };
                    CountRow::One {
                        value,
                        name,
                        names,
                        passages,
                    }
                })
                .collect();
            Ok(CountOutput {
                schema: SCHEMA,
                query,
                by: By::One(key.name().to_string()),
                total,
                warnings: compiled.warnings.clone(),
                counts,
            })
        }
        [k1, k2] => {
            let docs = pol.documents(&pol.reader()?.searcher())?;
            let pairs = timeline::cross(
                pol,
                rg,
                &req.query,
                &req.filters,
                req.loose,
                (*k1, *k2),
                &docs,
            )?;
            Ok(CountOutput {
                schema: SCHEMA,
                query,
                by: By::Two([k1.name().to_string(), k2.name().to_string()]),
                total,
                warnings: compiled.warnings.clone(),
                counts: pairs
                    .into_iter()
                    .map(|(a, b, passages)| CountRow::Two {
                        values: [a, b],
                        passages,
                    })
                    .collect(),
            })
        }
        keys => Err(CountError::Keys(keys.len())),
    }
}
