#!/usr/bin/env python3
"""Finding a body's documents of one type and month by typing them.

On the synthetic archive of bench/synth/make_archive.py, whose truth.jsonl
gives each document's type, issuing body and date, this asks `vanban
search` for the type's name, the body's name and a month, as people type
them: `quyết định UBND huyện Trà Bồng tháng 3 năm 2024`. Two kinds of
(type, body, month) are sampled: those of which the archive holds
documents ("held": does one come first, how many of them in the first
ten), and those of which it holds none, the body having documents of
that type in other months ("none held"): is the first hit at least the
body's, and the body's of that type, rather than another body's of that
month.

    vanban --index /tmp/issuers index /tmp/vanban-bench/archive20000/docs
    python3 bench/names/eval_body_months.py --index /tmp/issuers \\
        --archive /tmp/vanban-bench/archive20000 [--vanban BIN] [-n 150]
"""

import argparse
import collections
import json
import os
import random

from common import hits
from eval_issuers import NAMES


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--archive", required=True)
    ap.add_argument("--vanban", default="target/release/vanban")
    ap.add_argument("-n", type=int, default=150, help="queries of each kind")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    rows = [json.loads(line) for line in open(os.path.join(args.archive, "truth.jsonl"), encoding="utf-8")]
    rows = [r for r in rows if r["type"] in NAMES and r.get("issuer") and r.get("date")]
    month = lambda r: (int(r["date"][:4]), int(r["date"][5:7]))
    held = collections.defaultdict(set)
    months = set()
    pairs = set()
    for r in rows:
        held[(r["type"], r["issuer"]) + month(r)].add(r["path"])
        months.add(month(r))
        pairs.add((r["type"], r["issuer"]))
    by_path = {r["path"]: r for r in rows}
    rng = random.Random(args.seed)
    found = sorted(held)
    rng.shuffle(found)
    missing = [p + m for p in sorted(pairs) for m in sorted(months) if p + m not in held]
    rng.shuffle(missing)
    query = lambda k: f"{NAMES[k[0]]} {k[1]} tháng {k[3]} năm {k[2]}"
    doc = lambda path: by_path.get(path.split("/docs/")[-1], {})

    first = recall = 0
    for k in found[: args.n]:
        truths = held[k]
        paths = hits(args, query(k))
        good = [doc(p).get("path") in truths for p in paths]
        first += bool(good) and good[0]
        recall += sum(good) / min(10, len(truths))
    n = min(args.n, len(found))
    print("| (type, body, month) | n | first is one | recall at ten |")
    print("|---|---|---|---|")
    print(f"| held | {n} | {first / n:.3f} | {recall / n:.3f} |")

    body = body_type = 0
    for k in missing[: args.n]:
        paths = hits(args, query(k))
        top = doc(paths[0]) if paths else {}
        body += top.get("issuer") == k[1]
        body_type += top.get("issuer") == k[1] and top.get("type") == k[0]
    n = min(args.n, len(missing))
    print()
    print("| (type, body, month) | n | first is the body's | first is the body's, of the type |")
    print("|---|---|---|---|")
    print(f"| none held | {n} | {body / n:.3f} | {body_type / n:.3f} |")


if __name__ == "__main__":
    main()
