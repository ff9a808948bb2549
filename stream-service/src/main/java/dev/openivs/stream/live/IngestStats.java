package dev.openivs.stream.live;

/**
 * Media counters of one stream over a sliding wall-clock window: video and audio bytes, video frames, and how far
 * the video timestamps advanced ("media time"), plus the last media and last keyframe times. Rates are measured
 * over exactly the wall-clock time they cover: a mark of the counters is kept at the first arrival of every
 * second, and a rate is the growth since the oldest mark inside the window divided by the time since that mark
 * (so a session's first, partial second is never taken for a full one). Updated and read on the stream's event
 * loop only.
 */
public final class IngestStats {
    /** A timestamp jump larger than this (either way) is a discontinuity (encoder reset), not media time. */
    static final long MAX_STEP_MILLIS = 10_000;

    private record Mark(long at, long videoBytes, long audioBytes, long videoFrames, long videoMillis) {
    }

    private final long windowMillis;
    private final Mark[] marks;
    private long markSecond = -1;
    private long videoBytes;
    private long audioBytes;
    private long videoFrames;
    private long videoMillis;
    private long newestTimestamp = Long.MIN_VALUE;
    private long firstFrameAt = -1;
    private long lastMediaAt = -1;
    private long lastKeyframeAt = -1;

    public IngestStats(int windowSeconds) {
        int seconds = Math.max(1, windowSeconds);
        this.windowMillis = seconds * 1000L;
        this.marks = new Mark[seconds + 1];
    }

    /** A video message of {@code bytes} with timestamp {@code timestamp} (ms) arrived at {@code nowMillis}. */
    public void video(int bytes, boolean frame, boolean keyframe, long timestamp, long nowMillis) {
        mark(nowMillis);
        videoBytes += bytes;
        if (frame) {
            videoFrames++;
            advance(timestamp);
            if (firstFrameAt < 0) {
                firstFrameAt = nowMillis;
            }
        }
        if (keyframe) {
            lastKeyframeAt = nowMillis;
        }
        lastMediaAt = nowMillis;
    }

    public void audio(int bytes, long nowMillis) {
        mark(nowMillis);
        audioBytes += bytes;
        lastMediaAt = nowMillis;
    }

    private void mark(long nowMillis) {
        long second = nowMillis / 1000;
        if (second != markSecond) {
            markSecond = second;
            marks[(int) (second % marks.length)] = new Mark(nowMillis, videoBytes, audioBytes, videoFrames,
                    videoMillis);
        }
    }

    /** Media time advances with the newest video timestamp (a stream without video is refused anyway). */
    private void advance(long timestamp) {
        long step = newestTimestamp == Long.MIN_VALUE ? 0 : timestamp - newestTimestamp;
        if (step > 0 && step <= MAX_STEP_MILLIS) {
            videoMillis += step;
        }
        if (newestTimestamp == Long.MIN_VALUE || step > 0 || step < -MAX_STEP_MILLIS) {
            newestTimestamp = timestamp;
        }
    }

    /** The oldest mark inside the window, or null when no media arrived during it. */
    private Mark since(long nowMillis) {
        Mark oldest = null;
        for (Mark m : marks) {
            if (m != null && m.at() >= nowMillis - windowMillis && m.at() <= nowMillis
                    && (oldest == null || m.at() < oldest.at())) {
                oldest = m;
            }
        }
        return oldest;
    }

    private double perSecond(long total, java.util.function.ToLongFunction<Mark> atMark, long nowMillis) {
        Mark m = since(nowMillis);
        long elapsed = m == null ? 0 : nowMillis - m.at();
        return elapsed <= 0 ? 0 : (total - atMark.applyAsLong(m)) * 1000.0 / elapsed;
    }

    public double videoBitrate(long nowMillis) {
        return 8 * perSecond(videoBytes, Mark::videoBytes, nowMillis);
    }

    public double audioBitrate(long nowMillis) {
        return 8 * perSecond(audioBytes, Mark::audioBytes, nowMillis);
    }

    public double frameRate(long nowMillis) {
        return perSecond(videoFrames, Mark::videoFrames, nowMillis);
    }

    /**
     * How far media time fell behind wall-clock time over the window (from the first video frame on), in ms: about
     * 0 (at most a frame interval) when media arrives in real time, negative while an encoder catches up.
     */
    public long mediaLag(long nowMillis) {
        Mark m = since(nowMillis);
        if (m == null || firstFrameAt < 0) {
            return 0;
        }
        return (nowMillis - Math.max(m.at(), firstFrameAt)) - (videoMillis - m.videoMillis());
    }

    /** Whole seconds of wall-clock time the rates cover (0 until a full second of media was measured). */
    public long measuredSeconds(long nowMillis) {
        Mark m = since(nowMillis);
        return m == null ? 0 : (nowMillis - m.at()) / 1000;
    }

    public long lastMediaAt() {
        return lastMediaAt;
    }

    public long lastKeyframeAt() {
        return lastKeyframeAt;
    }

    public long totalBytes() {
        return videoBytes + audioBytes;
    }
}
