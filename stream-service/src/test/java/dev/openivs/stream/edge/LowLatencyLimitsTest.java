package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bounds of blocking playlist reload: the wait ends in 503 after the timeout, and parked requests are capped. */
@QuarkusTest
@TestProfile(LowLatencyLimitsTest.Limits.class)
class LowLatencyLimitsTest extends PublishingTest {
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ivs.stream.playback.blocking-reload-timeout", "1500ms",
                    "ivs.stream.playback.max-parked-requests", "2");
        }
    }

    @Inject
    PlaybackServer playback;

    @Inject
    LowLatencyPlayback lowLatency;

    private static ExtractableResponse<Response> get(String url) {
        return given().when().get(url).then().extract();
    }

    /** The media sequence number of the segment being written (the preload hint's). */
    private static long writing(String media) {
        Matcher hint = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"st-[a-zA-Z0-9]+/source-(\\d+)\\.").matcher(get(media).asString());
        assertTrue(hint.find());
        return Long.parseLong(hint.group(1));
    }

    @Test
    void shouldAnswer503AfterTheWaitAndWhenTooManyRequestsAreParked() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 40)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            String media = PlaylistUrls.sourceMediaUrl(url, get(url).asString());
            // two segments ahead (allowed) but not there within 1.5 s: 503 with Retry-After
            // the last part of the segment after next: at least 4 s away
            String far = media + "?_HLS_msn=" + (writing(media) + 2) + "&_HLS_part=5";
            long t0 = System.nanoTime();
            ExtractableResponse<Response> timedOut = get(far);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, timedOut.statusCode(), timedOut.asString());
            assertEquals("1", timedOut.header("Retry-After"));
            assertTrue(waited >= 1400 && waited < 4000, "waited " + waited + " ms");

            // two parked at once is the cap: a third is refused at once
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String farther = media + "?_HLS_msn=" + (writing(media) + 2) + "&_HLS_part=5";
            CompletableFuture<HttpResponse<String>> a = http.sendAsync(HttpRequest.newBuilder(URI.create(farther))
                    .build(), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> b = http.sendAsync(HttpRequest.newBuilder(URI.create(farther))
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> lowLatency.parked() == 2);
            ExtractableResponse<Response> refused = get(farther);
            assertEquals(503, refused.statusCode());
            assertTrue(refused.asString().contains("too many"), refused.asString());
            assertEquals(503, a.get().statusCode());
            assertEquals(503, b.get().statusCode());
            assertEquals(0, lowLatency.parked());
            // an answerable request is not affected
            assertEquals(200, get(media + "?_HLS_msn=" + (writing(media) - 1)).statusCode());
        }
    }
}
