#!/usr/bin/env python3
"""Aligns OCR words with the clean words they came from, learns the OCR
confusion table from the alignment, and measures the repair.

    ocr_align.py learn   --corpus DIR [--split train]  > src/data/ocr_confusions.tsv
    ocr_align.py measure --corpus DIR [--split test] --repair BIN [--lang eng]
    ocr_align.py seeds   --seeds DIR --repair BIN [--labels tests/fixtures/ocr/seed_labels.tsv]

The corpus is make_corpus.py's output (clean/ eng/ vie/). Documents are split
by a hash of their id: `train` (learn) and `test` (measure) never share a
document. Alignment: difflib on folded words gives the anchors, and the gaps
between anchors are aligned word for word by edit distance.

The confusion table is learned the Brill-Moore way: each pair (OCR word,
folded clean syllable) is aligned letter by letter (with ^ and $ marking the
word's edges); every run of edits, alone and widened by one letter of
context on either side, is counted as a substitution truth → observed, and
its cost is -ln P(observed | truth) = -ln(count(truth → observed) /
count(truth as a substring of clean words)).

BIN is the ocr_eval example (`cargo build --release --example ocr_eval`):
it reads words and prints their readings.
"""

import argparse
import collections
import difflib
import hashlib
import math
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

OCR_CHARS = "&¢§@$€£¥©®°'’‘`?!|"
OCR_WORD = re.compile(r"[\w" + re.escape(OCR_CHARS) + r"]+")
CLEAN_WORD = re.compile(r"\w+")
EDGE_PUNCT = "'’‘`?!|"


