#!/usr/bin/env python3
"""Resolution accuracy of `vanban refs` on the Công báo set.

Indexes shared/data/congbao-8chude/docs, then for every document asks
`vanban refs PATH --json` and compares each citation of a number that a
document of the set bears (by the set's metadata `so_hieu`) with what vanban
linked it to, and each citation of a law by name and date (no number) with
the law of the set of that type, title and year. Prints counts: linked
right, linked wrong, ambiguous, left unresolved.

Usage: bench/eval_refs.py [--data ../shared/data] [--bin target/release/vanban]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata


def key(number):
    s = unicodedata.normalize("NFD", number.replace("Đ", "D").replace("đ", "d").replace("Ð", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").upper()
    groups = re.findall(r"[0-9A-Z]+", s)
    if not groups:
        return None
    groups[0] = groups[0].lstrip("0") or "0"
    return "/".join(groups)


def name_key(kind, name, year):
    """A law's type, name and year, folded: the same for a citation by name
    ("Bộ luật Lao động", 2019) and for the set's metadata (Luật, "LAO ĐỘNG",
    45/2019/QH14)."""
    s = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    words = re.findall(r"[0-9a-z]+", s)
    for lead in (["bo", "luat"], ["luat"], ["phap", "lenh"]):
        if len(words) > len(lead) and words[:len(lead)] == lead:
            words = words[len(lead):]
            break
    return (kind, " ".join(words), year)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "vanban"))
    args = ap.parse_args()
    root = os.path.join(args.data, "congbao-8chude")
    meta = [json.loads(l) for l in open(os.path.join(root, "metadata.jsonl"), encoding="utf-8")]
    # Records of the set's metadata checked against the documents' own
    # headers and found wrong: the file named after Bộ luật Lao động is its
    # consolidated text (125/VBHN-VPQH), and the file named
    # "nghi-quyet-so-45-2019-qh14" is the Bộ luật itself.
    fixes = {
        "docs/bo-luat-lao-dong-so-45-2019-qh14-29268.txt": "125/VBHN-VPQH",
        "docs/nghi-quyet-so-45-2019-qh14-30232.txt": "45/2019/QH14",
    }
    for m in meta:
        if m["file"] in fixes:
            m["so_hieu"] = fixes[m["file"]]
    by_key = {}
    for m in meta:
        # A consolidated text (văn bản hợp nhất) bears a number of its own;
        # the set's metadata gives it the number of the text it consolidates.
        if os.path.basename(m["file"]).startswith("van-ban-hop-nhat"):
            continue
        k = key(m.get("so_hieu") or m.get("so_hieu_from_text") or "")
        if k:
            by_key.setdefault(k, []).append(os.path.join(root, m["file"]))
    # Laws and ordinances as citations name them: type, title and year.
    by_name = {}
    for m in meta:
        kind = m.get("loai_from_text") or m.get("loai")
        title = m.get("trich_yeu_from_text")
        number = m.get("so_hieu") or m.get("so_hieu_from_text") or ""
        year = re.search(r"/((?:19|20)\d\d)/", number)
        if kind in ("Luật", "Pháp lệnh") and title and year and not os.path.basename(m["file"]).startswith("van-ban-hop-nhat"):
            k = name_key("Luật" if kind == "Luật" else "PL", title, int(year.group(1)))
            by_name.setdefault(k, []).append(os.path.join(root, m["file"]))
    index = tempfile.mkdtemp(prefix="vanban-refs-")
    subprocess.run([args.bin, "--index", index, "index", os.path.join(root, "docs")],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    right = wrong = ambiguous = unresolved = 0
    wrong_cases = []
    # The same for laws cited by name and date, without a number.
    named = {"right": 0, "wrong": 0, "ambiguous": 0, "unresolved": 0}
    for m in meta:
        path = os.path.join(root, m["file"])
        rel = os.path.relpath(path) if not os.path.isabs(path) else path
        out = subprocess.run([args.bin, "--index", index, "refs", path, "--json"],
                             capture_output=True, text=True)
        if not out.stdout.strip():
            continue
        r = json.loads(out.stdout)
        for c in r["cites"]:
            if "number" not in c:
                year = int(c["date"][:4]) if c.get("date") else None
                targets = [t for t in by_name.get(name_key(c.get("type"), c["name"], year), [])
                           if os.path.abspath(t) != os.path.abspath(path)]
                if len(targets) != 1:
                    continue
                if c["status"] == "linked":
                    right_one = os.path.abspath(c["path"]) == os.path.abspath(targets[0])
                    named["right" if right_one else "wrong"] += 1
                    if not right_one:
                        wrong_cases.append((path, c["name"], c["path"]))
                elif c["status"] == "ambiguous":
                    named["ambiguous"] += 1
                else:
                    named["unresolved"] += 1
                continue
            k = key(c["number"])
            targets = [t for t in by_key.get(k, []) if os.path.abspath(t) != os.path.abspath(path)]
            if len(targets) != 1:
                continue  # not a document of the set, or the set itself repeats the number
            if c["status"] == "linked":
                if os.path.abspath(c["path"]) == os.path.abspath(targets[0]):
                    right += 1
                else:
                    wrong += 1
                    wrong_cases.append((path, c["number"], c["path"]))
            elif c["status"] == "ambiguous":
                ambiguous += 1
            else:
                unresolved += 1
    total = right + wrong + ambiguous + unresolved
    print(f"citations of documents in the set: {total}")
    print(f"  linked to the right document: {right} ({100 * right / max(total, 1):.1f}%)")
    print(f"  linked to a wrong document:   {wrong}")
    print(f"  ambiguous (candidates shown): {ambiguous}")
    print(f"  not linked:                   {unresolved}")
    total = sum(named.values())
    print(f"laws of the set cited by name and date: {total}")
    print(f"  linked to the right document: {named['right']} ({100 * named['right'] / max(total, 1):.1f}%)")
    print(f"  linked to a wrong document:   {named['wrong']}")
    print(f"  ambiguous (candidates shown): {named['ambiguous']}")
    print(f"  not linked:                   {named['unresolved']}")
    for c in wrong_cases[:20]:
        print("  wrong:", c)


if __name__ == "__main__":
    sys.exit(main())
