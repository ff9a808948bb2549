package dev.openivs.channel.model;

import java.util.List;

/** ListChannels output; {@code nextToken} only when more channels follow. */
public record ListChannelsResponse(List<ChannelSummary> channels, String nextToken) {
}
