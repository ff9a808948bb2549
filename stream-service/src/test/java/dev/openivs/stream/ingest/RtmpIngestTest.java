package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real ffmpeg publishing to the RTMP/RTMPS ingest, checked through the API and the outbox. */
@QuarkusTest
class RtmpIngestTest extends PublishingTest {
    private String awaitLive(String channelArn) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                call("GetStream", "{\"channelArn\":\"" + channelArn + "\"}").extract().statusCode() == 200);
        return call("GetStream", "{\"channelArn\":\"" + channelArn + "\"}").extract().path("stream.streamId");
    }

    @Test
    void shouldGoLiveHealthyReportIngestConfigurationAndStopOnStopStream() {
        String[] ch = fixture.channel("STANDARD", true);
        long t0 = System.nanoTime();
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 60)) {
            String streamId = awaitLive(ch[0]);
            System.out.printf("connect-to-live (ffmpeg start to GetStream 200): %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertTrue(streamId.matches("st-[a-zA-Z0-9]{23}"), streamId);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "HEALTHY".equals(call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").extract()
                            .path("stream.health")));
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("stream.state", equalTo("LIVE"))
                    .body("stream.channelArn", equalTo(ch[0]))
                    .body("stream.playbackUrl", startsWith("http://127.0.0.1:8090/"))
                    .body("stream.viewerCount", equalTo(0))
                    .body("stream.startTime", notNullValue());
            call("ListStreams", "{\"filterBy\":{\"health\":\"HEALTHY\"}}").statusCode(200)
                    .body("streams.channelArn", hasItems(ch[0]));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Stream Start"));
            call("GetStreamSession", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("streamSession.streamId", equalTo(streamId))
                    .body("streamSession.endTime", nullValue())
                    .body("streamSession.channel.arn", equalTo(ch[0]))
                    .body("streamSession.channel.srt.passphrase", nullValue())
                    .body("streamSession.ingestConfiguration.video.videoWidth", equalTo(640))
                    .body("streamSession.ingestConfiguration.video.videoHeight", equalTo(360))
                    .body("streamSession.ingestConfiguration.video.targetFramerate", equalTo(30))
                    .body("streamSession.ingestConfiguration.video.targetBitrate", equalTo(781250)) // ffmpeg: 800k / 1024 kbit × 1000
                    .body("streamSession.ingestConfiguration.video.codec", startsWith("avc1.42"))
                    .body("streamSession.ingestConfiguration.video.avcProfile", equalTo("Baseline"))
                    .body("streamSession.ingestConfiguration.video.encoder", startsWith("Lavf"))
                    .body("streamSession.ingestConfiguration.audio.codec", equalTo("mp4a.40.2"))
                    .body("streamSession.ingestConfiguration.audio.sampleRate", equalTo(44100))
                    .body("streamSession.ingestConfiguration.audio.channels", equalTo(2))
                    .body("streamSession.ingestConfigurations.videoConfigurations[0].track", equalTo("Track0"))
                    .body("streamSession.ingestConfigurations.videoConfigurations[0].avcProfile", equalTo(""))
                    // a health blip under machine load may be newer than Stream Start: look for it anywhere
                    .body("streamSession.truncatedEvents.type", hasItems("IVS Stream State Change"));

            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200).body(equalTo("{}"));
            int rc = ffmpeg.waitFor(15);
            assertNotEquals(0, rc, "ffmpeg is cut off by StopStream");
            assertNotEquals(-1, rc, "ffmpeg exits after StopStream");
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404)
                    .header("x-amzn-ErrorType", "ChannelNotBroadcasting");
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404)
                    .header("x-amzn-ErrorType", "ChannelNotBroadcasting");
            call("GetStreamSession", "{\"channelArn\":\"" + ch[0] + "\",\"streamId\":\"" + streamId + "\"}")
                    .statusCode(200)
                    .body("streamSession.endTime", notNullValue())
                    .body("streamSession.truncatedEvents.name[0]", equalTo("Session Ended"))
                    .body("streamSession.truncatedEvents.name[1]", equalTo("Stream End"))
                    .body("streamSession.truncatedEvents.name", hasItems("Stream Start", "Session Created"));
            List<String> names = eventNames(streamId);
            assertEquals(List.of("Session Created", "Stream Start", "Stream End", "Session Ended"),
                    names);
            call("ListStreamSessions", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("streamSessions[0].streamId", equalTo(streamId))
                    .body("streamSessions[0].hasErrorEvent", equalTo(false));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldRefuseAWrongKeyWithBadName() throws Exception {
        fixture.channel("STANDARD", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp("sk_us-west-2_wrongwrongwr_000"))) {
            int rc = ffmpeg.waitFor(20);
            assertEquals(1, rc, ffmpeg.log());
            assertTrue(ffmpeg.log().contains("invalid stream key"), ffmpeg.log());
        }
    }

    @Test
    void shouldRefusePlainRtmpWhenInsecureIngestIsOffButAcceptRtmps() throws Exception {
        String[] ch = fixture.channel("STANDARD", false);
        try (Ffmpeg plain = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            assertEquals(1, plain.waitFor(20), plain.log());
            assertTrue(plain.log().contains("insecure ingest is disabled"), plain.log());
        }
        try (Ffmpeg tls = Ffmpeg.publishFixture(rtmps(ch[1]))) {
            String streamId = awaitLive(ch[0]);
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
            tls.waitFor(15);
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Session Ended"));
        }
    }

    @Test
    void shouldRefuseSecondPublisherWhileTheFirstIsHealthy() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        try (Ffmpeg first = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            String streamId = awaitLive(ch[0]);
            await().atMost(Duration.ofSeconds(15)).until(() -> "HEALTHY".equals(
                    call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").extract().path("stream.health")));
            try (Ffmpeg second = Ffmpeg.publishFixture(rtmp(ch[1]))) {
                assertEquals(1, second.waitFor(20), second.log());
                assertTrue(second.log().contains("already live"), second.log());
            }
            assertTrue(first.isAlive());
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").body("stream.streamId", equalTo(streamId));
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
        }
    }

    @Test
    void shouldHandleExtendedTimestamps() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]), "-output_ts_offset", "16800")) {
            String streamId = awaitLive(ch[0]);
            await().atMost(Duration.ofSeconds(20)).until(() -> "HEALTHY".equals(
                    call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").extract().path("stream.health")));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Stream Start"));
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
        }
    }

    @Test
    void shouldEndTheSessionWhenTheEncoderDisconnects() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 4)) {
            String streamId = awaitLive(ch[0]);
            assertEquals(0, ffmpeg.waitFor(30), ffmpeg.log());
            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Session Ended"));
            call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404);
            given().header("x-ivs-internal-token", "local-internal-token")
                    .queryParam("channelArn", ch[0]).when().get("/internal/streams/live").then()
                    .statusCode(200).body("live", equalTo(false));
        }
    }

    @Test
    void shouldSurviveGarbageAndHalfHandshakes() throws Exception {
        try (Socket garbage = new Socket("127.0.0.1", server.rtmpPort())) {
            garbage.setSoTimeout(10_000);
            OutputStream out = garbage.getOutputStream();
            byte[] junk = new byte[4000];
            new java.util.Random(1).nextBytes(junk);
            junk[0] = 0x42; // not RTMP version 3
            out.write(junk);
            out.flush();
            assertEquals(-1, garbage.getInputStream().read(), "the server closes a non-RTMP connection");
        }
        try (Socket half = new Socket("127.0.0.1", server.rtmpPort())) {
            half.setSoTimeout(15_000);
            half.getOutputStream().write(new byte[] {3, 0, 0, 0, 0});
            InputStream in = half.getInputStream();
            long start = System.nanoTime();
            assertEquals(-1, in.read(), "a half handshake is closed at the handshake timeout");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 12_000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 0);
        String[] ch = fixture.channel("STANDARD", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            awaitLive(ch[0]);
            call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
        }
    }
}
