package dev.openivs.streamkey.model;

import static dev.openivs.aws.support.Constraints.AT_LEAST_1;
import static dev.openivs.aws.support.Constraints.AT_MOST_50;
import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_1024;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** ListStreamKeys input: maxResults 1..50, default 1. */
public record ListStreamKeysRequest(
        @NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
        @Pattern(regexp = Constraints.CHANNEL_ARN, message = MUST_MATCH + Constraints.CHANNEL_ARN) String channelArn,
        @Size(max = 1024, message = MAX_LENGTH_1024)
        @Pattern(regexp = Constraints.PAGINATION_TOKEN, message = MUST_MATCH + Constraints.PAGINATION_TOKEN)
        String nextToken,
        @Min(value = 1, message = AT_LEAST_1) @Max(value = 50, message = AT_MOST_50) Integer maxResults) {

    public static final ListStreamKeysRequest EMPTY = new ListStreamKeysRequest(null, null, null);
}
