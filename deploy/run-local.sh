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

# The flink-conf/ add-opens are what Flink's own scripts pass on Java 17.
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
exec java -Xmx${PIPELINE_HEAP:-2g} \
  -Dlogback.configurationFile=flink-conf/logback-console.xml \
  $(cat flink-conf/java17-opens.txt) \
  -cp "target/classes:$(cat target/local-classpath.txt)" \
  dev.engagement.pipeline.Pipeline "${args[@]}"
