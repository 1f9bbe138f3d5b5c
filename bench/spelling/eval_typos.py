#!/usr/bin/env python3
"""Recall of queries typed with one typo, searched as typed and corrected.

Each query of the OCR benchmark (tests/fixtures/ocr/corpus/queries.jsonl)
gets one typo at random (seeded): in a word of four letters or more, a
letter dropped, two neighbours swapped, a letter changed or one added.
Each is searched three ways with `vanban search --json -n 10`: the query
without the typo (`--as-typed`), with the typo as typed (`--as-typed`), and
with the typo as vanban corrects it. Prints recall@10 of each and how many
queries were corrected, and how many back to the query exactly.

    vanban --index /tmp/typo-clean index tests/fixtures/ocr/corpus/clean ../shared/data
    bench/spelling/eval_typos.py --index /tmp/typo-clean

About a minute for 620 queries.
"""
import argparse
import json
import os
import random
import subprocess
import unicodedata

LETTERS = "abcdeghiklmnopqrstuvxy"


def typo(query, rnd):
    words = query.split()
    fit = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 4]
    if not fit:
        return None
    i = rnd.choice(fit)
    w = words[i]
    k = rnd.randrange(len(w))
    op = rnd.choice("dsci")
    if op == "d":
        w2 = w[:k] + w[k + 1:]
    elif op == "s" and k + 1 < len(w):
        w2 = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    elif op == "c":
        w2 = w[:k] + rnd.choice(LETTERS) + w[k + 1:]
    else:
        w2 = w[:k] + rnd.choice(LETTERS) + w[k:]
    if w2 == w:
        return None
    words[i] = w2
    return " ".join(words)


def search(binary, index, query, extra):
    o = subprocess.run([binary, "--index", index, "search", "--json", "-n", "10", *extra, query],
                       capture_output=True, text=True)
    return json.loads(o.stdout) if o.stdout.strip() else {"hits": []}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--bin", default=os.path.join(root, "target/release/vanban"))
    ap.add_argument("--queries", default=os.path.join(root, "tests/fixtures/ocr/corpus/queries.jsonl"))
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    queries = [json.loads(line) for line in open(a.queries, encoding="utf-8")]
    found = {"clean": 0, "typed": 0, "corrected": 0}
    n = corrected = restored = 0
    nfc = lambda s: unicodedata.normalize("NFC", s).lower()
    for q in queries:
        t = typo(q["query"], rnd)
        if t is None:
            continue
        n += 1
        for label, query, extra in (("clean", q["query"], ["--as-typed"]),
                                    ("typed", t, ["--as-typed"]),
                                    ("corrected", t, [])):
            v = search(a.bin, a.index, query, extra)
            found[label] += any(os.path.basename(h["path"]).startswith(q["truth"]) for h in v["hits"])
            if label == "corrected" and v.get("corrected"):
                corrected += 1
                restored += nfc(v["corrected"]) == nfc(q["query"])
    print(f"{n} queries with one typo (seed {a.seed}): recall@10 without the typo "
          f"{found['clean'] / n:.3f}, typo as typed {found['typed'] / n:.3f}, typo corrected "
          f"{found['corrected'] / n:.3f}; {corrected} corrected, {restored} back to the query exactly")


if __name__ == "__main__":
    main()
