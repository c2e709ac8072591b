//! Fiscal years: `FY2020`, `FY 2020`, `fiscal 2020`, `fiscal year 2020`, ranges (`FY2008 through
//! FY2020`, `From FY 2008 through FY 2020`, `FY2018-2020`, `between FY2018 and FY2020`),
//! Japanese `令和2年度` / `令和元年度` / `平成30年度` / `令和二年度` / `令和 4 年度` / `2020年度` /
//! `２０２０年度` / `2020年度（令和2年度）` / `2020年（令和2年）度`, and Japanese ranges
//! (`令和2年度から令和4年度まで`, `令和2～4年度`, `2018～2020年度`, `2018年度から2020年度`).
//!
//! Everything is normalised to the Gregorian year in which the fiscal year starts
//! (令和N → 2018+N, 平成N → 1988+N, 昭和N → 1925+N). A calendar year is not a fiscal year:
//! `in 2004`, `2021年（令和3年）2月`, `令和元年5月` and `令和元年東日本台風` carry none.
//! Years outside 1900..=2100 are dropped; a range longer than [`MAX_RANGE`] years keeps only
//! its two ends.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::norm::View;

/// Longest range (in years) that is expanded to every year in it.
pub const MAX_RANGE: u16 = 30;

/// One fiscal-year mention in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FyMention {
    /// The fiscal years meant (Gregorian starting years, ascending, no duplicates).
    pub years: Vec<u16>,
    /// Byte offset of the mention in the original text.
    pub byte_start: usize,
    /// End byte offset (exclusive).
    pub byte_end: usize,
}

const ERA: &str = r"(令和|平成|昭和)";
const ENUM: &str = r"(元|[0-9]{1,2}|[〇一二三四五六七八九十]{1,4})";
const GREG: &str = r"([0-9]{4}|[〇一二三四五六七八九]{4})";
const CONN_JA: &str = r"\s*(?:[~〜～\-]|から)\s*";

type Handler = fn(&Captures) -> Vec<Option<u16>>;

struct Pattern {
    re: Regex,
    handler: Handler,
    /// A range: the handler returns [start, end].
    range: bool,
    /// Must not follow an ASCII letter (FY, fiscal).
    word_start: bool,
    /// A text this does not match cannot match the pattern (a cheap literal search first).
    trigger: &'static Regex,
}

/// The literal every pattern of one family needs: `FY`, `fiscal` (any case) or `年`.
fn trigger(family: &str) -> &'static Regex {
    static T: OnceLock<[Regex; 3]> = OnceLock::new();
    let t = T.get_or_init(|| {
        [
            Regex::new("FY").unwrap(),
            Regex::new("(?i)fiscal").unwrap(),
            Regex::new("年").unwrap(),
        ]
    });
    match family {
        "FY" => &t[0],
        "fiscal" => &t[1],
        _ => &t[2],
    }
}

