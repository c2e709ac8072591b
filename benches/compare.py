#!/usr/bin/env python3
"""Side-by-side comparison of polsearch with ripgrep, SQLite FTS5 and Groonga on the same
corpus and queries. Run through benches/compare.sh, which installs the peers and builds
polsearch first; see the README's "Benchmarks" section.

Per language (English, Japanese) it builds every index from the same text files, timing the
build and reading its peak RSS from /usr/bin/time -v, then runs every query of
benches/queries/{en,ja}.tsv as a whole process per query (start, open, search, print), as a
user would, and prints Markdown tables: build time, MB/s, index size, peak RSS; latency p50/p95
per query class with the ratio to polsearch; and hits per query for every tool.

Units of a hit: polsearch counts passages (paragraphs, statute items); ripgrep, SQLite and
Groonga count lines (every non-empty line of the input is one row for SQLite and Groonga).
On these corpora a passage is mostly one line, so the counts are comparable but not equal.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

SETS = {
    "quick": {"en": ["en-100mb"], "ja": ["ja-50mb"]},
    "full": {"en": ["en-laws"], "ja": ["ja-laws", "ja-wp"]},
}
TOOLS = ["polsearch", "rg", "sqlite", "groonga-bigram", "groonga-mecab"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def slug(name):
    out = []
    for c in name:
        if c.isascii() and c.isalnum():
            out.append(c.lower())
        elif out and out[-1] != "-":
            out.append("-")
    while out and out[-1] == "-":
        out.pop()
    return "".join(out)


class Corpus:
    """The text files of one language: roots, files, bytes, and doc id -> file."""

    def __init__(self, sets_dir, names):
        self.roots = [os.path.join(sets_dir, n) for n in names]
        self.files = []
        self.doc_file = {}
        for r in self.roots:
            for d, _, fs in os.walk(r):
                for f in fs:
                    if f.endswith(".txt"):
                        p = os.path.join(d, f)
                        self.files.append(p)
                        rel = os.path.splitext(os.path.relpath(p, r))[0]
                        self.doc_file.setdefault(slug(rel), p)
        self.files.sort()
        self.bytes = sum(os.path.getsize(p) for p in self.files)

    def rel(self, p):
        for r in self.roots:
            if p.startswith(r + os.sep):
                return os.path.basename(r) + "/" + os.path.relpath(p, r)
        return p


def read_queries(lang):
    rows = []
    with open(os.path.join(HERE, "queries", f"{lang}.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cls, q, flt = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            rows.append((cls, q, flt.strip()))
    return rows


def parts(q):
    """Query parts: quoted phrases and bare words (the benchmark queries use only AND)."""
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', q)]


def timed(cmd, stdout_file=None, env=None, shell=False):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS in MB, stdout, returncode)."""
    tv = "/tmp/.polsearch-bench-time"
    full = ["/usr/bin/time", "-v", "-o", tv] + (["sh", "-c", cmd] if shell else cmd)
    t0 = time.perf_counter()
    r = subprocess.run(full, stdout=subprocess.PIPE if stdout_file is None else stdout_file,
                       stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t0
    rss = 0.0
    global LAST_CPU
    LAST_CPU = 0.0
    with open(tv) as f:
        for line in f:
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1]) / 1024
            elif "User time (seconds)" in line or "System time (seconds)" in line:
                LAST_CPU += float(line.split(":")[1])
    if r.returncode not in (0, 1):
        log("  command failed:", " ".join(map(str, full))[:300], r.stderr.decode(errors="replace")[-500:])
    return dt, rss, (r.stdout or b""), r.returncode


LAST_CPU = 0.0  # user + system seconds of the last timed() command, children included


def du_mb(path):
    if not os.path.exists(path):
        return 0.0
    out = subprocess.run(["du", "-sk", path], stdout=subprocess.PIPE, text=True).stdout
    return int(out.split()[0]) / 1024


# ------------------------------------------------------------------ peer inputs
def write_lines(corpus, asv, gjson):
    """One row per non-empty line: SQLite's ASCII-separated file and Groonga's load command."""
    if os.path.exists(asv) and os.path.exists(gjson):
        return
    log(f"  writing peer inputs {os.path.basename(asv)}")
    with open(asv + ".tmp", "w", encoding="utf-8") as fa, open(gjson + ".tmp", "w", encoding="utf-8") as fg:
        fg.write("load --table Lines\n[\n")
        first = True
        for p in corpus.files:
            rel = corpus.rel(p)
            with open(p, encoding="utf-8", errors="replace") as f:
                for line in f:
                    t = line.rstrip("\r\n").strip()
                    if not t:
                        continue
                    t = t.replace("\x1e", " ").replace("\x1f", " ")
                    fa.write(f"{rel}\x1f{t}\x1e")
                    fg.write(("" if first else ",\n") + json.dumps({"path": rel, "text": t}, ensure_ascii=False))
                    first = False
        fg.write("\n]\n")
    os.rename(asv + ".tmp", asv)
    os.rename(gjson + ".tmp", gjson)


