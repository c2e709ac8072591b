//! Analyzer throughput in MB/s: normalization alone, then each analyzer over English and
//! Japanese text, one paragraph (line) at a time as the indexer feeds passages, and
//! `analyze_for_index` (what the indexer runs on every passage: all three fields). For
//! Japanese, raw lindera segmentation of the same lines shows the analyzer's overhead.

mod common;

use common::Lang;
use criterion::measurement::Measurement;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput};
use polsearch::analysis::{normalize, Analyzer};
use std::hint::black_box;

fn lines(lang: Lang) -> (Vec<String>, String) {
    let roots = common::roots(lang);
    let files = common::files(&roots);
    let texts = common::sample_text(&files, common::sample_mb() << 20);
    let lines: Vec<String> = texts
        .iter()
        .flat_map(|t| t.lines())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    (lines, common::describe(&roots))
}

fn bench_lang<M: Measurement>(c: &mut Criterion<M>, lang: Lang) {
    let (lines, what) = lines(lang);
    let bytes: usize = lines.iter().map(String::len).sum();
    eprintln!(
        "analysis/{}: {} lines, {:.1} MB from {what}",
        lang.code(),
        lines.len(),
        bytes as f64 / 1e6
    );
    let mut g = c.benchmark_group(format!("analyze_{}", lang.code()));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("normalize", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(normalize::normalize(l));
            }
        })
    });
    let analyzers: &[Analyzer] = match lang {
        Lang::En => &[Analyzer::English],
        Lang::Ja => &[Analyzer::Morph, Analyzer::Bigram],
    };
    for &a in analyzers {
        g.bench_function(BenchmarkId::new("analyzer", a.name()), |b| {
            b.iter(|| {
                for l in &lines {
                    black_box(a.analyze(l));
                }
            })
        });
    }
    // what the indexer runs on every passage: one normalization, then the three fields
    g.bench_function("analyze_for_index", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(polsearch::analysis::analyze_for_index(l));
            }
        })
    });
    if lang == Lang::Ja {
        raw_lindera(&mut g, &lines);
    }
    g.finish();
}

/// Raw lindera segmentation (IPADIC, normal mode) of the same lines, without normalization,
/// script splitting or stop-word filtering: the floor under the Morph analyzer.
fn raw_lindera<M: Measurement>(g: &mut BenchmarkGroup<'_, M>, lines: &[String]) {
    let mut raw = common::RawLindera::new();
    g.bench_function("lindera_raw", |b| {
        b.iter(|| {
            for l in lines {
                black_box(raw.count(l));
            }
        })
    });
    // polsearch's wrapper: the same plus the user dictionary and owned morphemes
    g.bench_function("japanese_segment", |b| {
        b.iter(|| {
            for l in lines {
                black_box(polsearch::analysis::japanese::segment(l).ok());
            }
        })
    });
}

fn analysis<M: Measurement>(c: &mut Criterion<M>) {
    bench_lang(c, Lang::En);
    bench_lang(c, Lang::Ja);
}

bench_main!(analysis);
