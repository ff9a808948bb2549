package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import dev.openivs.stream.ingest.rtmp.MultitrackPublisher;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Enhanced RTMP v2 multitrack publishes (a test publisher sending two H.264 encodes as OBS lays them out): each
 * track becomes a transmuxed rendition, GetStreamSession lists every track, and the channel's
 * multitrackInputConfiguration is enforced with IVS's session end codes.
 */
@QuarkusTest
class MultitrackIngestTest extends PublishingTest {
    private static final Path WORK = Paths.get("target", "ffmpeg");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    PlaybackServer playback;

    /** {@code seconds} of H.264 (2 s GOP, 30 fps) at {@code size}, with AAC when {@code audio}, in FLV; cached. */
    private static synchronized Path encode(String size, int seconds, boolean audio) throws Exception {
        Path out = WORK.resolve("multitrack-" + size + "-" + seconds + (audio ? "-a" : "") + ".flv");
        if (!Files.exists(out)) {
            Files.createDirectories(WORK);
            List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error",
                    "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=30"));
            if (audio) {
                cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-c:a", "aac",
                        "-b:a", "64k", "-ac", "2"));
            }
            cmd.addAll(List.of("-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "60",
                    "-bf", "0", "-pix_fmt", "yuv420p", "-y", out.toString()));
            Ffmpeg.run(120, cmd.toArray(String[]::new));
        }
        return out;
    }

    private static Map<String, Object> metadata() {
        return Map.of("width", 640.0, "height", 360.0, "framerate", 30.0, "videocodecid", 7.0, "audiocodecid",
                10.0, "encoder", "multitrack-test");
    }

    private String[] channel(boolean enabled, String policy, String maximumResolution) {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.containerFormat(ch[0], "FRAGMENTED_MP4");
        fixture.multitrack(ch[0], enabled, policy, maximumResolution);
        return ch;
    }

    /** The code of the session's Session Ended event (EventBridge detail.code), once it ended. */
    private String endCode(String channelArn) {
        String[] code = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var rows = pool.preparedQuery("SELECT payload::json->'detail'->>'code' AS c FROM stream.outbox_event "
                    + "WHERE topic = 'ivs.eventbridge' AND payload::json->'resources'->>0 = $1 "
                    + "AND payload::json->'detail'->>'event_name' = 'Session Ended'").execute(Tuple.of(channelArn))
                    .await().atMost(Duration.ofSeconds(10));
            if (rows.size() == 0) {
                return false;
            }
            code[0] = rows.iterator().next().getString("c");
            return true;
        });
        return code[0];
    }

    @Test
    void twoTracksBecomeTwoRenditionsListedInTheSession() throws Exception {
        String[] ch = channel(true, "ALLOW", "FULL_HD");
        Path top = encode("640x360", 8, true);
        Path low = encode("320x180", 8, false);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (MultitrackPublisher p = MultitrackPublisher.connect(server.rtmpPort(), ch[1])) {
            assertTrue(p.received("NetStream.Publish.Start"), "publish accepted");
            CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.send(top, List.of(low), metadata());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var r = given().get(url).then().extract();
                return r.statusCode() == 200 && r.asString().contains("180p30.m3u8");
            });
            String master = given().get(url).then().extract().asString();
            assertTrue(master.contains("GROUP-ID=\"360p30\"") && master.contains("GROUP-ID=\"180p30\""), master);
            assertTrue(master.contains("RESOLUTION=320x180") && master.contains("RESOLUTION=640x360"), master);
            String base = url.substring(0, url.lastIndexOf('/') + 1);
            String lowUrl = base + master.lines().filter(l -> l.endsWith("180p30.m3u8")).findFirst().orElseThrow();
            String probe = Ffmpeg.run(60, "ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", lowUrl);
            assertTrue(probe.contains("h264,320,180") && probe.contains("aac"), probe);

            // while live: every track, measured frame rate and bitrate for the further one
            await().atMost(Duration.ofSeconds(10)).until(() -> tracks(ch[0]).size() == 2
                    && tracks(ch[0]).get(1).path("targetFramerate").asLong() > 0);
            List<JsonNode> tracks = tracks(ch[0]);
            assertEquals("Track0", tracks.get(0).path("track").asText());
            assertEquals(640, tracks.get(0).path("videoWidth").asInt());
            JsonNode t1 = tracks.get(1);
            assertEquals("Track1", t1.path("track").asText());
            assertEquals(320, t1.path("videoWidth").asInt());
            assertEquals(180, t1.path("videoHeight").asInt());
            assertTrue(t1.path("codec").asText().startsWith("avc1.42C0"), t1.toString());
            assertEquals("Baseline", t1.path("profile").asText());
            assertEquals("", t1.path("avcProfile").asText());
            assertEquals(30, t1.path("targetFramerate").asLong(), 1);
            assertTrue(t1.path("targetBitrate").asLong() > 0, t1.toString());
            System.out.printf("multitrack session tracks: %s%n", tracks);
            assertTrue(sent.get(), "the publisher sent everything");
        }
        assertEquals(null, endCode(ch[0]), "a multitrack session ends without a code");
    }

    private List<JsonNode> tracks(String channelArn) throws Exception {
        String body = call("GetStreamSession", "{\"channelArn\":\"" + channelArn + "\"}").statusCode(200)
                .extract().asString();
        List<JsonNode> out = new java.util.ArrayList<>();
        MAPPER.readTree(body).path("streamSession").path("ingestConfigurations").path("videoConfigurations")
                .forEach(out::add);
        return out;
    }

    @Test
    void requirePolicyRefusesASingleTrack() throws Exception {
        String[] ch = channel(true, "REQUIRE", "FULL_HD");
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 20)) {
            assertTrue(ffmpeg.waitFor(30) > 0, "ffmpeg is refused: " + ffmpeg.log());
            assertTrue(ffmpeg.log().contains("requires multitrack input"), ffmpeg.log());
        }
        assertEquals("MultitrackInputRequired", endCode(ch[0]));
    }

    @Test
    void multitrackIsRefusedWhereNotEnabledOrAboveTheMaximumResolution() throws Exception {
        String[] off = channel(false, "ALLOW", "FULL_HD");
        try (MultitrackPublisher p = MultitrackPublisher.connect(server.rtmpPort(), off[1])) {
            p.send(encode("640x360", 2, true), List.of(encode("320x180", 2, false)), metadata());
        }
        assertEquals("MultitrackInputNotAllowed", endCode(off[0]));

        String[] sd = channel(true, "ALLOW", "SD");
        try (MultitrackPublisher p = MultitrackPublisher.connect(server.rtmpPort(), sd[1])) {
            p.send(encode("640x360", 4, true), List.of(encode("1280x720", 4, false)), metadata());
            assertTrue(p.received("above the channel's maximumResolution SD"), "onStatus names the limit");
        }
        assertEquals("InvalidMultitrackInputVideoTrackMediaProperties", endCode(sd[0]));
    }

    @Test
    void trackCountIsCheckedAgainstWhatGetClientConfigurationHandedOut() throws Exception {
        // GCC hands out three tracks for a 1280x720 canvas (720p, 480p, 360p); the publisher sends two
        String[] ch = channel(true, "ALLOW", "FULL_HD");
        var answer = ClientConfigurationTest.gcc(ClientConfigurationTest.request2024(ch[1], 1280, 720, 30, 3));
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(3, MAPPER.readTree(answer.asString()).path("encoder_configurations").size(), answer.asString());
        try (MultitrackPublisher p = MultitrackPublisher.connect(server.rtmpPort(), ch[1])) {
            p.send(encode("640x360", 4, true), List.of(encode("320x180", 4, false)), metadata());
            assertTrue(p.received("GetClientConfiguration"), "onStatus names the configuration");
        }
        assertEquals("InvalidMultitrackInputTrackCount", endCode(ch[0]));

        // the same two tracks after GCC handed out two: accepted
        String[] ok = channel(true, "ALLOW", "FULL_HD");
        assertEquals(200, ClientConfigurationTest.gcc(ClientConfigurationTest.request2024(ok[1], 1280, 720, 30, 2))
                .statusCode());
        String url = PlaylistUrls.multivariantUrl(playback.port(), ok[0]);
        try (MultitrackPublisher p = MultitrackPublisher.connect(server.rtmpPort(), ok[1])) {
            CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.send(encode("640x360", 8, true), List.of(encode("320x180", 8, false)), metadata());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var r = given().get(url).then().extract();
                return r.statusCode() == 200 && r.asString().contains("180p30.m3u8");
            });
            assertTrue(sent.get(), "the publisher sent everything");
        }
        assertEquals(null, endCode(ok[0]), "a matching track count ends without a code");
    }
}
