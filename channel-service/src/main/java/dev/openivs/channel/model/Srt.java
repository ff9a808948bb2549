package dev.openivs.channel.model;

/** The model's {@code Srt}: the SRT ingest endpoint and passphrase of a channel. */
public record Srt(String endpoint, String passphrase) {
}
