package dev.openivs.streamkey.model;

import static dev.openivs.aws.support.Constraints.LIST_1_50;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** BatchGetStreamKey input: 1..50 ARNs; malformed or foreign ones are reported in {@code errors}. */
public record BatchGetStreamKeyRequest(@NotNull(message = NOT_NULL) @Size(min = 1, max = 50, message = LIST_1_50)
        List<String> arns) {

    public static final BatchGetStreamKeyRequest EMPTY = new BatchGetStreamKeyRequest(null);
}
