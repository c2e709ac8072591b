//! Searching: query text → AST ([`query`]) → tantivy query over the analysed fields, with
//! filters → ranked hits with highlights and snippets ([`highlight`]).
//!
//! English words become term or phrase queries on the English fields (function words beside
//! other words are optional); a Japanese word must occur as written (a bigram phrase, grep
//! semantics) and its morphemes score the match; a loose word (`~word`) is a bag of its
//! morphemes; a quoted phrase is exact. Headings count more than body text. Depends on [`crate::analysis`] and [`crate::index`].

pub mod exclude;
pub mod explain;
pub mod facets;
pub mod filters;
pub mod highlight;
pub mod query;
pub mod rank;
pub mod timeline;

use crate::analysis::{bigram, english, japanese, normalize::normalize, script};
use crate::facets::Registry;
use crate::index::{DocRecord, IndexError, PolIndex, StoredPassage, REC_PASSAGE};
use crate::model::Lang;
use facets::{Expansion, FacetCollector, FacetCounts, FacetFilters};
use highlight::{HighlightTerms, Snippet, Span};
use query::Node;
use std::collections::HashMap;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{TantivyDocument, Term};

/// JSON schema name of search output.
pub const SCHEMA: &str = "polsearch.search.v1";

/// Weight of a match in the section headings relative to the body.
pub const HEADING_BOOST: f32 = 1.5;
/// Extra weight for a Japanese word found contiguously (not only as separate morphemes) in
/// loose mode.
pub const CONTIGUOUS_BOOST: f32 = 2.0;
/// Weight of a Japanese word's morphemes (which score a match found as written).
pub const MORPHEME_WEIGHT: f32 = 0.5;

/// Filters that restrict a search.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only passages of documents in this language.
    pub lang: Option<Lang>,
    /// Only passages of this document.
    pub doc: Option<String>,
    /// Ministry, program and fiscal-year filters.
    pub facets: FacetFilters,
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query text.
    pub query: String,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Filters.
    pub filters: Filters,
    /// Expand registry aliases (`SATREPS` also finds its full names).
    pub expand: bool,
    /// Count facet values over all matches.
    pub facet_counts: bool,
    /// Skip highlights and snippets (for callers that only need the passages).
    pub skip_snippets: bool,
    /// Match every unquoted Japanese word loosely (as `~word`: its morphemes anywhere in the
    /// passage) instead of as written.
    pub loose: bool,
}

/// One ranked passage.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank over all hits (offset included).
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// The passage.
    pub passage: StoredPassage,
    /// Its document.
    pub doc: Option<DocRecord>,
    /// Matched spans in the passage text.
    pub highlights: Vec<Span>,
    /// Snippet around the best match.
    pub snippet: Snippet,
}

/// The result of a search.
#[derive(Debug, Clone)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Total matching passages.
    pub total: usize,
    /// Offset applied.
    pub offset: usize,
    /// Limit applied.
    pub limit: usize,
    /// Warnings (lenient parsing, ignored parts).
    pub warnings: Vec<String>,
    /// Alias expansions applied.
    pub expansions: Vec<Expansion>,
    /// Filters applied.
    pub filters: Filters,
    /// Facet counts over all matches (when asked).
    pub facet_counts: Option<FacetCounts>,
    /// Hits.
    pub hits: Vec<Hit>,
}

/// Field set used by one part of the query: English, morpheme and bigram fields with a boost.
#[derive(Clone, Copy)]
struct FieldSet {
    en: Field,
    ja: Field,
    bi: Field,
    boost: f32,
}

/// How a word's Japanese runs match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// As written (grep semantics), morphemes scoring.
    Word,
    /// All morphemes anywhere in the passage.
    Loose,
    /// Exact phrase.
    Phrase,
}

/// English function words: not required when they stand beside other words in an unquoted
/// query (`support of startups by universities`). Written in capitals they are acronyms
/// (`IT`, `US`) and count.
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "such", "that", "the", "their", "this", "to", "was",
    "were", "which", "with",
];

