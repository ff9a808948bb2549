package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.Ffmpeg7;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg 7.1 sends Enhanced RTMP (HEVC from Debian's libx265, AV1 from SVT-AV1) with {@code -c copy}: the streams
 * go live on FRAGMENTED_MP4 channels, where ffprobe decodes the CMAF output (NORMAL: init segment + .m4s; LOW:
 * fMP4 parts), and are refused on TS channels with an onStatus error and a Stream Failure event.
 */
@QuarkusTest
class EnhancedRtmpPlaybackTest extends PublishingTest {
    private static final Path WORK = Paths.get("target", "ffmpeg");

    @Inject
    PlaybackServer playback;

    private static ExtractableResponse<Response> get(String url) {
        return given().when().get(url).then().extract();
    }

    /** 4 s of 320x240 30 fps HEVC (libx265, 1 s GOP) + AAC in MP4, encoded once per build by Debian's ffmpeg. */
    static synchronized Path hevcFile() throws Exception {
        Path out = WORK.resolve("enhanced-hevc.mp4");
        if (!Files.exists(out)) {
            Files.createDirectories(WORK);
            Ffmpeg.run(120, "ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100",
                    "-t", "4", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                    "keyint=30:min-keyint=30:log-level=error", "-pix_fmt", "yuv420p", "-tag:v", "hvc1", "-c:a", "aac",
                    "-b:a", "64k", "-y", out.toString());
        }
        return out;
    }

    /** 4 s of 320x240 30 fps AV1 (SVT-AV1 of ffmpeg 7.1, 1 s GOP) + AAC in MP4, encoded once per build. */
    static synchronized Path av1File() throws Exception {
        Path out = WORK.resolve("enhanced-av1.mp4");
        if (!Files.exists(out)) {
            Files.createDirectories(WORK);
            Ffmpeg7.run(120, "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i",
                    "sine=frequency=1000:sample_rate=44100", "-t", "4", "-c:v", "libsvtav1", "-preset", "12", "-g",
                    "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-y", out.toAbsolutePath().toString());
        }
        return out;
    }

    /** Publishes {@code file} looped in real time with {@code -c copy} (Enhanced RTMP from ffmpeg 7.1). */
    private Process publish(Path file, String key) throws Exception {
        return Ffmpeg7.start(List.of("-re", "-stream_loop", "-1", "-i", file.toAbsolutePath().toString(), "-c",
                "copy", "-f", "flv", rtmp(key)));
    }

    private String channel(String latencyMode, String containerFormat) {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], latencyMode);
        fixture.containerFormat(ch[0], containerFormat);
        return ch[0] + " " + ch[1];
    }

    /** Plays the channel: the multivariant names the codec, the media playlist is CMAF, ffmpeg decodes it. */
    private void playsCmaf(String latencyMode, Path file, String codecPrefix, String decoded) throws Exception {
        String[] ch = channel(latencyMode, "FRAGMENTED_MP4").split(" ");
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        Process p = publish(file, ch[1]);
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            String master = get(url).asString();
            assertTrue(master.contains("CODECS=\"" + codecPrefix) && master.contains(",mp4a.40.2\""), master);
            assertTrue(master.contains("RESOLUTION=320x240"), master);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, master);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(get(mediaUrl).asString(), "#EXTINF:") >= 2);
            String media = get(mediaUrl).asString();
            assertTrue(media.contains("#EXT-X-MAP:URI=\"st-"), media);
            assertTrue(media.contains(".m4s\n") && !media.contains(".ts\n"), media);
            String base = mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1);
            String initUri = media.substring(media.indexOf("#EXT-X-MAP:URI=\"") + 16);
            initUri = initUri.substring(0, initUri.indexOf('"'));
            byte[] init = get(base + initUri).asByteArray();
            assertEquals("ftyp", new String(init, 4, 4, StandardCharsets.US_ASCII));

            String out = Ffmpeg.run(60, "ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", mediaUrl);
            assertTrue(out.contains(decoded + ",320,240"), out);
            assertTrue(out.contains("aac"), out);
            // every frame of two seconds decodes
            String decode = Ffmpeg.run(60, "ffmpeg", "-hide_banner", "-v", "error", "-i", mediaUrl, "-t", "2",
                    "-f", "null", "-");
            assertTrue(decode.isBlank(), decode);
            // GetStreamSession reports the codec as RFC 6381, profile and level in the codec's terms
            String session = call("GetStreamSession", "{\"channelArn\":\"" + ch[0] + "\"}").statusCode(200)
                    .extract().asString();
            assertTrue(session.contains("\"codec\":\"" + codecPrefix), session);
            assertTrue(session.contains("\"profile\":\"Main\""), session);
            System.out.printf("%s %s over Enhanced RTMP: %s%n", latencyMode, decoded, out.trim().replace('\n', ' '));
        } finally {
            stop(p);
        }
    }

    @Test
    void hevcPlaysAsCmafOnNormalAndLowChannels() throws Exception {
        playsCmaf("NORMAL", hevcFile(), "hvc1.1.6.L", "hevc");
        playsCmaf("LOW", hevcFile(), "hvc1.1.6.L", "hevc");
    }

    @Test
    void av1PlaysAsCmafOnNormalAndLowChannels() throws Exception {
        playsCmaf("NORMAL", av1File(), "av01.0.", "av1");
        playsCmaf("LOW", av1File(), "av01.0.", "av1");
    }

    @Test
    void hevcIsRefusedOnTsChannels() throws Exception {
        String[] ch = channel("NORMAL", "TS").split(" ");
        Process p = publish(hevcFile(), ch[1]);
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffmpeg is disconnected");
            assertTrue(p.exitValue() != 0, "ffmpeg fails");
        } finally {
            stop(p);
        }
        String streamId = await().atMost(Duration.ofSeconds(10)).until(() -> latestStreamId(ch[0]),
                id -> id != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventNames(streamId).contains("Session Ended"));
        List<String> events = eventNames(streamId);
        assertTrue(events.contains("Stream Failure"), events.toString());
        String failure = pool.preparedQuery("SELECT payload::json->'detail'->>'reason' AS r FROM stream.outbox_event "
                + "WHERE payload::json->'detail'->>'stream_id' = $1 AND payload::json->'detail'->>'event_name' = "
                + "'Stream Failure'").execute(io.vertx.mutiny.sqlclient.Tuple.of(streamId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("r");
        assertTrue(failure.startsWith("HEVC video requires a channel with containerFormat FRAGMENTED_MP4"), failure);
    }

    private String latestStreamId(String channelArn) {
        var rows = pool.preparedQuery("SELECT stream_id FROM stream.stream_session WHERE channel_arn = $1 "
                + "ORDER BY start_time DESC LIMIT 1").execute(io.vertx.mutiny.sqlclient.Tuple.of(channelArn))
                .await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("stream_id");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
