package dev.openivs.stream.mapping;

import java.time.Instant;

/** AWS shape {@code StreamSummary}. */
public record StreamSummary(String channelArn, String streamId, String state, String health, Long viewerCount,
        Instant startTime) {
}
