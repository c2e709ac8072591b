//! Plain-text Canadian federal statutes and regulations (consolidated Acts, annual statutes,
//! regulations and orders, as the Justice Canada XML reads when written out as text): the
//! header (title, long title, citation, assent or registration, consolidation date),
//! `SUMMARY`, `Preamble` and the enacting clause, `PART` / `DIVISION` / `SUBDIVISION` /
//! `CHAPTER` headings, group headings, marginal notes, sections `36`, subsections `(2)`,
//! paragraphs `(a)`, subparagraphs `(i)`, clauses `(A)`, definitions, history notes,
//! schedules, treaty articles, `RELATED PROVISIONS` and `AMENDMENTS NOT IN FORCE`, and the
//! quoted text of amending provisions.
//!
//! Decisions:
//! - The title is the first line (the Act's or regulation's name), never a heading.
//! - One passage per subsection, per section without subsections and per definition.
//!   Paragraphs, subparagraphs and clauses stay in their subsection's passage, one per line:
//!   a paragraph is a fragment of its subsection's sentence.
//! - Labels are cited as lawyers cite: `s. 36`, `s. 36(2)`, `ss. 12 to 15` (a repealed
//!   range), `s. 2 "disability"` (a definition), `Sch. I`, `Sch. I, item 3`, `Art. 11(2)`
//!   (treaties), `Preamble`, `Enacting clause`, `Summary`, `Long title`; inside
//!   `RELATED PROVISIONS` and `AMENDMENTS NOT IN FORCE` the section numbers are those of the
//!   amending Act and the label names it: `2005, c. 26, s. 18(1)`.
//! - A marginal note (a short line directly above a section or subsection) is the passage's
//!   heading: the innermost element of its section path, never its text.
//! - Text an amending provision quotes (after `… is replaced by the following:`) is not
//!   the document's own structure: its sections and subsections are passages of their own,
//!   labelled with the amending provision (`s. 1(5)`), its marginal notes part of its text.
//!   The quotation ends at the amending Act's next own section or subsection (numbered one
//!   after the last), at a heading of a Part or schedule, or at a new source in related
//!   provisions.
//! - A history note (`R.S., 1985, c. A-1, s. 2; 2019, c. 18, s. 2`) ends the passage it
//!   follows, as the published text shows it; standing alone (after a heading, in the front
//!   matter), it is a [`PassageKind::Note`] passage, as are `[Repealed, …]` lines under a
//!   heading and the header's citation lines.
//!
//! [`looks_like_statute_en`] tells the layout from the text itself: a header of at most a
//! dozen lines under the title, two of them citation or date lines of the Justice Canada form
//! (`S.C. 2019, c. 10`, `SOR/2023-135`, `Assented to 2019-06-21`, `Consolidated to …`).
//!
//! Depends on [`super`] (the outline builder) only.

use super::{lines, Block, OutlineBuilder, Parsed};
use crate::model::PassageKind;

/// True when `text` is laid out as a Canadian statute or regulation: a title line, then a
/// header (before the first blank line, at most 12 lines) with at least two citation or date
/// lines of the Justice Canada form.
pub fn looks_like_statute_en(text: &str) -> bool {
    let mut it = text.trim_start_matches('\u{FEFF}').lines();
    let Some(title) = it.next() else {
        return false;
    };
    if title.trim().is_empty() || title.len() > 400 {
        return false;
    }
    let mut markers = 0;
    for (n, l) in it.enumerate() {
        let l = l.trim();
        if l.is_empty() {
            break;
        }
        if n >= 12 {
            return false;
        }
        if is_header_marker(l) {
            markers += 1;
        }
    }
    markers >= 2
}

/// A citation or date line of a statute's header.
fn is_header_marker(l: &str) -> bool {
    let date_after = |p: &str| {
        l.strip_prefix(p).is_some_and(|d| {
            let b = d.as_bytes();
            b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
        })
    };
    date_after("Consolidated to ")
        || date_after("Assented to ")
        || date_after("Registration ")
        || l.starts_with("Enabling authority: ")
        || starts_with_digits_after(l, "Bill C-")
        || starts_with_digits_after(l, "Bill S-")
        || starts_with_digits_after(l, "S.C. ")
        || starts_with_digits_after(l, "R.S.C., ")
        || starts_with_digits_after(l, "R.S.C. ")
        || l.starts_with("R.S., c. ")
        || starts_with_digits_after(l, "SOR/")
        || starts_with_digits_after(l, "SI/")
        || starts_with_digits_after(l, "C.R.C., c. ")
}

fn starts_with_digits_after(l: &str, prefix: &str) -> bool {
    l.strip_prefix(prefix)
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// Heading ranks (smaller is higher).
const RANK_TOP: u16 = 1; // SCHEDULE, RELATED PROVISIONS, SUMMARY, Preamble
const RANK_PART: u16 = 2;
const RANK_DIVISION: u16 = 3;
const RANK_SUBDIVISION: u16 = 4;
const RANK_GROUP: u16 = 5; // group headings (nested ones up to 7), related-provision sources
const RANK_ARTICLE: u16 = 8;
const RANK_NOTE: u16 = 9; // marginal notes

/// Longest free text (schedules, preambles) one passage takes before the next line starts a
/// new one.
const MAX_TEXT_CHARS: usize = 1500;

/// Longest provision one passage takes: a subsection with a long table or a hundred
/// paragraphs goes on in a further passage of the same label.
const MAX_PROVISION_CHARS: usize = 8000;

/// What a line starts, by its own text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line<'a> {
    Blank,
    /// `36 …`, `36 (1) …`, `5.1 …`, `48. (1) …` (old style), `12 to 15 [Repealed, …]`.
    Section {
        num: &'a str,
        sub: Option<&'a str>,
        range: Option<&'a str>,
    },
    /// `(2) …`, `(1.1) …`.
    Subsection(&'a str),
    /// `(a) …`, `(i) …`, `(A) …`, `(I) …`, `a) …` (treaties).
    Para,
    Text,
}

/// `36`, `5.1`, `48.` at the start of `t`: (number, byte length including a trailing dot).
fn number(t: &str) -> Option<(&str, usize)> {
    let b = t.as_bytes();
    let mut i = 0;
    loop {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s || i - s > 4 {
            return None;
        }
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    let num = &t[..i];
    if i < b.len() && b[i] == b'.' {
        i += 1;
    }
    Some((num, i))
}

/// The byte length of a lettered section number at the start of `t` (`A.01.010`,
/// `C.01A.001`, `G.01.001.1`): a capital, then dot-separated groups of digits (the first
/// may end in a capital).
fn lettered_number(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_uppercase() || b[1] != b'.' || !b[2].is_ascii_digit() {
        return None;
    }
    let mut i = 2;
    let mut groups = 0;
    loop {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s || i - s > 3 {
            return None;
        }
        if groups == 0 && i < b.len() && b[i].is_ascii_uppercase() {
            i += 1;
        }
        groups += 1;
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    (groups >= 2).then_some(i)
}

/// `(2)` / `(1.1)` at the start of `t`: (number, byte length).
fn paren_number(t: &str) -> Option<(&str, usize)> {
    let r = t.strip_prefix('(')?;
    let (n, len) = number(r)?;
    if len != n.len() {
        return None;
    }
    r[len..].starts_with(')').then_some((n, len + 2))
}

/// True when text after a provision number may start there (not a lowercase word: `1 000`,
/// `100 dollars` continue a sentence).
fn starts_provision_text(r: &str) -> bool {
    r.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || matches!(c, '(' | '[' | '“' | '"' | '‘' | '—' | '$' | '«')
            || c.is_ascii_digit()
    })
}

/// A paragraph marker at the start of `t`: `(a)`, `(z.1)`, `(aa)`, `(iv)`, `(A)`, `(II)`, or
/// the treaty form `a)`.
fn para_marker(t: &str) -> bool {
    let (inner, rest) = if let Some(r) = t.strip_prefix('(') {
        match r.find(')') {
            Some(e) if e <= 8 => (&r[..e], &r[e + 1..]),
            _ => return false,
        }
    } else {
        match t.find(')') {
            Some(e) if (1..=4).contains(&e) => (&t[..e], &t[e + 1..]),
            _ => return false,
        }
    };
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return false;
    }
    let (head, tail) = match inner.split_once('.') {
        Some((h, tl)) => (h, Some(tl)),
        None => (inner, None),
    };
    let letters = !head.is_empty()
        && head.len() <= 4
        && (head.bytes().all(|c| c.is_ascii_lowercase())
            || head.bytes().all(|c| c.is_ascii_uppercase()));
    letters && tail.is_none_or(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()))
}

