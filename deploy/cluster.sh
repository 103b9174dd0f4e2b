#!/usr/bin/env bash
# A local Flink 1.20 session cluster: one JobManager and one TaskManager (2 slots), configured by
# flink-conf/config.yaml, with logs and PIDs under target/flink-run/.
#   deploy/cluster.sh start            starts both in the background; returns when the REST API answers
#   deploy/cluster.sh add-taskmanager  starts one more TaskManager (taskmanager-2, -3, ...)
#   deploy/cluster.sh application JAR [ARG...]  runs the job in application mode (below); returns its exit status
#   deploy/cluster.sh stop             stops them all by PID
#   deploy/cluster.sh status           says what runs
set -euo pipefail
source "$(dirname "$0")/flink-env.sh"
REST_URL="http://localhost:$(awk '/^rest.port:/ {print $2}' "$FLINK_CONF_DIR/config.yaml")"

# The JVM and dynamic options that Flink's jobmanager.sh / taskmanager.sh compute from the config.
resource_params() {
  java -cp "$FLINK_CLASSPATH" -Dlogback.configurationFile="$FLINK_CONF_DIR/logback-console.xml" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF_DIR" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

running() { [ -f "$FLINK_RUN_DIR/$1/pid" ] && kill -0 "$(cat "$FLINK_RUN_DIR/$1/pid")" 2>/dev/null; }

# start_process NAME MAIN_CLASS RESOURCE_COMMAND [DYNAMIC_PROPERTY...]: the process logs to its
# own folder, which is what the web UI's log view lists.
start_process() {
  local name=$1 main=$2 params jvm dynamic
  params=$(resource_params "$3")
  jvm=$(echo "$params" | head -n 1)
  dynamic=$(echo "$params" | tail -n 1)
  mkdir -p "$FLINK_RUN_DIR/$name"
  # shellcheck disable=SC2086
  nohup java $jvm $JAVA_OPENS \
    -Dlog.file="$FLINK_RUN_DIR/$name/$name.log" \
    -Dlogback.configurationFile="$FLINK_CONF_DIR/logback.xml" \
    -cp "$FLINK_CLASSPATH" "$main" --configDir "$FLINK_CONF_DIR" $dynamic "${@:4}" \
    > "$FLINK_RUN_DIR/$name/$name.out" 2>&1 < /dev/null &
  echo $! > "$FLINK_RUN_DIR/$name/pid"
}

processes() { (cd "$FLINK_RUN_DIR" 2>/dev/null && ls -d jobmanager taskmanager-* 2>/dev/null) || true; }

# TaskManagers are named, so that their resource ids (and the web UI) tell them apart.
start_taskmanager() {
  local n=1
  # A new name every time: a restarted TaskManager must not reuse the resource id of a dead one
  # that the JobManager may not have given up on yet.
  while [ -e "$FLINK_RUN_DIR/taskmanager-$n" ]; do n=$((n + 1)); done
  start_process "taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS \
    -D "taskmanager.resource-id=taskmanager-$n"
  echo "taskmanager-$n"
}

# Waits until the REST API lists the TaskManager NAME as registered.
wait_for_rest() {
  local name=$1
  for _ in $(seq 1 120); do
    if curl -fsS "$REST_URL/taskmanagers" 2>/dev/null | grep -q "\"id\":\"$name\""; then
      return 0
    fi
    for p in jobmanager "$name"; do
      running "$p" || { echo "the $p exited; see $FLINK_RUN_DIR/$p/" >&2; tail -20 "$FLINK_RUN_DIR/$p/$p.out" >&2; return 1; }
    done
    sleep 1
  done
  echo "the REST API at $REST_URL did not answer within 120 s" >&2
  return 1
}

case "${1:-}" in
  start)
    if running jobmanager; then
      echo "already running (deploy/cluster.sh status)" >&2; exit 1
    fi
    rm -rf "$FLINK_RUN_DIR"
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
    name=$(start_taskmanager)
    if ! wait_for_rest "$name"; then "$0" stop; exit 1; fi
    echo "Flink session cluster up: web UI and REST API at $REST_URL (logs in $FLINK_RUN_DIR)"
    ;;
  application)
    # The job in application mode, as the official image and the Flink Kubernetes operator run it:
    # the JobManager runs the job's main (plan, job, commit, watermark, run log), one TaskManager
    # works, and both stop when the application ends. Exit status: the JobManager's (0 when the
    # run succeeded). The run's own output is in $FLINK_RUN_DIR/jobmanager/jobmanager.out.
    # Unlike the operator, which keeps the JobManager up to observe the job (shutdown-on-application-
    # finish false) and submits a failed job on an application error only with HA, the cluster
    # ends with the application here, so that this returns its status.
    [ $# -ge 2 ] || { echo "usage: deploy/cluster.sh application JAR [PIPELINE OPTION...]" >&2; exit 2; }
    if running jobmanager; then
      echo "a cluster is running (deploy/cluster.sh stop)" >&2; exit 1
    fi
    jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
    rm -rf "$FLINK_RUN_DIR"
    start_process jobmanager org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint \
      GET_JM_RESOURCE_PARAMS -D execution.shutdown-on-application-finish=true \
      -D "user.artifacts.base-dir=$FLINK_RUN_DIR/artifacts" \
      --job-classname dev.engagement.pipeline.Pipeline --jars "file://$jar" -- "${@:3}"
    jobmanager=$(cat "$FLINK_RUN_DIR/jobmanager/pid")
    start_taskmanager >/dev/null
    status=0
    wait "$jobmanager" || status=$?
    "$0" stop >/dev/null
    echo "the application ended with exit status $status (its output: $FLINK_RUN_DIR/jobmanager/jobmanager.out)" >&2
    exit "$status"
    ;;
  add-taskmanager)
    running jobmanager || { echo "the cluster is not running (deploy/cluster.sh start)" >&2; exit 1; }
    name=$(start_taskmanager)
    wait_for_rest "$name" || exit 1
    echo "$name up (pid $(cat "$FLINK_RUN_DIR/$name/pid"))"
    ;;
  stop)
    for p in $(processes | sort -r); do
      if running $p; then
        pid=$(cat "$FLINK_RUN_DIR/$p/pid")
        kill "$pid"
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
        echo "stopped the $p (pid $pid)"
      fi
      rm -f "$FLINK_RUN_DIR/$p/pid"
    done
    ;;
  status)
    [ -n "$(processes)" ] || echo "jobmanager: not running"
    for p in $(processes); do
      if running $p; then echo "$p: running (pid $(cat "$FLINK_RUN_DIR/$p/pid"))"; else echo "$p: not running"; fi
    done
    ;;
  *)
    echo "usage: deploy/cluster.sh start|add-taskmanager|application JAR [ARG...]|stop|status" >&2; exit 2
    ;;
esac
