#!/usr/bin/env bash
# tools/bench/run.sh — the one-command API benchmark against baselines measured in the same run (issue 10).
#
#   tools/bench/run.sh [--short]  (also: ./ivs bench [--short])
#
# 1. starts the suite with IVS_THROTTLING_ENABLED=false and IVS_CHANNEL_QUOTA=1000000 (./ivs up), or reuses a
#    running one whose gateway was started with throttling off;
# 2. builds and starts the baseline: a trivial Quarkus REST endpoint (tools/bench/baseline) on 127.0.0.1:8099
#    with exactly the JVM options of the running gateway;
# 3. pgbench with a one-row INSERT script against the local PostgreSQL (database ivs_bench, same client count),
#    then pgbench with CreateChannel's own SQL (tools/bench/create-channel.sql) on copies of the suite's channel
#    and streamkey schemas: the ceiling the database work alone sets;
# 4. a second gateway on 127.0.0.1:8098 (same jar and JVM options) whose channel-service is the baseline: the
#    ceiling the gateway hop alone sets;
# 5. the load generator (tools/bench/loadgen/ApiBench.java, plain JDK, SigV4): GetChannel on the baseline and
#    through the gateway, CreateChannel through the gateway, GetChannel through the hop gateway; closed loop with
#    N callers for the peak, then open loop at half of that peak; prints the tables, the ratios against the
#    targets, the two ceilings and the load average; last, one line per target of issue 23:
#    `target <name>: <value> (goal <goal>) met|missed`.
# --short: 6 s per run and 6 s of warm-up (instead of 15 and 15), no pgbench run without the quota row: about
# 2.5 minutes of load instead of 5.
# Stops the baseline and the hop gateway; stops the services again when it started them (not Kafka/PostgreSQL/S3Proxy), unless
# BENCH_KEEP_SUITE=1.
#
# Environment: BENCH_CONCURRENCY (16), BENCH_SECONDS (15, per measured run), BENCH_WARMUP (15),
# BENCH_HALF_SECONDS (15), BENCH_BASELINE_PORT (8099), BENCH_HOP_PORT (8098), BENCH_KEEP_SUITE (0),
# IVS_DB_HOST/PORT/USER/PASSWORD/NAME.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/tools/bench/lib.sh"
SHORT=0
[[ "${1:-}" == --short ]] && SHORT=1
CONCURRENCY="${BENCH_CONCURRENCY:-16}"
RUN_SECONDS="${BENCH_SECONDS:-$( (( SHORT )) && echo 6 || echo 15)}"
WARMUP="${BENCH_WARMUP:-$( (( SHORT )) && echo 6 || echo 15)}"
HALF_SECONDS="${BENCH_HALF_SECONDS:-$( (( SHORT )) && echo 6 || echo 15)}"
BASELINE_PORT="${BENCH_BASELINE_PORT:-8099}"
DB_HOST="${IVS_DB_HOST:-127.0.0.1}"
DB_PORT="${IVS_DB_PORT:-5432}"
DB_USER="${IVS_DB_USER:-postgres}"
export PGPASSWORD="${IVS_DB_PASSWORD:-postgres}"

