#!/usr/bin/env bash
# The engagement report of a lake: one self-contained HTML file, from gold and the run log.
#   deploy/report.sh --lake URI [--out FILE] [--runs N] [--pipeline-name NAME]
# Without --out it writes <lake>/_reports/engagement-report.html (through Flink's file systems,
# so abfss:// works: set FLINK_CONF_DIR to the configuration with the account's credentials).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/local-classpath.txt ] || mvn -B -q package -DskipTests >&2
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$PWD/target/plugins}"
exec java -Dlogback.configurationFile=flink-conf/logback-console.xml $(cat flink-conf/java17-opens.txt) \
  -cp "target/classes:$(cat target/local-classpath.txt)" dev.engagement.pipeline.report.EngagementReport "$@"
