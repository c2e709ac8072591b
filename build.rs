//! Build script: compiles the vendored IPADIC source into a lindera dictionary.
//!
//! `vendor/ipadic/ipadic-src.tar.xz` (the UTF-8 mecab-ipadic-2.7.0-20070801
//! source, see `vendor/ipadic/README.md`) is unpacked into `$OUT_DIR` and
//! compiled with `lindera_dictionary`'s `DictionaryBuilder` into
//! `$OUT_DIR/ipadic`, which `src/analysis/japanese.rs` embeds in the binary
//! (`include_bytes!`) and lindera reads in place at run time; its fingerprint
//! goes to `$OUT_DIR/ipadic.fingerprint` (recorded by every index). Nothing
//! here touches the network.

use std::error::Error;
use std::fs;
use std::io::{BufReader, Cursor, Read};
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

#[path = "src/analysis/dict_fingerprint.rs"]
mod dict_fingerprint;

const VENDOR_DIR: &str = "vendor/ipadic";
const ARCHIVE: &str = "ipadic-src.tar.xz";
const METADATA: &str = "metadata.json";

type BoxResult<T> = Result<T, Box<dyn Error>>;

fn main() {
    if let Err(err) = run() {
        // A plain panic would bury the message in a backtrace; this keeps it
        // to the point in cargo's "failed to run custom build command" output.
        eprintln!("error: building the IPADIC dictionary failed: {err}");
        std::process::exit(1);
    }
}

fn run() -> BoxResult<()> {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR unset")?);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?);
    let vendor = manifest_dir.join(VENDOR_DIR);
    let archive_path = vendor.join(ARCHIVE);
    let metadata_path = vendor.join(METADATA);

    println!("cargo:rerun-if-changed={}", archive_path.display());
    println!("cargo:rerun-if-changed={}", metadata_path.display());

    let metadata_bytes = fs::read(&metadata_path)
        .map_err(|e| format!("cannot read {}: {e}", metadata_path.display()))?;
    let metadata = Metadata::load(&metadata_bytes)
        .map_err(|e| format!("cannot parse {}: {e}", metadata_path.display()))?;
    if !metadata.encoding.eq_ignore_ascii_case("UTF-8") {
        return Err(format!(
            "{} says encoding {:?}, but the vendored IPADIC source is UTF-8",
            metadata_path.display(),
            metadata.encoding
        )
        .into());
    }

    let src_dir = out_dir.join("ipadic-src");
    let tmp_dir = out_dir.join("ipadic.tmp");
    let dict_dir = out_dir.join("ipadic");
    for dir in [&src_dir, &tmp_dir] {
        remove_dir_if_exists(dir)?;
    }

    let started = Instant::now();
    unpack(&archive_path, &src_dir)?;
    let unpacked = started.elapsed();

    DictionaryBuilder::new(metadata)
        .build_dictionary(&src_dir, &tmp_dir)
        .map_err(|e| {
            format!(
                "lindera DictionaryBuilder failed on {}: {e}",
                src_dir.display()
            )
        })?;

    // Swap the finished dictionary into place, so an interrupted build never
    // leaves a half-written `$OUT_DIR/ipadic` behind.
    remove_dir_if_exists(&dict_dir)?;
    fs::rename(&tmp_dir, &dict_dir)?;
    // The 65 MB of unpacked CSV is no longer needed.
    remove_dir_if_exists(&src_dir)?;

    let fingerprint =
        dict_fingerprint::dictionary_fingerprint(|name| fs::read(dict_dir.join(name)))
            .map_err(|e| format!("cannot fingerprint {}: {e}", dict_dir.display()))?;
    fs::write(out_dir.join("ipadic.fingerprint"), fingerprint)?;

    // Visible with `cargo build -vv`.
    println!(
        "ipadic: unpacked in {:.1}s, built {} in {:.1}s total",
        unpacked.as_secs_f64(),
        dict_dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Unpacks the `.tar.xz` at `archive_path` into `dest`, dropping the archive's
/// single top-level directory so the IPADIC files land directly in `dest`.
fn unpack(archive_path: &Path, dest: &Path) -> BoxResult<()> {
    let file = fs::File::open(archive_path).map_err(|e| {
        format!(
            "cannot open {} ({e}); it is part of the repository (vendor/ipadic)",
            archive_path.display()
        )
    })?;
    let mut tar_bytes = Vec::with_capacity(72 << 20);
    lzma_rs::xz_decompress(&mut BufReader::new(file), &mut tar_bytes)
        .map_err(|e| format!("cannot decompress {}: {e:?}", archive_path.display()))?;

    fs::create_dir_all(dest)?;
    let mut archive = tar::Archive::new(Cursor::new(tar_bytes));
    let mut files = 0usize;
    for entry in archive.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path()?.into_owned();
        // Strip the top-level directory; refuse anything that could escape `dest`.
        let mut components = path.components();
        components.next();
        let rel: PathBuf = components.collect();
        if rel.as_os_str().is_empty()
            || rel.components().any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(format!(
                "unexpected path {} in {}",
                path.display(),
                archive_path.display()
            )
            .into());
        }
        let target = dest.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut data)?;
        fs::write(&target, data)?;
        files += 1;
    }
    if !dest.join("matrix.def").is_file() {
        return Err(format!(
            "{} holds no matrix.def ({files} files unpacked)",
            archive_path.display()
        )
        .into());
    }
    Ok(())
}

fn remove_dir_if_exists(dir: &Path) -> BoxResult<()> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", dir.display()).into()),
    }
}
