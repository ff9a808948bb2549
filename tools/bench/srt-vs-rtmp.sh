#!/usr/bin/env bash
# tools/bench/srt-vs-rtmp.sh — CPU of one SRT stream against one RTMP stream of the same input, and against
# srt-live-transmit relaying it (issue 20). Runs stream-service's SrtIngestBenchmark (a @QuarkusTest tagged
# "benchmark": the service in the test JVM with port-0 listeners, neighbours' lookups faked, real PostgreSQL and
# Kafka of the local stack), so it needs `./ivs infra` (not `./ivs up`). Input: a 12 s 1280x720 30 fps H.264 clip at
# 2.5 Mbit/s + AAC 128 kbit/s, encoded once, published looped in real time with `ffmpeg -c copy` (FLV over RTMP,
# MPEG-TS over SRT with the channel passphrase). Prints the receiving process's CPU in % of one core per case.
#
# Environment: BENCH_SRT_WINDOW (20 s), BENCH_SRT_SETTLE (6 s), IVS_DB_NAME (ivs_test).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v ffmpeg >/dev/null || { echo "ffmpeg not found" >&2; exit 1; }
command -v srt-live-transmit >/dev/null || { echo "srt-live-transmit not found (apt-get install srt-tools)" >&2; exit 1; }
export IVS_DB_NAME="${IVS_DB_NAME:-ivs_test}"
./mvnw -B -q -o -pl stream-service -am verify -Dquarkus.http.test-port=0 -Dgroups=benchmark \
  -Divs.excludedGroups=none -Dtest=SrtIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.window="${BENCH_SRT_WINDOW:-20}" -Dbench.settle="${BENCH_SRT_SETTLE:-6}" 2>&1 \
  | grep -E '^(SRT ingest benchmark|  (stream-service|RTMP|SRT))'
