package dev.openivs.streamkey.model;

import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.LIST_1_50;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;
import static dev.openivs.aws.support.Constraints.STREAM_KEY_ARN;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * BatchGetStreamKey input: 1..50 stream-key ARNs (the model's {@code StreamKeyArnList}). A malformed ARN fails the
 * whole request with a ValidationException; a well-formed but unknown or foreign one is reported in {@code errors}.
 */
public record BatchGetStreamKeyRequest(@NotNull(message = NOT_NULL) @Size(min = 1, max = 50, message = LIST_1_50)
        List<@NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
                @Pattern(regexp = STREAM_KEY_ARN, message = MUST_MATCH + STREAM_KEY_ARN) String> arns) {

    public static final BatchGetStreamKeyRequest EMPTY = new BatchGetStreamKeyRequest(null);
}
