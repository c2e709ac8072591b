//! `polsearch.search.v1`: ranked passages with citations, snippets and highlights, and the
//! summary (`--json` prints one [`SearchOutput`]; `--jsonl` prints [`SearchLine`]s: a hit
//! per line, then the summary).
//!
//! Depends on [`crate::search`] and [`super`].

use super::{PassageOut, SchemaName, ValueNames};
use crate::facets::Registry;
use crate::index::{IndexError, PolIndex};
use crate::model::Lang;
use crate::search::facets::{query_lang, Expansion, FacetCounts, FacetNames, Scope};
use crate::search::highlight::Span;
use crate::search::{Filters, Hit, SearchRequest, SearchResponse};
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`SearchOutput`].
pub const SCHEMA: SchemaName = crate::search::SCHEMA;
/// Schema name of one `--jsonl` line ([`SearchLine`]).
pub const LINE_SCHEMA: SchemaName = "polsearch.search-line.v1";

/// A fiscal-year range, inclusive.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct FyRange {
    /// First fiscal year (Gregorian).
    pub from: u16,
    /// Last fiscal year.
    pub to: u16,
}

/// The filters applied, after alias resolution.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FiltersOut {
    /// Language filter.
    pub lang: Option<Lang>,
    /// Document id filter.
    pub doc: Option<String>,
    /// Ministry ids (any of them).
    pub ministry: Vec<String>,
    /// Program ids (any of them).
    pub program: Vec<String>,
    /// Fiscal-year range.
    pub fy: Option<FyRange>,
    /// Which facet values count: mentioned, inherited or any.
    pub scope: Scope,
}

impl From<&Filters> for FiltersOut {
    fn from(f: &Filters) -> Self {
        FiltersOut {
            lang: f.lang,
            doc: f.doc.clone(),
            ministry: f.facets.ministry.clone(),
            program: f.facets.program.clone(),
            fy: f.facets.fy.map(|(from, to)| FyRange { from, to }),
            scope: f.facets.scope,
        }
    }
}

/// The query as understood.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QueryOut {
    /// The query as given.
    pub text: String,
    /// Registry aliases searched for its words (empty with `--no-expand`).
    pub expansions: Vec<Expansion>,
    /// Filters applied.
    pub filters: FiltersOut,
}

/// The summary of a search: `--json`'s top level and `--jsonl`'s last line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchSummary {
    /// `polsearch.search.v1`.
    pub schema: SchemaName,
    /// The query.
    pub query: QueryOut,
    /// Passages matching (all of them, not just this page).
    pub total: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Page size asked for.
    pub limit: usize,
    /// Hits in this output.
    pub returned: usize,
    /// What lenient parsing or the loose retry did.
    pub warnings: Vec<String>,
    /// (with facets asked) passages per value over all matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetCounts>,
    /// (with facets asked) the name of every value counted, in the query's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facet_names: Option<ValueNames>,
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HitOut {
    /// 1-based rank over all hits (offset included).
    pub rank: usize,
    /// Relevance score (0 when only filters were given).
    pub score: f32,
    /// The passage.
    #[serde(flatten)]
    pub passage: PassageOut,
    /// A window around the best match (`…` where cut).
    pub snippet: String,
    /// Matches inside `snippet`.
    pub snippet_highlights: Vec<Span>,
    /// Matches inside `text`.
    pub highlights: Vec<Span>,
}

impl HitOut {
    /// The wire form of a hit.
    pub fn new(h: &Hit, names: &FacetNames) -> HitOut {
        HitOut {
            rank: h.rank,
            score: h.score,
            passage: PassageOut::new(&h.passage, h.doc.as_ref(), names),
            snippet: h.snippet.text.clone(),
            snippet_highlights: h.snippet.highlights.clone(),
            highlights: h.highlights.clone(),
        }
    }
}

/// `polsearch search --json`: the summary and the hits.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchOutput {
    /// The summary.
    #[serde(flatten)]
    pub summary: SearchSummary,
    /// The hits of this page.
    pub hits: Vec<HitOut>,
}

/// One line of `polsearch search --jsonl`: a hit, or the closing summary.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
#[allow(clippy::large_enum_variant)] // built one line at a time, never stored
pub enum SearchLine {
    /// A hit.
    Hit(HitOut),
    /// The summary, last.
    Summary(SearchSummary),
}

impl SearchSummary {
    /// The summary of a response; `names` names its counted facet values.
    pub fn new(r: &SearchResponse, names: &FacetNames) -> SearchSummary {
        let lang = query_lang(&r.query, r.filters.lang);
        SearchSummary {
            schema: SCHEMA,
            query: QueryOut {
                text: r.query.clone(),
                expansions: r.expansions.clone(),
                filters: FiltersOut::from(&r.filters),
            },
            total: r.total,
            offset: r.offset,
            limit: r.limit,
            returned: r.hits.len(),
            warnings: r.warnings.clone(),
            facets: r.facet_counts.clone(),
            facet_names: r.facet_counts.as_ref().map(|c| ValueNames {
                ministry: c
                    .ministry
                    .keys()
                    .map(|id| (id.clone(), names.ministry_name(id, lang)))
                    .collect(),
                program: c
                    .program
                    .keys()
                    .map(|id| (id.clone(), names.program_name(id, lang)))
                    .collect(),
            }),
        }
    }
}

impl SearchOutput {
    /// The wire form of a response; `names` from [`FacetNames::of_response`].
    pub fn new(r: &SearchResponse, names: &FacetNames) -> SearchOutput {
        SearchOutput {
            summary: SearchSummary::new(r, names),
            hits: r.hits.iter().map(|h| HitOut::new(h, names)).collect(),
        }
    }

    /// The `--jsonl` lines: each hit, then the summary.
    pub fn lines(self) -> impl Iterator<Item = SearchLine> {
        self.hits
            .into_iter()
            .map(SearchLine::Hit)
            .chain(std::iter::once(SearchLine::Summary(self.summary)))
    }
}

/// Runs a search and returns its wire form (what `search --json` prints).
pub fn search(
    pol: &PolIndex,
    reg: &Registry,
    req: &SearchRequest,
) -> Result<SearchOutput, IndexError> {
    let resp = crate::search::search(pol, reg, req)?;
    let names = FacetNames::of_response(pol, reg, &resp)?;
    Ok(SearchOutput::new(&resp, &names))
}