fn classify(raw: &str) -> Line<'_> {
    let t = raw.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    let first = t.as_bytes()[0];
    if first.is_ascii_digit() {
        if let Some((num, len)) = number(t) {
            let rest = &t[len..];
            if let Some(r) = rest.strip_prefix(' ') {
                if let Some((sub, sl)) = paren_number(r) {
                    if r[sl..].is_empty() || r[sl..].starts_with(' ') {
                        return Line::Section {
                            num,
                            sub: Some(sub),
                            range: None,
                        };
                    }
                }
                for joint in ["to ", "and "] {
                    if let Some(r2) = r.strip_prefix(joint) {
                        if let Some((to, l2)) = number(r2) {
                            if r2[l2..].starts_with(" [") {
                                return Line::Section {
                                    num,
                                    sub: None,
                                    range: Some(to),
                                };
                            }
                        }
                    }
                }
                if starts_provision_text(r) && !is_money_or_year_text(num, r) {
                    return Line::Section {
                        num,
                        sub: None,
                        range: None,
                    };
                }
            } else if rest.is_empty() && len > num.len() {
                // `12.` alone
                return Line::Text;
            }
        }
        return Line::Text;
    }
    if first.is_ascii_uppercase() {
        // `B.01.002 …`, `C.01A.001 (1) …` (the Food and Drug Regulations)
        if let Some(len) = lettered_number(t) {
            let (num, rest) = (&t[..len], &t[len..]);
            if let Some(r) = rest.strip_prefix(' ') {
                let sub = paren_number(r)
                    .filter(|(_, sl)| r[*sl..].is_empty() || r[*sl..].starts_with(' '))
                    .map(|(n, _)| n);
                if sub.is_some() || starts_provision_text(r) {
                    return Line::Section {
                        num,
                        sub,
                        range: None,
                    };
                }
            }
        }
    }
    if first == b'(' {
        if let Some((n, len)) = paren_number(t) {
            let r = &t[len..];
            if r.is_empty() || r.starts_with(' ') {
                return Line::Subsection(n);
            }
        }
    }
    if (first == b'(' || first.is_ascii_lowercase()) && para_marker(t) {
        return Line::Para;
    }
    Line::Text
}

/// `2019 Amendments`-like lines are headings or text, not section 2019: a number of four
/// digits starting 18/19/20 before a word is taken for a year.
fn is_money_or_year_text(num: &str, _rest: &str) -> bool {
    num.len() == 4 && (num.starts_with("19") || num.starts_with("20") || num.starts_with("18"))
}

/// Structural headings recognised by their first word.
#[derive(Debug, Clone, PartialEq)]
enum Structure {
    Part(u16),
    Schedule(String),
    /// `FORM 1`: a schedule of its own, or a part of the schedule it stands in.
    Form(String),
    Related,
    Summary,
    Preamble,
    Article(String),
    Source(String),
}

/// A line that opens a structural heading by itself.
fn structure(t: &str) -> Option<Structure> {
    if t.chars().count() > 120 {
        return None;
    }
    let word_num = |prefix: &str| -> Option<&str> {
        let r = t.strip_prefix(prefix)?;
        let tok = r.split_whitespace().next()?;
        let tok = tok.trim_end_matches(['.', ':']);
        let ok = !tok.is_empty()
            && tok.len() <= 8
            && tok
                .chars()
                .all(|c| c.is_ascii_digit() || "IVXLC".contains(c) || c == '.' || c == '-')
            || tok.len() == 1 && tok.chars().all(|c| c.is_ascii_uppercase());
        ok.then_some(tok)
    };
    if word_num("PART ").is_some() || word_num("Part ").is_some() && !t.contains(" of ") {
        return Some(Structure::Part(RANK_PART));
    }
    if word_num("DIVISION ").is_some() || word_num("CHAPTER ").is_some() {
        return Some(Structure::Part(RANK_DIVISION));
    }
    if word_num("SUBDIVISION ").is_some() {
        return Some(Structure::Part(RANK_SUBDIVISION));
    }
    if t == "SCHEDULE" || t == "Schedule" || t.starts_with("SCHEDULE (") {
        return Some(Structure::Schedule("Sch.".into()));
    }
    if let Some(n) = word_num("SCHEDULE ")
        .or_else(|| word_num("Schedule ").filter(|_| t.split_whitespace().count() == 2))
    {
        return Some(Structure::Schedule(format!("Sch. {n}")));
    }
    if let Some(n) = word_num("FORM ")
        .or_else(|| word_num("Form ").filter(|_| t.split_whitespace().count() == 2))
    {
        return Some(Structure::Form(format!("Form {n}")));
    }
    if matches!(
        t,
        "RELATED PROVISIONS" | "AMENDMENTS NOT IN FORCE" | "RELATED AMENDMENTS"
    ) {
        return Some(Structure::Related);
    }
    if t == "SUMMARY" {
        return Some(Structure::Summary);
    }
    if t == "Preamble" || t == "PREAMBLE" {
        return Some(Structure::Preamble);
    }
    if let Some(n) = word_num("Article ").or_else(|| word_num("ARTICLE ")) {
        return Some(Structure::Article(n.to_string()));
    }
    if let Some(src) = t.strip_prefix("— ") {
        if src.starts_with(|c: char| c.is_ascii_digit())
            || src.starts_with("R.S.")
            || src.starts_with("S.C. ")
            || src.starts_with("C.R.C.")
            || src.starts_with("SOR/")
            || src.starts_with("SI/")
        {
            return Some(Structure::Source(source_prefix(src)));
        }
    }
    None
}

/// `2005, c. 26` of `2005, c. 26, s. 18(1), as amended by …`.
fn source_prefix(src: &str) -> String {
    let cut = [
        ", s. ",
        ", ss. ",
        ", par. ",
        ", subpar. ",
        ", cl. ",
        ", Sch. ",
        ", art. ",
    ]
    .iter()
    .filter_map(|n| src.find(n))
    .min()
    .unwrap_or(src.len());
    src[..cut].trim().to_string()
}

/// The section a related provision's source names (`, par. 18(7)(a)` → `18`).
fn source_section(rest: &str) -> Option<String> {
    let r = rest.trim_start_matches(',').trim_start();
    let r = ["s. ", "ss. ", "par. ", "subpar. ", "cl. "]
        .iter()
        .find_map(|p| r.strip_prefix(p))?;
    number(r).map(|(n, _)| n.to_string())
}

/// A history note: a line of citations only (`R.S., 1985, c. A-1, s. 2; 2019, c. 18, s. 2`,
/// `SOR/78-778, s. 1`).
fn is_history(t: &str) -> bool {
    let starts = t.starts_with("R.S.")
        || t.starts_with("SOR/")
        || t.starts_with("SI/")
        || t.starts_with("C.R.C.")
        || t.starts_with("S.C. ")
        || {
            // `2002, c. 9, s. 2`, `1992-93, c. 1`
            let b = t.as_bytes();
            b.len() > 8
                && b[..4].iter().all(u8::is_ascii_digit)
                && (t[4..].starts_with(", c. ") || t[4..].starts_with('-') && t.contains(", c. "))
        };
    starts && t.len() < 4000 && !t.contains(" is ") && !t.contains(" the ")
}

/// A `[Repealed, …]` / `[Revoked, …]` line.
fn is_repealed(t: &str) -> bool {
    (t.starts_with("[Repealed") || t.starts_with("[Revoked")) && t.ends_with(']')
}

