//! `polsearch docs`: every indexed document with its title, publisher, year, language,
//! passages, path, hash and when it was indexed.

use super::{IndexArg, EXIT_MATCH};
use polsearch::index::PolIndex;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON (schema polsearch.docs.v1)
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let pol = PolIndex::open(&index_path)?;
    let reader = pol.reader()?;
    let docs = pol.documents(&reader.searcher())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let v = polsearch::wire::DocsOutput {
            schema: polsearch::wire::docs::SCHEMA,
            documents: docs
                .iter()
                .map(polsearch::wire::docs::DocOut::from)
                .collect(),
        };
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for d in &docs {
            writeln!(out, "{}  [{}]", d.path, d.meta.id)?;
            let mut about = vec![d.meta.title.clone()];
            if let Some(p) = &d.meta.publisher {
                about.push(p.clone());
            }
            if let Some(y) = d.meta.year {
                about.push(y.to_string());
            }
            writeln!(out, "    {}", about.join(" — "))?;
            writeln!(
                out,
                "    {}, {} passages, {} bytes {}, hash {}, indexed {}",
                d.meta.lang.code(),
                d.passages,
                d.bytes,
                d.encoding,
                &d.hash[..d.hash.len().min(16)],
                d.indexed_at
            )?;
        }
        writeln!(out, "{} documents", docs.len())?;
    }
    out.flush()?;
    Ok(EXIT_MATCH)
}
