package dev.openivs.stream.transcode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The transcoder deployment: accepts {@link TranscodeProtocol} connections from stream-service replicas and runs
 * one {@link FfmpegWorker} per connection, sending each rung's tags back on it. Stateless (a stream's transcode is
 * its connection), so it scales apart from ingest behind a plain Kubernetes Service (one connection per stream,
 * spread over the pods) with an HPA on CPU. Holds at most {@code capacity} transcodes; one more is answered BUSY.
 * Bad or foreign bytes on the port get an ERROR line and the connection closed; nothing is started for them.
 *
 * <p>Run as a plain Java program from stream-service's jars (no Quarkus, no database, no Kafka):
 * {@code java -cp 'quarkus-app/app/*:quarkus-app/lib/main/*' dev.openivs.stream.transcode.TranscodeServer}, with
 * env IVS_TRANSCODER_PORT (7070), IVS_TRANSCODER_BIND (0.0.0.0), IVS_TRANSCODE_CAPACITY (4), IVS_FFMPEG (ffmpeg),
 * IVS_TRANSCODE_MAX_QUEUED_BYTES (8 MiB).
 */
public final class TranscodeServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TranscodeServer.class);
    /** After the end of its input, the longest a transcode may take to flush its rungs. */
    private static final long DRAIN_MS = 5_000;
    private static final int HEADER_TIMEOUT_MS = 10_000;

    private final ServerSocket server;
    private final Settings settings;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<FfmpegWorker> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The server's own settings; the preset and threads come with each request. */
    public record Settings(String ffmpeg, int capacity, int maxQueuedBytes) {
    }

    private TranscodeServer(ServerSocket server, Settings settings) {
        this.server = server;
        this.settings = settings;
    }

    /** Listens on {@code bind:port} (port 0: a free one) and accepts on a thread of its own. */
    public static TranscodeServer start(String bind, int port, Settings settings) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 64);
        TranscodeServer t = new TranscodeServer(s, settings);
        QueuedWorker.thread("transcoder-accept", t::accept);
        LOG.infof("transcoder listening on %s:%d (capacity %d)", bind, t.port(), settings.capacity());
        return t;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Transcodes running now. */
    public int active() {
        return active.get();
    }

    /** The ffmpeg processes of the running transcodes (tests kill one to prove the supervision). */
    public List<Process> processes() {
        return workers.stream().map(FfmpegWorker::process).toList();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        workers.forEach(FfmpegWorker::stop);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                QueuedWorker.thread("transcoder-conn", () -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("transcoder accept: %s", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HEADER_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 65536));
            TranscodeProtocol.Request request;
            try {
                request = TranscodeProtocol.readHeader(in);
            } catch (IOException e) {
                answer(out, "ERROR " + e.getMessage());
                return;
            }
            if (active.incrementAndGet() > settings.capacity()) {
                active.decrementAndGet();
                answer(out, "BUSY " + Transcoder.CAPACITY_EXCEEDED);
                return;
            }
            try {
                transcode(socket, in, out, request);
            } finally {
                active.decrementAndGet();
            }
        } catch (IOException e) {
            LOG.debugf("transcoder connection: %s", e.getMessage());
        }
    }

    private static void answer(DataOutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void transcode(Socket socket, InputStream in, DataOutputStream out, TranscodeProtocol.Request r)
            throws IOException {
        CountDownLatch over = new CountDownLatch(1);
        TranscodeWorker.Output sender = new TranscodeWorker.Output() {
            @Override
            public void tag(int rung, FlvTags.Tag tag) {
                try {
                    synchronized (out) {
                        TranscodeProtocol.writeFrame(out, rung, tag);
                        out.flush();
                    }
                } catch (IOException e) {
                    end(); // the client is gone
                }
            }

            @Override
            public void failed(TranscodeWorker worker, String why) {
                end(); // closing the connection tells the client
            }

            private void end() {
                over.countDown();
                try {
                    socket.close(); // also wakes the read of the input below
                } catch (IOException ignored) {
                    // closing
                }
            }
        };
        FfmpegWorker worker = FfmpegWorker.start(r.stream(), new FfmpegWorker.Settings(settings.ffmpeg(), r.preset(),
                r.threads(), settings.maxQueuedBytes()), r.rungs(), r.audio(),
                r.inputFps(), sender);
        workers.add(worker);
        try {
            answer(out, "OK");
            LOG.infof("transcoding %s into %s", r.stream(), r.rungs().stream().map(Rendition::name).toList());
            socket.setSoTimeout(0);
            byte[] buf = new byte[65536];
            int n;
            while (over.getCount() > 0 && (n = in.read(buf)) >= 0) {
                if (!worker.offer(Arrays.copyOf(buf, n))) {
                    return; // ffmpeg fell behind or failed: closing tells the client
                }
            }
            if (over.getCount() == 0) {
                return;
            }
            // the end of the input: ffmpeg flushes every rung, then DONE
            worker.drain(DRAIN_MS, over::countDown);
            over.await();
            synchronized (out) {
                out.writeByte(TranscodeProtocol.DONE);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            worker.stop();
            workers.remove(worker);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(env("IVS_FFMPEG", "ffmpeg"),
                Integer.parseInt(env("IVS_TRANSCODE_CAPACITY", "4")),
                Integer.parseInt(env("IVS_TRANSCODE_MAX_QUEUED_BYTES", String.valueOf(8 << 20))));
        TranscodeServer server = start(env("IVS_TRANSCODER_BIND", "0.0.0.0"),
                Integer.parseInt(env("IVS_TRANSCODER_PORT", "7070")), settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
