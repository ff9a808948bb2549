package dev.openivs.recording.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record S3DestinationConfiguration(
        @NotNull(message = "Member must not be null")
        @Size(min = 3, max = 63, message = "Member must have length between 3 and 63")
        @Pattern(regexp = "[a-z0-9-.]+", message = "Member must satisfy regular expression pattern: [a-z0-9-.]+")
        String bucketName) {
}
