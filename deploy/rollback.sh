#!/usr/bin/env bash
# Restores all six tables of a lake and its watermark to what they were right after a run, each
# table by a new Delta commit (like Delta's RESTORE; docs/lake.md, "Time travel, vacuum and rollback"):
#   deploy/rollback.sh --lake URI --to-run RUN_ID [--pipeline-name NAME]
#   deploy/rollback.sh --lake URI --to-version N [--pipeline-name NAME]   (N: the run's number, its txn version)
# Refused (exit 2) for a run the logs do not have or whose files were vacuumed, and (exit 3) while
# a run holds the pipeline's lock. For abfss:// lakes, set FLINK_CONF_DIR as for pipeline-status.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/local-classpath.txt ] || mvn -B -q package -DskipTests >&2
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
exec java -Dlogback.configurationFile=flink-conf/logback-console.xml $(cat flink-conf/java17-opens.txt) \
  -cp "target/classes:$(cat target/local-classpath.txt)" dev.engagement.pipeline.ops.Rollback "$@"
