#!/bin/sh
# Benchmark: vanban beside the peer engines on the real documents of
# ../shared/data (its .txt files: laws, decisions, gazette texts), in one run.
#
#   bench/real.sh
#
# 1. copies the .txt files of ../shared/data to $WORK/docs (the peers'
#    harness reads a folder of .txt files);
# 2. builds vanban and examples/bench_queries in release;
# 3. runs the peers' harness (../shared/peers/bench.py) on those files with
#    the queries of bench/real-queries.txt;
# 4. indexes them with vanban three times (`index --rebuild`, under
#    /usr/bin/time), then times the same queries;
# 5. writes bench/results/real.md.
#
# About a minute on 2 cores. Environment:
#   WORK        work directory (default /tmp/vanban-real)
#   PEERS       comma list for bench.py (default
#               tantivy-fold-t1,tantivy-fold-t2,sqlite-fts5-dfold,lucene-fold-t2)
#   PEERS_HOME  where ../shared/peers/setup.sh installed them (default ~/.cache/vanban-peers)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
MAIN=$(cd "$here/.." && pwd)
SHARED=$(cd "$MAIN/../shared" && pwd)
WORK=${WORK:-/tmp/vanban-real}
PEERS=${PEERS:-tantivy-fold-t1,tantivy-fold-t2,sqlite-fts5-dfold,lucene-fold-t2}
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/vanban-peers}
PY=$PEERS_HOME/venv/bin/python
QUERIES=$MAIN/bench/real-queries.txt
OUT=$MAIN/bench/results/real.md
say() { echo "[real $(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }

rm -rf "$WORK/docs" "$WORK/index" "$WORK/peers"
mkdir -p "$WORK/docs"
(cd "$SHARED/data" && find . -name '*.txt' | while read -r f; do
  mkdir -p "$WORK/docs/$(dirname "$f")"
  cp "$f" "$WORK/docs/$f"
done)
say "documents: $(find "$WORK/docs" -name '*.txt' | wc -l) files, $(du -sb "$WORK/docs" | cut -f1) bytes"

say "building vanban (release)"
(cd "$MAIN" && cargo build --release --quiet --bin vanban --example bench_queries)
VANBAN=$MAIN/target/release/vanban
QBIN=$MAIN/target/release/examples/bench_queries

if [ -x "$PY" ]; then
  say "peers: $PEERS"
  "$PY" "$SHARED/peers/bench.py" --docs "$WORK/docs" --queries "$QUERIES" --out "$WORK/peers" \
    --work "$WORK/peers-work" --peers "$PEERS" --mode and --k 10 --warmup 1 --repeat 5 >&2
else
  say "peers not installed ($PY missing): run sh $SHARED/peers/setup.sh as root; measuring vanban only"
fi

: > "$WORK/vanban-runs.txt"
for run in 1 2 3; do
  rm -rf "$WORK/index"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" \
    "$VANBAN" --index "$WORK/index" index --rebuild --json "$WORK/docs" > "$WORK/index.json"
  echo "$(cat "$WORK/time.txt") $(cat "$WORK/index.json")" >> "$WORK/vanban-runs.txt"
  say "vanban run $run: $(cat "$WORK/time.txt") (wall s, user s, sys s, peak RSS KB)"
done
"$QBIN" --index "$WORK/index" --queries "$QUERIES" --warmup 1 --repeat 5 --limit 10 --json \
  > "$WORK/queries.json"

python3 - "$WORK" "$OUT" <<'EOF'
import json, os, subprocess, sys
work, out = sys.argv[1], sys.argv[2]
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(work, "docs")) for f in fs)
mb = size / 1e6
runs = []
for line in open(os.path.join(work, "vanban-runs.txt")):
    wall, user, sys_, rss, rest = line.split(" ", 4)
    runs.append((float(wall), float(user) + float(sys_), int(rss) / 1024, json.loads(rest)))
q = json.load(open(os.path.join(work, "queries.json")))
index_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(work, "index")) for f in fs) / 1e6
docs = runs[0][3]["added"]
rows = []
for wall, cpu, rss, _ in runs:
    rows.append(f"| **vanban** | 2 | {wall:.2f} | {cpu:.2f} | {docs / wall:.0f} | {mb / wall:.1f} | {index_mb:.1f} | {rss:.0f} | {q['p50_ms']:.2f} | {q['p95_ms']:.2f} |")
peers = os.path.join(work, "peers", "summary.json")
if os.path.exists(peers):
    for p in json.load(open(peers)):
        rows.append(f"| {p['peer']} | {p['threads']} | {p['build_s']:.2f} | {p['build_cpu_s']:.2f} | {p['docs_per_s']:.0f} | {p['mb_per_s']:.1f} | {p['index_mb']:.1f} | {p['build_rss_mb']:.0f} | {p['p50_ms']:.2f} | {p['p95_ms']:.2f} |")
git = subprocess.run(["git", "-C", os.path.dirname(out), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
with open(out, "w") as f:
    f.write("# vanban beside the peers: the real documents of ../shared/data\n\n")
    f.write(f"Documents: the {docs} `.txt` files of `../shared/data` ({mb:.1f} MB). Queries: `bench/real-queries.txt` ({q.get('queries', '?')} queries), top-10, 1 warm-up + 5 timed passes; peers in mode **and**. vanban at git {git}: three runs of `index --rebuild` (one row each; latency measured once, on the last index). Command: `bench/real.sh`.\n\n")
    f.write("| engine | thr | build s | build CPU s | docs/s | MB/s | index MB | build RSS MB | p50 ms | p95 ms |\n")
    f.write("|---|---|---|---|---|---|---|---|---|---|\n")
    f.write("\n".join(rows) + "\n\n")
    f.write("vanban build s = wall clock of `vanban index` from process start to exit (walk, read, decode, header, number, date and citation reading, every view, stored text, commit, merges); the peers' build s is measured inside their worker (see `../shared/peers/README.md`). vanban latency = `search()` end to end (`examples/bench_queries.rs`): ranking, the stored text read back and a snippet cut from it for each hit; the peers return the top-10 paths only.\n")
print(open(out).read())
EOF
