package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.RecordingConfiguration;

/**
 * The media plane across replicas ({@code IVS_STREAM_REPLICAS=2 ./ivs up}: replica A on RTMP 1935 and playback
 * 8091, replica B on playback 8092, the nginx proxy_cache on 8090 = the channels' playbackUrl). ffmpeg publishes to
 * A; ffprobe, ffmpeg and hls.js in headless Chromium play from B (which fetches from A) and through the cache.
 * Skipped unless the stack runs two replicas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int REPLICAS = Integer.parseInt(System.getenv().getOrDefault("IVS_STREAM_REPLICAS", "1"));
    static final String A = "http://127.0.0.1:8091";
    static final String B = "http://127.0.0.1:8092";
    /** Replica B's RTMP port (./ivs: 1935 + i - 1). */
    static final int B_RTMP = 1936;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"[^\"]*source-([0-9]+)"
            + "\\.([0-9]+)\\.m4s\"");
    private static final Pattern VARIANT = Pattern.compile("\n([^#\n][^\n]*source\\.m3u8)\n");

    private final IvsClient ivs = Suite.clientA();

    @BeforeAll
    static void needsTwoReplicas() {
        Encoder.assumeInstalled(true);
        assumeTrue(REPLICAS >= 2, "the stack runs one stream-service replica (IVS_STREAM_REPLICAS=2 ./ivs up)");
    }

    static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(12));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(String url) throws Exception {
        return new String(get(url).body(), StandardCharsets.UTF_8);
    }

    /** The same path on another host (replica A or B instead of the cache). */
    static String on(String base, String url) {
        return base + URI.create(url).getRawPath();
    }

    private void deleteChannel(String arn) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            ivs.deleteChannel(r -> r.arn(arn));
            return true;
        });
    }

    @Test
    void shouldPlayANormalChannelFromTheOtherReplicaAndThroughTheCache() throws Exception {
        play("NORMAL");
    }

    @Test
    void shouldPlayALowLatencyChannelFromTheOtherReplicaAndThroughTheCache() throws Exception {
        play("LOW");
    }

    private void play(String mode) throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("replicas-it").insecureIngest(true)
                .latencyMode(mode));
        String arn = created.channel().arn();
        String cache = created.channel().playbackUrl();
        String viaB = on(B, cache);
        Process encoder = Encoder.publish(Encoder.rtmpUrl(created.streamKey().value()), 120, "replicas-it-");
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get(viaB).statusCode() == 200);
            // A holds the stream; B answers the same playlist, segments byte for byte
            String master = text(viaB);
            assertTrue(master.contains("RESOLUTION=640x360"), master);
            String media = viaB.substring(0, viaB.lastIndexOf('/') + 1) + first(VARIANT, master);
            String playlist = text(media);
            String segment = lastMedia(playlist, mode);
            String segB = media.substring(0, media.lastIndexOf('/') + 1) + segment;
            HttpResponse<byte[]> fromB = get(segB);
            assertEquals(200, fromB.statusCode());
            assertArrayEquals(get(on(A, segB)).body(), fromB.body(), "B serves A's bytes");
            assertTrue(fromB.headers().firstValue("Cache-Control").orElse("").contains("immutable"));

            String probe = Encoder.run(60, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                    viaB);
            assertTrue(probe.contains("h264") && probe.contains("aac"), probe);
            assertEquals("", Encoder.run(90, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", viaB, "-t", "4",
                    "-f", "null", "-").strip(), "decodes from B without errors");
            // viewerCount counts B's viewer although GetStream is answered by A (the gateway's stream-service)
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ivs.getStream(r -> r.channelArn(arn)).stream().viewerCount() >= 1);

            // through the cache: decoded, and a second read of a segment is a cache hit
            assertEquals("", Encoder.run(90, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", cache, "-t", "4",
                    "-f", "null", "-").strip(), "decodes through the cache without errors");
            String segCache = URI.create(cache).resolve(URI.create(segB).getRawPath()).toString();
            get(segCache);
            HttpResponse<byte[]> hit = get(segCache);
            assertEquals(200, hit.statusCode());
            assertEquals("HIT", hit.headers().firstValue("X-Cache-Status").orElse(""), segCache);
            assertArrayEquals(fromB.body(), hit.body());
            HttpResponse<byte[]> pl1 = get(cache);
            assertTrue(pl1.headers().firstValue("Cache-Control").orElse("").contains("max-age=1"));

            if (mode.equals("LOW")) {
                blockingReloads(media);
                hlsJs(viaB, "LOW via replica B");
                // HTTPS on the playback edge (replica B's TLS port 8452, the self-signed RTMPS certificate)
                String https = viaB.replace("http://127.0.0.1:8092", "https://127.0.0.1:8452");
                String cert = Encoder.run(10, "curl", "-skv", "-o", "/dev/null", https);
                assertTrue(cert.contains("CN=localhost") && cert.contains("HTTP/1.1 200"), cert);
                hlsJs(https, "LOW via replica B over HTTPS");
                hlsJs(cache, "LOW via the cache");
            }
            ivs.stopStream(r -> r.channelArn(arn));
            assertTrue(encoder.waitFor(15, TimeUnit.SECONDS), "ffmpeg exits after StopStream");
            await().atMost(Duration.ofSeconds(15)).until(() -> get(viaB).statusCode() == 404);
        } finally {
            encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            deleteChannel(arn);
        }
    }

    private static String first(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    /** The newest full segment of a media playlist (TS or fMP4), relative to it. */
    private static String lastMedia(String playlist, String mode) {
        String last = null;
        for (String line : playlist.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                last = line;
            }
        }
        assertTrue(last != null && last.endsWith(mode.equals("LOW") ? ".m4s" : ".ts"), playlist);
        return last;
    }

    /**
     * LL-HLS blocking reloads for the next part, sent at the same instant to the holder (A) and through B: B answers
     * at most about one part duration after A. Prints the added latency.
     */
    private static void blockingReloads(String mediaViaB) throws Exception {
        String mediaViaA = on(A, mediaViaB);
        List<Long> added = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Matcher hint = HINT.matcher(text(mediaViaA));
            assertTrue(hint.find());
            String q = "?_HLS_msn=" + hint.group(1) + "&_HLS_part=" + hint.group(2);
            long t0 = System.nanoTime();
            CompletableFuture<Long> a = at(mediaViaA + q, t0);
            CompletableFuture<Long> b = at(mediaViaB + q, t0);
            long ta = a.get(10, TimeUnit.SECONDS);
            long tb = b.get(10, TimeUnit.SECONDS);
            added.add((tb - ta) / 1_000_000);
            waits.add(ta / 1_000_000);
        }
        List<Long> sorted = new ArrayList<>(added);
        Collections.sort(sorted);
        System.out.printf("LL-HLS blocking reload for the next part: holder A answered after %s ms; B (fetching from"
                + " A) added %s ms: median %d ms, max %d ms%n", waits, added, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
        assertTrue(sorted.get(sorted.size() / 2) <= 334, "median added latency within one part: " + added);
    }

    /** Completes with the ns after {@code t0} at which a 200 answer arrived. */
    private static CompletableFuture<Long> at(String url, long t0) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                    assertEquals(200, r.statusCode(), url + ": " + r.body());
                    return System.nanoTime() - t0;
                });
    }

    private static void hlsJs(String src, String what) throws Exception {
        try (Player p = Player.open(src)) {
            JsonNode r = p.awaitPlaying(4);
            double t1 = r.get("currentTime").asDouble();
            Thread.sleep(5000);
            r = p.report();
            assertFalse(Player.fatal(r), r.toString());
            assertTrue(r.get("currentTime").asDouble() - t1 > 3, "playback advances: " + r);
            System.out.printf("hls.js %s: plays (%.1f s), latency samples %s, parts loaded %d%n", what,
                    r.get("currentTime").asDouble(), Player.median(r), r.get("partsLoaded").asInt());
        }
    }

    /**
     * A replica that dies during playback: hls.js plays through the cache, which was sending part of the player's
     * requests to B (the cache's access log shows them), and sends the next ones to the remaining replica A. Runs
     * last: B stays down ({@code ./ivs up} starts it again; {@code ./ivs test} stops the replicas after this class),
     * so no restart is paid in CI.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void shouldKeepPlayingThroughTheCacheWhenTheEdgeReplicaDies() throws Exception {
        Path state = Paths.get(System.getenv().getOrDefault("IVS_STATE_DIR",
                System.getProperty("ivs.root", "..") + "/.ivs"));
        Path pidFile = state.resolve("pids/stream-service-2.pid");
        Path cacheLog = state.resolve("logs/playback-cache-access.log");
        assumeTrue(Files.exists(pidFile), "replica B was not started by ./ivs from " + state);
        CreateChannelResponse created = ivs.createChannel(r -> r.name("replicas-it-kill").insecureIngest(true)
                .latencyMode("LOW"));
        String arn = created.channel().arn();
        String cache = created.channel().playbackUrl();
        String channelPath = URI.create(cache).getRawPath();
        channelPath = channelPath.substring(0, channelPath.lastIndexOf('/'));
        Process encoder = Encoder.publish(Encoder.rtmpUrl(created.streamKey().value()), 120, "replicas-it-kill-");
        try (Player p = Player.open(waitPlayable(cache))) {
            p.awaitPlaying(3);
            long logAtKill = Files.exists(cacheLog) ? Files.size(cacheLog) : 0;
            String before = logAtKill > 0 ? Files.readString(cacheLog) : "";
            String viaB = "upstream=127.0.0.1:" + URI.create(B).getPort();
            String channel = channelPath;
            assertTrue(before.lines().anyMatch(l -> l.contains(channel) && l.contains(viaB)),
                    "the player's requests went through B before it died (" + cacheLog + ")");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            double atKill = p.report().get("currentTime").asDouble();
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    p.report().get("currentTime").asDouble() > atKill + 8 || Player.fatal(p.report()));
            JsonNode r = p.report();
            assertFalse(Player.fatal(r), "no fatal player error after replica B died: " + r);
            String after = Files.readString(cacheLog).substring((int) logAtKill);
            long toA = after.lines().filter(l -> l.contains(channel) && l.contains(" 200 ")
                    && l.matches(".*upstream=(127\\.0\\.0\\.1:8092, )?127\\.0\\.0\\.1:8091 .*")).count();
            assertTrue(toA > 0, "after B died, A answered the cache's misses: " + after);
            System.out.printf("hls.js through the cache: replica B killed at %.1f s, playing at %.1f s %d ms later,"
                    + " %d misses answered by A since, errors %s%n", atKill, r.get("currentTime").asDouble(),
                    (System.nanoTime() - t0) / 1_000_000, toA, r.get("errors"));
        } finally {
            encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            deleteChannel(arn);
        }
    }

    private static String waitPlayable(String url) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get(url).statusCode() == 200);
        return url;
    }

    /**
     * An encoder reconnect inside the reconnect window that lands on the other replica continues the recording, as
     * IVS merges it: ffmpeg publishes 5 s to A (RTMP 1935), then 5 s to B (RTMP 1936). One recording: one prefix,
     * one recording-ended.json, one Recording Start/End pair naming both streams, segment numbering continued after
     * one discontinuity, and ffprobe decodes all of it from the store.
     */
    @Test
    void shouldContinueTheRecordingWhenTheEncoderReconnectsToTheOtherReplica() throws Exception {
        RecordingConfiguration rc = ivs.createRecordingConfiguration(r -> r.name("replicas-it-recording")
                .destinationConfiguration(d -> d.s3(s -> s.bucketName(Store.BUCKET)))
                .recordingReconnectWindowSeconds(8)
                .thumbnailConfiguration(t -> t.recordingMode("DISABLED"))).recordingConfiguration();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                "ACTIVE".equals(ivs.getRecordingConfiguration(r -> r.arn(rc.arn())).recordingConfiguration()
                        .stateAsString()));
        CreateChannelResponse created = ivs.createChannel(r -> r.name("replicas-it-recording").insecureIngest(true)
                .recordingConfigurationArn(rc.arn()));
        String arn = created.channel().arn();
        String key = created.streamKey().value();
        String folder = "ivs/v1/" + Suite.ACCOUNT_A + "/" + arn.substring(arn.lastIndexOf('/') + 1) + "/";
        try (EventLog events = EventLog.from("ivs.eventbridge"); Store store = new Store()) {
            publishFor(Encoder.rtmpUrl(key), "replicas-it-rec-a-");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    !ivs.listStreams(r -> r.maxResults(100)).streams().stream()
                            .anyMatch(st -> arn.equals(st.channelArn())));
            publishFor("rtmp://" + Encoder.HOST + ":" + B_RTMP + "/app/" + key, "replicas-it-rec-b-");

            List<JsonNode> seen = events.await(all -> all.stream().anyMatch(e -> arn.equals(e.path("resources")
                    .path(0).asText()) && "Recording End".equals(e.path("detail").path("recording_status").asText())),
                    Duration.ofSeconds(40));
            List<JsonNode> recording = new ArrayList<>();
            List<String> sessions = new ArrayList<>();
            for (JsonNode e : seen) {
                if (!arn.equals(e.path("resources").path(0).asText())) {
                    continue;
                }
                JsonNode d = e.path("detail");
                if ("IVS Recording State Change".equals(e.path("detail-type").asText())) {
                    recording.add(d);
                } else if ("Session Created".equals(d.path("event_name").asText())) {
                    sessions.add(d.path("stream_id").asText());
                }
            }
            assertEquals(List.of("Recording Start", "Recording End"),
                    recording.stream().map(d -> d.path("recording_status").asText()).toList(), recording.toString());
            assertEquals(2, sessions.size(), "two streams: " + sessions);
            JsonNode end = recording.get(1);
            assertEquals(sessions, JSON.convertValue(end.path("recording_session_stream_ids"), List.class));
            String prefix = end.path("recording_s3_key_prefix").asText();
            assertEquals(prefix, recording.get(0).path("recording_s3_key_prefix").asText());

            List<String> keys = new ArrayList<>();
            for (String k : store.keys(folder)) {
                assertTrue(k.startsWith(prefix + "/"), "one recording under the channel: " + k);
                keys.add(k.substring(prefix.length() + 1));
            }
            assertTrue(keys.contains("events/recording-ended.json"), keys.toString());
            Path dir = store.download(prefix, keys);
            String playlist = Files.readString(dir.resolve("media/hls/360p30/playlist.m3u8"));
            assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
            assertEquals(1, playlist.split("#EXT-X-DISCONTINUITY\n", -1).length - 1, playlist);
            long segments = playlist.lines().filter(l -> l.endsWith(".ts")).count();
            for (int i = 0; i < segments; i++) {
                assertTrue(playlist.contains("\n" + i + ".ts\n"), "segment " + i + " numbered on: " + playlist);
            }
            long durationMs = end.path("recording_duration_ms").asLong();
            assertTrue(durationMs >= 9_000 && durationMs <= 11_000, "two streams of 5 s: " + durationMs);
            JsonNode ended = JSON.readTree(store.get(prefix + "/events/recording-ended.json"));
            assertEquals(durationMs, ended.path("media").path("hls").path("duration_ms").asLong());
            long frames = Store.framesDecoded(dir);
            assertEquals(durationMs * 30 / 1000.0, frames, 6, "frames decoded vs duration_ms at 30 fps");
            System.out.printf("recording continued across replicas: %d segments, %d ms, %d frames decoded%n",
                    segments, durationMs, frames);
        } finally {
            deleteChannel(arn);
            ivs.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        }
    }

    /** ffmpeg publishes 5 s and disconnects. */
    private static void publishFor(String url, String log) throws Exception {
        Process p = Encoder.publish(url, 5, log);
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffmpeg published 5 s to " + url);
            assertEquals(0, p.exitValue(), url);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A private channel played through B (which did not ingest it): token verified and edge session opened on B,
     * playback through the session, and a revocation observed on B.
     */
    @Test
    void shouldPlayAPrivateChannelThroughTheOtherReplicaAndStopOnRevocation() throws Exception {
        KeyPair key = PlaybackAuthIT.keyPair("secp384r1");
        CreateChannelResponse created = ivs.createChannel(r -> r.name("replicas-it-private").authorized(true)
                .latencyMode("LOW").insecureIngest(true));
        String arn = created.channel().arn();
        String viaB = on(B, created.channel().playbackUrl());
        String keyArn = ivs.importPlaybackKeyPair(r -> r.publicKeyMaterial(PlaybackAuthIT.publicPem(key))).keyPair()
                .arn();
        Process encoder = Encoder.publish(Encoder.rtmpUrl(created.streamKey().value()), 120, "replicas-it-private-");
        try {
            String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("aws:channel-arn", arn);
            claims.put("exp", Instant.now().getEpochSecond() + 600);
            claims.put("aws:viewer-id", viewer);
            claims.put("aws:viewer-session-version", 1);
            String token = PrivatePlaybackIT.token(key.getPrivate(), claims);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get(viaB + "?token=" + token).statusCode() == 302);
            assertEquals(403, get(viaB).statusCode(), "no token: refused on B");
            HttpResponse<byte[]> start = get(viaB + "?token=" + token);
            String session = URI.create(viaB).resolve(start.headers().firstValue("Location").orElseThrow())
                    .toString();
            String master = new String(get(session).body(), StandardCharsets.UTF_8);
            String media = session.substring(0, session.lastIndexOf('/') + 1) + first(VARIANT, master);
            HttpResponse<byte[]> playlist = get(media);
            assertEquals(200, playlist.statusCode());
            assertEquals("private, no-store", playlist.headers().firstValue("Cache-Control").orElse(""));
            String frames = Encoder.run(90, "ffprobe", "-v", "error", "-select_streams", "v", "-count_frames",
                    "-read_intervals", "%+3", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0",
                    session);
            assertTrue(Pattern.compile("h264,[1-9][0-9]*").matcher(frames).find(), frames);
            assertEquals(403, get(media.replaceFirst("/session\\.[A-Za-z0-9_-]+", "")).statusCode(),
                    "the channel's paths need the session on B too");

            long t0 = System.nanoTime();
            ivs.startViewerSessionRevocation(r -> r.channelArn(arn).viewerId(viewer)
                    .viewerSessionVersionsLessThanOrEqualTo(1));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(media).statusCode() == 403);
            System.out.printf("revocation observed on replica B (not the holder): %d ms after the API call%n",
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            ivs.deletePlaybackKeyPair(r -> r.arn(keyArn));
            deleteChannel(arn);
        }
    }
}
