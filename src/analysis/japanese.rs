//! Japanese morphological analysis (lindera + IPADIC + the project's user dictionary).
//!
//! The IPADIC system dictionary is compiled from `vendor/ipadic/` by `build.rs`
//! and embedded in the binary, which lindera reads in place (no copy, no file:
//! the binary works from any folder); `POLSEARCH_DICT` points at another
//! compiled lindera IPADIC directory instead (memory-mapped). On top of it a user
//! dictionary CSV (`data/userdict.csv`, built into the binary, or the file
//! `POLSEARCH_USERDICT` names) adds era names, ministries and programme names as
//! single words. The CSV is compiled when the process first segments text.
//!
//! Both dictionaries are loaded once per process, on the first call to
//! [`segment`] (never for text without Japanese); each thread then keeps its own
//! reusable lattice. [`dictionaries_fingerprint`] identifies the pair for the
//! index marker.
//!
//! # User dictionary format
//!
//! UTF-8 CSV, no header, no comments. Each row is either
//!
//! - simple: `surface,pos,reading`, e.g. `文科省,名詞,モンカショウ`. The word gets
//!   IPADIC context id 1288 (名詞,固有名詞,一般) and cost -500 (both from
//!   `vendor/ipadic/metadata.json`); its `pos` is the second column and its
//!   `pos_detail` and base form are `*` (so [`Morpheme::base`] is the surface); or
//! - detailed, 13 IPADIC columns:
//!   `surface,left_id,right_id,cost,pos,pos1,pos2,pos3,conj_type,conj_form,base,reading,pronunciation`,
//!   e.g. `文科省,1292,1292,-500,名詞,固有名詞,組織,*,*,*,文科省,モンカショウ,モンカショー`,
//!   for full control of part of speech, connection ids and cost.
//!
//! A lower cost makes the word win more often; too low and it wins even across
//! real word boundaries (at -10000, 権利活用 became 権|利活用).

use std::cell::RefCell;
use std::error::Error as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use lindera::dictionary::{load_fs_dictionary, Dictionary};
use lindera::error::LinderaError;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::token::Token;
use lindera::worker::SegmentWorker;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::DetailFields;

use super::dict_fingerprint;

/// Environment variable naming a compiled lindera IPADIC directory to use
/// instead of the one built into the binary.
pub const DICT_ENV: &str = "POLSEARCH_DICT";
/// Environment variable naming the user dictionary CSV to use instead of
/// the built-in copy of `data/userdict.csv`.
pub const USERDICT_ENV: &str = "POLSEARCH_USERDICT";

/// IPADIC detail-field index (after surface and the three id/cost columns)
/// of the base form; MeCab's `%f[6]`.
const BASE_FORM_FIELD: usize = 6;

/// One morpheme of a Japanese text run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    /// Byte offset of the first byte of the morpheme in the input `&str`.
    pub start: usize,
    /// Byte offset just past the morpheme in the input `&str`.
    pub end: usize,
    /// The text of the morpheme, `input[start..end]`.
    pub surface: String,
    /// Base (dictionary) form, IPADIC's 7th feature; the surface when IPADIC
    /// has none (`*`, e.g. unknown words and simple user-dictionary entries).
    pub base: String,
    /// First part-of-speech field, e.g. `名詞`, `助詞`.
    pub pos: String,
    /// Second part-of-speech field, e.g. `固有名詞`, `格助詞`; `*` when none.
    pub pos_detail: String,
}

/// The user dictionary compiled into the binary.
const BUILTIN_USERDICT: &str = include_str!("../../data/userdict.csv");

/// The IPADIC `build.rs` compiled, inside the binary: lindera reads it in place from the
/// binary's read-only data (no copy, pages faulted in as segmentation touches them).
mod builtin {
    use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
    use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
    use lindera_dictionary::dictionary::metadata::Metadata;
    use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
    use lindera_dictionary::dictionary::unknown_dictionary::UnknownDictionary;
    use lindera_dictionary::dictionary::Dictionary;
    use lindera_dictionary::LinderaResult;
    use std::sync::Arc;

    macro_rules! ipadic {
        ($file:literal) => {
            include_bytes!(concat!(env!("OUT_DIR"), "/ipadic/", $file))
        };
    }