/// True for an unquoted word that is an English function word.
fn is_function_word(n: &Node) -> bool {
    let Node::Word { text, .. } = n else {
        return false;
    };
    let t = text.trim();
    if t.chars().count() > 1 && t.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    FUNCTION_WORDS.contains(&t.to_ascii_lowercase().as_str())
}

struct Compiler<'a> {
    body: FieldSet,
    head: FieldSet,
    loose: bool,
    loosenable: &'a mut Vec<String>,
    terms: &'a mut HighlightTerms,
    warnings: &'a mut Vec<String>,
}

fn term_q(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

fn or(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().unwrap();
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn and(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().unwrap();
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

fn boost(q: Box<dyn Query>, b: f32) -> Box<dyn Query> {
    if (b - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, b))
    }
}

/// Phrase (or single term) over positioned tokens.
fn phrase_q(field: Field, toks: &[(usize, String)]) -> Box<dyn Query> {
    if toks.len() == 1 {
        return term_q(field, &toks[0].1);
    }
    let base = toks[0].0;
    Box::new(PhraseQuery::new_with_offset(
        toks.iter()
            .map(|(p, t)| (p - base, Term::from_field_text(field, t)))
            .collect(),
    ))
}

/// Exact Japanese string as a bigram phrase; one character as a bigram-prefix query.
fn bigram_q(field: Field, s: &str) -> Box<dyn Query> {
    let grams = bigram::query_grams(s);
    if s.chars().count() == 1 {
        let c = &grams[0];
        let mut alts = vec![term_q(field, c)];
        if let Ok(r) = RegexQuery::from_pattern(&format!("{}.", regex_escape(c)), field) {
            alts.push(Box::new(r));
        }
        return or(alts);
    }
    // A phrase of n bigrams would score like n terms; scale it to about one word's weight so
    // a long Japanese word or name does not outweigh the rest of the query (or an English hit).
    let n = grams.len();
    let toks: Vec<(usize, String)> = grams.into_iter().enumerate().collect();
    boost(phrase_q(field, &toks), 2.0 / (n as f32 + 1.0))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Compiler<'_> {
    fn sets(&self, field: &Option<String>) -> Vec<FieldSet> {
        match field.as_deref() {
            Some("heading") => vec![FieldSet {
                boost: 1.0,
                ..self.head
            }],
            Some("text") => vec![self.body],
            _ => vec![self.body, self.head],
        }
    }

    /// Builds a query for the same logical match over each field set, ORed.
    fn over(&self, sets: &[FieldSet], f: impl Fn(FieldSet) -> Box<dyn Query>) -> Box<dyn Query> {
        or(sets.iter().map(|s| boost(f(*s), s.boost)).collect())
    }

    fn compile(&mut self, node: &Node, positive: bool) -> Option<Box<dyn Query>> {
        match node {
            Node::Word { field, text } => {
                let mode = if self.loose { Mode::Loose } else { Mode::Word };
                self.text(field, text, mode, positive)
            }
            Node::Loose { field, text } => self.text(field, text, Mode::Loose, positive),
            Node::Phrase { field, text } => self.text(field, text, Mode::Phrase, positive),
            Node::Not(inner) => {
                let q = self.compile(inner, !positive)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                    (Occur::MustNot, Box::new(exclude::Materialized(q))),
                ])))
            }
            Node::And(items) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                // Function words (`of`, `by`, `the`) are not required next to other words; they
                // still score, and count inside phrases. Nor are they highlighted.
                let all_optional = items.iter().all(is_function_word);
                for it in items {
                    if let Node::Not(inner) = it {
                        if let Some(q) = self.compile(inner, !positive) {
                            clauses.push((Occur::MustNot, Box::new(exclude::Materialized(q))));
                        }
                    } else if !all_optional && is_function_word(it) {
                        if let Some(q) = self.compile(it, false) {
                            clauses.push((Occur::Should, q));
                        }
                    } else if let Some(q) = self.compile(it, positive) {
                        clauses.push((Occur::Must, q));
                    }
                }
                if clauses.is_empty() {
                    return None;
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(items) => {
                let qs: Vec<_> = items
                    .iter()
                    .filter_map(|it| self.compile(it, positive))
                    .collect();
                if qs.is_empty() {
                    None
                } else {
                    Some(or(qs))
                }
            }
        }
    }

    /// A word, loose word or phrase: its Latin tokens as a term or phrase; each Japanese run
    /// (with the digits and Latin letters written inside it) as written for a word or phrase,
    /// its morphemes scoring the match, or as a bag of its morphemes for a loose word.
    fn text(
        &mut self,
        field: &Option<String>,
        text: &str,
        mode: Mode,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        let sets = self.sets(field);
        let norm = normalize(text);
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        let en: Vec<(usize, String)> = english::tokens(&norm.text)
            .into_iter()
            .map(|t| (t.pos as usize, t.text))
            .collect();
        if !en.is_empty() {
            if positive {
                if en.len() == 1 {
                    self.terms.english.insert(en[0].1.clone());
                } else {
                    self.terms
                        .english_phrases
                        .push(en.iter().map(|(_, t)| t.clone()).collect());
                }
            }
            // A phrase weighs about as much as one word, like a Japanese phrase (see
            // `bigram_q`), so long names and alias expansions do not swamp the ranking.
            let scale = if en.len() > 1 {
                2.0 / (en.len() as f32 + 1.0)
            } else {
                1.0
            };
            parts.push(boost(self.over(&sets, |s| phrase_q(s.en, &en)), scale));
        }
        for (run_start, run_end) in script::bigram_runs(&norm.text) {
            // A run of Japanese with the digits and Latin letters written inside it.
            let s = &norm.text[run_start..run_end];
            if positive {
                self.terms.japanese.push(s.to_string());
            }
            let as_written = self.over(&sets, |fs| bigram_q(fs.bi, s));
            if mode == Mode::Phrase {
                parts.push(as_written);
                continue;
            }
            let mut morphs: Vec<japanese::Morpheme> = Vec::new();
            let mut units: Vec<LooseUnit> = Vec::new();
            for r in script::runs(s) {
                if r.script != script::Script::Japanese {
                    continue;
                }
                match japanese::segment(&s[r.start..r.end]) {
                    Ok(m) => {
                        units.extend(loose_units(&s[r.start..r.end], &m));
                        morphs.extend(m.into_iter().filter(|m| !japanese::is_stop(m)));
                    }
                    Err(e) => {
                        self.warnings
                            .push(format!("{e}; Japanese matched by characters only"));
                    }
                }
            }
            if mode == Mode::Word {
                // The word as written is required; its morphemes only score (BM25 on the
                // morpheme field), so a passage holding the word as a word ranks above one
                // holding it inside a longer compound.
                if positive && units.len() > 1 {
                    self.loosenable.push(s.to_string());
                }
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, as_written)];
                for m in &morphs {
                    let indexed = crate::analysis::morph_index_form(m);
                    clauses.push((
                        Occur::Should,
                        boost(
                            self.over(&sets, |fs| term_q(fs.ja, &indexed)),
                            MORPHEME_WEIGHT,
                        ),
                    ));
                }
                parts.push(if clauses.len() == 1 {
                    clauses.pop().unwrap().1
                } else {
                    Box::new(BooleanQuery::new(clauses))
                });
                continue;
            }
            // Loose: each unit anywhere in the passage, a morpheme found as a morpheme or as
            // its characters; the Latin and digit tokens of the run are required through the
            // English fields above.
            let pure = !s.chars().any(|c| c.is_ascii_alphanumeric());
            if pure && units.len() <= 1 {
                parts.push(as_written);
                continue;
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for u in &units {
                if positive {
                    self.terms.japanese.push(u.text.clone());
                }
                let q = match &u.morpheme {
                    Some(m) => {
                        let indexed = crate::analysis::morph_index_form(m);
                        self.over(&sets, |fs| {
                            or(vec![term_q(fs.ja, &indexed), bigram_q(fs.bi, &m.surface)])
                        })
                    }
                    None => self.over(&sets, |fs| bigram_q(fs.bi, &u.text)),
                };
                clauses.push((Occur::Must, q));
            }
            let contiguous = boost(as_written, CONTIGUOUS_BOOST);
            if clauses.is_empty() {
                parts.push(contiguous);
                continue;
            }
            clauses.push((Occur::Should, contiguous));
            parts.push(Box::new(BooleanQuery::new(clauses)));
        }
        if parts.is_empty() {
            self.warnings
                .push(format!("nothing searchable in {text:?}: ignored"));
            return None;
        }
        Some(and(parts))
    }
}

