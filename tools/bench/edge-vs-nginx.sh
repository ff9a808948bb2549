#!/usr/bin/env bash
# tools/bench/edge-vs-nginx.sh — LL-HLS viewers against the holder, an edge replica and nginx (issue 17).
#
# Needs the suite with two stream-service replicas (IVS_STREAM_REPLICAS=2 ./ivs up; started here if nothing runs).
# ffmpeg publishes a 640x360 LOW-latency channel to replica A (the holder, RTMP 1935, playback 8091); replica B
# (playback 8092) plays it through HolderFetch. Then, in one run, each server pinned in turn to the same one core
# (taskset; everything else, the load generator included, on the other cores):
#   fetch:  BENCH_EDGE_VIEWERS (50) keep-alive viewers GET the channel's init segment, parts and segments in a
#           closed loop for BENCH_EDGE_SECONDS (15) from (i) the holder A, (ii) the edge B, (iii) nginx serving
#           the same bytes from disk (a snapshot of them, one worker: the physical anchor). Prints req/s and GET
#           p50/p99 of each and the ratios edge / nginx and holder / nginx (target: edge >= 0.5 x nginx).
#   reload: the same viewers loop LL-HLS blocking reload + part against the edge B while a probe sends each next
#           blocking reload to A and B at the same instant: the latency B adds, p50/p99 (target: p99 <= one part).
# Environment: BENCH_EDGE_VIEWERS (50), BENCH_EDGE_SECONDS (15), BENCH_EDGE_NGINX_PORT (8089), BENCH_EDGE_CORE
# (the last core).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/tools/bench/lib.sh"
VIEWERS="${BENCH_EDGE_VIEWERS:-50}"
SECONDS_="${BENCH_EDGE_SECONDS:-15}"
NGINX_PORT="${BENCH_EDGE_NGINX_PORT:-8089}"
CORES="$(nproc)"
CORE="${BENCH_EDGE_CORE:-$((CORES - 1))}"
OTHERS="$(seq 0 $((CORES - 1)) | grep -vx "$CORE" | paste -sd, -)"; OTHERS="${OTHERS:-$CORE}"
ALL="0-$((CORES - 1))"
HOLDER=http://127.0.0.1:8091
EDGE=http://127.0.0.1:8092
export IVS_STREAM_REPLICAS="${IVS_STREAM_REPLICAS:-2}"

command -v ffmpeg >/dev/null || die "ffmpeg not found"
command -v nginx >/dev/null || die "nginx not found (Debian: apt-get install nginx-light)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"
mkdir -p "$WORK"
NGX_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ivs-bench-edge.XXXXXX")"
NGINX_PID=""; PUBLISHER=""; CHANNELS_FILE="$WORK/edge-channels.txt"; PINNED=()

cleanup() {
  set +e
  local p
  for p in "${PINNED[@]+"${PINNED[@]}"}"; do taskset -a -p -c "$ALL" "$p" >/dev/null 2>&1; done
  [[ -n "$PUBLISHER" ]] && { kill -TERM "$PUBLISHER" 2>/dev/null; wait "$PUBLISHER" 2>/dev/null; }
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then kill -QUIT "$NGINX_PID"; wait "$NGINX_PID"; fi
  bench_teardown "$CHANNELS_FILE" "$NGX_DIR"
}
bench_traps cleanup

suite_ensure
A_PID="$(component_pid stream-service)"; B_PID="$(component_pid stream-service-2)"
[[ -n "$A_PID" && -n "$B_PID" ]] || die "needs two stream-service replicas: ./ivs down && IVS_STREAM_REPLICAS=2 ./ivs up"
loadgen_build
"$JAVA" -cp "$WORK/classes" ApiBench create-channels 1 STANDARD > "$CHANNELS_FILE"
read -r ARN KEY < "$CHANNELS_FILE"
IFS=: read -r _ _ _ REGION ACCOUNT RES <<<"$ARN"
MASTER="/api/video/v1/$REGION.$ACCOUNT.channel.${RES#channel/}.m3u8"

ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i "testsrc=size=640x360:rate=30" -f lavfi -i sine \
  -c:v libx264 -preset ultrafast -tune zerolatency -g 60 -b:v 800k -pix_fmt yuv420p -c:a aac -ac 2 \
  -f flv "rtmp://127.0.0.1:1935/app/$KEY" >> "$WORK/edge-publisher.log" 2>&1 &
