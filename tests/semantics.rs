//! What a query means, checked against the texts of the hits on the shipped corpus: an
//! unquoted Japanese word matches where it occurs as written; search totals, `count` totals
//! and `--facets` counts agree; English function words are not required; highlights mark
//! what matched, whole (alias expansions, Japanese words); `~word` and `loose` are the loose
//! bag-of-morphemes mode.

mod common;

use polsearch::analysis::normalize::normalize;
use polsearch::facets::Registry;
use polsearch::index::writer::{index, IndexOptions};
use polsearch::index::PolIndex;
use polsearch::search::{count, search, Filters, SearchRequest, SearchResponse};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The shipped corpus, indexed once per test binary.
fn shipped() -> &'static PolIndex {
    static IDX: OnceLock<PolIndex> = OnceLock::new();
    IDX.get_or_init(|| common::index_in_process("semantics", "corpus"))
}

fn run(pol: &PolIndex, q: &str, loose: bool) -> SearchResponse {
    search(
        pol,
        Registry::builtin(),
        &SearchRequest {
            query: q.into(),
            limit: 100_000,
            expand: true,
            loose,
            ..Default::default()
        },
    )
    .unwrap()
}

fn is_kanji(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Four-kanji words drawn deterministically from the Japanese passages.
fn sample_words(pol: &PolIndex, n: usize) -> Vec<String> {
    let all = search(
        pol,
        Registry::builtin(),
        &SearchRequest {
            limit: 100_000,
            skip_snippets: true,
            filters: Filters {
                lang: Some(polsearch::model::Lang::Ja),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    let mut words = BTreeSet::new();
    for h in &all.hits {
        let t: Vec<char> = normalize(&h.passage.passage.text).text.chars().collect();
        for w in t.windows(4) {
            if w.iter().all(|&c| is_kanji(c)) {
                words.insert(w.iter().collect::<String>());
            }
        }
    }
    let words: Vec<String> = words.into_iter().collect();
    let step = (words.len() / n).max(1);
    words.into_iter().step_by(step).take(n).collect()
}

/// True when the hit's text, one of its headings or one of its footnotes holds `word` as
/// written (after the normalizer's repairs).
fn holds(h: &polsearch::search::Hit, word: &str) -> bool {
    let w = normalize(word).text;
    let p = &h.passage.passage;
    normalize(&p.text).text.contains(&w)
        || p.section_path
            .iter()
            .any(|s| normalize(s).text.contains(&w))
        || p.footnotes
            .iter()
            .any(|f| normalize(&f.text).text.contains(&w))
}

#[test]
fn an_unquoted_japanese_word_matches_as_written() {
    let pol = shipped();
    let words = sample_words(pol, 40);
    assert!(words.len() >= 30, "{words:?}");
    let mut loosened = 0;
    for w in &words {
        let r = run(pol, w, false);
        assert!(
            r.total >= 1,
            "{w}: no hit although it was drawn from the text"
        );
        assert_eq!(r.total, r.hits.len());
        for h in &r.hits {
            assert!(
                holds(h, w),
                "{w}: hit {} does not hold the word: {}",
                h.passage.passage.id,
                h.passage.passage.text
            );
        }
        // The loose mode finds at least as much, and `~word` is the same as `loose`.
        let l = run(pol, &format!("~{w}"), false);
        assert!(l.total >= r.total, "{w}: ~ found {} < {}", l.total, r.total);
        assert_eq!(run(pol, w, true).total, l.total, "{w}: --loose != ~");
        if l.total > r.total {
            loosened += 1;
        }
    }
    // The loose mode is looser for some of them (compounds split by IPADIC).
    assert!(loosened > 0, "loose mode never found more");
}

#[test]
fn spaces_and_quotes_keep_their_meaning() {
    let pol = shipped();
    // Two words separated by a full-width space: both anywhere in the passage.
    let r = run(pol, "科学技術　国際", false);
    assert!(r.total > 0);
    for h in &r.hits {
        assert!(
            holds(h, "科学技術") && holds(h, "国際"),
            "{:?}",
            h.passage.passage.text
        );
    }
    // A phrase is exact.
    let q = run(pol, "「科学技術」", false);
    let u = run(pol, "科学技術", false);
    assert_eq!(q.total, u.total);
}

#[test]
fn counts_agree_with_hits() {
    let pol = shipped();
    let reg = Registry::builtin();
    for q in [
        "科学技術",
        "研究開発",
        "SATREPS",
        "国際協力 推進",
        "innovation",
        "~研究開発推進",
    ] {
        let r = search(
            pol,
            reg,
            &SearchRequest {
                query: q.into(),
                limit: 100_000,
                expand: true,
                facet_counts: true,
                skip_snippets: true,
                ..Default::default()
            },
        )
        .unwrap();
        let (counts, total, _) = count(pol, Some(reg), q, &Filters::default(), false).unwrap();
        assert_eq!(total, r.total, "{q}: count total != search total");
        assert_eq!(r.hits.len(), r.total, "{q}");
        assert_eq!(Some(&counts), r.facet_counts.as_ref(), "{q}: facets differ");
        // Every fiscal-year count is the number of hits carrying that year.
        for (fy, n) in &counts.fy {
            let by_hits = r
                .hits
                .iter()
                .filter(|h| {
                    let p = &h.passage.passage;
                    p.facets.fy.contains(fy) || p.facets_inherited.fy.contains(fy)
                })
                .count() as u64;
            assert_eq!(*n, by_hits, "{q}: FY{fy}");
        }
    }
}

/// A small corpus of its own, for cases the shipped documents do not hold.
fn fixture(name: &str, files: &[(&str, &str)]) -> PolIndex {
    let root: PathBuf = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-sem-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("docs")).unwrap();
    for (f, text) in files {
        std::fs::write(root.join("docs").join(f), text).unwrap();
    }
    let pol = PolIndex::open_or_create(&root.join("idx")).unwrap();
    let opts = IndexOptions {
        roots: vec![root.join("docs")],
        ..Default::default()
    };
    index(&pol, &opts, &|_| {}).unwrap();
    pol
}

#[test]
fn english_function_words_are_not_required() {
    let pol = fixture(
        "fw",
        &[(
            "a.txt",
            "Universities support startups through incubation programmes.\n\n\
             The ministry publishes statistics every year.\n",
        )],
    );
    let r = run(&pol, "support of startups by universities", false);
    assert_eq!(r.total, 1, "{:?}", r.warnings);
    // Function words are not highlighted; the content words are.
    let h = &r.hits[0];
    let marked: Vec<&str> = h
        .highlights
        .iter()
        .map(|s| &h.passage.passage.text[s.byte_start..s.byte_end])
        .collect();
    assert_eq!(marked, vec!["Universities", "support", "startups"]);
    // They still count inside a phrase, and alone.
    assert_eq!(run(&pol, "\"support of startups\"", false).total, 0);
    assert_eq!(run(&pol, "the", false).total, 1);
    // In capitals a short word is an acronym and is required.
    assert_eq!(run(&pol, "IT startups", false).total, 0);
}

#[test]
fn alias_expansions_are_highlighted_whole() {
    let pol = shipped();
    let r = run(pol, "SATREPS", false);
    assert!(!r.expansions.is_empty());
    let mut allowed: BTreeSet<String> = BTreeSet::new();
    allowed.insert(normalize("SATREPS").text);
    for e in &r.expansions {
        for a in &e.aliases {
            allowed.insert(
                normalize(a)
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    let mut seen = 0;
    for h in &r.hits {
        let text = &h.passage.passage.text;
        for s in &h.highlights {
            let marked = normalize(&text[s.byte_start..s.byte_end]).text;
            let marked: String = marked.split_whitespace().collect::<Vec<_>>().join(" ");
            let compact: String = marked.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                allowed.contains(&marked) || allowed.iter().any(|a| a.replace(' ', "") == compact),
                "{}: marked {marked:?}, not SATREPS or a whole alias",
                h.passage.passage.id
            );
            seen += 1;
        }
    }
    assert!(seen > 5);
}

#[test]
fn a_japanese_word_is_highlighted_as_the_word() {
    let pol = shipped();
    for w in ["科学技術", "研究開発"] {
        let r = run(pol, w, false);
        for h in &r.hits {
            let text = &h.passage.passage.text;
            for s in &h.highlights {
                let marked = normalize(&text[s.byte_start..s.byte_end]).text;
                assert!(
                    marked.contains(w),
                    "{w}: marked {marked:?} in {}",
                    h.passage.passage.id
                );
            }
            for s in &h.snippet.highlights {
                let marked = normalize(&h.snippet.text[s.byte_start..s.byte_end]).text;
                assert!(marked.contains(w), "{w}: snippet marks {marked:?}");
            }
        }
    }
}

#[test]
fn a_sentence_that_occurs_nowhere_as_written_is_searched_loosely_with_a_warning() {
    let pol = shipped();
    let q = "光ファイバ整備への補助";
    let r = run(pol, q, false);
    assert!(r.total > 0);
    assert!(
        r.warnings.iter().any(|w| w.contains("searched loosely")),
        "{:?}",
        r.warnings
    );
    for h in &r.hits {
        for w in ["光ファイバ", "整備", "補助"] {
            assert!(holds(h, w), "{w} missing in {}", h.passage.passage.text);
        }
    }
    let (_, total, c) = count(
        pol,
        Some(Registry::builtin()),
        q,
        &Filters::default(),
        false,
    )
    .unwrap();
    assert_eq!(total, r.total);
    assert!(c.warnings.iter().any(|w| w.contains("searched loosely")));
    // A word that occurs as written is never loosened.
    let r = run(pol, "科学技術", false);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_kept_reader_sees_every_new_commit() {
    let pol = fixture("reader", &[("a.txt", "Quantum research funding grew.\n")]);
    assert_eq!(run(&pol, "quantum", false).total, 1);
    // Same PolIndex, a new commit: the next search sees it without reopening.
    let docs = pol.path.parent().unwrap().join("docs");
    std::fs::write(docs.join("b.txt"), "Quantum computing roadmap.\n").unwrap();
    let opts = IndexOptions {
        roots: vec![docs.clone()],
        ..Default::default()
    };
    index(&pol, &opts, &|_| {}).unwrap();
    assert_eq!(run(&pol, "quantum", false).total, 2);
    // A removal (deletions in an existing segment) too.
    std::fs::remove_file(docs.join("a.txt")).unwrap();
    index(&pol, &opts, &|_| {}).unwrap();
    assert_eq!(run(&pol, "quantum", false).total, 1);
}
