package dev.openivs.stream.transcode;

import static org.awaitility.Awaitility.await;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.hls.HlsPackager;
import dev.openivs.stream.hls.LlHlsStream;
import dev.openivs.stream.hls.Playlists;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the CPU one transcoded 720p30 STANDARD stream costs (the transcoder's ffmpeg process, and the service's
 * JVM besides) against one standalone ffmpeg command encoding the same ladder from a file, and how many such
 * streams a core sustains; then, on a LOW channel, the latency transcoding adds to each LL-HLS part.
 * {@code IVS_DB_NAME=ivs_test ./mvnw -o -pl stream-service -am verify -Dgroups=benchmark -Divs.excludedGroups=none
 * -Dtest=TranscodeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.http.test-port=0} (env
 * {@code BENCH_SECONDS}, default 30). The publisher sends a pre-encoded file with {@code -c copy}.
 */
@QuarkusTest
@Tag("benchmark")
@TestProfile(Transcoding.class)
class TranscodeBenchmark extends PublishingTest {
    @Inject
    Transcoder transcoder;

    @Inject
    HlsPackager packager;

    @Test
    void printCpuPerTranscodedStream() throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "30"));
        Path dir = Files.createDirectories(Path.of("target", "ffmpeg"));
        Path input = dir.resolve("bench-720p30.flv");
        run(List.of("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f",
                "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", String.valueOf(seconds), "-c:v",
                "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "3000k", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-b:a", "128k", input.toString()));

        // the same ladder, one standalone ffmpeg command reading the file (as fast as it can), outputs discarded
        List<Rendition> rungs = Ladder.of("STANDARD", "", 1280, 720, 30).stream()
                .filter(r -> !r.passthrough()).toList();
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-i", input.toString(), "-copyts"));
        for (Rendition r : rungs) {
            cmd.addAll(List.of("-map", "0:v:0", "-map", "0:a:0",
                    "-vf", "scale=" + r.width() + ":" + r.height(), "-fps_mode", "passthrough", "-c:v", "libx264",
                    "-preset", "superfast", "-tune", "zerolatency", "-profile:v", "main", "-bf", "0",
                    "-b:v", r.videoKbps() + "k", "-maxrate", r.videoKbps() + "k", "-bufsize", 2 * r.videoKbps() + "k",
                    "-force_key_frames", "source", "-x264-params", "scenecut=0:keyint=infinite"));
            cmd.addAll(r.audioKbps() > 0 ? List.of("-c:a", "aac", "-b:a", r.audioKbps() + "k")
                    : List.of("-c:a", "copy"));
            cmd.addAll(List.of("-f", "flv", "-y", "/dev/null"));
        }
        double standalone = cpuSeconds(cmd);

        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        long jvmBefore = jvmCpuMs();
        double worker = 0;
        try (Ffmpeg publisher = Ffmpeg.publish(rtmp(ch[1]), "-re", "-i", input.toString(), "-c", "copy")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> transcoder.active() == 1);
            ProcessHandle seen = null;
            while (publisher.isAlive()) {
                Process p = transcoder.streams().stream().map(TranscodedStream::workerProcess)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                if (p != null) {
                    seen = p.toHandle();
                    worker = Math.max(worker, seen.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)
                            / 1000.0);
                }
                Thread.sleep(200);
            }
        }
        double jvm = (jvmCpuMs() - jvmBefore) / 1000.0;
        System.out.printf("%n=== transcode benchmark: %d s of 720p30 into %s ===%n", seconds,
                rungs.stream().map(Rendition::name).toList());
        System.out.printf("standalone ffmpeg (file in, same ladder): %.2f CPU s (%.2f cores in real time)%n",
                standalone, standalone / seconds);
        System.out.printf("transcoder ffmpeg in the pipeline:        %.2f CPU s (%.2f cores), ratio %.2f%n",
                worker, worker / seconds, worker / standalone);
        System.out.printf("service JVM meanwhile (ingest, HLS, FLV in/out): %.2f CPU s (%.2f cores)%n", jvm,
                jvm / seconds);
        System.out.printf("pipeline total / standalone: %.2f; 720p30 STANDARD streams per core: %.1f%n",
                (worker + jvm) / standalone, seconds / (worker + jvm));
        lowLatencyAdded(input, Math.min(seconds, 20));
    }

    /**
     * LOW: when each LL-HLS part of a transcoded rendition was published, against the same part (same media sequence
     * number and part index: they are aligned) of the source. That is what transcoding adds to glass-to-glass
     * latency; the player's own distance from the live edge is the same for every rendition.
     */
    private void lowLatencyAdded(Path input, int seconds) throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "LOW");
        Map<String, Map<String, Long>> ready = new TreeMap<>(); // rendition -> "msn.part" -> ready at (ms)
        try (Ffmpeg publisher = Ffmpeg.publish(rtmp(ch[1]), "-re", "-t", String.valueOf(seconds), "-i",
                input.toString(), "-c", "copy")) {
            while (publisher.isAlive()) {
                packager.lowLatencyRenditions(ch[0]).ifPresent(r -> {
                    for (Rendition rendition : r.ladder()) {
                        LlHlsStream s = r.stream(rendition.passthrough() ? Playlists.SOURCE_NAME : rendition.name());
                        if (s != null) {
                            collect(ready.computeIfAbsent(rendition.passthrough() ? Playlists.SOURCE_NAME
                                    : rendition.name(), k -> new HashMap<>()), s.snapshot());
                        }
                    }
                });
                Thread.sleep(100);
            }
        }
        Map<String, Long> source = ready.getOrDefault(Playlists.SOURCE_NAME, Map.of());
        System.out.printf("LOW (LL-HLS parts): latency added by transcoding, part published in the rendition minus "
                + "the same part in the source, over %d s:%n", seconds);
        for (Map.Entry<String, Map<String, Long>> e : ready.entrySet()) {
            if (e.getKey().equals(Playlists.SOURCE_NAME)) {
                continue;
            }
            List<Long> added = new ArrayList<>();
            e.getValue().forEach((part, at) -> {
                Long src = source.get(part);
                if (src != null) {
                    added.add(at - src);
                }
            });
            Collections.sort(added);
            if (added.isEmpty()) {
                System.out.printf("  %s: no part in common with the source%n", e.getKey());
                continue;
            }
            System.out.printf("  %s: median %d ms, p95 %d ms, max %d ms over %d parts%n", e.getKey(),
                    added.get(added.size() / 2), added.get((int) (added.size() * 0.95)), added.get(added.size() - 1),
                    added.size());
        }
    }

    private static void collect(Map<String, Long> into, LlHlsStream.Snapshot s) {
        for (LlHlsStream.Segment seg : s.segments()) {
            for (LlHlsStream.Part p : seg.parts()) {
                into.putIfAbsent(p.msn() + "." + p.index(), p.readyAtMs());
            }
        }
        for (LlHlsStream.Part p : s.currentParts()) {
            into.putIfAbsent(p.msn() + "." + p.index(), p.readyAtMs());
        }
    }

    private static long jvmCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /** Children's user + system CPU seconds of a command, from bash's {@code times}. */
    private static double cpuSeconds(List<String> cmd) throws Exception {
        String line = String.join(" ", cmd.stream().map(a -> "'" + a + "'").toList());
        String out = run(List.of("bash", "-c", line + " && times"));
        String[] children = out.strip().split("\n");
        String[] t = children[children.length - 1].trim().split("\\s+");
        return parse(t[0]) + parse(t[1]);
    }

    private static double parse(String t) {
        int m = t.indexOf('m');
        return Integer.parseInt(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(out);
        }
        return out;
    }
}
