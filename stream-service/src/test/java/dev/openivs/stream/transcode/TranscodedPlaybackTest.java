package dev.openivs.stream.transcode;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Real ffmpeg publishes to STANDARD / ADVANCED_SD / BASIC channels (NORMAL latency, MPEG-TS); the transcoder's
 * ffmpeg makes the ladder; ffprobe and plain HTTP read every rendition from the playback edge.
 */
@QuarkusTest
@TestProfile(Transcoding.class)
class TranscodedPlaybackTest extends PublishingTest {
    private static final Pattern VARIANT = Pattern.compile(
            "#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=(\\d+),RESOLUTION=(\\d+x\\d+),CODECS=\"([^\"]+)\","
                    + "VIDEO=\"([^\"]+)\",FRAME-RATE=([0-9.]+)\n(\\S+)\n");

    @Inject
    PlaybackServer playback;

    @Inject
    Transcoder transcoder;

    @Inject
    Pool pool;

    private String url(String channelArn) {
        return PlaylistUrls.multivariantUrl(playback.port(), channelArn);
    }

    static String get(String url) {
        return given().when().get(url).then().statusCode(200).extract().asString();
    }

    static int status(String url) {
        var r = given().when().get(url).then().extract();
        if (r.statusCode() != 200) {
            System.out.println("GET " + url + ": " + r.statusCode() + " " + r.asString().strip());
        }
        return r.statusCode();
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text.strip();
    }

