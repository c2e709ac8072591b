//! Indexing throughput end to end (walk, read, decode, parse, facets, analyze, index, commit)
//! in MB/s of input files, with 1 and 2 threads, for English and Japanese; beside it, for
//! Japanese, raw segmentation of the same text, so the cost above segmentation is visible.
//! Prints the index size relative to the input once per set.

mod common;

use common::Lang;
use criterion::measurement::Measurement;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use polsearch::index::writer::{index, IndexOptions};
use polsearch::index::PolIndex;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

fn build(
    roots: &[PathBuf],
    threads: usize,
    dir: &std::path::Path,
) -> polsearch::index::writer::IndexReport {
    let pol = PolIndex::open_or_create(dir).expect("create index");
    let opts = IndexOptions {
        roots: roots.to_vec(),
        threads,
        ..Default::default()
    };
    index(&pol, &opts, &|_| {}).expect("index")
}

fn bench_lang<M: Measurement>(c: &mut Criterion<M>, lang: Lang) {
    let roots = common::roots(lang);
    let files = common::files(&roots);
    let bytes = common::total_bytes(&files);
    let what = common::describe(&roots);

    // One build first: the report and the index size relative to the input.
    let dir = tempfile::tempdir().expect("tempdir");
    let report = build(&roots, 2, dir.path());
    let size = common::dir_bytes(dir.path());
    eprintln!(
        "indexing/{}: {} files, {:.1} MB from {what}: {} passages, {:.1} MB/s on 2 threads; index {:.1} MB = {:.0}% of the input",
        lang.code(),
        files.len(),
        bytes as f64 / 1e6,
        report.passages,
        report.mb_per_s(),
        size as f64 / 1e6,
        100.0 * size as f64 / bytes as f64
    );
    drop(dir);

    let mut g = c.benchmark_group(format!("index_{}", lang.code()));
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(1));
    g.measurement_time(Duration::from_secs(1));
    if lang == Lang::Ja {
        // Raw segmentation of the same text, one line at a time, on one thread.
        let texts = common::sample_text(&files, usize::MAX);
        let mut raw = common::RawLindera::new();
        g.bench_function("lindera_raw_1t", |b| {
            b.iter(|| {
                for t in &texts {
                    for l in t.lines() {
                        black_box(raw.count(l));
                    }
                }
            })
        });
        g.bench_function("morph_analyzer_1t", |b| {
            b.iter(|| {
                for t in &texts {
                    for l in t.lines() {
                        black_box(polsearch::analysis::Analyzer::Morph.analyze(l));
                    }
                }
            })
        });
        g.bench_function("analyze_for_index_1t", |b| {
            b.iter(|| {
                for t in &texts {
                    for l in t.lines() {
                        black_box(polsearch::analysis::analyze_for_index(l));
                    }
                }
            })
        });
    }
    for threads in [1, 2] {
        g.bench_with_input(
            BenchmarkId::new("end_to_end", format!("{threads}t")),
            &threads,
            |b, &t| {
                b.iter_batched(
                    || tempfile::tempdir().expect("tempdir"),
                    |dir| {
                        black_box(build(&roots, t, dir.path()));
                        dir
                    },
                    BatchSize::PerIteration,
                )
            },
        );
    }
    g.finish();
}

fn indexing<M: Measurement>(c: &mut Criterion<M>) {
    bench_lang(c, Lang::En);
    bench_lang(c, Lang::Ja);
}

bench_main!(indexing);
