package dev.openivs.stream.media;

/** One raw AAC frame (no ADTS header) from an FLV audio tag; {@code timestamp} in ms. */
public record AudioFrame(long timestamp, byte[] data, int offset, int length) {
}
