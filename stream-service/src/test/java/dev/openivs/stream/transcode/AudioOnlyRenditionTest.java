package dev.openivs.stream.transcode;

import static dev.openivs.stream.transcode.TranscodedPlaybackTest.durations;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.run;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ADVANCED ladders' {@code audio_only} rendition (MEDIA-PLANE §1.4/§1.5): real ffmpeg publishes 480p to an
 * ADVANCED_SD channel; the multivariant lists the audio-only variant as IVS does, ffprobe finds one AAC stream and no
 * video in its playlist and decodes it, and its segments have the video renditions' sequence numbers and durations.
 */
@QuarkusTest
@TestProfile(Transcoding.class)
class AudioOnlyRenditionTest extends PublishingTest {
    private static final Pattern AUDIO_ONLY = Pattern.compile(
            "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"audio_only\",NAME=\"audio_only\",AUTOSELECT=NO,DEFAULT=NO\n"
                    + "#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=(\\d+),CODECS=\"mp4a.40.2\","
                    + "VIDEO=\"audio_only\"\n(\\S+)\n");

    @Inject
    PlaybackServer playback;

    private static String get(String url) {
        return given().when().get(url).then().statusCode(200).extract().asString();
    }

    private static int status(String url) {
        return given().when().get(url).then().extract().statusCode();
    }

    @Test
    void shouldServeTheAdvancedAudioOnlyRenditionAsTs() throws Exception {
        audioOnly("TS", 30);
    }

    /** FRAGMENTED_MP4: an init segment with the AAC track alone, fragments cut where the video renditions' are. */
    @Test
    void shouldServeTheAdvancedAudioOnlyRenditionAsCmaf() throws Exception {
        audioOnly("FRAGMENTED_MP4", 20);
    }

