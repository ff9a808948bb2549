#!/usr/bin/env bash
# tools/bench/rtmp-vs-nginx.sh — RTMP ingest of stream-service side by side with nginx's RTMP module (issue 7).
#
# For 1, 10 and 25 concurrent publishers (BENCH_RTMP_COUNTS), each
#   ffmpeg -re -stream_loop -1 -i <pre-encoded 2.5 Mbit/s 720p30 H.264+AAC FLV> -c copy -f flv rtmp://...
# publishes for BENCH_RTMP_SECONDS (30) to
#   (i)  stream-service's RTMP port (1935) of the running suite, each to its own channel with its stream key
#        (channels created through the gateway, deleted at the end), and
#   (ii) nginx with libnginx-mod-rtmp (Debian), "live on", one worker, on port 1936, config and logs in a temp dir.
# The CPU of each server (utime+stime deltas from /proc/PID/stat; nginx master + workers summed) over the window
# after a settle time, in % of one core, and its RSS at the end of the window, are printed per publisher count,
# with the ratios stream-service / nginx. The publishers' own CPU is not counted. Beside stream-service's RSS, the
# size of its retired-segment files (hls.RetiredSegments: segments that left the playlists, on disk, not in the RSS).
# A second anchor (BENCH_NGINX_HLS=1, the default): the same nginx with "hls on" (2 s fragments, a 12 s playlist,
# as stream-service's window; written to a tmpfs directory), which packages HLS as stream-service does; its table
# comes after the first one, whose ratios stay against "live on".
#
# Environment: BENCH_RTMP_COUNTS ("1 10 25"), BENCH_RTMP_SECONDS (30), BENCH_RTMP_SETTLE (8),
# BENCH_NGINX_PORT (1936), IVS_RTMP_PORT (1935), BENCH_KEEP_SUITE (0), BENCH_NGINX_HLS (1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=lib.sh
source "$ROOT/tools/bench/lib.sh"
COUNTS=(${BENCH_RTMP_COUNTS:-1 10 25})
WINDOW="${BENCH_RTMP_SECONDS:-30}"
SETTLE="${BENCH_RTMP_SETTLE:-8}"
NGINX_PORT="${BENCH_NGINX_PORT:-1936}"
IVS_RTMP="${IVS_RTMP_PORT:-1935}"
NGINX_MODULE="${BENCH_NGINX_RTMP_MODULE:-/usr/lib/nginx/modules/ngx_rtmp_module.so}"
NGINX_HLS="${BENCH_NGINX_HLS:-1}"
HZ="$(getconf CLK_TCK)"

command -v ffmpeg >/dev/null || die "ffmpeg not found"
command -v nginx >/dev/null || die "nginx not found (Debian: apt-get install nginx-light libnginx-mod-rtmp)"
[[ -f "$NGINX_MODULE" ]] || die "nginx RTMP module not found at $NGINX_MODULE (apt-get install libnginx-mod-rtmp)"
mkdir -p "$WORK"
NGX_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ivs-bench-nginx.XXXXXX")"
# nginx's HLS output: in memory (tmpfs) as stream-service's window is, not in its RSS
if [[ -d /dev/shm && -w /dev/shm ]]; then HLS_DIR="$(mktemp -d /dev/shm/ivs-bench-nginx-hls.XXXXXX)"
else HLS_DIR="$NGX_DIR/hls"; mkdir -p "$HLS_DIR"; fi
chmod 0777 "$HLS_DIR"   # nginx's worker writes it (as nobody when the master runs as root)
NGINX_PID=""; CHANNELS_FILE="$WORK/rtmp-channels.txt"; PUBLISHERS=()

stop_publishers() {
  local p
  for p in "${PUBLISHERS[@]+"${PUBLISHERS[@]}"}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PUBLISHERS[@]+"${PUBLISHERS[@]}"}"; do wait "$p" 2>/dev/null || true; done
  PUBLISHERS=()
}

