package dev.openivs.stream.transcode;

import dev.openivs.stream.config.StreamConfig;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One ffmpeg process transcoding one stream into all its rungs at once: the stream goes in as FLV on stdin (a
 * bounded queue drained by a writer thread, so the event loop never blocks), each rung comes back as FLV over its
 * own loopback TCP connection (ffmpeg connects to a socket opened here for it) and is read by a thread of its own.
 * Keyframes are forced where the source has them and timestamps are copied, so every rung cuts its segments and
 * parts where the source does. libavcodec/libx264 do all codec work.
 */
final class TranscodeWorker {
    private static final Logger LOG = Logger.getLogger(TranscodeWorker.class);
    /** Largest tag read back (a keyframe of a transcoded rung is far below). */
    private static final int MAX_TAG = 8 << 20;
    private static final byte[] EOF = new byte[0];

    /** Where the rungs' tags go (called on the reader threads) and who hears of the end. */
    interface Output {
        void tag(int rung, FlvTags.Tag tag);

        /** The process ended or failed without {@link #stop} (crash, stall, input overflow): called once. */
        void failed(TranscodeWorker worker, String why);
    }

    private final String name;
    private final List<Rendition> rungs;
    private final Output output;
    private final int maxQueuedBytes;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean over = new AtomicBoolean();
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final long startedAt = System.currentTimeMillis();
    private volatile long lastOutputAt = startedAt;
    private volatile boolean draining;
    private final AtomicInteger openOutputs = new AtomicInteger();
    private final AtomicBoolean drainedOnce = new AtomicBoolean();
    private volatile Runnable drained;
    private Process process;

    private TranscodeWorker(String name, List<Rendition> rungs, Output output, int maxQueuedBytes) {
        this.name = name;
        this.rungs = rungs;
        this.output = output;
        this.maxQueuedBytes = maxQueuedBytes;
        this.openOutputs.set(rungs.size());
    }

    /** Starts ffmpeg for {@code rungs} (transcoded ones only); {@code audio}: the input has an audio track. */
    static TranscodeWorker start(String name, StreamConfig.Transcode config, List<Rendition> rungs, boolean audio,
            double inputFps, Output output) throws IOException {
        TranscodeWorker w = new TranscodeWorker(name, rungs, output, config.maxQueuedBytes());
        try {
            for (int i = 0; i < rungs.size(); i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setSoTimeout(15_000);
                w.servers.add(s);
            }
            List<String> cmd = w.command(config, audio, inputFps);
            LOG.debugf("transcoder %s: %s", name, String.join(" ", cmd));
            w.process = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            w.closeSockets();
            throw e;
        }
        w.threads();
        return w;
    }

    /** The ffmpeg command line: one FLV input on stdin, one FLV output per rung. */
    List<String> command(StreamConfig.Transcode config, boolean audio, double inputFps) {
        List<String> c = new ArrayList<>(List.of(config.ffmpeg(), "-hide_banner", "-loglevel", "error",
                "-probesize", "262144", "-analyzeduration", "1000000", "-f", "flv", "-i", "pipe:0", "-copyts"));
        for (int i = 0; i < rungs.size(); i++) {
            Rendition r = rungs.get(i);
            if (r.audioOnly()) {
                c.addAll(List.of("-map", "0:a:0", "-c:a", "aac", "-b:a", r.audioKbps() + "k"));
            } else {
                c.addAll(List.of("-map", "0:v:0"));
                if (audio) {
                    c.addAll(List.of("-map", "0:a:0"));
                    c.addAll(r.audioKbps() > 0 ? List.of("-c:a", "aac", "-b:a", r.audioKbps() + "k")
                            : List.of("-c:a", "copy"));
                }
                String filter = "scale=" + r.width() + ":" + r.height();
                if (inputFps > r.fps() + 1) {
                    filter += ",fps=" + r.fps();
                }
                c.addAll(List.of("-vf", filter, "-fps_mode", "passthrough", "-enc_time_base:v", "-1",
                        "-c:v", "libx264", "-preset", config.preset(), "-tune", "zerolatency",
                        "-profile:v", "main", "-level:v", Ladder.level(r), "-bf", "0",
                        "-b:v", r.videoKbps() + "k", "-maxrate", r.videoKbps() + "k",
                        "-bufsize", (2 * r.videoKbps()) + "k", "-force_key_frames", "source",
                        "-x264-params", "scenecut=0:keyint=infinite", "-pix_fmt", "yuv420p"));
                if (config.threads() > 0) {
                    c.addAll(List.of("-threads:v", String.valueOf(config.threads())));
                }
            }
            c.addAll(List.of("-f", "flv", "-flvflags", "no_duration_filesize",
                    "tcp://127.0.0.1:" + servers.get(i).getLocalPort()));
        }
        return c;
    }

