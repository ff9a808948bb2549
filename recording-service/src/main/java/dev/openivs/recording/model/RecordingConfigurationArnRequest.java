package dev.openivs.recording.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of GetRecordingConfiguration and DeleteRecordingConfiguration. */
public record RecordingConfigurationArnRequest(
        @NotNull(message = "Member must not be null")
        @Size(max = 128, message = "Member must have length less than or equal to 128")
        @Pattern(regexp = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+",
                message = "Member must satisfy regular expression pattern: "
                        + "arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+")
        String arn) {
}
