package dev.openivs.channel.model;

import dev.openivs.internal.streamkey.StreamKey;

/** CreateChannel output: the channel and its stream key (with its value). */
public record CreateChannelResponse(Channel channel, StreamKey streamKey) {
}
