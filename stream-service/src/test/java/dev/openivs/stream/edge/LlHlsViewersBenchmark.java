package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints how the LL-HLS edge serves 200 concurrent simulated low-latency viewers (no assertion on the numbers).
 * Each viewer loops like an LL-HLS player at the live edge: a blocking playlist reload for the part after the newest
 * it has ({@code _HLS_msn}/{@code _HLS_part}), then a GET of that part. The channel is published with ffmpeg
 * {@code -c copy} (640x360, 800 kbps). Client and server share this JVM and the 2 cores.
 *
 * <pre>
 * IVS_DB_NAME=ivs_test ./mvnw -pl stream-service verify -Dgroups=benchmark -Divs.excludedGroups=none \
 *     -Dtest=LlHlsViewersBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@QuarkusTest
@Tag("benchmark")
class LlHlsViewersBenchmark extends PublishingTest {
    private static final int VIEWERS = Integer.getInteger("viewers", 200);
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final Pattern PART = Pattern.compile("#EXT-X-PART:[^\n]*URI=\"(st-[a-zA-Z0-9]+/)source-(\\d+)\\.(\\d+)\\.m4s\"");

    @Inject
    PlaybackServer playback;

    @Inject
    LowLatencyPlayback lowLatency;

    @Test
    void serveLowLatencyViewers() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().when().get(url).then().extract().statusCode() == 200);
            String media = PlaylistUrls.sourceMediaUrl(url, given().when().get(url).then().extract().asString());
            String base = media.substring(0, media.lastIndexOf('/') + 1);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            AtomicLong requests = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicInteger peakParked = new AtomicInteger();
            List<Long> reloadMs = Collections.synchronizedList(new ArrayList<>());
            List<Long> partMs = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + RUN.toNanos();
            List<CompletableFuture<Void>> viewers = new ArrayList<>();
            for (int i = 0; i < VIEWERS; i++) {
                viewers.add(CompletableFuture.runAsync(() -> { }).thenCompose(v -> viewer(http, media, base, -1, -1,
                        end, requests, bytes, errors, reloadMs, partMs)));
            }
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            while (System.nanoTime() < end) {
                peakParked.accumulateAndGet(lowLatency.parked(), Math::max);
                Thread.sleep(20);
            }
            CompletableFuture.allOf(viewers.toArray(CompletableFuture[]::new)).get();
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9 / secs * 100;
            System.out.printf("load average %s%n", java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip());
            System.out.printf("LL-HLS, %d viewers for %.1f s: %d requests (%.0f/s), %.1f MB/s, %d errors; blocking "
                    + "reload p50 %d ms p95 %d ms; part GET p50 %d ms p95 %d ms; peak parked %d; JVM CPU (server + "
                    + "client) %.0f %% of one core%n", VIEWERS, secs, requests.get(), requests.get() / secs,
                    bytes.get() / secs / 1e6, errors.get(), pct(reloadMs, 50), pct(reloadMs, 95), pct(partMs, 50),
                    pct(partMs, 95), peakParked.get(), cpu);
        }
    }

    /** One viewer's loop: blocking reload for the next part, then that part; until {@code end}. */
    private CompletableFuture<Void> viewer(HttpClient http, String media, String base, long msn, int part, long end,
            AtomicLong requests, AtomicLong bytes, AtomicLong errors, List<Long> reloadMs, List<Long> partMs) {
        if (System.nanoTime() > end) {
            return CompletableFuture.completedFuture(null);
        }
        String q = msn < 0 ? "" : "?_HLS_msn=" + msn + "&_HLS_part=" + part;
        long t0 = System.nanoTime();
        return http.sendAsync(HttpRequest.newBuilder(URI.create(media + q)).build(), HttpResponse.BodyHandlers.ofString())
                .thenCompose(r -> {
                    requests.incrementAndGet();
                    reloadMs.add((System.nanoTime() - t0) / 1_000_000);
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                        return viewer(http, media, base, -1, -1, end, requests, bytes, errors, reloadMs, partMs);
                    }
                    bytes.addAndGet(r.body().length());
                    String dir = "";
                    long newestMsn = -1;
                    int newestPart = -1;
                    Matcher m = PART.matcher(r.body());
                    while (m.find()) {
                        dir = m.group(1);
                        newestMsn = Long.parseLong(m.group(2));
                        newestPart = Integer.parseInt(m.group(3));
                    }
                    long nm = newestMsn;
                    int np = newestPart;
                    long t1 = System.nanoTime();
                    return http.sendAsync(HttpRequest.newBuilder(URI.create(base + dir + "source-" + nm + "." + np + ".m4s"))
                            .build(), HttpResponse.BodyHandlers.ofByteArray()).thenCompose(p -> {
                                requests.incrementAndGet();
                                partMs.add((System.nanoTime() - t1) / 1_000_000);
                                if (p.statusCode() != 200) {
                                    errors.incrementAndGet();
                                } else {
                                    bytes.addAndGet(p.body().length);
                                }
                                return viewer(http, media, base, nm, np + 1, end, requests, bytes, errors, reloadMs,
                                        partMs);
                            });
                })
                .exceptionally(e -> {
                    if (errors.incrementAndGet() == 1) {
                        System.out.println("first viewer error: " + e);
                    }
                    return null;
                });
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
