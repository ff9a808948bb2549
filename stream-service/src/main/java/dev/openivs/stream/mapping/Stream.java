package dev.openivs.stream.mapping;

import java.time.Instant;

/** AWS shape {@code Stream}. */
public record Stream(String channelArn, String streamId, String playbackUrl, Instant startTime, String state,
        String health, Long viewerCount) {
}
