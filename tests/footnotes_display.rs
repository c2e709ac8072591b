//! Footnotes and OCR display as a user meets them: footnote definitions are hits of their own
//! (kind `footnote`, citing their line) and make the passage that cites them findable; OCR'd
//! text is shown repaired, with the source's bytes beside it for exact quotation.

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
fn ocr_text_is_shown_repaired_and_quoted_from_the_source() {
    let hits = search("SATREPS", &["--doc", OCR_DOC, "--no-expand"]);
    let h = hits
        .iter()
        .find(|h| line(h) <= 764 && 764 <= h["lines"]["end"].as_u64().unwrap())
        .expect("the SATREPS paragraph of the OCR'd paper");
    let text = h["text"].as_str().unwrap();
    for shown in [
        "協力プログラム（SATREPS³）",
        "援助（ODA）",
        "環境・エネルギー",
    ] {
        assert!(text.contains(shown), "{shown} not in {text}");
    }
    for damage in [
        "プ ログラム",
        "S A T R E P S",
        "${ }^{",
        "O D A",
        "エネル ギー",
    ] {
        assert!(!text.contains(damage), "{damage} in {text}");
        assert!(!h["snippet"].as_str().unwrap().contains(damage));
    }
    // The source's bytes stay quotable.
    let src = h["source_text"].as_str().expect("source_text");
    assert!(src.contains("協力プ ログラム（S A T R E P S ${ }^{3}$ ）"));
    // Highlights point into what is shown.
    let hl = h["highlights"].as_array().unwrap();
    assert!(!hl.is_empty());
    for s in hl {
        let (a, b) = (
            s["byte_start"].as_u64().unwrap() as usize,
            s["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], "SATREPS");
    }
    // Its footnote is linked to the marker (the block lost its numbers).
    assert!(h["footnotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["marker"] == "3"
            && f["text"]
                == "Science and Technology Research Partnership for Sustainable Development"
            && f["line"] == 769));
    // Text output and `show` show the repaired text too.
    let out = text_out(&["search", "SATREPS", "--doc", OCR_DOC, "--no-expand"]);
    assert!(!out.contains("S A T R E P S"), "{out}");
    assert!(out.contains("SATREPS"));
    let show = text_out(&["show", h["id"].as_str().unwrap()]);
    assert!(show.contains("協力プログラム（SATREPS³）"), "{show}");
    let show = json(&["show", h["id"].as_str().unwrap()]);
    assert_eq!(show["passage"]["text"], h["text"]);
    assert_eq!(show["passage"]["source_text"], h["source_text"]);
}

#[test]
fn section_paths_are_shown_repaired() {
    let hits = search("中小企業等経営強化法", &["--doc", OCR_DOC]);
    let h = hits.iter().find(|h| line(h) == 17).expect("line 17");
    assert_eq!(
        h["section_path"][1], "1. SBIR制度による支援",
        "{}",
        h["section_path"]
    );
    assert!(h["text"]
        .as_str()
        .unwrap()
        .starts_with("SBIR¹制度においては"));
}

#[test]
fn clean_text_has_no_source_text() {
    for h in search("ITU", &["--lang", "en"]) {
        assert!(h.get("source_text").is_none(), "{h}");
    }
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
