package dev.openivs.stream.mapping;

import java.time.Instant;

/** AWS shape {@code StreamSessionSummary}. */
public record StreamSessionSummary(String streamId, Instant startTime, Instant endTime, Boolean hasErrorEvent) {
}
