//! The JSON wire format: one typed output per command (`search`, `show`, `count`, `facets`,
//! `docs`, `stats`, `check`, `explain`), each a `polsearch.NAME.v1` object, and the functions
//! that compute them from an open index. The CLI (`--json`, `--jsonl`) and the HTTP server
//! print exactly these objects, so a script sees the same keys whichever it calls.
//!
//! Every output type derives [`serde::Serialize`] and [`schemars::JsonSchema`]; [`schemas`]
//! gives the JSON Schema of each, which `docs/schema/` holds (kept in sync by a test).
//! Keys are only ever added within a schema version; a removal or a change of meaning bumps
//! the version.
//!
//! Depends on [`crate::search`], [`crate::index`], [`crate::render`] (citations) and
//! [`crate::model`]; nothing below the front ends depends on it.

pub mod check;
pub mod count;
pub mod docs;
pub mod explain;
pub mod facets;
pub mod search;
pub mod show;
pub mod stats;

use crate::index::{DocRecord, StoredPassage};
use crate::model::{FacetSet, FacetSpan, Footnote, Lang, LineUnit, PassageKind};
use crate::search::facets::FacetNames;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

pub use check::CheckOutput;
pub use count::{count, CountOutput, CountRequest};
pub use docs::{docs, DocsOutput};
pub use explain::ExplainOutput;
pub use facets::{facets, FacetKind, FacetsOutput};
pub use search::{search, SearchLine, SearchOutput};
pub use show::{show, ShowOutput};
pub use stats::{stats, StatsOutput};

/// The document a passage belongs to.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DocumentRef {
    /// Document id.
    pub id: String,
    /// Title (null when the document record is missing).
    pub title: Option<String>,
    /// Path of the source file as indexed.
    pub path: Option<String>,
    /// Language of the document.
    pub lang: Lang,
    /// Publisher, from the catalog.
    pub publisher: Option<String>,
    /// Publication year, from the catalog.
    pub year: Option<u16>,
    /// Edition (`令和3年版`, `2021`), from the catalog.
    pub edition: Option<String>,
}

/// A 1-based inclusive line range in the source file (a paragraph range in a Word document,
/// which has no lines: see `unit`).
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Lines {
    /// First line.
    pub start: u32,
    /// Last line.
    pub end: u32,
    /// What `start` and `end` count: `line`, or `paragraph` in a Word document (its
    /// paragraphs with text, in reading order).
    pub unit: LineUnit,
}

/// Names of facet values by id: `{"ministry": {"mext": "…"}, "program": {"satreps": "…"}}`.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct ValueNames {
    /// Ministry id → name.
    pub ministry: BTreeMap<String, String>,
    /// Program id → name.
    pub program: BTreeMap<String, String>,
}

impl ValueNames {
    /// Names of every ministry and program value of `sets`, in `lang` (else the other
    /// language).
    pub fn of_sets<'a>(
        names: &FacetNames,
        sets: impl IntoIterator<Item = &'a FacetSet>,
        lang: Lang,
    ) -> ValueNames {
        let mut out = ValueNames::default();
        for s in sets {
            for id in &s.ministry {
                out.ministry
                    .insert(id.clone(), names.ministry_name(id, lang));
            }
            for id in &s.program {
                out.program.insert(id.clone(), names.program_name(id, lang));
            }
        }
        out
    }
}

/// A passage with its place: the keys shared by search hits and `show`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PassageOut {
    /// Stable passage id; `polsearch show ID` expands it.
    pub id: String,
    /// Its document.
    pub document: DocumentRef,
    /// Heading lines from the top of the document down (repaired for display like `text`).
    pub section_path: Vec<String>,
    /// Paragraph number within the section (1-based).
    pub paragraph: u32,
    /// Line range in the source file.
    pub lines: Lines,
    /// Role of the passage in its section.
    pub kind: PassageKind,
    /// Statute citation (`第一条第二項`) where the format has one.
    pub label: Option<String>,
    /// A ready-to-quote citation.
    pub citation: String,
    /// The passage text as shown (PDF / OCR damage repaired).
    pub text: String,
    /// The text exactly as the source has it; present only when it differs from `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// Footnotes whose markers are in `text`.
    pub footnotes: Vec<Footnote>,
    /// Facet values mentioned in the passage.
    pub facets: FacetSet,
    /// Facet values inherited from headings or earlier references.
    pub facets_inherited: FacetSet,
    /// Each facet mention in `text`.
    pub facet_spans: Vec<FacetSpan>,
    /// Names of the ministry and program ids in `facets` and `facets_inherited`, in the
    /// document's language.
    pub facet_names: ValueNames,
}

