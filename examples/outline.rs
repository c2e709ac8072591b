//! Prints the outline (headings) and passages polsearch parses out of a file.
//!
//! `cargo run --example outline -- corpus/en/mext-white-paper-2021-part2-ch5.txt`

use polsearch::parse::{self, Format};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: outline FILE")?;
    let bytes = std::fs::read(&path)?;
    let text = polsearch::corpus::decode::decode(&bytes)?.text;
    let format = Format::detect(std::path::Path::new(&path), &text);
    let parsed = parse::parse(&text, format);
    println!("format: {format:?}; title: {:?}", parsed.title);
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
