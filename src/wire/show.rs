//! `polsearch.show.v1`: a passage with its neighbouring paragraphs.
//!
//! Depends on [`crate::index`] and [`super`].

use super::{PassageOut, SchemaName};
use crate::facets::Registry;
use crate::index::{DocRecord, IndexError, PolIndex, StoredPassage};
use crate::search::facets::FacetNames;
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`ShowOutput`].
pub const SCHEMA: SchemaName = "polsearch.show.v1";

/// A neighbouring passage and where it sits relative to the one asked for.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ContextPassage {
    /// The passage.
    #[serde(flatten)]
    pub passage: PassageOut,
    /// Position relative to the passage asked for (-1 before it, 0 itself, 1 after it).
    pub offset: i64,
}

/// `polsearch show ID --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ShowOutput {
    /// `polsearch.show.v1`.
    pub schema: SchemaName,
    /// The passage asked for.
    pub passage: PassageOut,
    /// It and its neighbours in document order, `context` paragraphs either side.
    pub context: Vec<ContextPassage>,
}

impl ShowOutput {
    /// The wire form of a passage and its neighbours.
    pub fn new(
        target: &StoredPassage,
        context: &[StoredPassage],
        doc: Option<&DocRecord>,
        names: &FacetNames,
    ) -> ShowOutput {
        ShowOutput {
            schema: SCHEMA,
            passage: PassageOut::new(target, doc, names),
            context: context
                .iter()
                .map(|c| ContextPassage {
                    passage: PassageOut::new(c, doc, names),
                    offset: c.ord as i64 - target.ord as i64,
                })
                .collect(),
        }
    }
}

/// A passage by id with `context` paragraphs either side; `None` when no passage has the
/// id. The id is only ever compared with stored ids, never used as a path.
pub fn show(
    pol: &PolIndex,
    reg: &Registry,
    id: &str,
    context: u64,
) -> Result<Option<ShowOutput>, IndexError> {
    Ok(show_parts(pol, reg, id, context)?
        .map(|(t, c, d, n)| ShowOutput::new(&t, &c, d.as_ref(), &n)))
}

/// The parts [`show`] is made of (for text output): the passage, its neighbours, its
/// document and the names of their facet values.
#[allow(clippy::type_complexity)]
pub fn show_parts(
    pol: &PolIndex,
    reg: &Registry,
    id: &str,
    context: u64,
) -> Result<
    Option<(
        StoredPassage,
        Vec<StoredPassage>,
        Option<DocRecord>,
        FacetNames,
    )>,
    IndexError,
> {
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let Some(target) = pol.passage(&searcher, id)? else {
        return Ok(None);
    };
    let from = target.ord.saturating_sub(context);
    let to = target.ord.saturating_add(context);
    let neighbours = pol.passages_in(&searcher, &target.doc_id, from..=to)?;
    let doc = pol.document(&searcher, &target.doc_id)?;
    let sets: Vec<_> = neighbours
        .iter()
        .chain([&target])
        .flat_map(|p| [&p.passage.facets, &p.passage.facets_inherited])
        .collect();
    let names = FacetNames::of_sets(pol, reg, &sets)?;
    Ok(Some((target, neighbours, doc, names)))
}