/// What the loose mode requires of a Japanese run: a morpheme, or a stretch written as is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LooseUnit {
    /// The unit's text as written in the query.
    text: String,
    /// The morpheme, when the unit is exactly one morpheme of two or more characters.
    morpheme: Option<japanese::Morpheme>,
}

/// Splits a Japanese run into what the loose mode requires: its content morphemes, with
/// particles and auxiliaries as breaks. A single character is not a word (ANDed anywhere it
/// matches almost everything), so it stays glued to the morpheme it is written against:
/// `光ファイバ整備への補助` → `光ファイバ`, `整備`, `補助`; `第七条` → `第七条`.
fn loose_units(run: &str, morphs: &[japanese::Morpheme]) -> Vec<LooseUnit> {
    // Chunks of adjacent content morphemes (a stop word breaks a chunk).
    let mut chunks: Vec<Vec<&japanese::Morpheme>> = vec![Vec::new()];
    for m in morphs {
        if japanese::is_stop(m) {
            chunks.push(Vec::new());
        } else {
            chunks.last_mut().expect("never empty").push(m);
        }
    }
    let mut out = Vec::new();
    for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
        // Groups of morphemes: a single character joins the next morpheme (or the previous
        // one at the end of the chunk).
        let mut groups: Vec<Vec<&japanese::Morpheme>> = Vec::new();
        let mut carry: Vec<&japanese::Morpheme> = Vec::new();
        for m in chunk {
            carry.push(m);
            if m.surface.chars().count() > 1 {
                groups.push(std::mem::take(&mut carry));
            }
        }
        if !carry.is_empty() {
            match groups.last_mut() {
                Some(g) => g.extend(carry),
                None => groups.push(carry),
            }
        }
        for g in groups {
            let text = run[g[0].start..g[g.len() - 1].end].to_string();
            let morpheme = (g.len() == 1).then(|| g[0].clone());
            out.push(LooseUnit { text, morpheme });
        }
    }
    out
}

