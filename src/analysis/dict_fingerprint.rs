//! The fingerprint of a compiled lindera dictionary: a BLAKE3 hash over its files, by name and
//! content. `build.rs` includes this file (`#[path]`) to fingerprint the IPADIC it compiles
//! into the binary; the library uses it for a dictionary named by `POLSEARCH_DICT`, so a copy
//! of the built-in dictionary has the built-in one's fingerprint.

/// The files of a compiled lindera dictionary, in the order they are hashed.
pub const DICTIONARY_FILES: [&str; 9] = [
    "metadata.json",
    "char_def.bin",
    "unk.bin",
    "matrix.mtx",
    "dict.trie",
    "dict.valsidx",
    "dict.vals",
    "dict.wordsidx",
    "dict.words",
];

/// Hex fingerprint (16 digits) of the dictionary whose files `read` returns by name.
pub fn dictionary_fingerprint<E>(
    mut read: impl FnMut(&str) -> Result<Vec<u8>, E>,
) -> Result<String, E> {
    let mut h = blake3::Hasher::new();
    for name in DICTIONARY_FILES {
        let bytes = read(name)?;
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize().to_hex()[..16].to_string())
}
