package dev.openivs.stream.transcode;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.HlsJsPage;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hls.js in headless Chromium plays a transcoded STANDARD channel (480p input: 480p30, 360p30, 160p30) from its top
 * rendition; DevTools network emulation then throttles the page below the top rendition's bitrate, and hls.js's
 * adaptive bitrate switches down to a lower rendition, without a fatal error.
 */
@QuarkusTest
@TestProfile(Transcoding.class)
class AbrSwitchingChromiumTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(HlsJsPage.chromiumBinary() != null, "chromium is not installed");
    }

    @Test
    void shouldSwitchDownWhenTheBandwidthIsThrottled() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-re", "-f", "lavfi", "-i", "testsrc=size=854x480:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "90", "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-b:v", "1000k", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2");
                HlsJsPage page = new HlsJsPage()) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> {
                var r = given().when().get(url).then().extract();
                return r.statusCode() == 200 && r.asString().split("#EXT-X-STREAM-INF", -1).length - 1 == 3;
            });
            page.open(url, "&startLevel=2"); // hls.js orders levels by bitrate: 2 = 480p30

            JsonNode playing = page.await(Duration.ofSeconds(30),
                    r -> r.path("currentTime").asDouble() > 2 && r.path("level").asInt() >= 0);
            assertFalse(HlsJsPage.fatal(playing), playing.toString());
            assertEquals(List.of(160, 360, 480), heights(playing.path("levelHeights")), playing.toString());
            assertEquals(480, playing.path("levelHeights").get(playing.path("level").asInt()).asInt(),
                    "plays the top rendition first: " + playing);

            // 480p30 needs ~1.5 Mbit/s, 360p30 ~0.7: 300 kbit/s leaves only 160p30 (0.28) sustainable
            long throttledAt = System.nanoTime();
            page.throttle(300_000 / 8, 20);
            JsonNode after = page.await(Duration.ofSeconds(40), r -> {
                int level = r.path("level").asInt();
                return level >= 0 && r.path("levelHeights").get(level).asInt() < 480;
            });
            long ms = (System.nanoTime() - throttledAt) / 1_000_000;
            assertFalse(HlsJsPage.fatal(after), after.toString());
            int height = after.path("levelHeights").get(after.path("level").asInt()).asInt();
            assertTrue(height < 480, "hls.js switched down within 40 s: " + after);
            System.out.printf("hls.js %s: 480p30 -> %dp after throttling to 300 kbit/s, in %d ms (switches %s, "
                    + "bandwidth estimate %d bit/s)%n", after.path("version").asText(), height, ms,
                    after.path("switches"), after.path("bandwidthEstimate").asLong());
        }
    }

    private static List<Integer> heights(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