/// A compiled query: the tantivy query (without filters), what to highlight, the warnings of
/// lenient parsing and the alias expansions applied.
pub struct Compiled {
    /// The query; `None` when nothing searchable was given.
    pub query: Option<Box<dyn Query>>,
    /// Terms to highlight.
    pub terms: HighlightTerms,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Alias expansions.
    pub expansions: Vec<Expansion>,
    /// Unquoted Japanese words matched as written that the loose mode would split into
    /// several morphemes (what a loose retry would change).
    pub loosenable: Vec<String>,
}

/// Compiles query text; `reg` enables alias expansion; `loose` matches every unquoted
/// Japanese word by its morphemes anywhere in the passage (as `~word` does for one word).
pub fn compile(pol: &PolIndex, text: &str, reg: Option<&Registry>, loose: bool) -> Compiled {
    let (node, mut warnings) = query::parse(text);
    let mut expansions = Vec::new();
    let node = match reg {
        Some(reg) => node.map(|n| facets::expand(reg, n, &mut expansions)),
        None => node,
    };
    let mut terms = HighlightTerms::default();
    let mut loosenable = Vec::new();
    let f = &pol.fields;
    let q = node.and_then(|n| {
        let mut c = Compiler {
            body: FieldSet {
                en: f.body_en,
                ja: f.body_ja,
                bi: f.body_bi,
                boost: 1.0,
            },
            head: FieldSet {
                en: f.head_en,
                ja: f.head_ja,
                bi: f.head_bi,
                boost: HEADING_BOOST,
            },
            loose,
            loosenable: &mut loosenable,
            terms: &mut terms,
            warnings: &mut warnings,
        };
        c.compile(&n, true)
    });
    Compiled {
        query: q,
        terms,
        warnings,
        expansions,
        loosenable,
    }
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// The query with its filters, and whether either was given (else it is every passage).
fn with_filters(pol: &PolIndex, q: Option<&dyn Query>, filters: &Filters) -> (BooleanQuery, bool) {
    let f = &pol.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, filter(pol.rec_query(REC_PASSAGE)))];
    if let Some(q) = q {
        clauses.push((Occur::Must, q.box_clone()));
    }
    if let Some(lang) = filters.lang {
        clauses.push((Occur::Must, filter(term_q(f.lang, lang.code()))));
    }
    if let Some(doc) = &filters.doc {
        clauses.push((Occur::Must, filter(term_q(f.doc_id, doc))));
    }
    for q in filters.facets.queries(f) {
        clauses.push((Occur::Must, filter(q)));
    }
    let given = clauses.len() > 1;
    (BooleanQuery::new(clauses), given)
}

