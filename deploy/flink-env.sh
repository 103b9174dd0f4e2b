# Sourced by deploy/cluster.sh and deploy/flink: where the assembled Flink 1.20 lives and how its
# Java processes are started. Assembles it from Maven Central on first use.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FLINK_HOME="$ROOT/target/flink-cluster"
export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$ROOT/flink-conf}"
export FLINK_PLUGINS_DIR="$FLINK_HOME/plugins"
FLINK_RUN_DIR="${FLINK_RUN_DIR:-$ROOT/target/flink-run}"
JAVA_OPENS=$(cat "$ROOT/flink-conf/java17-opens.txt")

if [ ! -f "$FLINK_HOME/lib/flink-container-1.20.0.jar" ] || [ ! -d "$FLINK_PLUGINS_DIR/azure-fs-hadoop" ]; then
  echo "Assembling Flink 1.20 from Maven Central into $FLINK_HOME ..." >&2
  mvn -B -q -f "$ROOT/deploy/cluster/pom.xml" package >&2
fi
FLINK_CLASSPATH="$FLINK_HOME/lib/*"
