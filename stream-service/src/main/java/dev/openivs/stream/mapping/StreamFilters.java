package dev.openivs.stream.mapping;

import jakarta.validation.constraints.Pattern;

/** AWS shape {@code StreamFilters}. */
public record StreamFilters(@Pattern(regexp = "HEALTHY|STARVING|UNKNOWN") String health) {
}