    /**
     * LOW: LL-HLS parts of the AAC track alone, cut where the source's parts are: the same media sequence numbers,
     * part indices and durations as the video renditions, every part independent.
     */
    @Test
    void shouldServeTheAdvancedAudioOnlyRenditionAsLowLatencyParts() throws Exception {
        String[] ch = fixture.channel("ADVANCED_SD", true);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        Pattern part = Pattern.compile("#EXT-X-PART:DURATION=([0-9.]+),URI=\"(st-[a-zA-Z0-9]+)/([a-z0-9_]+)-(\\d+)"
                + "\\.(\\d+)\\.m4s\"(,INDEPENDENT=YES)?");
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-re", "-f", "lavfi", "-i", "testsrc=size=854x480:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "16", "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-b:v", "1000k", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2")) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).until(() -> {
                String body = status(url) == 200 ? get(url) : "";
                Matcher m = AUDIO_ONLY.matcher(body);
                return m.find() && get(base + m.group(3)).split("#EXTINF").length > 2;
            });
            String body = get(url);
            assertTrue(body.startsWith("#EXTM3U\n#EXT-X-VERSION:9\n"), body);
            Matcher m = AUDIO_ONLY.matcher(body);
            assertTrue(m.find(), body);
            String audioUrl = base + m.group(3);
            Matcher v480 = Pattern.compile("VIDEO=\"480p30\"[^\n]*\n(\\S+)\n").matcher(body);
            assertTrue(v480.find(), body);
            String media = get(audioUrl);
            assertTrue(media.contains("#EXT-X-MAP:URI=\"") && media.contains("audio_only-init.mp4"), media);
            // the video rendition's parts (listed now) against the audio-only ones: same msn.index, same duration
            Map<String, String> videoParts = new java.util.LinkedHashMap<>();
            Matcher vm = part.matcher(get(base + v480.group(1)));
            while (vm.find()) {
                videoParts.put(vm.group(4) + "." + vm.group(5), vm.group(1));
            }
            Matcher am = part.matcher(media);
            int compared = 0;
            int parts = 0;
            while (am.find()) {
                parts++;
                assertEquals("audio_only", am.group(3), media);
                assertEquals(",INDEPENDENT=YES", am.group(6), "every audio-only part is independent: " + media);
                String d = videoParts.get(am.group(4) + "." + am.group(5));
                if (d != null) {
                    assertEquals(Double.parseDouble(d), Double.parseDouble(am.group(1)), 0.0015,
                            "part " + am.group(4) + "." + am.group(5) + "\n" + media);
                    compared++;
                }
            }
            assertTrue(compared >= 3, compared + " of " + parts + " parts compared:\n" + media);
            // the init segment and a whole segment: one AAC stream, no video, decodable
            Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(media);
            assertTrue(map.find(), media);
            String segment = media.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
            String mediaBase = audioUrl.substring(0, audioUrl.lastIndexOf('/') + 1);
            java.nio.file.Path file = java.nio.file.Files.createTempFile("audio-only", ".mp4");
            try {
                java.nio.file.Files.write(file, given().get(mediaBase + map.group(1)).then().statusCode(200).extract()
                        .asByteArray());
                java.nio.file.Files.write(file, given().get(mediaBase + segment).then().statusCode(200).extract()
                        .asByteArray(), java.nio.file.StandardOpenOption.APPEND);
                assertEquals("aac,audio", run("ffprobe", "-v", "error", "-show_entries",
                        "stream=codec_name,codec_type", "-of", "csv=p=0", file.toString()).strip());
                assertEquals("", run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"));
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            System.out.printf("LOW audio_only: %d parts listed, %d compared with 480p30's%n", parts, compared);
        }
    }

    private void audioOnly(String containerFormat, int seconds) throws Exception {
        String[] ch = fixture.channel("ADVANCED_SD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.containerFormat(ch[0], containerFormat);
        boolean ts = containerFormat.equals("TS");
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-re", "-f", "lavfi", "-i", "testsrc=size=854x480:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", String.valueOf(seconds), "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-b:v", "1000k", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2")) {
            // three segments of audio_only listed (the first may be partial while the worker starts)
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).until(() -> {
                String body = status(url) == 200 ? get(url) : "";
                Matcher m = AUDIO_ONLY.matcher(body);
                return m.find() && durations(get(base + m.group(3))).size() >= 3;
            });
            String body = get(url);
            Matcher m = AUDIO_ONLY.matcher(body);
            assertTrue(m.find(), body);
            assertFalse(body.contains("RESOLUTION=0x0"), body);
            long bandwidth = Long.parseLong(m.group(1));
            assertTrue(bandwidth >= 64_000 && bandwidth < 200_000, "64 kbit/s AAC plus container overhead: " + body);
            assertTrue(body.indexOf("audio_only") > body.indexOf("160p30"), "listed last: " + body);
            String audioUrl = base + m.group(3);
            Matcher v480 = Pattern.compile("VIDEO=\"480p30\"[^\n]*\n(\\S+)\n").matcher(body);
            assertTrue(v480.find(), body);
            String videoUrl = base + v480.group(1);

            // ffprobe: one AAC stream and no video; ffmpeg decodes all of it
            String streams = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,codec_type",
                    "-of", "csv=p=0", audioUrl);
            // (TS: listed once per program and once per stream; the timed-ID3 PID is in every rendition's PMT;
            // CMAF carries timed ID3 as emsg boxes, no stream)
            assertEquals(ts ? java.util.Set.of("aac,audio", "timed_id3,data") : java.util.Set.of("aac,audio"), streams.lines().filter(l -> !l.isBlank())
                    .collect(java.util.stream.Collectors.toSet()), "one AAC stream, no video: " + streams);
            assertEquals("", run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream=index",
                    "-of", "csv=p=0", audioUrl), "no video stream");
            String decoded = run("ffmpeg", "-v", "error", "-i", audioUrl, "-map", "0:a", "-f", "null", "-");
            assertEquals("", decoded, "decodes without error");
            long packets = Long.parseLong(run("ffprobe", "-v", "error", "-select_streams", "a:0", "-count_packets",
                    "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", audioUrl).lines().findFirst()
                    .orElse("0"));
            assertTrue(packets > 100, "AAC frames of the listed segments: " + packets);

            // aligned with the video renditions: the same sequence numbers have the same durations
            Map<Long, String> audio = durations(get(audioUrl));
            Map<Long, String> video = durations(get(videoUrl));
            int compared = 0;
            for (Map.Entry<Long, String> e : audio.entrySet()) {
                String v = video.get(e.getKey());
                if (v != null && e.getKey() > audio.keySet().iterator().next()) { // the first may be shorter
                    assertEquals(Double.parseDouble(v), Double.parseDouble(e.getValue()), 0.0015,
                            "segment " + e.getKey() + ": " + audio + " vs " + video);
                    compared++;
                }
            }
            assertTrue(compared >= 1, audio + " vs " + video);
            if (!ts) {
                String media = get(audioUrl);
                assertTrue(media.contains("#EXT-X-MAP:URI=\"") && media.contains("audio_only-init.mp4")
                        && media.contains(".m4s"), media);
            }
            System.out.printf(containerFormat + " audio_only: BANDWIDTH=%d, segments %s (480p30 %s)%n", bandwidth, audio, video);
        }
    }
}
