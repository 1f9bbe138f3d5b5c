"""What the scripts of bench/names share: the data, the type names, how a
query is put to `vanban search`, and the table they print."""

import argparse
import json
import os
import subprocess
import sys
import unicodedata

# The source's type (`loai` of congbao-8chude/metadata.jsonl) → its name as
# people type it.
TYPE_NAMES = {
    "Luật": "Luật",
    "Bộ luật": "Bộ luật",
    "Nghị định": "Nghị định",
    "Thông tư": "Thông tư",
    "TT Liên tịch": "Thông tư liên tịch",
    "NQ": "Nghị quyết",
    "Nghị quyết": "Nghị quyết",
    "QĐ": "Quyết định",
    "Quyết định": "Quyết định",
    "VB HN": "Văn bản hợp nhất",
    "Văn bản hợp nhất": "Văn bản hợp nhất",
}

# The same without the consolidated texts, whose metadata gives the number
# and date of the text they consolidate rather than their own.
ISSUED_TYPES = {k: v for k, v in TYPE_NAMES.items() if v != "Văn bản hợp nhất"}


def fold(s):
    """Without diacritics, as a query typed without them."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def arguments(doc):
    """The command line every script takes; `doc` is its docstring."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--vanban", default="target/release/vanban")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--misses", action="store_true", help="print the queries not answered first")
    args = ap.parse_args()
    args.data = os.path.normpath(args.data)
    return args


def metadata(args, folder):
    """The records of `folder`/metadata.jsonl of the data."""
    path = os.path.join(args.data, folder, "metadata.jsonl")
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def hits(args, query):
    """The paths of the first ten hits of `vanban search` for `query`."""
    done = subprocess.run(
        [args.vanban, "--index", args.index, "search", "--json", "-n", "10", query],
        capture_output=True, text=True,
    )
    # Exit code 1: no hits.
    if done.returncode not in (0, 1):
        sys.exit(f"{query!r}: {done.stderr}")
    return [h["path"] for h in json.loads(done.stdout)["hits"]]


def rank(paths, found):
    """The rank (from 1) of the first of `paths` for which `found` holds."""
    return next((i + 1 for i, p in enumerate(paths) if found(p)), None)


def miss(args, r, kind, query, truth):
    """Prints a query not answered first, with --misses."""
    if args.misses and r != 1:
        print(f"{r}\t{kind}\t{query}\t{truth}", file=sys.stderr)


def table(title, ranks, mrr=False, order=None):
    """Prints recall at 1 and 10 (and MRR) for each kind of query."""
    print(f"| {title} | n | R@1 | R@10 |" + (" MRR@10 |" if mrr else ""))
    print("|---|---|---|---|" + ("---|" if mrr else ""))
    for kind in order or sorted(ranks):
        rs = ranks.get(kind)
        if not rs:
            continue
        n = len(rs)
        row = f"| {kind} | {n} | {sum(r == 1 for r in rs) / n:.3f} | {sum(bool(r) for r in rs) / n:.3f} |"
        if mrr:
            row += f" {sum(1 / r for r in rs if r) / n:.3f} |"
        print(row)
