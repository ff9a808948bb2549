package dev.openivs.recording.model;

import java.util.Map;

public record RecordingConfigurationSummary(String arn, String name, DestinationConfiguration destinationConfiguration,
        String state, Map<String, String> tags) {
}