/// A marginal note may be this line (it stands directly above a section or subsection).
fn is_note_like(t: &str) -> bool {
    let n = t.chars().count();
    if n == 0 || n > 150 || t.contains('\t') || t.ends_with([':', ';', ',']) {
        return false;
    }
    if t.starts_with(|c: char| c.is_lowercase() || c == '(') || is_formula_term(t) {
        return false;
    }
    // `2. the death of …` (a numbered line of quoted text), `… and` (a sentence runs on)
    if let Some((_, len)) = number(t) {
        if t[len..]
            .trim_start()
            .starts_with(|c: char| c.is_lowercase())
        {
            return false;
        }
    }
    if t.ends_with(" and") || t.ends_with(" or") || t.ends_with(" but") {
        return false;
    }
    !t.ends_with('.') || t.split_whitespace().count() <= 10
}

/// A line that may be (part of) a group heading: short, not ending as a sentence does, not
/// an enacting formula.
fn is_heading_like(t: &str) -> bool {
    let n = t.chars().count();
    n > 0
        && n <= 160
        && !t.contains('\t')
        && !t.ends_with(['.', ':', ';', ',', '—'])
        && !t.starts_with(|c: char| c.is_lowercase())
        && !is_formula_term(t)
        && front_label(t) == "Preamble"
}

/// The description of a formula's term: `A is the amount …`, `B2 is …`.
fn is_formula_term(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_uppercase() {
        i += 1;
    }
    (1..=2).contains(&i) && {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        t[i..].starts_with(" is ") || t[i..].starts_with(" are ")
    }
}

/// The defined term of a definition line (`barrier means …` → `barrier`; `third party, in
/// respect of …, means` → `third party`; `“record” means` → `record`; `Minister[Repealed, …]`
/// → `Minister`).
fn defined_term(t: &str) -> Option<&str> {
    if let Some(r) = t.strip_prefix('“') {
        let e = r.find('”')?;
        let term = &r[..e];
        let after = r[e + '”'.len_utf8()..].trim_start();
        let verb = after.trim_start_matches([',', ' ']);
        return (!term.is_empty()
            && term.len() <= 120
            && (verb.starts_with("mean")
                || verb.starts_with("include")
                || verb.starts_with("has ")
                || verb.starts_with("or ")
                || verb.starts_with("and ")
                || after.starts_with(',')
                || after.starts_with('[')
                || after.starts_with('(')))
        .then_some(term);
    }
    if t.starts_with('(') || t.starts_with('[') {
        return None;
    }
    let mut best: Option<usize> = None;
    for verb in [
        " means ",
        " means,",
        " means:",
        " mean ",
        " includes ",
        " includes,",
        " has the same meaning",
        " has the meaning",
        " does not include",
        " describes ",
        " refers to ",
        "[Repealed",
        "[Revoked",
    ] {
        if let Some(i) = t.find(verb) {
            best = Some(best.map_or(i, |b| b.min(i)));
        }
    }
    let end = best?;
    let head = &t[..end];
    // `third party, in respect of a request, means`: the qualifier after the comma is not
    // part of the term; `lands, buildings and other structures means`: the list is.
    let term = match head.split_once(", ") {
        Some((first, rest))
            if [
                "in ", "with ", "for ", "when ", "except ", "other ", "as ", "of ", "unless ",
                "where ", "at ", "used ", "under ", "by ", "on ", "if ",
            ]
            .iter()
            .any(|p| rest.starts_with(p)) =>
        {
            first
        }
        _ => head.trim_end_matches(','),
    }
    .trim();
    let words = term.split_whitespace().count();
    (!term.is_empty() && term.len() <= 100 && words <= 10).then_some(term)
}

/// True when a provision's line (`2 In this Act,`, `(1) The following definitions apply
/// …`) opens a list of definitions.
fn opens_definitions(line: &str) -> bool {
    let t = provision_text(line);
    let lower_has = |w: &str| t.contains(w);
    (lower_has("definition") || lower_has("Definition")) && (t.ends_with('.') || t.ends_with(':'))
        || (t.starts_with("In ") || t.starts_with("For the purposes of")) && t.ends_with([',', ':'])
}

/// A provision's line without its numbers (`36 (1) The …` → `The …`).
fn provision_text(line: &str) -> &str {
    let mut t = line.trim();
    if let Some(len) = number(t).map(|(_, l)| l).or_else(|| lettered_number(t)) {
        t = t[len..].trim_start();
    }
    if let Some((_, len)) = paren_number(t) {
        t = t[len..].trim_start();
    }
    t
}

/// True when a provision's line ends by introducing quoted text of another enactment.
fn opens_quotation(t: &str) -> bool {
    let t = t.trim_end_matches(['”', '"']);
    t.ends_with(':')
        && (t.contains("following") || t.ends_with("as follows:"))
        && [
            " amended",
            " replaced",
            " replacing",
            " repealed",
            " enacted",
            " adding",
            " added",
            " substituted",
            " inserted",
            " read ",
            " reads ",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// The section and subsection an amending instruction names: `Subsection 80.3(5) of the
/// Act …` → (`80.3`, `5`); `Section 15 of the Act …` → (`15`, none); `… after subsection
/// (6):` → (none, `7`).
fn quoted_target(t: &str) -> (Option<String>, Option<String>) {
    let t = provision_text(t);
    let mut target = (None, None);
    for (i, _) in t.match_indices("ection ") {
        let rest = &t[i + "ection ".len()..];
        if let Some((n, len)) = number(rest) {
            let sub = paren_number(&rest[len..]).map(|(k, _)| k.to_string());
            target = (Some(n.to_string()), sub);
            break;
        }
    }
    if target.1.is_none() {
        if let Some(i) = t.find("after subsection (") {
            let k = paren_number(&t[i + "after subsection ".len()..])
                .and_then(|(k, _)| k.parse::<u32>().ok());
            target.1 = k.map(|k| (k + 1).to_string());
        }
    }
    target
}

/// Compares dotted section numbers (`5` < `5.1` < `5.10` < `6`).
fn num_parts(n: &str) -> Vec<u32> {
    n.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The passage being built.
struct Cur {
    label: Option<String>,
    kind: PassageKind,
    text: String,
    start: u32,
    end: u32,
}

/// `(2)` when there is a number, nothing otherwise (formatting a label).
struct Paren<'a>(Option<&'a str>);

impl std::fmt::Display for Paren<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, "({n})"),
            None => Ok(()),
        }
    }
}

/// Where the parser is in the document.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Before the first provision or body heading (recitals, enacting clause).
    Front,
    /// Under `SUMMARY`.
    Summary,
    /// Under `Preamble`.
    Preamble,
    /// The enacting part.
    Body,
}

struct State {
    b: OutlineBuilder,
    /// Ranks of the open headings, outermost first (their depth is their place + 1).
    ranks: Vec<u16>,
    cur: Option<Cur>,
    mode: Mode,
    /// `Sch. I` inside a schedule.
    schedule: Option<String>,
    /// `2005, c. 26` inside related provisions.
    source: Option<String>,
    /// Treaty article number.
    article: Option<String>,
    /// Own section number, its subsection, a repealed range's last number.
    section: Option<String>,
    sub: Option<String>,
    range: Option<String>,
    /// Numbered item of a schedule or article.
    item: Option<String>,
    /// Inside a list of definitions.
    defs: bool,
    /// Inside text an amending provision quotes; its label.
    quoted: Option<Option<String>>,
    /// Quoted definitions are split one per passage.
    quoted_defs: bool,
    /// The section and subsection the amending instruction names (`Subsection 80.3(5) of
    /// the Act is replaced by …`): the quotation's first provision, even when its number
    /// would continue the amending Act's own.
    quoted_target: (Option<String>, Option<String>),
    /// Rank of the heading opened last, while no passage followed it.
    last_heading: Option<u16>,
    /// The label of the front matter's last clause (`Preamble`, `Enacting clause`).
    front: &'static str,
}

impl State {
    fn flush(&mut self) {
        if let Some(c) = self.cur.take() {
            // lines are trimmed as they are added: only the ends can hold white space
            let mut text = c.text;
            let end = text.trim_end().len();
            text.truncate(end);
            if text.is_empty() {
                return;
            }
            self.b.block(Block {
                kind: c.kind,
                text,
                line_start: c.start,
                line_end: c.end,
                footnotes: Vec::new(),
                label: c.label,
            });
            self.last_heading = None;
        }
    }