/// Parses a kanji or ASCII number: `元` = 1, `12`, `十二`, `二十一`, `二〇二〇`.
pub fn parse_number(s: &str) -> Option<u16> {
    let s = s.trim();
    if s == "元" {
        return Some(1);
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| -> Option<u16> {
        Some(match c {
            '〇' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    if s.contains('十') {
        let (a, b) = s.split_once('十')?;
        let tens = if a.is_empty() {
            1
        } else if a.chars().count() == 1 {
            digit(a.chars().next()?)?
        } else {
            return None;
        };
        let ones = if b.is_empty() {
            0
        } else if b.chars().count() == 1 {
            digit(b.chars().next()?)?
        } else {
            return None;
        };
        return Some(tens * 10 + ones);
    }
    let mut v: u16 = 0;
    for c in s.chars() {
        v = v.checked_mul(10)?.checked_add(digit(c)?)?;
    }
    Some(v)
}

fn era_year(era: &str, n: &str) -> Option<u16> {
    let n = parse_number(n)?;
    if n == 0 || n > 64 {
        return None;
    }
    Some(match era {
        "令和" => 2018 + n,
        "平成" => 1988 + n,
        "昭和" => 1925 + n,
        _ => return None,
    })
}

fn greg(s: &str) -> Option<u16> {
    parse_number(s)
}

/// Years of a Gregorian year (group 1) written with its era equivalent (groups 2–3): both
/// name the same fiscal year.
fn greg_with_era(c: &Captures) -> Vec<Option<u16>> {
    vec![
        cap(c, 1).and_then(greg),
        cap(c, 2).and_then(|e| era_year(e, cap(c, 3)?)),
    ]
}

fn cap<'a>(c: &'a Captures, i: usize) -> Option<&'a str> {
    c.get(i).map(|m| m.as_str())
}

fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        let p = |re: String, handler: Handler, range: bool, word_start: bool| Pattern {
            trigger: trigger(if re.contains("FY") {
                "FY"
            } else if re.contains("fiscal") {
                "fiscal"
            } else {
                "年"
            }),
            re: Regex::new(&re).unwrap(),
            handler,
            range,
            word_start,
        };
        vec![
            // 2018～2020年度, 2018年度から2020年度, 2018年～2020年度
            p(
                format!(r"{GREG}\s*(?:年度?)?{CONN_JA}{GREG}\s*年\s*度"),
                |c| vec![cap(c, 1).and_then(greg), cap(c, 2).and_then(greg)],
                true,
                false,
            ),
            // 令和2年度から令和4年度, 令和2～4年度, 平成30年度～令和2年度
            p(
                format!(r"{ERA}\s*{ENUM}\s*(?:年度?)?{CONN_JA}(?:{ERA}\s*)?{ENUM}\s*年\s*度"),
                |c| {
                    let e1 = cap(c, 1).unwrap_or("");
                    let e2 = cap(c, 3).unwrap_or(e1);
                    vec![
                        cap(c, 2).and_then(|n| era_year(e1, n)),
                        cap(c, 4).and_then(|n| era_year(e2, n)),
                    ]
                },
                true,
                false,
            ),
            // 2020年度, 2019年度（令和元年度）
            p(
                format!(r"{GREG}\s*年\s*度(?:\s*[（(]\s*{ERA}\s*{ENUM}\s*年\s*度?\s*[）)])?"),
                greg_with_era,
                false,
                false,
            ),
            // 2020年（令和2年）度
            p(
                format!(r"{GREG}\s*年\s*[（(]\s*{ERA}\s*{ENUM}\s*年\s*[）)]\s*度"),
                greg_with_era,
                false,
                false,
            ),
            // 令和2年度, 令和2年度（2020年度）
            p(
                format!(r"{ERA}\s*{ENUM}\s*年\s*度(?:\s*[（(]\s*{GREG}\s*年\s*度?\s*[）)])?"),
                |c| {
                    vec![
                        era_year(cap(c, 1).unwrap_or(""), cap(c, 2).unwrap_or("")),
                        cap(c, 3).and_then(greg),
                    ]
                },
                false,
                false,
            ),
            // between FY2018 and FY2020
            p(
                r"(?i:between)\s+FY\s*'?([0-9]{4})\s+and\s+(?:FY\s*)?([0-9]{4})(?-u:\b)".to_string(),
                |c| vec![cap(c, 1).and_then(greg), cap(c, 2).and_then(greg)],
                true,
                true,
            ),
            // (From) FY2008 through FY2020, FY2018-2020, FY2018-20, FY 2018 to FY 2020
            p(
                r"(?:(?i:from)\s+)?FY\s*([0-9]{4})\s*(?:-|~|〜|(?i:to|through|until|till)(?-u:\b))\s*(?:FY\s*)?([0-9]{4}|[0-9]{2})(?-u:\b)".to_string(),
                |c| {
                    let a = cap(c, 1).and_then(greg);
                    let b = cap(c, 2).and_then(|s| {
                        if s.len() == 2 {
                            Some(a? / 100 * 100 + s.parse::<u16>().ok()?)
                        } else {
                            greg(s)
                        }
                    });
                    vec![a, b]
                },
                true,
                true,
            ),
            // fiscal years 2018 through 2020, fiscal 2018-2020
            p(
                r"(?i:fiscal)\s+(?i:years?\s+)?([0-9]{4})\s*(?:-|(?i:to|through|until)(?-u:\b))\s*([0-9]{4})(?-u:\b)".to_string(),
                |c| vec![cap(c, 1).and_then(greg), cap(c, 2).and_then(greg)],
                true,
                true,
            ),
            // FY2020, FY 2020
            p(
                r"FY\s*([0-9]{4})(?-u:\b)".to_string(),
                |c| vec![cap(c, 1).and_then(greg)],
                false,
                true,
            ),
            // fiscal 2020, fiscal year 2020
            p(
                r"(?i:fiscal)\s+(?i:year\s+)?([0-9]{4})(?-u:\b)".to_string(),
                |c| vec![cap(c, 1).and_then(greg)],
                false,
                true,
            ),
        ]
    })
}

