package dev.openivs.stream.service;

import dev.openivs.stream.config.StreamConfig;

/**
 * Health of a live stream from the media actually arriving, as GetStream reports it. Starvation means the media
 * does not arrive in real time (IVS: the stream "is not receiving data from the streamer"), never a low bitrate:
 * an encoder that sends fewer bits than it declared (simple content) is healthy as long as its media keeps up.
 * <ul>
 * <li>UNKNOWN until a full second of media was measured (and the starvation timeout has not passed);</li>
 * <li>STARVING when no audio/video arrived for the starvation timeout, or over the window the media timestamps
 * advanced by less than {@code min-realtime-ratio} × the wall-clock time, or the frame rate is below
 * {@code min-framerate-ratio} × the encoder's declared {@code framerate} (not checked when none is declared);</li>
 * <li>HEALTHY otherwise.</li>
 * </ul>
 */
public final class StreamHealth {
    public static final String HEALTHY = "HEALTHY";
    public static final String STARVING = "STARVING";
    public static final String UNKNOWN = "UNKNOWN";

    private final long starvationMillis;
    private final double minFramerateRatio;
    private final double minRealtimeRatio;

    public StreamHealth(StreamConfig.Health config) {
        this(config.starvationTimeout().toMillis(), config.minFramerateRatio(), config.minRealtimeRatio());
    }

    public StreamHealth(long starvationMillis, double minFramerateRatio, double minRealtimeRatio) {
        this.starvationMillis = starvationMillis;
        this.minFramerateRatio = minFramerateRatio;
        this.minRealtimeRatio = minRealtimeRatio;
    }

    /**
     * @param publishedAt when the publish was accepted (ms)
     * @param targetFramerate declared frame rate, or 0
     */
    public String evaluate(IngestStats stats, long publishedAt, double targetFramerate, String current, long now) {
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
        if (stats.realtimeRatio(now) < minRealtimeRatio) {
            return STARVING;
        }
        if (targetFramerate > 0 && stats.frameRate(now) < targetFramerate * minFramerateRatio) {
            return STARVING;
        }
        return HEALTHY;
    }
}
