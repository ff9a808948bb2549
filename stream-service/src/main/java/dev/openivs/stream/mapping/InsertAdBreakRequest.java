package dev.openivs.stream.mapping;

import static dev.openivs.aws.support.Constraints.AT_LEAST_1;
import static dev.openivs.aws.support.Constraints.AT_MOST_300;
import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** AWS shape {@code InsertAdBreakRequest} (model 2026): both members required, durationSeconds 1..300. */
public record InsertAdBreakRequest(
        @NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
        @Pattern(regexp = Constraints.CHANNEL_ARN, message = MUST_MATCH + Constraints.CHANNEL_ARN) String channelArn,
        @NotNull(message = NOT_NULL) @Min(value = 1, message = AT_LEAST_1)
        @Max(value = 300, message = AT_MOST_300) Integer durationSeconds) {
}
