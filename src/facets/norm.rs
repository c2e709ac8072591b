//! The matching view of a text: NFKC-normalised, OCR noise removed, with a byte map back to
//! the original text so that every match can be reported at its original offsets.
//!
//! What the view changes (the original text is never modified):
//! - every character is NFKC-normalised on its own (full-width `ＭＥＸＴ` → `MEXT`, `２０２０` →
//!   `2020`, ideographic space → space);
//! - Unicode superscript digits and signs (`SATREPS¹`) and LaTeX superscripts left by OCR
//!   (`${ }^{3}$`, `$^{1}$`) are dropped, so the word before them ends where it should;
//! - dashes (`‐ ‑ ‒ – — ― − ﹣`) become `-`;
//! - whitespace between two Japanese characters is dropped (OCR line-wrap spaces:
//!   `スター トアップ` → `スタートアップ`);
//! - every other run of whitespace becomes a single space.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A normalised view of a text with a byte map back into the original.
#[derive(Debug, Clone)]
pub struct View {
    /// The normalised text.
    pub s: String,
    /// For each byte of `s`: the original byte offset where its source character starts.
    starts: Vec<usize>,
    /// For each byte of `s`: the original byte offset where its source character ends.
    ends: Vec<usize>,
    /// True when the original text contains Japanese characters.
    pub japanese: bool,
    /// View offsets of the spaces that stand for a line break after a short line or before
    /// an indented one (a list or footnote block of names, one per line): English names do
    /// not run across them.
    pub breaks: Vec<usize>,
}

/// A line shorter than this (in characters) ends at its line break: the next line is not
/// the same sentence wrapped.
const SHORT_LINE: usize = 60;

/// Japanese script (kana, kanji, CJK punctuation, full-width brackets) after NFKC.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'   // CJK symbols and punctuation 「」、。
        | '\u{3040}'..='\u{30ff}' // kana
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff5e}'..='\u{ff9f}' // half-width kana survive NFKC as full-width anyway
    )
}

fn is_superscript(c: char) -> bool {
    matches!(
        c,
        '\u{00b9}' | '\u{00b2}' | '\u{00b3}' | '\u{2070}'..='\u{207f}'
    )
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}'
    )
}

fn latex_sup() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\$\s*(?:\{\s*\})?\s*\^\s*\{[^{}$]{0,12}\}\s*\$|\$\s*\^\s*[0-9]\s*\$").unwrap()
    })
}

/// True when a line holds nothing but a name: every word capitalised or a function word
/// (`Science and Technology Research Partnership for Sustainable Development`), as in a
/// list of names one per line; wrapped prose has lowercase words.
fn name_line(line: &str) -> bool {
    const SMALL: [&str; 13] = [
        "of", "and", "for", "the", "on", "in", "to", "with", "through", "from", "by", "at", "a",
    ];
    let mut words = line.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
                || SMALL.contains(&w)
        })
}

/// True when the whitespace `orig[a..run_end]` ends a line that a list or a short line ends
/// (a name never runs across it): the next line is indented, or the line is short or a name.
fn line_break(orig: &str, a: usize, run_end: usize) -> bool {
    let Some(nl) = orig[a..run_end].find('\n') else {
        return false;
    };
    let line_start = orig[..a + nl].rfind('\n').map_or(0, |x| x + 1);
    let line = &orig[line_start..a + nl];
    let indented = orig[a + nl + 1..run_end].contains([' ', '\t', '\u{3000}']);
    indented || line.chars().count() < SHORT_LINE || name_line(line)
}

impl View {
    /// Builds the view of `orig`.
    pub fn new(orig: &str) -> View {
        if orig.is_ascii() && !orig.contains('$') {
            return View::ascii(orig);
        }
        View::general(orig)
    }

