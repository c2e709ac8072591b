//! Recall against grep: for a few hundred Japanese substrings (2–8 characters, inside one run
//! of Japanese script) sampled deterministically from the shipped Japanese documents, every
//! passage whose text contains the substring must be returned, for the unquoted query and for
//! the quoted phrase alike. Prints the recall; it must be 1.0.

use polsearch::analysis::script::is_japanese_char;
use polsearch::facets::Registry;
use polsearch::index::writer::{index, IndexOptions};
use polsearch::index::PolIndex;
use polsearch::search::{search, SearchRequest};
use std::collections::HashSet;

const SAMPLES: usize = 300;

/// A small deterministic generator (64-bit LCG).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn every_grep_match_is_found() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-recall-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let pol = PolIndex::open_or_create(&dir).unwrap();
    let opts = IndexOptions {
        roots: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/ja").into()],
        ..Default::default()
    };
    let report = index(&pol, &opts, &|_| {}).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let reg = Registry::builtin();

    // Every passage with its text, as the index stores it.
    let all = search(
        &pol,
        reg,
        &SearchRequest {
            query: String::new(),
            limit: 100_000,
            skip_snippets: true,
            filters: polsearch::search::Filters {
                lang: Some(polsearch::model::Lang::Ja),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    let mut passages: Vec<(String, String)> = all
        .hits
        .iter()
        .map(|h| (h.passage.passage.id.clone(), h.passage.passage.text.clone()))
        .collect();
    passages.sort();
    assert!(passages.len() > 500, "{} passages", passages.len());

    let mut rng = Lcg(20261125);
    let mut samples: Vec<String> = Vec::new();
    let mut tries = 0;
    while samples.len() < SAMPLES && tries < SAMPLES * 100 {
        tries += 1;
        let (_, text) = &passages[rng.next(passages.len())];
        let chars: Vec<char> = text.chars().collect();
        if chars.len() < 2 {
            continue;
        }
        let len = 2 + rng.next(7);
        let start = rng.next(chars.len());
        if start + len > chars.len() {
            continue;
        }
        let sub = &chars[start..start + len];
        if !sub.iter().all(|&c| is_japanese_char(c)) {
            continue;
        }
        let s: String = sub.iter().collect();
        if !samples.contains(&s) {
            samples.push(s);
        }
    }
    assert_eq!(samples.len(), SAMPLES);

    let mut expected_total = 0usize;
    let mut found_total = 0usize;
    let mut misses = Vec::new();
    for s in &samples {
        let expected: HashSet<&str> = passages
            .iter()
            .filter(|(_, t)| t.contains(s.as_str()))
            .map(|(id, _)| id.as_str())
            .collect();
        for query in [s.clone(), format!("\"{s}\"")] {
            let resp = search(
                &pol,
                reg,
                &SearchRequest {
                    query: query.clone(),
                    limit: 100_000,
                    expand: false,
                    skip_snippets: true,
                    ..Default::default()
                },
            )
            .unwrap();
            let got: HashSet<&str> = resp
                .hits
                .iter()
                .map(|h| h.passage.passage.id.as_str())
                .collect();
            expected_total += expected.len();
            let found = expected.iter().filter(|id| got.contains(*id)).count();
            found_total += found;
            if found < expected.len() {
                misses.push(format!("{query}: {found}/{}", expected.len()));
            }
        }
    }
    let recall = found_total as f64 / expected_total as f64;
    println!(
        "recall against grep: {recall:.4} ({found_total}/{expected_total} passage matches, {} substrings, unquoted and quoted)",
        samples.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(recall, 1.0, "misses: {misses:?}");
}
