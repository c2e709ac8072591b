//! Text analysis: normalize → split into script runs → English words / Japanese morphemes /
//! Japanese bigrams, and the tantivy `Tokenizer` adapters that feed them to the index.
//!
//! One file per analyzer; every analyzer reads text normalized by [`normalize`] and reports
//! offsets into the original text. Index and query text take exactly the same path.
//! May depend on [`crate::model`] only; the index and search modules depend on this one.

pub mod bigram;
pub mod dict_fingerprint;
pub mod english;
pub mod japanese;
pub mod normalize;
pub mod script;
#[cfg(test)]
mod tests;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// A token: its indexed text, position, and byte range in the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Indexed form.
    pub text: String,
    /// Position (consecutive tokens differ by one; gaps separate runs).
    pub pos: u32,
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

/// The analyzers polsearch registers with tantivy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analyzer {
    /// English words of Latin-script runs, stemmed.
    English,
    /// Japanese morphemes (lindera/IPADIC), particles and symbols dropped.
    Morph,
    /// Japanese character bigrams.
    Bigram,
}

impl Analyzer {
    /// Name under which the tokenizer is registered in the index.
    pub fn name(self) -> &'static str {
        match self {
            Analyzer::English => "pol_en",
            Analyzer::Morph => "pol_ja",
            Analyzer::Bigram => "pol_bigram",
        }
    }

    /// Analyzes original text: tokens with offsets into `text`.
    pub fn analyze(self, text: &str) -> Vec<Tok> {
        let norm = normalize::normalize(text);
        let mut toks = self.analyze_normalized(&norm.text);
        for t in &mut toks {
            let (s, e) = norm.original_range(t.start, t.end);
            t.start = s;
            t.end = e;
        }
        toks
    }

    /// Analyzes already-normalized text: offsets into `norm`.
    pub fn analyze_normalized(self, norm: &str) -> Vec<Tok> {
        match self {
            Analyzer::English => english::tokens(norm),
            Analyzer::Bigram => bigram::tokens(norm),
            Analyzer::Morph => morph_tokens(norm),
        }
    }
}

/// Tokens of one text for each indexed field (English, morphemes, bigrams), normalizing it
/// once. Offsets are into the normalized text (the index does not use them).
pub fn analyze_for_index(text: &str) -> [Vec<Token>; 3] {
    let norm = normalize::normalize(text);
    let convert = |toks: Vec<Tok>| -> Vec<Token> {
        toks.into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.pos as usize,
                text: t.text,
                position_length: 1,
            })
            .collect()
    };
    let has_ja = norm.text.chars().any(script::is_japanese_char);
    [
        convert(english::tokens(&norm.text)),
        if has_ja {
            convert(morph_tokens(&norm.text))
        } else {
            Vec::new()
        },
        if has_ja {
            convert(bigram::tokens(&norm.text))
        } else {
            Vec::new()
        },
    ]
}

/// Morpheme tokens of the Japanese runs of normalized text. Positions count every morpheme,
/// including the dropped particles, so phrases keep their true distances.
pub fn morph_tokens(norm: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut pos: u32 = 0;
    for run in script::runs(norm) {
        if run.script != script::Script::Japanese {
            continue;
        }
        let s = &norm[run.start..run.end];
        // Without a dictionary the bigram field still serves; morphemes are skipped.
        let _ = japanese::segment_each(s, |m| {
            if !m.is_stop() {
                out.push(Tok {
                    text: index_form(m.pos, m.base, m.surface).to_string(),
                    pos,
                    start: run.start + m.start,
                    end: run.start + m.end,
                });
            }
            pos += 1;
        });
        pos += 1;
    }
    out
}

/// The form under which a morpheme is indexed: the base form of inflecting words (verbs,
/// adjectives), the surface otherwise.
pub fn morph_index_form(m: &japanese::Morpheme) -> String {
    index_form(&m.pos, &m.base, &m.surface).to_string()
}

fn index_form<'a>(pos: &str, base: &'a str, surface: &'a str) -> &'a str {
    if matches!(pos, "動詞" | "形容詞" | "形容動詞") && !base.is_empty() && base != "*" {
        base
    } else {
        surface
    }
}

/// A tantivy tokenizer backed by one of polsearch's analyzers.
#[derive(Clone)]
pub struct PolTokenizer(pub Analyzer);

/// Token stream over a precomputed token list.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// Tokens of `text` for one analyzer, from a small per-thread memo of
/// [`analyze_for_index`]: tantivy tokenizes the English, morpheme and bigram fields of one
/// value one after the other on the same thread, so each text is normalized and segmented
/// once, not three times.
fn memo_tokens(a: Analyzer, text: &str) -> Vec<Token> {
    use std::cell::RefCell;
    use std::collections::VecDeque;
    const SLOTS: usize = 8;
    thread_local! {
        static MEMO: RefCell<VecDeque<(String, [Vec<Token>; 3])>> =
            const { RefCell::new(VecDeque::new()) };
    }
    let slot = match a {
        Analyzer::English => 0,
        Analyzer::Morph => 1,
        Analyzer::Bigram => 2,
    };
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some((_, toks)) = m.iter().find(|(t, _)| t == text) {
            return toks[slot].clone();
        }
        let toks = analyze_for_index(text);
        let out = toks[slot].clone();
        if m.len() == SLOTS {
            m.pop_back();
        }
        m.push_front((text.to_string(), toks));
        out
    })
}

impl Tokenizer for PolTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: memo_tokens(self.0, text),
            index: 0,
        }
    }
}

/// Registers polsearch's tokenizers on a tantivy index.
pub fn register(index: &tantivy::Index) {
    for a in [Analyzer::English, Analyzer::Morph, Analyzer::Bigram] {
        index.tokenizers().register(a.name(), PolTokenizer(a));
    }
}
