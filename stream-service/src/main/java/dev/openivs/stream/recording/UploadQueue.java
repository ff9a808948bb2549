package dev.openivs.stream.recording;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The ordered work of one recording (uploads, thumbnails, its events), run one step at a time on shared worker
 * threads, never on an event loop. A failing step is retried with exponential backoff and nothing behind it runs
 * before it succeeded, so no segment is skipped. The queue is bounded in bytes; when it overflows, or a step has
 * kept failing for {@code giveUpAfter}, the queue stops (everything queued is discarded) and {@code onGiveUp} is
 * told why, once: the recording then ends with a failure instead of silently missing media.
 */
final class UploadQueue {
    private static final Logger LOG = Logger.getLogger(UploadQueue.class);

    interface Step {
        void run() throws Exception;
    }

    /** {@code retry = false}: a failure is logged and the step skipped (thumbnails: best effort). */
    record Task(String what, long bytes, boolean retry, Step step) {
    }

    private final String name;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final RecordingSettings settings;
    private final Consumer<String> onGiveUp;
    private final AtomicLong totalQueued;
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private long queuedBytes;
    private boolean running;
    private boolean stopped;
    private int attempts;
    private long failingSince;

    /** @param totalQueued bytes waiting in all queues of the replica (bounded by {@code maxQueuedBytesTotal}) */
    UploadQueue(String name, Executor executor, ScheduledExecutorService scheduler, RecordingSettings settings,
            AtomicLong totalQueued, Consumer<String> onGiveUp) {
        this.totalQueued = totalQueued;
        this.name = name;
        this.executor = executor;
        this.scheduler = scheduler;
        this.settings = settings;
        this.onGiveUp = onGiveUp;
    }

    /** Queues a step; false when the queue has stopped (or stops now because the step would overflow it). */
    boolean submit(Task task) {
        synchronized (this) {
            if (stopped) {
                return false;
            }
            if (queuedBytes + task.bytes() > settings.maxQueuedBytes()
                    || totalQueued.get() + task.bytes() > settings.maxQueuedBytesTotal()) {
                stopLocked();
            } else {
                tasks.add(task);
                queuedBytes += task.bytes();
                totalQueued.addAndGet(task.bytes());
                if (!running) {
                    running = true;
                    executor.execute(this::drain);
                }
                return true;
            }
        }
        giveUp("upload queue full (" + queuedBytes() + " bytes of this recording waiting, " + totalQueued.get()
                + " of all; bounds " + settings.maxQueuedBytes() + " / " + settings.maxQueuedBytesTotal() + ")");
        return false;
    }

    synchronized boolean stopped() {
        return stopped;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Stops without telling anyone (the owner already knows why). */
    void abandon() {
        synchronized (this) {
            stopLocked();
        }
    }

    private void stopLocked() {
        stopped = true;
        tasks.clear();
        totalQueued.addAndGet(-queuedBytes);
        queuedBytes = 0;
    }

    private void drain() {
        while (true) {
            Task task;
            synchronized (this) {
                task = tasks.peek();
                if (stopped || task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.step().run();
            } catch (Exception e) {
                if (task.retry()) {
                    retryLater(task, e); // the scheduled retry (or nobody, after giving up) continues the drain
                    return;
                }
                LOG.warnf("%s: %s failed, skipped: %s", name, task.what(), e.toString());
            }
            synchronized (this) {
                if (tasks.peek() == task) {
                    tasks.poll();
                    queuedBytes -= task.bytes();
                    totalQueued.addAndGet(-task.bytes());
                }
                attempts = 0;
            }
        }
    }

    /** Schedules the retry of the head task, or gives up. */
    private void retryLater(Task task, Exception e) {
        long now = System.nanoTime();
        long delayMs;
        synchronized (this) {
            if (attempts++ == 0) {
                failingSince = now;
            }
            if (now - failingSince >= settings.giveUpAfter().toNanos()) {
                stopLocked();
                running = false;
                delayMs = -1;
            } else {
                delayMs = Math.min(settings.retryMax().toMillis(),
                        settings.retryInitial().toMillis() << Math.min(20, attempts - 1));
            }
        }
        if (delayMs < 0) {
            giveUp(task.what() + " kept failing for " + settings.giveUpAfter().toSeconds() + " s: " + e);
            return;
        }
        LOG.infof("%s: %s failed (attempt %d), retry in %d ms: %s", name, task.what(), attempts, delayMs,
                e.toString());
        scheduler.schedule(() -> executor.execute(this::drain), delayMs, TimeUnit.MILLISECONDS);
    }

    private void giveUp(String reason) {
        LOG.warnf("%s: giving up: %s", name, reason);
        executor.execute(() -> onGiveUp.accept(reason));
    }
}
