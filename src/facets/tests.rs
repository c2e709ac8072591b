//! Extraction tests and the gold-file evaluation.

use super::*;
use crate::model::PassageKind;
use std::collections::BTreeMap;

pub(crate) fn passage(section: &[&str], text: &str) -> Passage {
    Passage {
        id: String::new(),
        section_path: section.iter().map(|s| s.to_string()).collect(),
        paragraph: 1,
        line_start: 1,
        line_end: 1,
        text: text.to_string(),
        source_text: None,
        kind: PassageKind::Body,
        footnotes: Vec::new(),
        label: None,
        facets: FacetSet::default(),
        facets_inherited: FacetSet::default(),
        facet_spans: Vec::new(),
    }
}

fn facets(t: &str) -> FacetSet {
    extract_text(Registry::builtin(), t).0
}

#[test]
fn smoke() {
    let f = facets("MEXT and 文部科学省 in FY2020");
    assert_eq!(f.ministry, vec!["mext"]);
}

#[derive(serde::Deserialize)]
struct GoldFile {
    passage: Vec<GoldPassage>,
}

#[derive(serde::Deserialize)]
struct GoldPassage {
    doc: String,
    source: String,
    #[serde(default)]
    section: Vec<String>,
    text: String,
    ministry: Vec<String>,
    fy: Vec<u16>,
    program: Vec<String>,
    inherited_ministry: Option<Vec<String>>,
    inherited_fy: Option<Vec<u16>>,
    inherited_program: Option<Vec<String>>,
    /// Names the document must give programs defined in its text (id label → name).
    #[serde(default)]
    program_names: BTreeMap<String, String>,
}

