//! `polsearch search`: ranked passages with citations, as text, JSON or JSON Lines.

use super::filters::FilterArgs;
use super::{default_corpus, default_index, IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::writer::IndexOptions;
use polsearch::index::PolIndex;
use polsearch::render::{self, Format, Style};
use polsearch::search::facets::FacetNames;
use polsearch::search::{search, SearchRequest};
use std::io::Write;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query (Lucene-style: "phrase", OR, NOT/-, +, parentheses, heading:/text:)
    #[arg(default_value = "", allow_hyphen_values = true)]
    query: String,
    #[command(flatten)]
    index: IndexArg,
    /// Number of hits to print
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Hits to skip (for paging)
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[command(flatten)]
    filters: FilterArgs,
    /// Do not expand registry aliases (SATREPS alone, not its full names)
    #[arg(long)]
    no_expand: bool,
    /// Match unquoted Japanese words loosely: their morphemes anywhere in the passage (as
    /// `~word` does for one word) instead of as written
    #[arg(long)]
    loose: bool,
    /// Add counts per ministry, fiscal year and program over all matches
    #[arg(long)]
    facets: bool,
    /// Print one JSON object (schema polsearch.search.v1)
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,
    /// Print one JSON object per hit, then a summary line
    #[arg(long)]
    jsonl: bool,
    /// Bold the matches: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

/// Newest modification time of any file under `root`.
fn newest_mtime(root: &Path) -> Option<std::time::SystemTime> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok().and_then(|m| m.modified().ok()))
        .max()
}

/// With the default index and corpus, (re)index first when the index is missing or older
/// than the corpus, so one command builds, indexes and searches.
fn refresh_default(index_path: &Path) -> anyhow::Result<()> {
    let corpus = default_corpus();
    if !corpus.is_dir() {
        return Ok(());
    }
    let stamp = index_path.join("meta.json");
    let stale = match (
        stamp.metadata().and_then(|m| m.modified()),
        newest_mtime(&corpus),
    ) {
        (Ok(idx), Some(c)) => c > idx,
        (Err(_), _) => true,
        _ => false,
    };
    if stale {
        eprintln!(
            "polsearch: index {} is missing or older than {}; indexing first",
            index_path.display(),
            corpus.display()
        );
        let opts = IndexOptions {
            roots: vec![corpus],
            ..Default::default()
        };
        super::index_cmd::refresh(index_path, &opts)?;
    }
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = match a.index.dir {
        Some(p) => p,
        None => {
            let p = default_index();
            refresh_default(&p)?;
            p
        }
    };
    let pol = PolIndex::open(&index_path)?;
    let reg = pol.registry()?;
    let req = SearchRequest {
        query: a.query,
        limit: a.limit,
        offset: a.offset,
        filters: a.filters.resolve(&pol, &reg)?,
        expand: !a.no_expand,
        facet_counts: a.facets,
        skip_snippets: false,
        loose: a.loose,
    };
    let resp = search(&pol, &reg, &req)?;
    let names = FacetNames::of_response(&pol, &reg, &resp)?;
    let format = if a.json {
        Format::Json
    } else if a.jsonl {
        Format::Jsonl
    } else {
        Format::Text
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    render::print_search(&mut out, &resp, &names, format, Style::choose(&a.color))?;
    out.flush()?;
    Ok(if resp.total > 0 {
        EXIT_MATCH
    } else {
        EXIT_NONE
    })
}
