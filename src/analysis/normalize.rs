//! One normalizer for index and query text: NFKC, case folding, and the repairs that text
//! extracted from PDFs and OCR needs, with an offset map back to the original bytes.
//!
//! Repairs: superscript footnote markers (`SATREPS¹`, `${ }^{1}$`, `[^0]`) become spaces
//! instead of gluing digits onto words; a half-width space between two Japanese characters
//! (a PDF line wrap: `実施して いる`) is dropped; letter-spaced capitals (`S B I R`) are
//! closed up. [`display`] makes the same repairs without NFKC and case folding: the text
//! shown and quoted in results. Depends on [`super::script`] only.

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
        if c.is_ascii() {
            // (no superscript is ASCII)
            if c != '$' && c != '\\' {
                chars.push((c, i));
            }
            i += 1;
            continue;
        }
        let mut end = i + c.len_utf8();
        if SUPERSCRIPTS.contains(c) {
            chars.push((' ', i));
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

/// The superscript form of an ASCII digit string (`12` → `¹²`), or `None` when it holds
/// anything else.
fn superscript_digits(digits: &str) -> Option<String> {
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    digits
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| SUPERSCRIPTS.chars().nth(d as usize))
        })
        .collect()
}

/// A footnote-marker construct at the start of `rest` whose label is a number: its length in
/// bytes and the marker as superscript digits (`${ }^{3}$` → `³`, `[^12]` → `¹²`).
fn numeric_marker(rest: &str) -> Option<(usize, String)> {
    let n = marker_len(rest)?;
    let inner = &rest[..n];
    let label = match inner.find("^{") {
        Some(i) if inner.starts_with('$') => {
            let l = &inner[i + 2..];
            &l[..l.find('}')?]
        }
        _ => inner.strip_prefix("[^")?.strip_suffix(']')?,
    };
    Some((n, superscript_digits(label.trim())?))
}

/// Inline LaTeX the OCR wrote for plain characters (`$\cdot$`, `$9.5 \%$`, `$\square$`,
/// `$\mathrm{T}^{4}$`): its length in bytes and what it shows, character by character (a
/// superscript number flagged as a footnote mark). `None` for anything else.
fn inline_math(rest: &str) -> Option<(usize, Vec<(char, bool)>)> {
    let body = rest.strip_prefix('$')?;
    let close = body.find(['$', '\n'])?;
    if close == 0 || close > 60 || !body[close..].starts_with('$') {
        return None;
    }
    let mut s = &body[..close];
    // Only LaTeX: `$5 and $10` is money.
    if !s.contains(['\\', '^']) {
        return None;
    }
    let mut out: Vec<(char, bool)> = Vec::new();
    while let Some(c) = s.chars().next() {
        if c == ' ' || c == '{' || c == '}' {
            s = &s[1..];
        } else if c.is_ascii_alphanumeric() || ".,+-=/()".contains(c) {
            out.push((c, false));
            s = &s[1..];
        } else if let Some(r) = s.strip_prefix("^{") {
            let end = r.find('}')?;
            let sup = superscript_digits(r[..end].trim())?;
            out.extend(sup.chars().map(|c| (c, true)));
            s = &r[end + 1..];
        } else if let Some(r) = s.strip_prefix('\\') {
            let name: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let shown = match name.as_str() {
                "" => r.chars().next().filter(|c| "%&_#$".contains(*c)),
                "cdot" => Some('・'),
                "square" => Some('□'),
                "sim" => Some('～'),
                "times" => Some('×'),
                "mathrm" | "text" | "mathbf" | "mathit" => None,
                _ => return None,
            };
            match shown {
                Some(c) => {
                    out.push((c, false));
                    s = &r[if name.is_empty() { 1 } else { name.len() }..];
                }
                None if name.is_empty() => return None,
                None => s = &r[name.len()..], // the group's letters follow
            }
        } else {
            return None;
        }
    }
    (!out.is_empty()).then_some((close + 2, out))
}

/// One piece of text on its way through [`display`]: what is shown, and the character it
/// reads as for the repairs (its NFKC form: `Ｓ` reads as `S`, `ｶ` as `カ`).
struct Piece<'a> {
    shown: std::borrow::Cow<'a, str>,
    key: char,
    /// A footnote marker turned into superscript digits.
    marker: bool,
    /// An ASCII space of the source (the only space the repairs remove).
    space: bool,
}