BASELINE_PID=""
HOP_PID=""
HOP_PORT="${BENCH_HOP_PORT:-8098}"
DB_NAME="${IVS_DB_NAME:-ivs}"
cleanup() {
  set +e
  if [[ -n "$HOP_PID" ]] && kill -0 "$HOP_PID" 2>/dev/null; then
    kill -TERM "$HOP_PID"; wait "$HOP_PID" 2>/dev/null
    info "stopped the hop gateway (pid $HOP_PID)"
  fi
  if [[ -n "$BASELINE_PID" ]] && kill -0 "$BASELINE_PID" 2>/dev/null; then
    kill -TERM "$BASELINE_PID"; wait "$BASELINE_PID" 2>/dev/null
    info "stopped the baseline (pid $BASELINE_PID)"
  fi
  suite_stop_if_started
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v pgbench >/dev/null || die "pgbench not found (Debian: apt-get install postgresql-contrib / postgresql-client)"
command -v psql >/dev/null || die "psql not found"
mkdir -p "$WORK"

# ---------------------------------------------------------------------------------------------- 1. the suite
suite_ensure throttling-off
gw="$(component_pid gateway)"
[[ -n "$gw" ]] || die "no gateway running"

# the services' JVM options, taken from the gateway's command line (everything between java and -jar that is
# not ./ivs bookkeeping or the port)
mapfile -t JVM_OPTS < <(tr '\0' '\n' < "/proc/$gw/cmdline" | sed -n '2,$p' | sed '/^-jar$/,$d' \
  | grep -v -e '^-Divsctl\.' -e '^-Dquarkus\.http\.port=')
info "JVM options of the services (and the baseline): ${JVM_OPTS[*]}"

# ---------------------------------------------------------------------------------------------- 2. baseline
say "baseline: trivial Quarkus REST endpoint (tools/bench/baseline) on 127.0.0.1:$BASELINE_PORT"
BASELINE_JAR="$ROOT/tools/bench/baseline/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$BASELINE_JAR" || -n "$(find "$ROOT/tools/bench/baseline/src" "$ROOT/tools/bench/baseline/pom.xml" \
      -newer "$BASELINE_JAR" -print -quit)" ]]; then
  "$ROOT/mvnw" -q -B -f "$ROOT/tools/bench/baseline/pom.xml" package || die "building tools/bench/baseline failed"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$BASELINE_PORT") 2>/dev/null; then
  die "port $BASELINE_PORT is taken (BENCH_BASELINE_PORT)"
fi
BASELINE_PORT="$BASELINE_PORT" "$JAVA" "${JVM_OPTS[@]}" -jar "$BASELINE_JAR" > "$WORK/baseline.log" 2>&1 &
BASELINE_PID=$!
for _ in $(seq 150); do
  if curl -sf -m 2 -o /dev/null -H 'Content-Type: application/json' -d '{"arn":"x"}' \
       "http://127.0.0.1:$BASELINE_PORT/GetChannel"; then break; fi
  kill -0 "$BASELINE_PID" 2>/dev/null || { tail -20 "$WORK/baseline.log"; die "the baseline exited"; }
  sleep 0.2
done
info "baseline up (pid $BASELINE_PID)"

# ---------------------------------------------------------------------------------------------- 3. pgbench
say "pgbench: one-row INSERT, $CONCURRENCY clients, ${RUN_SECONDS}s (database ivs_bench on $DB_HOST:$DB_PORT)"
PSQL=(psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -v ON_ERROR_STOP=1)
if [[ "$("${PSQL[@]}" -d postgres -Atc "select 1 from pg_database where datname = 'ivs_bench'")" != 1 ]]; then
  "${PSQL[@]}" -d postgres -c 'create database ivs_bench' >/dev/null
fi
"${PSQL[@]}" -d ivs_bench -c 'drop table if exists bench_insert' \
  -c 'create table bench_insert (id bigserial primary key, name text not null, created timestamptz not null default now())' \
  >/dev/null
