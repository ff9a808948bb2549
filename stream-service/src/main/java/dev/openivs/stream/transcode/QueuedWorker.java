package dev.openivs.stream.transcode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What both kinds of {@link TranscodeWorker} share: the bounded input queue (the event loop never blocks on the
 * transcoder; {@code offer} only adds), the writer loop that drains it, and the once-only end (stop, failure, or
 * drain then done). Subclasses say where the bytes go and how the worker is torn down.
 */
abstract class QueuedWorker implements TranscodeWorker {
    private static final Logger LOG = Logger.getLogger(QueuedWorker.class);
    /** Queued after every input tag: the writer then ends the transcoder's input. */
    private static final byte[] EOF = new byte[0];

    protected final String name;
    protected final Output output;
    private final int maxQueuedBytes;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean over = new AtomicBoolean();
    private final long startedAt = System.currentTimeMillis();
    private volatile long lastOutputAt = startedAt;
    private volatile boolean draining;
    private final AtomicBoolean drainedOnce = new AtomicBoolean();
    private volatile Runnable drained;

    protected QueuedWorker(String name, Output output, int maxQueuedBytes) {
        this.name = name;
        this.output = output;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Tears the transcoder down (process, sockets): called once, when the worker is over. */
    protected abstract void shutdown();

    /** What the transcoder said about a failure (its stderr), or "". */
    protected String diagnostics() {
        return "";
    }

    @Override
    public boolean offer(byte[] bytes) {
        if (over.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(bytes.length) > maxQueuedBytes) {
            fail("input queue above " + maxQueuedBytes + " bytes (the transcoder is not keeping up)");
            return false;
        }
        queue.add(bytes);
        return true;
    }

    @Override
    public long lastOutputAt() {
        return lastOutputAt;
    }

    @Override
    public boolean producedOutput() {
        return lastOutputAt != startedAt;
    }

    /** A rendition tag came back. */
    protected void received() {
        lastOutputAt = System.currentTimeMillis();
    }

    protected boolean over() {
        return over.get();
    }

    protected boolean draining() {
        return draining;
    }

    @Override
    public void drain(long timeoutMs, Runnable done) {
        drained = done;
        draining = true;
        if (over.get()) {
            drained();
            return;
        }
        queue.add(EOF); // after every queued tag
        CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS).execute(() -> {
            stop();
            drained();
        });
    }

    /** The transcoder flushed every rendition after the end of its input: the drain is complete. */
    protected void drained() {
        Runnable r = drained;
        if (r != null && drainedOnce.compareAndSet(false, true)) {
            r.run();
        }
    }

    @Override
    public void stop() {
        if (over.compareAndSet(false, true)) {
            end();
        }
    }

    /** The transcoder failed: reported once (or, while draining, the drain simply completes). */
    protected void fail(String why) {
        if (draining) {
            stop();
            drained();
            return;
        }
        if (over.compareAndSet(false, true)) {
            String err = diagnostics();
            LOG.warnf("transcoder %s failed: %s%s", name, why, err.isEmpty() ? "" : " (ffmpeg: " + err + ")");
            end();
            output.failed(this, why);
        }
    }

    private void end() {
        queue.clear();
        queue.add(EOF);
        shutdown();
    }

    /**
     * Writes the queue to {@code out} until the end of the input (returns normally: the caller ends the input) or
     * the end of the worker; a write error fails the worker.
     */
    protected void writeQueue(OutputStream out) {
        try {
            while (true) {
                byte[] b = queue.poll(1, TimeUnit.SECONDS);
                if (b == EOF || over.get()) {
                    return;
                }
                if (b == null) {
                    continue;
                }
                queuedBytes.addAndGet(-b.length);
                out.write(b);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            fail("writing to the transcoder: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a daemon thread. */
    protected static void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
