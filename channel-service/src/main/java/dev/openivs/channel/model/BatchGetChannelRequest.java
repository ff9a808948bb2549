package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.LIST_1_50;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * BatchGetChannel input: 1..50 ARNs. A malformed or foreign ARN is reported in {@code errors}, not refused, so one
 * bad ARN never fails the call.
 */
public record BatchGetChannelRequest(@NotNull(message = NOT_NULL) @Size(min = 1, max = 50, message = LIST_1_50)
        List<String> arns) {

    public static final BatchGetChannelRequest EMPTY = new BatchGetChannelRequest(null);
}