cat > "$WORK/insert.sql" <<'SQL'
\set n random(1, 1000000000)
INSERT INTO bench_insert (name) VALUES ('bench-' || :n);
SQL
# pgbench_run MODE SCRIPT: runs SCRIPT against ivs_bench with the benchmark's clients and duration; sets
# PGBENCH_OUT, prints TPS and latency, dies when pgbench fails
pgbench_run() {
  PGBENCH_OUT="$(pgbench -n -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -c "$CONCURRENCY" -j 2 -M "$1" \
    -T "$RUN_SECONDS" -f "$2" ivs_bench 2>&1)" || { echo "$PGBENCH_OUT"; die "pgbench ($2) failed"; }
  info "pgbench $(basename "$2"): $(pgbench_tps) TPS, latency average \
$(sed -n 's/^latency average = \(.*\)$/\1/p' <<<"$PGBENCH_OUT" | head -1), load average $(loadavg)"
}
pgbench_tps() { sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$PGBENCH_OUT" | head -1; }

pgbench_run prepared "$WORK/insert.sql"
PGBENCH_TPS="$(pgbench_tps)"
"${PSQL[@]}" -d ivs_bench -c 'drop table bench_insert' >/dev/null

# The ceiling the database alone sets: CreateChannel's three transactions (tools/bench/create-channel.sql) on
# copies of the running suite's channel and streamkey schemas. Simple protocol: the script's concatenated
# parameters cannot be typed by a prepare.
say "pgbench: CreateChannel's SQL (tools/bench/create-channel.sql), $CONCURRENCY clients, ${RUN_SECONDS}s"
"${PSQL[@]}" -d ivs_bench -c 'drop schema if exists channel cascade' -c 'drop schema if exists streamkey cascade' \
  >/dev/null 2>&1
pg_dump -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" --schema-only -n channel -n streamkey "$DB_NAME" \
  | "${PSQL[@]}" -d ivs_bench >/dev/null || die "copying the channel and streamkey schemas into ivs_bench failed"
pgbench_run simple "$ROOT/tools/bench/create-channel.sql"
PGBENCH_CREATE_TPS="$(pgbench_tps)"
# the same without the per-account quota (its locked count row and the trigger keeping it), to show what the
# saga's statements cost on their own
grep -v -e 'channel_count' "$ROOT/tools/bench/create-channel.sql" > "$WORK/create-channel-no-quota.sql"
"${PSQL[@]}" -d ivs_bench -c 'DROP TRIGGER channel_count_change ON channel.channel' >/dev/null
PGBENCH_CREATE_NQ_TPS=""
if (( ! SHORT )); then
  pgbench_run simple "$WORK/create-channel-no-quota.sql"
  PGBENCH_CREATE_NQ_TPS="$(pgbench_tps)"
fi
"${PSQL[@]}" -d ivs_bench -c 'drop schema channel cascade' -c 'drop schema streamkey cascade' >/dev/null 2>&1

# ---------------------------------------------------------------------------------------------- hop gateway
# A second gateway (same jar, same JVM options, throttling off) whose channel-service is the baseline endpoint:
# GetChannel through it measures what the gateway hop alone costs.
say "hop gateway on 127.0.0.1:$HOP_PORT, routing channel operations to the baseline"
GATEWAY_JAR="$(tr '\0' '\n' < "/proc/$gw/cmdline" | sed -n '/^-jar$/{n;p;q}')"
if (exec 3<>"/dev/tcp/127.0.0.1/$HOP_PORT") 2>/dev/null; then
  die "port $HOP_PORT is taken (BENCH_HOP_PORT)"
fi
IVS_GATEWAY_PORT="$HOP_PORT" IVS_GATEWAY_HOST=127.0.0.1 IVS_THROTTLING_ENABLED=false \
  IVS_CHANNEL_URL="http://127.0.0.1:$BASELINE_PORT" \
  "$JAVA" "${JVM_OPTS[@]}" -Dquarkus.http.port="$HOP_PORT" -jar "$GATEWAY_JAR" > "$WORK/hop-gateway.log" 2>&1 &
HOP_PID=$!
for _ in $(seq 150); do
  if curl -sf -m 2 -o /dev/null "http://127.0.0.1:$HOP_PORT/q/health/live"; then break; fi
  kill -0 "$HOP_PID" 2>/dev/null || { tail -20 "$WORK/hop-gateway.log"; die "the hop gateway exited"; }
  sleep 0.2
done
info "hop gateway up (pid $HOP_PID)"

# ---------------------------------------------------------------------------------------------- 4. load
say "load generator: tools/bench/loadgen/ApiBench.java"
loadgen_build
pids="baseline=$BASELINE_PID,hop-gateway=$HOP_PID"
for name in gateway channel-service streamkey-service tagging-service kafka; do
  p="$(component_pid "$name")"; [[ -n "$p" ]] && pids="$pids,$name=$p"
done
# local PostgreSQL: the backends serving the suite's database, and the server's background processes (shared)
[[ "$DB_HOST" == 127.0.0.1 || "$DB_HOST" == localhost ]] && pids="$pids,postgres=0,postgres-bg=-1"
"$JAVA" -Xmx256m -cp "$WORK/classes" ApiBench api --gateway http://127.0.0.1:8080 \
  --baseline "http://127.0.0.1:$BASELINE_PORT" --concurrency "$CONCURRENCY" --seconds "$RUN_SECONDS" \
  --warmup "$WARMUP" --half-seconds "$HALF_SECONDS" --pgbench-tps "$PGBENCH_TPS" \
  --pgbench-create-tps "$PGBENCH_CREATE_TPS" ${PGBENCH_CREATE_NQ_TPS:+--pgbench-create-no-quota-tps "$PGBENCH_CREATE_NQ_TPS"} --ops baseline,get,create,hop --hop "http://127.0.0.1:$HOP_PORT" \
  --pgbench-clients "$CONCURRENCY" --pids "$pids" --pg-db "$DB_NAME"
