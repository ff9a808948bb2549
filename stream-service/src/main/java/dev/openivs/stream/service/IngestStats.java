package dev.openivs.stream.service;

/**
 * Media counters of one stream over a sliding window of one-second buckets: video and audio bytes, video frames,
 * last media and last keyframe times. Updated and read on the stream's event loop only.
 */
public final class IngestStats {
    private final int seconds;
    private final long[] bucketSecond;
    private final long[] videoBytes;
    private final long[] audioBytes;
    private final int[] videoFrames;
    private long firstMediaAt = -1;
    private long lastMediaAt = -1;
    private long lastKeyframeAt = -1;
    private long totalBytes;

    public IngestStats(int windowSeconds) {
        this.seconds = Math.max(1, windowSeconds);
        this.bucketSecond = new long[seconds];
        this.videoBytes = new long[seconds];
        this.audioBytes = new long[seconds];
        this.videoFrames = new int[seconds];
        java.util.Arrays.fill(bucketSecond, -1);
    }

    private int bucket(long nowMillis) {
        long second = nowMillis / 1000;
        int i = (int) (second % seconds);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            videoBytes[i] = 0;
            audioBytes[i] = 0;
            videoFrames[i] = 0;
        }
        return i;
    }

    public void video(int bytes, boolean frame, boolean keyframe, long nowMillis) {
        int i = bucket(nowMillis);
        videoBytes[i] += bytes;
        if (frame) {
            videoFrames[i]++;
        }
        if (keyframe) {
            lastKeyframeAt = nowMillis;
        }
        media(bytes, nowMillis);
    }

    public void audio(int bytes, long nowMillis) {
        audioBytes[bucket(nowMillis)] += bytes;
        media(bytes, nowMillis);
    }

    private void media(int bytes, long nowMillis) {
        totalBytes += bytes;
        if (firstMediaAt < 0) {
            firstMediaAt = nowMillis;
        }
        lastMediaAt = nowMillis;
    }

    /** Seconds of the window covered so far (media may have started less than a window ago). */
    private double span(long nowMillis) {
        if (firstMediaAt < 0) {
            return 0;
        }
        long completeSeconds = Math.min(seconds - 1, nowMillis / 1000 - firstMediaAt / 1000);
        return Math.max(1, completeSeconds);
    }

    /** Sum over the complete seconds of the window (the current, partial second is left out). */
    private long sum(long[] values, long nowMillis) {
        long current = nowMillis / 1000;
        long total = 0;
        for (int i = 0; i < seconds; i++) {
            long s = bucketSecond[i];
            if (s >= 0 && s < current && s >= current - (seconds - 1)) {
                total += values[i];
            }
        }
        return total;
    }

    public double videoBitrate(long nowMillis) {
        return span(nowMillis) == 0 ? 0 : sum(videoBytes, nowMillis) * 8.0 / span(nowMillis);
    }

    public double audioBitrate(long nowMillis) {
        return span(nowMillis) == 0 ? 0 : sum(audioBytes, nowMillis) * 8.0 / span(nowMillis);
    }

    public double frameRate(long nowMillis) {
        long current = nowMillis / 1000;
        long frames = 0;
        for (int i = 0; i < seconds; i++) {
            long s = bucketSecond[i];
            if (s >= 0 && s < current && s >= current - (seconds - 1)) {
                frames += videoFrames[i];
            }
        }
        return span(nowMillis) == 0 ? 0 : frames / span(nowMillis);
    }

    /** Whole seconds of media measured so far (0 until a full second passed). */
    public long measuredSeconds(long nowMillis) {
        return firstMediaAt < 0 ? 0 : Math.min(seconds - 1, nowMillis / 1000 - firstMediaAt / 1000);
    }

    public long lastMediaAt() {
        return lastMediaAt;
    }

    public long lastKeyframeAt() {
        return lastKeyframeAt;
    }

    public long totalBytes() {
        return totalBytes;
    }
}