    fn heading(&mut self, rank: u16, text: &str, line: u32) {
        self.flush();
        self.ranks.retain(|r| *r < rank);
        self.ranks.push(rank);
        self.b.heading(self.ranks.len().min(255) as u8, text, line);
        self.last_heading = Some(rank);
    }

    /// Closes the open headings of `rank` or lower: what follows belongs to the heading above.
    fn close(&mut self, rank: u16) {
        self.flush();
        let keep = self.ranks.iter().take_while(|r| **r < rank).count();
        if keep < self.ranks.len() {
            self.ranks.truncate(keep);
            self.b.close(keep as u8 + 1);
        }
    }

    /// Leaves the front matter (recitals, summary, preamble) for the enacting part.
    fn enter_body(&mut self) {
        if self.mode != Mode::Body {
            self.flush();
            if matches!(self.mode, Mode::Summary | Mode::Preamble) {
                self.close(RANK_TOP);
            }
            self.mode = Mode::Body;
        }
    }

    /// The citation label of the current place.
    fn label(&self) -> Option<String> {
        match self.mode {
            Mode::Front if self.schedule.is_none() => return Some(self.front.to_string()),
            Mode::Summary => return Some("Summary".into()),
            Mode::Preamble if self.schedule.is_none() => return Some("Preamble".into()),
            _ => {}
        }
        use std::fmt::Write;
        let mut out = String::new();
        let part = |out: &mut String, args: std::fmt::Arguments<'_>| {
            if !out.is_empty() {
                out.push_str(", ");
            }
            let _ = out.write_fmt(args);
        };
        if let Some(s) = &self.schedule {
            part(&mut out, format_args!("{s}"));
        }
        if let Some(s) = &self.source {
            part(&mut out, format_args!("{s}"));
        }
        let sub = Paren(self.sub.as_deref());
        if let Some(a) = &self.article {
            let item = Paren(self.item.as_deref());
            part(&mut out, format_args!("Art. {a}{item}{sub}"));
        } else if self.schedule.is_some() && self.section.is_none() {
            if let Some(i) = &self.item {
                part(&mut out, format_args!("item {i}{sub}"));
            }
        } else if let Some(s) = &self.section {
            match &self.range {
                Some(to) => part(&mut out, format_args!("ss. {s} to {to}")),
                None => part(&mut out, format_args!("s. {s}{sub}")),
            }
        } else if self.mode == Mode::Preamble {
            part(&mut out, format_args!("Preamble"));
        }
        (!out.is_empty()).then_some(out)
    }

    fn start(&mut self, label: Option<String>, kind: PassageKind, text: &str, line: u32) {
        self.flush();
        self.cur = Some(Cur {
            label,
            kind,
            text: text.to_string(),
            start: line,
            end: line,
        });
    }

    /// Appends a line to the open passage (a new one with the current label when none is
    /// open, or when free text has grown long).
    fn append(&mut self, text: &str, line: u32, free: bool) {
        if let Some(c) = self.cur.as_mut().filter(|c| c.kind == PassageKind::Body) {
            let max = if free {
                MAX_TEXT_CHARS
            } else {
                MAX_PROVISION_CHARS
            };
            if c.text.len() + text.len() <= max {
                c.text.push('\n');
                c.text.push_str(text);
                c.end = line;
            } else {
                let label = c.label.clone();
                self.start(label, PassageKind::Body, text, line);
            }
            return;
        }
        let label = match &self.quoted {
            Some(l) => l.clone(),
            None => self.label(),
        };
        self.start(label, PassageKind::Body, text, line);
    }

    fn note(&mut self, text: &str, line: u32) {
        let label = self.section_label();
        self.start(label, PassageKind::Note, text, line);
        self.flush();
    }

    /// The label of the current section (without subsection), for its history note.
    fn section_label(&self) -> Option<String> {
        if self.mode != Mode::Body && self.schedule.is_none() {
            return None;
        }
        if self.section.is_some() && self.range.is_none() {
            let mut parts: Vec<String> = Vec::new();
            parts.extend(self.schedule.clone());
            parts.extend(self.source.clone());
            parts.push(format!("s. {}", self.section.as_deref().unwrap_or("")));
            Some(parts.join(", "))
        } else {
            self.label()
        }
    }

    /// True when `n` continues the own numbering of sections (not a quoted one).
    fn own_next_section(&self, n: &str) -> bool {
        let Some(last) = &self.section else {
            return true;
        };
        let (a, b) = (num_parts(last), num_parts(n));
        b.first().copied() == a.first().map(|x| x + 1) && b.len() == 1
            || b.first() == a.first() && b > a
    }

    /// True when `n` continues the own numbering of subsections (strictly the next integer).
    fn own_next_sub(&self, n: &str) -> bool {
        // A section without subsections gets none later.
        let Some(last) = self.sub.as_deref().and_then(|s| s.parse::<u32>().ok()) else {
            return false;
        };
        n.parse::<u32>().is_ok_and(|k| k == last + 1)
    }

    /// Opens a quotation when `t` (a provision's line) introduces quoted text.
    fn check_quotation(&mut self, t: &str) {
        if self.quoted.is_none() && opens_quotation(t) {
            self.quoted = Some(self.label());
            self.quoted_defs = t.contains("alphabetical order") || t.contains("definition");
            self.quoted_target = quoted_target(t);
        }
    }

    /// True when section `n` ends the quotation: the amending Act's own next section, not
    /// the one its instruction names.
    fn ends_quotation_section(&self, n: &str) -> bool {
        self.own_next_section(n) && self.quoted_target.0.as_deref() != Some(n)
    }

    /// True when subsection `n` ends the quotation (see [`State::ends_quotation_section`]).
    fn ends_quotation_sub(&self, n: &str) -> bool {
        self.section.is_some() && self.own_next_sub(n) && self.quoted_target.1.as_deref() != Some(n)
    }
}

/// Front-matter text's label: the enacting clause, a royal recommendation, or the preamble.
fn front_label(t: &str) -> &'static str {
    if t.contains("enacts as follows")
        || t.contains("makes the annexed")
        || t.contains("make the annexed")
        || t.starts_with("Therefore")
        || t.starts_with("Now, therefore")
        || t.contains("pleased")
        || t.contains("hereby makes")
    {
        "Enacting clause"
    } else if t.starts_with("RECOMMENDATION") {
        "Recommendation"
    } else {
        "Preamble"
    }
}

/// A footnote of the front matter: `a S.C. 2005, c. 53`, `* S.C. 1994, c. 23, s. 7(1)`.
fn is_front_footnote(t: &str) -> bool {
    let mark_len = t
        .char_indices()
        .take_while(|(_, c)| *c == '*' || c.is_ascii_lowercase())
        .count();
    mark_len > 0
        && mark_len <= 6
        && t[mark_len..].starts_with(' ')
        && is_history(t[mark_len + 1..].trim())
}

