#!/usr/bin/env bash
# The runs in progress, the last runs and the latest error records of a lake, from its run log
# (docs/operations.md): deploy/pipeline.sh status, e.g.
#   deploy/pipeline-status.sh --lake URI [--json]      (--help: every option)
exec "$(dirname "$0")/pipeline.sh" status "$@"
