package dev.openivs.recording.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

public record CreateRecordingConfigurationRequest(
        @Size(max = 128, message = "Member must have length less than or equal to 128")
        @Pattern(regexp = "[a-zA-Z0-9-_]*", message = "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*")
        String name,
        @NotNull(message = "Member must not be null") @Valid DestinationConfiguration destinationConfiguration,
        Map<String, String> tags,
        @Valid ThumbnailConfiguration thumbnailConfiguration,
        @Min(value = 0, message = "Member must have value greater than or equal to 0")
        @Max(value = 300, message = "Member must have value less than or equal to 300")
        Integer recordingReconnectWindowSeconds,
        @Valid RenditionConfiguration renditionConfiguration) {
}