/// The text as it is shown and quoted in results: the normalizer's repairs of PDF and OCR
/// damage, without its NFKC and case folding (the document's own characters and case stay).
///
/// - a run of one or two ASCII spaces between two Japanese characters (a line wrap:
///   `プ ログラム`) is dropped;
/// - letter-spaced capitals (`S A T R E P S`, three or more) are closed up;
/// - numbered footnote marks written in LaTeX or Markdown (`${ }^{3}$`, `$^{1}$`, `[^2]`)
///   become superscript digits attached to the word before them (`SATREPS³`), without the
///   spaces the OCR put around them;
/// - inline LaTeX the OCR wrote for plain characters becomes them (`$\cdot$` → `・`,
///   `$9.5 \%$` → `9.5%`, `$\square$` → `□`); other LaTeX stays as written.
///
/// Text without such damage comes back unchanged, so [`normalize`] reads the displayed text
/// as it reads the source.
pub fn display(text: &str) -> String {
    if !may_need_display_repair(text) {
        return text.to_string();
    }
    display_slow(text)
}

/// False when `text` certainly has nothing [`display`] repairs: no footnote mark (`[^`, or
/// `$` with `^` or `\\`), no three capitals spaced one apart, and no character outside ASCII
/// that is Japanese or reads (NFKC) as an ASCII letter or digit (`Ｓ`, `２`, `①`): most
/// English text, typographic quotes and dashes included, which then costs a few scans.
fn may_need_display_repair(text: &str) -> bool {
    let b = text.as_bytes();
    let neutral = |c: char| {
        c.is_ascii() || {
            let key = std::iter::once(c).nfkc().next().unwrap_or(c);
            !key.is_ascii_alphanumeric() && !is_japanese_char(key) && !is_japanese_char(c)
        }
    };
    if !(text.is_ascii() || text.chars().all(neutral))
        || text.contains("[^")
        || (b.contains(&b'$') && (b.contains(&b'^') || b.contains(&b'\\')))
    {
        return true;
    }
    b.windows(5).any(|w| {
        w[0].is_ascii_uppercase()
            && w[1] == b' '
            && w[2].is_ascii_uppercase()
            && w[3] == b' '
            && w[4].is_ascii_uppercase()
    })
}

