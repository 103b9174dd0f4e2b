#!/usr/bin/env bash
# The pipeline's command line on this machine (docs/operations.md, "The command line"):
#   deploy/pipeline.sh COMMAND [options]     e.g. deploy/pipeline.sh vacuum --lake /data/lake
#   deploy/pipeline.sh help                  the commands; deploy/pipeline.sh COMMAND --help, their options
# Builds the classes first if they are missing. For abfss:// lakes, set FLINK_CONF_DIR to the
# configuration with the account's credentials (or give --conf). PIPELINE_JAVA_OPTS: more JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/local-classpath.txt ] && [ -d target/classes ] || mvn -B -q package -DskipTests >&2
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
exec java ${PIPELINE_JAVA_OPTS:-} -Dlogback.configurationFile=flink-conf/logback-console.xml $(cat flink-conf/java17-opens.txt) \
  -cp "target/classes:$(cat target/local-classpath.txt)" dev.engagement.pipeline.Pipeline "$@"