    static METADATA: &[u8] = ipadic!("metadata.json");
    static CHAR_DEF: &[u8] = ipadic!("char_def.bin");
    static UNKNOWN: &[u8] = ipadic!("unk.bin");
    // 16-byte aligned so the cost matrix is viewed as `[i16]` in place, not copied.
    static MATRIX: &[u8] =
        lindera_dictionary::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/ipadic/matrix.mtx"));
    static TRIE: &[u8] = ipadic!("dict.trie");
    static VALS_IDX: &[u8] = ipadic!("dict.valsidx");
    static VALS: &[u8] = ipadic!("dict.vals");
    static WORDS_IDX: &[u8] = ipadic!("dict.wordsidx");
    static WORDS: &[u8] = ipadic!("dict.words");

    /// Fingerprint of the built-in IPADIC, computed by `build.rs` with
    /// `dict_fingerprint::dictionary_fingerprint`.
    pub const FINGERPRINT: &str = include_str!(concat!(env!("OUT_DIR"), "/ipadic.fingerprint"));

    /// The embedded bytes of the dictionary file `name`.
    #[cfg(test)]
    pub fn bytes(name: &str) -> &'static [u8] {
        match name {
            "metadata.json" => METADATA,
            "char_def.bin" => CHAR_DEF,
            "unk.bin" => UNKNOWN,
            "matrix.mtx" => MATRIX,
            "dict.trie" => TRIE,
            "dict.valsidx" => VALS_IDX,
            "dict.vals" => VALS,
            "dict.wordsidx" => WORDS_IDX,
            "dict.words" => WORDS,
            other => panic!("no dictionary file {other}"),
        }
    }

    /// The built-in dictionary, borrowing the binary's bytes.
    pub fn load() -> LinderaResult<Dictionary> {
        let metadata = Metadata::load(METADATA)?;
        metadata.validate_format_version()?;
        Ok(Dictionary {
            prefix_dictionary: Arc::new(PrefixDictionary::load(
                TRIE, VALS_IDX, VALS, WORDS_IDX, WORDS,
            )?),
            connection_cost_matrix: Arc::new(ConnectionCostMatrix::load(MATRIX)?),
            character_definition: Arc::new(CharacterDefinition::load(CHAR_DEF)?),
            unknown_dictionary: Arc::new(UnknownDictionary::load(UNKNOWN)?),
            metadata: Arc::new(metadata),
        })
    }
}

/// Where a dictionary comes from: the copy inside the binary, or a path an environment
/// variable names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictSource {
    /// Built into the binary (the name says which).
    Builtin(&'static str),
    /// A file or directory.
    Path(PathBuf),
}

impl std::fmt::Display for DictSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DictSource::Builtin(name) => write!(f, "{name} (built in)"),
            DictSource::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Errors from loading the Japanese dictionaries or segmenting text.
#[derive(Debug, Clone, thiserror::Error)]
pub enum JapaneseError {
    /// The compiled IPADIC could not be loaded.
    #[error("cannot load the Japanese dictionary {dict}: {detail} (set {DICT_ENV} to a compiled lindera IPADIC directory, or unset it)")]
    Dictionary { dict: DictSource, detail: String },
    /// The user dictionary CSV is missing or malformed.
    #[error("cannot load the Japanese user dictionary {dict}: {detail}")]
    UserDictionary { dict: DictSource, detail: String },
    /// Segmentation itself failed.
    #[error("Japanese segmentation failed (dictionary {dict}): {detail}")]
    Segment { dict: DictSource, detail: String },
}

/// The system dictionary: the directory `$POLSEARCH_DICT` names if set (and non-empty),
/// else the IPADIC built into the binary.
pub fn dictionary_source() -> DictSource {
    env_path(DICT_ENV).map_or(DictSource::Builtin("IPADIC"), DictSource::Path)
}

