package dev.openivs.stream;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's ffmpeg as a test encoder (publisher) and makes the shared test fixture. */
public final class Ffmpeg implements AutoCloseable {
    private static final Path WORK = Paths.get("target", "ffmpeg");
    private final Process process;
    private final Path log;

    private Ffmpeg(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** A live-encoded test pattern (640x360, 30 fps, 2 s GOP, AAC) published to {@code url} for {@code seconds}. */
    public static Ffmpeg publishTestPattern(String url, int seconds, String... extra) throws IOException {
        return publishTestPatternAs("flv", url, seconds, extra);
    }

    /** {@link #publishTestPattern} in another container ({@code mpegts} for SRT). */
    public static Ffmpeg publishTestPatternAs(String format, String url, int seconds, String... extra)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("-re", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-b:v", "800k",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2"));
        args.addAll(List.of(extra));
        args.addAll(List.of("-f", format, url));
        return start(args);
    }

    /** Any input and encoding ({@code args}, without {@code -re}) published to {@code url} as FLV. */
    public static Ffmpeg publish(String url, String... args) throws IOException {
        return publishAs("flv", url, args);
    }

    /** {@link #publish} in another container ({@code mpegts} for SRT). */
    public static Ffmpeg publishAs(String format, String url, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", format, url));
        return start(all);
    }

    /** Stops (SIGSTOP) or resumes (SIGCONT) the encoder, as a stalled machine or network would. */
    public void signal(String signal) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).start().waitFor() != 0) {
            throw new IOException("kill -" + signal + " failed");
        }
    }

    /** The pre-encoded fixture published with {@code -c copy}, looped, in real time. */
    public static Ffmpeg publishFixture(String url, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-re", "-stream_loop", "-1", "-i", fixture().toString(),
                "-c", "copy"));
        args.addAll(List.of(extra));
        args.addAll(List.of("-f", "flv", url));
        return start(args);
    }

    /** 10 s of 640x360 30 fps H.264 (2 s GOP) + AAC stereo in FLV, encoded once per build. */
    public static synchronized Path fixture() throws IOException {
        Path out = WORK.resolve("fixture-360p.flv");
        if (Files.exists(out)) {
            return out;
        }
        Files.createDirectories(WORK);
        Path tmp = WORK.resolve("fixture-tmp.flv");
        Ffmpeg f = start(List.of("-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=1000:sample_rate=44100", "-t", "10", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "60", "-b:v", "800k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-y", tmp.toAbsolutePath().toString()));
        if (f.waitFor(120) != 0) {
            throw new IOException("fixture encode failed: " + f.log());
        }
        Files.move(tmp, out);
        return out;
    }

    private static Ffmpeg start(List<String> args) throws IOException {
        Files.createDirectories(WORK);
        Path log = Files.createTempFile(WORK, "ffmpeg-", ".log");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "info"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Ffmpeg(p, log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, or -1 when still running after the timeout. */
    public int waitFor(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (waitFor(5) == -1) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs a command (ffprobe, ffmpeg as a player) to its end; asserts it finished in time with status 0. */
    public static String run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("not finished in " + seconds + " s: " + String.join(" ", cmd));
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + text);
        }
        return text;
    }

    public static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, "ffmpeg"))) {
                return true;
            }
        }
        return false;
    }
}
