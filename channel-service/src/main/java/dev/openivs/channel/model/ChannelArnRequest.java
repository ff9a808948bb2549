package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The input of GetChannel and DeleteChannel ({@code GetChannelRequest}, {@code DeleteChannelRequest}). */
public record ChannelArnRequest(
        @NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
        @Pattern(regexp = Constraints.CHANNEL_ARN, message = MUST_MATCH + Constraints.CHANNEL_ARN) String arn) {

    public static final ChannelArnRequest EMPTY = new ChannelArnRequest(null);
}
