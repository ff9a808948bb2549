package dev.openivs.stream.transcode;

import static dev.openivs.stream.transcode.TranscodedPlaybackTest.durations;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.get;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.publish;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.run;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.segmentUrl;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.status;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.streamIdOf;
import static dev.openivs.stream.transcode.TranscodedPlaybackTest.variants;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.edge.PlaybackServer;
import dev.openivs.stream.edge.PlaylistUrls;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transcoding as its own deployment: stream-service sends a STANDARD channel's transcode to a {@link TranscodeServer}
 * over TCP, the renditions come back from there, a killed transcoder process is replaced (a new connection), and the
 * transcoder port refuses foreign bytes and streams beyond its capacity.
 */
@QuarkusTest
@TestProfile(RemoteTranscoding.class)
class RemoteTranscodeTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    @Inject
    Transcoder transcoder;

    @Test
    void shouldPlayTheLadderTranscodedByTheTranscoderDeploymentAndReplaceAKilledOne() throws Exception {
        TranscodeServer server = RemoteTranscoding.SERVER;
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = publish(rtmp(ch[1]), "854x480", 14)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> variants(url, status(url) == 200 ? get(url) : "").size() == 3);
            String body = get(url);
            Map<String, String> variants = variants(url, body);
            assertEquals(List.of("480p30", "360p30", "160p30"), List.copyOf(variants.keySet()), body);
            TranscodedStream t = transcoder.stream(streamIdOf(body, url)).orElseThrow();
            assertNull(t.workerProcess(), "no ffmpeg runs in stream-service");
            assertEquals(1, server.active(), "the transcoder deployment runs the stream's transcode");
            assertEquals(1, server.processes().size());

            // kill the transcoder's ffmpeg: the connection ends, a new one starts at the next keyframe
            Process worker = server.processes().get(0);
            int restarts = t.restarts();
            long before = durations(get(variants.get("360p30"))).keySet().stream().max(Long::compare).orElseThrow();
            worker.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> t.restarts() == restarts + 1
                    && server.processes().size() == 1 && server.processes().get(0) != worker);
            await().atMost(Duration.ofSeconds(20)).until(() -> durations(get(variants.get("360p30"))).keySet()
                    .stream().max(Long::compare).orElseThrow() >= before + 2);
            assertTrue(ffmpeg.isAlive(), "the publisher is still live");
            assertEquals(3, variants(url, get(url)).size());

            for (String rung : List.of("360p30", "160p30")) {
                String media = get(variants.get(rung));
                String probe = run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                        "stream=profile,width,height,r_frame_rate", "-of", "csv=p=0",
                        segmentUrl(variants.get(rung), media, -1));
                String size = rung.equals("360p30") ? "640,360" : "284,160";
                assertTrue(probe.startsWith("Main," + size + ",30/1"), rung + ": " + probe);
            }
            ffmpeg.waitFor(30);
        }
        // the stream ended: its transcode drains and the connection ends, on both sides
        await().atMost(Duration.ofSeconds(15)).until(() -> server.active() == 0 && transcoder.active() == 0);
    }

    @Test
    void shouldRefuseForeignBytesAndTranscodesBeyondItsCapacity() throws Exception {
        TranscodeServer server = RemoteTranscoding.SERVER;
        assertTrue(exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("ERROR not a transcode"));
        assertEquals("ERROR unknown preset x;rm", exchange(server.port(), TranscodeProtocol.MAGIC
                + "\nstream s1\npreset x;rm\n\n"));
        assertTrue(exchange(server.port(), TranscodeProtocol.MAGIC + "\nstream s1\n\n").startsWith("ERROR "));
        assertEquals(0, server.active());
        try (TranscodeServer full = TranscodeServer.start("127.0.0.1", 0,
                new TranscodeServer.Settings("ffmpeg", 0, 1 << 20))) {
            String request = new String(TranscodeProtocol.header(new TranscodeProtocol.Request("st-1", true, 30,
                    "veryfast", 0, List.of(new Rendition("160p30", 284, 160, 30, 230, 0, false)))),
                    StandardCharsets.US_ASCII);
            assertEquals("BUSY " + Transcoder.CAPACITY_EXCEEDED, exchange(full.port(), request));
            assertEquals(0, full.active());
        }
    }

    /** Sends {@code request}, returns the answer line; the server then closes the connection. */
    private static String exchange(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = TranscodeProtocol.line(in, 512);
            assertEquals(-1, in.read(), "the connection is closed after a refusal");
            return answer;
        }
    }
}
