package dev.openivs.stream.session;

import java.time.Instant;

/**
 * The live session of a channel as the database names it: which replica holds it and where that replica's playback
 * edge answers ({@code playbackUrl}, null for a holder that did not advertise one).
 */
public record LiveHolder(String streamId, String channelArn, String account, String channelName, String instance,
        String playbackUrl, String channelJson, Instant startTime) {
}
