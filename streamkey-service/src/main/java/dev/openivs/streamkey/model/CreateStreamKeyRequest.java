package dev.openivs.streamkey.model;

import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MAX_50_TAGS;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_256;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** CreateStreamKey input. */
public record CreateStreamKeyRequest(
        @NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
        @Pattern(regexp = Constraints.CHANNEL_ARN, message = MUST_MATCH + Constraints.CHANNEL_ARN) String channelArn,
        @Size(max = 50, message = MAX_50_TAGS) Map<
                @Size(min = 1, max = 128, message = LENGTH_1_128)
                @Pattern(regexp = Constraints.TAG_KEY, message = MUST_MATCH + Constraints.TAG_KEY) String,
                @NotNull(message = NOT_NULL) @Size(max = 256, message = MAX_LENGTH_256)
                @Pattern(regexp = Constraints.TAG_VALUE, message = MUST_MATCH + Constraints.TAG_VALUE) String> tags) {

    public static final CreateStreamKeyRequest EMPTY = new CreateStreamKeyRequest(null, null);
}
