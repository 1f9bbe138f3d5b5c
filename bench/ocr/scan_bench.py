#!/usr/bin/env python3
"""Scanned PDFs read by `vanban index --ocr`: speed, cache, and what a search finds.

Takes the page images of the OCR corpus (make_corpus.sh --keep-images: the
first page(s) of 80 real documents rendered at 300 dpi with scan noise),
wraps each document's pages into a PDF with no text layer, as a scanner
does (img2pdf, Debian), and measures:

- `vanban index --ocr` over those PDFs from an empty cache: seconds, pages
  a second, CPU seconds (the machine's cores, one Tesseract each);
- the same run again with `--rebuild`, every page read from the cache;
- recall@10 and MRR of the corpus's queries (each document's title and
  phrases of its body, with and without diacritics) on that index, beside
  indexes of the corpus's `vie/` texts (Tesseract -l vie run directly on
  the page images) and `clean/` texts (the truth).

    bench/ocr/make_corpus.sh --out /tmp/scanbench/corpus --keep-images
    python3 bench/ocr/scan_bench.py --corpus /tmp/scanbench/corpus \
        --vanban target/release/vanban [--out bench/results/scans.md]
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

K = 10


def make_scans(corpus, scans):
    """One image-only PDF per document, its pages in order."""
    scans.mkdir(parents=True, exist_ok=True)
    pages = 0
    for line in open(corpus / "docs.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        images = [corpus / "img" / f"{doc['id']}.{i + 1}.png" for i in range(doc["pages"])]
        out = scans / f"{doc['id']}.pdf"
        if not out.exists():
            subprocess.run(["img2pdf", "--nodate", "--pagesize", "A4", "-o", str(out)] + [str(p) for p in images], check=True)
        pages += len(images)
    return pages


def index(vanban, index_dir, docs, extra):
    """Runs `vanban index`, returns (summary, wall seconds, CPU seconds of its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    r = subprocess.run([vanban, "--index", str(index_dir), "index", "--json"] + extra + [str(docs)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 3):
        sys.exit(f"vanban index failed ({r.returncode}): {r.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(r.stdout), wall, cpu


def evaluate(vanban, index_dir, docs, queries):
    """recall@K and MRR of the queries, by kind and diacritics."""
    rows = {}
    for q in queries:
        r = subprocess.run([vanban, "--index", str(index_dir), "search", "--json", "--limit", str(K), "--", q["query"]],
                           cwd=docs, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        hits = json.loads(r.stdout)["hits"] if r.stdout.strip() else []
        ids = [Path(h["path"]).stem for h in hits]
        rank = ids.index(q["truth"]) + 1 if q["truth"] in ids else None
        key = (q["kind"], "with" if q["diacritics"] else "without")
        for k in (key, ("all", "")):
            n, found, rr = rows.get(k, (0, 0, 0.0))
            rows[k] = (n + 1, found + (rank is not None), rr + (1 / rank if rank else 0))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--vanban", required=True)
    ap.add_argument("--work", default="/tmp/scanbench/work", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    work = args.work
    args.vanban = os.path.abspath(args.vanban)
    shutil.rmtree(work / "idx-scans", ignore_errors=True)
    pages = make_scans(args.corpus, work / "scans")
    docs = sum(1 for _ in open(args.corpus / "docs.jsonl", encoding="utf-8"))
    cores = os.cpu_count()

    cold, cold_s, cold_cpu = index(args.vanban, work / "idx-scans", work / "scans", ["--ocr"])
    print(f"empty cache: {cold_s:.1f} s, {cold_cpu:.1f} CPU s: {cold}", file=sys.stderr)
    warm, warm_s, warm_cpu = index(args.vanban, work / "idx-scans", work / "scans", ["--ocr", "--rebuild"])
    print(f"--rebuild: {warm_s:.1f} s, {warm_cpu:.1f} CPU s", file=sys.stderr)
    for name in ("vie", "clean"):
        shutil.rmtree(work / f"idx-{name}", ignore_errors=True)
        index(args.vanban, work / f"idx-{name}", args.corpus / name, [])

    queries = [json.loads(l) for l in open(args.corpus / "queries.jsonl", encoding="utf-8")]
    results = {
        "scanned PDFs, `index --ocr`": evaluate(args.vanban, work / "idx-scans", work / "scans", queries),
        "Tesseract -l vie texts": evaluate(args.vanban, work / "idx-vie", args.corpus / "vie", queries),
        "clean texts": evaluate(args.vanban, work / "idx-clean", args.corpus / "clean", queries),
    }

    out = []
    out.append(f"# Scanned PDFs read by `vanban index --ocr`\n")
    out.append(f"`python3 bench/ocr/scan_bench.py`: {docs} image-only PDFs, {pages} pages (300 dpi), "
               f"{cores} cores, load {os.getloadavg()[0]:.1f} at the end.\n")
    out.append("| run | added | updated | failed | skipped | seconds | pages/s | CPU s |")
    out.append("|---|---|---|---|---|---|---|---|")
    for label, s, wall, cpu in (("empty cache", cold, cold_s, cold_cpu), ("`--rebuild`, from the cache", warm, warm_s, warm_cpu)):
        out.append(f"| {label} | {s['added']} | {s['updated']} | {s['failed']} | {s['skipped']} | "
                   f"{wall:.1f} | {pages / wall:.1f} | {cpu:.1f} |")
    out.append("")
    out.append(f"{len(queries)} queries, recall@{K} / MRR:\n")
    kinds = [("title", "with"), ("title", "without"), ("phrase", "with"), ("phrase", "without"), ("all", "")]
    out.append("| index | " + " | ".join(f"{k} {d}".strip() for k, d in kinds) + " |")
    out.append("|---|" + "---|" * len(kinds))
    for label, rows in results.items():
        cells = []
        for k in kinds:
            n, found, rr = rows.get(k, (0, 0, 0.0))
            cells.append(f"{found / n:.3f} / {rr / n:.3f}" if n else "–")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    text = "\n".join(out) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