PUBLISHER=$!
for _ in $(seq 80); do curl -sf -o /dev/null "$HOLDER$MASTER" && break; sleep 0.25; done
VARIANT="$(curl -sf "$HOLDER$MASTER" | grep -m1 'source.m3u8')" || die "the channel did not go live on A"
MEDIA="$(dirname "$MASTER")/$VARIANT"
sleep 6   # a few segments, so the playlist lists parts and whole segments
"$JAVA" -cp "$WORK/classes" EdgeViewers snapshot "$HOLDER$MEDIA" "$NGX_DIR/root" "$NGX_DIR/objects.txt" | sed 's/^/    /'

cat > "$NGX_DIR/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $NGX_DIR/nginx.pid;
error_log $NGX_DIR/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { video/mp4 m4s mp4; video/mp2t ts; }
  client_body_temp_path $NGX_DIR/tmp; proxy_temp_path $NGX_DIR/tmp; fastcgi_temp_path $NGX_DIR/tmp;
  uwsgi_temp_path $NGX_DIR/tmp; scgi_temp_path $NGX_DIR/tmp;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_PORT; root $NGX_DIR/root; add_header Cache-Control "max-age=31536000, immutable"; }
}
NGX
mkdir -p "$NGX_DIR/tmp"
taskset -c "$CORE" nginx -p "$NGX_DIR" -e "$NGX_DIR/error.log" -c "$NGX_DIR/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && break; sleep 0.1; done
kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NGX_DIR/error.log"; die "nginx did not start"; }

# pin: the server under test on $CORE, the other replica on the other cores
pin() { PINNED+=("$1"); taskset -a -p -c "$2" "$1" >/dev/null; }
# runs the load generator on the other cores; prints its report and sets R to the numbers of its RESULT line
viewers() {
  taskset -c "$OTHERS" "$JAVA" -cp "$WORK/classes" EdgeViewers "$@" > "$NGX_DIR/result.txt"
  grep -v '^RESULT' "$NGX_DIR/result.txt" | sed 's/^/    /'
  R="$(awk '/^RESULT/ {$1 = ""; $2 = ""; print}' "$NGX_DIR/result.txt")"
}
say "fetch: $VIEWERS viewers, ${SECONDS_}s each, the server under test alone on core $CORE (load generator on $OTHERS)"
pin "$A_PID" "$CORE"; pin "$B_PID" "$OTHERS"
viewers fetch "$SECONDS_" "$VIEWERS" "$HOLDER" "$NGX_DIR/objects.txt" holder-A; R_HOLDER="$R"
pin "$A_PID" "$OTHERS"; pin "$B_PID" "$CORE"
viewers fetch "$SECONDS_" "$VIEWERS" "$EDGE" "$NGX_DIR/objects.txt" edge-B; R_EDGE="$R"
pin "$B_PID" "$OTHERS"
viewers fetch "$SECONDS_" "$VIEWERS" "http://127.0.0.1:$NGINX_PORT" "$NGX_DIR/objects.txt" nginx-disk; R_NGINX="$R"
say "reload: $VIEWERS LL-HLS viewers on the edge B (core $CORE), probes to A and B at the same instant"
pin "$B_PID" "$CORE"
viewers reload "$SECONDS_" "$VIEWERS" "$HOLDER$MEDIA" "$EDGE$MEDIA"; R_ADDED="$R"

read -r rh _ ph <<<"$R_HOLDER"; read -r re _ pe <<<"$R_EDGE"; read -r rn _ pn <<<"$R_NGINX"; read -r a50 a99 part <<<"$R_ADDED"
echo
echo "| target | req/s (init, parts, segments) | GET p99 ms | vs nginx |"
echo "|---|---|---|---|"
awk -v rh="$rh" -v re="$re" -v rn="$rn" -v ph="$ph" -v pe="$pe" -v pn="$pn" 'BEGIN {
  printf "| holder A | %d | %s | %.2f |\n| edge B (HolderFetch) | %d | %s | %.2f (target >= 0.5) |\n| nginx from disk | %d | %s | 1 |\n",
    rh, ph, rh / rn, re, pe, re / rn, rn, pn }'
echo
echo "blocking reload through the edge: +$a50 ms p50, +$a99 ms p99 over the holder (target <= one part, $part ms)"
echo "$VIEWERS viewers, one core each ($CORE), $(nproc) cores; load average at the end: $(loadavg)"
