#!/usr/bin/env bash
# The pipeline with its lake on Blob storage (Azurite, wasb://), bronze on local disk: one full
# run on a freshly started emulator, then the whole run's time, the commit's (from the run's stage
# log), the peak RSS and the HTTP requests by method (from the emulator's debug log):
#   deploy/benchmark-blob.sh --rows N [--shape realistic|uniform]
# Bronze is generated once into $BENCH_DIR (default /tmp/engagement-bench). Port 10000 must be
# free (no other Azurite). docs/performance.md has the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=200000 shape=realistic
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --shape) shape=$2; shift 2 ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
bench=${BENCH_DIR:-/tmp/engagement-bench}
data=$bench/bronze-$shape-$rows-16
if [ ! -f "$data.done" ]; then
  rm -rf "$data"
  deploy/generate-bronze.sh --rows "$rows" --files 16 --seed 42 --shape "$shape" --out "$data"
  touch "$data.done"
fi
deploy/run-local.sh --help >/dev/null # build before anything is timed
work=$(mktemp -d)
trap 'deploy/azurite.sh stop >/dev/null; rm -rf "$work"' EXIT
printf 'fs.azure.storage.emulator.account.name: devstoreaccount1.blob.core.windows.net\n' > "$work/azure.yaml"
AZURITE_DEBUG_LOG="$work/requests.log" deploy/azurite.sh start >/dev/null
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/rss" deploy/run-local.sh --bronze "$data" \
  --lake "wasb://bench@devstoreaccount1.blob.core.windows.net/lake" --conf "$work/azure.yaml" --web-ui false \
  > "$work/run.log" 2>&1 || { tail -20 "$work/run.log"; exit 1; }
end=$(date +%s.%N)
stage() { grep -o "[0-9:.]* INFO .*stage $1 done" "$work/run.log" | cut -d' ' -f1; }
seconds() { date -d "$1" +%s.%N; }
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "bronze: $rows $shape rows ($data), lake on Azurite (wasb://)"
awk -v s="$start" -v e="$end" -v r="$rows" 'BEGIN { printf "whole run: %.1f s (%.0f rows/s)\n", e - s, r / (e - s) }'
awk -v a="$(seconds "$(stage Transform)")" -v b="$(seconds "$(stage ReadBronze)")" 'BEGIN { printf "job: %.1f s\n", a - b }'
awk -v a="$(seconds "$(stage Commit)")" -v b="$(seconds "$(stage QualityCheck)")" 'BEGIN { printf "commit: %.1f s\n", a - b }'
awk -v a="$(seconds "$(stage Vacuum)")" -v b="$(seconds "$(stage Commit)")" 'BEGIN { printf "vacuum: %.1f s\n", a - b }'
echo "peak RSS: $(( $(cat "$work/rss") / 1024 )) MiB"
echo "requests: $(grep -c 'BlobStorageContextMiddleware: RequestMethod' "$work/requests.log")" \
  "($(grep -o 'BlobStorageContextMiddleware: RequestMethod=[A-Z]*' "$work/requests.log" | cut -d= -f2 | sort | uniq -c \
  | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}'))"
