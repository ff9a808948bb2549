package dev.openivs.stream.media;

import java.time.Instant;
import java.util.Map;

/**
 * Receives the media of one live stream, parsed from the FLV tags of the RTMP messages, in arrival order, on the
 * ingest connection's event loop. Implementations must not block and must not modify the arrays they receive
 * (they are shared between sinks). The HLS packager of the playback edge and the recorder are sinks.
 *
 * <p>Timestamps are RTMP milliseconds (unsigned 32-bit as sent, widened to long and unwrapped, so monotonic
 * across the 2^32 wrap of very long streams). Config callbacks may repeat mid-stream (resolution change).
 */
public interface MediaSink {
    /** The encoder's {@code onMetaData} (numbers as Double, booleans, strings). */
    default void onMetadata(Map<String, Object> metadata) {
    }

    /** A video sequence header of the default track (AVC, HEVC or AV1 decoder configuration record). */
    default void onVideoConfig(VideoConfig config, long timestamp) {
    }

    /** A video sequence header of another track of a multitrack publish (Enhanced RTMP, {@code track} > 0). */
    default void onTrackVideoConfig(int track, VideoConfig config, long timestamp) {
    }

    /** A video frame of another track of a multitrack publish ({@link VideoFrame#track()} > 0). */
    default void onTrackVideo(VideoFrame frame) {
    }

    /** An AAC sequence header (AudioSpecificConfig). */
    default void onAudioConfig(AacConfig config, long timestamp) {
    }

    /** A video frame of the default track. */
    default void onVideo(VideoFrame frame) {
    }

    default void onAudio(AudioFrame frame) {
    }

    /** A PutMetadata payload accepted for this stream, to be placed at the live edge (timed ID3 / emsg). */
    default void onTimedMetadata(String payload, Instant acceptedAt) {
    }

    /** An InsertAdBreak accepted for this stream, to be marked at the live edge (SCTE-35 in the playlists). */
    default void onAdBreak(AdBreak adBreak) {
    }

    /** The stream ended (disconnect, StopStream, takeover); no more calls follow. */
    default void onEnd() {
    }
}
