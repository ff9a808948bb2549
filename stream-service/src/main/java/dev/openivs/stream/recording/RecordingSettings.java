package dev.openivs.stream.recording;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The recorder's settings ({@code ivs.stream.recording.*}); the store itself is {@code ivs.s3.*} (libs/object-store). */
@ConfigMapping(prefix = "ivs.stream.recording")
public interface RecordingSettings {
    /** Record streams of channels that have a recording configuration. */
    @WithDefault("true")
    boolean enabled();

    /** Worker threads that upload (all recordings share them; each recording's uploads stay in order). */
    @WithDefault("4")
    int uploadThreads();

    /** Bytes one recording may have waiting for upload; beyond that the recording ends with a failure. */
    @WithDefault("33554432")
    long maxQueuedBytes();

    /**
     * Bytes all recordings of this replica may have waiting for upload together (bounds the heap when the store is
     * slow for everyone); a recording that would go beyond it ends with a failure.
     */
    @WithDefault("50331648")
    long maxQueuedBytesTotal();

    /** First retry delay of a failed upload; doubles per attempt up to {@link #retryMax()}. */
    @WithDefault("200ms")
    Duration retryInitial();

    @WithDefault("5s")
    Duration retryMax();

    /** A store that keeps failing this long is gone for good: Recording End Failure. */
    @WithDefault("60s")
    Duration giveUpAfter();

    /** The ffmpeg binary that decodes one keyframe per thumbnail. */
    @WithDefault("ffmpeg")
    String ffmpeg();

    /** Upper bound of one thumbnail decode. */
    @WithDefault("15s")
    Duration thumbnailTimeout();
}
