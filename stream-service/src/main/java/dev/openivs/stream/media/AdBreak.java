package dev.openivs.stream.media;

import java.time.Instant;

/**
 * An InsertAdBreak accepted for a live stream: {@code id} is the answered adBreakId (12 alphanumerics),
 * {@code eventId} the SCTE-35 splice_event_id derived from it, {@code durationSeconds} 1..300.
 */
public record AdBreak(String id, long eventId, int durationSeconds, Instant acceptedAt) {
    public static AdBreak of(String id, int durationSeconds, Instant acceptedAt) {
        return new AdBreak(id, id.hashCode() & 0xFFFFFFFFL, durationSeconds, acceptedAt);
    }
}
