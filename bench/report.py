#!/usr/bin/env python3
"""Writes the benchmark table: vanban's row beside the peers' rows.

    report.py --run RUN_DIR [--peers PEERS_OUT/summary.json] --out bench/results/synthN.md

RUN_DIR is written by bench/run.sh: meta.env (KEY=VALUE lines: archive,
binary, git revision, loads, settings), index.time and query.time (the
`/usr/bin/time -v` reports of the index build and of the query run),
index.json (the `vanban index --json` line), queries.json (the
`bench_queries --json` line). The peers' summary.json is the one `bench.py`
writes. Stdlib only.
"""
import argparse
import json
import os
import re


def parse_time_v(text):
    """Wall, user+sys CPU (s) and peak RSS (MB) from GNU time -v output."""
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    if m:
        out["wall_s"] = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    u = re.search(r"User time \(seconds\): ([\d.]+)", text)
    s = re.search(r"System time \(seconds\): ([\d.]+)", text)
    if u and s:
        out["cpu_s"] = float(u.group(1)) + float(s.group(1))
    r = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if r:
        out["rss_mb"] = int(r.group(1)) * 1024 / 1e6
    return out


def load_run(d):
    def read(name):
        with open(os.path.join(d, name), encoding="utf-8") as f:
            return f.read()
    v = {}
    for line in read("meta.env").splitlines():
        if "=" in line:
            k, val = line.split("=", 1)
            v[k.strip().lower()] = val.strip()
    for k in ("n", "seed", "docs", "bytes", "limit", "warmup", "repeat", "memory_mb", "index_bytes"):
        v[k] = int(v[k])
    if v.get("index_parts"):
        v["index_parts"] = int(v["index_parts"])
    for k in ("load_index", "load_query"):
        v[k] = float(v[k])
    v["git_dirty"] = v.get("git_dirty") not in (None, "", "0")
    v["index_time"] = read("index.time")
    try:
        v["anon_mb"] = int(read("index.anon_kb").strip()) * 1024 / 1e6
    except (OSError, ValueError):
        v["anon_mb"] = None
    v["query_time"] = read("query.time")
    v["index_json"] = json.loads(read("index.json").strip().splitlines()[-1])
    v["queries"] = json.loads(read("queries.json").strip().splitlines()[-1])
    return v


def fmt(x, f="%.1f"):
    return "-" if x is None else f % x


def row_md(r):
    bs = fmt(r.get("build_s"))
    if r.get("prep_s"):
        bs += " (+%.1f json)" % r["prep_s"]
    return "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        r["peer"], r.get("threads", "-"), bs, fmt(r.get("build_cpu_s")), fmt(r.get("docs_per_s"), "%.0f"),
        fmt(r.get("mb_per_s")), fmt(r.get("index_mb")), fmt(r.get("build_rss_mb"), "%.0f"),
        fmt(r.get("p50_ms"), "%.2f"), fmt(r.get("p95_ms"), "%.2f"), fmt(r.get("mean_ms"), "%.2f"),
        fmt(r.get("query_rss_mb"), "%.0f"), r.get("zero_hit_queries", "-"),
        fmt(r.get("loadavg_before"), "%.1f") + ("/" + fmt(r.get("query_load"), "%.1f") if r.get("query_load") is not None else ""))


def vanban_row(v):
    build = parse_time_v(v["index_time"])
    query = parse_time_v(v["query_time"])
    q = v["queries"]
    row = {"peer": "**vanban**", "threads": v.get("threads"),
           "build_s": build.get("wall_s"), "build_cpu_s": build.get("cpu_s"),
           "build_rss_mb": build.get("rss_mb"), "index_mb": v["index_bytes"] / 1e6,
           "p50_ms": q["p50_ms"], "p95_ms": q["p95_ms"], "mean_ms": q["mean_ms"],
           "query_rss_mb": query.get("rss_mb"), "zero_hit_queries": q["zero_hit_queries"],
           "loadavg_before": v.get("load_index"), "query_load": v.get("load_query")}
    if row["build_s"]:
        row["docs_per_s"] = v["docs"] / row["build_s"]
        row["mb_per_s"] = v["bytes"] / 1e6 / row["build_s"]
    return row