    /// The view of ASCII text without LaTeX: whitespace runs collapsed, nothing else to do
    /// (one pass, the same view [`View::general`] builds).
    fn ascii(orig: &str) -> View {
        let b = orig.as_bytes();
        let mut s = String::with_capacity(b.len());
        let mut starts = Vec::with_capacity(b.len());
        let mut ends = Vec::with_capacity(b.len());
        let mut breaks = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if (b[i] as char).is_whitespace() {
                let mut j = i;
                while j < b.len() && (b[j] as char).is_whitespace() {
                    j += 1;
                }
                if line_break(orig, i, j) {
                    breaks.push(s.len());
                }
                s.push(' ');
                starts.push(i);
                ends.push(j);
                i = j;
                continue;
            }
            s.push(b[i] as char);
            starts.push(i);
            ends.push(i + 1);
            i += 1;
        }
        View {
            s,
            starts,
            ends,
            japanese: false,
            breaks,
        }
    }

    fn general(orig: &str) -> View {
        // Pieces: (char, orig_start, orig_end).
        let mut pieces: Vec<(char, usize, usize)> = Vec::with_capacity(orig.len());
        let skips: Vec<(usize, usize)> = latex_sup()
            .find_iter(orig)
            .map(|m| (m.start(), m.end()))
            .collect();
        let mut skip_i = 0;
        let mut japanese = false;
        let mut buf = String::new();
        for (i, c) in orig.char_indices() {
            while skip_i < skips.len() && skips[skip_i].1 <= i {
                skip_i += 1;
            }
            if skip_i < skips.len() && skips[skip_i].0 <= i && i < skips[skip_i].1 {
                continue;
            }
            let end = i + c.len_utf8();
            if is_superscript(c) {
                continue;
            }
            if is_japanese(c) {
                japanese = true;
            }
            if is_dash(c) {
                pieces.push(('-', i, end));
                continue;
            }
            if c.is_ascii() {
                let c = if c.is_whitespace() { ' ' } else { c };
                pieces.push((c, i, end));
                continue;
            }
            buf.clear();
            buf.extend(std::iter::once(c).nfkc());
            for n in buf.chars() {
                let n = if n.is_whitespace() {
                    ' '
                } else if is_dash(n) {
                    '-'
                } else {
                    n
                };
                pieces.push((n, i, end));
            }
        }
        // Collapse whitespace; drop it between Japanese characters.
        let mut kept: Vec<(char, usize, usize)> = Vec::with_capacity(pieces.len());
        let mut break_at: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let (c, a, b) = pieces[i];
            if c == ' ' {
                let mut j = i;
                while j < pieces.len() && pieces[j].0 == ' ' {
                    j += 1;
                }
                let prev_ja = kept.last().map(|p| is_japanese(p.0)).unwrap_or(false);
                let next_ja = pieces.get(j).map(|p| is_japanese(p.0)).unwrap_or(false);
                if !(prev_ja && next_ja) {
                    let run_end = pieces[j - 1].2.max(b);
                    if line_break(orig, a, run_end) {
                        break_at.push(kept.len());
                    }
                    kept.push((' ', a, run_end));
                }
                i = j;
                continue;
            }
            kept.push((c, a, b));
            i += 1;
        }
        let mut s = String::with_capacity(kept.len() * 2);
        let mut starts = Vec::with_capacity(kept.len() * 2);
        let mut ends = Vec::with_capacity(kept.len() * 2);
        let mut breaks = Vec::with_capacity(break_at.len());
        let mut next_break = break_at.iter().peekable();
        for (i, (c, a, b)) in kept.into_iter().enumerate() {
            if next_break.next_if(|k| **k == i).is_some() {
                breaks.push(s.len());
            }
            s.push(c);
            for _ in 0..c.len_utf8() {
                starts.push(a);
                ends.push(b);
            }
        }
        View {
            s,
            starts,
            ends,
            japanese,
            breaks,
        }
    }

    /// The view offset just after the last short-line break before `at` (0 when none).
    pub fn line_floor(&self, at: usize) -> usize {
        self.breaks
            .iter()
            .rev()
            .find(|b| **b < at)
            .map_or(0, |b| b + 1)
    }

    /// Original byte span of the view span `[a, b)`.
    pub fn orig_span(&self, a: usize, b: usize) -> (usize, usize) {
        if a >= b || self.starts.is_empty() {
            let o = self.starts.get(a).copied().unwrap_or(0);
            return (o, o);
        }
        (self.starts[a], self.ends[b - 1])
    }

    /// The character just before view byte `a`.
    pub fn char_before(&self, a: usize) -> Option<char> {
        self.s[..a].chars().next_back()
    }

    /// The character at view byte `b`.
    pub fn char_at(&self, b: usize) -> Option<char> {
        self.s[b..].chars().next()
    }
}

/// The key under which a name is looked up: NFKC, lowercase, without whitespace, dashes
/// unified, superscripts dropped. `Ｍ Ｅ Ｘ Ｔ`, `mext` and `MEXT` share one key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // NFKC and the dash and superscript rules change nothing in ASCII.
        for b in s.bytes() {
            if !(b as char).is_whitespace() {
                out.push(b.to_ascii_lowercase() as char);
            }
        }
        return out;
    }
    let mut push = |c: char| {
        if c.is_whitespace() || is_superscript(c) {
            return;
        }
        if is_dash(c) {
            out.push('-');
        } else {
            out.extend(c.to_lowercase());
        }
    };
    if nfkc_already(s) {
        s.chars().for_each(&mut push);
    } else {
        s.nfkc().for_each(&mut push);
    }
    out
}