def fold_lower(s):
    s = s.lower().replace("đ", "d").replace("ð", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def ocr_words(text):
    """Words as OCR leaves them: letters, digits and the symbols OCR puts
    in place of letters ("K&", "co'", "s¢"), edges trimmed of quotes."""
    out = []
    for m in OCR_WORD.finditer(unicodedata.normalize("NFC", text)):
        w = m.group(0)
        core = w.strip(EDGE_PUNCT)
        # A quote or ? after a letter stays: it stands for a mark ("co'" = cơ).
        if w.endswith(tuple(EDGE_PUNCT)) and core and core[-1].isalpha():
            core = w.lstrip(EDGE_PUNCT)
        if any(c.isalnum() for c in core):
            out.append(core)
    return out


def clean_words(text):
    return CLEAN_WORD.findall(unicodedata.normalize("NFC", text))


def split_of(doc_id):
    h = int(hashlib.sha1(doc_id.encode()).hexdigest(), 16)
    return "train" if h % 2 == 0 else "test"


def lev(a, b):
    """Edit distance of two short strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def align_gap(cs, os_):
    """Word-for-word alignment of a gap, by edit distance of folded words."""
    n, m = len(cs), len(os_)
    if n == 0 or m == 0 or n * m > 900:
        return []
    fc = [fold_lower(w) for w in cs]
    fo = [fold_lower(w) for w in os_]
    INF = 10**9
    gap = 1.0
    d = [[INF] * (m + 1) for _ in range(n + 1)]
    bt = [[None] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            if i and d[i - 1][j] + gap < d[i][j]:
                d[i][j], bt[i][j] = d[i - 1][j] + gap, "c"
            if j and d[i][j - 1] + gap < d[i][j]:
                d[i][j], bt[i][j] = d[i][j - 1] + gap, "o"
            if i and j:
                a, b = fc[i - 1], fo[j - 1]
                cost = lev(a, b) / max(len(a), len(b), 1) * 2
                if d[i - 1][j - 1] + cost < d[i][j]:
                    d[i][j], bt[i][j] = d[i - 1][j - 1] + cost, "m"
    pairs = []
    i, j = n, m
    while i or j:
        op = bt[i][j]
        if op == "m":
            a, b = fc[i - 1], fo[j - 1]
            if lev(a, b) <= max(1, len(a) // 2 + 1):
                pairs.append((os_[j - 1], cs[i - 1]))
            i, j = i - 1, j - 1
        elif op == "c":
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def align_doc(clean_text, ocr_text):
    """(ocr word, clean word) pairs of one document."""
    cs = clean_words(clean_text)
    os_ = ocr_words(ocr_text)
    kc = [fold_lower(w) for w in cs]
    ko = [fold_lower(w) for w in os_]
    sm = difflib.SequenceMatcher(None, kc, ko, autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(os_[j1:j2], cs[i1:i2]))
        elif tag == "replace":
            pairs.extend(align_gap(cs[i1:i2], os_[j1:j2]))
    return pairs


def corpus_pairs(corpus, lang, split):
    for clean in sorted((corpus / "clean").glob("*.txt")):
        doc_id = clean.stem
        if split != "all" and split_of(doc_id) != split:
            continue
        ocr = corpus / lang / clean.name
        if not ocr.exists():
            continue
        for o, c in align_doc(clean.read_text(encoding="utf-8"), ocr.read_text(encoding="utf-8")):
            yield doc_id, o, c


def char_alignment(obs, truth):
    """Letter alignment as a list of (observed piece, truth piece)."""
    n, m = len(obs), len(truth)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sub = 0 if obs[i - 1] == truth[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + sub)
    ops = []
    i, j = n, m
    while i or j:
        if i and j and d[i][j] == d[i - 1][j - 1] + (obs[i - 1] != truth[j - 1]):
            ops.append((obs[i - 1], truth[j - 1]))
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            ops.append((obs[i - 1], ""))
            i -= 1
        else:
            ops.append(("", truth[j - 1]))
            j -= 1
    return ops[::-1]


def chunks(obs, truth):
    """Substitutions (observed, truth) of one word pair, Brill-Moore style."""
    ops = char_alignment(obs, truth)
    out = []
    k = 0
    while k < len(ops):
        if ops[k][0] == ops[k][1]:
            k += 1
            continue
        e = k
        while e < len(ops) and ops[e][0] != ops[e][1]:
            e += 1
        for lo, hi in ((k, e), (k - 1, e), (k, e + 1), (k - 1, e + 1)):
            if lo < 0 or hi > len(ops):
                continue
            o = "".join(x for x, _ in ops[lo:hi])
            t = "".join(y for _, y in ops[lo:hi])
            if o and len(o) <= 4 and len(t) <= 4:
                out.append((o, t))
        k = e
    return out


def load_inventory(bin_path):
    res = subprocess.run([bin_path, "inventory"], capture_output=True, text=True, check=True)
    return set(res.stdout.split())


def learn(args):
    inventory = load_inventory(args.repair)
    sub = collections.Counter()
    truth_sub = collections.Counter()
    n_pairs = 0
    for _, o, c in corpus_pairs(args.corpus, args.lang, args.split):
        t = fold_lower(c)
        if t not in inventory:
            continue
        obs = "^" + o.lower() + "$"
        tr = "^" + t + "$"
        n_pairs += 1
        for a in range(len(tr)):
            for b in range(a + 1, min(len(tr), a + 4) + 1):
                truth_sub[tr[a:b]] += 1
        for i, ch in enumerate(o.lower()):
            if i < len(t) and ch == t[i]:
                pass
        if obs != tr:
            for o_piece, t_piece in chunks(obs, tr):
                sub[(o_piece, t_piece)] += 1
    print(f"# learned from {n_pairs} aligned syllables, split={args.split}, lang={args.lang}")
    print("# observed\ttruth\tcount\tcost")
    rows = []
    for (o, t), n in sub.items():
        if n < args.min_count or not t:
            continue
        denom = truth_sub[t]
        if denom == 0:
            continue
        p = min(n / denom, 0.95)
        rows.append((o, t, n, -math.log(p)))
    rows.sort(key=lambda r: (r[3], r[0]))
    for o, t, n, cost in rows:
        print(f"{o}\t{t}\t{n}\t{cost:.3f}")
    print(f"{len(rows)} rules", file=sys.stderr)


def run_repair(bin_path, words):
    res = subprocess.run(
        [bin_path, "repair"], input="\n".join(words) + "\n", capture_output=True, text=True, check=True
    )
    out = {}
    for line in res.stdout.split("\n"):
        if not line:
            continue
        parts = line.split("\t")
        out[parts[0]] = [p.rsplit(":", 1)[0] for p in parts[1:]]
    return out


def measure(args):
    inventory = load_inventory(args.repair)
    pairs = list(corpus_pairs(args.corpus, args.lang, args.split))
    readings = run_repair(args.repair, sorted({o for _, o, _ in pairs}))
    stats = collections.Counter()
    misses = collections.Counter()
    wrong = collections.Counter()
    for _, o, c in pairs:
        t = fold_lower(c)
        if t not in inventory:
            continue
        stats["syllables"] += 1
        r = readings.get(o, [])
        if fold_lower(o) == t:
            stats["correct"] += 1
            if r:
                stats["proposed_on_correct"] += 1
                wrong[(o, r[0], t)] += 1
            continue
        stats["garbled"] += 1
        invalid = fold_lower(o) not in inventory
        kind = "invalid" if invalid else "valid"
        stats[f"garbled_{kind}"] += 1
        if r:
            stats[f"proposed_{kind}"] += 1
        if r[:1] == [t]:
            stats[f"top1_{kind}"] += 1
        if t in r[:3]:
            stats[f"top3_{kind}"] += 1
        elif r:
            wrong[(o, r[0], t)] += 1
        else:
            misses[(o, t)] += 1
    report(stats, f"corpus {args.corpus.name} lang={args.lang} split={args.split}")
    if args.verbose:
        print("most frequent misses (observed, truth):", misses.most_common(40))
        print("most frequent wrong readings (observed, top reading, truth):", wrong.most_common(40))


def clean(args):
    """Readings proposed for the words of clean documents: all spurious."""
    inventory = load_inventory(args.repair)
    words = []
    for f in sorted((args.corpus / "clean").glob("*.txt")):
        if args.split in ("all", split_of(f.stem)):
            words.extend(w for w in clean_words(f.read_text(encoding="utf-8")) if fold_lower(w) in inventory)
    readings = run_repair(args.repair, sorted(set(words)))
    given = [w for w in words if readings.get(w)]
    print(f"== clean text ({args.split} split): syllables {len(words)}")
    print(f"readings proposed for a clean word: {pct(len(given), len(words))}")
    print("   ", collections.Counter((w, readings[w][0]) for w in given).most_common(20))


def pct(a, b):
    return f"{a}/{b} = {100.0 * a / b:.1f} %" if b else f"{a}/0"


def report(s, title):
    print(f"== {title}")
    print(f"Vietnamese syllables aligned: {s['syllables']}")
    print(f"garbled (folded OCR word != folded truth): {pct(s['garbled'], s['syllables'])}")
    g_i, g_v = s["garbled_invalid"], s["garbled_valid"]
    print(f"  not a syllable: {g_i}; another valid syllable: {g_v}")
    for kind, n in (("invalid", g_i), ("valid", g_v)):
        print(
            f"  {kind:7}: reading proposed {pct(s['proposed_' + kind], n)}, "
            f"top-1 right {pct(s['top1_' + kind], n)}, top-3 right {pct(s['top3_' + kind], n)}"
        )
    top1 = s["top1_invalid"] + s["top1_valid"]
    top3 = s["top3_invalid"] + s["top3_valid"]
    print(f"  all garbled: top-1 {pct(top1, s['garbled'])}, top-3 {pct(top3, s['garbled'])}")
    print(f"reading proposed for a correct word: {pct(s['proposed_on_correct'], s['correct'])}")


def seeds(args):
    """Seed documents: no clean text, so the share of non-syllables, what
    the repair proposes, and the hand-labelled sample when given."""
    inventory = load_inventory(args.repair)
    words = []
    for f in sorted(args.seeds.glob("*.txt")):
        if f.name.startswith("003"):
            continue  # the clean one
        words.extend(ocr_words(f.read_text(encoding="utf-8")))
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    readings = run_repair(args.repair, sorted(set(alpha)))
    invalid = [w for w in alpha if fold_lower(w) not in inventory]
    proposed = [w for w in invalid if readings.get(w)]
    print("== seeds 000, 001, 002, 004 (OCR)")
    print(f"words with a letter: {len(alpha)}; not a syllable after folding: {pct(len(invalid), len(alpha))}")
    print(f"  of those, a reading proposed: {pct(len(proposed), len(invalid))}")
    valid_changed = [w for w in alpha if fold_lower(w) in inventory and readings.get(w)]
    print(f"valid syllables given a reading: {pct(len(valid_changed), len(alpha))}")
    print("   ", collections.Counter((w, readings[w][0]) for w in valid_changed).most_common(25))
    if args.labels and args.labels.exists():
        weight = collections.Counter(w.lower() for w in alpha)
        raw_form = {}
        for w in alpha:  # the most common way each labelled word is written
            raw_form.setdefault(w.lower(), collections.Counter())[w] += 1
        s = collections.Counter()
        bad = []
        labels = []
        for line in args.labels.read_text(encoding="utf-8").split("\n"):
            if line and not line.startswith("#"):
                obs, truth = line.split("\t")[:2]
                labels.append((obs.lower(), truth))
        def raw(o):
            return raw_form[o].most_common(1)[0][0] if o in raw_form else o

        got = run_repair(args.repair, [raw(o) for o, _ in labels])
        for obs, truth in labels:
            n = max(weight[obs], 1)
            r = got.get(raw(obs), [])
            if truth == "-":
                s["nonwords"] += n
                s["proposed_nonword"] += n * bool(r)
                continue
            t = fold_lower(truth)
            kind = "invalid" if fold_lower(obs) not in inventory else "valid"
            s["syllables"] += n
            s["garbled"] += n
            s[f"garbled_{kind}"] += n
            s[f"proposed_{kind}"] += n * bool(r)
            s[f"top1_{kind}"] += n * (r[:1] == [t])
            s[f"top3_{kind}"] += n * (t in r[:3])
            if r[:1] != [t]:
                bad.append((obs, t, r, n))
        report(s, f"hand-labelled seed words, weighted by occurrences ({args.labels.name})")
        print(f"abbreviations/names given a reading: {pct(s['proposed_nonword'], s['nonwords'])}")
        if args.verbose:
            bad.sort(key=lambda b: -b[3])
            print("not restored at top-1:", bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["learn", "measure", "seeds", "pairs", "clean"])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ocr" / "corpus")
    ap.add_argument("--seeds", type=Path, default=Path("/work/shared/seeds"))
    ap.add_argument("--lang", default="eng")
    ap.add_argument("--split", default=None)
    ap.add_argument("--repair", default="target/release/examples/ocr_eval")
    ap.add_argument("--labels", type=Path)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.cmd == "learn":
        args.split = args.split or "train"
        learn(args)
    elif args.cmd == "measure":
        args.split = args.split or "test"
        measure(args)
    elif args.cmd == "clean":
        args.split = args.split or "test"
        clean(args)
    elif args.cmd == "pairs":
        for d, o, c in corpus_pairs(args.corpus, args.lang, args.split or "all"):
            print(f"{d}\t{o}\t{c}")
    else:
        seeds(args)


if __name__ == "__main__":
    main()
