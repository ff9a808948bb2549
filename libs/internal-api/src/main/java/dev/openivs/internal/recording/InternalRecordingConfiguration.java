package dev.openivs.internal.recording;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.internal.InternalJson;
import java.util.List;

/**
 * The members of {@code GET /internal/recording-configurations} (the AWS RecordingConfiguration shape) that
 * stream-service's recorder reads; the other members of the answer are not read.
 */
public record InternalRecordingConfiguration(String arn, String state, Destination destinationConfiguration,
        Integer recordingReconnectWindowSeconds, Thumbnails thumbnailConfiguration,
        Renditions renditionConfiguration) {

    public record Destination(S3 s3) {
    }

    public record S3(String bucketName) {
    }

    public record Thumbnails(String recordingMode, Integer targetIntervalSeconds, List<String> storage,
            String resolution) {
    }

    public record Renditions(String renditionSelection) {
    }

    /** The typed view of a {@link RecordingClient#get} answer; a member of the wrong JSON type is refused. */
    public static InternalRecordingConfiguration of(JsonNode configuration) {
        return InternalJson.read(configuration, InternalRecordingConfiguration.class);
    }
}
