package dev.openivs.stream.mapping;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** AWS shape {@code ListStreamSessionsRequest}. */
public record ListStreamSessionsRequest(
        @NotNull @Size(min = 1, max = 128) @Pattern(regexp = Constraints.CHANNEL_ARN) String channelArn,
        @Size(max = 1024) @Pattern(regexp = Constraints.PAGINATION_TOKEN) String nextToken,
        @Min(1) @Max(100) Integer maxResults) {
}
