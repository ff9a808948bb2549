package dev.openivs.stream.ingest.srt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPU of one SRT stream against one RTMP stream of the same input, and against {@code srt-live-transmit} relaying
 * it: a 2.5 Mbit/s 720p30 H.264 + 128 kbit/s AAC clip, pre-encoded once, published looped in real time with
 * {@code ffmpeg -c copy} (FLV over RTMP, MPEG-TS over SRT with the passphrase, AES-128). For each case the CPU
 * time (utime + stime from {@code /proc/<pid>/stat}) of the receiving process over a window after a settle time,
 * in % of one core, minus this JVM's idle CPU over the same window length. The stream-service cases include the
 * whole pipeline behind the ingest (health, LL-HLS packaging of the LOW channel), the relay only receives,
 * decrypts and forwards over UDP. The publishers' own CPU is not counted. Not a test: prints numbers.
 *
 * <pre>
 * IVS_DB_NAME=ivs_test ./mvnw -pl stream-service -am verify -Dgroups=benchmark -Divs.excludedGroups=none \
 *     -Dtest=SrtIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.window=20 -Dbench.settle=6]
 * </pre>
 * or {@code tools/bench/srt-vs-rtmp.sh}.
 */
@QuarkusTest
@Tag("benchmark")
class SrtIngestBenchmark extends PublishingTest {
    private static final long HZ = 100; // USER_HZ on Linux
    private final int window = Integer.getInteger("bench.window", 20);
    private final int settle = Integer.getInteger("bench.settle", 6);

    @Inject
    SrtServer srt;

    @Test
    void printCpuPerStream() throws Exception {
        Path clip = clip();
        long self = ProcessHandle.current().pid();
        double idle = cpuPercent(self, 2, window);
        System.out.printf("%nSRT ingest benchmark: 2.5 Mbit/s 720p30 + AAC, -c copy, window %d s after %d s%n",
                window, settle);
        System.out.printf("  stream-service JVM idle:            %5.2f %% of a core%n", idle);

        String[] rtmpChannel = fixture.channel("STANDARD", true);
        double rtmp = measure(self, "flv", rtmp(rtmpChannel[1]), clip, rtmpChannel[0]);
        System.out.printf("  RTMP, stream-service:               %5.2f %% (%.2f above idle)%n", rtmp, rtmp - idle);

        String[] srtChannel = fixture.channel("STANDARD", false);
        double srtCpu = measure(self, "mpegts", "srt://127.0.0.1:" + srt.port() + "?streamid=" + srtChannel[1]
                + "&passphrase=" + IngestFixture.SRT_PASSPHRASE, clip, srtChannel[0]);
        System.out.printf("  SRT (AES-128), stream-service:      %5.2f %% (%.2f above idle)%n", srtCpu,
                srtCpu - idle);

        int relayPort = 20_000 + (int) (self % 10_000);
        Process relay = new ProcessBuilder("srt-live-transmit", "-q", "srt://127.0.0.1:" + relayPort
                + "?mode=listener&passphrase=" + IngestFixture.SRT_PASSPHRASE, "udp://127.0.0.1:" + (relayPort + 1))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        double slt;
        try (Ffmpeg publisher = Ffmpeg.publishAs("mpegts", "srt://127.0.0.1:" + relayPort + "?passphrase="
                + IngestFixture.SRT_PASSPHRASE, "-re", "-stream_loop", "-1", "-i", clip.toString(), "-c", "copy")) {
            slt = cpuPercent(relay.pid(), settle, window);
            assertTrue(publisher.isAlive(), publisher.log());
        } finally {
            relay.destroy();
        }
        System.out.printf("  SRT (AES-128), srt-live-transmit relaying to UDP: %5.2f %%%n", slt);
        System.out.printf("  SRT / RTMP (above idle): %.2f%n%n", (srtCpu - idle) / Math.max(0.01, rtmp - idle));
    }

    private double measure(long pid, String format, String url, Path clip, String channelArn) throws Exception {
        try (Ffmpeg publisher = Ffmpeg.publishAs(format, url, "-re", "-stream_loop", "-1", "-i", clip.toString(),
                "-c", "copy")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> call("GetStream",
                    "{\"channelArn\":\"" + channelArn + "\"}").extract().statusCode() == 200);
            double cpu = cpuPercent(pid, settle, window);
            assertTrue(publisher.isAlive(), publisher.log());
            call("StopStream", "{\"channelArn\":\"" + channelArn + "\"}").statusCode(200);
            return cpu;
        }
    }

    private static double cpuPercent(long pid, int settleSeconds, int windowSeconds) throws Exception {
        Thread.sleep(settleSeconds * 1000L);
        long t0 = System.nanoTime();
        long c0 = cpuTicks(pid);
        Thread.sleep(windowSeconds * 1000L);
        long c1 = cpuTicks(pid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return 100.0 * (c1 - c0) / HZ / seconds;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }

    /** 12 s of 1280x720 30 fps H.264 at 2.5 Mbit/s (2 s GOP) + AAC 128 kbit/s, as MPEG-TS, encoded once. */
    private static synchronized Path clip() throws Exception {
        Path out = Path.of("target", "ffmpeg", "bench-2500k.ts");
        if (!Files.exists(out)) {
            Files.createDirectories(out.getParent());
            Path tmp = Path.of("target", "ffmpeg", "bench-tmp.ts");
            Ffmpeg.run(300, "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "2500k", "-maxrate", "2500k",
                    "-bufsize", "2500k", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                    "-f", "mpegts", tmp.toString());
            Files.move(tmp, out);
        }
        return out;
    }
}