# ------------------------------------------------------------------ builds
def build_polsearch(binary, corpus, idx, threads):
    shutil.rmtree(idx, ignore_errors=True)
    cmd = [binary, "index", *corpus.roots, "--index", idx, "--quiet"]
    if threads:
        cmd += ["--threads", str(threads)]
    dt, rss, _, rc = timed(cmd)
    return dt, rss, du_mb(idx)


def build_sqlite(corpus, db, asv, lang):
    if os.path.exists(db):
        os.remove(db)
    tok = "porter unicode61" if lang == "en" else "trigram"
    cmd = ["sqlite3", db,
           f"CREATE VIRTUAL TABLE t USING fts5(path UNINDEXED, text, tokenize='{tok}');",
           ".mode ascii", f".import {asv} t",
           "INSERT INTO t(t) VALUES('optimize');"]
    dt, rss, _, rc = timed(cmd)
    return dt, rss, du_mb(db)


def build_groonga(corpus, dbdir, gjson, tokenizer):
    shutil.rmtree(dbdir, ignore_errors=True)
    os.makedirs(dbdir)
    db = os.path.join(dbdir, "db")
    tok = {"bigram": "TokenBigram", "mecab": "TokenMecab"}[tokenizer]
    schema = os.path.join(dbdir, "schema.grn")
    with open(schema, "w") as f:
        f.write("table_create Lines TABLE_NO_KEY\n"
                "column_create Lines path COLUMN_SCALAR ShortText\n"
                "column_create Lines text COLUMN_SCALAR LongText\n")
    index = os.path.join(dbdir, "index.grn")
    with open(index, "w") as f:
        f.write(f"table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer {tok} --normalizer NormalizerAuto\n"
                "column_create Terms lines_text COLUMN_INDEX|WITH_POSITION Lines text\n")
    # create, load, then build the index offline (Groonga's fast path for bulk loads)
    cmd = f"groonga -n {shlex.quote(db)} < {shlex.quote(schema)} >/dev/null && " \
          f"groonga {shlex.quote(db)} < {shlex.quote(gjson)} >/dev/null && " \
          f"groonga {shlex.quote(db)} < {shlex.quote(index)} >/dev/null"
    dt, rss, _, rc = timed(cmd, shell=True)
    return dt, rss, du_mb(dbdir)


# ------------------------------------------------------------------ queries
def q_polsearch(binary, idx, q, flt, count):
    cmd = [binary, "search", q, "--index", idx] + shlex.split(flt)
    if count:
        cmd += ["--json", "-n", "1"]
    return cmd, False


def q_rg(corpus, lang, q, flt, count):
    ps = parts(q)
    targets = corpus.roots
    m = re.match(r"--doc (\S+)", flt)
    if m:
        targets = [corpus.doc_file.get(m.group(1), "/nonexistent")]
    opts = ["-F"] + (["-i", "-w"] if lang == "en" else [])
    if len(ps) == 1:
        return ["rg", "-c", "-H", *opts, "-e", ps[0], *targets], False
    first = " ".join(shlex.quote(x) for x in ["rg", "-N", "--no-filename", *opts, "-e", ps[0], *targets])
    rest = " | ".join(" ".join(shlex.quote(x) for x in ["rg", *opts, "-e", p]) for p in ps[1:-1])
    last = " ".join(shlex.quote(x) for x in ["rg", "-c", *opts, "-e", ps[-1]])
    return " | ".join(x for x in [first, rest, last] if x), True


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def q_sqlite(corpus, lang, db, q, flt, count):
    ps = parts(q)
    where = []
    match = []
    for p in ps:
        if lang == "ja" and len(p) < 3:
            # the trigram index needs 3 characters; shorter strings scan every row
            # (instr, not LIKE: SQLite 3.40's trigram LIKE with under 3 characters finds nothing)
            where.append(f"instr(text, {sql_str(p)}) > 0")
        else:
            match.append('"' + p.replace('"', '""') + '"')
    if match:
        where.insert(0, f"t MATCH {sql_str(' '.join(match))}")
    m = re.match(r"--doc (\S+)", flt)
    if m:
        f = corpus.doc_file.get(m.group(1))
        where.append(f"path = {sql_str(corpus.rel(f) if f else '-')}")
    return ["sqlite3", db, "SELECT count(*) FROM t WHERE " + " AND ".join(where)], False


