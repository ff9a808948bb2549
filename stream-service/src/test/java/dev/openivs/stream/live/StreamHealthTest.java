package dev.openivs.stream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health from the media arriving, evaluated once a second as StreamSupervisor does, on simulated arrivals. */
class StreamHealthTest {
    private static final StreamHealth HEALTH = new StreamHealth(3000, 1500);

    /** An encoder at 30 fps with AAC at 44.1 kHz; {@code bytesPerFrame} sets its bitrate. */
    private static final class Encoder {
        final IngestStats stats = new IngestStats(5);
        final List<String> states = new ArrayList<>();
        final long publishedAt;
        String health = StreamHealth.UNKNOWN;
        long mediaMs;
        long audioMs;
        long wall;

        Encoder(long publishedAt) {
            this.publishedAt = publishedAt;
            this.wall = publishedAt;
        }

        /** Sends {@code mediaMillis} of media spread over {@code wallMillis}, evaluating health on each whole second. */
        void send(long mediaMillis, long wallMillis, int bytesPerFrame) {
            long frames = mediaMillis / 33;
            long start = wall;
            for (long i = 0; i < frames; i++) {
                long at = start + i * wallMillis / frames;
                advanceTo(at);
                stats.video(bytesPerFrame, true, i % 60 == 0, mediaMs, at);
                while (audioMs <= mediaMs) {
                    stats.audio(200, at);
                    audioMs += 23;
                }
                mediaMs += 33;
            }
            advanceTo(start + wallMillis);
        }

        void pause(long wallMillis) {
            advanceTo(wall + wallMillis);
        }

        private void advanceTo(long at) {
            for (long s = (wall / 1000 + 1) * 1000; s <= at; s += 1000) {
                String next = HEALTH.evaluate(stats, publishedAt, health, s);
                if (!next.equals(health)) {
                    states.add(next);
                }
                health = next;
            }
            wall = at;
        }
    }

    @Test
    void shouldNotCountAPartialFirstSecondAsAFullOne() {
        // media starts late in a wall-clock second (the checks run on whole seconds): no false Starvation pair
        for (long offset = 0; offset < 1000; offset += 50) {
            Encoder e = new Encoder(1_700_000_000_000L + offset);
            e.send(8000, 8000, 4000);
            assertEquals(List.of(StreamHealth.HEALTHY), e.states, "media starting " + offset + " ms into a second");
        }
    }

    @Test
    void shouldStayHealthyWhenTheEncoderSendsFarBelowItsDeclaredBitrate() {
        Encoder e = new Encoder(1_700_000_000_400L);
        e.send(10_000, 10_000, 100); // 24 kbit/s of video at 30 fps in real time
        assertEquals(List.of(StreamHealth.HEALTHY), e.states);
        assertTrue(e.stats.videoBitrate(e.wall) < 30_000, "bitrate " + e.stats.videoBitrate(e.wall));
    }

    @Test
    void shouldStarveWhenMediaArrivesSlowerThanRealTimeAndRecoverWhenItCatchesUp() {
        Encoder e = new Encoder(1_700_000_000_000L);
        e.send(4000, 4000, 4000);
        e.send(4000, 8000, 4000); // half speed
        assertEquals(List.of(StreamHealth.HEALTHY, StreamHealth.STARVING), e.states);
        e.send(8000, 6000, 4000); // catches up
        assertEquals(List.of(StreamHealth.HEALTHY, StreamHealth.STARVING, StreamHealth.HEALTHY), e.states);
    }

    @Test
    void shouldNotStarveOnAHiccupAtTheStart() {
        // the encoder sends a little, stalls for most of a second (encoder start, machine load), then keeps up
        Encoder e = new Encoder(1_700_000_000_700L);
        e.send(300, 300, 4000);
        e.pause(700);
        e.send(8000, 8000, 4000);
        assertEquals(List.of(StreamHealth.HEALTHY), e.states);
    }

    @Test
    void shouldStarveWhenMediaStopsAndRecoverWhenItResumes() {
        Encoder e = new Encoder(1_700_000_000_300L);
        e.send(4000, 4000, 4000);
        e.pause(4000);
        assertEquals(List.of(StreamHealth.HEALTHY, StreamHealth.STARVING), e.states);
        e.send(4000, 1000, 4000); // the encoder sends what it held back
        e.send(3000, 3000, 4000);
        assertEquals(List.of(StreamHealth.HEALTHY, StreamHealth.STARVING, StreamHealth.HEALTHY), e.states);
    }

    @Test
    void shouldMeasureRatesOverTheTimeTheyCover() {
        IngestStats stats = new IngestStats(5);
        long t0 = 10_900;
        for (int i = 0; i < 30; i++) {
            stats.video(1000, true, false, i * 33L, t0 + i * 33L);
        }
        long now = t0 + 1000;
        assertEquals(1, stats.measuredSeconds(now));
        assertEquals(30, stats.frameRate(now), 1.0);
        assertEquals(240_000, stats.videoBitrate(now), 10_000);
        assertEquals(0, stats.mediaLag(now), 50);
    }
}