impl PassageOut {
    /// The wire form of a stored passage.
    pub fn new(p: &StoredPassage, doc: Option<&DocRecord>, names: &FacetNames) -> PassageOut {
        let ps = &p.passage;
        let lang = doc.map_or(p.lang, |d| d.meta.lang);
        PassageOut {
            id: ps.id.clone(),
            document: match doc {
                Some(d) => DocumentRef {
                    id: d.meta.id.clone(),
                    title: Some(d.meta.title.clone()),
                    path: Some(d.path.clone()),
                    lang: d.meta.lang,
                    publisher: d.meta.publisher.clone(),
                    year: d.meta.year,
                    edition: d.meta.edition.clone(),
                },
                None => DocumentRef {
                    id: p.doc_id.clone(),
                    title: None,
                    path: None,
                    lang: p.lang,
                    publisher: None,
                    year: None,
                    edition: None,
                },
            },
            section_path: ps.section_path.clone(),
            paragraph: ps.paragraph,
            lines: Lines {
                start: ps.line_start,
                end: ps.line_end,
                unit: doc.map_or(LineUnit::Line, DocRecord::line_unit),
            },
            kind: ps.kind,
            label: ps.label.clone(),
            citation: crate::render::citation(p, doc),
            text: ps.text.clone(),
            source_text: ps.source_text.clone(),
            footnotes: ps.footnotes.clone(),
            facets: ps.facets.clone(),
            facets_inherited: ps.facets_inherited.clone(),
            facet_spans: ps.facet_spans.clone(),
            facet_names: ValueNames::of_sets(names, [&ps.facets, &ps.facets_inherited], lang),
        }
    }
}

/// Every output's schema name and JSON Schema (draft 2020-12), in the order `docs/schema/`
/// lists them. The `schema` key of each is pinned to its name.
///
/// ```
/// let all = polsearch::wire::schemas();
/// assert!(all.iter().any(|(name, _)| *name == "polsearch.search.v1"));
/// ```
pub fn schemas() -> Vec<(&'static str, schemars::Schema)> {
    let mut out = vec![
        (search::SCHEMA, schemars::schema_for!(SearchOutput)),
        (search::LINE_SCHEMA, schemars::schema_for!(SearchLine)),
        (show::SCHEMA, schemars::schema_for!(ShowOutput)),
        (count::SCHEMA, schemars::schema_for!(CountOutput)),
        (facets::SCHEMA, schemars::schema_for!(FacetsOutput)),
        (docs::SCHEMA, schemars::schema_for!(DocsOutput)),
        (stats::SCHEMA, schemars::schema_for!(StatsOutput)),
        (check::SCHEMA, schemars::schema_for!(CheckOutput)),
        (explain::SCHEMA, schemars::schema_for!(ExplainOutput)),
    ];
    for (name, schema) in &mut out {
        schema.insert("$id".into(), format!("{name}.schema.json").into());
        pin_schema_name(schema, name);
    }
    out
}

/// Sets `properties.schema` of an object schema (and of each `oneOf`/`anyOf` branch) to the
/// constant `name`, so a validator checks which output it is.
fn pin_schema_name(schema: &mut schemars::Schema, name: &str) {
    fn pin(v: &mut serde_json::Value, name: &str) {
        if let Some(p) = v.get_mut("properties").and_then(|p| p.get_mut("schema")) {
            *p = serde_json::json!({"const": name, "description": "The schema name of this output."});
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(serde_json::Value::Array(branches)) = v.get_mut(key) {
                for b in branches {
                    pin(b, name);
                }
            }
        }
    }
    let mut v = schema.as_value().clone();
    pin(&mut v, name);
    if let Ok(pinned) = schemars::Schema::try_from(v) {
        *schema = pinned;
    }
}

/// The name of a `polsearch.NAME.v1` output, as every output's `schema` key holds it.
pub type SchemaName = &'static str;