/// Parses a plain-text Canadian statute or regulation.
pub fn parse(text: &str) -> Parsed {
    let all = lines(text.trim_start_matches('\u{FEFF}'));
    let classes: Vec<Line<'_>> = all.iter().map(|l| classify(l)).collect();
    let mut st = State {
        b: OutlineBuilder::new(),
        ranks: Vec::new(),
        cur: None,
        mode: Mode::Front,
        schedule: None,
        source: None,
        article: None,
        section: None,
        sub: None,
        range: None,
        item: None,
        defs: false,
        quoted: None,
        quoted_defs: false,
        quoted_target: (None, None),
        last_heading: None,
        front: "Preamble",
    };
    // Title and header.
    let mut i = 0;
    while i < all.len() && all[i].trim().is_empty() {
        i += 1;
    }
    if i < all.len() {
        st.b.title(all[i].trim());
        i += 1;
    }
    let mut header: Vec<(u32, &str)> = Vec::new();
    while i < all.len() && !all[i].trim().is_empty() {
        let t = all[i].trim();
        let line = i as u32 + 1;
        let id_line = t.len() <= 16
            && t.contains('-')
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if header.is_empty() && !is_header_marker(t) && !id_line && st.cur.is_none() {
            st.start(Some("Long title".into()), PassageKind::Body, t, line);
            st.flush();
        } else {
            header.push((line, t));
        }
        i += 1;
    }
    if let (Some(first), Some(last)) = (header.first(), header.last()) {
        let text: Vec<&str> = header.iter().map(|(_, t)| *t).collect();
        st.cur = Some(Cur {
            label: None,
            kind: PassageKind::Note,
            text: text.join("\n"),
            start: first.0,
            end: last.0,
        });
        st.flush();
    }
    let n = all.len();
    let mut block_start = true;
    while i < n {
        let line = i as u32 + 1;
        let t = all[i].trim();
        let class = classes[i];
        let next = classes.get(i + 1).copied().unwrap_or(Line::Blank);
        let at_block_start = block_start;
        block_start = false;
        match class {
            Line::Blank => {
                st.flush();
                st.defs = false;
                block_start = true;
            }
            Line::Section { num, sub, range } => {
                if let Some(label) = st.quoted.clone() {
                    let ends = st.ends_quotation_section(num);
                    st.quoted_target = (None, None);
                    if !ends {
                        st.start(label, PassageKind::Body, t, line);
                        i += 1;
                        continue;
                    }
                    st.quoted = None;
                }
                if st.article.is_some() || st.schedule.is_some() && st.section.is_none() {
                    // a numbered paragraph of a treaty article, an item of a schedule
                    st.enter_body();
                    st.item = Some(num.to_string());
                    st.sub = sub.map(str::to_string);
                    st.defs = false;
                    let label = st.label();
                    st.start(label, PassageKind::Body, t, line);
                } else {
                    st.enter_body();
                    if st.last_heading != Some(RANK_NOTE) {
                        // a section without a marginal note is not under the last one
                        st.close(RANK_NOTE);
                    }
                    st.section = Some(num.to_string());
                    st.sub = sub.map(str::to_string);
                    st.range = range.map(str::to_string);
                    let label = st.label();
                    st.start(label, PassageKind::Body, t, line);
                    st.defs = opens_definitions(t);
                    st.check_quotation(t);
                }
            }
            Line::Subsection(_) if st.mode != Mode::Body => {
                // `(1) Export Distribution Centre …: implements …` in a summary
                let consumed = text_line(&mut st, &all, &classes, i, at_block_start, next);
                i += consumed;
                continue;
            }
            Line::Subsection(num) => {
                if let Some(label) = st.quoted.clone() {
                    let ends = st.ends_quotation_sub(num);
                    st.quoted_target = (None, None);
                    if !ends {
                        st.start(label, PassageKind::Body, t, line);
                        i += 1;
                        continue;
                    }
                    st.quoted = None;
                }
                st.enter_body();
                st.sub = Some(num.to_string());
                let label = st.label();
                st.start(label, PassageKind::Body, t, line);
                st.defs = opens_definitions(t);
                st.check_quotation(t);
            }
            Line::Para => {
                st.append(t, line, false);
                if st.mode == Mode::Body {
                    st.check_quotation(t);
                }
            }
            Line::Text => {
                let consumed = text_line(&mut st, &all, &classes, i, at_block_start, next);
                i += consumed;
                continue;
            }
        }
        i += 1;
    }
    st.flush();
    st.b.finish()
}