/// The user dictionary CSV: the file `$POLSEARCH_USERDICT` names if set (and non-empty),
/// else the copy of `data/userdict.csv` built into the binary.
pub fn user_dictionary_source() -> DictSource {
    env_path(USERDICT_ENV).map_or(DictSource::Builtin("data/userdict.csv"), DictSource::Path)
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Fingerprint of the Japanese dictionaries in use, system and user (16 hex digits): what an
/// index records, so that one built with other dictionaries asks for a rebuild. Cheap for the
/// built-in dictionaries (the system one was hashed by `build.rs`); a `POLSEARCH_DICT`
/// directory is read whole once per process. Loads nothing into lindera.
pub fn dictionaries_fingerprint() -> Result<String, JapaneseError> {
    static FP: OnceLock<Result<String, JapaneseError>> = OnceLock::new();
    FP.get_or_init(|| {
        let system = match dictionary_source() {
            DictSource::Builtin(_) => builtin::FINGERPRINT.trim().to_string(),
            DictSource::Path(dir) => {
                dict_fingerprint::dictionary_fingerprint(|name| std::fs::read(dir.join(name)))
                    .map_err(|e| JapaneseError::Dictionary {
                        dict: DictSource::Path(dir.clone()),
                        detail: e.to_string(),
                    })?
            }
        };
        let user = read_user_csv(&user_dictionary_source())?;
        let mut h = blake3::Hasher::new();
        h.update(system.as_bytes());
        h.update(&user);
        Ok(h.finalize().to_hex()[..16].to_string())
    })
    .clone()
}

/// The bytes of the user dictionary CSV `source`.
fn read_user_csv(source: &DictSource) -> Result<std::borrow::Cow<'static, [u8]>, JapaneseError> {
    match source {
        DictSource::Builtin(_) => Ok(BUILTIN_USERDICT.as_bytes().into()),
        DictSource::Path(p) => match std::fs::read(p) {
            Ok(bytes) => Ok(bytes.into()),
            Err(e) => Err(JapaneseError::UserDictionary {
                detail: if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".into()
                } else {
                    e.to_string()
                },
                dict: source.clone(),
            }),
        },
    }
}

/// The system dictionary in use, loaded (the built-in one borrows the binary's bytes; a
/// directory is memory-mapped).
pub fn system_dictionary() -> Result<Dictionary, JapaneseError> {
    load_system(&dictionary_source())
}

fn load_system(source: &DictSource) -> Result<Dictionary, JapaneseError> {
    let error = |detail: String| JapaneseError::Dictionary {
        dict: source.clone(),
        detail,
    };
    match source {
        DictSource::Builtin(_) => builtin::load().map_err(|e| error(error_chain(&e))),
        DictSource::Path(dir) => {
            // lindera reports a missing directory only as a missing metadata.json
            // deep inside its error chain; say it plainly.
            if !dir.is_dir() {
                return Err(error("no such directory".into()));
            }
            load_fs_dictionary(dir).map_err(|e| error(error_chain(&e)))
        }
    }
}

/// Splits `text` into morphemes (IPADIC, normal mode, whitespace dropped).
///
/// The first call loads the dictionaries (a few milliseconds with mmap, plus
/// compiling the user dictionary CSV); an empty `text` also triggers the load,
/// so `segment("")` can be used to surface dictionary errors early.
pub fn segment(text: &str) -> Result<Vec<Morpheme>, JapaneseError> {
    let mut out = Vec::new();
    segment_each(text, |m| out.push(m.to_morpheme()))?;
    Ok(out)
}

/// A morpheme borrowed from the segmenter and the dictionary, for callers that do not keep
/// it (the indexer): no allocation per morpheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MorphemeRef<'a> {
    /// Start byte in the input.
    pub start: usize,
    /// End byte in the input.
    pub end: usize,
    /// `input[start..end]`.
    pub surface: &'a str,
    /// Base form (the surface when IPADIC has none).
    pub base: &'a str,
    /// First part-of-speech field.
    pub pos: &'a str,
    /// Second part-of-speech field.
    pub pos_detail: &'a str,
}

impl MorphemeRef<'_> {
    /// An owned copy.
    pub fn to_morpheme(&self) -> Morpheme {
        Morpheme {
            start: self.start,
            end: self.end,
            surface: self.surface.to_owned(),
            base: self.base.to_owned(),
            pos: self.pos.to_owned(),
            pos_detail: self.pos_detail.to_owned(),
        }
    }

    /// Same rule as [`is_stop`].
    pub fn is_stop(&self) -> bool {
        stop_rule(self.pos, self.pos_detail, self.surface)
    }
}

