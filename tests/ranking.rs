//! Ranking quality on a judged query set (`tests/judged/queries.tsv`): for each query, the rank
//! of the first passage a careful researcher would want first (one that contains one of the
//! judged substrings), over the whole shipped corpus with default options. Prints every
//! query's rank and the mean reciprocal rank; fails when MRR or success@10 drop below the
//! floors below. Run with `cargo test --test ranking -- --nocapture` to see the table.

mod common;

use polsearch::analysis::normalize::normalize;
use polsearch::facets::Registry;
use polsearch::search::{search, SearchRequest};

/// Floors for the judged set (measured values are printed by the test).
const MRR_FLOOR: f64 = 0.82;
const SUCCESS10_FLOOR: f64 = 0.88;
/// Hits examined per query.
const DEPTH: usize = 20;

struct Judged {
    query: String,
    kind: String,
    relevant: Vec<String>,
}

fn judged() -> Vec<Judged> {
    let tsv = include_str!("judged/queries.tsv");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // header
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() >= 4, "malformed judged line: {l}");
            Judged {
                query: cols[0].to_string(),
                kind: cols[1].to_string(),
                relevant: cols[3].split(" || ").map(key).collect(),
            }
        })
        .collect()
}

/// Comparison key: normalized, without whitespace (passage repairs join lines).
fn key(s: &str) -> String {
    normalize(s)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn judged_queries_rank_the_best_passage_first() {
    let pol = common::index_in_process("ranking", "corpus");
    let reg = Registry::builtin();
    let set = judged();
    assert!(set.len() >= 40, "judged set has {} queries", set.len());
    let mut rr_sum = 0.0;
    let mut success10 = 0usize;
    let mut by_kind: std::collections::BTreeMap<String, (f64, usize)> = Default::default();
    for j in &set {
        let r = search(
            &pol,
            reg,
            &SearchRequest {
                query: j.query.clone(),
                limit: DEPTH,
                expand: true,
                skip_snippets: true,
                ..Default::default()
            },
        )
        .unwrap();
        let rank = r
            .hits
            .iter()
            .position(|h| {
                let p = &h.passage.passage;
                let text = key(&p.text);
                j.relevant.iter().any(|k| text.contains(k.as_str()))
            })
            .map(|i| i + 1);
        let rr = rank.map_or(0.0, |r| 1.0 / r as f64);
        rr_sum += rr;
        if rank.is_some_and(|r| r <= 10) {
            success10 += 1;
        }
        let e = by_kind.entry(j.kind.clone()).or_default();
        e.0 += rr;
        e.1 += 1;
        println!(
            "{:>5} {:<9} {} (of {})",
            rank.map_or("-".to_string(), |r| r.to_string()),
            j.kind,
            j.query,
            r.total
        );
    }
    let n = set.len() as f64;
    let mrr = rr_sum / n;
    let s10 = success10 as f64 / n;
    for (k, (sum, c)) in &by_kind {
        println!("MRR {k}: {:.3} ({c} queries)", sum / *c as f64);
    }
    println!(
        "judged queries: {}; MRR {mrr:.3}; success@10 {s10:.3}",
        set.len()
    );
    assert!(mrr >= MRR_FLOOR, "MRR {mrr:.3} < {MRR_FLOOR}");
    assert!(
        s10 >= SUCCESS10_FLOOR,
        "success@10 {s10:.3} < {SUCCESS10_FLOOR}"
    );
}
