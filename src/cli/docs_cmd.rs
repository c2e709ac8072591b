//! `polsearch docs`: every indexed document with its title, publisher, year, language,
//! passages, path, hash and when it was indexed.

use super::{IndexArg, EXIT_MATCH};
use polsearch::index::PolIndex;
use serde_json::json;
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
        let list: Vec<_> = docs
            .iter()
            .map(|d| {
                json!({
                    "id": d.meta.id,
                    "title": d.meta.title,
                    "publisher": d.meta.publisher,
                    "year": d.meta.year,
                    "edition": d.meta.edition,
                    "lang": d.meta.lang.code(),
                    "passages": d.passages,
                    "path": d.path,
                    "hash": d.hash,
                    "bytes": d.bytes,
                    "encoding": d.encoding,
                    "indexed_at": d.indexed_at,
                    "source": d.meta.source,
                    "licence": d.meta.licence,
                })
            })
            .collect();
        let v = json!({"schema": "polsearch.docs.v1", "documents": list});
        writeln!(out, "{v}")?;
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
