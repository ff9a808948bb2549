package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Internal: what the playback edge asks about a viewer's token (docs/internal-api.md). */
public record VerifyPlaybackTokenRequest(
        @NotNull(message = "Member must not be null") String token,
        @NotNull(message = "Member must not be null")
        @Size(min = 1, max = 128, message = "Member must have length between 1 and 128")
        @Pattern(regexp = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+",
                message = "Member must satisfy regular expression pattern: arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+")
        String channelArn,
        String origin,
        String viewerIp) {
}
