#!/usr/bin/env python3
"""Search quality on OCR'd documents: vanban before and after OCR repair, beside the peers.

    python3 bench/ocr/eval_search.py --after BIN [--before BIN] [--peers a,b,...]
                                     [--work DIR] [--out FILE]

The parallel corpus (tests/fixtures/ocr/corpus, made by make_corpus.sh) holds
80 documents three times: clean/<id>.txt (the text), eng/<id>.txt (Tesseract
-l eng on the rendered page: the seeds' kind of damage) and vie/<id>.txt
(Tesseract -l vie), with queries.jsonl: each document's title and a few body
phrases, with and without diacritics, the truth being that document.

Four indexes are built, each with ~300 distractors: other clean documents of
shared/data (congbao-8chude, laocai-skill-sct) that are not among the 80,
chosen by a hash of their name, cut to their first ~8 KB (about one page, as
the 80 are):

  A  eng/ of the 80 + distractors                  truth = eng/<id>
  B  vie/ of the 80 + distractors                  truth = vie/<id>
  C  clean/ + eng/ of the 80 + distractors         truth = clean/<id>; also how
     often another document (not clean/<id> nor eng/<id>) ranks above it
  D  clean/ of the 80 + distractors                truth = clean/<id>
  E  eng/ of the 80 alone                          truth = eng/<id>; a control
     for A: the same ranking without clean distractors to outrank

Each engine answers every query top 10; recall@10 = share of queries whose
truth is in the top 10, MRR = mean of 1/rank of the truth (0 beyond 10).
vanban runs one process per query (`search --json --limit 10`); the peers
run through ../shared/peers/bench.py in --mode or and --mode and.

Writes bench/results/ocr-search.md (or --out) and prints it.
"""
import argparse
import collections
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(MAIN), "shared")
PEERS_HOME = os.environ.get("PEERS_HOME", os.path.join(os.path.expanduser("~"), ".cache", "vanban-peers"))
DISTRACTOR_COLLECTIONS = ["congbao-8chude", "laocai-skill-sct"]
DATASETS = {
    "A": "eng/ of the 80 + distractors (truth eng/)",
    "B": "vie/ of the 80 + distractors (truth vie/)",
    "C": "clean/ + eng/ of the 80 + distractors (truth clean/)",
    "D": "clean/ of the 80 + distractors (truth clean/)",
    "E": "eng/ of the 80 alone, no distractors (truth eng/)",
}
TRUTH_DIR = {"A": "eng", "B": "vie", "C": "clean", "D": "clean", "E": "eng"}
K = 10


