//! `polsearch stats`: documents, passages, languages, encodings, size on disk and when the
//! index was last written.

use super::{IndexArg, EXIT_MATCH};
use polsearch::index::stats::stats;
use polsearch::index::PolIndex;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON (schema polsearch.stats.v1)
    #[arg(long)]
    json: bool,
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let pol = PolIndex::open(&index_path)?;
    let s = stats(&pol)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let v = polsearch::wire::StatsOutput {
            schema: polsearch::wire::stats::SCHEMA,
            stats: s,
        };
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(EXIT_MATCH);
    } else {
        writeln!(out, "index         {} (format {})", s.index, s.format)?;
        writeln!(out, "documents     {}", s.documents)?;
        writeln!(out, "passages      {}", s.passages)?;
        for (lang, c) in &s.languages {
            writeln!(
                out,
                "  {lang}          {} documents, {} passages",
                c.documents, c.passages
            )?;
        }
        let enc: Vec<String> = s
            .encodings
            .iter()
            .map(|(e, n)| format!("{e} {n}"))
            .collect();
        writeln!(out, "encodings     {}", enc.join(", "))?;
        writeln!(out, "sources       {}", mb(s.source_bytes))?;
        writeln!(
            out,
            "size on disk  {} in {} segments",
            mb(s.size_on_disk),
            s.segments
        )?;
        writeln!(
            out,
            "last indexed  {}",
            s.last_indexed.as_deref().unwrap_or("never")
        )?;
        writeln!(
            out,
            "last commit   {}",
            s.last_commit.as_deref().unwrap_or("never")
        )?;
    }
    out.flush()?;
    Ok(EXIT_MATCH)
}
