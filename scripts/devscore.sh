#!/usr/bin/env bash
# Extract a gold corpus afresh and score it with the shared scorer.
# usage: scripts/devscore.sh [seeds|dev] [--detail] [grep-pattern for detail lines]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-dev}; shift || true
case "$which" in
  seeds) dir=$here/../shared/seeds ;;
  dev) dir=$here/../shared/corpora/dev ;;
  *) dir=$which ;;
esac
tmp=$(mktemp -d)
"$here/.venv/bin/reportminer" extract "$dir" -o "$tmp/out.jsonl" -q --overwrite
python3 "$here/../shared/eval/score.py" --gold "$dir/gold" --pred "$tmp/out.jsonl" "$@"
rm -rf "$tmp"
