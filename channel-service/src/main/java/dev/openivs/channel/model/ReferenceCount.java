package dev.openivs.channel.model;

/** Internal: how many channels of the caller's account reference a configuration or policy. */
public record ReferenceCount(long count) {
}
