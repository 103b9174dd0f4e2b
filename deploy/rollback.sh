#!/usr/bin/env bash
# Restores all six tables of a lake and its watermark to what they were right after a run
# (docs/lake.md, "Time travel, vacuum and rollback"): deploy/pipeline.sh rollback, e.g.
#   deploy/rollback.sh --lake URI --to-run RUN_ID      (or --to-version N; --help: every option)
exec "$(dirname "$0")/pipeline.sh" rollback "$@"
