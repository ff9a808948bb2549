package dev.openivs.stream.mapping;

import java.util.List;

/** AWS shape {@code IngestConfigurations}: all tracks (only Track0 without multitrack). */
public record IngestConfigurations(List<VideoConfiguration> videoConfigurations,
        List<AudioConfiguration> audioConfigurations) {
}
