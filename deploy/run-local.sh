#!/usr/bin/env bash
# Runs the pipeline on an embedded Flink MiniCluster, with the Flink web UI served while it runs.
# With no options it reads testdata/bronze and writes target/lake; any option of the job
# (see --help) can be given, e.g. deploy/run-local.sh --bronze /data/bronze --lake /data/lake
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/student-engagement-pipeline-*.jar 2>/dev/null | grep -v original- | head -1 || true)
if [ -z "$jar" ] || [ ! -f target/local-classpath.txt ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "Building the job jar (mvn package)..." >&2
  mvn -B -q package -DskipTests >&2
  jar=$(ls target/student-engagement-pipeline-*.jar | grep -v original- | head -1)
fi

args=("$@")
has() { local o; for o in "${args[@]}"; do [ "$o" = "$1" ] && return 0; done; return 1; }
has --bronze || has --help || args+=(--bronze testdata/bronze)
has --lake || has --help || args+=(--lake target/lake)
has --web-ui || has --help || args+=(--web-ui true)

# The flink-conf/ add-opens are what Flink's own scripts pass on Java 17. The class path is jars
# only (the job's unshaded jar first), so that the JVM can map its classes from a CDS archive.
# The parallel collector: a batch run wants throughput, not short pauses, and G1's barriers cost
# it 8-14% of the wall time at 10M rows (docs/performance.md).
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
java=(java -Xmx${PIPELINE_HEAP:-2g} -XX:+UseParallelGC -Dlogback.configurationFile=flink-conf/logback-console.xml
  $(cat flink-conf/java17-opens.txt)
  -cp "target/original-$(basename "$jar"):$(cat target/local-classpath.txt)")

# Class-data sharing: loading and verifying Flink's, Calcite's and the planner's ~21,000 classes
# costs seconds at every start. After each build, one run on testdata/ records them into an
# archive that later runs map in (docs/performance.md); a stale or missing archive only costs
# that time back.
cds=target/pipeline-cds.jsa
if [ ! -f "$cds" ] || [ "$jar" -nt "$cds" ]; then
  echo "Recording the class-data sharing archive (once per build)..." >&2
  scratch=$(mktemp -d)
  "${java[@]}" -XX:ArchiveClassesAtExit="$cds" -Xlog:cds=off -Xlog:cds+dynamic=off \
    dev.engagement.pipeline.Pipeline --bronze testdata/bronze --lake "$scratch/lake" >/dev/null 2>&1 \
    || rm -f "$cds"
  rm -rf "$scratch"
fi
[ -f "$cds" ] && java+=(-XX:SharedArchiveFile="$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)

# The JIT for the size of what the run reads. A small run is all cold code (planning, code
# generation, start-up), and on 2 cores the C2 compiler takes the CPU it needs: 31 rows take
# 8.3 s with C2, 5.0 s without. From about a million rows (34 MB) on, the data path needs C2
# (10M rows: 64 s with it, 118 s without). An incremental run over a local lake that has a
# watermark counts only the bronze files changed since its last committed run started (the
# run id in watermark.json begins with that time), as those are the ones it will read, plus the
# committed gold, which its merge rereads: 1% new rows over the 10M realistic lake (3.5 + 11.6
# MB) take 13.7 s with C1 against 17-23 s tiered; over the 10M uniform lake (3.5 + 204 MB) C1
# took 98 s. A wrong guess costs time, never rows. PIPELINE_JIT=c1 or tiered overrides; a
# bronze folder that is not local gets tiered.
value_of() { local i; for ((i = 0; i < ${#args[@]} - 1; i++)); do [ "${args[i]}" = "$1" ] && echo "${args[i + 1]}"; done; return 0; }
local_path() { local p=${1#file://}; echo "${p#file:}"; }
jit=${PIPELINE_JIT:-auto}
if [ "$jit" = auto ]; then
  jit=tiered
  bronze=$(local_path "$(value_of --bronze)")
  lake=$(local_path "$(value_of --lake)")
  since=
  if [ "$(value_of --mode)" != full ]; then
    watermark="$lake/_pipeline/$(value_of --pipeline-name | grep . || echo StudentEngagement)/watermark.json"
    # "runId" : "20261202T195436Z-41419e8e" -> 2026-12-02T19:54:36Z
    since=$(sed -nE 's/.*"runId" *: *"([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z.*/\1-\2-\3T\4:\5:\6Z/p' "$watermark" 2>/dev/null || true)
  fi
  if [ -d "$bronze" ]; then
    bytes=$( (find -L "$bronze" -type f ${since:+-newermt "$since"} -printf '%s\n'
      [ -z "$since" ] || find -L "$lake/gold/student_course_engagement" -type f -printf '%s\n' 2>/dev/null || true
    ) | awk '{ s += $1 } END { print s + 0 }')
    [ "$bytes" -lt $((16 * 1024 * 1024)) ] && jit=c1
  fi
fi
[ "$jit" = c1 ] && java+=(-XX:TieredStopAtLevel=1)
exec "${java[@]}" dev.engagement.pipeline.Pipeline "${args[@]}"