cleanup() {
  set +e
  stop_publishers
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID"
    for _ in $(seq 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    info "stopped nginx (pid $NGINX_PID)"
  fi
  rm -rf "$HLS_DIR"
  bench_teardown "$CHANNELS_FILE" "$NGX_DIR"
}
bench_traps cleanup

# ---------------------------------------------------------------------------------------------- fixture
FIXTURE="$WORK/fixture-720p30-2500k.flv"
if [[ ! -s "$FIXTURE" ]]; then
  say "encoding the fixture once: 20 s 1280x720 30 fps H.264 (2372 kbit/s CBR-ish, 2 s GOP) + AAC 128 kbit/s"
  ffmpeg -hide_banner -nostdin -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=30" \
    -f lavfi -i "sine=frequency=440:sample_rate=44100" -t 20 \
    -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0 \
    -b:v 2372k -minrate 2372k -maxrate 2372k -bufsize 2372k -x264-params nal-hrd=cbr \
    -c:a aac -b:a 128k -ac 2 -y "$FIXTURE.tmp.flv"
  mv "$FIXTURE.tmp.flv" "$FIXTURE"
fi
info "fixture: $FIXTURE ($(( $(stat -c %s "$FIXTURE") * 8 / 20 / 1000 )) kbit/s average)"

# ---------------------------------------------------------------------------------------------- servers
# a throttled suite (CreateChannel at 5 TPS, GetStream for the LIVE count) is replaced by one with throttling off
suite_ensure own-if-throttled
SS_PID="$(component_pid stream-service)"
[[ -n "$SS_PID" ]] || die "stream-service is not running"
loadgen_build
max=0; for n in "${COUNTS[@]}"; do (( n > max )) && max=$n; done
say "creating $max BASIC channels (insecureIngest; not transcoded: the ingest alone is compared) through the gateway"
"$JAVA" -cp "$WORK/classes" ApiBench create-channels "$max" BASIC > "$CHANNELS_FILE"
mapfile -t KEYS < <(awk '{print $2}' "$CHANNELS_FILE")
(( ${#KEYS[@]} == max )) || die "could not create $max channels"

cat > "$NGX_DIR/nginx.conf" <<EOF
load_module $NGINX_MODULE;
worker_processes 1;
daemon off;
pid $NGX_DIR/nginx.pid;
error_log $NGX_DIR/error.log warn;
events { worker_connections 1024; }
rtmp {
  server {
    listen 127.0.0.1:$NGINX_PORT;
    chunk_size 4096;
    application app { live on; record off; }
    application hls { live on; record off; hls on; hls_path $HLS_DIR; hls_fragment 2s; hls_playlist_length 12s; }
  }
}
EOF
if (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null; then die "port $NGINX_PORT is taken (BENCH_NGINX_PORT)"; fi
nginx -p "$NGX_DIR" -e "$NGX_DIR/error.log" -c "$NGX_DIR/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && break; sleep 0.1; done
kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NGX_DIR/error.log"; die "nginx did not start"; }
info "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') with the RTMP module: pid $NGINX_PID, port $NGINX_PORT"
info "stream-service: pid $SS_PID, RTMP port $IVS_RTMP"

nginx_pids() { echo "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null); }
sum_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(cpu_ticks "$p"))); done; echo "$t"; }
sum_rss() { local t=0 p; for p in "$@"; do t=$((t + $(rss_kb "$p"))); done; echo "$t"; }

# measure SERVER N: sets M_CPU (% of a core), M_RSS (MB) and M_ALIVE (at the end of the window: streams LIVE
# according to GetStream for stream-service, publishers still running for nginx)
measure() {
  local server="$1" n="$2" i url pids ticks0 ticks1 t0 t1 alive=0 p
  # nginx keeps an ended stream's last fragments: each count starts with an empty HLS directory
  [[ "$server" == nginx-hls ]] && find "$HLS_DIR" -mindepth 1 -delete
  for ((i = 0; i < n; i++)); do
    case "$server" in
      ivs) url="rtmp://127.0.0.1:$IVS_RTMP/app/${KEYS[$i]}" ;;
      nginx) url="rtmp://127.0.0.1:$NGINX_PORT/app/bench-$i" ;;
      *) url="rtmp://127.0.0.1:$NGINX_PORT/hls/bench-$i" ;;
    esac
    ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$FIXTURE" -c copy -f flv "$url" \
      >> "$WORK/rtmp-publishers.log" 2>&1 &
    PUBLISHERS+=($!)
  done
  sleep "$SETTLE"
  if [[ "$server" == ivs ]]; then pids=("$SS_PID"); else read -r -a pids <<<"$(nginx_pids)"; fi
  ticks0="$(sum_ticks "${pids[@]}")"; t0="$(date +%s%N)"
  sleep "$WINDOW"
  ticks1="$(sum_ticks "${pids[@]}")"; t1="$(date +%s%N)"
  for p in "${PUBLISHERS[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
  local rss; rss="$(sum_rss "${pids[@]}")"
  # what each keeps in files: nginx's HLS directory; stream-service's retired segments (hls.RetiredSegments)
  local files_dir="$HLS_DIR"
  [[ "$server" == ivs ]] && files_dir="${IVS_RETIRED_SEGMENTS_DIR:-/tmp}/openivs-retired-$SS_PID"
  M_FILES="$( { du -sk "$files_dir" 2>/dev/null || echo 0; } | awk '{printf "%.1f", $1 / 1024}')"
  # for stream-service, what counts is a LIVE stream per publisher (GetStream), not a running ffmpeg
  if [[ "$server" == ivs ]]; then
    alive="$("$JAVA" -cp "$WORK/classes" ApiBench live-count "$CHANNELS_FILE" "$n" 2>/dev/null || echo 0)"
  fi
  stop_publishers
  M_CPU="$(awk -v d="$((ticks1 - ticks0))" -v hz="$HZ" -v ns="$((t1 - t0))" 'BEGIN { printf "%.1f", 100 * d / hz / (ns / 1e9) }')"
  M_RSS="$(awk -v rss="$rss" 'BEGIN { printf "%.1f", rss / 1024 }')"
  M_ALIVE="$alive"
}

