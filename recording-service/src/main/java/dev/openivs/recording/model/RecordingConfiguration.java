package dev.openivs.recording.model;

import java.util.Map;

public record RecordingConfiguration(String arn, String name, DestinationConfiguration destinationConfiguration,
        String state, Map<String, String> tags, ThumbnailConfiguration thumbnailConfiguration,
        Integer recordingReconnectWindowSeconds, RenditionConfiguration renditionConfiguration) {

    public RecordingConfiguration withTags(Map<String, String> newTags) {
        return new RecordingConfiguration(arn, name, destinationConfiguration, state, newTags, thumbnailConfiguration,
                recordingReconnectWindowSeconds, renditionConfiguration);
    }
}
