package dev.openivs.channel.model;

/** CreateChannel output: the channel and its stream key (with its value). */
public record CreateChannelResponse(Channel channel, StreamKey streamKey) {
}