fn valid(y: u16) -> bool {
    (1900..=2100).contains(&y)
}

/// Fiscal-year mentions in a view, as (view start, view end, years).
pub(crate) fn scan_view(v: &View) -> Vec<(usize, usize, Vec<u16>)> {
    let s = &v.s;
    let mut cands: Vec<(usize, usize, usize, Vec<u16>)> = Vec::new(); // start, end, pattern idx, years
    for (pi, p) in patterns().iter().enumerate() {
        if !p.trigger.is_match(s) {
            continue;
        }
        for c in p.re.captures_iter(s) {
            let m = c.get(0).unwrap();
            let before = v.char_before(m.start());
            if before.is_some_and(|ch| ch.is_ascii_digit()) {
                continue;
            }
            if p.word_start && before.is_some_and(|ch| ch.is_ascii_alphanumeric()) {
                continue;
            }
            let vals = (p.handler)(&c);
            let mut years: Vec<u16> = Vec::new();
            if p.range {
                match (
                    vals.first().copied().flatten(),
                    vals.get(1).copied().flatten(),
                ) {
                    (Some(a), Some(b)) if valid(a) && valid(b) => {
                        if b > a && b - a <= MAX_RANGE {
                            years.extend(a..=b);
                        } else {
                            years.push(a);
                            years.push(b);
                        }
                    }
                    (Some(a), _) if valid(a) => years.push(a),
                    (_, Some(b)) if valid(b) => years.push(b),
                    _ => {}
                }
            } else {
                years.extend(vals.into_iter().flatten().filter(|y| valid(*y)));
            }
            years.sort_unstable();
            years.dedup();
            if !years.is_empty() {
                cands.push((m.start(), m.end(), pi, years));
            }
        }
    }
    // Leftmost, then longest, then earliest pattern; no overlaps.
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out: Vec<(usize, usize, Vec<u16>)> = Vec::new();
    let mut last_end = 0;
    for (a, b, _, years) in cands {
        if a < last_end {
            continue;
        }
        last_end = b;
        out.push((a, b, years));
    }
    out
}

