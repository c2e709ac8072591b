//! `polsearch cite`: citations of passages (by id, or every hit of a query) as a text line,
//! BibTeX, CSL-JSON or RIS. The citations are built and formatted by [`polsearch::cite`].

use super::filters::{parse_lang, MatchArgs, PlaceArgs};
use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::cite::{self, Citation, CiteFormat};
use polsearch::index::PolIndex;
use polsearch::model::Lang;
use polsearch::search::{search, SearchRequest};
use std::io::Write;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    Bibtex,
    CslJson,
    Ris,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Passage ids (as printed by `search`)
    #[arg(required_unless_present = "query", conflicts_with = "query")]
    ids: Vec<String>,
    /// Cite every hit of this query instead (up to --limit)
    #[arg(long, allow_hyphen_values = true)]
    query: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Language of the text citation's style (en, ja) [default: the document's]; not a filter
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// With --query: number of hits to cite
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    #[command(flatten)]
    filters: PlaceArgs,
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    index: IndexArg,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let pol = PolIndex::open(&index_path)?;
    let (citations, missing): (Vec<Citation>, Vec<String>) = match &a.query {
        Some(q) => {
            let reg = pol.registry()?;
            let req = SearchRequest {
                query: q.clone(),
                limit: a.limit,
                filters: a.filters.resolve(&pol, &reg, None)?,
                expand: !a.matching.no_expand,
                skip_snippets: true,
                loose: a.matching.loose,
                ..Default::default()
            };
            let resp = search(&pol, &reg, &req)?;
            for w in &resp.warnings {
                eprintln!("polsearch: warning: {w}");
            }
            let cs = resp
                .hits
                .iter()
                .map(|h| Citation::new(&h.passage, h.doc.as_ref()))
                .collect();
            (cs, Vec::new())
        }
        None => cite::lookup(&pol, &a.ids)?,
    };
    for id in &missing {
        eprintln!(
            "polsearch: no passage with id {id:?} in {}",
            index_path.display()
        );
    }
    let format = match a.format {
        FormatArg::Text => CiteFormat::Text,
        FormatArg::Bibtex => CiteFormat::Bibtex,
        FormatArg::CslJson => CiteFormat::CslJson,
        FormatArg::Ris => CiteFormat::Ris,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    out.write_all(cite::format(&citations, format, a.lang).as_bytes())?;
    out.flush()?;
    Ok(if citations.is_empty() || !missing.is_empty() {
        EXIT_NONE
    } else {
        EXIT_MATCH
    })
}
