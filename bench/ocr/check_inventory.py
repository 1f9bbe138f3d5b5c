#!/usr/bin/env python3
"""Cross-checks the generated syllable inventory against Debian's hunspell-vi.

    apt-get install hunspell-vi
    python3 bench/ocr/check_inventory.py --repair target/release/examples/ocr_eval

Prints the folded hunspell words missing from the inventory (loan-word
spellings are expected there: pin, pa, ka, web) and how many inventory
syllables hunspell does not list (possible but rare or unused syllables).
The dictionary is only read here, never shipped (LibreOffice, MPL-2.0).
"""

import argparse
import subprocess
import unicodedata

DIC = "/usr/share/hunspell/vi_VN.dic"


def fold_lower(s):
    s = s.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repair", default="target/release/examples/ocr_eval")
    args = ap.parse_args()
    words = [l.split("/")[0].strip() for l in open(DIC, encoding="utf-8")][1:]
    hun = {fold_lower(w) for w in words if w and w.islower()}
    inv = set(subprocess.run([args.repair, "inventory"], capture_output=True, text=True, check=True).stdout.split())
    missing = sorted(hun - inv)
    print(f"inventory: {len(inv)} folded syllables; hunspell-vi: {len(hun)} folded lower-case words")
    print(f"hunspell words not in the inventory ({len(missing)}): {' '.join(missing)}")
    print(f"inventory syllables hunspell does not list: {len(inv - hun)}")


if __name__ == "__main__":
    main()
