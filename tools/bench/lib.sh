# tools/bench/lib.sh — shared by tools/bench/run.sh and tools/bench/rtmp-vs-nginx.sh (sourced, not run).
# Needs ROOT set to the repository root.
STATE="${IVS_STATE_DIR:-$ROOT/.ivs}"
WORK="$STATE/bench"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
else JAVA=java; JAVAC=javac; fi
BENCH_SERVICES=(gateway channel-service streamkey-service stream-service playback-auth-service recording-service
                tagging-service)
STARTED_SUITE=0
RESTORE_SUITE=0
# CreateChannel at full speed creates thousands of channels in one account before they are deleted again
BENCH_CHANNEL_QUOTA="${IVS_CHANNEL_QUOTA:-1000000}"

say()  { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# the PID of a component ./ivs started (its PID file, checked against the command line as ./ivs does)
component_pid() {
  local f="$STATE/pids/$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF -- "-Divsctl.component=$1" && echo "$pid"
  return 0
}

# utime+stime of a process in clock ticks (0 when gone)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Whether the gateway process PID was started with throttling off (IVS_THROTTLING_ENABLED=false).
throttling_off() {
  tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null | grep -qxi 'IVS_THROTTLING_ENABLED=false'
}

# Reuses the running suite, or starts it with throttling off and a channel quota that a CreateChannel run does not
# reach (./ivs up). With "throttling-off" as $1, a running gateway must have been started with
# IVS_THROTTLING_ENABLED=false. With "own-if-throttled", a running suite that throttles is stopped and this run
# starts its own with throttling off; the suite is started again (./ivs up, throttling on) when the run ends.
suite_ensure() {
  local gw
  gw="$(component_pid gateway)"
  if [[ -n "$gw" ]] && ! throttling_off "$gw"; then
    case "${1:-}" in
      throttling-off)
        die "the running gateway (pid $gw) enforces the AWS quotas (5 TPS for GetChannel/CreateChannel): restart the suite with throttling off: ./ivs down && IVS_THROTTLING_ENABLED=false ./ivs up" ;;
      own-if-throttled)
        say "the running suite throttles (gateway pid $gw): this run starts its own with throttling off, and ./ivs up starts the throttled one again at the end"
        services_stop
        RESTORE_SUITE=1
        gw="" ;;
    esac
  fi
  if [[ -n "$gw" ]]; then
    say "reusing the running suite (gateway pid $gw)"
    local cs; cs="$(component_pid channel-service)"
    if [[ -n "$cs" ]] && ! tr '\0' '\n' < "/proc/$cs/environ" 2>/dev/null | grep -q '^IVS_CHANNEL_QUOTA='; then
      info "note: channel-service runs with the AWS quota of 1000 channels per account; a long CreateChannel run can"
      info "reach it (402). The suite this script starts has IVS_CHANNEL_QUOTA=$BENCH_CHANNEL_QUOTA."
    fi
    return 0
  fi
  say "starting the suite: IVS_THROTTLING_ENABLED=false IVS_CHANNEL_QUOTA=$BENCH_CHANNEL_QUOTA ./ivs up"
  STARTED_SUITE=1
  IVS_THROTTLING_ENABLED=false IVS_CHANNEL_QUOTA="$BENCH_CHANNEL_QUOTA" "$ROOT/ivs" up | sed 's/^/    /'
  (( ${PIPESTATUS[0]} == 0 )) || die "./ivs up failed"
  [[ -n "$(component_pid gateway)" ]] || die "no gateway running after ./ivs up"
  [[ -n "$(component_pid gateway)" ]] && throttling_off "$(component_pid gateway)" \
    || die "the gateway ./ivs up left running still throttles"
}

# Stops the services of the suite (the seven and any further stream-service replicas; Kafka, PostgreSQL and
# S3Proxy stay up).
services_stop() {
  local name pid pids=() f
  local names=("${BENCH_SERVICES[@]}")
  for f in "$STATE"/pids/stream-service-*.pid; do [[ -e "$f" ]] && names+=("$(basename "$f" .pid)"); done
  for name in "${names[@]}"; do
    pid="$(component_pid "$name")"
    [[ -n "$pid" ]] && { kill -TERM "$pid"; pids+=("$pid"); rm -f "$STATE/pids/$name.pid"; }
  done
  for pid in "${pids[@]+"${pids[@]}"}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  done
  return 0
}

# Stops the services when suite_ensure started them, unless BENCH_KEEP_SUITE=1: their ports (8081...) are otherwise
# taken from module tests run on this machine. A throttled suite that suite_ensure replaced is started again.
suite_stop_if_started() {
  (( STARTED_SUITE )) || return 0
  if [[ "${BENCH_KEEP_SUITE:-0}" == "1" && "${RESTORE_SUITE:-0}" != 1 ]]; then
    info "the suite keeps running (BENCH_KEEP_SUITE=1; ./ivs down stops it)"
    return 0
  fi
  services_stop
  info "stopped the services this run started (BENCH_KEEP_SUITE=1 keeps them; Kafka/PostgreSQL stay up)"
  if [[ "${RESTORE_SUITE:-0}" == 1 ]]; then
    say "starting the suite again as it ran before (throttling on): IVS_SKIP_BUILD=1 ./ivs up"
    env -u IVS_THROTTLING_ENABLED -u IVS_CHANNEL_QUOTA IVS_SKIP_BUILD=1 "$ROOT/ivs" up | sed 's/^/    /'
  fi
}

# The end of a benchmark's cleanup: deletes the channels listed in file $1 (ApiBench), removes the temp folder $2,
# stops the suite if this run started it.
bench_teardown() {
  if [[ -s "$1" ]]; then
    "$JAVA" -cp "$WORK/classes" ApiBench delete-channels "$1" 2>&1 | sed 's/^/    /'
    rm -f "$1"
  fi
  rm -rf "$2"
  suite_stop_if_started
}

# Runs function $1 when the script exits, also on INT and TERM.
bench_traps() {
  trap "$1" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# compiles the load generator / API client into $WORK/classes
loadgen_build() {
  mkdir -p "$WORK/classes"
  "$JAVAC" -nowarn -d "$WORK/classes" "$ROOT"/tools/bench/loadgen/*.java
}
