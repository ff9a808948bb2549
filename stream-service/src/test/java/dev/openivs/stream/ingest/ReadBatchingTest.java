package dev.openivs.stream.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.rtmp.MultitrackPublisher;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Batched ingest reads ({@code ivs.stream.ingest.read-batch}, SO_RCVLOWAT): a publishing connection's reads are
 * batched, and a command smaller than the batch that arrives after the media stops (ffmpeg's {@code deleteStream}
 * on a connection it keeps open) still ends the session within a couple of seconds, not at the 30 s idle timeout.
 */
@QuarkusTest
class ReadBatchingTest extends PublishingTest {
    private static final Path WORK = Paths.get("target", "ffmpeg");

    private static synchronized Path encode() throws Exception {
        Path out = WORK.resolve("read-batching-640x360-5.flv");
        if (!Files.exists(out)) {
            Files.createDirectories(WORK);
            Ffmpeg.run(120, "ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100",
                    "-t", "5", "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-bf", "0", "-pix_fmt",
                    "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-y", out.toString());
        }
        return out;
    }

    @Test
    void batchesReadsWhilePublishingAndStillReadsASmallLastCommandAtOnce() throws Exception {
        String[] ch = fixture.channel("BASIC", true);
        Path media = encode();
        int before = server.batchedConnections();
        try (MultitrackPublisher p = MultitrackPublisher.connect(server.rtmpPort(), ch[1])) {
            assertTrue(p.received("NetStream.Publish.Start"), "publish accepted");
            CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.send(media, List.of(), Map.of("width", 640.0, "height", 360.0, "framerate", 30.0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the ingest loop checks each connection's rate every second and then raises its SO_RCVLOWAT
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> server.batchedConnections() > before);
            assertTrue(sent.get(), "all media sent");
            long t0 = System.nanoTime();
            p.unpublish(ch[1]);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    call("GetStream", "{\"channelArn\":\"" + ch[0] + "\"}").extract().statusCode() == 404);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("deleteStream after the media to stream gone: %d ms%n", ms);
            // at most a second without reads, then the next one-second check lowers the mark to one byte
            assertTrue(ms < 3_500, "ended after " + ms + " ms");
            assertTrue(server.batchedConnections() <= before, "no longer batched once unpublished");
        }
    }
}
