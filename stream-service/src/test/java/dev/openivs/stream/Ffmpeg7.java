package dev.openivs.stream;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The ffmpeg 7.1 program of {@code org.bytedeco:ffmpeg} (test scope), extracted once into {@code target/ffmpeg7}:
 * it sends Enhanced RTMP (HEVC/AV1 FourCC tags), which Debian's ffmpeg 5.1 cannot, and has AV1 encoders.
 */
public final class Ffmpeg7 {
    private static final String DIR = "org/bytedeco/ffmpeg/linux-x86_64/";
    private static final Path HOME = Paths.get("target", "ffmpeg7").toAbsolutePath();

    private Ffmpeg7() {
    }

    /** The extracted directory (the program and its shared libraries). */
    public static synchronized Path home() throws IOException {
        Path bin = HOME.resolve("ffmpeg");
        if (Files.isExecutable(bin)) {
            return HOME;
        }
        URL url = Ffmpeg7.class.getClassLoader().getResource(DIR + "ffmpeg");
        if (url == null) {
            throw new IOException("org.bytedeco:ffmpeg (linux-x86_64) is not on the test class path");
        }
        Files.createDirectories(HOME);
        try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.startsWith(DIR) || entry.isDirectory() || name.contains("jni")) {
                    continue;
                }
                Path out = HOME.resolve(name.substring(DIR.length()));
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                out.toFile().setExecutable(true);
            }
        }
        return HOME;
    }

    /** Starts ffmpeg 7.1 with {@code args}; output goes to a log file under target/ffmpeg. */
    public static Process start(List<String> args) throws IOException {
        Path home = home();
        List<String> cmd = new ArrayList<>(List.of(home.resolve("ffmpeg").toString(), "-hide_banner", "-nostdin",
                "-loglevel", "info"));
        cmd.addAll(args);
        Path logs = Paths.get("target", "ffmpeg");
        Files.createDirectories(logs);
        Path log = Files.createTempFile(logs, "ffmpeg7-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LD_LIBRARY_PATH", home.toString());
        return pb.start();
    }

    /** Runs ffmpeg 7.1 to its end; asserts exit 0 within {@code seconds}. */
    public static void run(int seconds, String... args) throws IOException, InterruptedException {
        Process p = start(List.of(args));
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg 7.1 not finished in " + seconds + " s: " + String.join(" ", args));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("ffmpeg 7.1 exit " + p.exitValue() + ": " + String.join(" ", args));
        }
    }
}
