#!/usr/bin/env python3
"""Draws the benchmark query sets benches/queries/{en,ja}.tsv from the text, deterministically.

Reads the standard sets made by benches/prepare.sh (en-100mb for English; ja-50mb and ja-wp
for Japanese), counts words and co-occurrences, and picks queries per class by fixed rules;
ties and choices are broken by the SHA-256 of the candidate, so the same corpus always gives
the same queries. No randomness, no network.

Output: one query a line, tab-separated: class, query (polsearch syntax: space = AND,
"..." = phrase), filters (polsearch CLI flags, or empty).

Usage: benches/make_queries.py [SETS_DIR]   (default: bench-data/sets)
"""

import collections
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "bench-data", "sets")

EN_STOP = set(
    """a an and are as at be been being but by can could did do does for from had has have
    he her his if in into is it its may might must no not of on or other our shall she should
    so such than that the their them then there these they this those to under upon was were
    what when where which while who whom will with would any all each every section subsection
    paragraph act regulations regulation""".split()
)


def h(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def pick(cands, n):
    """n candidates in SHA-256 order (deterministic, spread over the candidate list)."""
    return sorted(set(cands), key=h)[:n]


def files(set_name):
    root = os.path.join(SETS, set_name)
    out = []
    for d, _, fs in os.walk(root):
        for f in fs:
            if f.endswith(".txt"):
                out.append(os.path.join(d, f))
    out.sort()
    return root, out


def slug(name):
    """polsearch's default document id: parse::slug of the path below the root, no extension."""
    out = []
    for c in name:
        if c.isascii() and c.isalnum():
            out.append(c.lower())
        elif out and out[-1] != "-":
            out.append("-")
    while out and out[-1] == "-":
        out.pop()
    return "".join(out)


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\r\n") for l in f]


# ---------------------------------------------------------------- English
def english():
    root, paths = files("en-100mb")
    word_re = re.compile(r"[A-Za-z][A-Za-z]+")
    df = collections.Counter()        # lowercase word -> files
    tf = collections.Counter()        # lowercase word -> occurrences
    acro_df = collections.Counter()   # ALL-CAPS word -> files
    bigram = collections.Counter()
    trigram = collections.Counter()
    sample_lines = []                 # every 5th line, for co-occurrence
    doc_words = {}                    # doc id -> set of words (sampled docs only)
    ids = collections.Counter(slug(os.path.splitext(os.path.relpath(p, root))[0]) for p in paths)
    for i, p in enumerate(paths):
        seen = set()
        seen_acro = set()
        rel = os.path.splitext(os.path.relpath(p, root))[0]
        for j, line in enumerate(read_lines(p)):
            ws = word_re.findall(line)
            low = [w.lower() for w in ws]
            tf.update(low)
            seen.update(low)
            for w in ws:
                if w.isupper() and 3 <= len(w) <= 6 and not re.fullmatch(r"[IVXLCDM]+", w):
                    seen_acro.add(w)
            for a, b in zip(low, low[1:]):
                if a not in EN_STOP and b not in EN_STOP and len(a) > 3 and len(b) > 3:
                    bigram[a + " " + b] += 1
            for a, b, c in zip(low, low[1:], low[2:]):
                if a not in EN_STOP and c not in EN_STOP and len(a) > 3 and len(c) > 3:
                    trigram[a + " " + b + " " + c] += 1
            if j % 5 == 0:
                sample_lines.append(low)
        df.update(seen)
        acro_df.update(seen_acro)
        if i % 97 == 0 and ids[slug(rel)] == 1:
            doc_words[slug(rel)] = seen
    q = []
    # rare: program / agency acronyms found in a handful of files
    # (a word that also appears in lower case is a heading in capitals, not an acronym)
    rare = [a for a, n in acro_df.items() if 2 <= n <= 15 and df[a.lower()] <= n and a.lower() not in EN_STOP]
    q += [("rare", a, "") for a in pick(rare, 10)]
    # common: the most widespread content words
    content = [w for w, _ in df.most_common() if w not in EN_STOP and len(w) >= 6]
    q += [("common", w, "") for w in content[0:40:5]]
    # mid-frequency words for AND queries
    mid = {w for w, n in df.items() if 40 <= n <= 400 and w not in EN_STOP and len(w) >= 5}
    pairs = collections.Counter()
    first_line = {}
    for low in sample_lines:
        ws = sorted({w for w in low if w in mid})
        for x in range(len(ws)):
            for y in range(x + 1, len(ws)):
                k = (ws[x], ws[y])
                pairs[k] += 1
                first_line.setdefault(k, ws)
    good = [k for k, n in pairs.items() if 3 <= n <= 40]
    chosen = pick([" ".join(k) for k in good], 10)
    q += [("and2", k, "") for k in chosen]
    and3 = []
    for k in pick([" ".join(k) for k in good if len(first_line[k]) >= 3], 40):
        a, b = k.split()
        rest = [w for w in first_line[(a, b)] if w not in (a, b)]
        if rest:
            and3.append(f"{a} {b} {pick(rest, 1)[0]}")
        if len(and3) == 6:
            break
    q += [("and3", k, "") for k in and3]
    # phrases: two- and three-word sequences seen a moderate number of times
    ph2 = [k for k, n in bigram.items() if 5 <= n <= 200]
    ph3 = [k for k, n in trigram.items() if 5 <= n <= 100 and k.split()[1] not in ("and", "or")]
    q += [("phrase", f'"{k}"', "") for k in pick(ph2, 6) + pick(ph3, 4)]
    # law names from the catalog titles: "<Name> Act" of two or three words, as phrases
    titles = []
    cat = os.path.join(HERE, "..", "bench-data", "raw", "en-policy-ca-laws-2026", "catalog.tsv")
    if os.path.exists(cat):
        for row in read_lines(cat)[1:]:
            cols = row.split("\t")
            if len(cols) > 2 and cols[1] == "acts":
                t = cols[2]
                if re.fullmatch(r"[A-Z][a-z]+( [A-Z][a-z]+)? Act", t):
                    titles.append(t)
    q += [("lawname", f'"{t}"', "") for t in pick(titles, 6)]
    # filters: --lang en with mid words; --doc with a word of that document
    q += [("filter", w, "--lang en") for w in pick(sorted(mid), 4)]
    for d in pick(sorted(doc_words), 4):
        ws = sorted(w for w in doc_words[d] if w in mid)
        if ws:
            q.append(("filter", pick(ws, 1)[0], f"--doc {d}"))
    return q


# ---------------------------------------------------------------- Japanese
KANJI = r"[\u4e00-\u9fff々〆ヶ]"
KATA = r"[\u30a1-\u30faー]"


def japanese():
    root, paths = files("ja-50mb")
    wp_root, wp_paths = files("ja-wp")
    kanji_re = re.compile(KANJI + "+")
    kata_re = re.compile(KATA + "{4,}")
    phrase_re = re.compile(KANJI + "{2,4}[\u3041-\u3093]{1,2}" + KANJI + "{2,4}")
    latin_re = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{1,5}(?![A-Za-z0-9])")
    df = collections.Counter()
    kata_df = collections.Counter()
    phrase_tf = collections.Counter()
    sample_lines = []
    doc_words = {}
    mixed = collections.Counter()
    all_paths = [(root, p) for p in paths] + [(wp_root, p) for p in wp_paths]
    for i, (r, p) in enumerate(all_paths):
        seen = set()
        seen_k = set()
        rel = os.path.splitext(os.path.relpath(p, r))[0]
        is_wp = r == wp_root
        for j, line in enumerate(read_lines(p)):
            # runs split at the conjunctions written in kanji (及び, 又は, 並びに, 若しくは)
            ks = [k for r in kanji_re.findall(line) for k in re.split("[及又並若]", r) if k]
            seen.update(k for k in ks if 2 <= len(k) <= 8)
            seen_k.update(kata_re.findall(line))
            phrase_tf.update(phrase_re.findall(line))
            if j % 3 == 0:
                sample_lines.append(sorted({k for k in ks if 2 <= len(k) <= 4}))
            if is_wp:
                lat = set(latin_re.findall(line))
                for a in lat:
                    for k in set(ks):
                        if 2 <= len(k) <= 4:
                            mixed[(a, k)] += 1
        df.update(seen)
        kata_df.update(seen_k)
        if i % 53 == 0:
            doc_words[slug(rel)] = seen
    q = []
    rare = [k for k, n in kata_df.items() if 2 <= n <= 8 and len(k) >= 5]
    rare_k = [k for k, n in df.items() if 2 <= n <= 5 and len(k) >= 5]
    q += [("rare", k, "") for k in pick(rare, 6) + pick(rare_k, 4)]
    common = [k for k, _ in df.most_common() if 2 <= len(k) <= 4]
    q += [("common", k, "") for k in common[0:40:5]]
    q += [("compound", k, "") for k in pick([k for k, n in df.items() if 4 <= len(k) <= 6 and 10 <= n <= 200], 10)]
    q += [("word2", k, "") for k in pick([k for k, n in df.items() if len(k) == 2 and 20 <= n <= 300], 8)]
    mid = {k for k, n in df.items() if 30 <= n <= 300 and 2 <= len(k) <= 4}
    pairs = collections.Counter()
    first_line = {}
    for ks in sample_lines:
        ws = [k for k in ks if k in mid]
        for x in range(len(ws)):
            for y in range(x + 1, len(ws)):
                if ws[x] in ws[y] or ws[y] in ws[x]:
                    continue
                pairs[(ws[x], ws[y])] += 1
                first_line.setdefault((ws[x], ws[y]), ws)
    good = [k for k, n in pairs.items() if 3 <= n <= 40]
    q += [("and2", k, "") for k in pick([" ".join(k) for k in good], 8)]
    and3 = []
    for k in pick([" ".join(k) for k in good if len(first_line[k]) >= 3], 40):
        a, b = k.split()
        rest = [w for w in first_line[(a, b)] if w not in (a, b) and w not in a + b and a not in w and b not in w]
        if rest:
            and3.append(f"{a} {b} {pick(rest, 1)[0]}")
        if len(and3) == 4:
            break
    q += [("and3", k, "") for k in and3]
    q += [("phrase", f'"{k}"', "") for k in pick([k for k, n in phrase_tf.items() if 3 <= n <= 100], 8)]
    titles = []
    cat = os.path.join(HERE, "..", "bench-data", "raw", "egov-laws-2013", "catalog.tsv")
    if os.path.exists(cat):
        for row in read_lines(cat)[1:]:
            cols = row.split("\t")
            if len(cols) > 1:
                t = re.sub(r"（.*", "", cols[1])
                if re.fullmatch(KANJI + "{2,8}法", t):
                    titles.append(t)
    q += [("lawname", t, "") for t in pick(titles, 6)]
    good_mixed = [f"{a} {k}" for (a, k), n in mixed.items() if 3 <= n <= 50 and not a.isupper() or (a.isupper() and 3 <= n <= 50)]
    q += [("mixed", k, "") for k in pick(good_mixed, 6)]
    q += [("filter", k, "--lang ja") for k in pick(sorted(mid), 3)]
    for d in pick(sorted(doc_words), 3):
        ws = sorted(w for w in doc_words[d] if w in mid)
        if ws:
            q.append(("filter", pick(ws, 1)[0], f"--doc {d}"))
    return q


def write(name, rows):
    path = os.path.join(HERE, "queries", name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# class\tquery\tfilters   (generated by benches/make_queries.py; do not edit by hand)\n")
        for c, qq, fl in rows:
            f.write(f"{c}\t{qq}\t{fl}\n")
    print(f"{path}: {len(rows)} queries", file=sys.stderr)


if __name__ == "__main__":
    write("en.tsv", english())
    write("ja.tsv", japanese())