    private void threads() {
        Thread writer = new Thread(this::write, "transcode-in-" + name);
        writer.setDaemon(true);
        writer.start();
        for (int i = 0; i < rungs.size(); i++) {
            int rung = i;
            Thread reader = new Thread(() -> read(rung), "transcode-out-" + name + "-" + rungs.get(i).name());
            reader.setDaemon(true);
            reader.start();
        }
        Thread err = new Thread(this::drainErrors, "transcode-err-" + name);
        err.setDaemon(true);
        err.start();
        process.onExit().thenRun(() -> {
            if (!draining) {
                fail("ffmpeg exited with " + process.exitValue());
            }
        });
    }

    /**
     * Queues an FLV tag (or the file header) for ffmpeg's stdin; false when the queue bound is reached (ffmpeg does
     * not keep up: the worker is failed).
     */
    boolean offer(byte[] bytes) {
        if (over.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(bytes.length) > maxQueuedBytes) {
            fail("input queue above " + maxQueuedBytes + " bytes (ffmpeg is not keeping up)");
            return false;
        }
        queue.add(bytes);
        return true;
    }

    /** Wall-clock ms of the newest tag read back (or of the start). */
    long lastOutputAt() {
        return lastOutputAt;
    }

    /** Whether any rendition tag came back yet. */
    boolean producedOutput() {
        return lastOutputAt != startedAt;
    }

    /** The ffmpeg process (tests kill it to prove the supervision). */
    Process process() {
        return process;
    }

    /**
     * The stream ended: ffmpeg gets the end of its input after what is queued, encodes what it holds and closes its
     * outputs, whose last tags still go to {@link Output#tag}; then (or after {@code timeoutMs}, when the process is
     * ended) {@code done} runs, on a worker thread. No failure is reported.
     */
    void drain(long timeoutMs, Runnable done) {
        drained = done;
        draining = true;
        if (over.get()) {
            drained();
            return;
        }
        queue.add(EOF); // after every queued tag; the writer then closes ffmpeg's stdin
        CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS).execute(() -> {
            stop();
            drained();
        });
    }

    private void drained() {
        Runnable r = drained;
        if (r != null && drainedOnce.compareAndSet(false, true)) {
            r.run();
        }
    }

    /** Ends the process and its threads without reporting a failure. */
    void stop() {
        if (over.compareAndSet(false, true)) {
            shutdown();
        }
    }

    private void fail(String why) {
        if (draining) {
            stop();
            drained();
            return;
        }
        if (over.compareAndSet(false, true)) {
            String err;
            synchronized (stderr) {
                err = stderr.toString().strip();
            }
            LOG.warnf("transcoder %s failed: %s%s", name, why, err.isEmpty() ? "" : " (ffmpeg: " + err + ")");
            shutdown();
            output.failed(this, why);
        }
    }

    private void shutdown() {
        queue.clear();
        queue.add(EOF);
        process.destroyForcibly();
        closeSockets();
    }

    private void closeSockets() {
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    private void write() {
        try (OutputStream in = process.getOutputStream()) {
            while (true) {
                byte[] b = queue.poll(1, TimeUnit.SECONDS);
                if (b == EOF || over.get()) {
                    return;
                }
                if (b == null) {
                    continue;
                }
                queuedBytes.addAndGet(-b.length);
                in.write(b);
                if (queue.isEmpty()) {
                    in.flush();
                }
            }
        } catch (IOException e) {
            fail("writing to ffmpeg: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(int rung) {
        try (Socket s = servers.get(rung).accept()) {
            synchronized (sockets) {
                sockets.add(s);
            }
            if (over.get()) {
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
            FlvTags.readHeader(in);
            FlvTags.Tag tag;
            while ((tag = FlvTags.read(in, MAX_TAG)) != null) {
                lastOutputAt = System.currentTimeMillis();
                output.tag(rung, tag);
            }
            if (draining) {
                if (openOutputs.decrementAndGet() == 0) { // every rendition flushed: ffmpeg is done
                    stop();
                    drained();
                }
                return;
            }
            fail("rendition " + rungs.get(rung).name() + " output ended");
        } catch (IOException e) {
            if (!over.get()) {
                fail("reading rendition " + rungs.get(rung).name() + ": " + e.getMessage());
            }
        }
    }

    private void drainErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    if (stderr.length() < 2000) {
                        stderr.append(line).append(' ');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }
}