    /** Rendition id → media playlist URL, in playlist order. */
    static Map<String, String> variants(String url, String body) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = VARIANT.matcher(body);
        while (m.find()) {
            out.put(m.group(5), url.substring(0, url.lastIndexOf('/') + 1) + m.group(7));
        }
        return out;
    }

    /** media sequence number → EXTINF of a media playlist. */
    static Map<Long, String> durations(String media) {
        Map<Long, String> out = new LinkedHashMap<>();
        Matcher seq = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(media);
        assertTrue(seq.find(), media);
        long n = Long.parseLong(seq.group(1));
        Matcher inf = Pattern.compile("#EXTINF:([0-9.]+),").matcher(media);
        while (inf.find()) {
            out.put(n++, inf.group(1));
        }
        return out;
    }

    static String segmentUrl(String mediaUrl, String media, int index) {
        List<String> uris = new ArrayList<>();
        for (String line : media.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                uris.add(line);
            }
        }
        return mediaUrl.substring(0, mediaUrl.lastIndexOf('/') + 1) + uris.get(index < 0 ? uris.size() + index
                : index);
    }

    private List<String> failures(String channelName) {
        List<String> reasons = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT payload::json->'detail'->>'reason' AS r FROM stream.outbox_event "
                + "WHERE topic = 'ivs.eventbridge' AND payload::json->'detail'->>'channel_name' = $1 "
                + "AND payload::json->'detail'->>'event_name' = 'Stream Failure' ORDER BY seq")
                .execute(Tuple.of(channelName)).await().atMost(Duration.ofSeconds(10))) {
            reasons.add(r.getString("r"));
        }
        return reasons;
    }

    static Ffmpeg publish(String rtmp, String size, int seconds) throws IOException {
        return Ffmpeg.publish(rtmp, "-re", "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=30", "-f", "lavfi",
                "-i", "sine=frequency=1000:sample_rate=44100", "-t", String.valueOf(seconds), "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-b:v", "1500k", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2");
    }

    @Test
    void shouldServeTheStandardLadderAlignedAndReplaceAKilledTranscoder() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String url = url(ch[0]);
        try (Ffmpeg ffmpeg = publish(rtmp(ch[1]), "1280x720", 16)) {
            // playable once the source has a segment; the transcoded renditions follow within a second or so
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> variants(url, status(url) == 200 ? get(url) : "").size() == 4);
            String body = get(url);
            System.out.println(body);
            Map<String, String> variants = variants(url, body);
            assertEquals(List.of("720p30", "480p30", "360p30", "160p30"), List.copyOf(variants.keySet()), body);
            assertTrue(body.contains("RESOLUTION=1280x720,CODECS=\"avc1.42C01F,mp4a.40.2\",VIDEO=\"720p30\""), body);
            assertTrue(body.contains("RESOLUTION=852x480,CODECS=\"avc1.4D401F,mp4a.40.2\",VIDEO=\"480p30\""), body);
            assertTrue(body.contains("RESOLUTION=640x360,CODECS=\"avc1.4D401F,mp4a.40.2\",VIDEO=\"360p30\""), body);
            assertTrue(body.contains("RESOLUTION=284x160,CODECS=\"avc1.4D401F,mp4a.40.2\",VIDEO=\"160p30\""), body);
            assertTrue(body.contains("#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"480p30\",NAME=\"480p\""), body);

            // kill the transcoder: it is replaced at the next keyframe, the renditions go on, the stream stays live
            TranscodedStream t = transcoder.stream(streamIdOf(body, url)).orElseThrow();
            Process worker = t.workerProcess();
            assertNotNull(worker);
            int restarts = t.restarts();
            long before = durations(get(variants.get("480p30"))).keySet().stream().max(Long::compare).orElseThrow();
            worker.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> t.restarts() == restarts + 1
                    && t.workerProcess() != null && t.workerProcess() != worker);
            await().atMost(Duration.ofSeconds(20)).until(() -> durations(get(variants.get("480p30"))).keySet()
                    .stream().max(Long::compare).orElseThrow() >= before + 2);
            assertTrue(ffmpeg.isAlive(), "the publisher is still live");
            assertEquals(200, status(url));
            assertEquals(4, variants(url, get(url)).size());
            assertEquals(1, transcoder.active());
            ffmpeg.waitFor(30);

            // every rendition has its first two segments: same sequence numbers, same durations (aligned cuts)
            await().atMost(Duration.ofSeconds(20)).until(() -> variants.values().stream()
                    .allMatch(u -> durations(get(u)).size() >= 2));
            Map<Long, String> source = durations(get(variants.get("720p30")));
            for (Map.Entry<String, String> v : variants.entrySet()) {
                String media = get(v.getValue());
                Map<Long, String> d = durations(media);
                for (Map.Entry<Long, String> e : d.entrySet()) {
                    if (source.containsKey(e.getKey())) {
                        assertEquals(source.get(e.getKey()), e.getValue(), v.getKey() + " segment " + e.getKey()
                                + ":\n" + media);
                    }
                }
                // the newest one (an older one may hold the gap of the killed transcoder)
                String seg = segmentUrl(v.getValue(), media, -1);
                String probe = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v",
                        "-show_entries", "stream=profile,width,height,r_frame_rate,nb_read_frames", "-of", "csv=p=0",
                        seg);
                String size = body.split("VIDEO=\"" + v.getKey() + "\"")[0];
                size = size.substring(size.lastIndexOf("RESOLUTION=") + 11);
                size = size.substring(0, size.indexOf(','));
                assertTrue(probe.contains("," + size.replace('x', ',') + ","), v.getKey() + ": " + probe);
                assertTrue(probe.startsWith(v.getKey().equals("720p30") ? "Constrained Baseline" : "Main"),
                        v.getKey() + ": " + probe + " (the source passes through, the rungs are H.264 Main)");
                assertTrue(probe.contains(",30/1,60"), v.getKey() + " 2 s at 30 fps: " + probe);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> transcoder.active() == 0);
    }

    static String streamIdOf(String body, String url) {
        Matcher m = Pattern.compile("(st-[a-zA-Z0-9]+)/").matcher(get(variants(url, body).get("480p30")));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void shouldStopAdvancedSdAt480pAndRefuseStreamsBeyondTheCapacity() throws Exception {
        String[] ch = fixture.channel("ADVANCED_SD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String[] other = fixture.channel("STANDARD", true);
        String url = url(ch[0]);
        try (Ffmpeg ffmpeg = publish(rtmp(ch[1]), "854x480", 40)) { // ended by close() once checked
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> variants(url, status(url) == 200 ? get(url) : "").size() == 3);
            String body = get(url);
            assertEquals(List.of("480p30", "360p30", "160p30"), List.copyOf(variants(url, body).keySet()), body);
            // the input's aspect ratio at 480 lines (852x480 for a 1280x720 input)
            assertTrue(body.contains("RESOLUTION=854x480,CODECS=\"avc1.4D401F,mp4a.40.2\""), body);
            assertFalse(body.contains("source.m3u8"), "ADVANCED channels do not offer the source: " + body);
            TranscodedStream t = transcoder.stream(streamIdOf(body, url)).orElseThrow();
            assertEquals("audio_only", t.ladder().get(t.ladder().size() - 1).name());

            // the node's one transcoder is busy: a STANDARD publish is refused with IVS's Stream Failure
            try (Ffmpeg refused = publish(rtmp(other[1]), "854x480", 8)) {
                assertTrue(refused.waitFor(20) > 0, "the encoder is told and disconnected");
                assertTrue(refused.log().contains(Transcoder.CAPACITY_EXCEEDED), refused.log());
            }
            String name = "test-" + other[0].substring(other[0].lastIndexOf('/') + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> failures(name).equals(
                    List.of(Transcoder.CAPACITY_EXCEEDED)));
            assertTrue(ffmpeg.isAlive());
        }
    }

    /**
     * LOW: every rendition as LL-HLS (fMP4 parts), parts and segments aligned with the source's, each media playlist
     * reporting the other renditions.
     */
    @Test
    void shouldServeTheLadderAsLowLatencyHls() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        String url = url(ch[0]);
        try (Ffmpeg ffmpeg = publish(rtmp(ch[1]), "1280x720", 10)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> variants(url, status(url) == 200 ? get(url) : "").size() == 4);
            String body = get(url);
            assertTrue(body.startsWith("#EXTM3U\n#EXT-X-VERSION:9\n"), body);
            Map<String, String> variants = variants(url, body);
            assertEquals(List.of("720p30", "480p30", "360p30", "160p30"), List.copyOf(variants.keySet()), body);
            Pattern part = Pattern.compile("#EXT-X-PART:DURATION=([0-9.]+),URI=\"(st-[a-zA-Z0-9]+)/([a-z0-9_]+)-(\\d+)"
                    + "\\.(\\d+)\\.m4s\"");
            Map<String, String> sourceParts = new LinkedHashMap<>();
            int reportsChecked = 0;
            for (Map.Entry<String, String> v : variants.entrySet()) {
                String media = get(v.getValue());
                // the source's parts as listed now (the renditions lag by their transcoding delay)
                Matcher sm = part.matcher(get(variants.get("720p30")));
                while (sm.find()) {
                    sourceParts.put(sm.group(4) + "." + sm.group(5), sm.group(1));
                }
                assertTrue(media.contains("-init.mp4\""), media);
                Matcher pm = part.matcher(media);
                int compared = 0;
                while (pm.find()) {
                    assertEquals(v.getKey().equals("720p30") ? "source" : v.getKey(), pm.group(3), media);
                    String d = sourceParts.get(pm.group(4) + "." + pm.group(5));
                    if (d != null) {
                        assertEquals(d, pm.group(1), v.getKey() + " part " + pm.group(4) + "." + pm.group(5));
                        compared++;
                    }
                }
                assertTrue(compared >= 3, v.getKey() + " shares parts with the source:\n" + media);
                // EXT-X-RENDITION-REPORT for every other rendition (while live): its media playlist and newest part
                Matcher report = Pattern.compile("#EXT-X-RENDITION-REPORT:URI=\"([a-z0-9_]+)\\.m3u8\",LAST-MSN=(\\d+),"
                        + "LAST-PART=(\\d+)\n").matcher(media);
                List<String> reported = new ArrayList<>();
                while (report.find()) {
                    reported.add(report.group(1));
                }
                List<String> others = new ArrayList<>();
                for (String name : variants.keySet()) {
                    if (!name.equals(v.getKey())) {
                        others.add(name.equals("720p30") ? "source" : name);
                    }
                }
                if (media.contains("#EXT-X-PRELOAD-HINT")) { // live (an ended stream lists no renditions)
                    assertTrue(others.containsAll(reported), media);
                    if (reported.equals(others)) { // all of them while every rendition is listable
                        reportsChecked++;
                    }
                }
                Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(media);
                assertTrue(map.find(), media);
                String base = v.getValue().substring(0, v.getValue().lastIndexOf('/') + 1);
                Path file = Files.createTempFile("rendition", ".mp4");
                try {
                    Files.write(file, given().get(base + map.group(1)).then().statusCode(200).extract()
                            .asByteArray());
                    Files.write(file, given().get(segmentUrl(v.getValue(), media.replaceAll("(?m)^#.*$", ""), 0))
                            .then().statusCode(200).extract().asByteArray(), StandardOpenOption.APPEND);
                    String probe = run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                            "stream=width,height", "-of", "csv=p=0", file.toString());
                    assertTrue(body.contains("RESOLUTION=" + probe.split("\n")[0].replace(',', 'x') + ","),
                            v.getKey() + ": " + probe);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            assertTrue(reportsChecked >= 1, "a live playlist reported every other rendition");
        }
    }

    @Test
    void shouldKeepBasicAtTheSourceOnly() throws Exception {
        String[] ch = fixture.channel("BASIC", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String url = url(ch[0]);
        try (Ffmpeg ffmpeg = publish(rtmp(ch[1]), "640x360", 10)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> status(url) == 200);
            String body = get(url);
            assertEquals(1, body.split("#EXT-X-STREAM-INF").length - 1, body);
            assertTrue(body.contains("RESOLUTION=640x360"), body);
            assertEquals(0, transcoder.active());
        }
    }
}
