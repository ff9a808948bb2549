package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.TsMuxerTest;
import dev.openivs.stream.format.ts.TsPackets;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ffmpeg publishes over RTMP; ffprobe/ffmpeg and plain HTTP read the channel's HLS playback URL. */
@QuarkusTest
class HlsPlaybackTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    /** The channel's playbackUrl (port 8090 in the fixture) on the test's playback port. */
    private String playbackUrl(String channelArn) {
        return PlaylistUrls.multivariantUrl(playback.port(), channelArn);
    }

    private static ExtractableResponse<Response> get(String url) {
        return given().when().get(url).then().extract();
    }

    private static String run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished in time: " + String.join(" ", cmd));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void shouldServeLivePlaylistsAndSegmentsThatFfmpegDecodes() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL"); // MPEG-TS; LOW channels are in LowLatencyHlsTest
        String url = playbackUrl(ch[0]);
        given().when().get(url).then().statusCode(404).header("Access-Control-Allow-Origin", "*");
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 60)) {
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(url).statusCode() == 200);
            System.out.printf("publish start to first playable playlist: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            ExtractableResponse<Response> master = get(url);
            assertEquals("*", master.header("Access-Control-Allow-Origin"));
            assertTrue(master.contentType().startsWith("application/vnd.apple.mpegurl"), master.contentType());
            String body = master.asString();
            assertTrue(body.startsWith("#EXTM3U\n"), body);
            assertTrue(body.contains("RESOLUTION=640x360"), body);
            assertTrue(body.contains("CODECS=\"avc1.42C01E,mp4a.40.2\""), body);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, body);

            // let the window fill, then check the media playlist's tags and a segment
            await().atMost(Duration.ofSeconds(30)).until(() -> count(get(mediaUrl).asString(), "#EXTINF:") >= 3);
            String media = get(mediaUrl).asString();
            assertTrue(media.contains("#EXT-X-TARGETDURATION:2\n"), media);
            assertTrue(media.contains("#EXT-X-MEDIA-SEQUENCE:"), media);
            assertEquals(count(media, "#EXTINF:"), count(media, "#EXT-X-PROGRAM-DATE-TIME:"), media);
            Matcher inf = Pattern.compile("#EXTINF:([0-9.]+),").matcher(media);
            while (inf.find()) {
                assertEquals(2.0, Double.parseDouble(inf.group(1)), 0.05, media);
            }
            Matcher pdt = Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:(\\S+)\n#EXTINF:([0-9.]+),\n(\\S+)\n").matcher(media);
            List<String> segs = new ArrayList<>();
            Instant lastPdt = null;
            double lastDur = 0;
            while (pdt.find()) {
                segs.add(pdt.group(3));
                lastPdt = Instant.parse(pdt.group(1));
                lastDur = Double.parseDouble(pdt.group(2));
            }
            // segment availability: the newest segment ended (next keyframe arrived) at PDT + duration
            long lagMs = Duration.between(lastPdt.plusMillis((long) (lastDur * 1000)), Instant.now()).toMillis();
            System.out.printf("newest segment listed, its end was %d ms ago (PDT vs wall clock)%n", lagMs);
            String segUrl = mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1) + segs.get(segs.size() - 1);
            ExtractableResponse<Response> seg = get(segUrl);
            assertEquals(200, seg.statusCode());
            assertEquals("video/mp2t", seg.contentType());
            assertEquals("*", seg.header("Access-Control-Allow-Origin"));
            byte[] ts = seg.asByteArray();
            assertEquals(0, ts.length % 188);
            assertEquals(0x47, ts[0] & 0xFF);
            assertEquals(0, TsPackets.parse(ts).get(0).pid(), "segment starts with the PAT");
            assertEquals(404, get(mediaUrl.replace("source.m3u8", "source-999999.ts")).statusCode());

            String streams = run(60, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", url);
            assertTrue(streams.contains("h264,640,360"), streams);
            assertTrue(streams.contains("aac"), streams);
            String decode = run(90, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url, "-t", "4",
                    "-f", "null", "-");
            assertEquals("", decode.strip(), "ffmpeg decodes without errors");
            String frames = run(90, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v",
                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mediaUrl.replace("source.m3u8",
                            segs.get(0)));
            // ffprobe prints the program's stream and the stream itself: the same count twice
            assertEquals(60, Integer.parseInt(frames.strip().split("\\s+")[0]), "a 2 s segment holds 60 frames at 30 fps");
            assertTrue(ffmpeg.isAlive(), "the publisher is still live");
        }
        // the encoder is gone: the session ends and playback disappears
        await().atMost(Duration.ofSeconds(20)).until(() -> get(url).statusCode() == 404);
        given().when().get(url).then().statusCode(404).header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void shouldRefusePrivateChannelsAndUnknownPaths() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL"); // MPEG-TS; LOW channels are in LowLatencyHlsTest
        fixture.authorize(ch[0]);
        String url = playbackUrl(ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 30)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 403);
            given().when().get(url).then().statusCode(403).header("Access-Control-Allow-Origin", "*")
                    .body(containsString("token"));
        }
        given().when().get("http://127.0.0.1:" + playback.port() + "/nothing.m3u8").then().statusCode(404);
        given().when().options(url).then().statusCode(204).header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", equalTo("GET, HEAD, OPTIONS"));
        assertFalse(url.contains(":8090/"), "tests use a free port");
    }

    @Test
    void shouldCarryPutMetadataAsTimedId3AndCountViewersFromPlaylistRequests() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL"); // MPEG-TS; LOW channels are in LowLatencyHlsTest
        String url = playbackUrl(ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 60)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, get(url).asString());
            String base = mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1);

            for (String agent : List.of("viewer-1", "viewer-2", "viewer-1")) {
                given().header("User-Agent", agent).when().get(mediaUrl).then().statusCode(200);
            }
            // two named viewers, plus this test's own client (default User-Agent) that polled the playlist
            api("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .body("stream.viewerCount", equalTo(3));

            String payload = "{\"question\":\"Who wins?\",\"id\":42}";
            api("PutMetadata", "{\"channelArn\":\"" + ch[0] + "\",\"metadata\":" + quote(payload) + "}")
                    .statusCode(204);
            byte[] needle = payload.getBytes(StandardCharsets.UTF_8);
            String[] found = {null};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Matcher seg = Pattern.compile("\n(st-[a-zA-Z0-9]+/source-[0-9]+\\.ts)\n").matcher(get(mediaUrl).asString());
                while (seg.find()) {
                    if (TsMuxerTest.indexOf(get(base + seg.group(1)).asByteArray(), needle) >= 0) {
                        found[0] = base + seg.group(1);
                        return true;
                    }
                }
                return false;
            });
            String streams = run(60, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                    found[0]);
            assertTrue(streams.contains("timed_id3"), streams);
            // ffmpeg's TS demuxer drops the first 5 bytes of an ID3 PES ("ID3" 04 00): match the frame and payload
            String packets = run(60, "ffprobe", "-v", "error", "-select_streams", "d", "-show_packets", "-show_data",
                    found[0]);
            String hex = packets.replaceAll("(?m)^[0-9a-f]{8}: ((?:[0-9a-f]{4} ?){1,8}).*$", "$1").replaceAll("[^0-9a-f\n]", "");
            assertTrue(hex.replace("\n", "").contains(java.util.HexFormat.of().formatHex("TXXX".getBytes())), packets);
        }
    }

    private static io.restassured.response.ValidatableResponse api(String operation, String body) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", "123456789012")
                .contentType("application/json").body(body)
                .when().post("/" + operation).then();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int count(String text, String tag) {
        int n = 0;
        for (int i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + 1)) {
            n++;
        }
        return n;
    }
}