/// Every fiscal-year mention in `text`, in text order, with byte offsets into `text`.
pub fn fiscal_years(text: &str) -> Vec<FyMention> {
    let v = View::new(text);
    scan_view(&v)
        .into_iter()
        .map(|(a, b, years)| {
            let (x, y) = v.orig_span(a, b);
            FyMention {
                years,
                byte_start: x,
                byte_end: y,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(t: &str) -> Vec<u16> {
        let mut v: Vec<u16> = fiscal_years(t).into_iter().flat_map(|m| m.years).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn english_single() {
        assert_eq!(years("In FY2020 the fair was held"), vec![2020]);
        assert_eq!(years("In FY 2019, the number"), vec![2019]);
        assert_eq!(years("results for fiscal 2020 were"), vec![2020]);
        assert_eq!(years("in fiscal year 2018 the"), vec![2018]);
        assert_eq!(
            years("A. The 3rd Japan Open Innovation Prize (FY2020)"),
            vec![2020]
        );
        assert_eq!(years("the FY2020 supplementary budget"), vec![2020]);
    }

    #[test]
    fn english_ranges() {
        assert_eq!(
            years("From FY 2008 through FY 2020, 156 SATREPS projects"),
            (2008..=2020).collect::<Vec<_>>()
        );
        assert_eq!(
            years("FY2008 through FY2020"),
            (2008..=2020).collect::<Vec<_>>()
        );
        assert_eq!(years("FY2018-2020"), vec![2018, 2019, 2020]);
        assert_eq!(years("FY2018–20"), vec![2018, 2019, 2020]);
        assert_eq!(years("between FY2016 and FY2018"), vec![2016, 2017, 2018]);
        assert_eq!(
            years("fiscal years 2018 through 2020"),
            vec![2018, 2019, 2020]
        );
        // Absurd spans keep only their ends.
        assert_eq!(years("FY1950 through FY2020"), vec![1950, 2020]);
    }

    #[test]
    fn english_not_fy() {
        assert!(
            years("Since the corporatization of national universities in April 2004").is_empty()
        );
        assert!(years("University Fact Book 2019").is_empty());
        assert!(years("TIA Vision 2020-2024 was formulated").is_empty());
        assert!(years("the previous fiscal year").is_empty());
        assert!(years("NFY2020").is_empty());
        assert!(years("FY1800").is_empty());
    }

    #[test]
    fn japanese_era() {
        assert_eq!(years("令和2年度"), vec![2020]);
        assert_eq!(years("令和元年度"), vec![2019]);
        assert_eq!(years("平成30年度"), vec![2018]);
        assert_eq!(years("昭和63年度"), vec![1988]);
        assert_eq!(years("令和二年度"), vec![2020]);
        assert_eq!(years("平成三十年度"), vec![2018]);
        assert_eq!(years("平成二十一年度"), vec![2009]);
        assert_eq!(years("令和 4 年度まで実施"), vec![2022]);
        assert_eq!(years("令和５年度"), vec![2023]);
        assert_eq!(years("令和元年度電気通信事故に関する検証報告"), vec![2019]);
    }

    #[test]
    fn japanese_gregorian() {
        assert_eq!(years("2020年度"), vec![2020]);
        assert_eq!(years("２０２０年度"), vec![2020]);
        assert_eq!(years("二〇二〇年度"), vec![2020]);
        assert_eq!(years("2020年度（令和2年度）においては"), vec![2020]);
        assert_eq!(years("2019年度（令和元年度）から"), vec![2019]);
        assert_eq!(years("2022年度（令和 4 年度）"), vec![2022]);
        assert_eq!(years("2020年（令和2年）度は"), vec![2020]);
        let m = fiscal_years("x2020年度（令和2年度）y");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].byte_start, 1);
        assert_eq!(
            &"x2020年度（令和2年度）y"[m[0].byte_start..m[0].byte_end],
            "2020年度（令和2年度）"
        );
    }

    #[test]
    fn japanese_ranges() {
        assert_eq!(years("令和2年度から令和4年度まで"), vec![2020, 2021, 2022]);
        assert_eq!(years("令和2～4年度"), vec![2020, 2021, 2022]);
        assert_eq!(years("平成30年度～令和2年度"), vec![2018, 2019, 2020]);
        assert_eq!(years("2018～2020年度"), vec![2018, 2019, 2020]);
        assert_eq!(years("2018年度から2020年度まで"), vec![2018, 2019, 2020]);
        assert_eq!(years("２０１８〜２０２０年度"), vec![2018, 2019, 2020]);
    }

    #[test]
    fn japanese_not_fy() {
        assert!(years("2021年（令和3年）2月には").is_empty());
        assert!(years("令和元年5月").is_empty());
        assert!(years("令和元年東日本台風（台風第19号）").is_empty());
        assert!(years("平成十二年四月一日から施行する").is_empty());
        assert!(years("同年度").is_empty());
        assert!(years("毎年度").is_empty());
        assert!(years("2020年11月は対前年同月比").is_empty());
    }

    #[test]
    fn offsets_fullwidth() {
        let t = "ＦＹ２０２０に";
        let m = fiscal_years(t);
        assert_eq!(m.len(), 1);
        assert_eq!(&t[m[0].byte_start..m[0].byte_end], "ＦＹ２０２０");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("元"), Some(1));
        assert_eq!(parse_number("十"), Some(10));
        assert_eq!(parse_number("二十"), Some(20));
        assert_eq!(parse_number("三十一"), Some(31));
        assert_eq!(parse_number("二〇二〇"), Some(2020));
    }
}