fn display_slow(text: &str) -> String {
    use std::borrow::Cow;
    let mut pieces: Vec<Piece> = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with(['$', '[']) {
            if let Some((n, sup)) = numeric_marker(rest) {
                pieces.push(Piece {
                    shown: Cow::Owned(sup),
                    key: '¹',
                    marker: true,
                    space: false,
                });
                i += n;
                continue;
            }
            if let Some((n, shown)) = inline_math(rest) {
                for (c, marker) in shown {
                    pieces.push(Piece {
                        shown: Cow::Owned(c.to_string()),
                        key: c,
                        marker,
                        space: false,
                    });
                }
                i += n;
                continue;
            }
        }
        let c = rest.chars().next().expect("not at the end");
        let key = if c.is_ascii() {
            c
        } else {
            c.to_string().nfkc().next().unwrap_or(c)
        };
        pieces.push(Piece {
            shown: Cow::Borrowed(&rest[..c.len_utf8()]),
            key,
            marker: false,
            space: c == ' ',
        });
        i += c.len_utf8();
    }

    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None; // key of the last piece written
    let n = pieces.len();
    let mut k = 0;
    while k < n {
        let p = &pieces[k];
        // Letter-spaced capitals: X Y Z (three or more single capitals).
        if p.key.is_ascii_uppercase() && !last.is_some_and(|c| c.is_ascii_alphanumeric()) {
            let mut j = k;
            let mut letters = 1;
            while j + 2 < n
                && pieces[j + 1].space
                && pieces[j + 2].key.is_ascii_uppercase()
                && (j + 3 >= n || !pieces[j + 3].key.is_ascii_alphanumeric())
            {
                j += 2;
                letters += 1;
            }
            if letters >= 3 {
                for q in &pieces[k..=j] {
                    if !q.space {
                        out.push_str(&q.shown);
                    }
                }
                last = Some(pieces[j].key);
                k = j + 1;
                continue;
            }
        }
        if p.space {
            let mut j = k;
            while j < n && pieces[j].space {
                j += 1;
            }
            let next = pieces.get(j);
            let prev_ja = last.is_some_and(is_japanese_char);
            let next_ja = next.is_some_and(|q| !q.marker && is_japanese_char(q.key));
            // A line wrap inside Japanese text.
            let wrap = prev_ja && next_ja && j - k <= 2;
            // The spaces before a footnote mark (it attaches to the word before it) …
            let before_mark = next.is_some_and(|q| q.marker) && last.is_some();
            // … and after it, when Japanese text or closing punctuation follows.
            let after_mark = k > 0
                && pieces[k - 1].marker
                && next.is_some_and(|q| {
                    is_japanese_char(q.key) || "）)」』】、。，．,.".contains(q.key)
                });
            if wrap || before_mark || after_mark {
                k = j;
                continue;
            }
        }
        out.push_str(&p.shown);
        last = Some(p.key);
        k += 1;
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}' | '\u{3099}' | '\u{309A}' | '\u{FF9E}' | '\u{FF9F}'
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn display_fast_path_agrees_with_the_full_repair() {
        // Random strings over the characters the repairs look at (and typographic ones
        // they pass over).
        let alphabet: Vec<char> = "SATRE ab.$[^]{}1 \n(x)’“—éＳ２①プ　。".chars().collect();
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            let mut t = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 58) as usize;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(display(&t), display_slow(&t), "{t:?}");
        }
    }
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
    fn display_repairs_without_folding() {
        let d = display;
        assert_eq!(
            d("地球規模課題対応国際科学技術協力プ ログラム"),
            "地球規模課題対応国際科学技術協力プログラム"
        );
        assert_eq!(
            d("環境・エネル ギー、生物資源"),
            "環境・エネルギー、生物資源"
        );
        assert_eq!(
            d("プ ログラム（S A T R E P S ${ }^{3}$ ）を実施"),
            "プログラム（SATREPS³）を実施"
        );
        assert_eq!(
            d("政府開発援助（O D A） との連携"),
            "政府開発援助（ODA） との連携"
        );
        assert_eq!(d("(O D A）"), "(ODA）");
        assert_eq!(d("S B I R ${ }^{1}$ 制度においては"), "SBIR¹制度においては");
        assert_eq!(
            d("九つの政府系機関 ${ }^{1}$ で創設"),
            "九つの政府系機関¹で創設"
        );
        assert_eq!(d("（GEOSS $^{4}$ ）"), "（GEOSS⁴）");
        assert_eq!(d("研究[^12]の成果"), "研究¹²の成果");
        // Inline LaTeX for plain characters.
        assert_eq!(d("大学$\\cdot$国立研究開発法人"), "大学・国立研究開発法人");
        assert_eq!(d("前年度 $9.5 \\%$ 増"), "前年度 9.5% 増");
        assert_eq!(d("第1節 $\\square$ ②参照"), "第1節 □ ②参照");
        assert_eq!(d("（A J C C S $\\mathrm{T}^{4}$ ）が"), "（AJCCST⁴）が");
        assert_eq!(d("令和 $3 \\sim 12$年"), "令和 3～12年");
        assert_eq!(
            d("$x \\frac{1}{2}$ and $5 and $ alone"),
            "$x \\frac{1}{2}$ and $5 and $ alone"
        );
        // Width and case are the document's own.
        assert_eq!(
            d("ＳＡＴＲＥＰＳ and Society 5.0"),
            "ＳＡＴＲＥＰＳ and Society 5.0"
        );
        // Deliberate spaces stay: ideographic, before digits and Latin, in English prose.
        for same in [
            "ア　電気通信紛争処理委員会の機能",
            "令和 4 年度は、約 973 億円",
            "ICT 分野において",
            "A B test of the U.S. plan, ITU¹ and (ISO²/TC³282).",
            "The JPO and the U.S. Patent and Trademark Office (PTO) have conducted it.",
            "${ }^{\\text {® }}$ and [^note] stay",
            "",
        ] {
            assert_eq!(d(same), same);
        }
        // The normalizer reads the displayed text as it reads the source.
        for src in [
            "プ ログラム（S A T R E P S ${ }^{3}$ ）を実施",
            "(O D A） エネル ギー",
        ] {
            assert_eq!(
                normalize(&d(src))
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>(),
                normalize(src).text.split_whitespace().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn display_never_panics_on_odd_input() {
        for s in [
            "$", "[^", "${ }^{", "${ }^{1}", "$^{}$", "[^]", " ", "ア ", " ア", "A B", "S A T ",
            "\u{0301}",
        ] {
            let _ = display(s);
        }
    }

    #[test]
    fn display_survives_random_pieces() {
        // Random strings of the pieces the repairs look at: no panic, and nothing the
        // normalizer reads as a letter or digit is lost (LaTeX command names aside).
        const PARTS: &[&str] = &[
            "$",
            "^",
            "{",
            "}",
            "[^",
            "]",
            "\\",
            "\\cdot",
            "\\mathrm{",
            "${ }^{",
            "1",
            "23",
            " ",
            "  ",
            "　",
            "S",
            "A",
            "a",
            "ア",
            "研",
            "ｶﾞ",
            "¹",
            "\u{0301}",
            "\n",
            "）",
            "%",
        ];
        let words = |t: &str| {
            normalize(&t.replace("cdot", "").replace("mathrm", ""))
                .text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .count()
        };
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed % 12) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push_str(PARTS[(seed >> 33) as usize % PARTS.len()]);
            }
            seed = seed.wrapping_add(1);
            let shown = display(&s);
            assert!(words(&shown) >= words(&s), "{s:?} → {shown:?}");
        }
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
