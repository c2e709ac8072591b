//! Footnotes as a user meets them: footnote definitions are hits of their own (kind
//! `footnote`, citing their line) and make the passage that cites them findable.

mod common;

use common::{build_index, run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const OCR_DOC: &str = "mext-sti-wp-2024-p2c2s1-ocr";

/// An index of the whole shipped corpus, built once per test run.
fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_index("cli-foot", "corpus"))
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--index", index().to_str().unwrap(), "--json"]);
    let out = run(&all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

fn search(query: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["search", query, "--limit", "10000"];
    args.extend_from_slice(extra);
    json(&args)["hits"].as_array().unwrap().clone()
}

fn text_out(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--index", index().to_str().unwrap()]);
    let out = run(&all);
    String::from_utf8(out.stdout).unwrap()
}

fn line(h: &Value) -> u64 {
    h["lines"]["start"].as_u64().unwrap()
}

#[test]
fn a_footnote_is_a_hit_citing_its_own_line() {
    let hits = search(
        "\"International Telecommunication Union\"",
        &["--lang", "en"],
    );
    let note = hits
        .iter()
        .find(|h| h["kind"] == "footnote")
        .expect("the definition is a hit");
    assert_eq!(line(note), 305);
    assert_eq!(note["lines"]["end"], 305);
    assert_eq!(note["text"], "¹ International Telecommunication Union");
}

#[test]
fn words_spread_over_a_passage_and_its_footnote_find_the_passage() {
    // "Telecommunication" is only in the footnote of ITU¹; "Beyond" only in the passage.
    let hits = search("Telecommunication Union Beyond", &["--lang", "en"]);
    let h = hits
        .iter()
        .find(|h| h["text"].as_str().unwrap().contains("ITU¹"))
        .expect("the passage citing ITU¹");
    assert_eq!(line(h), 297);
    assert_eq!(h["footnotes"][0]["line"], 305);
    // The wrong definition (PCT¹ is the Patent Cooperation Treaty) no longer pulls the
    // passage of line 313 in.
    assert!(!hits
        .iter()
        .any(|h| line(h) != 297 && h["kind"] != "footnote"));
    let show = text_out(&["show", h["id"].as_str().unwrap()]);
    assert!(
        show.contains("[¹] International Telecommunication Union (line 305)"),
        "{show}"
    );
}

#[test]
fn an_ocr_footnote_block_is_footnotes() {
    for (q, at) in [
        ("\"International Science and Technology Center\"", 767),
        ("\"Economic Research Institute for ASEAN\"", 768),
    ] {
        let hits = search(q, &["--doc", OCR_DOC]);
        assert!(!hits.is_empty(), "{q}");
        for h in &hits {
            let t = h["text"].as_str().unwrap();
            if h["kind"] == "footnote" {
                assert_eq!(line(h), at, "{t}");
                assert!(!t.contains('^') && !t.contains('\n'), "{t}");
            } else {
                // only passages citing it as a footnote
                assert!(
                    h["footnotes"].to_string().contains(&q[1..q.len() - 1]),
                    "{h}"
                );
            }
        }
        assert!(hits.iter().any(|h| h["kind"] == "footnote"));
    }
}
