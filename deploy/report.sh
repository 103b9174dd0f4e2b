#!/usr/bin/env bash
# The engagement report of a lake, one self-contained HTML file (docs/report.md): deploy/pipeline.sh report, e.g.
#   deploy/report.sh --lake URI [--out FILE]           (--help: every option)
exec "$(dirname "$0")/pipeline.sh" report "$@"
