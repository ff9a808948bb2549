package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Input of Get/DeletePlaybackRestrictionPolicy. */
public record PlaybackRestrictionPolicyArnRequest(
        @NotNull(message = "Member must not be null")
        @Size(min = 1, max = 128, message = "Member must have length between 1 and 128")
        @Pattern(regexp = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:playback-restriction-policy/[a-zA-Z0-9-]+",
                message = "Member must satisfy regular expression pattern: arn:aws:ivs:[a-z0-9-]+:[0-9]+:playback-restriction-policy/[a-zA-Z0-9-]+")
        String arn) {
}
