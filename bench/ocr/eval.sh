#!/bin/sh
# Search quality on OCR'd documents, one command (issue 6):
#
#   bench/ocr/eval.sh
#
# 1. builds vanban in release from this tree and measures a copy of the binary;
# 2. builds vanban as it was before OCR repair ($BEFORE_REV, default 0ee657e)
#    in a temporary git worktree (skipped, saying so, when git or the
#    worktree is unavailable);
# 3. runs bench/ocr/eval_search.py: four indexes made of the committed
#    parallel corpus tests/fixtures/ocr/corpus (clean, Tesseract -l eng,
#    Tesseract -l vie; regenerate with make_corpus.sh) and ~300 clean
#    distractors of ../shared/data, the corpus's 620 title and phrase queries,
#    vanban before and after beside the peers of ../shared/peers (those not
#    installed are skipped), recall@10 and MRR;
# 4. writes bench/results/ocr-search.md and prints it.
#
# About 15 minutes on 2 cores. Environment:
#   WORK        work directory (default /tmp/vanban-ocr-search)
#   BEFORE_REV  the "before" commit (default 0ee657e); BEFORE=0 leaves it out
#   PEERS       comma list for ../shared/peers/bench.py (default
#               sqlite-fts5-dfold,tantivy-fold-t1,lucene-fold-t1,xapian-fold,ripgrep-t1;
#               empty = no peers)
#   MODES       peers' query modes (default or,and)
#   PEERS_HOME  where ../shared/peers/setup.sh installed them (default ~/.cache/vanban-peers)
#   REUSE=1     reuse the rankings of an earlier run in WORK (same binaries)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
MAIN=$(cd "$here/../.." && pwd)
WORK=${WORK:-/tmp/vanban-ocr-search}
BEFORE_REV=${BEFORE_REV:-0ee657e}
BEFORE=${BEFORE:-1}
PEERS=${PEERS-sqlite-fts5-dfold,tantivy-fold-t1,lucene-fold-t1,xapian-fold,ripgrep-t1}
MODES=${MODES:-or,and}
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/vanban-peers}
export PEERS_HOME
mkdir -p "$WORK/bin"

say() { echo "[ocr-eval $(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }

# 1. vanban from this tree (retry: the tree may be mid-edit)
say "building vanban (release) in $MAIN"
tries=0
until (cd "$MAIN" && cargo build --release --quiet --bin vanban); do
  tries=$((tries + 1))
  if [ "$tries" -ge 5 ]; then say "vanban does not build"; exit 1; fi
  say "build failed; retrying in 60 s ($tries/5)"
  sleep 60
done
cp "$MAIN/target/release/vanban" "$WORK/bin/vanban-after"
tree="$(git -C "$MAIN" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$MAIN" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  tree="$tree + uncommitted changes"
fi

# 2. vanban before OCR repair, in a temporary worktree
set -- --work "$WORK" --after "$WORK/bin/vanban-after" --after-label "vanban (now, with OCR repair)" \
  --peers "$PEERS" --modes "$MODES" --failures "$WORK/title-failures.jsonl" \
  --out "$MAIN/bench/results/ocr-search.md" --after-tree "$tree"
if [ "$BEFORE" = 1 ]; then
  bin="$WORK/bin/vanban-$BEFORE_REV"
  if [ ! -x "$bin" ]; then
    src="$WORK/before-src"
    if [ -e "$src" ]; then git -C "$MAIN" worktree remove --force "$src" 2>/dev/null || rm -rf "$src"; fi
    if command -v git >/dev/null 2>&1 && git -C "$MAIN" rev-parse --verify -q "$BEFORE_REV^{commit}" >/dev/null \
       && git -C "$MAIN" worktree add --detach "$src" "$BEFORE_REV" >/dev/null 2>&1; then
      tgt="$WORK/before-target"
      if [ ! -d "$tgt/release" ] && [ -d "$MAIN/target/release/deps" ]; then
        mkdir -p "$tgt" && cp -a "$MAIN/target/release" "$tgt/"   # reuse compiled dependencies
      fi
      say "building vanban $BEFORE_REV (release) in $src"
      if (cd "$src" && CARGO_TARGET_DIR="$tgt" cargo build --release --quiet --bin vanban); then
        cp "$tgt/release/vanban" "$bin"
        rm -rf "$tgt"
      else
        say "vanban $BEFORE_REV does not build: left out"
      fi
      git -C "$MAIN" worktree remove --force "$src" || true
    else
      say "git worktree unavailable (or no commit $BEFORE_REV): vanban before OCR repair left out"
    fi
  fi
  if [ -x "$bin" ]; then set -- "$@" --before "$bin" --before-label "vanban $BEFORE_REV (before OCR repair)"; fi
else
  say "BEFORE=0: vanban before OCR repair left out"
fi

# 3-4. the evaluation
if [ "${REUSE:-0}" = 1 ]; then set -- "$@" --reuse; fi
python3 "$here/eval_search.py" "$@"
