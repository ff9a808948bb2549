#!/usr/bin/env python3
"""Simulated LL-HLS viewers against playback URLs of one live LOW channel (a benchmark: it prints, asserts nothing).

Each viewer loops like hls.js at the live edge: a blocking reload for the next part
(source.m3u8?_HLS_msn=M&_HLS_part=P), then a GET of that part, over one keep-alive connection.

usage: edge-viewers.py SECONDS VIEWERS MEDIA_PLAYLIST_URL [MEDIA_PLAYLIST_URL...]
  e.g. the holder (replica A, :8091), an edge replica (B, :8092) and the cache (:8090) in turn:
  tools/bench/edge-viewers.py 20 20 http://127.0.0.1:809{1,2,0}/api/video/v1/...channel.X/source.m3u8
"""
import http.client
import re
import sys
import threading
import time
from urllib.parse import urlsplit

HINT = re.compile(r'#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]*source-([0-9]+)\.([0-9]+)\.m4s)"')


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(p / 100.0 * len(s)))]


def viewer(url, until, stats, lock):
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=12)
    base = u.path[: u.path.rfind("/") + 1]
    reloads, parts, errors = [], [], 0
    try:
        conn.request("GET", u.path)
        r = conn.getresponse()
        body = r.read().decode()
        while time.time() < until:
            m = HINT.search(body)
            if not m:
                errors += 1
                time.sleep(0.2)
                conn.request("GET", u.path)
                r = conn.getresponse()
                body = r.read().decode()
                continue
            uri, msn, part = m.group(1), m.group(2), m.group(3)
            t0 = time.time()
            conn.request("GET", f"{u.path}?_HLS_msn={msn}&_HLS_part={part}")
            r = conn.getresponse()
            body = r.read().decode()
            t1 = time.time()
            if r.status != 200:
                errors += 1
                continue
            reloads.append((t1 - t0) * 1000)
            conn.request("GET", base + uri)
            r = conn.getresponse()
            r.read()
            parts.append((time.time() - t1) * 1000)
            if r.status != 200:
                errors += 1
    except Exception:  # noqa: BLE001 - counted, the run goes on
        errors += 1
    with lock:
        stats["reloads"] += reloads
        stats["parts"] += parts
        stats["errors"] += errors


def run(url, seconds, viewers):
    stats = {"reloads": [], "parts": [], "errors": 0}
    lock = threading.Lock()
    until = time.time() + seconds
    threads = [threading.Thread(target=viewer, args=(url, until, stats, lock)) for _ in range(viewers)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.time() - start
    n = len(stats["reloads"]) + len(stats["parts"])
    print(f"{url.split('/api/')[0]}: {viewers} viewers, {n / took:.0f} req/s, {stats['errors']} errors; "
          f"blocking reload p50 {pct(stats['reloads'], 50):.0f} ms p99 {pct(stats['reloads'], 99):.0f} ms; "
          f"part GET p50 {pct(stats['parts'], 50):.1f} ms p99 {pct(stats['parts'], 99):.1f} ms", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    for target in sys.argv[3:]:
        run(target, float(sys.argv[1]), int(sys.argv[2]))
