package dev.openivs.stream.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UploadQueueTest {
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private static RecordingSettings settings(long maxBytes, Duration giveUp) {
        return new RecordingSettings() {
            public boolean enabled() {
                return true;
            }

            public int uploadThreads() {
                return 2;
            }

            public long maxQueuedBytes() {
                return maxBytes;
            }

            public long maxQueuedBytesTotal() {
                return 2 * maxBytes;
            }

            public Duration retryInitial() {
                return Duration.ofMillis(10);
            }

            public Duration retryMax() {
                return Duration.ofMillis(80);
            }

            public Duration giveUpAfter() {
                return giveUp;
            }

            public String ffmpeg() {
                return "ffmpeg";
            }

            public Duration thumbnailTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }

    @Test
    void shouldRunStepsInOrderAndRetryAFailingOneBeforeAnythingBehindIt() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(3);
        CountDownLatch all = new CountDownLatch(1);
        UploadQueue q = new UploadQueue("t", workers, timer, settings(1 << 20, Duration.ofSeconds(10)),
                new AtomicLong(), reason -> done.add("gave up"));
        for (int i = 0; i < 20; i++) {
            int n = i;
            assertTrue(q.submit(new UploadQueue.Task("s" + n, 100, true, () -> {
                if (n == 5 && failures.getAndDecrement() > 0) {
                    throw new IOException("store hiccup");
                }
                done.add("s" + n);
            })));
        }
        q.submit(new UploadQueue.Task("last", 0, true, all::countDown));
        assertTrue(all.await(10, TimeUnit.SECONDS));
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("s" + i);
        }
        assertEquals(expected, done, "every step once, in order, the failing one retried in place");
        assertEquals(-1, failures.get());
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void shouldGiveUpOnceWhenTheStoreKeepsFailingAndDropNothingSilently() throws Exception {
        AtomicReference<String> reason = new AtomicReference<>();
        CountDownLatch gaveUp = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        UploadQueue q = new UploadQueue("t", workers, timer, settings(1 << 20, Duration.ofMillis(300)), new AtomicLong(), r -> {
            reason.set(r);
            gaveUp.countDown();
        });
        List<String> ran = new CopyOnWriteArrayList<>();
        q.submit(new UploadQueue.Task("segment 0", 10, true, () -> {
            attempts.incrementAndGet();
            throw new IOException("connection refused");
        }));
        q.submit(new UploadQueue.Task("segment 1", 10, true, () -> ran.add("segment 1")));
        assertTrue(gaveUp.await(10, TimeUnit.SECONDS));
        assertTrue(reason.get().contains("segment 0 kept failing"), reason.get());
        assertTrue(attempts.get() >= 3, "retried with backoff: " + attempts.get());
        assertEquals(List.of(), ran, "nothing behind the failing segment ran");
        assertTrue(q.stopped());
        assertFalse(q.submit(new UploadQueue.Task("segment 2", 10, true, () -> ran.add("segment 2"))));
    }

    @Test
    void shouldBoundTheBytesOfAllRecordingsTogether() throws Exception {
        AtomicLong total = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> reason = new AtomicReference<>();
        RecordingSettings s = settings(1500, Duration.ofSeconds(10)); // 3000 in all
        UploadQueue a = new UploadQueue("a", workers, timer, s, total, r -> { });
        UploadQueue b = new UploadQueue("b", workers, timer, s, total, r -> { });
        UploadQueue c = new UploadQueue("c", workers, timer, s, total, reason::set);
        assertTrue(a.submit(new UploadQueue.Task("a1", 1400, true, release::await)));
        assertTrue(b.submit(new UploadQueue.Task("b1", 1400, true, release::await)));
        assertTrue(c.submit(new UploadQueue.Task("c1", 100, true, release::await)));
        assertEquals(2900, total.get());
        assertFalse(c.submit(new UploadQueue.Task("c2", 200, true, () -> { })),
                "c stays within its own bound but all together would pass theirs");
        assertEquals(2800, total.get(), "a stopped queue gives its bytes back");
        release.countDown();
        await(() -> total.get() == 0);
        await(() -> reason.get() != null); // the stop is reported off the submitting thread
        assertTrue(reason.get().startsWith("upload queue full"), String.valueOf(reason.get()));
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertTrue(done.getAsBoolean());
    }

    @Test
    void shouldStopAndReportWhenTheQueueWouldOverflow() throws Exception {
        AtomicReference<String> reason = new AtomicReference<>();
        CountDownLatch gaveUp = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UploadQueue q = new UploadQueue("t", workers, timer, settings(1000, Duration.ofSeconds(10)), new AtomicLong(), r -> {
            reason.set(r);
            gaveUp.countDown();
        });
        assertTrue(q.submit(new UploadQueue.Task("slow", 400, true, release::await)));
        assertTrue(q.submit(new UploadQueue.Task("b", 400, true, () -> { })));
        assertFalse(q.submit(new UploadQueue.Task("c", 400, true, () -> { })));
        assertTrue(gaveUp.await(5, TimeUnit.SECONDS));
        assertTrue(reason.get().startsWith("upload queue full"), reason.get());
        release.countDown();
    }
}
