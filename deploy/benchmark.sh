#!/usr/bin/env bash
# The pipeline against DuckDB and Spark on the same generated bronze (docs/performance.md):
#   deploy/benchmark.sh --rows N [--runs 3] [--files K] [--shape both]  full runs, all three engines
#   deploy/benchmark.sh --rows N --incremental [--new-percent 1] [--new-courses 500]
#                                                                    incremental runs over a lake of N rows
#   deploy/benchmark.sh --rows N --pipeline-only [--runs 1]           the pipeline alone (the scale test)
#   deploy/benchmark.sh --rows N --blob                              the lake on Blob storage (Azurite):
#                                                                    deploy/benchmark-blob.sh, requests by method
# --shape realistic|uniform|both (default both) picks the generated bronze (see BronzeGenerator),
# one benchmark after the other. PIPELINE_HEAP (default 2g) is the embedded TaskManager's heap,
# PIPELINE_MANAGED its managed memory (default the pipeline's: an eighth of the machine's memory,
# between 1g and 4g); DUCKDB_HEAP and SPARK_HEAP (default 2g) the references' heaps.
# Data is generated once into $BENCH_DIR (default /tmp/engagement-bench) and reused. A full
# comparison fails unless every engine wrote the same rows to every table (row counts and content
# fingerprints); its last line is "pipeline/duckdb = R, pipeline/spark = S", the ratios of the
# median wall times ("incremental/full = R" for incremental runs).
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_VERSION=2.0.0.1
rows=1000000 files=16 shapes=(uniform realistic) passthrough=() blob=
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --shape)
      case "$2" in
        both) shapes=(uniform realistic) ;;
        uniform|realistic) shapes=("$2") ;;
        *) echo "--shape is realistic, uniform or both, not $2" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --runs|--new-percent|--new-start|--new-courses) passthrough+=("$1" "$2"); shift 2 ;;
    --incremental|--pipeline-only) passthrough+=("$1"); shift ;;
    --blob) blob=1; shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
[ -z "$blob" ] || exec deploy/benchmark-blob.sh --rows "$rows" --shape "${shapes[-1]}"
bench=${BENCH_DIR:-/tmp/engagement-bench}
mkdir -p "$bench"

# Build before anything is timed: the job (run-local.sh builds it when stale) and the references.
deploy/run-local.sh --help >/dev/null
duckdb_jar=target/benchmark/duckdb_jdbc-$DUCKDB_VERSION.jar
[ -f "$duckdb_jar" ] || mvn -B -q dependency:copy -Dartifact=org.duckdb:duckdb_jdbc:$DUCKDB_VERSION -DoutputDirectory=target/benchmark
[ -f target/benchmark/spark/.done ] || {
  mvn -B -q -f deploy/benchmark/spark/pom.xml dependency:copy-dependencies -DincludeScope=runtime
  touch target/benchmark/spark/.done
}
mkdir -p target/benchmark/classes
javac -d target/benchmark/classes deploy/benchmark/DuckDbReference.java deploy/benchmark/Fingerprint.java
javac -cp 'target/benchmark/spark/*' -d target/benchmark/classes deploy/benchmark/SparkReference.java

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
for shape in "${shapes[@]}"; do
  # Uniform keeps the folder name it had before there were shapes, so existing data is reused.
  data=$bench/bronze-$rows-$files
  [ "$shape" = uniform ] || data=$bench/bronze-$shape-$rows-$files
  if [ ! -f "$data.done" ]; then
    rm -rf "$data"
    deploy/generate-bronze.sh --rows "$rows" --files "$files" --seed 42 --shape "$shape" --out "$data"
    touch "$data.done"
  fi
  echo
  echo "== shape $shape: $rows rows in $files files, $(du -sh "$data" | cut -f1) ($data)"
  python3 deploy/benchmark/benchmark.py --data "$data" --work "$bench/work-$shape-$rows" --shape "$shape" \
    --duckdb-classpath "target/benchmark/classes:$duckdb_jar" --duckdb-heap "${DUCKDB_HEAP:-2g}" \
    --spark-classpath "target/benchmark/classes:target/benchmark/spark/*" --spark-heap "${SPARK_HEAP:-2g}" \
    "${passthrough[@]}"
done
