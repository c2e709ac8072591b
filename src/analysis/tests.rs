//! One table of cases run over every analyzer by a shared macro: each case names an
//! analyzer, an input, tokens that must appear and tokens that must not. Every case also
//! checks what holds for all analyzers: positions strictly increase, offsets slice the input
//! on character boundaries, no token is empty.

use super::Analyzer::{self, Bigram, English, Morph};

fn check_invariants(a: Analyzer, input: &str) -> Vec<String> {
    let toks = a.analyze(input);
    let mut last: Option<u32> = None;
    for t in &toks {
        assert!(!t.text.is_empty(), "{a:?}: empty token in {input:?}");
        assert!(
            t.start < t.end && t.end <= input.len(),
            "{a:?}: bad offsets {t:?}"
        );
        assert!(
            input.is_char_boundary(t.start) && input.is_char_boundary(t.end),
            "{a:?}: offsets not on char boundaries: {t:?}"
        );
        if let Some(p) = last {
            assert!(
                t.pos > p,
                "{a:?}: positions not strictly increasing in {input:?}: {toks:?}"
            );
        }
        last = Some(t.pos);
    }
    toks.into_iter().map(|t| t.text).collect()
}

macro_rules! analyzer_cases {
    ($($name:ident: $a:expr, $input:expr, has [$($has:expr),*], lacks [$($lacks:expr),*];)*) => {
        $(
            #[test]
            fn $name() {
                let toks = check_invariants($a, $input);
                $( assert!(toks.iter().any(|t| t == $has), "{:?} of {:?} lacks {:?}: {:?}", $a, $input, $has, toks); )*
                $( assert!(!toks.iter().any(|t| t == $lacks), "{:?} of {:?} has {:?}: {:?}", $a, $input, $lacks, toks); )*
            }
        )*
    };
}

analyzer_cases! {
    // NFKC and case folding: full-width, half-width and case variants are one term.
    en_fullwidth_latin: English, "ＳＡＴＲＥＰＳを推進", has ["satrep"], lacks ["ＳＡＴＲＥＰＳ"];
    en_case_folding: English, "SATREPS satreps Satreps", has ["satrep"], lacks ["SATREPS"];
    en_fullwidth_digits: English, "２０２０年度", has ["2020"], lacks ["２０２０"];
    bi_halfwidth_katakana: Bigram, "ｶﾞｲﾄﾞﾗｲﾝ", has ["ガイ", "ライ", "ン"], lacks [];
    // Stemming and codes.
    en_stemming: English, "startups innovations", has ["startup", "innov"], lacks ["startups"];
    en_hyphenated_code: English, "COI-NEXT and A-STEP", has ["coi", "next", "a", "step"], lacks ["coi-next"];
    en_fy_code: English, "since FY2020", has ["fy", "2020"], lacks ["fy2020"];
    en_superscript_marker: English, "SATREPS¹ program", has ["satrep", "program"], lacks ["satreps1", "1"];
    en_letter_spaced: English, "S B I R制度", has ["sbir"], lacks ["s", "b"];
    // Script routing: each analyzer takes its own script runs only.
    en_skips_japanese: English, "国際協力SATREPS推進", has ["satrep"], lacks ["国際", "国際協力"];
    bi_skips_latin: Bigram, "SATREPS、国際協力 and more", has ["国際", "協力", "力"], lacks ["satreps", "sa", "mo"];
    bi_keeps_digits_inside_japanese: Bigram, "令和3年度の5G投資", has ["和3", "3年", "5g", "g投"], lacks [];
    morph_skips_latin: Morph, "SATREPSの国際協力", has [], lacks ["satreps", "SATREPS"];
    // Compound nouns are found by their parts through the bigram field.
    bi_compound_parts: Bigram, "科学技術振興機構", has ["科学", "技術", "振興", "機構"], lacks [];
    // Particles and punctuation are not indexed as morphemes.
    morph_particles: Morph, "総務省は研究開発を推進している。", has ["総務省", "推進"], lacks ["は", "を", "。"];
    // OCR repairs: a wrapped line's space inside Japanese does not split words.
    bi_ocr_space: Bigram, "実施して いる", has ["てい", "いる"], lacks [" い"];
}

#[test]
fn offsets_point_into_the_original_text() {
    let input = "ＳＡＴＲＥＰＳ（地球規模課題）を実施して いる";
    for a in [English, Morph, Bigram] {
        for t in a.analyze(input) {
            let _ = &input[t.start..t.end];
        }
    }
    let en = English.analyze(input);
    assert_eq!(&input[en[0].start..en[0].end], "ＳＡＴＲＥＰＳ");
    let bi = Bigram.analyze(input);
    let te = bi.iter().find(|t| t.text == "てい").unwrap();
    assert_eq!(&input[te.start..te.end], "て い");
}
