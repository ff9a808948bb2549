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
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One ffmpeg process on this host transcoding one stream into all its rungs at once: the stream goes in as FLV on
 * stdin (the bounded queue of {@link QueuedWorker}, drained by a writer thread, so the event loop never blocks), each
 * rung comes back as FLV over its own loopback TCP connection (ffmpeg connects to a socket opened here for it) and is
 * read by a thread of its own. Keyframes are forced where the source has them and timestamps are copied, so every
 * rung cuts its segments and parts where the source does. libavcodec/libx264 do all codec work. Runs in
 * stream-service (the in-process default) and in the transcoder deployment ({@link TranscodeServer}).
 */
final class FfmpegWorker extends QueuedWorker {
    private static final Logger LOG = Logger.getLogger(FfmpegWorker.class);
    /** Largest tag read back (a keyframe of a transcoded rung is far below). */
    private static final int MAX_TAG = 8 << 20;

    private final List<Rendition> rungs;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final AtomicInteger openOutputs = new AtomicInteger();
    private Process process;

    /** What an ffmpeg worker runs with: the binary, the x264 preset and threads, and its input queue bound. */
    record Settings(String ffmpeg, String preset, int threads, int maxQueuedBytes) {
        static Settings of(StreamConfig.Transcode config) {
            return new Settings(config.ffmpeg(), config.preset(), config.threads(), config.maxQueuedBytes());
        }
    }

    private FfmpegWorker(String name, List<Rendition> rungs, Output output, int maxQueuedBytes) {
        super(name, output, maxQueuedBytes);
        this.rungs = rungs;
        this.openOutputs.set(rungs.size());
    }

    /** Starts ffmpeg for {@code rungs} (transcoded ones only); {@code audio}: the input has an audio track. */
    static FfmpegWorker start(String name, Settings config, List<Rendition> rungs, boolean audio,
            double inputFps, Output output) throws IOException {
        FfmpegWorker w = new FfmpegWorker(name, rungs, output, config.maxQueuedBytes());
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
    List<String> command(Settings config, boolean audio, double inputFps) {
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
        thread("transcode-in-" + name, () -> {
            try (OutputStream in = process.getOutputStream()) {
                writeQueue(in); // then closing stdin ends ffmpeg's input
            } catch (IOException e) {
                fail("writing to ffmpeg: " + e.getMessage());
            }
        });
        for (int i = 0; i < rungs.size(); i++) {
            int rung = i;
            thread("transcode-out-" + name + "-" + rungs.get(i).name(), () -> read(rung));
        }
        thread("transcode-err-" + name, this::drainErrors);
        process.onExit().thenRun(() -> {
            if (!draining()) {
                fail("ffmpeg exited with " + process.exitValue());
            }
        });
    }

    @Override
    public Process process() {
        return process;
    }

    @Override
    protected String diagnostics() {
        synchronized (stderr) {
            return stderr.toString().strip();
        }
    }

    @Override
    protected void shutdown() {
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

    private void read(int rung) {
        try (Socket s = servers.get(rung).accept()) {
            synchronized (sockets) {
                sockets.add(s);
            }
            if (over()) {
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
            FlvTags.readHeader(in);
            FlvTags.Tag tag;
            while ((tag = FlvTags.read(in, MAX_TAG)) != null) {
                received();
                output.tag(rung, tag);
            }
            if (draining()) {
                if (openOutputs.decrementAndGet() == 0) { // every rendition flushed: ffmpeg is done
                    stop();
                    drained();
                }
                return;
            }
            fail("rendition " + rungs.get(rung).name() + " output ended");
        } catch (IOException e) {
            if (!over()) {
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
