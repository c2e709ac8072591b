//! English analysis of Latin-script runs: words split at every non-alphanumeric character
//! and at letter/digit boundaries (`COI-NEXT` → `coi next`, `FY2020` → `fy 2020`, so codes
//! are found whole, as a phrase, and by their parts), then Porter2 stemming.
//! Input is text already normalized by [`super::normalize`]. Depends on [`super::script`].

use super::script::is_word_char;
use super::Tok;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Words whose stems a thread remembers before it starts afresh: policy and statute
/// vocabularies are small, so nearly every word after the first pages is a cache hit.
const STEM_CACHE_WORDS: usize = 1 << 16;

thread_local! {
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Stems one lowercase word (digits are left alone); remembered per thread.
pub fn stem(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    STEMS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(s) = cache.get(word) {
            return s.clone();
        }
        let s = stemmer().stem(word).into_owned();
        if cache.len() >= STEM_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.to_string(), s.clone());
        s
    })
}

/// Tokenizes normalized text; offsets are into `norm` (the caller maps them back).
/// Positions are consecutive within Latin text; a stretch of Japanese between two words
/// leaves a gap so phrases do not match across it.
pub fn tokens(norm: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut pos: u32 = 0;
    let mut gap = false;
    let mut start: Option<usize> = None;
    let mut prev_digit = false;
    let mut emit = |s: usize, e: usize, gap: &mut bool, out: &mut Vec<Tok>| {
        if *gap && !out.is_empty() {
            pos += 1;
        }
        *gap = false;
        out.push(Tok {
            text: stem(&norm[s..e]),
            pos,
            start: s,
            end: e,
        });
        pos += 1;
    };
    for (i, c) in norm.char_indices() {
        if is_word_char(c) {
            let digit = c.is_ascii_digit();
            match start {
                Some(s) if digit != prev_digit => {
                    emit(s, i, &mut gap, &mut out);
                    start = Some(i);
                }
                Some(_) => {}
                None => start = Some(i),
            }
            prev_digit = digit;
        } else {
            if let Some(s) = start.take() {
                emit(s, i, &mut gap, &mut out);
            }
            if super::script::is_japanese_char(c) || c == '。' || c == '\n' {
                gap = true;
            }
        }
    }
    if let Some(s) = start {
        emit(s, norm.len(), &mut gap, &mut out);
    }
    out
}
