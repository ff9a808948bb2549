package dev.openivs.stream.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.aws.IvsConfig;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.session.LiveHolder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's fetches from a holder over real HTTP (a Vert.x server standing in for the holder's playback port, so
 * every upstream request is counted): concurrent requests coalesce into one fetch, immutable objects are kept within
 * the byte bound, playlists for their short lifetime, blocking reloads by their query, errors never, and an
 * unreachable holder is a 503.
 */
class HolderFetchTest {
    private Vertx vertx;
    private HttpServer holder;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private HolderFetch fetch;
    private HolderFetch.Holder h;

    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        holder = vertx.createHttpServer().requestHandler(req -> {
            hits.computeIfAbsent(req.uri(), k -> new AtomicInteger()).incrementAndGet();
            String path = req.path();
            if (path.endsWith(".m4s")) {
                // slow enough for concurrent requests to overlap
                vertx.setTimer(150, t -> req.response().putHeader("Cache-Control", "public, " + HttpCache.YEAR)
                        .putHeader("Content-Type", "video/mp4").putHeader("ETag", "\"" + path + "\"")
                        .end("x".repeat(400)));
            } else if (path.endsWith(".m3u8")) {
                req.response().putHeader("Cache-Control", req.getParam("_HLS_msn") != null ? "public, max-age=2"
                        : "public, max-age=1").putHeader("Content-Type", EdgeRequests.M3U8)
                        .end("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=640x360\nsource.m3u8\n");
            } else {
                req.response().setStatusCode(404).putHeader("Cache-Control", "max-age=1").end("not found\n");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        StreamConfig.Playback playback = config(StreamConfig.Playback.class, Map.of("edgeCacheBytes", 1000L,
                "edgePlaylistTtl", Duration.ofMillis(500), "edgeHolderTtl", Duration.ofSeconds(1)));
        StreamConfig cfg = config(StreamConfig.class, Map.of("playback", playback));
        IvsConfig ivs = config(IvsConfig.class, Map.of("internalToken", "t"));
        fetch = new HolderFetch(vertx, cfg, null, null, ivs, new ObjectMapper());
        fetch.start(null);
        h = holderAt(holder.actualPort());
    }

    private static HolderFetch.Holder holderAt(int port) {
        return new HolderFetch.Holder(new LiveHolder("st-1", "arn", "1", "n", "other", "http://127.0.0.1:" + port,
                "{}", Instant.now()), null);
    }

    @AfterEach
    void stop() throws Exception {
        fetch.stop(null);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HolderFetch.Answer get(String path, String query, boolean immutable) throws Exception {
        return fetch.get(h, path, query, immutable).get(10, TimeUnit.SECONDS);
    }

    private int upstream(String uri) {
        AtomicInteger n = hits.get(uri);
        return n == null ? 0 : n.get();
    }

    @Test
    void shouldCoalesceConcurrentRequestsAndKeepImmutableObjects() throws Exception {
        List<CompletableFuture<HolderFetch.Answer>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(fetch.get(h, "/st-1/source-1.2.m4s", null, true));
        }
        for (CompletableFuture<HolderFetch.Answer> f : all) {
            HolderFetch.Answer a = f.get(10, TimeUnit.SECONDS);
            assertEquals(200, a.status());
            assertEquals(400, a.body().length());
            assertEquals("\"/st-1/source-1.2.m4s\"", a.etag());
        }
        assertEquals(1, upstream("/st-1/source-1.2.m4s"), "50 concurrent requests, one fetch");
        assertEquals(200, get("/st-1/source-1.2.m4s", null, true).status());
        assertEquals(1, upstream("/st-1/source-1.2.m4s"), "then served from the cache");
        assertTrue(fetch.stats().contains("49 joined a fetch in flight"), fetch.stats());
    }

    @Test
    void shouldDropTheLeastRecentlyUsedObjectsBeyondTheByteBound() throws Exception {
        get("/a.m4s", null, true);
        get("/b.m4s", null, true);
        get("/a.m4s", null, true); // a is now the most recent
        get("/c.m4s", null, true); // 1200 bytes > 1000: b goes
        get("/a.m4s", null, true);
        get("/b.m4s", null, true);
        assertEquals(1, upstream("/a.m4s"));
        assertEquals(2, upstream("/b.m4s"), "evicted, fetched again");
    }

    @Test
    void shouldKeepPlaylistsForTheirShortLifetimeAndBlockingReloadsByTheirQuery() throws Exception {
        assertEquals(200, get("/pl.m3u8", null, false).status());
        get("/pl.m3u8", null, false);
        assertEquals(1, upstream("/pl.m3u8"), "within 0.5 s: from the cache");
        Thread.sleep(600);
        get("/pl.m3u8", null, false);
        assertEquals(2, upstream("/pl.m3u8"), "older than 0.5 s: fetched again");

        get("/pl.m3u8", "_HLS_msn=5&_HLS_part=1", false);
        get("/pl.m3u8", "_HLS_msn=5&_HLS_part=1", false);
        get("/pl.m3u8", "_HLS_msn=5&_HLS_part=2", false);
        Thread.sleep(600);
        get("/pl.m3u8", "_HLS_msn=5&_HLS_part=1", false);
        assertEquals(1, upstream("/pl.m3u8?_HLS_msn=5&_HLS_part=1"), "a blocking reload's answer: its max-age (2 s)");
        assertEquals(1, upstream("/pl.m3u8?_HLS_msn=5&_HLS_part=2"));

        int[] size = fetch.source(h, "/pl.m3u8").playable().get(10, TimeUnit.SECONDS);
        assertEquals(640, size[0]);
        assertEquals(360, size[1]);
    }

    @Test
    void shouldPassErrorsOnWithoutKeepingThemAndAnswer503WhenTheHolderIsGone() throws Exception {
        assertEquals(404, get("/missing", null, true).status());
        assertEquals(404, get("/missing", null, true).status());
        assertEquals(2, upstream("/missing"), "errors are never kept");
        assertEquals(null, fetch.source(h, "/missing").playable().get(10, TimeUnit.SECONDS), "not playable");

        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        h = holderAt(port);
        HolderFetch.Answer gone = get("/st-1/source-1.0.m4s", null, true);
        assertEquals(503, gone.status());
        assertEquals("1", gone.retryAfter());
    }
}
