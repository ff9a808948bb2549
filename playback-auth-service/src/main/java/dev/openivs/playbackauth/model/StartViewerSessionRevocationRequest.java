package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

public record StartViewerSessionRevocationRequest(
        @NotNull(message = "Member must not be null")
        @Size(min = 1, max = 128, message = "Member must have length between 1 and 128")
        @Pattern(regexp = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+",
                message = "Member must satisfy regular expression pattern: arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+")
        String channelArn,
        @NotNull(message = "Member must not be null")
        @Size(min = 1, max = 40, message = "Member must have length between 1 and 40")
        String viewerId,
        @Min(value = 0, message = "Member must have value greater than or equal to 0")
        Integer viewerSessionVersionsLessThanOrEqualTo) {
}
