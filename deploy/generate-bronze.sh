#!/usr/bin/env bash
# Deterministic bronze parquet for benchmarks and long tests (see BronzeGenerator):
#   deploy/generate-bronze.sh --rows N --files K --seed S --out URI [--start yyyy-MM-dd] [--courses C]
#                             [--shape uniform|realistic] [--course-seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/local-classpath.txt ] && [ -d target/classes ] || mvn -B -q package -DskipTests >&2
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
exec java -Xmx1g -Dlogback.configurationFile=flink-conf/logback-console.xml \
  -cp "target/classes:$(cat target/local-classpath.txt)" dev.engagement.pipeline.tools.BronzeGenerator "$@"
