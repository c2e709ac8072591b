//! Word reading throughput beside plain text, in MB/s of paragraph text: the same paragraphs
//! (a sample of the benchmark corpus, or the shipped `corpus/`) as a `.txt` file (decode +
//! parse) and as a `.docx` package built here (unzip + XML parts + outline), per language.
//! The ratio of the two is what reading Word files costs over text before analysis and
//! indexing, which dominate a run (see the `indexing` bench).

mod common;

use common::Lang;
use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use polsearch::corpus::{read, Source};
use polsearch::parse::{self, Format};
use std::hint::black_box;
use std::io::Write;
use std::path::Path;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A Word package of the paragraphs (one `w:p` each, deflated as Word does).
fn package(paragraphs: &[String]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(
            r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t xml:space="preserve">"#,
        );
        body.push_str(&escape(p));
        body.push_str("</w:t></w:r></w:p>");
    }
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("word/document.xml", doc.as_str()),
        ("word/styles.xml", styles),
    ] {
        z.start_file(name, opts).expect("zip entry");
        z.write_all(data.as_bytes()).expect("zip write");
    }
    z.finish().expect("zip").into_inner()
}

fn bench_lang<M: Measurement>(c: &mut Criterion<M>, lang: Lang) {
    let roots = common::roots(lang);
    let files = common::files(&roots);
    let paragraphs: Vec<String> = common::sample_text(&files, common::sample_mb() << 20)
        .iter()
        .flat_map(|t| t.lines())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let text_bytes: usize = paragraphs.iter().map(String::len).sum();
    let txt = paragraphs.join("\n\n");
    let docx = package(&paragraphs);
    eprintln!(
        "docx/{}: {} paragraphs, {:.1} MB of text from {}; .docx {:.1} MB",
        lang.code(),
        paragraphs.len(),
        text_bytes as f64 / 1e6,
        common::describe(&roots),
        docx.len() as f64 / 1e6
    );
    let mut g = c.benchmark_group(format!("read_{}", lang.code()));
    g.throughput(Throughput::Bytes(text_bytes as u64));
    g.sample_size(10);
    let txt_path = Path::new("sample.txt");
    g.bench_function("txt", |b| {
        b.iter(|| match read(txt_path, txt.as_bytes()).expect("text") {
            Source::Text(d) => black_box(parse::parse(&d.text, Format::detect(txt_path, &d.text))),
            Source::Word(_) => unreachable!(),
        })
    });
    let docx_path = Path::new("sample.docx");
    g.bench_function("docx", |b| {
        b.iter(|| match read(docx_path, &docx).expect("docx") {
            Source::Word(d) => black_box(d.parsed),
            Source::Text(_) => unreachable!(),
        })
    });
    g.bench_function("docx_unzip_only", |b| {
        b.iter(|| black_box(polsearch::corpus::docx::read_parts(&docx).expect("parts")))
    });
    g.finish();
}

fn docx<M: Measurement>(c: &mut Criterion<M>) {
    bench_lang(c, Lang::En);
    bench_lang(c, Lang::Ja);
}

bench_main!(docx);
