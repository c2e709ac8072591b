//! `explain`: what a query became and why its top hits matched.
//!
//! For the query: each word or phrase as typed, the fields it is searched in, and its analysis
//! per field (the normalized form after NFKC and the OCR repairs, English stems, Japanese
//! morphemes and bigrams), the registry expansions, the filters after alias resolution and the
//! lenient-parse warnings. For each top hit: tantivy's BM25 [`tantivy::query::Explanation`] of
//! the whole query, each term's contribution per field (`body`, `heading`, and `footnote` when
//! the body matched through a linked footnote), and the facet mentions that made a filter
//! match. Runs the same search as [`super::search`]; depends on [`crate::analysis`] and
//! [`crate::index`]. JSON schema `polsearch.explain.v1` (docs/json.md).

use super::highlight::{self, HighlightTerms};
use super::query::{self, Node};
use super::{compile, search, Filters, Hit, SearchRequest};
use crate::analysis::{normalize::normalize, Analyzer};
use crate::facets::Registry;
use crate::index::{IndexError, PolIndex};
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

/// JSON schema name of `explain --json`.
pub const SCHEMA: &str = "polsearch.explain.v1";

/// One word or phrase of the query and how it is analysed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QueryTerm {
    /// As typed (without its `field:` prefix, `~` or quotes).
    pub text: String,
    /// `word` (as written), `loose` (`~word`) or `phrase`.
    pub kind: &'static str,
    /// Excluded (`-x`, `NOT x`).
    pub excluded: bool,
    /// The fields searched: `body` (text and linked footnotes) and `heading`.
    pub fields: Vec<&'static str>,
    /// After NFKC, case folding and the OCR repairs.
    pub normalized: String,
    /// English tokens (stemmed) of its Latin-script runs.
    pub english: Vec<String>,
    /// Japanese morphemes (indexed forms) of its Japanese runs.
    pub morphemes: Vec<String>,
    /// Japanese character bigrams.
    pub bigrams: Vec<String>,
}

/// How one term matched one hit in one field.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FieldMatch {
    /// `body`, `heading` or `footnote` (the body matched only through a linked footnote).
    pub field: &'static str,
    /// The term's BM25 contribution in that field.
    pub score: f32,
}

/// A term that matched a hit, and where.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TermMatch {
    /// The term as typed.
    pub term: String,
    /// Fields it matched in.
    pub fields: Vec<FieldMatch>,
}

/// A facet mention that made a filter match a hit.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FilterMatch {
    /// `ministry`, `program` or `fy`.
    pub kind: String,
    /// The canonical value.
    pub value: String,
    /// The text of the mention in the passage, or `None` when the value is inherited from its
    /// headings.
    pub text: Option<String>,
    /// Byte offsets of the mention in the passage text.
    pub span: Option<(usize, usize)>,
}

/// Why one hit matched.
#[derive(Debug, Clone)]
pub struct HitWhy {
    /// The hit (rank, score after re-ranking, passage, document).
    pub hit: Hit,
    /// BM25 score of the query alone (before re-ranking).
    pub bm25: f32,
    /// tantivy's explanation of the BM25 score, as JSON.
    pub explanation: Value,
    /// Each term that matched, by field.
    pub terms: Vec<TermMatch>,
    /// The facet mentions that made the filters match.
    pub filters: Vec<FilterMatch>,
}

/// The explanation of a query.
#[derive(Debug, Clone)]
pub struct Explained {
    /// The query as given.
    pub query: String,
    /// Its words and phrases.
    pub terms: Vec<QueryTerm>,
    /// Registry expansions.
    pub expansions: Vec<super::facets::Expansion>,
    /// Filters after alias resolution.
    pub filters: Filters,
    /// Lenient-parse warnings.
    pub warnings: Vec<String>,
    /// Matching passages.
    pub total: usize,
    /// The top hits and why they matched.
    pub hits: Vec<HitWhy>,
}

