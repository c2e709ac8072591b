//! `polsearch explain` on the shipped corpus: what an English and a Japanese query became
//! (analysis per field, expansions, filters) and why the top hits matched (terms per field with
//! their BM25 contributions, footnote matches, the mentions that made a filter match).

mod common;

use common::{build_index, run, s};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_index("explain", "corpus"))
}

fn explain(query: &str, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["explain", query, "--index", s(index()), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (v, out.status.code().unwrap())
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn english_query_terms_stems_and_a_footnote_match() {
    let (v, code) = explain("Telecommunication Union Beyond", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["schema"], "polsearch.explain.v1");
    let terms = v["query"]["terms"].as_array().unwrap();
    assert_eq!(terms.len(), 3);
    assert_eq!(terms[0]["normalized"], "telecommunication");
    assert_eq!(strs(&terms[0]["english"]), ["telecommun"]);
    assert_eq!(strs(&terms[0]["fields"]), ["body", "heading"]);
    let hit = &v["hits"][0];
    // `Union` is only in the footnote the passage's ITU¹ marker cites
    let union = hit["matched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["term"] == "Union")
        .expect("Union matched");
    assert_eq!(union["fields"][0]["field"], "footnote");
    assert!(union["fields"][0]["score"].as_f64().unwrap() > 0.0);
    // tantivy's explanation of the BM25 score
    let bm25 = hit["bm25"].as_f64().unwrap();
    assert!((hit["explanation"]["value"].as_f64().unwrap() - bm25).abs() < 1e-4);
    assert!(hit["explanation"]["details"].is_array());
    // full-width input is normalized (NFKC, case folding)
    let (v, _) = explain("ＳＡＴＲＥＰＳ", &["--limit", "1"]);
    assert_eq!(v["query"]["terms"][0]["normalized"], "satreps");
    assert_eq!(v["query"]["expansions"][0]["id"], "satreps");
}

#[test]
fn japanese_query_morphemes_bigrams_and_fields() {
    let (v, code) = explain(
        "科学技術 heading:振興",
        &["--doc", "kagaku-gijutsu-kihon-ho"],
    );
    assert_eq!(code, 0);
    let t = &v["query"]["terms"];
    assert_eq!(strs(&t[0]["morphemes"]), ["科学", "技術"]);
    assert!(strs(&t[0]["bigrams"]).contains(&"学技"));
    assert_eq!(strs(&t[1]["fields"]), ["heading"]);
    assert_eq!(v["query"]["filters"]["doc"], "kagaku-gijutsu-kihon-ho");
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert_eq!(
        hits.len() as u64,
        v["total"].as_u64().unwrap().min(5),
        "default --limit 5"
    );
    for h in hits {
        let m = h["matched"].as_array().unwrap();
        let shinko = m
            .iter()
            .find(|m| m["term"] == "振興")
            .expect("振興 matched");
        assert_eq!(shinko["fields"].as_array().unwrap().len(), 1);
        assert_eq!(shinko["fields"][0]["field"], "heading");
    }
}

#[test]
fn filters_show_the_mentions_that_matched() {
    let (v, _) = explain("SATREPS", &["--ministry", "文部科学省", "--limit", "2"]);
    assert_eq!(strs(&v["query"]["filters"]["ministry"]), ["mext"]);
    let mut mentioned = 0;
    for h in v["hits"].as_array().unwrap() {
        let f = &h["filters"][0];
        assert_eq!(f["kind"], "ministry");
        assert_eq!(f["value"], "mext");
        if let Some(t) = f["text"].as_str() {
            // the span points at the mention in the passage text
            assert!(["MEXT", "文部科学省"].contains(&t), "{t}");
            mentioned += 1;
        }
    }
    assert!(mentioned > 0);
}

#[test]
fn text_output_and_exit_codes() {
    let out = run(&["explain", "SATREPS", "--index", s(index()), "--limit", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("query: SATREPS\n  word \"SATREPS\" in body, heading"),
        "{text}"
    );
    assert!(text.contains("matching passages"), "{text}");
    assert!(text.contains("\"SATREPS\": body"), "{text}");
    let out = run(&["explain", "zzzxqv", "--index", s(index())]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["explain", "x", "--lang", "fr", "--index", s(index())]);
    assert_eq!(out.status.code(), Some(2));
}
