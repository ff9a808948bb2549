package dev.openivs.stream.mapping;

/** AWS shape {@code AudioConfiguration}. */
public record AudioConfiguration(String codec, Long targetBitrate, Long sampleRate, Long channels, String track) {
}