/// A gold label as an id: `ja:NAME` / `name:NAME` is a program defined in the text without an
/// acronym, anything else an id as is.
fn gold_program_id(label: &str) -> String {
    match label
        .strip_prefix("ja:")
        .or_else(|| label.strip_prefix("name:"))
    {
        Some(name) => text_program_id(None, name),
        None => label.to_string(),
    }
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn compare(
    score: &mut Score,
    misses: &mut Vec<String>,
    what: &str,
    source: &str,
    expected: &[String],
    got: &[String],
) {
    for e in expected {
        if got.contains(e) {
            score.tp += 1;
        } else {
            score.fn_ += 1;
            misses.push(format!("{source}: {what}: missed {e} (got {got:?})"));
        }
    }
    for g in got {
        if !expected.contains(g) {
            score.fp += 1;
            misses.push(format!(
                "{source}: {what}: spurious {g} (expected {expected:?})"
            ));
        }
    }
}

/// Scores of one gold file: ministry, fy, program, inherited; the misses; a printed report.
struct Evaluation {
    /// Passages in English and in Japanese.
    en: usize,
    ja: usize,
    scores: Vec<(&'static str, Score)>,
    misses: Vec<String>,
    /// Expected names of text-defined programs that the extraction got wrong.
    wrong_names: Vec<String>,
    report: String,
}

impl Evaluation {
    fn score(&self, kind: &str) -> &Score {
        &self.scores.iter().find(|(k, _)| *k == kind).unwrap().1
    }
}

fn evaluate(file: &str) -> Evaluation {
    let text = std::fs::read_to_string(format!("{}/tests/gold/{file}", env!("CARGO_MANIFEST_DIR")))
        .expect("gold file");
    let gold: GoldFile = toml::from_str(&text).expect("gold file parses");
    let reg = Registry::builtin();
    let en = gold
        .passage
        .iter()
        .filter(|p| !p.text.chars().any(norm::is_japanese))
        .count();
    let ja = gold.passage.len() - en;

    // Extract each doc's passages together, in file order.
    let mut docs: Vec<String> = Vec::new();
    for p in &gold.passage {
        if !docs.contains(&p.doc) {
            docs.push(p.doc.clone());
        }
    }
    let mut scores: Vec<(&str, Score)> = ["ministry", "fy", "program", "inherited"]
        .into_iter()
        .map(|k| (k, Score::default()))
        .collect();
    let mut misses = Vec::new();
    let mut wrong_names = Vec::new();
    for d in &docs {
        let gp: Vec<&GoldPassage> = gold.passage.iter().filter(|p| &p.doc == d).collect();
        let mut ps: Vec<Passage> = gp
            .iter()
            .map(|g| {
                let s: Vec<&str> = g.section.iter().map(String::as_str).collect();
                passage(&s, &g.text)
            })
            .collect();
        let names = extract_document(reg, &mut ps);
        for g in &gp {
            for (label, want) in &g.program_names {
                let got = names.get(&gold_program_id(label)).map(|t| t.name.as_str());
                if got != Some(want.as_str()) {
                    wrong_names.push(format!(
                        "{}: {label}: name {got:?}, expected {want:?}",
                        g.source
                    ));
                }
            }
        }
        for (g, p) in gp.iter().zip(&ps) {
            // Spans must point at real text.
            for s in &p.facet_spans {
                assert!(
                    p.text.is_char_boundary(s.byte_start)
                        && p.text.is_char_boundary(s.byte_end)
                        && s.byte_start < s.byte_end,
                    "{}: bad span {s:?}",
                    g.source
                );
            }
            let fy = |v: &[u16]| v.iter().map(|y| y.to_string()).collect::<Vec<_>>();
            let prog: Vec<String> = g.program.iter().map(|l| gold_program_id(l)).collect();
            compare(
                &mut scores[0].1,
                &mut misses,
                "ministry",
                &g.source,
                &g.ministry,
                &p.facets.ministry,
            );
            compare(
                &mut scores[1].1,
                &mut misses,
                "fy",
                &g.source,
                &fy(&g.fy),
                &fy(&p.facets.fy),
            );
            compare(
                &mut scores[2].1,
                &mut misses,
                "program",
                &g.source,
                &prog,
                &p.facets.program,
            );
            if let Some(m) = &g.inherited_ministry {
                compare(
                    &mut scores[3].1,
                    &mut misses,
                    "inherited ministry",
                    &g.source,
                    m,
                    &p.facets_inherited.ministry,
                );
            }
            if let Some(f) = &g.inherited_fy {
                compare(
                    &mut scores[3].1,
                    &mut misses,
                    "inherited fy",
                    &g.source,
                    &fy(f),
                    &fy(&p.facets_inherited.fy),
                );
            }
            if let Some(pr) = &g.inherited_program {
                let pr: Vec<String> = pr.iter().map(|l| gold_program_id(l)).collect();
                compare(
                    &mut scores[3].1,
                    &mut misses,
                    "inherited program",
                    &g.source,
                    &pr,
                    &p.facets_inherited.program,
                );
            }
        }
    }
    let mut report = format!(
        "{file}: {} passages ({en} en, {ja} ja)\n",
        gold.passage.len()
    );
    for (k, s) in &scores {
        report.push_str(&format!(
            "{k:>10}: precision {:.3} recall {:.3} (tp {}, fp {}, fn {})\n",
            s.precision(),
            s.recall(),
            s.tp,
            s.fp,
            s.fn_
        ));
    }
    println!("{report}");
    for m in misses.iter().chain(&wrong_names) {
        println!("  {m}");
    }
    Evaluation {
        en,
        ja,
        scores,
        misses,
        wrong_names,
        report,
    }
}

/// The shipped corpus's hand-labelled passages (plus a few fixtures).
#[test]
fn gold_precision_recall() {
    let e = evaluate("facets.toml");
    assert!(
        e.en >= 40 && e.ja >= 40,
        "gold set too small: {} en, {} ja",
        e.en,
        e.ja
    );
    let ok = e
        .scores
        .iter()
        .all(|(_, s)| s.precision() >= 0.95 && s.recall() >= 0.95);
    assert!(ok, "{}misses:\n{}", e.report, e.misses.join("\n"));
    assert!(e.wrong_names.is_empty(), "{}", e.wrong_names.join("\n"));
}

/// Held-out passages written for the test (not from the shipped documents): how extraction
/// generalises.
#[test]
fn gold_heldout_precision_recall() {
    let e = evaluate("facets_heldout.toml");
    assert!(e.en >= 25 && e.ja >= 25, "held-out set too small");
    let program = e.score("program");
    assert!(
        program.precision() >= 0.9 && program.recall() >= 0.9,
        "{}misses:\n{}",
        e.report,
        e.misses.join("\n")
    );
    for kind in ["ministry", "fy"] {
        let s = e.score(kind);
        assert!(s.precision() >= 0.93 && s.recall() >= 0.93, "{}", e.report);
    }
    // Programs defined in the text are named by the text that defines them.
    assert!(e.wrong_names.is_empty(), "{}", e.wrong_names.join("\n"));
}

#[test]
fn back_reference_blocked_by_unregistered_body() {
    let reg = Registry::builtin();
    let mut ps = vec![
        passage(&["1"], "電気通信紛争処理委員会は、答申を行った。"),
        passage(
            &["1"],
            "情報通信審議会IPネットワーク設備委員会において検討した。",
        ),
        passage(&["1"], "同委員会の検討結果を踏まえ、改正を行った。"),
        passage(&["2"], "同委員会は新たな節では何も指さない。"),
    ];
    extract_document(reg, &mut ps);
    assert!(
        ps[2].facets_inherited.ministry.is_empty(),
        "{:?}",
        ps[2].facets_inherited
    );
    assert!(ps[3].facets_inherited.ministry.is_empty());
}

#[test]
fn back_reference_kinds() {
    let reg = Registry::builtin();
    let mut ps = vec![
        passage(&["s"], "Since FY2017 MEXT has been implementing EDGE-NEXT. In FY2020 the ministry at JST started support."),
        passage(&["s"], "The Cabinet Office worked hard. The office also implements projects; the agency concerned agreed."),
        passage(&["t"], "The ministry decided."),
    ];
    extract_document(reg, &mut ps);
    assert!(ps[0].facets_inherited.ministry.is_empty());
    assert_eq!(ps[1].facets.ministry, vec!["cao"]);
    // "the agency": the nearest agency named earlier in the section is JST, not the Cabinet Office.
    assert_eq!(ps[1].facets_inherited.ministry, vec!["jst"]);
    assert!(ps[2].facets_inherited.ministry.is_empty());
}

#[test]
fn spans_point_into_original_text() {
    let t = "ＳＡＴＲＥＰＳ¹と S B I R ${ }^{1}$ 制度、２０２０年度（令和２年度）";
    let (f, spans) = extract_text(Registry::builtin(), t);
    assert_eq!(f.program, vec!["satreps", "sbir"]);
    assert_eq!(f.fy, vec![2020]);
    let texts: Vec<&str> = spans.iter().map(|s| &t[s.byte_start..s.byte_end]).collect();
    assert_eq!(
        texts,
        vec!["ＳＡＴＲＥＰＳ", "S B I R", "２０２０年度（令和２年度）"]
    );
}

#[test]
fn acronym_rules() {
    assert!(facets("COI-NEXT").program == vec!["coi-next"]);
    assert!(facets("MIC-TEAM was formed").ministry.is_empty());
    assert!(facets("34 TLOs were approved").program == vec!["tlo"]);
    assert!(facets("We start and sip and score").program.is_empty());
    assert_eq!(
        facets("文部科学省令で定める").ministry,
        Vec::<String>::new()
    );
    assert_eq!(facets("総務省消防庁").ministry, vec!["mic", "fdma"]);
    assert!(facets("MA F F I N を運用").ministry.is_empty());
}

mod arbitrary_text {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the pieces definitions are built from, in any order, plus anything.
    fn text_strategy() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("（".to_string()),
            Just("）".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("「".to_string()),
            Just("」".to_string()),
            Just("事業".to_string()),
            Just("プログラム".to_string()),
            Just("補助金".to_string()),
            Just("により".to_string()),
            Just("を開始".to_string()),
            Just(" Program".to_string()),
            Just(" Fund".to_string()),
            Just("the ".to_string()),
            Just("Green Innovation".to_string()),
            Just("G t e X".to_string()),
            Just("Ｅ Ｕ".to_string()),
            Just("$\\cdot$".to_string()),
            Just("${ }^{3}$".to_string()),
            Just("¹".to_string()),
            Just("\n".to_string()),
            Just("\n    ".to_string()),
            Just(" ".to_string()),
            Just("\u{3000}".to_string()),
            Just("\u{0}".to_string()),
            Just("令和2年度".to_string()),
            Just("MEXT".to_string()),
            "[A-Z]{1,6}",
            "[a-z]{1,6}",
            "\\PC{1,4}",
            any::<char>().prop_map(|c| c.to_string()),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any text: no panic, spans on character boundaries, every text-defined program
        /// with a non-empty id and name, the same ids however often it is extracted.
        #[test]
        fn extraction_never_panics(t in text_strategy()) {
            let reg = Registry::builtin();
            let mut ps = vec![passage(&["s"], &t), passage(&["s"], &t)];
            let names = extract_document(reg, &mut ps);
            for p in &ps {
                for s in &p.facet_spans {
                    prop_assert!(p.text.is_char_boundary(s.byte_start));
                    prop_assert!(p.text.is_char_boundary(s.byte_end));
                    prop_assert!(s.byte_start <= s.byte_end);
                }
            }
            for (id, tp) in &names {
                prop_assert!(!id.is_empty() && !tp.name.is_empty(), "{id:?} {tp:?}");
            }
            let mut again = vec![passage(&["s"], &t)];
            let names_again = extract_document(reg, &mut again);
            prop_assert_eq!(&again[0].facets, &ps[0].facets);
            prop_assert_eq!(names_again.keys().collect::<Vec<_>>(), names.keys().collect::<Vec<_>>());
        }
    }
}
