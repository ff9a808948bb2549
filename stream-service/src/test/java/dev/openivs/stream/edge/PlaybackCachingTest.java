package dev.openivs.stream.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HTTP caching of the playback edge, with real requests: immutable media with ETag, Last-Modified, 304 and byte
 * ranges; short-lived playlists; LL-HLS blocking reloads cacheable for six part targets; short-lived 404s. nginx
 * as a caching proxy in front (when installed) serves segments from its cache and revalidates playlists.
 */
@QuarkusTest
class PlaybackCachingTest extends PublishingTest {
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    PlaybackServer playback;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldCacheSegmentsForeverAndPlaylistsBriefly() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        assertEquals("max-age=1", get(url).headers().firstValue("Cache-Control").orElse(""), "404s are short-lived");
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            HttpResponse<byte[]> master = get(url);
            assertEquals("public, max-age=1", header(master, "Cache-Control"));
            assertEquals(304, get(url, "If-None-Match", header(master, "ETag")).statusCode());
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, new String(master.body()));
            await().atMost(Duration.ofSeconds(30)).until(() -> segments(mediaUrl).size() >= 2);
            HttpResponse<byte[]> media = get(mediaUrl);
            assertEquals("public, max-age=1", header(media, "Cache-Control"), "half the target duration");
            HttpResponse<byte[]> again = get(mediaUrl, "If-None-Match", header(media, "ETag"));
            assertTrue(again.statusCode() == 304 || !Arrays.equals(again.body(), media.body()),
                    "304 unless the playlist changed meanwhile");

            String segUrl = mediaUrl.replace("source.m3u8", segments(mediaUrl).firstEntry().getValue());
            HttpResponse<byte[]> seg = get(segUrl);
            byte[] all = seg.body();
            assertEquals(200, seg.statusCode());
            assertEquals(IMMUTABLE, header(seg, "Cache-Control"));
            assertEquals("bytes", header(seg, "Accept-Ranges"));
            String etag = header(seg, "ETag");
            assertTrue(etag.startsWith("\"") && etag.endsWith("\""), "a strong ETag: " + etag);
            ZonedDateTime modified = ZonedDateTime.parse(header(seg, "Last-Modified"),
                    DateTimeFormatter.RFC_1123_DATE_TIME);
            assertTrue(Duration.between(modified.toInstant(), java.time.Instant.now()).toSeconds() < 60, "" + modified);

            HttpResponse<byte[]> notModified = get(segUrl, "If-None-Match", etag);
            assertEquals(304, notModified.statusCode());
            assertEquals(0, notModified.body().length);
            assertEquals(etag, header(notModified, "ETag"));

            HttpResponse<byte[]> head = get(segUrl, "Range", "bytes=0-187");
            assertEquals(206, head.statusCode());
            assertEquals("bytes 0-187/" + all.length, header(head, "Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(all, 0, 188), head.body());
            HttpResponse<byte[]> tail = get(segUrl, "Range", "bytes=-188");
            assertEquals(206, tail.statusCode());
            assertArrayEquals(Arrays.copyOfRange(all, all.length - 188, all.length), tail.body());
            HttpResponse<byte[]> open = get(segUrl, "Range", "bytes=188-");
            assertEquals("bytes 188-" + (all.length - 1) + "/" + all.length, header(open, "Content-Range"));
            HttpResponse<byte[]> beyond = get(segUrl, "Range", "bytes=" + all.length + "-");
            assertEquals(416, beyond.statusCode());
            assertEquals("bytes */" + all.length, header(beyond, "Content-Range"));
            assertEquals(200, get(segUrl, "Range", "bytes=0-1", "If-Range", "\"other\"").statusCode(),
                    "If-Range of another version: the whole segment");

            HttpResponse<byte[]> missing = get(mediaUrl.replace("source.m3u8", segments(mediaUrl).firstEntry()
                    .getValue().replaceAll("source-[0-9]+", "source-999999")));
            assertEquals(404, missing.statusCode());
            assertEquals("max-age=1", header(missing, "Cache-Control"));
        }
    }

    @Test
    void shouldCacheLowLatencyBlockingReloadsForSixPartTargets() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "LOW");
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, new String(get(url).body()));
            HttpResponse<byte[]> media = get(mediaUrl);
            assertEquals("public, max-age=1", header(media, "Cache-Control"));
            String text = new String(media.body());
            long next = segments(mediaUrl).lastKey() + 1;
            HttpResponse<byte[]> blocking = get(mediaUrl + "?_HLS_msn=" + next + "&_HLS_part=0");
            assertEquals(200, blocking.statusCode());
            assertEquals("public, max-age=2", header(blocking, "Cache-Control"), "6 x 0.334 s");
            String init = text.replaceAll("(?s).*#EXT-X-MAP:URI=\"([^\"]+)\".*", "$1");
            String part = text.replaceAll("(?s).*#EXT-X-PART:[^\n]*URI=\"([^\"]+)\".*", "$1");
            for (String uri : new String[] {init, part, segments(mediaUrl).firstEntry().getValue()}) {
                HttpResponse<byte[]> r = get(mediaUrl.replace("source.m3u8", uri));
                assertEquals(200, r.statusCode(), uri);
                assertEquals(IMMUTABLE, header(r, "Cache-Control"), uri);
                assertEquals(304, get(mediaUrl.replace("source.m3u8", uri), "If-None-Match", header(r, "ETag"))
                        .statusCode(), uri);
                HttpResponse<byte[]> range = get(mediaUrl.replace("source.m3u8", uri), "Range", "bytes=0-7");
                assertEquals(206, range.statusCode(), uri);
                assertArrayEquals(Arrays.copyOf(r.body(), 8), range.body(), uri);
            }
        }
    }

    /** nginx caching in front: a segment comes from its cache the second time; a playlist only for a second. */
    @Test
    void shouldLetNginxCacheSegmentsButRefreshPlaylists() throws Exception {
        assumeTrue(Files.isExecutable(Paths.get("/usr/sbin/nginx")), "nginx is not installed");
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        Path dir = Files.createTempDirectory("nginx-cache-test");
        // nginx's workers (user nobody when started as root) reach the cache and temp paths their master creates
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    proxy_cache_path %1$s/cache keys_zone=edge:1m;
                    server {
                        listen 127.0.0.1:%2$d;
                        location / {
                            proxy_pass http://127.0.0.1:%3$d;
                            proxy_cache edge;
                            add_header X-Cache $upstream_cache_status;
                        }
                    }
                }
                """.formatted(dir, port, playback.port()));
        Process nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf")
                .toString(), "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("out.log")
                .toFile()).start();
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            String direct = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(direct).statusCode() == 200);
            String url = direct.replace(":" + playback.port() + "/", ":" + port + "/");
            await().atMost(Duration.ofSeconds(10)).until(() -> nginx.isAlive() && get(url).statusCode() == 200);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, new String(get(url).body()));
            await().atMost(Duration.ofSeconds(30)).until(() -> segments(mediaUrl).size() >= 2);
            String segUrl = mediaUrl.replace("source.m3u8", segments(mediaUrl).firstEntry().getValue());
            assertEquals("MISS", header(get(segUrl), "X-Cache"));
            HttpResponse<byte[]> cached = get(segUrl);
            assertEquals("HIT", header(cached, "X-Cache"));
            assertEquals(206, get(segUrl, "Range", "bytes=0-187").statusCode(), "ranges from the cache too");
            get(mediaUrl);
            assertEquals("HIT", header(get(mediaUrl), "X-Cache"), "within its second");
            Thread.sleep(2100);
            assertEquals("EXPIRED", header(get(mediaUrl), "X-Cache"), "then fetched again");
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private TreeMap<Long, String> segments(String mediaUrl) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(mediaUrl);
        return r.statusCode() == 200 ? PlaybackReconnectTest.segments(new String(r.body())) : new TreeMap<>();
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("(none)");
    }

    private HttpResponse<byte[]> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
