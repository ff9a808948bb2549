package dev.openivs.stream.mapping;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** AWS shape {@code GetStreamSessionRequest}. */
public record GetStreamSessionRequest(
        @NotNull @Size(min = 1, max = 128) @Pattern(regexp = Constraints.CHANNEL_ARN) String channelArn,
        @Size(min = 26, max = 26) @Pattern(regexp = Constraints.STREAM_ID) String streamId) {
}
