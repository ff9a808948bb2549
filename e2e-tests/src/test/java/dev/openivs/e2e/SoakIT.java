package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.GetStreamResponse;

/**
 * A messy mixed run on the stream-service of the suite: per channel, publishers stopped with StopStream, killed
 * with SIGKILL and reconnected at once, frozen with SIGSTOP and taken over, audio-only (refused), video-only, over
 * RTMP and RTMPS, while GetStream polls and PutMetadata bursts run beside them. Every StopStream, GetStream and
 * PutMetadata is timed: none may answer 5xx or fail to answer, and each operation's p99 stays under 1 s.
 *
 * <p>Length: {@code IVS_SOAK_SECONDS} (default 180, the CI run); the README's 10-minute benchmark sets 600.
 */
class SoakIT {
    private static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("IVS_SOAK_SECONDS", "180"));
    private static final int CHANNELS = 3;
    private static final String[] SCENARIOS = {"stop", "sigkill-reconnect", "sigstop-takeover", "audio-only",
        "video-only", "rtmps"};
    private static final String[] VIDEO = {"-re", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=15"};
    private static final String[] AUDIO = {"-re", "-f", "lavfi", "-i", "sine"};
    private static final String[] X264 = {"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g",
        "30", "-pix_fmt", "yuv420p"};

    /** Retries off: every answer is seen as sent (a 429 is counted as an outcome, not retried). */
    private final IvsClient ivs = Suite.client(Suite.KEY_A, Suite.SECRET_A);
    /** Client-side pacing under the AWS quota (5 TPS per account and operation), so calls are rarely throttled. */
    private static final long SPACING_NANOS = 250_000_000L;
    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    @BeforeAll
    static void needsFfmpeg() {
        Encoder.assumeInstalled(false);
    }

    /** Runs one timed API call; an error status is an outcome, a 5xx or no answer a failure. */
    private void pace(String operation) {
        long wait;
        synchronized (nextSlot) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot.getOrDefault(operation, now));
            nextSlot.put(operation, slot + SPACING_NANOS);
            wait = slot - now;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T call(String operation, Supplier<T> request) {
        pace(operation);
        long t0 = System.nanoTime();
        String outcome = "200";
        try {
            return request.get();
        } catch (AwsServiceException e) {
            outcome = e.statusCode() + " " + e.awsErrorDetails().errorCode();
            if (e.statusCode() >= 500) {
                failures.add(operation + ": " + outcome + " " + e.getMessage());
            }
            return null;
        } catch (SdkClientException e) {
            outcome = "no answer";
            failures.add(operation + ": no answer: " + e.getMessage());
            return null;
        } finally {
            latencies.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>())
                    .add((System.nanoTime() - t0) / 1_000_000);
            outcomes.merge(operation + " " + outcome, 1, Integer::sum);
        }
    }

    private String liveStreamId(String arn) {
        GetStreamResponse r = call("GetStream", () -> ivs.getStream(b -> b.channelArn(arn)));
        return r == null || r.stream() == null ? null : r.stream().streamId();
    }

    /** Waits until the channel is live with a stream other than {@code previous}; its id, or null. */
    private String awaitLive(String arn, String previous, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String id = liveStreamId(arn);
            if (id != null && !id.equals(previous)) {
                return id;
            }
            Thread.sleep(300);
        }
        return null;
    }

    private void stopStream(String arn) {
        call("StopStream", () -> ivs.stopStream(b -> b.channelArn(arn)));
    }

    private static Process publish(String url, boolean video, boolean audio) throws Exception {
        List<String> args = new ArrayList<>();
        if (video) {
            args.addAll(List.of(VIDEO));
        }
        if (audio) {
            args.addAll(List.of(AUDIO));
        }
        if (video) {
            args.addAll(List.of(X264));
        }
        if (audio) {
            args.addAll(List.of("-c:a", "aac", "-ac", "1"));
        }
        args.addAll(List.of("-t", "120", "-f", "flv", url));
        return Encoder.ffmpeg("soak-", args.toArray(String[]::new));
    }

    private static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    private void expect(boolean condition, String what) {
        if (!condition) {
            failures.add(what);
        }
    }

    /** One channel's life: the scenarios in turn, each ending with the channel offline. */
    private void channelLoop(String arn, String key, int offset, long deadline) throws Exception {
        String rtmp = Encoder.rtmpUrl(key);
        Random random = new Random(offset);
        for (int i = offset; running && System.currentTimeMillis() < deadline; i++) {
            List<Process> encoders = new ArrayList<>();
            outcomes.merge("scenario " + SCENARIOS[i % SCENARIOS.length], 1, Integer::sum);
            try {
                switch (i % SCENARIOS.length) {
                    case 0 -> { // publish, StopStream
                        encoders.add(publish(rtmp, true, true));
                        expect(awaitLive(arn, null, Duration.ofSeconds(20)) != null, "live (stop) " + arn);
                        Thread.sleep(1000 + random.nextInt(3000));
                        stopStream(arn);
                        expect(encoders.get(0).waitFor(10, TimeUnit.SECONDS), "ffmpeg cut off by StopStream");
                    }
                    case 1 -> { // SIGKILL and a quick reconnect
                        encoders.add(publish(rtmp, true, true));
                        String first = awaitLive(arn, null, Duration.ofSeconds(20));
                        Thread.sleep(random.nextInt(3000));
                        encoders.get(0).destroyForcibly();
                        encoders.add(publish(rtmp, true, true));
                        String second = awaitLive(arn, first, Duration.ofSeconds(20));
                        for (int retry = 0; second == null && retry < 3; retry++) {
                            encoders.add(publish(rtmp, true, true)); // refused while the old one was live
                            second = awaitLive(arn, first, Duration.ofSeconds(10));
                        }
                        expect(second != null, "reconnect after SIGKILL goes live " + arn);
                        stopStream(arn);
                    }
                    case 2 -> { // SIGSTOP: the frozen publisher is taken over
                        encoders.add(publish(rtmp, true, true));
                        String frozen = awaitLive(arn, null, Duration.ofSeconds(20));
                        Thread.sleep(1000);
                        signal(encoders.get(0), "STOP");
                        String next = null;
                        long until = System.currentTimeMillis() + 40_000;
                        while (next == null && System.currentTimeMillis() < until) {
                            encoders.add(publish(rtmp, true, true));
                            next = awaitLive(arn, frozen, Duration.ofSeconds(6));
                        }
                        expect(next != null, "a publisher takes over the frozen one " + arn);
                        signal(encoders.get(0), "CONT");
                        stopStream(arn);
                    }
                    case 3 -> { // audio-only: refused
                        encoders.add(publish(rtmp, false, true));
                        expect(encoders.get(0).waitFor(15, TimeUnit.SECONDS), "audio-only publish ended");
                    }
                    case 4 -> { // video-only
                        encoders.add(publish(rtmp, true, false));
                        expect(awaitLive(arn, null, Duration.ofSeconds(20)) != null, "video-only live " + arn);
                        Thread.sleep(1000 + random.nextInt(3000));
                        stopStream(arn);
                    }
                    default -> { // RTMPS
                        encoders.add(publish(Encoder.rtmpsUrl(key), true, true));
                        expect(awaitLive(arn, null, Duration.ofSeconds(20)) != null, "RTMPS live " + arn);
                        Thread.sleep(1000 + random.nextInt(3000));
                        stopStream(arn);
                    }
                }
            } finally {
                for (Process p : encoders) {
                    signal(p, "CONT");
                    p.destroyForcibly();
                }
            }
            // offline again before the next scenario (a killed session ends at once, StopStream too)
            long until = System.currentTimeMillis() + 20_000;
            while (liveStreamId(arn) != null && System.currentTimeMillis() < until) {
                Thread.sleep(250);
            }
        }
    }

    /** GetStream polls and PutMetadata bursts on random channels while the publishers come and go. */
    private void apiLoop(List<String> arns) throws InterruptedException {
        Random random = new Random(7);
        int tick = 0;
        while (running) {
            String arn = arns.get(random.nextInt(arns.size()));
            liveStreamId(arn);
            if (++tick % 10 == 0) {
                for (int i = 0; i < 3; i++) {
                    String payload = "{\"soak\":" + tick + ",\"i\":" + i + "}";
                    call("PutMetadata", () -> ivs.putMetadata(b -> b.channelArn(arn).metadata(payload)));
                }
            }
            Thread.sleep(500);
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    @Test
    void shouldKeepAnsweringThroughAMessyMixedRun() throws Exception {
        List<String> arns = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            CreateChannelResponse c = ivs.createChannel(r -> r.name("soak").insecureIngest(true)
                    .latencyMode("NORMAL"));
            arns.add(c.channel().arn());
            keys.add(c.streamKey().value());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CHANNELS + 1);
        try {
            long deadline = System.currentTimeMillis() + SECONDS * 1000L;
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) {
                int n = i;
                loops.add(pool.submit(() -> {
                    channelLoop(arns.get(n), keys.get(n), n * 2, deadline);
                    return null;
                }));
            }
            Future<?> api = pool.submit(() -> {
                apiLoop(arns);
                return null;
            });
            for (Future<?> loop : loops) {
                loop.get(SECONDS + 180, TimeUnit.SECONDS);
            }
            running = false;
            api.get(30, TimeUnit.SECONDS);

            // after the run: every channel offline, the three operations answer as for an offline channel
            for (String arn : arns) {
                stopStream(arn);
                long until = System.currentTimeMillis() + 30_000;
                while (liveStreamId(arn) != null && System.currentTimeMillis() < until) {
                    Thread.sleep(250);
                }
                expect(liveStreamId(arn) == null, "offline after the run " + arn);
                call("PutMetadata", () -> ivs.putMetadata(b -> b.channelArn(arn).metadata("after")));
            }
        } finally {
            running = false;
            pool.shutdownNow();
            for (String arn : arns) {
                call("DeleteChannel", () -> ivs.deleteChannel(r -> r.arn(arn)));
            }
        }
        Map<String, Long> p99 = new TreeMap<>();
        for (var e : latencies.entrySet()) {
            List<Long> sorted = new ArrayList<>(e.getValue());
            Collections.sort(sorted);
            p99.put(e.getKey(), percentile(sorted, 0.99));
            System.out.printf("soak %ds: %-12s n=%5d p50=%5d ms p99=%5d ms max=%5d ms%n", SECONDS, e.getKey(),
                    sorted.size(), percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
        }
        System.out.println("soak outcomes: " + new TreeMap<>(outcomes));
        assertEquals(List.of(), List.copyOf(failures), "no 5xx, no unanswered call, every scenario as expected");
        for (String op : List.of("StopStream", "GetStream", "PutMetadata")) {
            assertTrue(p99.containsKey(op), op + " was called");
            assertTrue(p99.get(op) < 1000, op + " p99 " + p99.get(op) + " ms < 1 s");
        }
    }
}
