#!/usr/bin/env python3
"""Finding a document by its number, spelled as people type it.

For every Công báo document of ../shared/data with a number in its
metadata (`so_hieu`, from the source), this asks `vanban search` for it in
several spellings and reports where the document comes: recall at 1 and
at 10. The spellings, for 145/2020/NĐ-CP:

    as written        145/2020/NĐ-CP
    lower case        145/2020/nđ-cp
    words             145 2020 nd cp
    no year           145/NĐ-CP            (any year's 145/NĐ-CP fits)
    words, no year    145 nd cp
    type and year     nghị định 145 năm 2020
    type, no year     nghị định số 145     (any year's fits)

A spelling without the year fits every document of that number, type and
issuer whatever its year; when the archive holds several, any of them may
come first, so those rows count the document found if it is among the
ones that fit (R@k over the set). Numbers without a year (Party and UBND
numbers) are skipped for the "no year" rows.

    vanban --index /tmp/names index ../shared/data
    python3 bench/names/eval_numbers.py --index /tmp/names [--vanban BIN]
"""

import collections
import os
import re

from common import ISSUED_TYPES, arguments, fold, hits, metadata, miss, rank, table

KINDS = ["as written", "lower case", "words", "no year", "words, no year", "type and year", "type, no year"]


def spellings(number, loai):
    m = re.match(r"^(\d+)/(\d{4})/(.+)$", number)
    out = [("as written", number), ("lower case", number.lower()),
           ("words", " ".join(re.findall(r"\w+", fold(number).lower())))]
    if m:
        num, year, rest = m.groups()
        out += [("no year", f"{num}/{rest}"),
                ("words, no year", " ".join(re.findall(r"\w+", fold(f"{num}/{rest}").lower())))]
        name = ISSUED_TYPES.get(loai, "").lower()
        if name:
            out += [("type and year", f"{name} {num} năm {year}"),
                    ("type, no year", f"{name} số {num}")]
    return out


def fits(kind, number, other):
    """Whether `other` (a number) fits what the spelling `kind` of `number` says."""
    if "no year" not in kind:
        return other == number
    strip = lambda n: re.sub(r"^(\d+)/\d{4}/", r"\1/", n)
    if kind == "type, no year":
        return strip(other).split("/")[0] == strip(number).split("/")[0] and \
            strip(other).split("-")[0] == strip(number).split("-")[0]
    return strip(other) == strip(number)


def main():
    args = arguments(__doc__)
    rows = [r for r in metadata(args, "congbao-8chude") if r.get("so_hieu")]
    number_of = {os.path.join("congbao-8chude", r["file"]): r["so_hieu"] for r in rows}

    def number_at(path):
        return next((n for f, n in number_of.items() if path.endswith(f)), None)

    ranks = collections.defaultdict(list)
    for r in rows:
        truth = os.path.join("congbao-8chude", r["file"])
        for kind, q in spellings(r["so_hieu"], r.get("loai")):
            def found(path):
                other = number_at(path)
                return path.endswith(truth) or (other and fits(kind, r["so_hieu"], other))
            got = rank(hits(args, q), found)
            ranks[kind].append(got)
            miss(args, got, kind, q, truth)
    table("spelling", ranks, order=KINDS)


if __name__ == "__main__":
    main()
