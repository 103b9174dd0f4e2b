#!/usr/bin/env bash
# The last runs and the latest error records of a lake, from its run log:
#   deploy/pipeline-status.sh --lake URI [--runs N] [--errors N] [--json]
# (For abfss:// lakes, set FLINK_CONF_DIR to the configuration with the account's credentials.)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/local-classpath.txt ] || mvn -B -q package -DskipTests >&2
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
exec java -Dlogback.configurationFile=flink-conf/logback-console.xml $(cat flink-conf/java17-opens.txt) \
  -cp "target/classes:$(cat target/local-classpath.txt)" dev.engagement.pipeline.ops.PipelineStatus "$@"