/// Segments `text`, calling `f` with each morpheme in order.
pub fn segment_each(text: &str, mut f: impl FnMut(&MorphemeRef<'_>)) -> Result<(), JapaneseError> {
    let segmenter = shared_segmenter()?;
    if text.is_empty() {
        return Ok(());
    }
    WORKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let worker = slot.get_or_insert_with(|| segmenter.new_worker());
        let tokens = worker.segment(text).map_err(|e| JapaneseError::Segment {
            dict: dictionary_source(),
            detail: error_chain(&e),
        })?;
        for token in tokens.iter() {
            f(&morpheme_ref(token));
        }
        Ok(())
    })
}

fn morpheme_ref<'a>(token: &'a Token<'a>) -> MorphemeRef<'a> {
    let surface: &str = &token.surface;
    let mut fields = detail_fields(token);
    let pos = fields.next().unwrap_or("*");
    let pos_detail = fields.next().unwrap_or("*");
    let base = match fields.nth(BASE_FORM_FIELD - 2) {
        Some(b) if b != "*" && !b.is_empty() => b,
        _ => surface,
    };
    MorphemeRef {
        start: token.byte_start,
        end: token.byte_end,
        surface,
        base,
        pos,
        pos_detail,
    }
}

/// True for morphemes that should not be indexed: particles (助詞), auxiliary
/// verbs (助動詞), symbols and punctuation (記号), and whitespace.
///
/// Full-width Latin letters, which IPADIC files under 記号,アルファベット
/// (`ＧＸ` is two such morphemes), are content and not stop words.
pub fn is_stop(m: &Morpheme) -> bool {
    stop_rule(&m.pos, &m.pos_detail, &m.surface)
}

fn stop_rule(pos: &str, pos_detail: &str, surface: &str) -> bool {
    match pos {
        "助詞" | "助動詞" => true,
        "記号" => pos_detail != "アルファベット",
        _ => surface.chars().all(char::is_whitespace),
    }
}

thread_local! {
    /// Per-thread lattice and scratch buffers, bound to the shared segmenter.
    static WORKER: RefCell<Option<SegmentWorker>> = const { RefCell::new(None) };
}

fn shared_segmenter() -> Result<&'static Segmenter, JapaneseError> {
    static SEGMENTER: OnceLock<Result<Segmenter, JapaneseError>> = OnceLock::new();
    SEGMENTER
        .get_or_init(|| load_segmenter(&dictionary_source(), &user_dictionary_source()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The segmenter over the system dictionary `dict` and the user dictionary CSV `user`.
fn load_segmenter(dict: &DictSource, user: &DictSource) -> Result<Segmenter, JapaneseError> {
    let dictionary = load_system(dict)?;
    let user_csv = read_user_csv(user)?;
    let user_dictionary = DictionaryBuilder::new((*dictionary.metadata).clone())
        .build_user_dict_from_reader(&*user_csv)
        .map_err(|e| JapaneseError::UserDictionary {
            dict: user.clone(),
            detail: error_chain(&e),
        })?;
    Ok(Segmenter::new(
        Mode::Normal,
        dictionary,
        Some(user_dictionary),
    ))
}

fn detail_fields<'a>(token: &Token<'a>) -> DetailFields<'a> {
    let id = token.word_id.id() as usize;
    if token.word_id.is_unknown() {
        token.dictionary.unknown_word_details_iter(id)
    } else if token.word_id.is_system() {
        token.dictionary.word_details_iter(id)
    } else {
        match token.user_dictionary {
            Some(user) => user.word_details_iter(id),
            None => DetailFields::unk(),
        }
    }
}

