//! One normalizer for index and query text: NFKC, case folding, and the repairs that text
//! extracted from PDFs and OCR needs, with an offset map back to the original bytes.
//!
//! Repairs: superscript footnote markers (`SATREPS¹`, `${ }^{1}$`, `[^0]`) become spaces
//! instead of gluing digits onto words; a half-width space between two Japanese characters
//! (a PDF line wrap: `実施して いる`) is dropped; letter-spaced capitals (`S B I R`) are
//! closed up. Depends on [`super::script`] only.

use super::script::is_japanese_char;
use unicode_normalization::UnicodeNormalization;

/// Normalized text plus, for every byte of it, the byte offset in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// `map[i]` is the original byte offset of normalized byte `i`; `map[text.len()]` is the
    /// original length.
    pub map: Vec<usize>,
}

impl Normalized {
    /// Maps a normalized byte range back to the original text's byte range.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map[start.min(self.map.len() - 1)];
        // The end maps to the end of the original character that produced the last byte.
        let e = if end == 0 {
            s
        } else {
            let last = self.map[(end - 1).min(self.map.len() - 1)];
            // first original offset after `last` that is a different source char
            let mut j = end;
            while j < self.map.len() - 1 && self.map[j] == last {
                j += 1;
            }
            if j < self.map.len() && self.map[j] > last {
                self.map[j].min(self.map[self.map.len() - 1])
            } else {
                self.map[self.map.len() - 1]
            }
        };
        (s, e.max(s))
    }
}

const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/// Length in bytes of a footnote-marker construct starting at `rest`, if any:
/// `${ }^{12}$`, `$^{1}$`, `[^12]`.
fn marker_len(rest: &str) -> Option<usize> {
    if let Some(r) = rest.strip_prefix('$') {
        let r2 = r.trim_start_matches(['{', '}', ' ']);
        if let Some(r3) = r2.strip_prefix("^{") {
            let close = r3.find('}')?;
            if close <= 12 {
                let after = &r3[close + 1..];
                if after.starts_with('$') {
                    return Some(rest.len() - after.len() + 1);
                }
            }
        }
        return None;
    }
    if let Some(r) = rest.strip_prefix("[^") {
        let close = r.find(']')?;
        if close <= 6 && r[..close].chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some(2 + close + 1);
        }
    }
    None
}

/// Normalizes `text` (see the module doc).
pub fn normalize(text: &str) -> Normalized {
    // Pass 1: NFKC per cluster (a base character with its combining / voicing marks),
    // markers to spaces, `$` and `\` of inline LaTeX dropped. Collect (char, original offset).
    let mut chars: Vec<(char, usize)> = Vec::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.len();
    while i < bytes {
        let rest = &text[i..];
        if rest.starts_with(['$', '[']) {
            if let Some(n) = marker_len(rest) {
                chars.push((' ', i));
                i += n;
                continue;
            }
        }
        let c = rest.chars().next().unwrap();
        let mut end = i + c.len_utf8();
        if SUPERSCRIPTS.contains(c) {
            chars.push((' ', i));
            i = end;
            continue;
        }
        if c == '$' || c == '\\' {
            i = end;
            continue;
        }
        if c.is_ascii() {
            chars.push((c, i));
            i = end;
            continue;
        }
        // extend the cluster over following combining / voicing marks
        while let Some(n) = text[end..].chars().next() {
            if is_mark(n) {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        for n in text[i..end].nfkc() {
            chars.push((n, i));
        }
        i = end;
    }

    // Pass 2: repairs on the character sequence.
    let mut out: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    let n = chars.len();
    let mut k = 0;
    while k < n {
        let (c, off) = chars[k];
        // Letter-spaced capitals: X Y Z (three or more single capitals).
        if c.is_ascii_uppercase() && (k == 0 || !chars[k - 1].0.is_ascii_alphanumeric()) {
            let mut j = k;
            let mut letters = 1;
            while j + 2 < n
                && chars[j + 1].0 == ' '
                && chars[j + 2].0.is_ascii_uppercase()
                && (j + 3 >= n || !chars[j + 3].0.is_ascii_alphanumeric())
            {
                j += 2;
                letters += 1;
            }
            if letters >= 3 {
                let mut t = k;
                while t <= j {
                    if chars[t].0 != ' ' {
                        out.push(chars[t]);
                    }
                    t += 1;
                }
                k = j + 1;
                continue;
            }
        }
        // A half-width space (or a run of them) between two Japanese characters.
        if c == ' ' {
            let prev_ja = out.last().is_some_and(|(p, _)| is_japanese_char(*p));
            let mut j = k;
            while j < n && chars[j].0 == ' ' {
                j += 1;
            }
            if prev_ja && j < n && is_japanese_char(chars[j].0) && j - k <= 2 {
                k = j;
                continue;
            }
        }
        out.push((c, off));
        k += 1;
    }

    // Pass 3: case folding, emit text and map.
    let mut res = Normalized {
        text: String::with_capacity(text.len()),
        map: Vec::with_capacity(text.len() + 1),
    };
    for (c, off) in out {
        if c.is_ascii() {
            let l = c.to_ascii_lowercase();
            res.text.push(l);
            res.map.push(off);
        } else {
            for l in c.to_lowercase() {
                let before = res.text.len();
                res.text.push(l);
                for _ in before..res.text.len() {
                    res.map.push(off);
                }
            }
        }
    }
    res.map.push(text.len());
    res
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}' | '\u{3099}' | '\u{309A}' | '\u{FF9E}' | '\u{FF9F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn nfkc_and_case() {
        assert_eq!(n("ＳＡＴＲＥＰＳ"), "satreps");
        assert_eq!(n("２０２０年度"), "2020年度");
        assert_eq!(n("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(n("SATREPS¹ and PAL²"), "satreps  and pal ");
    }

    #[test]
    fn repairs() {
        assert_eq!(n("実施して いる"), "実施している");
        assert_eq!(n("S B I R制度"), "sbir制度");
        assert_eq!(n("(T L O)"), "(tlo)");
        assert_eq!(n("A B test"), "a b test");
        assert_eq!(n("S A T R E P S ${ }^{3}$ は"), "satreps   は");
        assert_eq!(n("研究[^0]開発"), "研究開発");
    }

    #[test]
    fn map_points_back() {
        let src = "ＡＢ 実施して いる";
        let norm = normalize(src);
        let pos = norm.text.find("いる").unwrap();
        let (s, e) = norm.original_range(pos, pos + "いる".len());
        assert_eq!(&src[s..e], "いる");
        let (s, e) = norm.original_range(0, 2);
        assert_eq!(&src[s..e], "ＡＢ");
    }
}
