#!/usr/bin/env bash
# Regenerates the parquet fixtures under testdata/ from their readable sources
# (testdata/<folder>/_sources/*.json -> testdata/<folder>/*.parquet), and testdata/bad/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(testdata/bronze testdata/bronze_native testdata/increments/batch_1 testdata/increments/batch_2 testdata/increments/batch_3)
java -Dlogback.configurationFile=flink-conf/logback-console.xml \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.engagement.pipeline.testing.FixtureWriter "${folders[@]}"
# The hostile-input corpus (parquet from its sources, plus files broken on purpose).
java -Dlogback.configurationFile=flink-conf/logback-console.xml \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.engagement.pipeline.testing.BadInputCorpus testdata/bad
