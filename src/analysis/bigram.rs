//! Overlapping character bigrams of Japanese runs (with the digits and Latin letters written
//! inside them, see [`super::script::bigram_runs`]), with true positions, for recall: any
//! Japanese substring of two or more characters is a phrase of consecutive bigrams.
//!
//! A run `c1 c2 … cn` yields `c1c2`@p, `c2c3`@p+1, …, `cn-1cn`@p+n-2 and the unigram `cn`@p+n-1,
//! so every character starts some token (a single-character query is a prefix query).
//! Runs are separated by a position gap. Input is normalized text. Depends on [`super::script`].

use super::script::bigram_runs;
use super::Tok;

/// Bigram tokens of the Japanese runs of normalized text (offsets into `norm`).
pub fn tokens(norm: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut pos: u32 = 0;
    for (run_start, run_end) in bigram_runs(norm) {
        let s = &norm[run_start..run_end];
        let idx: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect();
        let n = idx.len() - 1;
        for k in 0..n {
            let end = if k + 2 <= n { idx[k + 2] } else { idx[k + 1] };
            // the last character of the run becomes a unigram
            out.push(Tok {
                text: s[idx[k]..end].to_string(),
                pos,
                start: run_start + idx[k],
                end: run_start + end,
            });
            pos += 1;
        }
        pos += 1;
    }
    out
}

/// The bigrams of one Japanese string as a query (no trailing unigram); a one-character
/// string gives that character.
pub fn query_grams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 {
        return chars.iter().map(|c| c.to_string()).collect();
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}
