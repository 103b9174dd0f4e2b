#!/usr/bin/env bash
# The pipeline against DuckDB on the same generated bronze (README, "Performance"):
#   deploy/benchmark.sh --rows N [--runs 3] [--files K]                full runs, both engines
#   deploy/benchmark.sh --rows N --incremental [--new-percent 1] [--new-courses 500]
#                                                                    incremental runs over a lake of N rows
#   deploy/benchmark.sh --rows N --pipeline-only [--runs 1]           the pipeline alone (the scale test)
# PIPELINE_HEAP (default 2g) is the embedded TaskManager's heap; its managed memory is 1g.
# Data is generated once into $BENCH_DIR (default /tmp/engagement-bench) and reused. The last line
# is "pipeline/duckdb = R" (or "incremental/full = R"), the ratio of the median wall times.
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_VERSION=1.4.4.0
rows=1000000 files=16 passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --runs|--new-percent|--new-start|--new-courses) passthrough+=("$1" "$2"); shift 2 ;;
    --incremental|--pipeline-only) passthrough+=("$1"); shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
bench=${BENCH_DIR:-/tmp/engagement-bench}
data=$bench/bronze-$rows-$files
mkdir -p "$bench"

# Build before anything is timed: the job (run-local.sh builds it when stale) and the reference.
deploy/run-local.sh --help >/dev/null
duckdb_jar=target/benchmark/duckdb_jdbc-$DUCKDB_VERSION.jar
[ -f "$duckdb_jar" ] || mvn -B -q dependency:copy -Dartifact=org.duckdb:duckdb_jdbc:$DUCKDB_VERSION -DoutputDirectory=target/benchmark
mkdir -p target/benchmark/classes
javac -d target/benchmark/classes deploy/benchmark/DuckDbReference.java

if [ ! -f "$data.done" ]; then
  rm -rf "$data"
  deploy/generate-bronze.sh --rows "$rows" --files "$files" --seed 42 --out "$data"
  touch "$data.done"
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "bronze: $rows rows in $files files, $(du -sh "$data" | cut -f1) ($data)"
exec python3 deploy/benchmark/benchmark.py --data "$data" --work "$bench/work-$rows" \
  --duckdb-classpath "target/benchmark/classes:$duckdb_jar" "${passthrough[@]}"
