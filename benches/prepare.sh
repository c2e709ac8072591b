#!/usr/bin/env bash
# Unpacks the benchmark corpora of ../shared/bench (or $POLSEARCH_BENCH_SRC) into the
# git-ignored bench-data/ and makes the standard sets, deterministically:
#
#   bench-data/sets/en-laws     Canadian federal Acts and regulations, whole (6,012 files, 176 MB)
#   bench-data/sets/ja-laws     e-Gov laws 2013, whole (7,977 files, 364 MB)
#   bench-data/sets/ja-wp       ICT white papers 2000-2023 (24 files, 21 MB)
#   bench-data/sets/en-100mb    subset of en-laws: files in order of sha256(path) until 100 MB
#   bench-data/sets/ja-50mb     subset of ja-laws: the same rule, until 50 MB
#   bench-data/sets/en-20mb, ja-10mb   smaller subsets by the same rule, sized for criterion
#                               (each sample of the indexing bench builds the whole set)
#
# Every document is already one UTF-8 plain-text file (.txt), which polsearch, ripgrep and
# the loaders of the peers in compare.sh all read as is: no conversion is needed, and the
# sets are hard links into bench-data/raw (no extra space). The white papers keep their
# CRLF line endings (polsearch and ripgrep read both). Re-running is cheap and idempotent.
#
# Usage: benches/prepare.sh [SRC_DIR]   (default: ../shared/bench beside the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-${POLSEARCH_BENCH_SRC:-$here/../shared/bench}}"
[ -d "$src" ] || src="/work/shared/bench"
out="$here/bench-data"
raw="$out/raw"
sets="$out/sets"
export LC_ALL=C

unpack() { # name
    local name="$1"
    if [ ! -f "$raw/$name/catalog.tsv" ]; then
        [ -f "$src/$name.tar.xz" ] || { echo "prepare.sh: $src/$name.tar.xz not found" >&2; exit 2; }
        echo "unpacking $name.tar.xz" >&2
        rm -rf "$raw/$name.tmp"
        mkdir -p "$raw/$name.tmp"
        tar xJf "$src/$name.tar.xz" -C "$raw/$name.tmp"
        rm -rf "$raw/$name"
        mv "$raw/$name.tmp" "$raw/$name"
    fi
}

# link_set NAME DIR [LIMIT_BYTES]: hard-links every .txt under DIR (relative paths kept) into
# sets/NAME; with a limit, takes files in order of sha256 of their relative path until the
# total reaches LIMIT_BYTES.
link_set() {
    local name="$1" dir="$2" limit="${3:-0}"
    local dest="$sets/$name"
    if [ -f "$dest/.complete" ]; then return; fi
    rm -rf "$dest"
    mkdir -p "$dest"
    (cd "$dir" && find . -type f -name '*.txt' -printf '%s\t%P\n') |
        perl -MDigest::SHA=sha256_hex -ne 'chomp; my ($s, $p) = split /\t/, $_, 2; print substr(sha256_hex($p), 0, 16), "\t$s\t$p\n"' |
        sort -k1,1 |
        awk -F'\t' -v limit="$limit" '(limit == 0 || total < limit) { total += $2; print $3 }' |
        (cd "$dir" && xargs -r -d '\n' cp -l --parents -t "$dest")
    touch "$dest/.complete"
    local n bytes
    n=$(find "$dest" -type f -name '*.txt' | wc -l)
    bytes=$(find "$dest" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
    echo "set $name: $n files, $bytes bytes" >&2
}

unpack egov-laws-2013
unpack en-policy-ca-laws-2026
unpack ja-ict-white-papers-2000-2023

link_set en-laws "$raw/en-policy-ca-laws-2026/docs"
link_set ja-laws "$raw/egov-laws-2013/laws"
link_set ja-wp "$raw/ja-ict-white-papers-2000-2023/editions"
link_set en-100mb "$raw/en-policy-ca-laws-2026/docs" 100000000
link_set ja-50mb "$raw/egov-laws-2013/laws" 50000000
link_set en-20mb "$raw/en-policy-ca-laws-2026/docs" 20000000
link_set ja-10mb "$raw/egov-laws-2013/laws" 10000000

for s in en-laws ja-laws ja-wp en-100mb ja-50mb en-20mb ja-10mb; do
    printf '%s\t%s files\t%s bytes\n' "$s" \
        "$(find "$sets/$s" -type f -name '*.txt' | wc -l)" \
        "$(find "$sets/$s" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')"
done
echo "export POLSEARCH_BENCH_DATA=$sets"
