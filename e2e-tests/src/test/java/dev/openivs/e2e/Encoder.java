package dev.openivs.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The ffmpeg encoder of the end-to-end tests: a 640x360 30 fps H.264 test pattern with AAC sine audio over RTMP. */
final class Encoder {
    static final String HOST = System.getenv().getOrDefault("IVS_INGEST_HOST", "127.0.0.1");
    static final String RTMP_PORT = System.getenv().getOrDefault("IVS_RTMP_PORT", "1935");

    private Encoder() {
    }

    /** Skips the calling test class unless ffmpeg (and, when asked, ffprobe) is on the PATH. */
    static void assumeInstalled(boolean withFfprobe) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Paths.get(dir, "ffmpeg"))
                    && (!withFfprobe || Files.isExecutable(Paths.get(dir, "ffprobe")));
        }
        assumeTrue(found, withFfprobe ? "ffmpeg/ffprobe are not installed" : "ffmpeg is not installed");
    }

    /** The plain-RTMP ingest URL of a stream key on the suite. */
    static String rtmpUrl(String streamKey) {
        return "rtmp://" + HOST + ":" + RTMP_PORT + "/app/" + streamKey;
    }

    static final String RTMPS_PORT = System.getenv().getOrDefault("IVS_RTMPS_PORT", "443");

    /** The RTMPS ingest URL of a stream key on the suite. */
    static String rtmpsUrl(String streamKey) {
        return "rtmps://" + HOST + ":" + RTMPS_PORT + "/app/" + streamKey;
    }

    /** Starts ffmpeg with these arguments (after the common ones); its output goes to a temp log file. */
    static Process ffmpeg(String logPrefix, String... args) throws Exception {
        Path log = Files.createTempFile(logPrefix, ".log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-hide_banner",
                "-nostdin"));
        command.addAll(java.util.List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Starts ffmpeg publishing for {@code seconds} at real-time pace; its output goes to a temp log file. */
    static Process publish(String url, int seconds, String logPrefix) throws Exception {
        Path log = Files.createTempFile(logPrefix, ".log");
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-re", "-f", "lavfi", "-i",
                "testsrc=size=640x360:rate=30", "-f", "lavfi", "-i", "sine", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ac", "2", "-f", "flv", url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs a command to its end (at most {@code seconds}), asserts exit code 0 and returns its output. */
    static String run(int seconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS),
                "finished in time: " + String.join(" ", cmd));
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertEquals(0, p.exitValue(), text);
        return text;
    }
}
