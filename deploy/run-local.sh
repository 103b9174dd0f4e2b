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
# it 8-14% of the wall time at 10M rows (README, "Performance").
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
java=(java -Xmx${PIPELINE_HEAP:-2g} -XX:+UseParallelGC -Dlogback.configurationFile=flink-conf/logback-console.xml
  $(cat flink-conf/java17-opens.txt)
  -cp "target/original-$(basename "$jar"):$(cat target/local-classpath.txt)")

# Class-data sharing: loading and verifying Flink's, Calcite's and the planner's ~21,000 classes
# costs seconds at every start. After each build, one run on testdata/ records them into an
# archive that later runs map in (README, "Performance"); a stale or missing archive only costs
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

# The JIT for the input's size. A small run is all cold code (planning, code generation, start-up),
# and on 2 cores the C2 compiler takes the CPU it needs: 31 rows take 8.3 s with C2, 5.0 s without.
# From about a million rows (34 MB) on, the data path needs C2 (10M rows: 64 s with it, 118 s
# without). PIPELINE_JIT=c1 or tiered overrides; a bronze folder that is not local gets tiered.
jit=${PIPELINE_JIT:-auto}
if [ "$jit" = auto ]; then
  jit=tiered
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    [ "${args[i]}" = --bronze ] || continue
    bronze=${args[i + 1]#file://}
    bronze=${bronze#file:}
    if [ -d "$bronze" ] && [ "$(du -sbL "$bronze" | cut -f1)" -lt $((16 * 1024 * 1024)) ]; then jit=c1; fi
  done
fi
[ "$jit" = c1 ] && java+=(-XX:TieredStopAtLevel=1)
exec "${java[@]}" dev.engagement.pipeline.Pipeline "${args[@]}"
