#!/usr/bin/env bash
# Deterministic bronze parquet for benchmarks and long tests: deploy/pipeline.sh generate, e.g.
#   deploy/generate-bronze.sh --rows N --files K --seed S --out URI     (--help: every option)
export PIPELINE_JAVA_OPTS="${PIPELINE_JAVA_OPTS:--Xmx1g}"
exec "$(dirname "$0")/pipeline.sh" generate "$@"
