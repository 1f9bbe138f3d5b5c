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

import collections
import os

from common import ISSUED_TYPES, arguments, fold, hits, metadata, miss, rank, table


def main():
    args = arguments(__doc__)
    rows = [r for r in metadata(args, "congbao-8chude")
            if r.get("ngay_ban_hanh_from_text") and r.get("loai") in ISSUED_TYPES]

    def key(r):
        return ISSUED_TYPES[r["loai"]].lower(), r["ngay_ban_hanh_from_text"]

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
            got = rank(hits(args, q), lambda p: any(p.endswith(t) for t in truths))
            ranks[kind + shared].append(got)
            miss(args, got, kind + shared, q, sorted(truths)[0])
    table("date written", ranks)


if __name__ == "__main__":
    main()