/// Handles a line of text at `i` (heading, marginal note, definition, note or running text);
/// returns how many lines it took.
fn text_line(
    st: &mut State,
    all: &[&str],
    classes: &[Line<'_>],
    i: usize,
    at_block_start: bool,
    next: Line<'_>,
) -> usize {
    let t = all[i].trim();
    let line = i as u32 + 1;
    let next_is_provision = matches!(next, Line::Section { .. } | Line::Subsection(_));
    // Structural headings end a quotation.
    let structural = if at_block_start || matches!(t, "Preamble" | "SUMMARY") {
        // `Schedule V` or `Part 2` right above a section is its marginal note.
        let titlecase = t.starts_with("Schedule") || t.starts_with("Part ");
        structure(t).filter(|_| !(titlecase && next_is_provision))
    } else {
        match structure(t) {
            Some(s @ Structure::Article(_)) if next_is_provision => Some(s),
            _ => None,
        }
    };
    if let Some(s) = structural {
        let quoted_article = st.quoted.is_some() && matches!(s, Structure::Article(_));
        if !quoted_article {
            return structure_heading(st, all, classes, i, s);
        }
    }
    if st.quoted.is_some() && quotation_ends_ahead(st, all, i, at_block_start) {
        st.quoted = None;
    }
    if let Some(label) = st.quoted.clone() {
        if !is_note_like(t) && !is_heading_like(t) {
            // the quotation's first provision was this text (`“(4) The …`)
            st.quoted_target = (None, None);
        }
        // Quoted text: a definition starts a passage of its own; anything else runs on.
        let new_def = st.quoted_defs && defined_term(t).is_some();
        if new_def || st.cur.is_none() {
            let label = match (new_def, defined_term(t), label) {
                (true, Some(term), Some(l)) => Some(format!("{l} \"{term}\"")),
                (_, _, l) => l,
            };
            st.start(label, PassageKind::Body, t, line);
        } else {
            st.append(t, line, false);
        }
        return 1;
    }
    // A definition line inside a definitions list.
    if st.defs {
        if let Some(term) = defined_term(t) {
            let base = st.label();
            let label = base.map(|l| format!("{l} \"{term}\""));
            st.start(label, PassageKind::Body, t, line);
            return 1;
        }
    }
    // A marginal note above a section or subsection.
    if next_is_provision && is_note_like(t) {
        let own = match next {
            Line::Section { .. } => true,
            Line::Subsection(_) => {
                st.section.is_some() || st.article.is_some() || st.schedule.is_some()
            }
            _ => false,
        };
        if own {
            st.enter_body();
            if let Some(Structure::Article(a)) = structure(t) {
                st.article = Some(a);
                st.item = None;
                st.sub = None;
                st.heading(RANK_ARTICLE, t, line);
            } else {
                st.heading(RANK_NOTE, t, line);
            }
            return 1;
        }
    }
    if at_block_start {
        if let Some(k) = heading_block(all, i) {
            st.enter_body();
            return group_heading(st, all, i, k);
        }
    }
    if is_repealed(t) && (at_block_start || st.cur.is_none() || st.last_heading.is_some()) {
        // `[Repealed, …]` under a heading repeals the heading (no provision of its own)
        if st.last_heading.is_some() {
            st.start(None, PassageKind::Note, t, line);
            st.flush();
        } else {
            st.note(t, line);
        }
        return 1;
    }
    if is_history(t) && !next_is_provision {
        // A history note ends the provision it follows (as the published text shows it);
        // standing alone, it is a note.
        if st.mode == Mode::Body && st.cur.as_ref().is_some_and(|c| c.kind == PassageKind::Body) {
            st.append(t, line, false);
        } else {
            st.note(t, line);
        }
        return 1;
    }
    if st.mode != Mode::Body && is_front_footnote(t) {
        st.note(t, line);
        return 1;
    }
    // The address and the enacting clause end a summary.
    if st.mode == Mode::Summary
        && (front_label(t) != "Preamble" || t.starts_with("MOST GRACIOUS SOVEREIGN"))
    {
        st.close(RANK_TOP);
        st.mode = Mode::Front;
    }
    let clause = (st.schedule.is_none() && st.mode != Mode::Summary).then(|| front_label(t));
    if st.mode == Mode::Front || st.mode == Mode::Preamble && clause == Some("Enacting clause") {
        if let Some(label) = clause {
            st.front = label;
            if st.mode == Mode::Preamble {
                st.start(Some(label.into()), PassageKind::Body, t, line);
                return 1;
            }
        }
    }
    // Running text continues the open provision; outside any numbered provision (front
    // matter, a schedule's lists and tables, a treaty's unnumbered paragraphs) each long
    // line is a paragraph of its own, short lines run together.
    let free = st.mode != Mode::Body || st.section.is_none() && st.item.is_none();
    let label = st.label();
    let cont = st.cur.as_ref().is_some_and(|c| {
        c.kind == PassageKind::Body
            && (!free || (c.text.len() < 200 || t.len() < 80) && c.label == label)
    }) && !t.starts_with("Whereas")
        && !t.starts_with("And whereas");
    if cont {
        st.append(t, line, free);
    } else {
        st.start(label, PassageKind::Body, t, line);
    }
    1
}

/// True when the text at `i` (inside a quotation) leads to the amending Act's own next
/// provision: it is that provision's marginal note, or (at a block's start) a heading above
/// it, with nothing but short lines and blank lines between.
fn quotation_ends_ahead(st: &State, all: &[&str], i: usize, at_block_start: bool) -> bool {
    let t = all[i].trim();
    if !(is_note_like(t) || is_history(t) || at_block_start && is_heading_like(t)) {
        return false;
    }
    let reach = if at_block_start { 6 } else { 1 };
    for (k, raw) in all.iter().enumerate().skip(i + 1).take(reach) {
        match classify(raw) {
            Line::Section { num, .. } => return st.ends_quotation_section(num),
            Line::Subsection(n) => return st.ends_quotation_sub(n),
            Line::Para => return false,
            Line::Blank => {}
            Line::Text => {
                if !is_heading_like(raw.trim()) && !is_history(raw.trim())
                    || k > i + 1 && !at_block_start
                {
                    return false;
                }
            }
        }
    }
    false
}

/// The length of a heading block starting at `i`: up to three heading-like lines followed by
/// a blank line (or the end), or by a marginal note and its provision.
fn heading_block(all: &[&str], i: usize) -> Option<usize> {
    let mut k = 0;
    while i + k < all.len() {
        let t = all[i + k].trim();
        if t.is_empty() {
            break;
        }
        if is_repealed(t) {
            // `Short Title` ⏎ `[Repealed, …]`: the heading, then a note.
            return (k > 0).then_some(k);
        }
        if !is_heading_like(t) && !is_history(t) || !matches!(classify(t), Line::Text) {
            // `Heading` ⏎ `Note` ⏎ `12 …`: the heading is what lies before the note.
            let is_prov = matches!(classify(t), Line::Section { .. } | Line::Subsection(_));
            if is_prov && k >= 2 {
                return Some(k - 1);
            }
            return None;
        }
        k += 1;
        if k > 3 {
            return None;
        }
    }
    (k > 0).then_some(k)
}

/// Opens a group heading of the `k` lines at `i`.
fn group_heading(st: &mut State, all: &[&str], i: usize, k: usize) -> usize {
    let text: Vec<&str> = all[i..i + k].iter().map(|l| l.trim()).collect();
    let rank = match st.last_heading {
        Some(r) if (RANK_GROUP..RANK_GROUP + 2).contains(&r) => r + 1,
        _ => RANK_GROUP,
    };
    st.heading(rank, &text.join(" "), i as u32 + 1);
    k
}

/// How many lines from `from` continue a Part's or an article's heading: up to `max`
/// heading-like lines, but not the marginal note of a provision that follows them, and only
/// when a blank line (or a provision) ends them.
fn title_lines(all: &[&str], classes: &[Line<'_>], from: usize, max: usize) -> usize {
    let mut k = 0;
    while k < max {
        let Some(t) = all.get(from + k).map(|l| l.trim()) else {
            break;
        };
        let ok = matches!(classes[from + k], Line::Text)
            && (is_heading_like(t) || is_history(t))
            && !is_repealed(t)
            && structure(t).is_none();
        if !ok {
            break;
        }
        k += 1;
    }
    match classes.get(from + k).copied().unwrap_or(Line::Blank) {
        Line::Blank => k,
        Line::Section { .. } | Line::Subsection(_) => k.saturating_sub(1),
        _ => 0,
    }
}

/// Opens a structural heading at `i`; returns the lines it took (a Part's title line, a
/// schedule's `(Section 3)` reference).
fn structure_heading(
    st: &mut State,
    all: &[&str],
    classes: &[Line<'_>],
    i: usize,
    s: Structure,
) -> usize {
    let t = all[i].trim();
    let line = i as u32 + 1;
    let next_text = |k: usize| all.get(i + k).map_or("", |l| l.trim());
    match s {
        Structure::Summary => {
            st.flush();
            st.heading(RANK_TOP, t, line);
            st.mode = Mode::Summary;
            1
        }
        Structure::Preamble => {
            st.flush();
            if st.schedule.is_some() {
                st.heading(RANK_PART, t, line);
            } else {
                st.heading(RANK_TOP, t, line);
            }
            st.mode = Mode::Preamble;
            1
        }
        Structure::Part(rank) => {
            st.enter_body();
            st.quoted = None;
            let k = title_lines(all, classes, i + 1, 3);
            let text: Vec<&str> = all[i..=i + k].iter().map(|l| l.trim()).collect();
            st.heading(rank, &text.join(" "), line);
            k + 1
        }
        Structure::Form(label) if st.schedule.is_some() => {
            let base = st.schedule.as_deref().unwrap_or("Sch.");
            let base = base.split(", Form ").next().unwrap_or(base).to_string();
            st.quoted = None;
            st.schedule = Some(format!("{base}, {label}"));
            st.article = None;
            st.section = None;
            st.sub = None;
            st.range = None;
            st.item = None;
            st.defs = false;
            let k = title_lines(all, classes, i + 1, 2);
            let text: Vec<&str> = all[i..=i + k].iter().map(|l| l.trim()).collect();
            st.heading(RANK_PART, &text.join(" "), line);
            k + 1
        }
        Structure::Schedule(label) | Structure::Form(label) => {
            st.enter_body();
            st.quoted = None;
            st.schedule = Some(label);
            st.source = None;
            st.article = None;
            st.section = None;
            st.sub = None;
            st.range = None;
            st.item = None;
            st.defs = false;
            let mut text = t.to_string();
            let mut took = 1;
            while next_text(took).starts_with('(') && next_text(took).ends_with(')') && took < 3 {
                text.push(' ');
                text.push_str(next_text(took));
                took += 1;
            }
            st.heading(RANK_TOP, &text, line);
            took
        }
        Structure::Related => {
            st.enter_body();
            st.quoted = None;
            st.schedule = None;
            st.source = None;
            st.article = None;
            st.section = None;
            st.sub = None;
            st.range = None;
            st.item = None;
            st.defs = false;
            st.heading(RANK_TOP, t, line);
            1
        }
        Structure::Source(prefix) => {
            st.enter_body();
            st.quoted = None;
            st.section =
                source_section(t.trim_start_matches("— ").get(prefix.len()..).unwrap_or(""));
            st.source = Some(prefix);
            st.schedule = None;
            st.article = None;
            st.item = None;
            st.sub = None;
            st.range = None;
            st.defs = false;
            st.heading(RANK_GROUP, t, line);
            1
        }
        Structure::Article(a) => {
            st.enter_body();
            st.quoted = None;
            st.article = Some(a);
            st.item = None;
            st.sub = None;
            st.defs = false;
            let k = title_lines(all, classes, i + 1, 1);
            let text: Vec<&str> = all[i..=i + k].iter().map(|l| l.trim()).collect();
            st.heading(RANK_ARTICLE, &text.join(" "), line);
            k + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_label<'a>(p: &'a Parsed, label: &str) -> &'a crate::model::Passage {
        p.passages
            .iter()
            .find(|x| x.label.as_deref() == Some(label))
            .unwrap_or_else(|| {
                let labels: Vec<_> = p.passages.iter().map(|x| x.label.clone()).collect();
                panic!("no passage labelled {label}: {labels:?}")
            })
    }

    const ACT: &str = "Canadian Air Transport Security Authority Act
An Act to establish the Canadian Air Transport Security Authority
C-11.2
S.C. 2002, c. 9, s. 2
Assented to 2002-04-01
Consolidated to 2025-07-25

Preamble
Whereas air transport security is important;
Now, therefore, Her Majesty, by and with the advice and consent of the Senate and House of Commons of Canada, enacts as follows:

Short Title

Short title
1 This Act may be cited as the Canadian Air Transport Security Authority Act.

Interpretation

Definitions
2 The definitions in this section apply in this Act.
Authority means the Canadian Air Transport Security Authority established by subsection 5(1). (Administration)
screening means screening, including a search, performed in the manner prescribed
(a) in aviation security regulations; or
(b) in security measures. (contrôle)
2002, c. 9, s. 2 \"2\"; 2004, c. 15, s. 24

PART 1
Regulations and Transitional Provisions

34 The Governor in Council may make regulations
(a) designating aerodromes for the purposes of this Act; and
(b) requiring the Authority to provide information.

Transitional Provisions

Transfer of screening equipment
36 (1) The Governor in Council may require the Corporation to transfer screening equipment to the Authority.
Other transfers to Authority
(2) The Governor in Council may require the Corporation to transfer any rights to the Authority.
(3) The Authority must accept any transfer made under this section.

37 to 39 [Repealed, 2012, c. 19, s. 2]

SCHEDULE I
(Section 3)
Designated Aerodromes
Calgary International Airport
Edmonton International Airport
R.S., 1985, c. A-1, Sch. I

RELATED PROVISIONS

— 2005, c. 26, par. 18(7)(a)

References
(7) A reference to the former agency is deemed to be a reference to the new agency.
";

    #[test]
    fn consolidated_act() {
        let p = parse(ACT);
        assert_eq!(
            p.title.as_deref(),
            Some("Canadian Air Transport Security Authority Act")
        );
        assert_eq!(
            by_label(&p, "Long title").text,
            "An Act to establish the Canadian Air Transport Security Authority"
        );
        // The header's citation lines are a note.
        assert!(p
            .passages
            .iter()
            .any(|x| x.kind == PassageKind::Note && x.text.contains("S.C. 2002, c. 9, s. 2")));
        let pre = by_label(&p, "Preamble");
        assert_eq!(pre.section_path, vec!["Preamble"]);
        assert!(by_label(&p, "Enacting clause")
            .text
            .ends_with("enacts as follows:"));
        // Group heading and marginal note make the section path; the note is not text.
        let s1 = by_label(&p, "s. 1");
        assert_eq!(s1.section_path, vec!["Short Title", "Short title"]);
        assert!(s1.text.starts_with("1 This Act may be cited"));
        // Definitions: the chapeau, then one passage per term with its paragraphs.
        assert_eq!(
            by_label(&p, "s. 2").text,
            "2 The definitions in this section apply in this Act."
        );
        assert!(by_label(&p, "s. 2 \"Authority\"")
            .text
            .starts_with("Authority means"));
        let screening = by_label(&p, "s. 2 \"screening\"");
        assert_eq!(screening.text.lines().count(), 4);
        assert_eq!((screening.line_start, screening.line_end), (22, 25));
        assert_eq!(
            screening.section_path,
            vec!["Interpretation", "Definitions"]
        );
        // The history note ends the passage it follows.
        assert!(screening
            .text
            .ends_with("\n2002, c. 9, s. 2 \"2\"; 2004, c. 15, s. 24"));
        // A section without a marginal note: never a heading of its own.
        let s34 = by_label(&p, "s. 34");
        assert_eq!(
            s34.section_path,
            vec!["PART 1 Regulations and Transitional Provisions"]
        );
        assert_eq!(s34.text.lines().count(), 3);
        // One passage per subsection, its marginal note as heading.
        let s36 = by_label(&p, "s. 36(2)");
        assert_eq!(
            s36.section_path,
            vec![
                "PART 1 Regulations and Transitional Provisions",
                "Transitional Provisions",
                "Other transfers to Authority"
            ]
        );
        assert!(s36.text.starts_with("(2) The Governor"));
        assert!(by_label(&p, "s. 36(3)")
            .text
            .starts_with("(3) The Authority"));
        assert!(by_label(&p, "ss. 37 to 39").text.contains("[Repealed"));
        // The schedule: heading with its reference, text labelled with the schedule.
        let sch = by_label(&p, "Sch. I");
        assert_eq!(sch.section_path, vec!["SCHEDULE I (Section 3)"]);
        assert!(sch.text.contains("Calgary International Airport"));
        // Related provisions are cited by the Act they come from.
        let rel = by_label(&p, "2005, c. 26, s. 18(7)");
        assert_eq!(
            rel.section_path,
            vec![
                "RELATED PROVISIONS",
                "— 2005, c. 26, par. 18(7)(a)",
                "References"
            ]
        );
        assert!(p.headings.iter().all(|h| !h.text.starts_with("34 ")));
    }

    const ANNUAL: &str = "An Act to amend the Criminal Code (bail reform)
Bill C-48
S.C. 2023, c. 30
Assented to 2023-12-05

SUMMARY
This enactment amends the Criminal Code to, among other things,
(a) create a reverse onus;
(b) expand the reverse onus.
MOST GRACIOUS SOVEREIGN,
Preamble
Whereas Canada’s criminal justice system contributes to a safe society;
Now, therefore, His Majesty, by and with the advice and consent of the Senate and House of Commons of Canada, enacts as follows:

R.S., c. C-46
Criminal Code

Amendments to the Act

2019, c. 25, s. 225(3)
1 (1) Paragraph 515(3)(b) of the Criminal Code is replaced by the following:
(b) whether the accused has been previously convicted of a criminal offence.
2008, c. 6, s. 37(2)
(2) Subsection 515(13) of the Act is replaced by the following:
Victim’s safety and security
(13) A justice who makes an order under this section shall include a statement.
(13.1) A justice shall also include a second statement.

Review by Committee

Fifth anniversary of royal assent
2 On the fifth anniversary of the day on which this Act receives royal assent, a review is to be undertaken.
";

    #[test]
    fn annual_statute_with_quoted_text() {
        let p = parse(ANNUAL);
        assert_eq!(
            p.title.as_deref(),
            Some("An Act to amend the Criminal Code (bail reform)")
        );
        let summary = by_label(&p, "Summary");
        assert_eq!(summary.section_path, vec!["SUMMARY"]);
        assert!(summary.text.ends_with("(b) expand the reverse onus."));
        assert_eq!(by_label(&p, "Preamble").text, "MOST GRACIOUS SOVEREIGN,");
        let whereas = p
            .passages
            .iter()
            .find(|x| x.text.starts_with("Whereas"))
            .expect("recital");
        assert_eq!(whereas.label.as_deref(), Some("Preamble"));
        assert_eq!(whereas.section_path, vec!["Preamble"]);
        assert!(by_label(&p, "Enacting clause")
            .text
            .starts_with("Now, therefore"));
        // The Act amended heads the body; its citation is part of the heading.
        let s1 = by_label(&p, "s. 1(1)");
        assert_eq!(
            s1.section_path,
            vec![
                "R.S., c. C-46 Criminal Code",
                "Amendments to the Act",
                "2019, c. 25, s. 225(3)"
            ]
        );
        assert!(s1
            .text
            .ends_with("previously convicted of a criminal offence."));
        // Quoted subsections are passages of the amending subsection, not sections of
        // their own; the quoted marginal note stays in the text.
        let quoted: Vec<_> = p
            .passages
            .iter()
            .filter(|x| x.label.as_deref() == Some("s. 1(2)"))
            .collect();
        assert_eq!(quoted.len(), 3, "{quoted:?}");
        assert!(quoted[0].text.ends_with("Victim’s safety and security"));
        assert!(quoted[1].text.starts_with("(13) A justice"));
        assert!(quoted[2].text.starts_with("(13.1) A justice"));
        // The amending Act's next section ends the quotation, with its own note.
        let s2 = by_label(&p, "s. 2");
        assert_eq!(
            s2.section_path.last().map(String::as_str),
            Some("Fifth anniversary of royal assent")
        );
        assert!(p
            .passages
            .iter()
            .all(|x| x.label.as_deref() != Some("s. 1(13)")));
    }

    const REGULATION: &str = "Squamish Nation Residential Tenancy Regulations
SOR/2023-135
Registration 2023-06-19
Enabling authority: FIRST NATIONS COMMERCIAL AND INDUSTRIAL DEVELOPMENT ACT
Consolidated to 2025-07-25

Whereas the Minister has received a resolution from the council of the Squamish Nation;
a S.C. 2005, c. 53
Therefore, Her Excellency the Governor General in Council makes the annexed Squamish Nation Residential Tenancy Regulations.

Interpretation

Definitions
1 (1) The following definitions apply in these Regulations.
First Nation, in relation to lands described in Schedule 1, means the First Nation named in that Schedule. (Première Nation)
project lands means the lands described in column 2 of Schedule 1. (terres visées)

Application
2 These Regulations apply to the project lands.
SOR/2024-1, s. 1

SCHEDULE 1
(Subsection 1(1))

First Nations and Project Lands
Item\tFirst Nation\tProject Lands
1\tSquamish\tSeaichem Indian Reserve No. 16

SCHEDULE 2
(Section 2)

Incorporated Laws
1 Residential Tenancy Act, S.B.C. 2002, c. 78
2 Residential Tenancy Regulation, B.C. Reg. 477/2003
";

    #[test]
    fn regulation_with_schedules() {
        let p = parse(REGULATION);
        assert_eq!(
            p.title.as_deref(),
            Some("Squamish Nation Residential Tenancy Regulations")
        );
        assert!(p
            .passages
            .iter()
            .all(|x| x.label.as_deref() != Some("Long title")));
        assert!(by_label(&p, "Preamble")
            .text
            .starts_with("Whereas the Minister"));
        let clause = by_label(&p, "Enacting clause");
        assert!(clause.text.starts_with("Therefore"));
        assert!(p
            .passages
            .iter()
            .any(|x| x.kind == PassageKind::Note && x.text == "a S.C. 2005, c. 53"));
        let d = by_label(&p, "s. 1(1) \"First Nation\"");
        assert_eq!(d.section_path, vec!["Interpretation", "Definitions"]);
        assert!(by_label(&p, "s. 1(1) \"project lands\"")
            .text
            .starts_with("project lands means"));
        assert_eq!(
            by_label(&p, "s. 2").section_path,
            vec!["Interpretation", "Application"]
        );
        let table = by_label(&p, "Sch. 1");
        assert!(table.text.contains("1\tSquamish"));
        assert_eq!(table.section_path, vec!["SCHEDULE 1 (Subsection 1(1))"]);
        let item = by_label(&p, "Sch. 2, item 2");
        assert_eq!(
            item.text,
            "2 Residential Tenancy Regulation, B.C. Reg. 477/2003"
        );
        assert_eq!(
            item.section_path,
            vec!["SCHEDULE 2 (Section 2)", "Incorporated Laws"]
        );
    }

    const TREATY: &str = "Canada–Switzerland Social Security Proclamation
SI/95-112
Registration 1995-11-01
Consolidated to 2025-07-25

Whereas the Agreement will enter into force on October 1, 1995;

PART I
Definitions and Legislations

Article 1
1 For the purposes of applying this Convention:
a) “national”
means a person of Swiss nationality;
2 Any term not defined in this Article has the meaning assigned to it in the applicable legislation.

Article 3
Unless otherwise provided, this Convention shall apply to nationals of either State.
";

    #[test]
    fn treaty_articles() {
        let p = parse(TREATY);
        let a = by_label(&p, "Art. 1(1)");
        assert_eq!(
            a.section_path,
            vec!["PART I Definitions and Legislations", "Article 1"]
        );
        assert_eq!(a.text.lines().count(), 3);
        assert!(by_label(&p, "Art. 1(2)").text.starts_with("2 Any term"));
        assert!(by_label(&p, "Art. 3").text.starts_with("Unless otherwise"));
    }

    #[test]
    fn forms() {
        let p = parse(
            "Timber Marking Rules\nC.R.C., c. 1552\nConsolidated to 2025-07-25\n\n2 An application shall be in Form 1.\n\nFORM 1\nApplication for Registration of a Timber Mark\nI, (we)\nhereby request you to register a Timber Mark.\n\nSCHEDULE\n\nFORM 2\nNotice\n\nTake notice.\n",
        );
        let f = by_label(&p, "Form 1");
        assert_eq!(f.section_path, vec!["FORM 1"]);
        assert!(f.text.contains("hereby request you"));
        let g = by_label(&p, "Sch., Form 2");
        assert_eq!(g.section_path, vec!["SCHEDULE", "FORM 2 Notice"]);
    }

    #[test]
    fn repealed_headings_are_notes() {
        let p = parse(
            "Fair Wages Regulations\nC.R.C., c. 1015\nConsolidated to 2025-07-25\n\n[Repealed, SOR/2013-204, s. 1]\n\nShort Title\n[Repealed, SOR/2013-204, s. 1]\n\n1 [Repealed, SOR/99-362, s. 2]\n",
        );
        assert_eq!(p.headings[0].text, "Short Title");
        let notes = p
            .passages
            .iter()
            .filter(|x| x.kind == PassageKind::Note && x.text.starts_with("[Repealed"))
            .count();
        assert_eq!(notes, 2);
        assert!(by_label(&p, "s. 1").text.contains("[Repealed"));
    }

    #[test]
    fn classifies_provision_lines() {
        assert!(matches!(
            classify("36 (1) The Governor"),
            Line::Section {
                num: "36",
                sub: Some("1"),
                range: None
            }
        ));
        assert!(matches!(
            classify("5.1 (1) The area"),
            Line::Section { num: "5.1", .. }
        ));
        assert!(matches!(
            classify("48. (1) Subsection 29(1)"),
            Line::Section {
                num: "48",
                sub: Some("1"),
                ..
            }
        ));
        assert!(matches!(
            classify("12 to 15 [Repealed, 2019, c. 18, s. 2]"),
            Line::Section {
                num: "12",
                range: Some("15"),
                ..
            }
        ));
        assert!(matches!(
            classify("C.01A.001 (1) In this Part,"),
            Line::Section {
                num: "C.01A.001",
                sub: Some("1"),
                ..
            }
        ));
        assert!(matches!(
            classify("B.01.002 These Regulations"),
            Line::Section {
                num: "B.01.002",
                sub: None,
                ..
            }
        ));
        assert_eq!(classify("A. Smith"), Line::Text);
        assert_eq!(classify("(2) The Governor"), Line::Subsection("2"));
        assert_eq!(classify("(1.1) If"), Line::Subsection("1.1"));
        assert_eq!(classify("(a) employment;"), Line::Para);
        assert_eq!(classify("(z.1) any"), Line::Para);
        assert_eq!(classify("(iv) the"), Line::Para);
        assert_eq!(classify("(A) the"), Line::Para);
        assert_eq!(classify("a) “national”"), Line::Para);
        assert_eq!(classify("2019, c. 18, s. 37"), Line::Text);
        assert_eq!(classify("100 dollars"), Line::Text);
        assert_eq!(classify("1\tAlberta"), Line::Text);
        assert_eq!(classify("Definitions"), Line::Text);
    }

    #[test]
    fn terms() {
        assert_eq!(defined_term("barrier means anything"), Some("barrier"));
        assert_eq!(
            defined_term("third party, in respect of a request, means any person"),
            Some("third party")
        );
        assert_eq!(defined_term("“record” means any"), Some("record"));
        assert_eq!(
            defined_term("lands, buildings and other structures means lands"),
            Some("lands, buildings and other structures")
        );
        assert_eq!(
            defined_term("Minister[Revoked, SOR/93-401, s. 2]"),
            Some("Minister")
        );
        assert_eq!(defined_term("The Minister may act."), None);
    }

    #[test]
    fn detection() {
        assert!(looks_like_statute_en(
            "Accessible Canada Act\nAn Act to ensure a barrier-free Canada\nS.C. 2019, c. 10\nAssented to 2019-06-21\n\n1 Text"
        ));
        assert!(looks_like_statute_en(
            "Duties Relief Regulations\nSOR/96-44\nRegistration 1996-01-01\n\n1 Text"
        ));
        assert!(!looks_like_statute_en(
            "White Paper on Science and Technology 2021\nChapter 5\n\nSection 1 Overview"
        ));
        assert!(!looks_like_statute_en(
            "Notes\nS.C. 2019, c. 10 is cited below.\n\nText"
        ));
    }
}
