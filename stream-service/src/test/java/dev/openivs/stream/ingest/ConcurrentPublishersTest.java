package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.PlaybackServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several encoders at once: the same pre-encoded FLV sent with {@code -c copy} by five ffmpeg publishers to five
 * channels (LOW and NORMAL latency, so both playback packagers run side by side). Each goes live with its own
 * session, reaches Stream Start, and its HLS playback is served and decodes; StopStream ends each one.
 */
@QuarkusTest
class ConcurrentPublishersTest extends PublishingTest {
    private static final int PUBLISHERS = 5;

    @Inject
    PlaybackServer playback;

    private String playbackUrl(String channelArn) {
        String[] arn = channelArn.split(":");
        return "http://127.0.0.1:" + playback.port() + "/api/video/v1/" + arn[3] + "." + arn[4] + ".channel."
                + arn[5].substring("channel/".length()) + ".m3u8";
    }

    private static ExtractableResponse<Response> get(String url) {
        return given().when().get(url).then().extract();
    }

    /** The URI lines (segments) of a playlist, newest last. */
    private static List<String> uris(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static String ffprobe(String url) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", url).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished: " + url);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void shouldTakeFivePublishersAtOnceEachLiveWithItsOwnSessionAndPlayable() throws Exception {
        List<String[]> channels = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            String[] ch = fixture.channel("STANDARD", true);
            fixture.latencyMode(ch[0], i % 2 == 0 ? "LOW" : "NORMAL");
            channels.add(ch);
        }
        Ffmpeg.fixture(); // encode the shared FLV once, before the clock of the publishers starts
        List<Ffmpeg> encoders = new ArrayList<>();
        try {
            for (String[] ch : channels) {
                encoders.add(Ffmpeg.publishFixture(rtmp(ch[1])));
            }
            List<String> streamIds = new ArrayList<>();
            for (String[] ch : channels) {
                String body = "{\"channelArn\":\"" + ch[0] + "\"}";
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> RtmpIngestTest.call("GetStream", body).extract().statusCode() == 200);
                streamIds.add(RtmpIngestTest.call("GetStream", body).extract().path("stream.streamId"));
            }
            assertEquals(PUBLISHERS, new HashSet<>(streamIds).size(), "one session per channel: " + streamIds);
            RtmpIngestTest.call("ListStreams", "{}").statusCode(200)
                    .body("streams.channelArn", hasItems(channels.stream().map(c -> c[0]).toArray(String[]::new)));
            for (String streamId : streamIds) {
                await().atMost(Duration.ofSeconds(30)).until(() -> eventNames(streamId).contains("Stream Start"));
            }

            for (String[] ch : channels) {
                String url = playbackUrl(ch[0]);
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                        .until(() -> get(url).statusCode() == 200);
                String master = get(url).asString();
                assertTrue(master.contains("RESOLUTION=640x360"), master);
                String mediaUrl = url.substring(0, url.lastIndexOf('/') + 1) + uris(master).get(0);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !uris(get(mediaUrl).asString()).isEmpty());
                List<String> segments = uris(get(mediaUrl).asString());
                ExtractableResponse<Response> segment = get(mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1)
                        + segments.get(segments.size() - 1));
                assertEquals(200, segment.statusCode(), ch[0]);
                assertTrue(segment.asByteArray().length > 1000, "a segment of " + ch[0]);
                String probe = ffprobe(url);
                assertTrue(probe.contains("h264,640,360") && probe.contains("aac"), ch[0] + ": " + probe);
            }
            for (Ffmpeg encoder : encoders) {
                assertTrue(encoder.isAlive(), "every publisher is still live: " + encoder.log());
            }

            for (String[] ch : channels) {
                RtmpIngestTest.call("StopStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200);
            }
            for (Ffmpeg encoder : encoders) {
                assertNotEquals(-1, encoder.waitFor(15), "ffmpeg exits after StopStream");
            }
            for (String streamId : streamIds) {
                await().atMost(Duration.ofSeconds(15)).until(() -> eventNames(streamId).contains("Session Ended"));
            }
            for (String[] ch : channels) {
                RtmpIngestTest.call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(404);
            }
        } finally {
            encoders.forEach(Ffmpeg::close);
        }
    }
}
