//! `polsearch show`: a passage with its citation and neighbouring paragraphs.

use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::render::{self, Format};
use polsearch::wire::show::show_parts;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Passage id (as printed by `search`)
    id: String,
    /// Paragraphs to show before and after
    #[arg(long, short = 'C', default_value_t = 1)]
    context: u64,
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON (schema polsearch.show.v1)
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let pol = PolIndex::open(&index_path)?;
    let reg = pol.registry()?;
    let Some((target, context, doc, names)) = show_parts(&pol, &reg, &a.id, a.context)? else {
        eprintln!(
            "polsearch: no passage with id {:?} in {}",
            a.id,
            index_path.display()
        );
        return Ok(EXIT_NONE);
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let format = if a.json { Format::Json } else { Format::Text };
    render::print_show(&mut out, &target, &context, doc.as_ref(), &names, format)?;
    out.flush()?;
    Ok(EXIT_MATCH)
}
