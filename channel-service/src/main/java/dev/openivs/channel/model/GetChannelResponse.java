package dev.openivs.channel.model;

/** GetChannel and UpdateChannel output. */
public record GetChannelResponse(Channel channel) {
}
