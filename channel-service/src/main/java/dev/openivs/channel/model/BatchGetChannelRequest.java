package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.CHANNEL_ARN;
import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.LIST_1_50;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * BatchGetChannel input: 1..50 channel ARNs (the model's {@code ChannelArnList}). A malformed ARN fails the whole
 * request with a ValidationException; a well-formed but unknown or foreign one is reported in {@code errors}.
 */
public record BatchGetChannelRequest(@NotNull(message = NOT_NULL) @Size(min = 1, max = 50, message = LIST_1_50)
        List<@NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
                @Pattern(regexp = CHANNEL_ARN, message = MUST_MATCH + CHANNEL_ARN) String> arns) {

    public static final BatchGetChannelRequest EMPTY = new BatchGetChannelRequest(null);
}
