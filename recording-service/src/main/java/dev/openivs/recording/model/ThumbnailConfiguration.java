package dev.openivs.recording.model;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** Model defaults: recordingMode INTERVAL, targetIntervalSeconds 60, storage [SEQUENTIAL], resolution unset. */
public record ThumbnailConfiguration(
        @Pattern(regexp = "DISABLED|INTERVAL", message = "Member must satisfy enum value set: [DISABLED, INTERVAL]")
        String recordingMode,
        @Min(value = 1, message = "Member must have value greater than or equal to 1")
        @Max(value = 60, message = "Member must have value less than or equal to 60")
        Long targetIntervalSeconds,
        @Pattern(regexp = "SD|HD|FULL_HD|LOWEST_RESOLUTION",
                message = "Member must satisfy enum value set: [SD, HD, FULL_HD, LOWEST_RESOLUTION]")
        String resolution,
        List<@NotNull(message = "Member must not be null") @Pattern(regexp = "SEQUENTIAL|LATEST",
                message = "Member must satisfy enum value set: [SEQUENTIAL, LATEST]") String> storage) {
}
