//! The query language: Lucene-style syntax parsed leniently into an AST.
//!
//! Grammar: words are ANDed; `"…"` or `「…」` is an exact phrase; `OR` (or `|`) joins its two
//! neighbours and binds tighter than the implicit AND (`a b OR c` = a AND (b OR c));
//! `NOT x` / `-x` excludes; `+x` requires (the default anyway); parentheses group;
//! `field:x` restricts to a field (`heading:`, `text:`); `~word` asks for the loose match of a
//! Japanese word (its morphemes anywhere in the passage instead of the word as written). The
//! full-width space separates words.
//! Nothing is ever rejected: malformed input is repaired and a warning says how.

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An unquoted word (may still yield several tokens: `COI-NEXT`, `研究開発`).
    Word {
        /// Field restriction.
        field: Option<String>,
        /// The text.
        text: String,
    },
    /// A word prefixed with `~`: a Japanese run matches as a bag of its morphemes anywhere in
    /// the passage instead of as written (English words are unaffected).
    Loose {
        /// Field restriction.
        field: Option<String>,
        /// The text (without the `~`).
        text: String,
    },
    /// A quoted phrase.
    Phrase {
        /// Field restriction.
        field: Option<String>,
        /// The text.
        text: String,
    },
    /// All must match.
    And(Vec<Node>),
    /// Any may match.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

/// Fields a user may name with `field:`.
pub const FIELDS: &[&str] = &["heading", "text"];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Loose(String),
    Phrase(String),
    Or,
    And,
    Not,
    Plus,
    Minus,
    Open,
    Close,
    Field(String),
}

fn is_sep(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// End of the word starting at `i`: the next separator, quote, bracket or `|`.
fn word_end(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while j < chars.len()
        && !is_sep(chars[j])
        && !matches!(
            chars[j],
            '"' | '“' | '”' | '「' | '『' | '(' | ')' | '（' | '）' | '|'
        )
    {
        j += 1;
    }
    j
}

fn lex(q: &str, warnings: &mut Vec<String>) -> Vec<Tok> {
    let mut out = Vec::new();
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_sep(c) {
            i += 1;
            continue;
        }
        match c {
            '"' | '“' | '”' | '「' | '『' => {
                let close: &[char] = match c {
                    '「' => &['」'],
                    '『' => &['』'],
                    _ => &['"', '”', '“'],
                };
                let mut j = i + 1;
                while j < chars.len() && !close.contains(&chars[j]) {
                    j += 1;
                }
                let text: String = chars[i + 1..j.min(chars.len())].iter().collect();
                if j >= chars.len() {
                    warnings.push(format!("unclosed quote {c}…: treated as closed at the end"));
                }
                if !text.trim().is_empty() {
                    out.push(Tok::Phrase(text));
                }
                i = j + 1;
            }
            '(' | '（' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' | '）' => {
                out.push(Tok::Close);
                i += 1;
            }
            '+' if i + 1 < chars.len() && !is_sep(chars[i + 1]) => {
                out.push(Tok::Plus);
                i += 1;
            }
            '-' | '－' if i + 1 < chars.len() && !is_sep(chars[i + 1]) => {
                out.push(Tok::Minus);
                i += 1;
            }
            '|' => {
                out.push(Tok::Or);
                i += 1;
            }
            '~' | '～' if i + 1 < chars.len() && !is_sep(chars[i + 1]) => {
                let j = word_end(&chars, i + 1);
                out.push(Tok::Loose(chars[i + 1..j].iter().collect()));
                i = j;
            }
            _ => {
                let j = word_end(&chars, i);
                let word: String = chars[i..j].iter().collect();
                i = j;
                match word.as_str() {
                    "OR" => out.push(Tok::Or),
                    "AND" | "&&" => out.push(Tok::And),
                    "NOT" => out.push(Tok::Not),
                    _ => {
                        if let Some((f, rest)) = word.split_once(':') {
                            let fl = f.to_ascii_lowercase();
                            if FIELDS.contains(&fl.as_str()) {
                                out.push(Tok::Field(fl));
                                if !rest.is_empty() {
                                    out.push(Tok::Word(rest.to_string()));
                                }
                                continue;
                            } else if !f.is_empty()
                                && f.chars().all(|c| c.is_ascii_alphabetic())
                                && !rest.is_empty()
                                && !rest.starts_with("//")
                            {
                                warnings.push(format!(
                                    "unknown field {f:?} (known: {}): searched as text",
                                    FIELDS.join(", ")
                                ));
                            }
                        }
                        out.push(Tok::Word(word));
                    }
                }
            }
        }
    }
    out
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    /// seq := disj* (until `)` at depth or end)
    fn seq(&mut self, warnings: &mut Vec<String>) -> Vec<Node> {
        let mut items = Vec::new();
        while let Some(t) = self.peek() {
            match t {
                Tok::Close => {
                    if self.depth > 0 {
                        break;
                    }
                    warnings.push("unmatched ')': ignored".into());
                    self.pos += 1;
                }
                Tok::Or => {
                    warnings.push("OR without a left operand: ignored".into());
                    self.pos += 1;
                }
                Tok::And => {
                    self.pos += 1;
                }
                _ => {
                    if let Some(n) = self.disj(warnings) {
                        items.push(n);
                    }
                }
            }
        }
        items
    }

    fn disj(&mut self, warnings: &mut Vec<String>) -> Option<Node> {
        let first = self.unary(warnings)?;
        let mut alts = vec![first];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::Or) => {
                    warnings.push("OR without a right operand: ignored".into());
                    break;
                }
                _ => {
                    if let Some(n) = self.unary(warnings) {
                        alts.push(n);
                    }
                }
            }
        }
        Some(if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Node::Or(alts)
        })
    }

    fn unary(&mut self, warnings: &mut Vec<String>) -> Option<Node> {
        match self.peek()? {
            Tok::Not | Tok::Minus => {
                self.pos += 1;
                match self.unary(warnings) {
                    Some(n) => Some(Node::Not(Box::new(n))),
                    None => {
                        warnings.push("NOT without an operand: ignored".into());
                        None
                    }
                }
            }
            Tok::Plus => {
                self.pos += 1;
                self.unary(warnings)
            }
            _ => self.primary(warnings, None),
        }
    }

    fn primary(&mut self, warnings: &mut Vec<String>, field: Option<String>) -> Option<Node> {
        let t = self.peek()?.clone();
        self.pos += 1;
        match t {
            Tok::Word(w) => Some(Node::Word { field, text: w }),
            Tok::Loose(w) => Some(Node::Loose { field, text: w }),
            Tok::Phrase(p) => Some(Node::Phrase { field, text: p }),
            Tok::Field(f) => match self.peek() {
                Some(Tok::Word(_)) | Some(Tok::Loose(_)) | Some(Tok::Phrase(_))
                | Some(Tok::Open) => self.primary(warnings, Some(f)),
                _ => {
                    warnings.push(format!("{f}: without a value: ignored"));
                    None
                }
            },
            Tok::Open => {
                self.depth += 1;
                let items = self.seq(warnings);
                self.depth -= 1;
                if self.peek() == Some(&Tok::Close) {
                    self.pos += 1;
                } else {
                    warnings.push("unclosed '(': closed at the end".into());
                }
                let items: Vec<Node> = items.into_iter().map(|n| with_field(n, &field)).collect();
                match items.len() {
                    0 => None,
                    1 => items.into_iter().next(),
                    _ => Some(Node::And(items)),
                }
            }
            Tok::Close | Tok::Or | Tok::And | Tok::Not | Tok::Plus | Tok::Minus => None,
        }
    }
}

