#!/usr/bin/env bash
# Writes a Flink configuration folder for ADLS Gen2 with OAuth client credentials (a service
# principal): flink-conf/ plus the fs.azure.* keys, with the client secret taken from the
# environment. The folder is readable by its owner only; it is not part of the repository.
#   AZURE_STORAGE_ACCOUNT=... AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... \
#     deploy/azure-conf.sh [OUT_DIR]        (default: target/flink-conf-azure)
# then: FLINK_CONF_DIR=target/flink-conf-azure deploy/cluster.sh start   (or deploy/flink, deploy/run-local.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/local-classpath.txt ] || mvn -B -q package -DskipTests >&2
exec java -cp "target/classes:$(cat target/local-classpath.txt)" \
  dev.engagement.pipeline.azure.AzureOAuth flink-conf "${1:-target/flink-conf-azure}"
