#!/usr/bin/env python3
"""Recall of queries typed with one typo, or with the input method off,
searched as typed and corrected.

Each query of the OCR benchmark (tests/fixtures/ocr/corpus/queries.jsonl)
gets one typo at random (seeded): in a word of four letters or more, a
letter dropped, two neighbours swapped, a letter changed or one added.
Each is searched three ways with `vanban search --json -n 10`: the query
without the typo (`--as-typed`), with the typo as typed (`--as-typed`), and
with the typo as vanban corrects it. Prints recall@10 of each and how many
queries were corrected, and how many back to the query exactly.

    vanban --index /tmp/typo-clean index tests/fixtures/ocr/corpus/clean ../shared/data
    bench/spelling/eval_typos.py --index /tmp/typo-clean

With `--keys telex` or `--keys vni`, each query is typed instead as the
keys of that input method with the method switched off (`cải cách` →
`cari cachs`, `ca3i ca1ch`): every word with a diacritic becomes its keys.

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


QUALITY = {"â": ("a", "aa", "a6"), "ă": ("a", "aw", "a8"), "ê": ("e", "ee", "e6"),
           "ô": ("o", "oo", "o6"), "ơ": ("o", "ow", "o7"), "ư": ("u", "uw", "u7"),
           "đ": ("d", "dd", "d9")}
TONES = {"\u0301": ("s", "1"), "\u0300": ("f", "2"), "\u0309": ("r", "3"),
         "\u0303": ("x", "4"), "\u0323": ("j", "5")}


def keys(query, method):
    """The keys of `query` typed in Telex or VNI with the method off."""
    col = 1 if method == "telex" else 2
    out = []
    for word in query.lower().split():
        # Punctuation after a word is typed after its tone's key.
        stripped = word.rstrip(",.;:)")
        tail = word[len(stripped):]
        word = stripped
        tone = ""
        typed = ""
        for ch in unicodedata.normalize("NFD", word):
            if ch in TONES:
                tone = TONES[ch][col - 1]
                continue
            typed += ch
        letters = ""
        for ch in unicodedata.normalize("NFC", typed):
            letters += QUALITY[ch][col] if ch in QUALITY else ch
        out.append(letters + tone + tail)
    return " ".join(out)


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
    ap.add_argument("--keys", choices=["telex", "vni"], help="type the input method's keys instead of a typo")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    queries = [json.loads(line) for line in open(a.queries, encoding="utf-8")]
    found = {"clean": 0, "typed": 0, "corrected": 0}
    n = corrected = restored = 0
    def nfc(s):
        # The tone's place aside (hoá = hóa): each word's letters, then its marks.
        words = []
        for w in s.lower().split():
            d = unicodedata.normalize("NFD", w)
            marks = "".join(sorted(c for c in d if c in TONES))
            words.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)) + marks)
        return " ".join(words)
    for q in queries:
        t = keys(q["query"], a.keys) if a.keys else typo(q["query"], rnd)
        if t is None or (a.keys and t == q["query"].lower()):
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
    what = f"typed as {a.keys} keys" if a.keys else f"with one typo (seed {a.seed})"
    print(f"{n} queries {what}: recall@10 without the typo "
          f"{found['clean'] / n:.3f}, typo as typed {found['typed'] / n:.3f}, typo corrected "
          f"{found['corrected'] / n:.3f}; {corrected} corrected, {restored} back to the query exactly")


if __name__ == "__main__":
    main()
