package dev.openivs.stream.service;

import dev.openivs.stream.config.StreamConfig;

/**
 * Health of a live stream from the media actually arriving, as GetStream reports it:
 * <ul>
 * <li>UNKNOWN until the first full second of media was measured (and the starvation timeout has not passed);</li>
 * <li>STARVING when no audio/video arrived for the starvation timeout, or over the window the frame rate is below
 * {@code min-framerate-ratio} × the encoder's declared {@code framerate}, or the video bitrate is below
 * {@code min-bitrate-ratio} × its declared {@code videodatarate} (targets the encoder did not declare are not
 * checked);</li>
 * <li>HEALTHY otherwise.</li>
 * </ul>
 */
public final class StreamHealth {
    public static final String HEALTHY = "HEALTHY";
    public static final String STARVING = "STARVING";
    public static final String UNKNOWN = "UNKNOWN";

    private final long starvationMillis;
    private final double minFramerateRatio;
    private final double minBitrateRatio;

    public StreamHealth(StreamConfig.Health config) {
        this(config.starvationTimeout().toMillis(), config.minFramerateRatio(), config.minBitrateRatio());
    }

    public StreamHealth(long starvationMillis, double minFramerateRatio, double minBitrateRatio) {
        this.starvationMillis = starvationMillis;
        this.minFramerateRatio = minFramerateRatio;
        this.minBitrateRatio = minBitrateRatio;
    }

    /**
     * @param publishedAt when the publish was accepted (ms)
     * @param targetFramerate declared frame rate, or 0
     * @param targetBitrate declared video bitrate in bit/s, or 0
     */
    public String evaluate(IngestStats stats, long publishedAt, double targetFramerate, double targetBitrate,
            String current, long now) {
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
        if (targetFramerate > 0 && stats.frameRate(now) < targetFramerate * minFramerateRatio) {
            return STARVING;
        }
        if (targetBitrate > 0 && minBitrateRatio > 0 && stats.videoBitrate(now) < targetBitrate * minBitrateRatio) {
            return STARVING;
        }
        return HEALTHY;
    }
}
