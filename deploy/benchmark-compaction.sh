#!/usr/bin/env bash
# Compaction, measured (docs/performance.md, "Compaction"): a lake after N nightly loads (each an
# incremental run of deploy/run-local.sh over one more generated night, its logins over the 40
# days before it), then optimize. Before and after: the current files of each table (from the
# Delta log), and a full scan of silver by DuckDB (its current files) and by delta-spark.
#   deploy/benchmark-compaction.sh [--nights 30] [--rows 20000]   (rows per night)
# Data and lake go to $BENCH_DIR (default /tmp/engagement-bench)/compaction-N-R, made anew.
set -euo pipefail
cd "$(dirname "$0")/.."
nights=30 rows=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --nights) nights=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    *) echo "unknown option $1 (--nights N, --rows R)" >&2; exit 2 ;;
  esac
done
dir=${BENCH_DIR:-/tmp/engagement-bench}/compaction-$nights-$rows
rm -rf "$dir" && mkdir -p "$dir/bronze"
lake=$dir/lake

duckdb_jar=target/benchmark/duckdb_jdbc-2.0.0.1.jar
[ -f "$duckdb_jar" ] || mvn -B -q dependency:copy -Dartifact=org.duckdb:duckdb_jdbc:2.0.0.1 -DoutputDirectory=target/benchmark
[ -f target/delta-reader/.done ] || {
  mvn -B -q -f deploy/delta-reader/pom.xml dependency:copy-dependencies -DincludeScope=runtime && touch target/delta-reader/.done; }
mkdir -p target/benchmark/classes target/delta-reader-classes
javac -cp "$duckdb_jar" -d target/benchmark/classes deploy/benchmark/ScanFiles.java
javac -cp 'target/delta-reader/*' -d target/delta-reader-classes deploy/delta-reader/SparkDeltaReader.java

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); $nights nights of $rows rows"
began=$(date +%s)
for ((n = 0; n < nights; n++)); do
  deploy/generate-bronze.sh --night "$n" --rows "$rows" --out "$dir/bronze" >/dev/null
  deploy/run-local.sh --bronze "$dir/bronze" --lake "$lake" --web-ui false --progress false >/dev/null 2>"$dir/run.log"
done
echo "$nights incremental runs: $(( $(date +%s) - began )) s"

# The current files of a table: the JSON commits replayed (the log keeps them all for 30 days).
current() {
  python3 - "$lake/$1" <<'PY'
import json, os, sys, urllib.parse
table = sys.argv[1]; live = {}
log = os.path.join(table, "_delta_log")
for name in sorted(n for n in os.listdir(log) if n.endswith(".json") and n[:20].isdigit()):
    for line in open(os.path.join(log, name)):
        a = json.loads(line)
        if "add" in a: live[a["add"]["path"]] = True
        if "remove" in a: live.pop(a["remove"]["path"], None)
for p in sorted(live): print(os.path.join(table, urllib.parse.unquote(p)))
PY
}
measure() {
  echo "$1:"
  for t in silver/student_engagement quality/null_violations quality/rejected_rows gold/student_course_engagement \
           gold/top_students gold/course_completion; do
    printf '  %-32s %6d files\n' "$t" "$(current $t | wc -l)"
  done
  current silver/student_engagement > "$dir/silver-files.txt"
  java -Xmx2g -cp "target/benchmark/classes:$duckdb_jar" ScanFiles "$dir/silver-files.txt"
  local spark=(java -Xmx2g $(cat flink-conf/java17-opens.txt) --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
    -cp "target/delta-reader/*:target/delta-reader-classes" SparkDeltaReader "$lake" "$dir/spark-out")
  local t0 t1 t2
  t0=$(date +%s%N); "${spark[@]}" "sql:SELECT 1" >/dev/null 2>&1; t1=$(date +%s%N)
  "${spark[@]}" 'sql:SELECT count(*), sum(EngagementScore), max(LoginTime), count(DISTINCT StudentID) FROM delta.`$LAKE/silver/student_engagement`' >/dev/null 2>&1
  t2=$(date +%s%N)
  echo "  delta-spark: scan $(( (t2 - t1 - (t1 - t0)) / 1000000 )) ms (wall $(( (t2 - t1) / 1000000 )) ms less a session that scans nothing, $(( (t1 - t0) / 1000000 )) ms)"
}
measure "before optimize"
timed=()
[ -x /usr/bin/time ] && timed=(/usr/bin/time -f "optimize: %e s wall, peak RSS %M KB" -o "$dir/optimize.time")
"${timed[@]}" deploy/pipeline.sh optimize --lake "$lake" 2>/dev/null | sed 's/^/  /'
[ -f "$dir/optimize.time" ] && cat "$dir/optimize.time"
measure "after optimize"
