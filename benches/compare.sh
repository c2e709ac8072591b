#!/usr/bin/env bash
# Runs polsearch, ripgrep, SQLite FTS5 (porter unicode61 for English, trigram for Japanese) and
# Groonga (TokenBigram; TokenMecab for Japanese) side by side on the same corpus and queries,
# and prints Markdown tables (build time, index size, peak RSS, latency p50/p95 per query
# class with ratios to polsearch, hits per query).
#
# Usage: benches/compare.sh [--sets quick|full] [--out FILE] [compare.py options...]
#   quick: en-100mb and ja-50mb (minutes); full: en-laws, and ja-laws + ja-wp (about an hour)
#   e.g.   nice -n 10 benches/compare.sh --sets full --threads1 --combined --out bench-data/full.md
#
# Installs what is missing from Debian's packages (sqlite3, groonga-bin, groonga-tokenizer-mecab,
# mecab-ipadic-utf8, ripgrep, hyperfine, time), builds polsearch in release mode, and makes the
# standard sets with benches/prepare.sh when they are not there yet.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

need=()
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v groonga >/dev/null || need+=(groonga-bin)
[ -e /usr/lib/x86_64-linux-gnu/groonga/plugins/tokenizers/mecab.so ] || \
    ls /usr/lib/*/groonga/plugins/tokenizers/mecab.so >/dev/null 2>&1 || need+=(groonga-tokenizer-mecab)
[ -d /var/lib/mecab/dic/ipadic-utf8 ] || need+=(mecab-ipadic-utf8)
command -v rg >/dev/null || need+=(ripgrep)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    echo "compare.sh: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

cargo build --release --quiet
target="${CARGO_TARGET_DIR:-$here/target}"
[ -d "${POLSEARCH_BENCH_DATA:-$here/bench-data/sets}/en-100mb" ] || benches/prepare.sh
exec python3 benches/compare.py --bin "$target/release/polsearch" "$@"
