package dev.openivs.stream.live;

import dev.openivs.stream.config.StreamConfig;

/**
 * Health of a live stream from the media actually arriving, as GetStream reports it. Starvation means the media
 * does not arrive in real time (IVS: the stream "is not receiving data from the streamer"), never a low bitrate or
 * frame rate: an encoder that sends fewer bits than it declared (simple content) is healthy while its media keeps
 * up. A lag rather than a ratio: a short measurement (the first seconds) needs a larger shortfall to count.
 * <ul>
 * <li>UNKNOWN until a full second of media was measured (and the starvation timeout has not passed);</li>
 * <li>STARVING when no audio/video arrived for the starvation timeout, or over the window the video timestamps
 * fell behind the wall clock by more than {@code max-media-lag} (the viewers' buffers drain by that much);</li>
 * <li>HEALTHY otherwise.</li>
 * </ul>
 */
public final class StreamHealth {
    public static final String HEALTHY = "HEALTHY";
    public static final String STARVING = "STARVING";
    public static final String UNKNOWN = "UNKNOWN";

    private final long starvationMillis;
    private final long maxLagMillis;

    public StreamHealth(StreamConfig.Health config) {
        this(config.starvationTimeout().toMillis(), config.maxMediaLag().toMillis());
    }

    public StreamHealth(long starvationMillis, long maxLagMillis) {
        this.starvationMillis = starvationMillis;
        this.maxLagMillis = maxLagMillis;
    }

    /** @param publishedAt when the publish was accepted (ms) */
    public String evaluate(IngestStats stats, long publishedAt, String current, long now) {
        long last = stats.lastMediaAt();
        if (last < 0) {
            return now - publishedAt >= starvationMillis ? STARVING : UNKNOWN;
        }
        if (now - last >= starvationMillis) {
            return STARVING;
        }
        if (stats.measuredSeconds(now) < 1) {
            return STARVING.equals(current) ? STARVING : UNKNOWN;
        }
        if (stats.mediaLag(now) > maxLagMillis) {
            return STARVING;
        }
        return HEALTHY;
    }
}
