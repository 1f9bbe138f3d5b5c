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

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

TYPE_NAMES = {
    "Luật": "luật", "Bộ luật": "bộ luật", "Nghị định": "nghị định",
    "Thông tư": "thông tư", "TT Liên tịch": "thông tư liên tịch",
    "NQ": "nghị quyết", "Nghị quyết": "nghị quyết", "QĐ": "quyết định",
    "Quyết định": "quyết định",
}


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def spellings(number, loai):
    m = re.match(r"^(\d+)/(\d{4})/(.+)$", number)
    out = [("as written", number), ("lower case", number.lower()),
           ("words", " ".join(re.findall(r"\w+", fold(number).lower())))]
    if m:
        num, year, rest = m.groups()
        out += [("no year", f"{num}/{rest}"),
                ("words, no year", " ".join(re.findall(r"\w+", fold(f"{num}/{rest}").lower())))]
        name = TYPE_NAMES.get(loai)
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
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--vanban", default="target/release/vanban")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    data = os.path.normpath(args.data)
    rows = [json.loads(l) for l in open(os.path.join(data, "congbao-8chude", "metadata.jsonl"), encoding="utf-8")]
    rows = [r for r in rows if r.get("so_hieu")]
    number_of = {os.path.join("congbao-8chude", r["file"]): r["so_hieu"] for r in rows}
    ranks = collections.defaultdict(list)
    for r in rows:
        truth = os.path.join("congbao-8chude", r["file"])
        for kind, q in spellings(r["so_hieu"], r.get("loai")):
            # Exit code 1: no hits.
            done = subprocess.run([args.vanban, "--index", args.index, "search", "--json", "-n", "10", q],
                                  capture_output=True, text=True)
            if done.returncode not in (0, 1):
                sys.exit(f"{q!r}: {done.stderr}")
            hits = json.loads(done.stdout)["hits"]
            rank = None
            for i, h in enumerate(hits):
                rel = next((f for f in number_of if h["path"].endswith(f)), None)
                if rel == truth or (rel and fits(kind, r["so_hieu"], number_of[rel])):
                    rank = i + 1
                    break
            ranks[kind].append(rank)
            if args.misses and rank != 1:
                print(f"{rank}\t{kind}\t{q}\t{truth}", file=sys.stderr)
    print("| spelling | n | R@1 | R@10 |")
    print("|---|---|---|---|")
    for kind in ["as written", "lower case", "words", "no year", "words, no year", "type and year", "type, no year"]:
        rs = ranks.get(kind, [])
        if rs:
            print(f"| {kind} | {len(rs)} | {sum(r == 1 for r in rs) / len(rs):.3f} | {sum(bool(r) for r in rs) / len(rs):.3f} |")


if __name__ == "__main__":
    main()
