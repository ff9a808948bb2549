package dev.openivs.recording.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** Model default: renditionSelection ALL; {@code renditions} matter only for CUSTOM (and are then required). */
public record RenditionConfiguration(
        @Pattern(regexp = "ALL|NONE|CUSTOM", message = "Member must satisfy enum value set: [ALL, NONE, CUSTOM]")
        String renditionSelection,
        List<@NotNull(message = "Member must not be null") @Pattern(regexp = "SD|HD|FULL_HD|LOWEST_RESOLUTION",
                message = "Member must satisfy enum value set: [SD, HD, FULL_HD, LOWEST_RESOLUTION]") String> renditions) {
}
