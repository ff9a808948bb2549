package dev.openivs.stream.recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decodes the first frame of an MPEG-TS segment (it starts with an IDR, SPS/PPS in front) into a JPEG with an
 * external {@code ffmpeg} process: the segment goes in over stdin, the JPEG comes back on stdout
 * ({@code -frames:v 1 -f image2 -c:v mjpeg pipe:1}). Blocking; run on a worker thread. There is no maintained
 * pure-Java H.264 decoder worth the risk (JCodec's is unmaintained since 2019 and decodes only part of the
 * profiles encoders send); ffmpeg is already what the suite's media tests rely on. See stream-service/README.md.
 */
public final class Thumbnailer {
    private final String ffmpeg;
    private final long timeoutMs;

    public Thumbnailer(String ffmpeg, long timeoutMs) {
        this.ffmpeg = ffmpeg;
        this.timeoutMs = timeoutMs;
    }

    /** Whether {@code media} is fMP4 (an init segment, then fragments) rather than MPEG-TS. */
    static boolean fmp4(byte[] media) {
        return media.length > 8 && media[4] == 'f' && media[5] == 't' && media[6] == 'y' && media[7] == 'p';
    }

    /**
     * @param ts an MPEG-TS segment, or an fMP4 init segment followed by a fragment
     * @param height target height; {@code width}x{@code height} is the output size (0 = the source size)
     */
    public byte[] jpeg(byte[] ts, int width, int height) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error",
                "-f", fmp4(ts) ? "mp4" : "mpegts", "-i", "pipe:0", "-an", "-frames:v", "1"));
        if (width > 0 && height > 0) {
            cmd.addAll(List.of("-vf", "scale=" + width + ":" + height));
        }
        cmd.addAll(List.of("-q:v", "3", "-f", "image2", "-c:v", "mjpeg", "pipe:1"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(ts);
            } catch (IOException e) {
                // ffmpeg closes its input once it has the frame it needs
            }
        }, "thumbnail-feed");
        feeder.setDaemon(true);
        feeder.start();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(p::destroyForcibly,
                CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS));
        try (InputStream out = p.getInputStream()) {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream(64 * 1024);
            out.transferTo(jpeg);
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IOException("ffmpeg did not finish within " + timeoutMs + " ms");
            }
            byte[] b = jpeg.toByteArray();
            if (p.exitValue() != 0 || b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
                throw new IOException("ffmpeg made no JPEG (exit " + p.exitValue() + ", " + b.length + " bytes)");
            }
            return b;
        } finally {
            watchdog.cancel(false);
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            feeder.join(1000);
        }
    }
}