/// One term's query restricted to one field (`body` or `heading`), and what it highlights.
type FieldQuery = (&'static str, Option<Box<dyn Query>>, HighlightTerms);

fn leaves(node: &Node, excluded: bool, out: &mut Vec<(Node, bool)>) {
    match node {
        Node::And(v) | Node::Or(v) => v.iter().for_each(|n| leaves(n, excluded, out)),
        Node::Not(n) => leaves(n, !excluded, out),
        leaf => out.push((leaf.clone(), excluded)),
    }
}

fn analyse(text: &str, kind: &'static str, field: &Option<String>, excluded: bool) -> QueryTerm {
    let norm = normalize(text).text;
    let toks = |a: Analyzer| -> Vec<String> {
        a.analyze_normalized(&norm)
            .into_iter()
            .map(|t| t.text)
            .collect()
    };
    QueryTerm {
        text: text.to_string(),
        kind,
        excluded,
        fields: match field.as_deref() {
            Some("heading") => vec!["heading"],
            Some(_) => vec!["body"],
            None => vec!["body", "heading"],
        },
        english: toks(Analyzer::English),
        morphemes: toks(Analyzer::Morph),
        bigrams: toks(Analyzer::Bigram),
        normalized: norm,
    }
}

/// The query text of one leaf restricted to a field (`text:"…"`).
fn leaf_query(t: &QueryTerm, field: &str) -> String {
    let body = match t.kind {
        "phrase" => format!("\"{}\"", t.text.replace('"', " ")),
        "loose" => format!("~{}", t.text),
        _ => t.text.clone(),
    };
    format!("{field}:{body}")
}

/// The score `q` gives the document, `None` when it does not match.
fn score_of(q: &dyn Query, searcher: &Searcher, addr: DocAddress) -> Option<f32> {
    q.explain(searcher, addr).ok().map(|e| e.value())
}

/// Explains a search: runs it (as [`search`] does, `req.limit` hits) and tells why each hit
/// matched.
pub fn explain(
    pol: &PolIndex,
    reg: &Registry,
    req: &SearchRequest,
) -> Result<Explained, IndexError> {
    let resp = search(pol, reg, req)?;
    let (node, _) = query::parse(&req.query);
    let mut ls = Vec::new();
    if let Some(n) = &node {
        leaves(n, false, &mut ls);
    }
    let terms: Vec<QueryTerm> = ls
        .iter()
        .filter_map(|(n, ex)| match n {
            Node::Word { field, text } => Some(analyse(text, "word", field, *ex)),
            Node::Loose { field, text } => Some(analyse(text, "loose", field, *ex)),
            Node::Phrase { field, text } => Some(analyse(text, "phrase", field, *ex)),
            _ => None,
        })
        .collect();
    // a loose retry (see `search`) shows in the warnings; explain what was run
    let loose = req.loose || resp.warnings.iter().any(|w| w.contains("searched loosely"));
    let rg = req.expand.then_some(reg);
    let whole = compile(pol, &req.query, rg, loose);
    // per term and field: its query, and what to highlight
    let per_term: Vec<Vec<FieldQuery>> = terms
        .iter()
        .map(|t| {
            t.fields
                .iter()
                .map(|f| {
                    let c = compile(
                        pol,
                        &leaf_query(t, if *f == "heading" { "heading" } else { "text" }),
                        rg,
                        loose,
                    );
                    (*f, c.query, c.terms)
                })
                .collect()
        })
        .collect();
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let mut hits = Vec::new();
    for hit in resp.hits {
        let addr = pol.passage_address(&searcher, &hit.passage.passage.id)?;
        let (bm25, explanation) = match (addr, &whole.query) {
            (Some(a), Some(q)) => match q.explain(&searcher, a) {
                Ok(e) => (e.value(), serde_json::to_value(&e).unwrap_or(Value::Null)),
                Err(_) => (0.0, Value::Null),
            },
            _ => (0.0, Value::Null),
        };
        let mut matched = Vec::new();
        for (t, fields) in terms.iter().zip(&per_term) {
            if t.excluded {
                continue;
            }
            let mut fm = Vec::new();
            for (field, q, hl) in fields {
                let (Some(a), Some(q)) = (addr, q) else {
                    continue;
                };
                let Some(score) = score_of(q.as_ref(), &searcher, a) else {
                    continue;
                };
                let p = &hit.passage.passage;
                let field = if *field == "body"
                    && highlight::highlight(&p.text, hl).is_empty()
                    && p.footnotes
                        .iter()
                        .any(|f| !highlight::highlight(&f.text, hl).is_empty())
                {
                    "footnote"
                } else {
                    field
                };
                fm.push(FieldMatch { field, score });
            }
            if !fm.is_empty() {
                matched.push(TermMatch {
                    term: t.text.clone(),
                    fields: fm,
                });
            }
        }
        let filters = filter_matches(&hit, &resp.filters);
        hits.push(HitWhy {
            hit,
            bm25,
            explanation,
            terms: matched,
            filters,
        });
    }
    Ok(Explained {
        query: req.query.clone(),
        terms,
        expansions: resp.expansions,
        filters: resp.filters,
        warnings: resp.warnings,
        total: resp.total,
        hits,
    })
}

/// The mentions (or inherited values) of the filtered ministries, programs and fiscal years.
fn filter_matches(hit: &Hit, f: &Filters) -> Vec<FilterMatch> {
    let p = &hit.passage.passage;
    let wanted = |kind: &str, value: &str| -> bool {
        match kind {
            "ministry" => f.facets.ministry.iter().any(|m| m == value),
            "program" => f.facets.program.iter().any(|m| m == value),
            "fy" => f
                .facets
                .fy
                .is_some_and(|(a, b)| value.parse::<u16>().is_ok_and(|y| (a..=b).contains(&y))),
            _ => false,
        }
    };
    let mut out: Vec<FilterMatch> = p
        .facet_spans
        .iter()
        .filter(|s| wanted(&s.kind, &s.value))
        .map(|s| FilterMatch {
            kind: s.kind.clone(),
            value: s.value.clone(),
            text: p.text.get(s.byte_start..s.byte_end).map(str::to_string),
            span: Some((s.byte_start, s.byte_end)),
        })
        .collect();
    let inh = &p.facets_inherited;
    let inherited = inh
        .ministry
        .iter()
        .map(|v| ("ministry", v.clone()))
        .chain(inh.program.iter().map(|v| ("program", v.clone())))
        .chain(inh.fy.iter().map(|y| ("fy", y.to_string())));
    for (kind, value) in inherited {
        if wanted(kind, &value) && !out.iter().any(|m| m.kind == kind && m.value == value) {
            out.push(FilterMatch {
                kind: kind.to_string(),
                value,
                text: None,
                span: None,
            });
        }
    }
    out
}

impl Explained {
    /// Readable text: the query's terms with their analysis, then each hit with its terms'
    /// contributions per field and the mentions that made the filters match.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "query: {}", self.query)?;
        for t in &self.terms {
            let mut parts = vec![format!("normalized {:?}", t.normalized)];
            if !t.english.is_empty() {
                parts.push(format!("english {}", t.english.join(" ")));
            }
            if !t.morphemes.is_empty() {
                parts.push(format!("morphemes {}", t.morphemes.join(" | ")));
            }
            if !t.bigrams.is_empty() {
                parts.push(format!("bigrams {}", t.bigrams.join(" ")));
            }
            writeln!(
                w,
                "  {}{} {:?} in {}: {}",
                if t.excluded { "NOT " } else { "" },
                t.kind,
                t.text,
                t.fields.join(", "),
                parts.join("; ")
            )?;
        }
        for e in &self.expansions {
            writeln!(
                w,
                "  expanded {:?} ({}) with {}",
                e.term,
                e.id,
                e.aliases.join(", ")
            )?;
        }
        let f = &self.filters;
        let mut fs = Vec::new();
        if let Some(l) = f.lang {
            fs.push(format!("lang {}", l.code()));
        }
        if let Some(d) = &f.doc {
            fs.push(format!("doc {d}"));
        }
        if !f.facets.ministry.is_empty() {
            fs.push(format!("ministry {}", f.facets.ministry.join(" or ")));
        }
        if !f.facets.program.is_empty() {
            fs.push(format!("program {}", f.facets.program.join(" or ")));
        }
        if let Some((a, b)) = f.facets.fy {
            fs.push(if a == b {
                format!("fy {a}")
            } else {
                format!("fy {a}..{b}")
            });
        }
        if !fs.is_empty() {
            writeln!(w, "filters: {}", fs.join(", "))?;
        }
        for warning in &self.warnings {
            writeln!(w, "warning: {warning}")?;
        }
        writeln!(w, "{} matching passages", self.total)?;
        for h in &self.hits {
            writeln!(w)?;
            writeln!(
                w,
                "{}. {:.2} (BM25 {:.2})  {}",
                h.hit.rank,
                h.hit.score,
                h.bm25,
                crate::render::citation(&h.hit.passage, h.hit.doc.as_ref())
            )?;
            writeln!(w, "   id {}", h.hit.passage.passage.id)?;
            for t in &h.terms {
                let fs: Vec<String> = t
                    .fields
                    .iter()
                    .map(|f| format!("{} {:.2}", f.field, f.score))
                    .collect();
                writeln!(w, "   {:?}: {}", t.term, fs.join(", "))?;
            }
            for m in &h.filters {
                match &m.text {
                    Some(t) => writeln!(w, "   filter {} {}: mentioned as {t:?}", m.kind, m.value)?,
                    None => writeln!(
                        w,
                        "   filter {} {}: inherited from its headings",
                        m.kind, m.value
                    )?,
                }
            }
        }
        Ok(())
    }
}