def write_hits(peers_hits, v, out):
    """The peers' hit-count table with vanban's total per query added first."""
    totals = {q["query"]: q["total"] for q in v["queries"]["per_query"]}
    lines = []
    if os.path.exists(peers_hits):
        with open(peers_hits, encoding="utf-8") as f:
            lines = f.read().splitlines()
    else:
        lines = ["# Exact hit counts per query", "", "| query |", "|---|"] + \
            ["| %s |" % q["query"].replace("|", "\\|") for q in v["queries"]["per_query"]]
    md = []
    for line in lines:
        if line.startswith("| query |"):
            line = "| query | vanban |" + line[len("| query |"):]
        elif line.startswith("|---|"):
            line = "|---|---|" + line[len("|---|"):]
        elif line.startswith("| "):
            cells = line[:-2].split(" | ") if line.endswith(" |") else line.split(" | ")
            q = cells[0][2:].replace("\\|", "|")
            line = " | ".join([cells[0], str(totals.get(q, ""))] + cells[1:]) + " |"
        md.append(line)
    md.append("")
    md.append("vanban: matching documents (`total`) under its own query semantics "
              "(all of up to 3 words, 3 of 4 beyond); peers: mode %s." % v["mode"])
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--peers")
    ap.add_argument("--out", required=True)
    ap.add_argument("--hits-out", help="write the peers' hits.md with a vanban column here")
    args = ap.parse_args()
    v = load_run(args.run)
    peers = []
    if args.peers and os.path.exists(args.peers):
        with open(args.peers, encoding="utf-8") as f:
            peers = json.load(f)
    vr = vanban_row(v)
    ok = [p for p in peers if not p.get("skipped") and not p.get("failed")]
    indexed = [p for p in ok if p.get("mb_per_s")]
    fastest = max(indexed, key=lambda p: p["mb_per_s"]) if indexed else None

    md = ["# vanban beside the peers: synthetic archive of %d documents" % v["docs"], "",
          "Archive: `%s` (`bench/synth/make_archive.py -n %d --seed %d`): %d documents, %.1f MB. "
          "Queries: `%s` (%d queries), top-%d; peers in mode **%s**, %d warm-up + %d timed passes; "
          "vanban the same passes through `vanban::search::search` (snippets included)." % (
              v["archive"], v["n"], v["seed"], v["docs"], v["bytes"] / 1e6, v["queries_file"],
              v["queries"]["queries"], v["limit"], v["mode"], v["warmup"], v["repeat"]), "",
          "vanban: `%s` (git %s%s), `index --rebuild --memory %d` with %s writer threads; measured %s." % (
              v["binary"], v["git_rev"][:10], " + uncommitted changes" if v.get("git_dirty") else "",
              v["memory_mb"], v.get("threads") or "default", v["date"]), "",
          ] + (["**%s**" % v["note"], ""] if v.get("note") else []) + [
          "| engine | thr | build s | build CPU s | docs/s | MB/s | index MB | build RSS MB | p50 ms | p95 ms | mean ms | query RSS MB | 0-hit q | load |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
          row_md(vr)]
    for p in peers:
        if p.get("skipped") or p.get("failed"):
            md.append("| %s | | %s | | | | | | | | | | | |" % (
                p["peer"], "skipped" if p.get("skipped") else "FAILED (%s)" % p["failed"]))
        else:
            md.append(row_md(p))
    md.append("")
    notes = []
    ref = next((p for p in ok if p["peer"] == "tantivy-fold-t2"), None)
    if fastest and vr.get("mb_per_s"):
        notes.append("Indexing, wall clock: vanban %.1f MB/s = %.2fx the fastest peer of this run (%s, %.1f MB/s); "
                     "target >= 1x." % (vr["mb_per_s"], vr["mb_per_s"] / fastest["mb_per_s"], fastest["peer"],
                                        fastest["mb_per_s"]))
    if ref and vr.get("build_cpu_s") and ref.get("build_cpu_s"):
        mb = v["bytes"] / 1e6
        notes.append("Indexing, CPU (steadier under load): vanban %.1f MB per CPU-second, tantivy-fold-t2 %.1f: "
                     "vanban spends %.1fx the CPU of bare Tantivy with ASCII folding." % (
                         mb / vr["build_cpu_s"], mb / ref["build_cpu_s"], vr["build_cpu_s"] / ref["build_cpu_s"]))
    ij = v["index_json"]
    notes.append("vanban indexed %s documents (%s failed, %s skipped)." % (
        ij.get("added", ij.get("indexed", "?")), ij.get("failed", "?"), ij.get("skipped", "?")))
    parts = " in %s segments (searched side by side)" % v["index_parts"] if v.get("index_parts") else ""
    notes.append("Query latency: vanban p95 %.2f ms (target < 5 ms at 200k documents); "
                 "index %.1f MB%s; build peak RSS %.0f MB with --memory %d." % (
                     vr["p95_ms"], vr["index_mb"], parts, vr.get("build_rss_mb") or float("nan"),
                     v["memory_mb"]))
    if v.get("anon_mb"):
        notes.append("Memory: peak anonymous memory of `vanban index` %.0f MB with --memory %d (sampled every 0.1 s "
                     "from /proc: writer buffers and files being read); peak RSS also counts index files mapped "
                     "while segments merge." % (v["anon_mb"], v["memory_mb"]))
    loads = [x for x in [vr.get("loadavg_before"), vr.get("query_load")] +
             [p.get("loadavg_before") for p in ok] if x is not None]
    if loads and max(loads) > 1.5:
        notes.append("**Load was high** during part of this run (1-min load average up to %.1f on 2 cores, "
                     "other work on the machine): wall-clock figures are pessimistic there; compare "
                     "`build CPU s` and rerun for firm ratios." % max(loads))
    md += ["Notes:", ""] + ["- " + n for n in notes] + [
        "- vanban build s = wall clock of `vanban index` (process start to exit: walk, read, decode, "
        "header/number/date/citation parsing, exact and folded analysis, commit); build CPU s = user+sys; "
        "RSS = peak resident set (`/usr/bin/time -v`). index MB = total file size of the index directory.",
        "- vanban latency = `search()` end to end in `examples/bench_queries.rs` (query parsing, reader, "
        "ranking with exact-form boost, phrase/near and title clauses, top-k stored text and snippet); "
        "its query semantics are vanban's own (all of up to 3 words, 3 of 4 for longer queries, plus "
        "phrase boosts), not the peers' plain AND, so hit counts differ.",
        "- load = 1-min load average when the engine started (for vanban: index / query). Peers' columns are "
        "as `bench.py` reports them (see its README).", ""]
    md += ["Command: `%s`" % v["command"], ""]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    if args.hits_out and args.peers:
        write_hits(os.path.join(os.path.dirname(args.peers), "hits.md"), v, args.hits_out)
    print("\n".join(md))


if __name__ == "__main__":
    main()
