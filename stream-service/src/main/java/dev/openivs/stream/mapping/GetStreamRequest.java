package dev.openivs.stream.mapping;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** AWS shape {@code GetStreamRequest}. */
public record GetStreamRequest(
        @NotNull @Size(min = 1, max = 128) @Pattern(regexp = Constraints.CHANNEL_ARN) String channelArn) {
}
