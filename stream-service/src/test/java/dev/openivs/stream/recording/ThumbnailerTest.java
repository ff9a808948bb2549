package dev.openivs.stream.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thumbnail decoder on real segments (a 2 s MPEG-TS starting with an IDR, as the recorder cuts them), with
 * the CPU it costs printed: children's user+system time of this JVM ({@code /proc/self/stat} cutime + cstime),
 * which the ffmpeg processes add to when they are reaped. Only ffmpeg children run during the measurement.
 */
class ThumbnailerTest {
    private final Thumbnailer thumbnailer = new Thumbnailer("ffmpeg", 15_000);

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
    }

    private static byte[] segment(int width, int height) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc=size=" + width + "x" + height + ":rate=30", "-t", "2", "-c:v", "libx264", "-preset",
                "ultrafast", "-g", "60", "-pix_fmt", "yuv420p", "-f", "mpegts", "pipe:1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] ts = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return ts;
    }

    /** Children's CPU time of this process in ms (clock ticks of 10 ms). */
    private static long childrenCpuMs() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 16 and 17 of stat (cutime, cstime); f[0] is field 3
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
    }

    @Test
    void shouldDecodeTheFirstFrameToAJpegOfTheRequestedSizeAndPrintItsCost() throws Exception {
        for (int[] size : List.of(new int[] {640, 360}, new int[] {1280, 720}, new int[] {1920, 1080})) {
            byte[] ts = segment(size[0], size[1]);
            BufferedImage source = ImageIO.read(new ByteArrayInputStream(thumbnailer.jpeg(ts, 0, 0)));
            assertNotNull(source);
            assertEquals(size[0], source.getWidth());
            assertEquals(size[1], source.getHeight());
            BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnailer.jpeg(ts, 284, 160)));
            assertEquals(284, small.getWidth());
            assertEquals(160, small.getHeight());

            int n = 10;
            long cpu0 = childrenCpuMs();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                thumbnailer.jpeg(ts, 0, 0);
            }
            double wall = (System.nanoTime() - t0) / 1e6 / n;
            double cpu = (childrenCpuMs() - cpu0) / (double) n;
            System.out.printf("thumbnail %dx%d (segment %d KB): %.0f ms wall, %.0f ms CPU per thumbnail; "
                    + "at the default 60 s interval %.2f %% of one core per recorded stream%n", size[0], size[1],
                    ts.length / 1024, wall, cpu, cpu / 60_000 * 100);
        }
    }

    @Test
    void shouldFailOnBytesThatAreNoVideo() {
        assertThrows(IOException.class, () -> thumbnailer.jpeg(new byte[188 * 10], 0, 0));
    }
}
