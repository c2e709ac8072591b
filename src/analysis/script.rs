//! Character classes and script runs: which analyzer a stretch of text goes to.
//!
//! Routing is by script run, never by a per-document language guess: kana/kanji runs go to
//! the Japanese analyzers, Latin letters and digits to the English one. Depends on nothing.

/// True for characters written in Japanese script (kanji, hiragana, katakana, the iteration
/// marks and the prolonged-sound mark).
pub fn is_japanese_char(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}' // hiragana
        | '\u{30A0}'..='\u{30FF}' // katakana (incl. ー and ・ handled below)
        | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{2FA1F}' // CJK extensions B–F, compatibility supplement
        | '々' | '〆' | '〇')
        && c != '・'
        && c != '゠'
}

/// True for characters that make up English-analysed words: letters and digits of any
/// non-Japanese script.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_japanese_char(c)
}

/// The class of a character for routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Kana or kanji.
    Japanese,
    /// Latin (or other alphabetic) letters and digits.
    Word,
    /// Everything else: spaces, punctuation, symbols.
    Other,
}

/// Classifies one character.
pub fn script_of(c: char) -> Script {
    if is_japanese_char(c) {
        Script::Japanese
    } else if c.is_alphanumeric() {
        Script::Word
    } else {
        Script::Other
    }
}

/// A maximal run of one script inside a text: byte range `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Script of the run.
    pub script: Script,
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

/// Splits text into runs of Japanese and Word characters (Other characters separate runs and
/// are not returned).
pub fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut cur: Option<Run> = None;
    for (i, c) in text.char_indices() {
        let s = script_of(c);
        let end = i + c.len_utf8();
        match (&mut cur, s) {
            (_, Script::Other) => {
                if let Some(r) = cur.take() {
                    out.push(r);
                }
            }
            (Some(r), s) if r.script == s => r.end = end,
            (_, s) => {
                if let Some(r) = cur.take() {
                    out.push(r);
                }
                cur = Some(Run {
                    script: s,
                    start: i,
                    end,
                });
            }
        }
    }
    if let Some(r) = cur {
        out.push(r);
    }
    out
}

/// Runs for the bigram field: maximal stretches of Japanese characters, ASCII letters and
/// digits that contain at least one Japanese character (`令和3年度`, `5g投資促進税制`), so
/// numbers and codes written inside Japanese stay part of its exact phrases. Stretches
/// without Japanese are left to the English analyzer.
pub fn bigram_runs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut has_ja = false;
    for (i, c) in text.char_indices() {
        let ja = is_japanese_char(c);
        if ja || c.is_ascii_alphanumeric() {
            if start.is_none() {
                start = Some(i);
                has_ja = false;
            }
            has_ja |= ja;
        } else if let Some(s) = start.take() {
            if has_ja {
                out.push((s, i));
            }
        }
    }
    if let Some(s) = start {
        if has_ja {
            out.push((s, text.len()));
        }
    }
    out
}

/// True when the text contains any Japanese character.
pub fn has_japanese(text: &str) -> bool {
    text.chars().any(is_japanese_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_by_script() {
        let t = "SATREPSは国際協力、5G投資";
        let r: Vec<_> = runs(t).iter().map(|r| &t[r.start..r.end]).collect();
        assert_eq!(r, vec!["SATREPS", "は国際協力", "5G", "投資"]);
        let b: Vec<_> = bigram_runs("令和3年度に5G投資、SATREPS and 2020")
            .iter()
            .map(|&(s, e)| &"令和3年度に5G投資、SATREPS and 2020"[s..e])
            .collect();
        assert_eq!(b, vec!["令和3年度に5G投資"]);
    }
}
