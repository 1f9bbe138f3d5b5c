#!/usr/bin/env python3
"""Finding a document by its type and the day it was issued.

For every Công báo document of ../shared/data whose metadata gives a type
(`loai`, from the source) and a date of issue (`ngay_ban_hanh_from_text`,
read from the header by heuristics), this asks `vanban search` for the
type's name and the date, written three ways: `nghị định ngày 14/12/2020`,
`nghị định ngày 14 tháng 12 năm 2020`, and the first without diacritics.
Several documents of one type can share a day; a query counts as answered
when one of them comes first (or in the first ten), and the queries with
more than one are counted apart ("shared").

    vanban --index /tmp/names index ../shared/data
    python3 bench/names/eval_dates.py --index /tmp/names [--vanban BIN]
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import unicodedata

TYPE_NAMES = {
    "Luật": "luật", "Nghị định": "nghị định", "Thông tư": "thông tư",
    "TT Liên tịch": "thông tư liên tịch", "NQ": "nghị quyết",
    "Nghị quyết": "nghị quyết", "QĐ": "quyết định", "Quyết định": "quyết định",
}


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--vanban", default="target/release/vanban")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    path = os.path.join(os.path.normpath(args.data), "congbao-8chude", "metadata.jsonl")
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    rows = [r for r in rows if r.get("ngay_ban_hanh_from_text") and r.get("loai") in TYPE_NAMES]
    key = lambda r: (TYPE_NAMES[r["loai"]], r["ngay_ban_hanh_from_text"])
    same_day = collections.defaultdict(set)
    for r in rows:
        same_day[key(r)].add(os.path.join("congbao-8chude", r["file"]))
    ranks = collections.defaultdict(list)
    for r in rows:
        name, iso = key(r)
        y, m, d = (int(x) for x in iso.split("-"))
        truths = same_day[key(r)]
        shared = ", shared" if len(truths) > 1 else ""
        for kind, q in [("figures", f"{name} ngày {d:02}/{m:02}/{y}"),
                        ("words", f"{name} ngày {d} tháng {m} năm {y}"),
                        ("figures, no marks", fold(f"{name} ngay {d:02}/{m:02}/{y}"))]:
            done = subprocess.run([args.vanban, "--index", args.index, "search", "--json", "-n", "10", q],
                                  capture_output=True, text=True)
            if done.returncode not in (0, 1):
                sys.exit(f"{q!r}: {done.stderr}")
            hits = json.loads(done.stdout)["hits"]
            rank = next((i + 1 for i, h in enumerate(hits) if any(h["path"].endswith(t) for t in truths)), None)
            ranks[kind + shared].append(rank)
            if args.misses and rank != 1:
                print(f"{rank}\t{kind}{shared}\t{q}\t{sorted(truths)[0]}", file=sys.stderr)
    print("| date written | n | R@1 | R@10 |")
    print("|---|---|---|---|")
    for kind in sorted(ranks):
        rs = ranks[kind]
        print(f"| {kind} | {len(rs)} | {sum(r == 1 for r in rs) / len(rs):.3f} | {sum(bool(r) for r in rs) / len(rs):.3f} |")


if __name__ == "__main__":
    main()
