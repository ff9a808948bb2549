package dev.openivs.recording.mapping;

import dev.openivs.recording.model.DestinationConfiguration;
import dev.openivs.recording.model.RecordingConfiguration;
import dev.openivs.recording.model.RecordingConfigurationSummary;
import dev.openivs.recording.model.RenditionConfiguration;
import dev.openivs.recording.model.S3DestinationConfiguration;
import dev.openivs.recording.model.ThumbnailConfiguration;
import dev.openivs.recording.repository.RecordingConfigurationEntity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Entity to wire shapes; the tags come from tagging-service. */
public final class RecordingConfigurationMapper {
    private RecordingConfigurationMapper() {
    }

    public static RecordingConfiguration toWire(RecordingConfigurationEntity e, Map<String, String> tags) {
        return new RecordingConfiguration(e.arn, e.name, destination(e), e.state, tags,
                new ThumbnailConfiguration(e.thumbnailRecordingMode, e.thumbnailIntervalSeconds,
                        e.thumbnailResolution, split(e.thumbnailStorage)),
                e.reconnectWindowSeconds,
                new RenditionConfiguration(e.renditionSelection, split(e.renditions)));
    }

    public static RecordingConfigurationSummary toSummary(RecordingConfigurationEntity e, Map<String, String> tags) {
        return new RecordingConfigurationSummary(e.arn, e.name, destination(e), e.state, tags);
    }

    public static String join(List<String> values) {
        return values == null ? "" : String.join(",", values);
    }

    private static DestinationConfiguration destination(RecordingConfigurationEntity e) {
        return new DestinationConfiguration(new S3DestinationConfiguration(e.bucketName));
    }

    private static List<String> split(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
    }
}
