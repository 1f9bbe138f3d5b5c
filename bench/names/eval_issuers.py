#!/usr/bin/env python3
"""Finding a body's documents of one type and year by typing them.

On the synthetic archive of bench/synth/make_archive.py, whose truth.jsonl
gives each document's type, issuing body and date, this samples documents
and asks `vanban search` for the type's name, the body's name and the year,
as people type them: `báo cáo UBND huyện Trà Bồng 2023`, the same without
diacritics, and with the body written out and the year said
(`kế hoạch ủy ban nhân dân xã An Hiệp năm 2021`). Every document of that
type, body and year answers the query; the table gives how often one comes
first and how many of the first ten are such documents (precision at ten,
over at most as many as there are).

    vanban --index /tmp/issuers index /tmp/vanban-bench/archive20000
    python3 bench/names/eval_issuers.py --index /tmp/issuers \\
        --archive /tmp/vanban-bench/archive20000 [--vanban BIN] [-n 300]
"""

import argparse
import collections
import json
import os
import random
import sys

from common import fold, hits

NAMES = {
    "BC": "báo cáo",
    "KH": "kế hoạch",
    "QĐ": "quyết định",
    "CV": "công văn",
    "TB": "thông báo",
    "CT": "chỉ thị",
    "NQ": "nghị quyết",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--archive", required=True)
    ap.add_argument("--vanban", default="target/release/vanban")
    ap.add_argument("-n", type=int, default=300, help="documents sampled")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--misses", action="store_true", help="print the queries not answered first")
    args = ap.parse_args()

    rows = [json.loads(line) for line in open(os.path.join(args.archive, "truth.jsonl"), encoding="utf-8")]
    rows = [r for r in rows if r["type"] in NAMES and r.get("issuer") and r.get("date")]
    key = lambda r: (r["type"], r["issuer"], r["date"][:4])
    answers = collections.defaultdict(set)
    for r in rows:
        answers[key(r)].add(r["path"])
    # One query per (type, body, year), sampled.
    keys = sorted(answers)
    random.Random(args.seed).shuffle(keys)
    first = collections.defaultdict(list)
    precision = collections.defaultdict(list)
    for k in keys[: args.n]:
        code, issuer, year = k
        name = NAMES[code]
        spelled = issuer.replace("UBND", "ủy ban nhân dân")
        truths = answers[k]
        for kind, q in [
            ("as written", f"{name} {issuer} {year}"),
            ("no marks", fold(f"{name} {issuer} {year}").lower()),
            ("written out", f"{name} {spelled} năm {year}"),
        ]:
            paths = hits(args, q)
            good = [any(p.endswith("/" + t) for t in truths) for p in paths]
            first[kind].append(bool(good) and good[0])
            precision[kind].append(sum(good) / min(10, len(truths)))
            if args.misses and not (good and good[0]):
                print(f"{kind}\t{q}\t{len(truths)} answers", file=sys.stderr)
    print("| query | n | first is one | precision at ten |")
    print("|---|---|---|---|")
    for kind in first:
        n = len(first[kind])
        print(f"| {kind} | {n} | {sum(first[kind]) / n:.3f} | {sum(precision[kind]) / n:.3f} |")


if __name__ == "__main__":
    main()
