#!/usr/bin/env python3
"""Counts folded Vietnamese syllables in the clean documents of shared/data.

Writes src/data/syllable_freq.txt: `syllable count` a line, most frequent
first, only words of the syllable inventory (pass it with --inventory, as
printed by `cargo run --example ocr_eval -- inventory`). The documents that
were OCR'd upstream are left out, so OCR errors do not count as syllables.

    python3 bench/ocr/syllable_freq.py --inventory inv.txt > src/data/syllable_freq.txt
"""

import argparse
import collections
import json
import re
import unicodedata
from pathlib import Path

WORD = re.compile(r"\w+")


def fold_lower(s):
    s = s.lower().replace("đ", "d").replace("ð", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/data", type=Path)
    ap.add_argument("--inventory", required=True, type=Path)
    args = ap.parse_args()
    inventory = set(args.inventory.read_text().split())
    counts = collections.Counter()
    for coll in ("congbao-8chude", "laocai-skill-sct"):
        for line in open(args.data / coll / "metadata.jsonl", encoding="utf-8"):
            m = json.loads(line)
            if m.get("ocr") or "OCR" in (m.get("text_from") or "") or m["id"].endswith("-OCR"):
                continue
            text = (args.data / coll / m["file"]).read_text(encoding="utf-8", errors="replace")
            for w in WORD.findall(unicodedata.normalize("NFC", text)):
                f = fold_lower(w)
                if f in inventory:
                    counts[f] += 1
    for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(w, n)


if __name__ == "__main__":
    main()