say "measuring: ${COUNTS[*]} publishers, ${SETTLE}s settle + ${WINDOW}s window each, stream-service then nginx"
declare -A CPU RSS ALIVE LOAD FILES
SERVERS=(ivs nginx); (( NGINX_HLS )) && SERVERS+=(nginx-hls)
idle_ivs="$(awk '{printf "%.1f", $1/1024}' <<<"$(rss_kb "$SS_PID")")"
idle_ngx="$(awk '{printf "%.1f", $1/1024}' <<<"$(sum_rss $(nginx_pids))")"
for n in "${COUNTS[@]}"; do
  for server in "${SERVERS[@]}"; do
    measure "$server" "$n"; c="$M_CPU"; r="$M_RSS"; a="$M_ALIVE"; FILES[$server,$n]="$M_FILES"
    CPU[$server,$n]="$c"; RSS[$server,$n]="$r"; ALIVE[$server,$n]="$a"; LOAD[$server,$n]="$(loadavg | cut -d' ' -f1)"
    case "$server" in ivs) label=stream-service ;; nginx) label=nginx-rtmp ;; *) label="nginx hls on" ;; esac
    info "$(printf '%-14s %2d publishers: CPU %6s %% of a core, RSS %7s MB, %d/%d streams up, load %s' \
      "$label" "$n" "$c" "$r" "$a" "$n" "${LOAD[$server,$n]}")"
    sleep 3   # the server notices the disconnects
  done
done

echo
echo "fixture: 1280x720 30 fps H.264 + AAC, $(( $(stat -c %s "$FIXTURE") * 8 / 20 / 1000 )) kbit/s, sent with -c copy;" \
  "CPU over ${WINDOW}s after ${SETTLE}s; RSS at the end of the window (idle: stream-service ${idle_ivs} MB, nginx ${idle_ngx} MB)"
echo
echo "| publishers | stream-service CPU % of a core | per stream | nginx-rtmp CPU % | per stream | CPU ratio | stream-service RSS MB | (above idle) per stream | its retired-segment files MB | nginx RSS MB | (above idle) per stream | RSS ratio | streams up (ivs LIVE / nginx publishing) | load avg |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${COUNTS[@]}"; do
  awk -v n="$n" -v ci="${CPU[ivs,$n]}" -v cn="${CPU[nginx,$n]}" -v ri="${RSS[ivs,$n]}" -v rn="${RSS[nginx,$n]}" \
      -v ii="$idle_ivs" -v in_="$idle_ngx" -v ai="${ALIVE[ivs,$n]}" -v an="${ALIVE[nginx,$n]}" \
      -v la="${LOAD[ivs,$n]} / ${LOAD[nginx,$n]}" -v fi="${FILES[ivs,$n]}" 'BEGIN {
    printf "| %d | %.1f | %.2f | %.1f | %.2f | %s | %.0f | %.2f | %.1f | %.1f | %.2f | %s | %d / %d | %s |\n", n, ci, ci / n, cn,
      cn / n, (cn > 0 ? sprintf("%.1f", ci / cn) : "n/a"), ri, (ri - ii) / n, fi, rn, (rn - in_) / n,
      (rn > 0 ? sprintf("%.1f", ri / rn) : "n/a"), ai, an, la }'
done
if (( NGINX_HLS )); then
  echo
  echo "second anchor, not the one the ratios above use: nginx-rtmp with \"hls on\" (MPEG-TS, 2 s fragments, 12 s" \
    "playlist, files in $( [[ "$HLS_DIR" == /dev/shm/* ]] && echo tmpfs || echo a temp dir), not counted in its RSS)"
  echo
  echo "| publishers | nginx hls on CPU % of a core | per stream | CPU ratio stream-service / nginx hls on | nginx RSS MB | HLS files MB | streams up (nginx publishing) |"
  echo "|---|---|---|---|---|---|---|"
  for n in "${COUNTS[@]}"; do
    awk -v n="$n" -v ci="${CPU[ivs,$n]}" -v ch="${CPU[nginx-hls,$n]}" -v rh="${RSS[nginx-hls,$n]}" \
        -v fh="${FILES[nginx-hls,$n]}" -v ah="${ALIVE[nginx-hls,$n]}" 'BEGIN {
      printf "| %d | %.1f | %.2f | %s | %.1f | %.1f | %d |\n", n, ch, ch / n, (ch > 0 ? sprintf("%.1f", ci / ch) : "n/a"),
        rh, fh, ah }'
  done
fi
echo
echo "load average at the end: $(loadavg)"