def log(msg):
    load = open("/proc/loadavg").read().split()[0]
    print(f"[ocr-search {time.strftime('%H:%M:%S')} load {load}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# corpus


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def head_text(path, limit):
    """The first `limit` bytes of a UTF-8 file, cut at the last line break."""
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        data = data[:limit]
        cut = data.rfind(b"\n")
        if cut > limit // 2:
            data = data[: cut + 1]
    return data.decode("utf-8", "ignore")


def choose_distractors(data_dir, exclude_ids, n):
    cands = []
    for coll in DISTRACTOR_COLLECTIONS:
        d = os.path.join(data_dir, coll, "docs")
        for name in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(name)
            if ext != ".txt" or stem in exclude_ids:
                continue
            if os.path.getsize(os.path.join(d, name)) < 500:
                continue
            key = hashlib.sha1(f"ocr-search distractor {coll}/{name}".encode()).hexdigest()
            cands.append((key, coll, name))
    cands.sort()
    return [(coll, name) for _, coll, name in cands[:n]]


def write_datasets(corpus, data_dir, work, n_distr, distr_bytes):
    docs = load_jsonl(os.path.join(corpus, "docs.jsonl"))
    ids = [d["id"] for d in docs]
    distr = choose_distractors(data_dir, set(ids), n_distr)
    root = os.path.join(work, "datasets")
    if os.path.isdir(root):
        shutil.rmtree(root)
    layout = {"A": ["eng"], "B": ["vie"], "C": ["clean", "eng"], "D": ["clean"], "E": ["eng"]}
    for ds, parts in layout.items():
        base = os.path.join(root, ds)
        for part in parts:
            os.makedirs(os.path.join(base, part))
            for i in ids:
                shutil.copyfile(os.path.join(corpus, part, i + ".txt"), os.path.join(base, part, i + ".txt"))
        if ds == "E":
            continue
        os.makedirs(os.path.join(base, "distractors"))
        for coll, name in distr:
            text = head_text(os.path.join(data_dir, coll, "docs", name), distr_bytes)
            with open(os.path.join(base, "distractors", f"{coll}__{name}"), "w", encoding="utf-8") as f:
                f.write(text)
    sizes = {}
    for part in ("clean", "eng", "vie"):
        sizes[part] = sum(os.path.getsize(os.path.join(corpus, part, i + ".txt")) for i in ids)
    dsize = sum(os.path.getsize(os.path.join(root, "A", "distractors", f)) for f in os.listdir(os.path.join(root, "A", "distractors")))
    return docs, distr, sizes, dsize


# --------------------------------------------------------------------------
# engines: each gives {query string: [relative doc path, ... top 10]}


def rel_to(path, base):
    """A hit's path (absolute, or relative to `base`, where vanban runs) relative to `base`."""
    return os.path.relpath(os.path.realpath(os.path.join(base, path)), os.path.realpath(base))


def run_vanban(binary, docs_dir, index_dir, queries, cache):
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            return json.load(f)
    if os.path.isdir(index_dir):
        shutil.rmtree(index_dir)
    t = time.time()
    r = subprocess.run([binary, "--index", index_dir, "index", "--threads", "1", "."], cwd=docs_dir,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 3):
        raise SystemExit(f"{binary} index failed ({r.returncode}): {r.stderr[-2000:]}")
    log(f"  indexed {docs_dir} in {time.time() - t:.1f}s")
    out = {}
    t = time.time()
    for q in queries:
        r = subprocess.run([binary, "--index", index_dir, "search", "--json", "--limit", str(K), "--", q],
                           cwd=docs_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        hits = []
        if r.stdout.strip():
            try:
                hits = json.loads(r.stdout).get("hits", [])
            except json.JSONDecodeError:
                hits = []
        if r.returncode not in (0, 1):
            log(f"  search failed ({r.returncode}) for {q!r}: {r.stderr.strip()[:200]}")
        out[q] = [rel_to(h["path"], docs_dir) for h in hits[:K]]
    log(f"  {len(queries)} queries in {time.time() - t:.1f}s")
    with open(cache, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    shutil.rmtree(index_dir, ignore_errors=True)
    return out


def file_digest(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


def peers_available(python, bench, wanted):
    r = subprocess.run([python, bench, "--list"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ok = set()
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1] == "ok":
            ok.add(parts[0])
    return [p for p in wanted if p in ok], [p for p in wanted if p not in ok]


def run_peers(python, bench, peers, mode, docs_dir, queries_file, out_dir, queries):
    res_file = os.path.join(out_dir, "results.jsonl")
    if not os.path.exists(res_file):
        os.makedirs(out_dir, exist_ok=True)
        cmd = [python, bench, "--docs", docs_dir, "--queries", queries_file, "--out", out_dir,
               "--mode", mode, "--k", str(K), "--warmup", "0", "--repeat", "1", "--peers", ",".join(peers),
               "--work", os.path.join(out_dir, "work")]
        t = time.time()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            raise SystemExit(f"bench.py failed: {r.stdout[-3000:]}")
        log(f"  peers {mode} on {docs_dir} in {time.time() - t:.1f}s")
    out = {p: {q: [] for q in queries} for p in peers}
    for row in load_jsonl(res_file):
        if row["peer"] in out and row["doc_path"] and row["rank"] <= K:
            out[row["peer"]].setdefault(row["query"], []).append((row["rank"], row["doc_path"]))
    for p in out:
        for q, lst in out[p].items():
            out[p][q] = [path for _, path in sorted(lst)]
    return out


# --------------------------------------------------------------------------
# metrics

GROUPS = [("title", True), ("title", False), ("phrase", True), ("phrase", False)]


def group_name(kind, diac):
    return f"{kind} {'+dấu' if diac else 'no dấu'}"


def truth_rank(ranked, truth):
    try:
        return ranked.index(truth) + 1
    except ValueError:
        return None


def scores(results, queries, ds):
    """{group: (recall@10, MRR, n)} for one engine on one dataset, plus an 'all' group."""
    acc = collections.defaultdict(list)
    for q in queries:
        truth = f"{TRUTH_DIR[ds]}/{q['truth']}.txt"
        r = truth_rank(results.get(q["query"], []), truth)
        for g in ((q["kind"], q["diacritics"]), "all"):
            acc[g].append(r)
    out = {}
    for g, ranks in acc.items():
        n = len(ranks)
        out[g] = (sum(1 for r in ranks if r) / n, sum(1 / r for r in ranks if r) / n, n)
    return out


def cost_c(results, queries):
    """For dataset C: share of queries where another document ranks above clean/<truth>.

    other = any document but clean/<truth> and eng/<truth>; ocr_other = the part of
    those that are eng/ versions of other documents; twin = eng/<truth> above
    clean/<truth>. A truth beyond the top 10 under any other hit counts as outranked."""
    n = len(queries)
    other = ocr_other = twin = 0
    for q in queries:
        ranked = results.get(q["query"], [])
        clean, eng = f"clean/{q['truth']}.txt", f"eng/{q['truth']}.txt"
        r = truth_rank(ranked, clean)
        above = ranked[: r - 1] if r else ranked
        others = [p for p in above if p not in (clean, eng)]
        if others:
            other += 1
        if any(p.startswith("eng/") for p in others):
            ocr_other += 1
        if eng in above:
            twin += 1
    return other / n, ocr_other / n, twin / n


# --------------------------------------------------------------------------
# report


def fmt(x):
    return f"{x:.3f}"


def table(rows, queries_by_group_n):
    head = "| engine | " + " | ".join(f"{group_name(*g)} R@10 | MRR" for g in GROUPS) + " | all R@10 | MRR |"
    sep = "|---|" + "---:|---:|" * (len(GROUPS) + 1)
    lines = [head, sep]
    for name, sc in rows:
        cells = []
        for g in GROUPS + ["all"]:
            rec, mrr, _ = sc[g]
            cells += [fmt(rec), fmt(mrr)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Queries: " + ", ".join(f"{group_name(*g)} {queries_by_group_n[g]}" for g in GROUPS) + ".")
    return "\n".join(lines)


def short(path):
    return path.replace("distractors/", "distr/")[:70]


def diagnostics(results, queries, after_label, before_label, failures_file):
    """Markdown: the title queries vanban misses on A, those it lost on C, and the
    non-OCR documents that climbed most into vanban's top 3 on D."""
    md = []
    after = {ds: dict(rows).get(after_label) for ds, rows in results.items()}
    before = {ds: dict(rows).get(before_label) for ds, rows in results.items()}
    lost_rows = []
    if after.get("A") is not None:
        fails = []
        for q in queries:
            truth = f"eng/{q['truth']}.txt"
            if q["kind"] == "title" and truth_rank(after["A"].get(q["query"], []), truth) is None:
                fails.append(q)
        md.append(f"## Title queries {after_label} misses on A (-l eng): {len(fails)}")
        md.append("")
        md.append("| query | truth | top 3 instead |")
        md.append("|---|---|---|")
        for q in fails[:20]:
            top = after["A"].get(q["query"], [])[:3]
            md.append(f"| {q['query'][:90]} | {q['truth']} | {'<br>'.join(map(short, top)) or '(nothing)'} |")
        md.append("")
        if failures_file:
            with open(failures_file, "w", encoding="utf-8") as f:
                for q in fails:
                    f.write(json.dumps({**q, "top": after["A"].get(q["query"], [])}, ensure_ascii=False) + "\n")
    if after.get("C") is not None and before.get("C") is not None:
        for q in queries:
            truth = f"clean/{q['truth']}.txt"
            rb = truth_rank(before["C"].get(q["query"], []), truth)
            ra = truth_rank(after["C"].get(q["query"], []), truth)
            if rb and not ra:
                lost_rows.append(q)
        kinds = collections.Counter(group_name(q["kind"], q["diacritics"]) for q in lost_rows)
        md.append(f"## Queries whose clean truth {before_label} had in the top 10 on C and {after_label}"
                  f" has not: {len(lost_rows)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
        md.append("")
        md.append("| query | truth | top 3 now |")
        md.append("|---|---|---|")
        for q in [q for q in lost_rows if q["kind"] == "title"][:12]:
            top = after["C"].get(q["query"], [])[:3]
            md.append(f"| {q['query'][:90]} | {q['truth']} | {'<br>'.join(map(short, top))} |")
        md.append("")
    if after.get("D") is not None and before.get("D") is not None:
        ca, cb = collections.Counter(), collections.Counter()
        for q in set(q["query"] for q in queries):
            ca.update(after["D"].get(q, [])[:3])
            cb.update(before["D"].get(q, [])[:3])
        climb = sorted(((ca[p] - cb[p], p) for p in ca), reverse=True)[:6]
        md.append(f"## D: documents that climbed most into vanban's top 3 (distinct queries, before → after)")
        md.append("")
        md.append("| document | before | after |")
        md.append("|---|---:|---:|")
        for d, p in climb:
            md.append(f"| {short(p)} | {cb[p]} | {ca[p]} |")
        md.append("")
    return md


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(MAIN, "tests", "fixtures", "ocr", "corpus"))
    ap.add_argument("--data", default=os.path.join(SHARED, "data"))
    ap.add_argument("--work", default="/tmp/vanban-ocr-search")
    ap.add_argument("--after", required=True, help="vanban binary with OCR repair (the current tree)")
    ap.add_argument("--after-label", default="vanban (after)")
    ap.add_argument("--after-tree", help="what the after binary was built from (commit), for the report")
    ap.add_argument("--before", help="vanban binary before OCR repair (commit 0ee657e); left out if absent")
    ap.add_argument("--before-label", default="vanban 0ee657e (before)")
    ap.add_argument("--peers", default="sqlite-fts5-dfold,tantivy-fold-t1,lucene-fold-t1,xapian-fold,ripgrep-t1",
                    help="comma list for bench.py, or '' for none")
    ap.add_argument("--modes", default="or,and")
    ap.add_argument("--peers-python", default=os.path.join(PEERS_HOME, "venv", "bin", "python"))
    ap.add_argument("--bench", default=os.path.join(SHARED, "peers", "bench.py"))
    ap.add_argument("--distractors", type=int, default=300)
    ap.add_argument("--distractor-bytes", type=int, default=8192)
    ap.add_argument("--datasets", default="A,B,C,D,E")
    ap.add_argument("--out", default=os.path.join(MAIN, "bench", "results", "ocr-search.md"))
    ap.add_argument("--reuse", action="store_true",
                    help="reuse rankings of an earlier run in --work (same binaries, same peers)")
    ap.add_argument("--failures", default=None, help="also write every failing title query here (JSONL)")
    args = ap.parse_args()

    work = os.path.abspath(args.work)
    args.after = os.path.abspath(args.after)
    if args.before:
        args.before = os.path.abspath(args.before)
    os.makedirs(work, exist_ok=True)
    runs = os.path.join(work, "runs")
    if os.path.isdir(runs) and not args.reuse:
        shutil.rmtree(runs)
    os.makedirs(runs, exist_ok=True)
    load_start = open("/proc/loadavg").read().split()[:3]
    started = time.time()

    log("writing datasets")
    docs, distr, sizes, dsize = write_datasets(args.corpus, args.data, work, args.distractors, args.distractor_bytes)
    queries = load_jsonl(os.path.join(args.corpus, "queries.jsonl"))
    qstrings = sorted({q["query"] for q in queries})
    qfile = os.path.join(work, "queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("".join(s + "\n" for s in qstrings))
    group_n = collections.Counter((q["kind"], q["diacritics"]) for q in queries)

    engines = []  # (label, kind, arg)
    if args.before:
        if os.access(args.before, os.X_OK):
            engines.append((args.before_label, "vanban", args.before))
        else:
            log(f"no before binary at {args.before}: left out")
    engines.append((args.after_label, "vanban", args.after))

    peers, missing = [], []
    wanted = [p for p in args.peers.split(",") if p]
    if wanted:
        if os.access(args.peers_python, os.X_OK) and os.path.exists(args.bench):
            peers, missing = peers_available(args.peers_python, args.bench, wanted)
        else:
            missing = wanted
        if missing:
            log(f"peers not installed, left out: {', '.join(missing)}")
    modes = [m for m in args.modes.split(",") if m]

    results = {}  # ds -> [(label, {query: ranked})]
    for ds in args.datasets.split(","):
        ddir = os.path.join(work, "datasets", ds)
        rows = []
        for label, kind, binary in engines:
            log(f"{ds}: {label}")
            cache = os.path.join(runs, f"{ds}-vanban-{file_digest(binary)}.json")
            rows.append((label, run_vanban(binary, ddir, os.path.join(work, "index"), qstrings, cache)))
        for mode in modes if peers else []:
            log(f"{ds}: peers --mode {mode}")
            pres = run_peers(args.peers_python, args.bench, peers, mode, ddir, qfile,
                             os.path.join(runs, f"peers-{ds}-{mode}-{hashlib.sha1(','.join(peers).encode()).hexdigest()[:8]}"), qstrings)
            for p in peers:
                if p.startswith("ripgrep") and mode != modes[0]:
                    continue  # ripgrep ignores --mode (always a phrase within a line)
                name = f"{p} (phrase in a line)" if p.startswith("ripgrep") else f"{p} {mode.upper()}"
                rows.append((name, pres[p]))
        results[ds] = rows

    # ---- report
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load_end = open("/proc/loadavg").read().split()[:3]
    n_distr_coll = collections.Counter(c for c, _ in distr)
    md = []
    md.append("# vanban on OCR'd documents: search quality (issue 6)")
    md.append("")
    md.append(f"Measured {datetime.date.today().isoformat()} by `bench/ocr/eval.sh` on {platform.node() or 'this machine'}"
              f" ({os.cpu_count()} cores{', ' + cpu if cpu else ''}); load average "
              f"{' '.join(load_start)} at the start, {' '.join(load_end)} at the end; "
              f"{(time.time() - started) / 60:.1f} min"
              + (" (rankings of an earlier run reused where the binaries were the same)." if args.reuse else "."))
    md.append("")
    md.append(f"vanban (now) = `{os.path.basename(args.after)}`"
              + (f", built from {args.after_tree}" if args.after_tree else "")
              + (f"; before = {args.before_label}." if any(e[0] == args.before_label for e in engines) else "."))
    md.append("")
    md.append("## Corpus")
    md.append("")
    coll = collections.Counter(d["collection"] for d in docs)
    md.append(f"- {len(docs)} documents of `../shared/data` ({', '.join(f'{v} {k}' for k, v in sorted(coll.items()))}),"
              " first page each, rendered at 300 dpi with light scan noise and read back by Tesseract"
              " (`tests/fixtures/ocr/corpus`, made by `bench/ocr/make_corpus.sh`):"
              f" clean/ {sizes['clean'] / 1024:.0f} KB, eng/ (`-l eng`, the seeds' kind of damage)"
              f" {sizes['eng'] / 1024:.0f} KB, vie/ (`-l vie`) {sizes['vie'] / 1024:.0f} KB.")
    md.append(f"- {len(distr)} distractors: other clean documents of "
              + ", ".join(f"{k} ({v})" for k, v in sorted(n_distr_coll.items()))
              + f", not among the {len(docs)}, chosen by a SHA-1 of their name, cut to their first"
              f" {args.distractor_bytes // 1024} KB at a line break ({dsize / 1024:.0f} KB in all).")
    md.append(f"- {len(queries)} queries ({len(qstrings)} distinct): each document's title (trích yếu, at most"
              " 30 words) and 3 body phrases of 4-7 words, each with and without diacritics, written"
              " from the clean text; the truth is the document they came from. Some phrases are"
              " generic (\"Theo đề nghị của\", \"lập - Tự do - Hạnh\") and three documents share one title,"
              " so 1.0 is out of reach for phrases.")
    md.append("- Indexes (one per table): " + "; ".join(f"**{k}** {v}" for k, v in DATASETS.items()
                                                      if k in args.datasets.split(",")) + ".")
    md.append(f"- recall@10 = share of queries whose truth is in the top {K}; MRR = mean 1/rank of the truth"
              f" (0 beyond {K}). vanban: `search --json --limit {K}` (its own semantics: most query words"
              " required), one process a query, `index --threads 1`. Peers: `../shared/peers/bench.py`"
              " `--mode or` (any word, BM25) and `--mode and` (every word); ripgrep always matches the"
              " words as a phrase within one line (so it cannot find a title broken over lines).")
    if missing:
        md.append(f"- Peers not installed here, left out: {', '.join(missing)}.")
    if args.before and not any(e[0] == args.before_label for e in engines):
        md.append("- vanban before OCR repair: not built (no git worktree), left out.")
    md.append("")

    titles = {"A": "A. OCR'd documents, Tesseract -l eng", "B": "B. OCR'd documents, Tesseract -l vie",
              "C": "C. Cost on clean documents: clean + their -l eng twins + distractors",
              "D": "D. No loss on clean documents: clean + distractors",
              "E": "E. Control for A: -l eng texts alone"}
    for ds, rows in results.items():
        md.append(f"## {titles[ds]}")
        md.append("")
        md.append(f"Index: {DATASETS[ds]}.")
        md.append("")
        md.append(table([(name, scores(res, queries, ds)) for name, res in rows], group_n))
        md.append("")
        if ds == "C":
            md.append("Share of all queries where something ranks above clean/<truth> (or the truth is"
                      " not in the top 10 while other documents are): **other** = any document except"
                      " the truth's clean and eng versions; **other OCR** = the part of those where an"
                      " eng/ text of another document is above; **twin** = the truth's own eng/ text"
                      " above its clean text (harmless).")
            md.append("")
            md.append("| engine | other above | other OCR above | twin above |")
            md.append("|---|---:|---:|---:|")
            for name, res in rows:
                o, oo, tw = cost_c(res, queries)
                md.append(f"| {name} | {fmt(o)} | {fmt(oo)} | {fmt(tw)} |")
            md.append("")

    md += diagnostics(results, queries, args.after_label, args.before_label, args.failures)

    text = "\n".join(md)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    # all rankings, for inspection
    with open(os.path.join(work, "rankings.json"), "w", encoding="utf-8") as f:
        json.dump({ds: {name: res for name, res in rows} for ds, rows in results.items()}, f, ensure_ascii=False)
    log(f"wrote {args.out} and {os.path.join(work, 'rankings.json')}")


if __name__ == "__main__":
    main()
