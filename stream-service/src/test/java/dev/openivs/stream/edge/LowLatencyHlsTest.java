package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.TsMuxerTest;
import dev.openivs.stream.hls.LlHlsStreamTest;
import dev.openivs.stream.ingest.PublishingTest;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.PartialSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ffmpeg publishes to a LOW channel over RTMP; plain HTTP, m3u8-parser and ffmpeg read its LL-HLS output. */
@QuarkusTest
class LowLatencyHlsTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    @Inject
    LowLatencyPlayback lowLatency;

    private String playbackUrl(String channelArn) {
        return PlaylistUrls.multivariantUrl(playback.port(), channelArn);
    }

    private static ExtractableResponse<Response> get(String url) {
        return given().when().get(url).then().extract();
    }

    private static MediaPlaylist parse(String text) throws Exception {
        return new MediaPlaylistParser().readPlaylist(text);
    }

    /** The playlist's newest part as {msn, index}. */
    private static long[] newestPart(MediaPlaylist p) {
        List<PartialSegment> parts = p.partialSegments().isEmpty()
                ? p.mediaSegments().get(p.mediaSegments().size() - 1).partialSegments() : p.partialSegments();
        Matcher m = Pattern.compile("st-[a-zA-Z0-9]+/source-(\\d+)\\.(\\d+)\\.m4s").matcher(parts.get(parts.size() - 1).uri());
        assertTrue(m.matches());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    void shouldServeLlHlsPartsWithBlockingReloadThatFfmpegDecodes() throws Exception {
        String[] ch = fixture.channel("STANDARD", true); // latencyMode LOW
        String url = playbackUrl(ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 60)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(url).statusCode() == 200);
            String master = get(url).asString();
            assertTrue(master.contains("#EXT-X-VERSION:9\n"), master);
            assertTrue(master.contains("CODECS=\"avc1.42C01E,mp4a.40.2\"") && master.contains("RESOLUTION=640x360"),
                    master);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, master);
            String base = mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1);

            await().atMost(Duration.ofSeconds(30)).until(() -> parse(get(mediaUrl).asString()).mediaSegments().size() >= 3);
            ExtractableResponse<Response> res = get(mediaUrl);
            assertEquals("public, max-age=1", res.header("Cache-Control"), "CDNs keep a playlist a second");
            MediaPlaylist p = parse(res.asString());
            double partTarget = p.partialSegmentInformation().orElseThrow().partTargetDuration();
            assertEquals(0.334, partTarget, 1e-9);
            assertTrue(p.serverControl().orElseThrow().canBlockReload());
            List<Double> durations = new ArrayList<>();
            for (MediaSegment seg : p.mediaSegments()) {
                assertEquals(2.0, seg.duration(), 0.05, "segments are cut at the 2 s keyframes");
                List<PartialSegment> parts = seg.partialSegments();
                for (int i = 0; i < parts.size(); i++) {
                    assertTrue(parts.get(i).duration() <= partTarget + 1e-9, "part " + parts.get(i).duration());
                    if (i < parts.size() - 1) {
                        assertTrue(parts.get(i).duration() >= 0.2, "part " + parts.get(i).duration());
                    }
                    durations.add(parts.get(i).duration());
                }
            }
            assertTrue(durations.size() >= 12, "parts listed for the newest segments: " + durations);
            System.out.printf("LL-HLS part durations (s): %s%n", durations);

            // init segment and a part
            ExtractableResponse<Response> init = get(base + p.mediaSegments().get(0).segmentMap().orElseThrow().uri());
            assertEquals(200, init.statusCode());
            assertEquals("video/mp4", init.contentType());
            assertEquals("ftyp", new String(init.asByteArray(), 4, 4, StandardCharsets.US_ASCII));
            String partUri = p.mediaSegments().get(p.mediaSegments().size() - 1).partialSegments().get(0).uri();
            byte[] part = get(base + partUri).asByteArray();
            assertEquals("moof", new String(part, 4, 4, StandardCharsets.US_ASCII));

            // blocking playlist reload: ask for the part after the newest; the answer waits until it exists
            long[] newest = newestPart(p);
            for (int round = 0; round < 6; round++) {
                long msn = newest[0];
                long next = newest[1] + 1;
                long t0 = System.nanoTime();
                String blocked = get(mediaUrl + "?_HLS_msn=" + msn + "&_HLS_part=" + next).asString();
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;
                MediaPlaylist after = parse(blocked);
                long[] now = newestPart(after);
                assertTrue(now[0] > msn || (now[0] == msn && now[1] >= next),
                        "the answer holds part " + msn + "." + next + ":\n" + blocked);
                assertTrue(waitedMs < 2000, "answered within a part or two: " + waitedMs + " ms");
                System.out.printf("blocking reload for part %d.%d answered after %d ms%n", msn, next, waitedMs);
                newest = now;
            }
            // the preload-hinted part itself blocks until written, then is served
            MediaPlaylist latest = parse(get(mediaUrl).asString());
            String hint = latest.preloadHint().orElseThrow().uri();
            long t0 = System.nanoTime();
            ExtractableResponse<Response> hinted = get(base + hint);
            System.out.printf("preload-hinted part %s answered after %d ms%n", hint, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(200, hinted.statusCode(), hint);
            assertEquals("moof", new String(hinted.asByteArray(), 4, 4, StandardCharsets.US_ASCII));

            // bad requests
            long current = newestPart(latest)[0];
            assertEquals(400, get(mediaUrl + "?_HLS_msn=" + (current + 10)).statusCode(), "too far ahead");
            assertEquals(400, get(mediaUrl + "?_HLS_part=1").statusCode(), "_HLS_part alone");
            assertEquals(400, get(mediaUrl + "?_HLS_msn=x").statusCode());
            assertEquals(404, get(base + "source-1.ts").statusCode(), "no MPEG-TS on a LOW channel");
            assertEquals(0, lowLatency.parked(), "no request left parked");

            // standard players read the same playlist (ffmpeg 5.1 plays whole segments)
            String streams = LlHlsStreamTest.run("ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", url);
            assertTrue(streams.contains("h264,640,360") && streams.contains("aac"), streams);
            String decode = LlHlsStreamTest.run("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url,
                    "-t", "4", "-f", "null", "-");
            assertEquals("", decode.strip(), "ffmpeg decodes without errors");
            assertTrue(ffmpeg.isAlive());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get(url).statusCode() == 404);
    }

    @Test
    void shouldCarryPutMetadataAsEmsgInTheNextPart() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        String url = playbackUrl(ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 40)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, get(url).asString());
            String base = mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1);
            String payload = "{\"question\":\"Who wins?\",\"id\":7}";
            given().header("x-ivs-internal-token", "local-internal-token").header("x-ivs-account-id", "123456789012")
                    .contentType("application/json")
                    .body("{\"channelArn\":\"" + ch[0] + "\",\"metadata\":\"" + payload.replace("\"", "\\\"") + "\"}")
                    .when().post("/PutMetadata").then().statusCode(204);
            byte[] needle = payload.getBytes(StandardCharsets.UTF_8);
            String[] found = {null};
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                Matcher part = Pattern.compile("URI=\"(st-[a-zA-Z0-9]+/source-\\d+\\.\\d+\\.m4s)\"").matcher(get(mediaUrl).asString());
                while (part.find()) {
                    byte[] data = get(base + part.group(1)).asByteArray();
                    if (TsMuxerTest.indexOf(data, needle) >= 0) {
                        found[0] = new String(data, 4, 4, StandardCharsets.US_ASCII);
                        return true;
                    }
                }
                return false;
            });
            assertEquals("emsg", found[0], "the part starts with the emsg box");
        }
    }
}