fn with_field(n: Node, field: &Option<String>) -> Node {
    if field.is_none() {
        return n;
    }
    match n {
        Node::Word { field: None, text } => Node::Word {
            field: field.clone(),
            text,
        },
        Node::Phrase { field: None, text } => Node::Phrase {
            field: field.clone(),
            text,
        },
        Node::Loose { field: None, text } => Node::Loose {
            field: field.clone(),
            text,
        },
        Node::And(v) => Node::And(v.into_iter().map(|n| with_field(n, field)).collect()),
        Node::Or(v) => Node::Or(v.into_iter().map(|n| with_field(n, field)).collect()),
        Node::Not(b) => Node::Not(Box::new(with_field(*b, field))),
        other => other,
    }
}

/// Parses a query; never fails. Returns `None` for an empty query.
pub fn parse(q: &str) -> (Option<Node>, Vec<String>) {
    let mut warnings = Vec::new();
    let toks = lex(q, &mut warnings);
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let items = p.seq(&mut warnings);
    let node = match items.len() {
        0 => None,
        1 => items.into_iter().next(),
        _ => Some(Node::And(items)),
    };
    (node, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Node {
        Node::Word {
            field: None,
            text: t.into(),
        }
    }

    #[test]
    fn operators() {
        assert_eq!(parse("a b").0, Some(Node::And(vec![w("a"), w("b")])));
        assert_eq!(
            parse("a b OR c").0,
            Some(Node::And(vec![w("a"), Node::Or(vec![w("b"), w("c")])]))
        );
        assert_eq!(
            parse("a -b NOT c").0,
            Some(Node::And(vec![
                w("a"),
                Node::Not(Box::new(w("b"))),
                Node::Not(Box::new(w("c")))
            ]))
        );
        assert_eq!(
            parse("「研究開発」").0,
            Some(Node::Phrase {
                field: None,
                text: "研究開発".into()
            })
        );
        assert_eq!(
            parse("研究　開発").0,
            Some(Node::And(vec![w("研究"), w("開発")]))
        );
        assert_eq!(parse("COI-NEXT").0, Some(w("COI-NEXT")));
        assert_eq!(
            parse("heading:SATREPS").0,
            Some(Node::Word {
                field: Some("heading".into()),
                text: "SATREPS".into()
            })
        );
    }

    #[test]
    fn lenient() {
        let (n, warn) = parse("(a OR \"b c");
        assert!(n.is_some());
        assert_eq!(warn.len(), 2, "{warn:?}");
        let (n, warn) = parse("OR )");
        assert!(n.is_none());
        assert!(!warn.is_empty());
        let (_, warn) = parse("foo:bar");
        assert_eq!(warn.len(), 1);
    }

    #[test]
    fn loose_words() {
        assert_eq!(
            parse("~研究開発推進 SATREPS").0,
            Some(Node::And(vec![
                Node::Loose {
                    field: None,
                    text: "研究開発推進".into()
                },
                w("SATREPS")
            ]))
        );
        // a lone tilde is an ordinary character
        assert_eq!(parse("~").0, Some(w("~")));
    }
}
