package dev.openivs.stream.mapping;

/** AWS shape {@code IngestConfiguration} (deprecated single-track form). */
public record IngestConfiguration(VideoConfiguration video, AudioConfiguration audio) {
}
