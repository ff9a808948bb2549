package dev.openivs.stream.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.transcode.Transcoding;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A STANDARD channel transcoded into its ladder (real ffmpeg publisher, real transcoder) records the renditions its
 * configuration selects, each under {@code media/hls/{rendition}/}, read back from the S3-compatible store and
 * decoded by ffprobe at its resolution. A 480p input is the smallest that makes STANDARD's ladder (480p30, 360p30,
 * 160p30, all transcoded).
 */
@QuarkusTest
@TestProfile(Transcoding.class)
class RenditionRecordingTest extends RecordingFixture {
    private static final int SECONDS = 8;

    /** Publishes 854x480 at 30 fps (2 s GOP) and returns the prefix of the ended recording. */
    private String record(String[] ch) throws Exception {
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-re", "-f", "lavfi", "-i", "testsrc=size=854x480:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", String.valueOf(SECONDS),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-b:v", "1000k",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2")) {
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !endedPrefixes(ch[0]).isEmpty());
        return endedPrefixes(ch[0]).iterator().next();
    }

    /** Rendition folders under media/hls/ of a recording. */
    private TreeSet<String> renditionFolders(String channelArn, String prefix) {
        String base = "ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(channelArn) + "/";
        String hls = prefix.substring(base.length()) + "/media/hls/";
        TreeSet<String> out = new TreeSet<>();
        for (String k : keys(channelArn)) {
            if (k.startsWith(hls) && k.indexOf('/', hls.length()) > 0) {
                out.add(k.substring(hls.length(), k.indexOf('/', hls.length())));
            }
        }
        return out;
    }

    /** ffprobe through HTTP: width, height and decoded frames of the first video stream of a playlist. */
    private int[] probe(String key) throws Exception {
        try (StoreHttp http = new StoreHttp(s3, BUCKET)) {
            String out = run(120, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                    "-show_entries", "stream=width,height,nb_read_frames", "-of", "csv=p=0", http.url(key));
            String[] f = out.strip().split("\\s+")[0].split(",");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])};
        }
    }

    @Test
    void shouldRecordEveryRenditionOfTheLadderWithAll() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.recordWith(ch[0], configuration(BUCKET, 0, "LOWEST_RESOLUTION", "ALL"));
        String prefix = record(ch);

        Map<String, int[]> sizes = new LinkedHashMap<>();
        sizes.put("480p30", new int[] {854, 480});
        sizes.put("360p30", new int[] {640, 360});
        sizes.put("160p30", new int[] {284, 160});
        assertEquals(new TreeSet<>(sizes.keySet()), renditionFolders(ch[0], prefix));

        // recording-ended.json lists every rendition, highest first, at its size
        JsonNode ended = json(prefix + "/events/recording-ended.json");
        JsonNode renditions = ended.path("media").path("hls").path("renditions");
        List<String> listed = new ArrayList<>();
        for (JsonNode r : renditions) {
            listed.add(r.path("path").asText());
            int[] size = sizes.get(r.path("path").asText());
            assertEquals(size[0], r.path("resolution_width").asInt(), r.toString());
            assertEquals(size[1], r.path("resolution_height").asInt(), r.toString());
            assertEquals("playlist.m3u8", r.path("playlist").asText());
        }
        assertEquals(List.copyOf(sizes.keySet()), listed, ended.toString());
        long durationMs = ended.path("media").path("hls").path("duration_ms").asLong();
        assertEquals(SECONDS * 1000, durationMs, 200, ended.toString());

        // the master lists them all; each rendition's playlist decodes at its resolution
        String master = new String(get(prefix + "/media/hls/master.m3u8"), StandardCharsets.UTF_8);
        for (Map.Entry<String, int[]> e : sizes.entrySet()) {
            int[] size = e.getValue();
            assertTrue(master.contains("RESOLUTION=" + size[0] + "x" + size[1]) && master.contains(
                    "\n" + e.getKey() + "/playlist.m3u8\n"), master);
            String playlist = new String(get(prefix + "/media/hls/" + e.getKey() + "/playlist.m3u8"),
                    StandardCharsets.UTF_8);
            assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
            int[] probed = probe(prefix + "/media/hls/" + e.getKey() + "/playlist.m3u8");
            assertEquals(size[0], probed[0], e.getKey());
            assertEquals(size[1], probed[1], e.getKey());
            // the transcoder drains at the end: every rendition has (nearly) all the source's frames
            assertTrue(probed[2] >= SECONDS * 30 * 0.85 && probed[2] <= SECONDS * 30, e.getKey() + ": " + probed[2]);
            System.out.printf("recorded %s: %dx%d, %d frames (source %d)%n", e.getKey(), probed[0], probed[1],
                    probed[2], SECONDS * 30);
        }

        // thumbnails at their configured resolution (LOWEST_RESOLUTION: 160 lines)
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(get(prefix + "/media/thumbnails/thumb0.jpg")));
        assertEquals(160, img.getHeight());
        assertEquals(284, img.getWidth());
    }

    @Test
    void shouldRecordOnlyTheSelectedRenditionsWithCustom() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.recordWith(ch[0], configuration(BUCKET, 0, "SD", "CUSTOM", "SD"));
        String prefix = record(ch);

        assertEquals(new TreeSet<>(List.of("480p30")), renditionFolders(ch[0], prefix));
        JsonNode ended = json(prefix + "/events/recording-ended.json");
        JsonNode renditions = ended.path("media").path("hls").path("renditions");
        assertEquals(1, renditions.size(), ended.toString());
        assertEquals("480p30", renditions.get(0).path("path").asText());
        String master = new String(get(prefix + "/media/hls/master.m3u8"), StandardCharsets.UTF_8);
        assertEquals(1, master.split("#EXT-X-STREAM-INF", -1).length - 1, master);
        int[] probed = probe(prefix + "/media/hls/master.m3u8");
        assertEquals(854, probed[0]);
        assertEquals(480, probed[1]);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(get(prefix + "/media/thumbnails/thumb0.jpg")));
        assertEquals(480, img.getHeight(), "SD thumbnails of a 480p source");
    }
}