def grn_quote(s):
    """A value in Groonga's command syntax: single-quoted, backslash-escaped."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def q_groonga(corpus, db, q, flt, count):
    # every part a quoted phrase; parts separated by spaces are ANDed
    gq = " ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in parts(q))
    cmd = f"select --table Lines --match_columns text --query {grn_quote(gq)} --limit 0 --output_columns _id"
    m = re.match(r"--doc (\S+)", flt)
    if m:
        f = corpus.doc_file.get(m.group(1))
        cmd += " --filter " + grn_quote('path == "%s"' % (corpus.rel(f) if f else "-"))
    # one argument: Groonga reads the rest of its command line as one command
    return ["groonga", db, cmd], False


def parse_hits(tool, out):
    s = out.decode("utf-8", errors="replace").strip()
    try:
        if tool == "polsearch":
            return json.loads(s)["total"]
        if tool == "rg":
            if not s:
                return 0
            if "\n" not in s and ":" not in s:
                return int(s)
            return sum(int(l.rsplit(":", 1)[1]) for l in s.splitlines() if ":" in l)
        if tool == "sqlite":
            return int(s or 0)
        if tool.startswith("groonga"):
            return json.loads(s)[1][0][0][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return None


def run_once(cmd, shell):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, r.stdout


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def drop_caches():
    try:
        subprocess.run(["sync"])
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", choices=sorted(SETS), default="quick")
    ap.add_argument("--data", default=os.environ.get("POLSEARCH_BENCH_DATA", os.path.join(REPO, "bench-data", "sets")))
    ap.add_argument("--work", default=os.path.join(REPO, "bench-data", "work"))
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "polsearch"))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--lang", default="en,ja")
    ap.add_argument("--reps", type=int, default=5, help="timed runs per query and tool (after one warm-up)")
    ap.add_argument("--budget", type=float, default=4.0, help="seconds per query and tool before fewer repetitions")
    ap.add_argument("--cold", type=int, default=5, help="queries per language run with a dropped page cache")
    ap.add_argument("--threads1", action="store_true", help="also time polsearch indexing on one thread")
    ap.add_argument("--combined", action="store_true", help="also build one polsearch index of every set and time the CLI on it")
    ap.add_argument("--reuse", action="store_true",
                    help="keep the indexes of an earlier run in the work folder (no build rows): to re-time queries only")
    ap.add_argument("--out", default="-")
    ap.add_argument("--json", default=None, help="write raw results here")
    a = ap.parse_args()
    tools = a.tools.split(",")
    work = os.path.join(a.work, a.sets)
    os.makedirs(work, exist_ok=True)
    # Groonga's TokenMecab: the IPADIC dictionary (UTF-8), as polsearch uses, not Debian's default
    if os.path.isdir("/var/lib/mecab/dic/ipadic-utf8"):
        rc = os.path.join(work, "mecabrc")
        with open(rc, "w") as f:
            f.write("dicdir = /var/lib/mecab/dic/ipadic-utf8\n")
        os.environ["MECABRC"] = rc
    results = {"sets": a.sets, "build": [], "queries": [], "cold": [], "query_rss": [], "combined": [], "recall": []}

    for lang in a.lang.split(","):
        corpus = Corpus(a.data, SETS[a.sets][lang])
        mb = corpus.bytes / 1e6
        log(f"[{lang}] {len(corpus.files)} files, {mb:.1f} MB: {', '.join(SETS[a.sets][lang])}")
        asv = os.path.join(work, f"{lang}.asv")
        gjson = os.path.join(work, f"{lang}.groonga")
        if any(t in tools for t in ("sqlite", "groonga-bigram", "groonga-mecab")):
            write_lines(corpus, asv, gjson)
        idx = {}
        active = []

        def rec_build(tool, threads, dt, rss, size):
            results["build"].append({"lang": lang, "tool": tool, "threads": threads, "mb": mb, "seconds": dt,
                                     "cpu": LAST_CPU, "rss_mb": rss, "size_mb": size})
            log(f"  build {tool:15} {threads or '-'}t {dt:8.1f}s (cpu {LAST_CPU:.1f}s) {mb / dt if dt else 0:6.1f} MB/s  "
                f"size {size:8.1f} MB ({100 * size / mb:5.1f}%)  RSS {rss:7.0f} MB")

        def kept(p):
            return a.reuse and os.path.exists(p)

        if "polsearch" in tools and kept(os.path.join(work, f"polsearch-{lang}")):
            idx["polsearch"] = os.path.join(work, f"polsearch-{lang}")
            active.append("polsearch")
        elif "polsearch" in tools:
            p = os.path.join(work, f"polsearch-{lang}")
            if a.threads1:
                rec_build("polsearch", 1, *build_polsearch(a.bin, corpus, p, 1))
            rec_build("polsearch", 2, *build_polsearch(a.bin, corpus, p, 2))
            idx["polsearch"] = p
            active.append("polsearch")
        if "rg" in tools:
            active.append("rg")
            # a warm scan, so the files are in the page cache as the indexes are
            run_once(["rg", "-c", "-F", "-e", "zzzzqqqq", *corpus.roots], False)
        if "sqlite" in tools:
            p = os.path.join(work, f"sqlite-{lang}.db")
            if not kept(p):
                rec_build("sqlite", 1, *build_sqlite(corpus, p, asv, lang))
            idx["sqlite"] = p
            active.append("sqlite")
        for tok in ("bigram", "mecab"):
            t = f"groonga-{tok}"
            if t in tools and not (tok == "mecab" and lang == "en"):
                p = os.path.join(work, f"{t}-{lang}")
                if not kept(os.path.join(p, "db")):
                    rec_build(t, 1, *build_groonga(corpus, p, gjson, tok))
                idx[t] = os.path.join(p, "db")
                active.append(t)

        def command(tool, q, flt, count=False):
            if tool == "polsearch":
                return q_polsearch(a.bin, idx[tool], q, flt, count)
            if tool == "rg":
                return q_rg(corpus, lang, q, flt, count)
            if tool == "sqlite":
                return q_sqlite(corpus, lang, idx[tool], q, flt, count)
            return q_groonga(corpus, idx[tool], q, flt, count)

        queries = read_queries(lang)
        for i, (cls, q, flt) in enumerate(queries):
            row = {"lang": lang, "class": cls, "query": q, "filters": flt, "hits": {}, "times": {}}
            for tool in active:
                cmd, shell = command(tool, q, flt, count=True)
                dt, out = run_once(cmd, shell)
                row["hits"][tool] = parse_hits(tool, out)
                cmd, shell = command(tool, q, flt)
                if tool != "polsearch":
                    warm = dt
                else:
                    warm, _ = run_once(cmd, shell)
                reps = a.reps if warm * a.reps <= a.budget else max(1, int(a.budget / max(warm, 1e-6)))
                row["times"][tool] = [run_once(cmd, shell)[0] for _ in range(reps)]
            results["queries"].append(row)
            log(f"  [{i + 1}/{len(queries)}] {cls:8} {q[:28]:28} " + " ".join(
                f"{t}={row['hits'][t]}/{1000 * statistics.median(row['times'][t]):.1f}ms" for t in active))

        # recall against grep, per file: for single-term and phrase queries without filters
        # (literal strings), every file ripgrep finds should hold a polsearch hit
        if "polsearch" in active and "rg" in active:
            for r in results["queries"]:
                if r["lang"] != lang or r["filters"] or len(parts(r["query"])) != 1:
                    continue
                if not r["hits"].get("rg") or r["hits"]["rg"] > 5000:
                    continue
                ps = parts(r["query"])[0]
                opts = ["-F"] + (["-i", "-w"] if lang == "en" else [])
                rg_files = set(run_once(["rg", "-l", *opts, "-e", ps, *corpus.roots], False)[1]
                               .decode("utf-8", errors="replace").split("\n")) - {""}
                out = run_once([a.bin, "search", r["query"], "--index", idx["polsearch"], "--jsonl",
                                "-n", "100000"], False)[1].decode("utf-8", errors="replace")
                ps_files = set()
                for line in out.splitlines():
                    try:
                        d = json.loads(line).get("document")
                    except ValueError:
                        continue
                    if d and d.get("path"):
                        ps_files.add(os.path.abspath(d["path"]))
                missed = sorted(os.path.abspath(f) for f in rg_files if os.path.abspath(f) not in ps_files)
                results["recall"].append({"lang": lang, "class": r["class"], "query": r["query"],
                                          "rg_files": len(rg_files), "missed": len(missed),
                                          "examples": [corpus.rel(m) for m in missed[:3]]})

        # peak RSS of one query per tool (a common term: the most postings)
        common = next((q for q in queries if q[0] == "common"), queries[0])
        for tool in active:
            cmd, shell = command(tool, common[1], common[2])
            if shell:
                dt, rss, _, _ = timed(cmd, shell=True)
            else:
                dt, rss, _, _ = timed(cmd)
            results["query_rss"].append({"lang": lang, "tool": tool, "query": common[1], "rss_mb": rss})

        # cold page cache: polsearch and ripgrep on the first rare queries
        rare = [q for q in queries if q[0] == "rare"][: a.cold]
        for tool in [t for t in ("polsearch", "rg") if t in active]:
            for cls, q, flt in rare:
                if not drop_caches():
                    break
                cmd, shell = command(tool, q, flt)
                dt, _ = run_once(cmd, shell)
                results["cold"].append({"lang": lang, "tool": tool, "query": q, "seconds": dt})

    if a.combined and "polsearch" in tools:
        roots = sorted({n for l in a.lang.split(",") for n in SETS[a.sets][l]})
        corpus = Corpus(a.data, roots)
        p = os.path.join(work, "polsearch-all")
        if not (a.reuse and os.path.exists(p)):
            dt, rss, size = build_polsearch(a.bin, corpus, p, 2)
            results["build"].append({"lang": "all", "tool": "polsearch", "threads": 2, "mb": corpus.bytes / 1e6,
                                     "seconds": dt, "cpu": LAST_CPU, "rss_mb": rss, "size_mb": size})
            log(f"  build combined {dt:.1f}s {corpus.bytes / 1e6 / dt:.1f} MB/s size {size:.1f} MB RSS {rss:.0f} MB")
        for lang in a.lang.split(","):
            for cls, q, flt in read_queries(lang):
                cmd, _ = q_polsearch(a.bin, p, q, flt, False)
                run_once(cmd, False)
                ts = [run_once(cmd, False)[0] for _ in range(a.reps)]
                results["combined"].append({"lang": lang, "class": cls, "query": q, "times": ts})
        for lang in a.lang.split(","):
            rare = [q for q in read_queries(lang) if q[0] == "rare"][: a.cold]
            for cls, q, flt in rare:
                if not drop_caches():
                    break
                cmd, _ = q_polsearch(a.bin, p, q, flt, False)
                dt, _ = run_once(cmd, False)
                results["cold"].append({"lang": "all", "tool": "polsearch", "query": q, "seconds": dt})

    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)
    text = report(results, tools)
    if a.out == "-":
        print(text)
    else:
        with open(a.out, "w") as f:
            f.write(text)
        log(f"wrote {a.out}")


def fmt_ms(x):
    if x is None:
        return "—"
    ms = 1000 * x
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def report(res, tools):
    out = []
    w = out.append
    w(f"### Index build ({res['sets']} sets)\n")
    w("| lang | tool | threads | input MB | build s | MB/s | time ÷ polsearch | CPU s | MB per CPU s | index MB | index % of input | peak RSS MB |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    base = {}
    for b in res["build"]:
        if b["tool"] == "polsearch" and b["threads"] == 2:
            base[b["lang"]] = b["seconds"]
    if not res["build"]:
        w("(indexes reused from an earlier run: no builds timed)")
    for b in res["build"]:
        ratio = b["seconds"] / base[b["lang"]] if b["lang"] in base else None
        w(f"| {b['lang']} | {b['tool']} | {b['threads']} | {b['mb']:.1f} | {b['seconds']:.1f} | "
          f"{b['mb'] / b['seconds']:.1f} | {'' if ratio is None else f'{ratio:.2f}×'} | {b.get('cpu', 0):.1f} | "
          f"{b['mb'] / b['cpu'] if b.get('cpu') else 0:.1f} | {b['size_mb']:.1f} | "
          f"{100 * b['size_mb'] / b['mb']:.0f}% | {b['rss_mb']:.0f} |")
    w("\nripgrep has no index: it scans the files for every query (its latency is below). CPU s is user + system "
      "time of the build (all threads); on a shared machine MB per CPU s is steadier than wall-clock MB/s.\n")

    for lang in sorted({r["lang"] for r in res["queries"]}):
        rows = [r for r in res["queries"] if r["lang"] == lang]
        act = [t for t in tools if t in rows[0]["times"]]
        classes = list(dict.fromkeys(r["class"] for r in rows))
        w(f"\n### Query latency, {lang}: whole process per query, warm page cache, ms p50 / p95 (× = p50 ÷ polsearch p50)\n")
        w("| class | n | " + " | ".join(act) + " |")
        w("|---|---|" + "---|" * len(act))
        for cls in classes + ["all"]:
            rs = [r for r in rows if cls == "all" or r["class"] == cls]
            cells = []
            p50s = {}
            for t in act:
                xs = [x for r in rs for x in r["times"].get(t, [])]
                p50s[t] = pct(xs, 50)
                cells.append((t, pct(xs, 50), pct(xs, 95)))
            txt = []
            for t, p50, p95 in cells:
                s = f"{fmt_ms(p50)} / {fmt_ms(p95)}"
                if t != "polsearch" and p50s.get("polsearch") and p50:
                    s += f" ({p50 / p50s['polsearch']:.1f}×)"
                txt.append(s)
            w(f"| {cls} | {len(rs)} | " + " | ".join(txt) + " |")
        w(f"\n### Hits per query, {lang} (polsearch: passages; the others: lines; `!` marks a count that differs from ripgrep's by more than a factor of 2 or is zero where ripgrep's is not)\n")
        w("| class | query | filters | " + " | ".join(act) + " |")
        w("|---|---|---|" + "---|" * len(act))
        for r in rows:
            ref = r["hits"].get("rg")
            cells = []
            for t in act:
                hv = r["hits"].get(t)
                mark = ""
                if ref is not None and hv is not None and t != "rg":
                    if (ref > 0 and hv == 0) or (ref > 0 and (hv > 2 * ref or 2 * hv < ref)):
                        mark = " !"
                cells.append(("—" if hv is None else str(hv)) + mark)
            q = r["query"].replace("|", "\\|")
            w(f"| {r['class']} | {q} | {r['filters']} | " + " | ".join(cells) + " |")
    if res["combined"]:
        w("\n### polsearch CLI on one index of every set together, warm, ms p50 / p95 / p99\n")
        w("| lang | class | n | p50 | p95 | p99 |")
        w("|---|---|---|---|---|---|")
        for lang in dict.fromkeys(r["lang"] for r in res["combined"]):
            rows = [r for r in res["combined"] if r["lang"] == lang]
            for cls in list(dict.fromkeys(r["class"] for r in rows)) + ["all"]:
                xs = [x for r in rows if cls == "all" or r["class"] == cls for x in r["times"]]
                w(f"| {lang} | {cls} | {len([r for r in rows if cls == 'all' or r['class'] == cls])} | "
                  f"{fmt_ms(pct(xs, 50))} | {fmt_ms(pct(xs, 95))} | {fmt_ms(pct(xs, 99))} |")
    if res["cold"]:
        w("\n### Cold page cache (caches dropped before each run), ms\n")
        w("| lang | tool | runs | p50 | max |")
        w("|---|---|---|---|---|")
        keys = list(dict.fromkeys((c["lang"], c["tool"]) for c in res["cold"]))
        for lang, tool in keys:
            xs = [c["seconds"] for c in res["cold"] if c["lang"] == lang and c["tool"] == tool]
            w(f"| {lang} | {tool} | {len(xs)} | {fmt_ms(pct(xs, 50))} | {fmt_ms(max(xs))} |")
    if res.get("recall"):
        w("\n### Recall against ripgrep, per file (single-term and phrase queries, no filter)\n")
        w("| lang | queries | files ripgrep finds | of them without a polsearch hit | queries with a miss | examples |")
        w("|---|---|---|---|---|---|")
        for lang in dict.fromkeys(r["lang"] for r in res["recall"]):
            rs = [r for r in res["recall"] if r["lang"] == lang]
            bad = [r for r in rs if r["missed"]]
            ex = "; ".join(f"{r['query']}: {', '.join(r['examples'])}" for r in bad[:4])
            w(f"| {lang} | {len(rs)} | {sum(r['rg_files'] for r in rs)} | {sum(r['missed'] for r in rs)} | "
              f"{len(bad)} | {ex} |")
    if res["query_rss"]:
        w("\n### Peak RSS of one query (a common term), MB\n")
        w("| lang | tool | query | peak RSS MB |")
        w("|---|---|---|---|")
        for r in res["query_rss"]:
            w(f"| {r['lang']} | {r['tool']} | {r['query']} | {r['rss_mb']:.0f} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
