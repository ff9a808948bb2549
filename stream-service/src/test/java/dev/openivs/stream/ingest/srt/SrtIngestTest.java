package dev.openivs.stream.ingest.srt;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Real SRT callers (ffmpeg with Debian's libsrt, {@code srt-live-transmit}) publishing MPEG-TS to the SRT listener:
 * live, healthy, played through the HLS edge, StopStream; refusals at the handshake; packet loss.
 */
@QuarkusTest
class SrtIngestTest extends PublishingTest {
    @Inject
    SrtServer srt;

    @Inject
    PlaybackServer playback;

    private String srtUrl(int port, String key, String passphrase, String extra) {
        return "srt://127.0.0.1:" + port + "?streamid=" + key + (passphrase == null ? "" : "&passphrase=" + passphrase)
                + extra;
    }

    private String awaitLive(String channelArn) {
        // the first SRT publish of a fresh JVM on a loaded 2-core box takes several seconds (JIT, pools)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                call("GetStream", "{\"channelArn\":\"" + channelArn + "\"}").extract().statusCode() == 200);
        return call("GetStream", "{\"channelArn\":\"" + channelArn + "\"}").extract().path("stream.streamId");
    }

    private void awaitHealthy(String channelArn) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "HEALTHY".equals(
                call("GetStream", "{\"channelArn\":\"" + channelArn + "\"}").extract().path("stream.health")));
    }

    @Test
    void shouldGoLiveOverSrtWithThePassphrasePlayOverHlsAndStopOnStopStream() throws Exception {
        String[] ch = fixture.channel("STANDARD", false);
        fixture.latencyMode(ch[0], "NORMAL");
        String url = srtUrl(srt.port(), ch[1], IngestFixture.SRT_PASSPHRASE, "&pbkeylen=32");
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPatternAs("mpegts", url, 60)) {
            String streamId = awaitLive(ch[0]);
            awaitHealthy(ch[0]);
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Stream Start"));
            call("GetStreamSession", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("streamSession.streamId", equalTo(streamId))
                    .body("streamSession.ingestConfiguration.video.videoWidth", equalTo(640))
                    .body("streamSession.ingestConfiguration.video.videoHeight", equalTo(360))
                    .body("streamSession.ingestConfiguration.video.targetFramerate", equalTo(30))
                    .body("streamSession.ingestConfiguration.video.codec", startsWith("avc1.42"))
                    .body("streamSession.ingestConfiguration.video.avcProfile", equalTo("Baseline"))
                    .body("streamSession.ingestConfiguration.audio.codec", equalTo("mp4a.40.2"))
                    .body("streamSession.ingestConfiguration.audio.sampleRate", equalTo(44100))
                    .body("streamSession.ingestConfiguration.audio.channels", equalTo(2));
            Row session = pool.preparedQuery("SELECT transport FROM stream.stream_session WHERE stream_id = $1")
                    .execute(Tuple.of(streamId)).await().atMost(Duration.ofSeconds(10)).iterator().next();
            assertEquals("srt", session.getString("transport"));

            // plays: the channel's playback URL, decoded by ffprobe
            String playbackUrl = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get(playbackUrl).statusCode() == 200);
            String streams = Ffmpeg.run(60, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", playbackUrl);
            assertTrue(streams.contains("h264,640,360"), streams);
            assertTrue(streams.contains("aac"), streams);

            long t0 = System.nanoTime();
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200).body(equalTo("{}"));
            int rc = ffmpeg.waitFor(15);
            System.out.printf("SRT StopStream to ffmpeg exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertNotEquals(-1, rc, "ffmpeg exits after StopStream (its SRT connection is closed)");
            assertNotEquals(0, rc, ffmpeg.log());
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404);
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Session Ended"));
            assertEquals(List.of("Session Created", "Stream Start", "Stream End", "Session Ended"),
                    eventNames(streamId));
            assertEquals(0, srt.connections());
        }
    }

    @Test
    void shouldRefuseAWrongPassphraseAMissingOneAndAnUnknownKeyAtTheHandshake() throws Exception {
        String[] ch = fixture.channel("STANDARD", false);
        String[][] cases = {
            {"wrong passphrase", srtUrl(srt.port(), ch[1], "WrongPassphrase0123456789", "")},
            {"no passphrase", srtUrl(srt.port(), ch[1], null, "")},
            {"unknown key", srtUrl(srt.port(), "sk_us-west-2_unknownunkn_000", IngestFixture.SRT_PASSPHRASE, "")},
            {"playback mode", srtUrl(srt.port(), "#!::r=" + ch[1] + ",m=request", IngestFixture.SRT_PASSPHRASE,
                    "")},
        };
        for (String[] c : cases) {
            long t0 = System.nanoTime();
            try (Ffmpeg ffmpeg = Ffmpeg.publishTestPatternAs("mpegts", c[1], 10)) {
                int rc = ffmpeg.waitFor(20);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("SRT %s: ffmpeg refused after %d ms (process start included)%n", c[0], ms);
                assertNotEquals(-1, rc, c[0] + ": ffmpeg gave up");
                assertNotEquals(0, rc, c[0] + ": " + ffmpeg.log());
                assertTrue(ffmpeg.log().contains("Connection to srt://") && ffmpeg.log().contains(" failed"),
                        c[0] + ": " + ffmpeg.log());
                assertTrue(ms < 5_000, c[0] + " refused quickly, not after a timeout: " + ms + " ms");
            }
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404);
        }
        call("ListStreamSessions", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                .body("streamSessions", empty());
        assertEquals(0, srt.connections());
    }

    @Test
    void shouldTakeUnencryptedCallersOnInsecureIngestChannels() throws Exception {
        String[] ch = fixture.channel("BASIC", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPatternAs("mpegts", srtUrl(srt.port(), ch[1], null, ""), 60)) {
            String streamId = awaitLive(ch[0]);
            awaitHealthy(ch[0]);
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
            assertNotEquals(-1, ffmpeg.waitFor(15));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Session Ended"));
        }
        // there the caller omits the passphrase (IVS: "applicable only when insecureIngest is false")
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPatternAs("mpegts",
                srtUrl(srt.port(), ch[1], IngestFixture.SRT_PASSPHRASE, ""), 10)) {
            int rc = ffmpeg.waitFor(20);
            assertNotEquals(-1, rc);
            assertNotEquals(0, rc, ffmpeg.log());
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404);
        }
    }

    /** srt-live-transmit as the SRT caller (its input: ffmpeg's MPEG-TS on a pipe, in real time). */
    @Test
    void shouldGoLiveFromSrtLiveTransmit() throws Exception {
        String[] ch = fixture.channel("STANDARD", false);
        Path ts = transportStreamFixture();
        String target = srtUrl(srt.port(), ch[1], IngestFixture.SRT_PASSPHRASE, "&pbkeylen=16");
        Process p = new ProcessBuilder("bash", "-c", "ffmpeg -nostdin -loglevel error -re -stream_loop -1 -i '" + ts
                + "' -c copy -f mpegts - | exec srt-live-transmit -q file://con '" + target + "'")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "ffmpeg", "slt.log").toFile()).start();
        try {
            String streamId = awaitLive(ch[0]);
            awaitHealthy(ch[0]);
            call("GetStreamSession", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("streamSession.ingestConfiguration.video.videoWidth", equalTo(640))
                    .body("streamSession.ingestConfiguration.audio.codec", equalTo("mp4a.40.2"));
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            // the caller is gone: libsrt sees the shutdown (or the peer idle timeout) and the session ends
            await().atMost(Duration.ofSeconds(15)).until(() -> eventNames(streamId).contains("Session Ended"));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** 10 s of the shared 640x360 fixture as MPEG-TS. */
    private static synchronized Path transportStreamFixture() throws Exception {
        Path out = Path.of("target", "ffmpeg", "fixture-360p.ts");
        if (!Files.exists(out)) {
            Path tmp = Path.of("target", "ffmpeg", "fixture-tmp.ts");
            Ffmpeg.run(60, "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", Ffmpeg.fixture().toString(),
                    "-c", "copy", "-f", "mpegts", tmp.toString());
            Files.move(tmp, out);
        }
        return out;
    }

    /** A caller whose payload is not MPEG-TS: the session gets a Stream Failure and the connection is closed. */
    @Test
    void shouldRefuseAPayloadThatIsNotMpegTs() throws Exception {
        String[] ch = fixture.channel("STANDARD", false);
        // ffmpeg sends a raw H.264 elementary stream (Annex B) instead of MPEG-TS
        try (Ffmpeg raw = Ffmpeg.publishTestPatternAs("h264", srtUrl(srt.port(), ch[1],
                IngestFixture.SRT_PASSPHRASE, ""), 20, "-an")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> call("ListStreamSessions",
                    "{\"channelArn\":\"" + ch[0] + "\"}").extract().path("streamSessions[0].streamId") != null);
            String streamId = call("ListStreamSessions", "{\"channelArn\":\"" + ch[0] + "\"}").extract()
                    .path("streamSessions[0].streamId");
            await().atMost(Duration.ofSeconds(20)).until(() -> eventNames(streamId).contains("Session Ended"));
            call("GetStreamSession", "{\"channelArn\":\"" + ch[0] + "\",\"streamId\":\"" + streamId + "\"}")
                    .statusCode(200)
                    .body("streamSession.truncatedEvents.name", hasItems("Stream Failure", "Session Ended"));
            call("ListStreamSessions", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("streamSessions[0].hasErrorEvent", equalTo(true));
            Row failure = pool.preparedQuery("SELECT payload::json->'detail'->>'reason' AS r FROM stream.outbox_event"
                    + " WHERE payload::json->'detail'->>'stream_id' = $1"
                    + " AND payload::json->'detail'->>'event_name' = 'Stream Failure'")
                    .execute(Tuple.of(streamId)).await().atMost(Duration.ofSeconds(10)).iterator().next();
            assertEquals("Unsupported input: not an MPEG-TS stream.", failure.getString("r"));
            assertNotEquals(-1, raw.waitFor(15), "the caller's connection is closed");
        }
        assertEquals(0, srt.connections());
    }

    /** Random datagrams on the SRT port: no connection, no session, the listener keeps serving. */
    @Test
    void shouldIgnoreGarbageDatagrams() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] junk = new byte[1316];
            for (int i = 0; i < 500; i++) {
                ThreadLocalRandom.current().nextBytes(junk);
                s.send(new DatagramPacket(junk, ThreadLocalRandom.current().nextInt(1, junk.length),
                        InetAddress.getLoopbackAddress(), srt.port()));
            }
        }
        assertEquals(0, srt.connections());
        String[] ch = fixture.channel("STANDARD", false);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPatternAs("mpegts",
                srtUrl(srt.port(), ch[1], IngestFixture.SRT_PASSPHRASE, ""), 30)) {
            awaitLive(ch[0]);
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
            assertNotEquals(-1, ffmpeg.waitFor(15));
        }
    }

    /**
     * 5 % of the caller's datagrams dropped by a relay between ffmpeg and the listener: SRT retransmits them
     * within its latency, the stream stays HEALTHY (no Starvation) and segments keep coming.
     */
    @Test
    void shouldRecoverFromPacketLossAndStayHealthy() throws Exception {
        String[] ch = fixture.channel("STANDARD", false);
        fixture.latencyMode(ch[0], "NORMAL");
        try (LossyUdpRelay relay = new LossyUdpRelay(srt.port(), 0.05)) {
            try (Ffmpeg ffmpeg = Ffmpeg.publishTestPatternAs("mpegts",
                    srtUrl(relay.port(), ch[1], IngestFixture.SRT_PASSPHRASE, ""), 60)) {
                String streamId = awaitLive(ch[0]);
                awaitHealthy(ch[0]);
                String playbackUrl = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
                await().atMost(Duration.ofSeconds(20)).until(() -> given().get(playbackUrl).statusCode() == 200);
                String media = PlaylistUrls.sourceMediaUrl(playbackUrl, given().get(playbackUrl).asString());
                long first = lastSequence(given().get(media).asString());
                Thread.sleep(8_000);
                long last = lastSequence(given().get(media).asString());
                System.out.printf("SRT with %.0f %% loss: relay dropped %d of %d datagrams; segments %d -> %d%n",
                        5.0, relay.dropped(), relay.forwarded() + relay.dropped(), first, last);
                assertTrue(relay.dropped() > 50, "the relay dropped packets: " + relay.dropped());
                assertTrue(last - first >= 3, "segments keep coming: " + first + " -> " + last);
                assertEquals("HEALTHY", call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").extract()
                        .path("stream.health"));
                assertFalse(eventNames(streamId).contains("Starvation Start"), eventNames(streamId).toString());
                String decoded = Ffmpeg.run(60, "ffmpeg", "-v", "error", "-i", playbackUrl, "-t", "4", "-f", "null",
                        "-");
                assertTrue(decoded.isBlank(), "decodes without errors: " + decoded);
                call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
            }
        }
    }

    private static long lastSequence(String playlist) {
        Matcher m = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(playlist);
        assertTrue(m.find(), playlist);
        long seq = Long.parseLong(m.group(1));
        int segments = playlist.split("#EXTINF").length - 1;
        return seq + segments;
    }
}
