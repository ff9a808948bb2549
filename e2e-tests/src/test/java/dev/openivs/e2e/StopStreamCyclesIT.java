package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;

/**
 * StopStream keeps answering however often it is called: 50 publish → StopStream cycles on one channel, each
 * StopStream answered 200 (SDK retries off, so a 503 fails the test) well within the gateway's timeout. It used to
 * leak one database connection per call (the reply continued on the encoder connection's context) and hung from
 * the 17th call on, when the pool of 16 was empty.
 */
class StopStreamCyclesIT {
    private static final int CYCLES = 50;

    private final IvsClient ivs = Suite.clientA();

    @BeforeAll
    static void needsFfmpeg() {
        Encoder.assumeInstalled(false);
    }

    @Test
    void shouldAnswerEveryStopStreamOfFiftyCycles() throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("stop-cycles").insecureIngest(true)
                .latencyMode("NORMAL"));
        String arn = created.channel().arn();
        String url = Encoder.rtmpUrl(created.streamKey().value());
        List<Long> millis = new ArrayList<>();
        try {
            for (int i = 0; i < CYCLES; i++) {
                Process encoder = Encoder.publish(url, 60, "stop-cycles-");
                try {
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                            .until(() -> ivs.getStream(r -> r.channelArn(arn)).stream() != null);
                    long t0 = System.nanoTime();
                    ivs.stopStream(r -> r.channelArn(arn));
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    assertTrue(encoder.waitFor(10, TimeUnit.SECONDS), "ffmpeg is cut off by StopStream " + i);
                    assertThrows(ChannelNotBroadcastingException.class, () -> ivs.getStream(r -> r.channelArn(arn)));
                } finally {
                    encoder.destroyForcibly();
                }
            }
        } finally {
            ivs.deleteChannel(r -> r.arn(arn));
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long max = sorted.get(sorted.size() - 1);
        System.out.printf("StopStream over %d cycles: median %d ms, max %d ms%n", CYCLES, sorted.get(CYCLES / 2), max);
        assertTrue(max < 5_000, "every StopStream answers within 5 s, took " + millis);
    }
}
