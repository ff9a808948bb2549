package dev.openivs.stream.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** AWS shape {@code StreamSession}; channel and recording configuration are the snapshots taken at start. */
public record StreamSession(String streamId, Instant startTime, Instant endTime, JsonNode channel,
        IngestConfiguration ingestConfiguration, IngestConfigurations ingestConfigurations,
        JsonNode recordingConfiguration, List<StreamEvent> truncatedEvents) {
}
