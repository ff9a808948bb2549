package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stream health against real ffmpeg publishers: starvation is media not arriving in real time, not a bitrate below
 * the declared one.
 */
@QuarkusTest
class IngestHealthTest extends PublishingTest {
    @Inject
    Pool pool;

    private static String health(String channelArn) {
        return getStream(channelArn, "stream.health");
    }

    private static String getStream(String channelArn, String path) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", IngestFixture.ACCOUNT).contentType("application/json")
                .body("{\"channelArn\":\"" + channelArn + "\"}").when().post("/GetStream").then().extract()
                .path(path);
    }

    private static void stop(String channelArn) {
        given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", IngestFixture.ACCOUNT).contentType("application/json")
                .body("{\"channelArn\":\"" + channelArn + "\"}").when().post("/StopStream").then().statusCode(200);
    }

    private List<String> starvationEvents(String streamId) {
        List<String> names = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT payload::json->'detail'->>'event_name' AS n FROM stream.outbox_event "
                + "WHERE topic = 'ivs.eventbridge' AND payload::json->'detail'->>'stream_id' = $1 ORDER BY seq")
                .execute(Tuple.of(streamId)).await().atMost(Duration.ofSeconds(10))) {
            String n = r.getString("n");
            if (n != null && n.startsWith("Starvation")) {
                names.add(n);
            }
        }
        return names;
    }

    @Test
    void shouldStayHealthyAndKeepTheChannelWhenTheEncoderSendsFarLessThanItDeclares() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        // x264 cannot spend 1000k on a still picture: it declares videodatarate 1000 but sends a few kbit/s
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-re", "-f", "lavfi", "-i", "color=c=gray:size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "25", "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "60", "-b:v", "1000k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a",
                "64k", "-ac", "2")) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "HEALTHY".equals(health(ch[0])));
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                seen.add(health(ch[0]));
                Thread.sleep(500);
            }
            assertFalse(seen.contains("STARVING"), seen.toString());
            java.util.regex.Matcher sent = java.util.regex.Pattern.compile("bitrate=\\s*([0-9.]+)kbits/s")
                    .matcher(ffmpeg.log());
            String kbits = "?";
            while (sent.find()) {
                kbits = sent.group(1);
            }
            System.out.printf("undershooting encoder: %s kbit/s sent (audio included) against 1000 declared%n", kbits);
            try (Ffmpeg second = Ffmpeg.publishFixture(rtmp(ch[1]))) {
                assertEquals(1, second.waitFor(20), second.log());
                assertTrue(second.log().contains("already live"), second.log());
            }
            assertTrue(ffmpeg.isAlive(), "the first publisher keeps the channel");
            assertEquals(List.of(), starvationEvents(getStream(ch[0], "stream.streamId")));
            stop(ch[0]);
        }
    }

    @Test
    void shouldStarveWhileThePublisherIsStoppedAndRecoverWhenItResumes() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 40)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "HEALTHY".equals(health(ch[0])));
            ffmpeg.signal("STOP");
            try {
                await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "STARVING".equals(health(ch[0])));
            } finally {
                ffmpeg.signal("CONT");
            }
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "HEALTHY".equals(health(ch[0])));
            String streamId = getStream(ch[0], "stream.streamId");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> starvationEvents(streamId).equals(List.of("Starvation Start", "Starvation End")));
            stop(ch[0]);
        }
    }

    @Test
    void shouldStarveWhenMediaArrivesAtHalfSpeed() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        // full frame rate and bitrate per media second, but only half a media second per wall-clock second
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-readrate", "0.5", "-stream_loop", "-1", "-i",
                Ffmpeg.fixture().toString(), "-c", "copy")) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "STARVING".equals(health(ch[0])));
            String streamId = getStream(ch[0], "stream.streamId");
            await().atMost(Duration.ofSeconds(10)).until(() -> starvationEvents(streamId).contains("Starvation Start"));
            stop(ch[0]);
        }
    }
}