/// The warning given when no passage holds the query's Japanese words as written and they
/// were searched loosely instead.
fn loosened_warning(words: &[String]) -> String {
    format!(
        "no passage holds {} as written; searched loosely instead (each word's parts anywhere \
         in the passage, as ~word)",
        words
            .iter()
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Runs a search. When nothing matches and the query has unquoted Japanese words that split
/// into several morphemes (a natural-language query such as `光ファイバ整備への補助`), it is
/// run again in the loose mode and a warning says so.
pub fn search(
    pol: &PolIndex,
    reg: &Registry,
    req: &SearchRequest,
) -> Result<SearchResponse, IndexError> {
    let (resp, loosenable) = search_once(pol, reg, req)?;
    if resp.total > 0 || req.loose || loosenable.is_empty() {
        return Ok(resp);
    }
    let loose = SearchRequest {
        loose: true,
        ..req.clone()
    };
    let (mut again, _) = search_once(pol, reg, &loose)?;
    again.warnings.push(loosened_warning(&loosenable));
    Ok(again)
}

fn search_once(
    pol: &PolIndex,
    reg: &Registry,
    req: &SearchRequest,
) -> Result<(SearchResponse, Vec<String>), IndexError> {
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let Compiled {
        query: q,
        terms,
        warnings,
        expansions,
        loosenable,
    } = compile(pol, &req.query, req.expand.then_some(reg), req.loose);
    let has_query = q.is_some();
    let (full, given) = with_filters(pol, q.as_deref(), &req.filters);
    if !given {
        let resp = SearchResponse {
            query: req.query.clone(),
            total: 0,
            offset: req.offset,
            limit: req.limit,
            warnings,
            expansions,
            filters: req.filters.clone(),
            facet_counts: None,
            hits: Vec::new(),
        };
        return Ok((resp, loosenable));
    }
    let facet_counts = if req.facet_counts {
        Some(searcher.search(
            &full,
            &FacetCollector {
                scope: req.filters.facets.scope,
            },
        )?)
    } else {
        None
    };
    let limit = req.limit.max(1);
    let (top, total) = if has_query {
        // The first `RERANK_WINDOW` candidates are re-ranked by evidence BM25 cannot see; the
        // page is cut from the re-ranked list.
        let window = rank::RERANK_WINDOW.max(limit + req.offset);
        let (cands, total) = searcher.search(
            &full,
            &(TopDocs::with_limit(window).order_by_score(), Count),
        )?;
        // Evidence re-orders the first RERANK_WINDOW candidates; the rest keep BM25's order.
        let mut page = Vec::with_capacity(limit);
        let mut head = Vec::with_capacity(rank::RERANK_WINDOW);
        for (i, (score, addr)) in cands.into_iter().enumerate() {
            let reranked = i < rank::RERANK_WINDOW;
            if !reranked && i < req.offset {
                continue;
            }
            let d: TantivyDocument = searcher.doc(addr)?;
            let Some(p) = pol.passage_from_doc(&d) else {
                continue;
            };
            if reranked {
                head.push((score * rank::evidence(&p.passage, &terms), p));
            } else {
                page.push((score, p));
            }
        }
        // Stable: equal scores keep BM25's order.
        head.sort_by(|a, b| b.0.total_cmp(&a.0));
        let page: Vec<(f32, StoredPassage)> = head
            .into_iter()
            .chain(page)
            .skip(req.offset.min(rank::RERANK_WINDOW))
            .take(limit)
            .collect();
        (page, total)
    } else {
        // A filter alone lists passages in document order.
        let (all, total) = searcher.search(
            &full,
            &(
                TopDocs::with_limit(limit + req.offset)
                    .order_by_u64_field("ord", tantivy::Order::Asc),
                Count,
            ),
        )?;
        let mut page = Vec::new();
        for (_, addr) in all.into_iter().skip(req.offset) {
            let d: TantivyDocument = searcher.doc(addr)?;
            if let Some(p) = pol.passage_from_doc(&d) {
                page.push((0.0, p));
            }
        }
        (page, total)
    };
    let mut doc_cache: HashMap<String, Option<DocRecord>> = HashMap::new();
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, p)) in top.into_iter().enumerate() {
        let doc = match doc_cache.get(&p.doc_id) {
            Some(d) => d.clone(),
            None => {
                let d = pol.document(&searcher, &p.doc_id)?;
                doc_cache.insert(p.doc_id.clone(), d.clone());
                d
            }
        };
        let (highlights, snippet) = if req.skip_snippets {
            (Vec::new(), Snippet::default())
        } else {
            let h = highlight::highlight(&p.passage.text, &terms);
            let s = highlight::snippet(&p.passage.text, &h, highlight::SNIPPET_CHARS);
            (h, s)
        };
        hits.push(Hit {
            rank: req.offset + i + 1,
            score,
            passage: p,
            doc,
            highlights,
            snippet,
        });
    }
    let resp = SearchResponse {
        query: req.query.clone(),
        total,
        offset: req.offset,
        limit: req.limit,
        warnings,
        expansions,
        filters: req.filters.clone(),
        facet_counts,
        hits,
    };
    Ok((resp, loosenable))
}

