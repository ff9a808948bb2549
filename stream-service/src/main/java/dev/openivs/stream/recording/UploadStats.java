package dev.openivs.stream.recording;

import java.util.Arrays;

/**
 * Measured recorder numbers: upload delay behind live (a segment closed by the keyframe after it → its object
 * stored) and the wall time of thumbnail decodes. Keeps the newest 65,536 samples of each.
 */
public final class UploadStats {
    private static final int KEEP = 1 << 16;
    private final long[] delays = new long[KEEP];
    private final long[] thumbs = new long[KEEP];
    private long delayCount;
    private long thumbCount;

    /** Percentiles in ms ({@code p50}, {@code p99}, {@code max}) over the samples kept; {@code n} all samples. */
    public record Summary(long n, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", n, p50, p99, max);
        }
    }

    synchronized void segmentStored(long delayNanos) {
        delays[(int) (delayCount++ % KEEP)] = delayNanos;
    }

    synchronized void thumbnailMade(long wallNanos) {
        thumbs[(int) (thumbCount++ % KEEP)] = wallNanos;
    }

    public synchronized Summary uploadDelay() {
        return summary(delays, delayCount);
    }

    public synchronized Summary thumbnailWall() {
        return summary(thumbs, thumbCount);
    }

    public synchronized void reset() {
        delayCount = 0;
        thumbCount = 0;
    }

    private static Summary summary(long[] samples, long count) {
        int n = (int) Math.min(count, KEEP);
        if (n == 0) {
            return new Summary(0, 0, 0, 0);
        }
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return new Summary(count, ms(s[(int) Math.ceil(0.50 * n) - 1]), ms(s[(int) Math.ceil(0.99 * n) - 1]),
                ms(s[n - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
