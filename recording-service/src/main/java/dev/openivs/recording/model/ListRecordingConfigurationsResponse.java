package dev.openivs.recording.model;

import java.util.List;

public record ListRecordingConfigurationsResponse(List<RecordingConfigurationSummary> recordingConfigurations,
        String nextToken) {
}
