#!/usr/bin/env bash
# Azurite, the Azure Storage emulator (Blob API), for the emulator tests: installed from
# deploy/azurite/package-lock.json, listening on 127.0.0.1:10000 (AZURITE_PORT) with in-memory
# storage; AZURITE_DEBUG_LOG=FILE logs every request there (the benchmark counts them).
#   deploy/azurite.sh start | stop | status
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/target/azurite"
PIDFILE="$RUN/pid"
PORT=${AZURITE_PORT:-10000}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
listening() { (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then echo "Azurite already running (pid $(cat "$PIDFILE"))"; exit 0; fi
    if listening; then echo "port $PORT is taken by another process" >&2; exit 1; fi
    if [ ! -x "$ROOT/deploy/azurite/node_modules/.bin/azurite-blob" ]; then
      # stdin from /dev/null: npm makes an inherited stdin non-blocking, which breaks a parent reading it (a test fork)
      (cd "$ROOT/deploy/azurite" && npm ci --silent --no-audit --no-fund < /dev/null)
    fi
    mkdir -p "$RUN"
    nohup "$ROOT/deploy/azurite/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$PORT" \
      --inMemoryPersistence --skipApiVersionCheck --loose ${AZURITE_DEBUG_LOG:+--debug "$AZURITE_DEBUG_LOG"} \
      > "$RUN/azurite.log" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 60); do
      if listening; then echo "Azurite blob service at http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; exit 0; fi
      running || break
      sleep 0.5
    done
    echo "Azurite did not start; see $RUN/azurite.log" >&2
    tail -20 "$RUN/azurite.log" >&2
    exit 1
    ;;
  stop)
    if running; then kill "$(cat "$PIDFILE")"; echo "stopped Azurite (pid $(cat "$PIDFILE"))"; fi
    rm -f "$PIDFILE"
    ;;
  status)
    if running; then echo "Azurite: running (pid $(cat "$PIDFILE"))"; else echo "Azurite: not running"; fi
    ;;
  *)
    echo "usage: deploy/azurite.sh start|stop|status" >&2; exit 2
    ;;
esac
