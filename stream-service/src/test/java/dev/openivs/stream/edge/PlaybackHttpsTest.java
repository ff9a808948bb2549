package dev.openivs.stream.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * HTTPS on the playback edge ({@code ivs.stream.playback.tls-port}, the RTMPS certificate options: here the
 * self-signed certificate): curl and ffprobe read a LOW and a NORMAL channel over TLS, with the same answers as plain
 * HTTP.
 */
@QuarkusTest
class PlaybackHttpsTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    @Test
    void shouldServeLowLatencyPlaybackOverHttps() throws Exception {
        play("LOW");
    }

    @Test
    void shouldServeNormalPlaybackOverHttps() throws Exception {
        play("NORMAL");
    }

    private void play(String mode) throws Exception {
        assertTrue(playback.tlsPort() > 0, "HTTPS is on in tests");
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], mode);
        String plain = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        String https = plain.replace("http://127.0.0.1:" + playback.port(), "https://127.0.0.1:" + playback.tlsPort());
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 40)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> Ffmpeg.run(10, "curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", https)
                            .equals("200"));
            // the self-signed certificate names localhost/127.0.0.1; curl -k because no CA signed it
            String headers = Ffmpeg.run(10, "curl", "-sk", "-D", "-", "-o", "/dev/null", https);
            assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
            assertTrue(headers.toLowerCase().contains("cache-control: public, max-age=1"), headers);
            String cert = Ffmpeg.run(10, "curl", "-skv", "-o", "/dev/null", https);
            assertTrue(cert.contains("CN=localhost"), "the RTMPS certificate serves HTTPS too: " + cert);
            String master = Ffmpeg.run(10, "curl", "-sk", https);
            assertEquals(Ffmpeg.run(10, "curl", "-s", plain), master, "the same playlist as over plain HTTP");
            String media = https.substring(0, https.lastIndexOf('/') + 1) + master.lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
            assertTrue(Ffmpeg.run(10, "curl", "-sk", media).contains("#EXTINF:"));
            // ffmpeg's TLS does not verify certificates by default, as players configured for a private CA would
            String probe = Ffmpeg.run(60, "ffprobe", "-v", "error", "-select_streams", "v", "-count_frames",
                    "-read_intervals", "%+3", "-show_entries", "stream=codec_name,width,height,nb_read_frames",
                    "-of", "csv=p=0", https);
            assertTrue(java.util.regex.Pattern.compile("h264,640,360,[1-9][0-9]*").matcher(probe).find(), probe);
        }
    }
}