/// True when `s` is certainly in NFKC already (the quick check, no allocation), so
/// [`fold`] and [`compact`] can skip normalizing it: most registry names and queries are.
fn nfkc_already(s: &str) -> bool {
    unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Like [`fold`] but keeps case: the form compared when an acronym must match exactly.
pub fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut push = |c: char| {
        if !(c.is_whitespace() || is_superscript(c)) {
            out.push(if is_dash(c) { '-' } else { c });
        }
    };
    if nfkc_already(s) {
        s.chars().for_each(&mut push);
    } else {
        s.nfkc().for_each(&mut push);
    }
    out
}

#[cfg(test)]
mod tests {

    /// The fast paths of `fold` and `compact` give what full NFKC gives.
    #[test]
    fn fold_fast_paths_agree_with_full_normalization() {
        use unicode_normalization::UnicodeNormalization;
        let slow_fold = |s: &str| -> String {
            let mut out = String::new();
            for c in s.nfkc() {
                if c.is_whitespace() || super::is_superscript(c) {
                    continue;
                }
                if super::is_dash(c) {
                    out.push('-');
                } else {
                    out.extend(c.to_lowercase());
                }
            }
            out
        };
        let slow_compact = |s: &str| -> String {
            s.nfkc()
                .filter(|c| !(c.is_whitespace() || super::is_superscript(*c)))
                .map(|c| if super::is_dash(c) { '-' } else { c })
                .collect()
        };
        for s in [
            "MEXT",
            "Ministry of Education,\tCulture\x0bSports",
            "COI-NEXT",
            "Ｍ Ｅ Ｘ Ｔ",
            "文部科学省",
            "ｶﾞｲﾑ",
            "ＳＡＴＲＥＰＳ",
            "Society 5.0",
            "CO₂ and m²",
            "x¹²",
            "A‐B—C−D",
            "ﬁnance",
            "㈱ ㍻",
            "e\u{301}cole",
            "Å",
            "İstanbul",
            "ΣΑΣ",
            "",
        ] {
            assert_eq!(super::fold(s), slow_fold(s), "fold {s:?}");
            assert_eq!(super::compact(s), slow_compact(s), "compact {s:?}");
        }
    }

    #[test]
    fn ascii_fast_path_builds_the_general_view() {
        let alphabet: Vec<char> = "Ab 1-\n\t(.)FYfiscal  \r\n".chars().collect();
        let mut seed: u64 = 11;
        for _ in 0..5_000 {
            let mut t = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 57) as usize;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let (a, b) = (View::ascii(&t), View::general(&t));
            assert_eq!(a.s, b.s, "{t:?}");
            assert_eq!(a.starts, b.starts, "{t:?}");
            assert_eq!(a.ends, b.ends, "{t:?}");
            assert_eq!(a.breaks, b.breaks, "{t:?}");
            assert_eq!(a.japanese, b.japanese);
        }
    }
    use super::*;

    #[test]
    fn view_maps_back() {
        let t = "ＭＥＸＴ と S A T R E P S ${ }^{3}$ と SATREPS¹ スター トアップ";
        let v = View::new(t);
        assert!(
            v.s.starts_with("MEXT と S A T R E P S と SATREPS スタートアップ"),
            "{}",
            v.s
        );
        let a = v.s.find("MEXT").unwrap();
        let (x, y) = v.orig_span(a, a + 4);
        assert_eq!(&t[x..y], "ＭＥＸＴ");
        let a = v.s.find("スタートアップ").unwrap();
        let (x, y) = v.orig_span(a, a + "スタートアップ".len());
        assert_eq!(&t[x..y], "スター トアップ");
    }

    #[test]
    fn short_line_breaks_are_kept() {
        let t = "Group on Earth Observations\nWorld Meteorological Organization\nshort";
        let v = View::new(t);
        assert_eq!(v.breaks.len(), 2);
        assert_eq!(v.line_floor(v.s.len()), v.s.find("short").unwrap());
        let long = format!("{} wrapped\nline", "word ".repeat(20));
        assert!(View::new(&long).breaks.is_empty());
        let indented = format!("{} wrapped\n    line", "word ".repeat(20));
        assert_eq!(View::new(&indented).breaks.len(), 1);
        let names = "Science and Technology Research Partnership for Sustainable Development\nStrategic International Collaborative Research Program";
        assert_eq!(View::new(names).breaks.len(), 1);
    }

    #[test]
    fn fold_keys() {
        assert_eq!(fold("Ｍ Ｅ Ｘ Ｔ"), "mext");
        assert_eq!(fold("COI—NEXT"), "coi-next");
        assert_eq!(compact("S B I R"), "SBIR");
    }
}
