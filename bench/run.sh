#!/bin/sh
# Benchmark: vanban beside the peer engines on one synthetic archive, in one run.
#
#   bench/run.sh [N]            N documents (default 20000)
#
# 1. generates the archive (bench/synth/make_archive.py) under $BENCH_DIR
#    unless it is there already;
# 2. builds vanban and examples/bench_queries in release once, and measures
#    copies of those binaries (the tree may change while the run goes on);
# 3. runs the peers' harness (../shared/peers/bench.py) on the same files
#    with the same queries;
# 4. indexes with vanban (`index --rebuild --json`, under /usr/bin/time -v
#    for peak RSS), measures the index size and the query latency;
# 5. writes bench/results/synth<N>.md: vanban's row beside the peers' rows.
#
# Environment:
#   BENCH_DIR   work directory (default /tmp/vanban-bench)
#   PEERS       comma list of peers for bench.py, or all (default at 20k or less:
#               sqlite-fts5-dfold,xapian-fold,tantivy-fold-t1,tantivy-fold-t2,lucene-fold-t2,ripgrep-t2;
#               tantivy-fold-t1,tantivy-fold-t2,sqlite-fts5-dfold,lucene-fold-t2 above)
#   SKIP_PEERS  1 = measure vanban only (reuses the last peers' summary if any)
#   WARMUP, REPEAT   query passes (default 3/3 at 20k or less, 2/2 above)
#   MEMORY      vanban --memory in MB (default 256, vanban's default)
#   THREADS     vanban --threads (default: vanban's default, all cores)
#   MODE        peers' query mode (default and)
#   SEED        archive seed (default 42)
#   VANBAN_BIN, BENCH_QUERIES_BIN   measure these binaries instead of building /work/main
#   BENCH_NOTE  a sentence printed under the table (what was special about this run)
#   PEERS_HOME  where setup.sh installed the peers (default ~/.cache/vanban-peers)
set -eu

N=${1:-20000}
here=$(cd "$(dirname "$0")" && pwd)
MAIN=$(cd "$here/.." && pwd)
SHARED=$(cd "$MAIN/../shared" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/vanban-bench}
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/vanban-peers}
PY=$PEERS_HOME/venv/bin/python
SEED=${SEED:-42}
MODE=${MODE:-and}
MEMORY=${MEMORY:-256}
LIMIT=10
if [ "$N" -le 20000 ]; then
  WARMUP=${WARMUP:-3}; REPEAT=${REPEAT:-3}
  PEERS=${PEERS:-sqlite-fts5-dfold,xapian-fold,tantivy-fold-t1,tantivy-fold-t2,lucene-fold-t2,ripgrep-t2}
else
  WARMUP=${WARMUP:-2}; REPEAT=${REPEAT:-2}
  PEERS=${PEERS:-tantivy-fold-t1,tantivy-fold-t2,sqlite-fts5-dfold,lucene-fold-t2}
fi
ARCHIVE=$BENCH_DIR/archive$N
DOCS=$ARCHIVE/docs
QUERIES=$ARCHIVE/queries.txt
RUN=$BENCH_DIR/run$N
PEERS_OUT=$BENCH_DIR/peers$N
INDEX=$BENCH_DIR/vanban-index$N
OUT=$MAIN/bench/results/synth$N.md
mkdir -p "$BENCH_DIR" "$RUN" "$MAIN/bench/results"

say() { echo "[bench $(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

if [ ! -x /usr/bin/time ]; then
  say "installing GNU time (/usr/bin/time)"
  apt-get install -y -qq time >/dev/null
fi

# 1. archive
if [ ! -f "$ARCHIVE/.complete" ] || [ "$(cat "$ARCHIVE/.complete")" != "n=$N seed=$SEED" ]; then
  say "generating $N documents into $ARCHIVE"
  python3 "$here/synth/make_archive.py" --out "$ARCHIVE" -n "$N" --seed "$SEED" | tee "$RUN/archive.log"
  echo "n=$N seed=$SEED" > "$ARCHIVE/.complete"
fi

# 2. binaries, built once and copied
mkdir -p "$BENCH_DIR/bin"
if [ -n "${VANBAN_BIN:-}" ]; then
  say "measuring the given binaries $VANBAN_BIN and ${BENCH_QUERIES_BIN:?BENCH_QUERIES_BIN too}"
  cp "$VANBAN_BIN" "$BENCH_DIR/bin/vanban"
  cp "$BENCH_QUERIES_BIN" "$BENCH_DIR/bin/bench_queries"
  BINARY=$VANBAN_BIN
else
  say "building vanban (release)"
  tries=0
  until (cd "$MAIN" && cargo build --release --quiet --bin vanban --example bench_queries) 2>"$RUN/build.log"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 5 ]; then
      cat "$RUN/build.log" >&2
      exit 1
    fi
    say "build failed (tree mid-edit?), retrying in 60 s"
    sleep 60
  done
  cp "$MAIN/target/release/vanban" "$BENCH_DIR/bin/vanban"
  cp "$MAIN/target/release/examples/bench_queries" "$BENCH_DIR/bin/bench_queries"
  BINARY=target/release/vanban