/// Counts facet values over every passage matching `query` (all passages when empty); the
/// same matches as [`search`] with the same query, filters, expansion and `loose` (including
/// its loose retry when nothing matches as written).
pub fn count(
    pol: &PolIndex,
    reg: Option<&Registry>,
    query: &str,
    filters: &Filters,
    loose: bool,
) -> Result<(FacetCounts, usize, Compiled), IndexError> {
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let run = |loose: bool| -> Result<(FacetCounts, usize, Compiled), IndexError> {
        let compiled = compile(pol, query, reg, loose);
        let (full, _) = with_filters(pol, compiled.query.as_deref(), filters);
        let (counts, total) = searcher.search(
            &full,
            &(
                FacetCollector {
                    scope: filters.facets.scope,
                },
                Count,
            ),
        )?;
        Ok((counts, total, compiled))
    };
    let (counts, total, compiled) = run(loose)?;
    if total > 0 || loose || compiled.loosenable.is_empty() {
        return Ok((counts, total, compiled));
    }
    let (counts, total, mut again) = run(true)?;
    again.warnings.push(loosened_warning(&compiled.loosenable));
    Ok((counts, total, again))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> Vec<String> {
        let m = japanese::segment(s).unwrap();
        loose_units(s, &m).into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn loose_units_glue_single_characters() {
        assert_eq!(units("第七条"), vec!["第七条"]);
        assert_eq!(
            units("光ファイバ整備への補助"),
            vec!["光ファイバ", "整備", "補助"]
        );
        assert_eq!(units("研究開発推進"), vec!["研究", "開発", "推進"]);
    }
}
