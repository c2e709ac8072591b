//! Japanese search as a user runs it: section paths and line ranges, quoted versus unquoted
//! queries, mixed English/Japanese queries, width and OCR variants, statute citations, and
//! highlights that point at the matched characters.

mod common;

use common::{build_index, run, ROOT};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// An index of the whole shipped corpus, built once per test run.
fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_index("cli-ja", "corpus"))
}

fn search(query: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "search",
        query,
        "--index",
        index().to_str().unwrap(),
        "--json",
        "--limit",
        "10000",
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().unwrap()
}

fn hits(v: &Value) -> &Vec<Value> {
    v["hits"].as_array().unwrap()
}

fn source_lines(path: &str) -> Vec<String> {
    let p = if Path::new(path).is_absolute() {
        PathBuf::from(path)
    } else {
        Path::new(ROOT).join(path)
    };
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

#[test]
fn japanese_hits_cite_section_paths_and_lines() {
    let v = search("国家戦略", &[]);
    assert!(total(&v) > 0);
    let first = &hits(&v)[0];
    let path: Vec<&str> = first["section_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(path[0], "第5章　ICT政策の動向");
    assert!(path.iter().any(|p| p.starts_with("第1節")), "{path:?}");
    assert!(path.contains(&"1　国家戦略の推進"), "{path:?}");
    for h in hits(&v) {
        let lines = source_lines(h["document"]["path"].as_str().unwrap());
        let (s, e) = (
            h["lines"]["start"].as_u64().unwrap() as usize,
            h["lines"]["end"].as_u64().unwrap() as usize,
        );
        let span = polsearch::analysis::normalize::normalize(&lines[s - 1..e].join("")).text;
        let headings = h["section_path"].to_string();
        let notes = h["footnotes"].to_string();
        // an unquoted query is a bag of its words: each word is in the cited lines, a heading
        // of the passage's section or one of its footnotes
        assert!(
            ["国家", "戦略"]
                .iter()
                .all(|w| span.contains(w) || headings.contains(w) || notes.contains(w)),
            "{}:{s}-{e} lacks the query",
            h["document"]["path"]
        );
    }
}

#[test]
fn highlights_point_at_the_matched_characters() {
    let v = search("総務省", &["--no-expand"]);
    assert!(total(&v) > 5);
    for h in hits(&v) {
        let text = h["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        for hl in h["highlights"].as_array().unwrap() {
            let (bs, be) = (
                hl["byte_start"].as_u64().unwrap() as usize,
                hl["byte_end"].as_u64().unwrap() as usize,
            );
            let (cs, ce) = (
                hl["char_start"].as_u64().unwrap() as usize,
                hl["char_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[bs..be], "総務省");
            assert_eq!(chars[cs..ce].iter().collect::<String>(), "総務省");
        }
        let snippet = h["snippet"].as_str().unwrap();
        for hl in h["snippet_highlights"].as_array().unwrap() {
            let (bs, be) = (
                hl["byte_start"].as_u64().unwrap() as usize,
                hl["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&snippet[bs..be], "総務省");
        }
    }
}

#[test]
fn unquoted_is_the_word_loose_is_a_bag_and_quoted_is_a_phrase() {
    // 開発研究 as written versus 研究 … 開発 anywhere in the passage (`~`, `--loose`).
    let word = search("開発研究", &[]);
    let bag = search("~開発研究", &[]);
    let phrase = search("\"開発研究\"", &[]);
    let corner = search("「開発研究」", &[]);
    assert!(
        total(&bag) > total(&phrase),
        "{} vs {}",
        total(&bag),
        total(&phrase)
    );
    assert_eq!(total(&word), total(&phrase));
    assert_eq!(total(&bag), total(&search("開発研究", &["--loose"])));
    assert_eq!(total(&phrase), total(&corner));
    for h in hits(&phrase) {
        assert!(
            h["text"].as_str().unwrap().contains("開発研究")
                || h["section_path"].to_string().contains("開発研究")
        );
    }
    // In the loose mode, passages that hold the words contiguously rank first.
    let bag = search("~研究開発推進", &[]);
    let first = hits(&bag)[0]["text"].as_str().unwrap();
    assert!(first.contains("研究開発") && first.contains("推進"));
    // The full-width space separates words like a space.
    assert_eq!(
        total(&search("研究　開発", &[])),
        total(&search("研究 開発", &[]))
    );
}

#[test]
fn mixed_english_and_japanese() {
    let v = search("SATREPS 国際", &["--no-expand"]);
    assert!(total(&v) > 0);
    for h in hits(&v) {
        let t = h["text"].as_str().unwrap();
        assert!(t.contains("国際"));
        assert!(t.contains("S A T R E P S") || t.contains("SATREPS"), "{t}");
    }
    // SATREPS written letter-spaced by OCR inside Japanese text is found by the plain acronym.
    let ja = search("SATREPS", &["--lang", "ja", "--no-expand"]);
    assert!(total(&ja) >= 2);
    // Full-width and half-width forms are one term.
    assert_eq!(
        total(&search("ＳＡＴＲＥＰＳ", &["--no-expand"])),
        total(&search("satreps", &["--no-expand"]))
    );
    assert!(total(&search("SBIR", &["--lang", "ja", "--no-expand"])) >= 1);
}

#[test]
fn ocr_line_wraps_do_not_split_words() {
    let v = search(
        "\"実施している\"",
        &["--doc", "mext-sti-wp-2024-p2c2s1-ocr"],
    );
    assert!(hits(&v)
        .iter()
        .any(|h| h["text"].as_str().unwrap().contains("実施して いる")));
}

#[test]
fn statutes_cite_articles_and_paragraphs() {
    let v = search("弁明書", &[]);
    assert!(total(&v) > 0);
    let h = &hits(&v)[0];
    assert_eq!(h["document"]["title"], "行政手続法");
    let label = h["label"].as_str().unwrap();
    assert!(
        label.starts_with('第') && label.contains('条') && label.contains('項'),
        "{label}"
    );
    assert!(h["citation"].as_str().unwrap().contains("行政手続法"));
    // The table of contents does not make sections: 第一章 is cited from the body.
    let v = search("目的", &["--doc", "jst-ho"]);
    for h in hits(&v) {
        assert!(h["lines"]["start"].as_u64().unwrap() > 12, "{h}");
    }
}

#[test]
fn short_queries_work() {
    assert!(total(&search("憲法", &[])) > 0);
    assert!(total(&search("憲", &[])) >= total(&search("憲法", &[])));
    // particles alone still match literally
    assert!(total(&search("\"の\"", &[])) > 0);
}