fi
BINARY_SHA=$(sha256sum "$BENCH_DIR/bin/vanban" | cut -c1-12)
GIT_REV=$(git -C "$MAIN" rev-parse HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(git -C "$MAIN" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock 2>/dev/null | wc -l)
VANBAN=$BENCH_DIR/bin/vanban

# page cache: read the archive once
docs=0; bytes=0
eval "$(find "$DOCS" -type f -name '*.txt' -printf '%s\n' | awk '{n++; b+=$1} END {printf "docs=%d; bytes=%d\n", n, b}')"
find "$DOCS" -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null
say "archive: $docs documents, $bytes bytes"

# 3. peers
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  if [ -x "$PY" ]; then
    say "peers: $PEERS (mode $MODE, warm-up $WARMUP, repeat $REPEAT)"
    rm -rf "$PEERS_OUT"
    "$PY" "$SHARED/peers/bench.py" --docs "$DOCS" --queries "$QUERIES" --out "$PEERS_OUT" \
      --work "$BENCH_DIR/peers-work" --peers "$PEERS" --mode "$MODE" --k "$LIMIT" \
      --warmup "$WARMUP" --repeat "$REPEAT" > "$RUN/peers.log" 2>&1 || say "bench.py failed, see $RUN/peers.log"
    grep -E '^(==|   )' "$RUN/peers.log" || true
  else
    say "peers not installed ($PY missing): run sh $SHARED/peers/setup.sh as root; measuring vanban only"
  fi
fi

# 4. vanban: index, size, queries
rm -rf "$INDEX"
set -- --index "$INDEX" index --rebuild --json --memory "$MEMORY"
[ -n "${THREADS:-}" ] && set -- "$@" --threads "$THREADS"
LOAD_INDEX=$(load1)
say "vanban index ($*)"
# Peak anonymous memory (heap: writer buffers and the files being read),
# sampled beside GNU time's peak RSS, which also counts the index files that
# merges map into memory.
/usr/bin/time -v -o "$RUN/index.time" "$VANBAN" "$@" "$DOCS" > "$RUN/index.json" 2> "$RUN/index.err" &
timer=$!
anon=0
while kill -0 "$timer" 2>/dev/null; do
  for child in $(pgrep -P "$timer"); do
    a=$(awk '/^RssAnon/ {print $2}' "/proc/$child/status" 2>/dev/null || true)
    if [ -n "$a" ] && [ "$a" -gt "$anon" ]; then anon=$a; fi
  done
  sleep 0.1
done
echo "$anon" > "$RUN/index.anon_kb"
if ! wait "$timer"; then
  say "vanban index FAILED, see $RUN/index.err:"
  grep -m1 -A1 panicked "$RUN/index.err" >&2 || tail -3 "$RUN/index.err" >&2
  exit 1
fi
INDEX_BYTES=$(du -sb "$INDEX" | cut -f1)
INDEX_PARTS=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$INDEX/meta.json")
say "index: $(cat "$RUN/index.json"), $INDEX_BYTES bytes on disk in $INDEX_PARTS segments"
# The index just written is still going to disk (1.2 GB at 200k documents):
# queries are timed once it is there and the machine has settled (1-min
# load under 1.5, or at most a minute), not beside the writeback.
sync
settle=0
while [ "$settle" -lt 60 ] && awk '{exit !($1 >= 1.5)}' /proc/loadavg; do
  sleep 5
  settle=$((settle + 5))
done
LOAD_QUERY=$(load1)
say "vanban queries"
/usr/bin/time -v -o "$RUN/query.time" "$BENCH_DIR/bin/bench_queries" --index "$INDEX" --queries "$QUERIES" \
  --warmup "$WARMUP" --repeat "$REPEAT" --limit "$LIMIT" --json > "$RUN/queries.json"
"$BENCH_DIR/bin/bench_queries" --index "$INDEX" --queries "$QUERIES" --warmup 1 --repeat 1 --limit "$LIMIT" \
  | tee "$RUN/queries.txt"

cat > "$RUN/meta.env" <<EOF
N=$N
SEED=$SEED
ARCHIVE=$ARCHIVE
DOCS=$docs
BYTES=$bytes
QUERIES_FILE=$QUERIES
LIMIT=$LIMIT
MODE=$MODE
WARMUP=$WARMUP
REPEAT=$REPEAT
MEMORY_MB=$MEMORY
THREADS=${THREADS:-$(nproc)}
BINARY=$BINARY (sha256 $BINARY_SHA)
GIT_REV=$GIT_REV
GIT_DIRTY=$GIT_DIRTY
INDEX_BYTES=$INDEX_BYTES
INDEX_PARTS=$INDEX_PARTS
LOAD_INDEX=$LOAD_INDEX
LOAD_QUERY=$LOAD_QUERY
DATE=$(date -u +%Y-%m-%dT%H:%MZ)
COMMAND=bench/run.sh $N
NOTE=${BENCH_NOTE:-}
EOF

# 5. table
python3 "$here/report.py" --run "$RUN" --peers "$PEERS_OUT/summary.json" --out "$OUT" \
  --hits-out "$MAIN/bench/results/synth$N-hits.md"
say "wrote $OUT"
