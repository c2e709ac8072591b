//! Placeholder until the lindera integration lands.
#![allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct Morpheme {
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub base: String,
    pub pos: String,
    pub pos_detail: String,
}
#[derive(Debug, thiserror::Error)]
#[error("no dictionary")]
pub struct JapaneseError;
pub fn segment(text: &str) -> Result<Vec<Morpheme>, JapaneseError> {
    Ok(text
        .char_indices()
        .map(|(i, c)| Morpheme {
            start: i,
            end: i + c.len_utf8(),
            surface: c.to_string(),
            base: c.to_string(),
            pos: "名詞".into(),
            pos_detail: String::new(),
        })
        .collect())
}
pub fn is_stop(_m: &Morpheme) -> bool {
    false
}
