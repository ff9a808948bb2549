package dev.openivs.stream.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What another replica needs to continue a recording that waits in its reconnect window: its prefix and recording
 * session, its renditions and the segments each stored so far (numbering and the playlists continue from them),
 * duration, the streams it merged and the thumbnail counters. Written as JSON into the handover offer
 * ({@link dev.openivs.stream.session.RecordingHandovers}).
 */
record RecordingState(String prefix, String sessionId, Instant startedAt, String configurationArn, String bucket,
        MediaProperties media, List<RecordedRendition.State> renditions, long durationMs, List<String> streamIds,
        int thumbnails, long nextThumbnailMs) {
    static final int MAX_MERGED_STREAMS = 20;
    static final Duration MAX_MERGED_AGE = Duration.ofHours(48);

    /** Whether a new stream with this configuration and these media properties may continue the recording. */
    boolean continuableBy(RecordingConfiguration cfg, MediaProperties props, Instant now) {
        return continuable(configurationArn, bucket, media, streamIds.size(), startedAt, cfg, props, now);
    }

    /** IVS's merge rules: same configuration and bucket, mergeable media, at most 20 streams within 48 hours. */
    static boolean continuable(String configurationArn, String bucket, MediaProperties media, int streams,
            Instant startedAt, RecordingConfiguration cfg, MediaProperties props, Instant now) {
        return cfg.arn().equals(configurationArn) && cfg.bucket().equals(bucket) && props.mergeableWith(media)
                && streams < MAX_MERGED_STREAMS && Duration.between(startedAt, now).compareTo(MAX_MERGED_AGE) <= 0;
    }
}
