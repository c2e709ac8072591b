//! Prints the outline (headings) and passages polsearch parses out of a file.
//!
//! `cargo run --example outline -- corpus/en/mext-white-paper-2021-part2-ch5.txt`
//! (any format `index` reads, Word documents included; the "lines" of a Word document count
//! its paragraphs).

use polsearch::corpus::Source;
use polsearch::parse::{self, Format};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: outline FILE")?;
    let bytes = std::fs::read(&path)?;
    let parsed = match polsearch::corpus::read(std::path::Path::new(&path), &bytes)? {
        Source::Text(decoded) => {
            let format = Format::detect(std::path::Path::new(&path), &decoded.text);
            println!("format: {format:?}");
            parse::parse(&decoded.text, format)
        }
        Source::Word(d) => {
            println!("format: Word; core properties: {:?}", d.core);
            d.parsed
        }
    };
    println!("title: {:?}", parsed.title);
    for h in &parsed.headings {
        println!(
            "{}{} (line {})",
            "  ".repeat(h.level as usize - 1),
            h.text,
            h.line
        );
    }
    for p in &parsed.passages {
        let head: String = p.text.chars().take(70).collect();
        println!(
            "[{}] {}-{} {:?} ¶{}{} {head}",
            p.section_path
                .last()
                .map(|s| s.chars().take(20).collect::<String>())
                .unwrap_or_default(),
            p.line_start,
            p.line_end,
            p.kind,
            p.paragraph,
            p.label
                .as_ref()
                .map(|l| format!(" <{l}>"))
                .unwrap_or_default()
        );
        for f in &p.footnotes {
            println!("      footnote {} {} (line {})", f.marker, f.text, f.line);
        }
    }
    Ok(())
}
