package dev.openivs.stream.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the recorder needs of a recording configuration (recording-service's internal answer, the model's shape):
 * bucket, reconnect window, thumbnails and rendition selection ({@code renditions}: the CUSTOM selection's
 * resolution buckets), with the model's defaults.
 */
public record RecordingConfiguration(String arn, String state, String bucket, int reconnectWindowSeconds,
        String thumbnailMode, int thumbnailIntervalSeconds, Set<String> thumbnailStorage, String thumbnailResolution,
        String renditionSelection, Set<String> renditions) {

    public static RecordingConfiguration of(JsonNode rc) {
        JsonNode t = rc.path("thumbnailConfiguration");
        Set<String> storage = new LinkedHashSet<>();
        t.path("storage").forEach(s -> storage.add(s.asText()));
        if (storage.isEmpty()) {
            storage.add("SEQUENTIAL");
        }
        return new RecordingConfiguration(rc.path("arn").asText(""), rc.path("state").asText("ACTIVE"),
                rc.path("destinationConfiguration").path("s3").path("bucketName").asText(""),
                rc.path("recordingReconnectWindowSeconds").asInt(0),
                t.path("recordingMode").asText("INTERVAL"), Math.max(1, t.path("targetIntervalSeconds").asInt(60)),
                Set.copyOf(storage), t.path("resolution").asText(""),
                rc.path("renditionConfiguration").path("renditionSelection").asText("ALL"), renditions(rc));
    }

    private static Set<String> renditions(JsonNode rc) {
        Set<String> out = new LinkedHashSet<>();
        rc.path("renditionConfiguration").path("renditions").forEach(r -> out.add(r.asText()));
        return Set.copyOf(out);
    }

    public boolean thumbnails() {
        return "INTERVAL".equals(thumbnailMode);
    }

    public boolean sequentialThumbnails() {
        return thumbnails() && thumbnailStorage.contains("SEQUENTIAL");
    }

    public boolean latestThumbnail() {
        return thumbnails() && thumbnailStorage.contains("LATEST");
    }

    /** {@code renditionSelection: NONE} records no HLS media (metadata and thumbnails only). */
    public boolean hls() {
        return !"NONE".equals(renditionSelection);
    }
}
