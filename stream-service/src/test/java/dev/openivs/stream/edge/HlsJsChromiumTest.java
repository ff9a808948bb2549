package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * hls.js (the {@code org.webjars.npm:hls.js} jar, so no npm at run time) in headless Chromium plays a LOW (fMP4
 * parts) and a NORMAL (MPEG-TS) channel published by ffmpeg, with {@code lowLatencyMode: true}. A test page served
 * by a JDK HttpServer posts what the player sees (video time, decoded frames, parts loaded, metadata events, errors)
 * back to the test; PutMetadata payloads must reach hls.js's FRAG_PARSING_METADATA event. Prints the latency
 * (wall clock minus the PROGRAM-DATE-TIME of the playing position).
 */
@QuarkusTest
class HlsJsChromiumTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    private HlsJsPage page;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(HlsJsPage.chromiumBinary() != null, "chromium is not installed");
    }

    @BeforeEach
    void servePage() throws IOException {
        page = new HlsJsPage();
    }

    @AfterEach
    void stop() throws IOException {
        page.close();
    }

    private void openPlayer(String src) throws IOException {
        page.open(src);
    }

    private String playbackUrl(String channelArn) {
        return PlaylistUrls.multivariantUrl(playback.port(), channelArn);
    }

    @Test
    void shouldPlayALowLatencyChannelWithPartsAndRaiseTheMetadataEvent() throws Exception {
        JsonNode r = play("LOW");
        assertTrue(r.get("lowLatency").asBoolean(), "hls.js sees the playlist's parts: " + r);
        assertTrue(r.get("partsLoaded").asInt() > 0, "hls.js loads parts: " + r);
        assertEquals(0.334, r.get("partTarget").asDouble(), 1e-9);
    }

    @Test
    void shouldPlayANormalChannelAndRaiseTheMetadataEvent() throws Exception {
        JsonNode r = play("NORMAL");
        assertFalse(r.get("lowLatency").asBoolean(), "MPEG-TS segments, no parts: " + r);
        assertEquals(0, r.get("partsLoaded").asInt());
    }

    /**
     * InsertAdBreak while hls.js plays a NORMAL channel: hls.js merges the break's two EXT-X-DATERANGE tags into one
     * valid range (START-DATE, PLANNED-DURATION, DURATION, SCTE35-OUT and SCTE35-IN) and raises metadata cues for its
     * SCTE-35 attributes when playback reaches the break.
     */
    @Test
    void shouldSeeAnAdBreakAsADateRangeAndMetadataCues() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.adConfiguration(ch[0], "arn:aws:ivs:us-west-2:123456789012:ad-configuration/hlsJsAds123");
        String url = playbackUrl(ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 60)) {
            playPastTwoSeconds(url);
            String id = AdBreakPlaybackTest.insert("{\"channelArn\":\"" + ch[0] + "\",\"durationSeconds\":4}")
                    .statusCode(200).extract().path("adBreakId");
            long eventId = dev.openivs.stream.media.AdBreak.of(id, 4, java.time.Instant.now()).eventId();
            JsonNode[] range = {null};
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode r = page.report();
                for (JsonNode d : r.path("dateRanges")) {
                    if (d.get("id").asText().equals(id) && !d.get("scte35In").isNull()) {
                        range[0] = d;
                    }
                }
                return fatal(r) || (range[0] != null && contains(r.get("cueKeys"), "SCTE35-OUT"));
            });
            JsonNode r = page.report();
            assertFalse(fatal(r), r.toString());
            assertTrue(range[0].get("valid").asBoolean(), range[0].toString());
            assertEquals(4.0, range[0].get("plannedDuration").asDouble(), 1e-9);
            double duration = range[0].get("duration").asDouble();
            assertTrue(duration >= 3.95 && duration < 6.1, "DURATION " + duration);
            assertEquals(dev.openivs.stream.format.ts.Scte35.hex(
                    dev.openivs.stream.format.ts.Scte35.spliceOut(eventId, 4)), range[0].get("scte35Out").asText());
            assertEquals(dev.openivs.stream.format.ts.Scte35.hex(
                    dev.openivs.stream.format.ts.Scte35.spliceIn(eventId)), range[0].get("scte35In").asText());
            System.out.printf("hls.js %s: ad break %s as a date range of %.3f s (planned 4), metadata cues %s%n",
                    r.get("version").asText(), id, duration, r.get("cueKeys"));
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldKeepPlayingANormalChannelAcrossAnEncoderReconnect() throws Exception {
        playAcrossReconnect("NORMAL");
    }

    @Test
    void shouldKeepPlayingALowLatencyChannelAcrossAnEncoderReconnect() throws Exception {
        playAcrossReconnect("LOW");
    }

    /**
     * The encoder stops and publishes again (a new stream session): hls.js, still on the playlist it opened, plays on
     * into the new session, well past what it had buffered of the old one.
     */
    private void playAcrossReconnect(String latencyMode) throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], latencyMode);
        String url = playbackUrl(ch[0]);
        double atStop;
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().when().get(url).then().extract().statusCode() == 200);
            openPlayer(url);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode r = page.report();
                return r != null && (r.get("currentTime").asDouble() > 4 || fatal(r));
            });
            assertFalse(fatal(page.report()), "no fatal player error: " + page.report());
        }
        atStop = page.report().get("currentTime").asDouble();
        int fragsAtStop = page.report().get("fragsLoaded").asInt() + page.report().get("partsLoaded").asInt();
        Thread.sleep(1000); // the encoder's reconnect
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            // the old session's buffer lasts a few seconds at most: 12 s more of playback come from the new one
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode r = page.report();
                return r.get("currentTime").asDouble() > atStop + 12 || fatal(r);
            });
            JsonNode r = page.report();
            assertFalse(fatal(r), "no fatal player error across the reconnect: " + r);
            int loaded = r.get("fragsLoaded").asInt() + r.get("partsLoaded").asInt() - fragsAtStop;
            assertTrue(loaded > 3, "segments/parts of the new session loaded: " + loaded);
            System.out.printf("hls.js %s, %s channel: played from %.1f s to %.1f s across an encoder reconnect, "
                    + "%d segments/parts loaded after it, errors %s%n", r.get("version").asText(), latencyMode, atStop,
                    r.get("currentTime").asDouble(), loaded, r.get("errors"));
        }
    }

    /** Once the channel is playable, opens the player and waits until it played 2 s (or failed). */
    private void playPastTwoSeconds(String url) throws IOException {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().when().get(url).then().extract().statusCode() == 200);
        openPlayer(url);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode r = page.report();
            return r != null && (r.get("currentTime").asDouble() > 2 || fatal(r));
        });
    }

    private JsonNode play(String latencyMode) throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], latencyMode);
        String url = playbackUrl(ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 90)) {
            playPastTwoSeconds(url);
            assertFalse(fatal(page.report()), "no fatal player error: " + page.report());
            assertTrue(page.report().get("supported").asBoolean());

            // PutMetadata now and then until hls.js reports one (it starts parsing at the live edge)
            List<String> sent = new ArrayList<>();
            String[] seen = {null};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (JsonNode m : page.report().get("metadata")) {
                    for (String p : sent) {
                        if (m.asText().contains(p)) {
                            seen[0] = p;
                            return true;
                        }
                    }
                }
                if (sent.size() < 12 && sent.size() <= page.report().get("samples").size() / 4) {
                    String payload = "{\"mode\":\"" + latencyMode + "\",\"n\":" + sent.size() + "}";
                    given().header("x-ivs-internal-token", "local-internal-token")
                            .header("x-ivs-account-id", "123456789012").contentType("application/json")
                            .body("{\"channelArn\":\"" + ch[0] + "\",\"metadata\":\"" + payload.replace("\"", "\\\"")
                                    + "\"}")
                            .when().post("/PutMetadata").then().statusCode(204);
                    sent.add(payload);
                }
                return false;
            });
            assertTrue(seen[0] != null);

            // keep watching: the video time advances and frames are decoded
            double t1 = page.report().get("currentTime").asDouble();
            int f1 = page.report().get("decodedFrames").asInt();
            Thread.sleep(6000);
            JsonNode r = page.report();
            double advanced = r.get("currentTime").asDouble() - t1;
            int frames = r.get("decodedFrames").asInt() - f1;
            assertTrue(advanced > 4, "playback advances: " + advanced + " s in 6 s; " + r);
            assertTrue(frames > 100, "frames decoded in 6 s: " + frames);
            assertFalse(fatal(r), r.toString());
            List<Long> samples = new ArrayList<>();
            r.get("samples").forEach(n -> samples.add(n.asLong()));
            List<Long> recent = samples.subList(Math.max(0, samples.size() - 12), samples.size());
            List<Long> sorted = recent.stream().sorted().toList();
            System.out.printf("hls.js %s, %s channel: latency (wall clock - PDT of the playing position) median %d ms "
                    + "over the last %d samples (min %d, max %d); hls.latency %.2f s; parts loaded %d, segments "
                    + "loaded %d; metadata event with %s; %d frames decoded in 6 s%n",
                    r.get("version").asText(), latencyMode, sorted.get(sorted.size() / 2), sorted.size(),
                    sorted.get(0), sorted.get(sorted.size() - 1), r.get("hlsLatency").asDouble(),
                    r.get("partsLoaded").asInt(), r.get("fragsLoaded").asInt(), seen[0], frames);
            return r;
        }
    }

    private static boolean fatal(JsonNode r) {
        return HlsJsPage.fatal(r);
    }
}