/// One line naming every cause: lindera's `Display` shows only the outermost
/// context of its error.
fn error_chain(err: &LinderaError) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&dyn std::error::Error> = err.source();
    while let Some(e) = source {
        let msg = e.to_string().replace('\n', " ");
        if parts.last() != Some(&msg) {
            parts.push(msg);
        }
        source = e.source();
    }
    if parts.is_empty() {
        parts.push(err.to_string());
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn seg(text: &str) -> Vec<Morpheme> {
        segment(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn surfaces(text: &str) -> Vec<String> {
        seg(text).into_iter().map(|m| m.surface).collect()
    }

    #[test]
    fn era_name_is_one_morpheme() {
        let ms = seg("令和");
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert_eq!(ms[0].surface, "令和");
        assert_eq!(ms[0].pos, "名詞");
        assert!(surfaces("令和2年度").contains(&"令和".to_string()));
    }

    #[test]
    fn ministry_abbreviation_is_one_morpheme() {
        assert_eq!(surfaces("文科省"), vec!["文科省"]);
        assert!(surfaces("文科省は発表した").contains(&"文科省".to_string()));
    }

    #[test]
    fn programme_name_is_one_morpheme() {
        assert_eq!(
            surfaces("戦略的創造研究推進事業"),
            vec!["戦略的創造研究推進事業"]
        );
        let s = surfaces("戦略的創造研究推進事業の公募");
        assert_eq!(s[0], "戦略的創造研究推進事業", "{s:?}");
    }

    #[test]
    fn particles_and_punctuation_are_stop() {
        let ms = seg("文部科学省は研究を支援する。");
        let get = |s: &str| {
            ms.iter()
                .find(|m| m.surface == s)
                .unwrap_or_else(|| panic!("{s} in {ms:?}"))
        };
        assert!(is_stop(get("は")));
        assert_eq!(get("は").pos, "助詞");
        assert!(is_stop(get("を")));
        assert!(is_stop(get("。")));
        assert!(!is_stop(get("文部科学省")));
        assert!(!is_stop(get("研究")));
    }

    #[test]
    fn full_width_letters_are_not_stop() {
        let ms = seg("ＧＸの推進");
        let g = ms
            .iter()
            .find(|m| m.surface == "Ｇ")
            .unwrap_or_else(|| panic!("{ms:?}"));
        assert_eq!(g.pos, "記号");
        assert!(!is_stop(g));
        assert!(is_stop(ms.iter().find(|m| m.surface == "の").unwrap()));
    }

    #[test]
    fn offsets_slice_back_to_surface() {
        let text = "令和2年度に文部科学省はSATREPSを開始した。";
        let ms = seg(text);
        assert!(!ms.is_empty());
        for m in &ms {
            assert_eq!(&text[m.start..m.end], m.surface, "{m:?}");
        }
        for pair in ms.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{pair:?}");
            assert!(pair[0].start < pair[1].start, "{pair:?}");
        }
        // No gaps except dropped whitespace: here there is none.
        assert_eq!(ms.first().unwrap().start, 0);
        assert_eq!(ms.last().unwrap().end, text.len());
        let s: Vec<&str> = ms.iter().map(|m| m.surface.as_str()).collect();
        assert!(s.contains(&"SATREPS"), "{s:?}");
        assert!(s.contains(&"文部科学省"), "{s:?}");
    }

    #[test]
    fn offsets_survive_whitespace_and_multiple_sentences() {
        let text = "政策 文書\n令和元年、　デジタル庁が発足。\tAI 戦略";
        let ms = seg(text);
        for m in &ms {
            assert_eq!(&text[m.start..m.end], m.surface, "{m:?}");
        }
        for pair in ms.windows(2) {
            assert!(
                pair[0].end <= pair[1].start && pair[0].start < pair[1].start,
                "{pair:?}"
            );
        }
        assert!(ms
            .iter()
            .all(|m| !m.surface.trim().is_empty() || is_stop(m)));
    }

    #[test]
    fn base_form_of_conjugated_verb() {
        let ms = seg("開始した");
        let shi = ms
            .iter()
            .find(|m| m.surface == "し")
            .unwrap_or_else(|| panic!("{ms:?}"));
        assert_eq!(shi.base, "する");
        assert_eq!(shi.pos, "動詞");
        let ta = ms.iter().find(|m| m.surface == "た").unwrap();
        assert_eq!(ta.pos, "助動詞");
        assert!(is_stop(ta));
    }

    #[test]
    fn unknown_and_user_words_fall_back_to_surface_base() {
        for m in seg("令和2年度にSATREPSを") {
            assert!(!m.base.is_empty() && m.base != "*", "{m:?}");
        }
    }

    #[test]
    fn particle_after_user_word_stays_a_particle() {
        // Guards the user-word context id (1288, not BOS/EOS 0): with id 0 this が was a 接続詞.
        let ms = seg("内閣府が決定した");
        assert_eq!(ms[0].surface, "内閣府");
        assert_eq!(
            (ms[1].surface.as_str(), ms[1].pos.as_str()),
            ("が", "助詞"),
            "{ms:?}"
        );
    }

    #[test]
    fn user_words_do_not_cross_word_boundaries() {
        // Guards the moderate user-word cost (-500): at -10000 this became 権|利活用.
        let s = surfaces("知的財産の権利活用を促す");
        assert!(
            s.contains(&"権利".to_string()) && s.contains(&"活用".to_string()),
            "{s:?}"
        );
        assert!(surfaces("データの利活用").contains(&"利活用".to_string()));
    }

    #[test]
    fn detailed_user_dictionary_rows_are_accepted() {
        let dir =
            std::env::temp_dir().join(format!("polsearch-ja-detailed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let csv = dir.join("detailed.csv");
        std::fs::write(
            &csv,
            "科技予算,1292,1292,-500,名詞,固有名詞,組織,*,*,*,科技予算,カギヨサン,カギヨサン\n令和,名詞,レイワ\n",
        )
        .unwrap();
        let segmenter = load_segmenter(&dictionary_source(), &DictSource::Path(csv));
        std::fs::remove_dir_all(&dir).ok();
        let segmenter = segmenter.unwrap_or_else(|e| panic!("{e}"));
        let tokens = segmenter.segment("科技予算の令和".into()).unwrap();
        let ms: Vec<Morpheme> = tokens
            .iter()
            .map(|t| morpheme_ref(t).to_morpheme())
            .collect();
        assert_eq!(ms[0].surface, "科技予算");
        assert_eq!(
            (ms[0].pos.as_str(), ms[0].pos_detail.as_str()),
            ("名詞", "固有名詞")
        );
        assert_eq!(ms[2].surface, "令和");
    }

    #[test]
    fn builtin_dictionaries_load_without_files() {
        let dict = load_segmenter(
            &DictSource::Builtin("IPADIC"),
            &DictSource::Builtin("data/userdict.csv"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let tokens = dict.segment("令和の文科省".into()).unwrap();
        let s: Vec<&str> = tokens.iter().map(|t| &*t.surface).collect();
        assert_eq!(s, ["令和", "の", "文科省"]);
        // The cost matrix is read in place from the binary, not copied.
        assert!(builtin::load()
            .unwrap()
            .connection_cost_matrix
            .is_zero_copy());
    }

    #[test]
    fn builtin_fingerprint_is_that_of_the_embedded_bytes_and_of_the_built_folder() {
        let embedded =
            dict_fingerprint::dictionary_fingerprint(|n| Ok::<_, ()>(builtin::bytes(n).to_vec()));
        assert_eq!(embedded.unwrap(), builtin::FINGERPRINT);
        // POLSEARCH_DICT naming a copy of the built dictionary fingerprints alike.
        let dir = Path::new(concat!(env!("OUT_DIR"), "/ipadic"));
        let on_disk = dict_fingerprint::dictionary_fingerprint(|n| std::fs::read(dir.join(n)));
        assert_eq!(on_disk.unwrap(), builtin::FINGERPRINT);
    }

    #[test]
    fn empty_text() {
        assert!(seg("").is_empty());
    }

    #[test]
    fn missing_user_dictionary_names_the_file() {
        let missing = DictSource::Path("/nonexistent/polsearch-userdict.csv".into());
        let err = load_segmenter(&dictionary_source(), &missing)
            .err()
            .expect("must fail");
        let msg = err.to_string();
        assert!(msg.contains("/nonexistent/polsearch-userdict.csv"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn missing_dictionary_names_the_directory() {
        let err = load_segmenter(
            &DictSource::Path("/nonexistent/ipadic".into()),
            &user_dictionary_source(),
        )
        .err()
        .expect("must fail");
        assert!(err.to_string().contains("/nonexistent/ipadic"), "{err}");
    }

    #[test]
    fn bad_user_dictionary_names_the_file() {
        let dir = std::env::temp_dir().join(format!("polsearch-ja-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "令和,名詞\n").unwrap();
        let err = load_segmenter(&dictionary_source(), &DictSource::Path(bad))
            .err()
            .expect("must fail");
        let msg = err.to_string();
        std::fs::remove_dir_all(&dir).ok();
        assert!(msg.contains("bad.csv"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn segments_from_many_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| surfaces("内閣府と経産省が連携する")))
            .collect();
        for h in handles {
            let s = h.join().unwrap();
            assert!(
                s.contains(&"内閣府".to_string()) && s.contains(&"経産省".to_string()),
                "{s:?}"
            );
        }
    }
}
