package dev.openivs.recording.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Where recordings go. The model allows one destination type, S3, and this suite requires it. */
public record DestinationConfiguration(
        @NotNull(message = "Member must not be null") @Valid S3DestinationConfiguration s3) {
}
