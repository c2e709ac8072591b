//! Query latency in process: `search()` on an open index (compile, collect the top 10 and the
//! total, load the stored passages, snippets and highlights), per query class of
//! `benches/queries/{en,ja}.tsv`. Before the criterion groups it prints p50 / p95 / p99 per
//! class over repeated runs of every query (criterion reports means, not tails).
//!
//! The index: `POLSEARCH_BENCH_INDEX` (an existing index, e.g. the combined one that
//! `benches/compare.py --combined` builds), else one built into a temporary folder from the
//! English and Japanese bench sets (see `common`).

mod common;

use common::Lang;
use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use polsearch::index::writer::{index, IndexOptions};
use polsearch::index::PolIndex;
use polsearch::search::{search, Filters, SearchRequest};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

struct Query {
    lang: Lang,
    class: String,
    req: SearchRequest,
}

fn queries() -> Vec<Query> {
    let mut out = Vec::new();
    for lang in [Lang::En, Lang::Ja] {
        let path = common::repo()
            .join("benches")
            .join("queries")
            .join(format!("{}.tsv", lang.code()));
        let text = std::fs::read_to_string(&path).expect("query file");
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let class = cols.next().unwrap_or("").to_string();
            let query = cols.next().unwrap_or("").to_string();
            let flags: Vec<&str> = cols.next().unwrap_or("").split_whitespace().collect();
            let mut filters = Filters::default();
            for w in flags.windows(2) {
                match w[0] {
                    "--lang" => filters.lang = polsearch::model::Lang::from_code(w[1]),
                    "--doc" => filters.doc = Some(w[1].to_string()),
                    _ => {}
                }
            }
            out.push(Query {
                lang,
                class,
                req: SearchRequest {
                    query,
                    limit: 10,
                    offset: 0,
                    filters,
                    expand: true,
                    // the rest as the CLI's defaults (snippets on, no facet counts)
                    ..Default::default()
                },
            });
        }
    }
    out
}

fn open_index() -> (PolIndex, Option<tempfile::TempDir>) {
    if let Some(p) = std::env::var_os("POLSEARCH_BENCH_INDEX").filter(|v| !v.is_empty()) {
        let p = std::path::PathBuf::from(p);
        eprintln!("query: index {}", p.display());
        return (
            PolIndex::open(&p).expect("open POLSEARCH_BENCH_INDEX"),
            None,
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut roots = common::roots(Lang::En);
    roots.extend(common::roots(Lang::Ja));
    let pol = PolIndex::open_or_create(dir.path()).expect("create index");
    let opts = IndexOptions {
        roots: roots.clone(),
        ..Default::default()
    };
    let r = index(&pol, &opts, &|_| {}).expect("index");
    eprintln!(
        "query: built an index of {} ({} passages, {:.1} MB) in {:.1}s",
        common::describe(&roots),
        r.passages,
        r.bytes as f64 / 1e6,
        r.seconds
    );
    (pol, Some(dir))
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let k = ((sorted.len() - 1) as f64 * p / 100.0).round() as usize;
    sorted[k].as_secs_f64() * 1e3
}

fn query_bench<M: Measurement>(c: &mut Criterion<M>) {
    let (pol, _dir) = open_index();
    let reg = pol.registry().expect("registry");
    let qs = queries();
    let reps: usize = std::env::var("POLSEARCH_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);

    // Tails: every query `reps` times (after one warm-up), per class.
    type Runs = (Vec<Duration>, Vec<Duration>, usize);
    let mut by_class: BTreeMap<(String, String), Runs> = BTreeMap::new();
    for q in &qs {
        let total = search(&pol, &reg, &q.req).expect("search").total;
        let e = by_class
            .entry((q.lang.code().to_string(), q.class.clone()))
            .or_default();
        e.2 += usize::from(total > 0);
        for _ in 0..reps {
            let t = Instant::now();
            let cpu = common::process_cpu();
            black_box(search(&pol, &reg, &q.req).expect("search"));
            e.1.push(common::process_cpu().saturating_sub(cpu));
            e.0.push(t.elapsed());
        }
    }
    println!("\nin-process search() latency, ms ({reps} runs of each query after a warm-up; wall and CPU time)");
    println!("| lang | class | queries (with hits) | p50 | p95 | p99 | max | CPU p50 | CPU p95 | CPU p99 |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for ((lang, class), (mut ts, mut cs, with_hits)) in by_class {
        ts.sort();
        cs.sort();
        println!(
            "| {lang} | {class} | {} ({with_hits}) | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
            ts.len() / reps,
            pct(&ts, 50.0),
            pct(&ts, 95.0),
            pct(&ts, 99.0),
            ts.last().unwrap().as_secs_f64() * 1e3,
            pct(&cs, 50.0),
            pct(&cs, 95.0),
            pct(&cs, 99.0),
        );
    }
    println!();

    // Criterion: mean time per query of each class (each iteration runs the whole class).
    for lang in [Lang::En, Lang::Ja] {
        let mut g = c.benchmark_group(format!("query_{}", lang.code()));
        g.sample_size(20);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(2));
        let mut classes: Vec<&str> = qs
            .iter()
            .filter(|q| q.lang == lang)
            .map(|q| q.class.as_str())
            .collect();
        classes.dedup();
        for class in classes {
            let set: Vec<&Query> = qs
                .iter()
                .filter(|q| q.lang == lang && q.class == class)
                .collect();
            g.throughput(Throughput::Elements(set.len() as u64));
            g.bench_function(BenchmarkId::new("class", class), |b| {
                b.iter(|| {
                    for q in &set {
                        black_box(search(&pol, &reg, &q.req).expect("search"));
                    }
                })
            });
        }
        g.finish();
    }
}

bench_main!(query_bench);
